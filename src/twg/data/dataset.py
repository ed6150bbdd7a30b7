"""Load a data directory: parse every file, check it against the schemas and
the cross-file rules, and build the model — collecting every problem first.

Layout of a data directory:
    site.yml            who publishes, the names used, source documents
    rounds.yml          coordination rounds (e.g. each GDCC)
    coordination.yml    optional: the coordination meetings themselves (GDCC, CDCF, ...)
    groups/<id>.yml     one working group per file
"""

from __future__ import annotations

import os
import re
import stat
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from twg.data import links, migrate, schemas
from twg.data.model import (
    Action, Activity, ActivityStatus, AgendaItem, Contact, CoordinationMeeting, Dataset, Document,
    FollowUp, Group, HarAction, Issue, Jmi, JmiProgress, Licence, Meeting, MeetingFrequency, Member,
    PartialDate, Period, Position, Report, Resources, Round, Site, Source, Subgroup, Terms,
    Text, texts,
)
from twg.data.parsestore import ParseStore
from twg.data.problems import Problem, field_name
from twg.data.yamlfile import YamlDoc, load_file


class DataError(Exception):
    """The data directory has problems; .problems lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data")


@dataclass
class _Checker:
    """Cross-file rules, reported at the line of the offending value."""

    problems: list[Problem]

    def add(self, doc: YamlDoc, path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        self.problems.append(Problem(doc.path, doc.line_of(path, key=key), field_name(path), message))

    def unique(self, doc: YamlDoc, items: Iterable[tuple[tuple[str | int, ...], Any]], what: str) -> None:
        first: dict[Any, tuple[str | int, ...]] = {}
        for path, value in items:
            if not isinstance(value, (str, int)):  # None, or a wrong type the schema reports
                continue
            if value in first:
                self.add(doc, path, f"duplicate {what} '{value}' (first used on line {doc.line_of(first[value])})")
            else:
                first[value] = path

    def ref(self, doc: YamlDoc, path: tuple[str | int, ...], value: Any, known: Iterable[Any], what: str) -> None:
        if not isinstance(value, str):  # None, or a wrong type the schema reports
            return
        known = list(known)
        if value not in known:
            shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
            self.add(doc, path, f"unknown {what} '{value}' (known: {shown or 'none'})")

    def dates(self, doc: YamlDoc, node: Any, path: tuple[str | int, ...] = ()) -> None:
        """Calendar-check every date-shaped string, and every period's order."""
        if isinstance(node, dict):
            if isinstance(node.get("from"), str) and isinstance(node.get("to"), str):
                if _is_date(node["from"]) and _is_date(node["to"]):
                    a, b = PartialDate.parse(node["from"]), PartialDate.parse(node["to"])
                    if not PartialDate.check(node["from"]) and not PartialDate.check(node["to"]) and a.first_day() > b.last_day():
                        self.add(doc, path + ("to",), f"ends ({node['to']}) before it starts ({node['from']})")
            for k, v in node.items():
                self.dates(doc, v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                self.dates(doc, v, path + (i,))
        elif isinstance(node, str) and path and path[-1] in schemas.date_fields() and _is_date(node):
            why = PartialDate.check(node)
            if why:
                self.add(doc, path, why)

    def languages(self, doc: YamlDoc, node: Any, allowed: set[str], path: tuple[str | int, ...] = ()) -> None:
        """Translation maps may only use the site's languages (catches 'kh' for 'km')."""
        if isinstance(node, dict):
            keys = list(node)
            if keys and all(isinstance(k, str) and len(k) == 2 and k.islower() for k in keys) and all(
                isinstance(v, str) for v in node.values()
            ):
                for k in keys:
                    if k not in allowed:
                        self.add(doc, path + (k,), f"language '{k}' is not one of the site's languages ({', '.join(sorted(allowed))})", key=True)
                return
            for k, v in node.items():
                self.languages(doc, v, allowed, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                self.languages(doc, v, allowed, path + (i,))


def _is_date(s: str) -> bool:
    return re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", s) is not None  # ASCII digits only (int() reads others)


def _enum(items: Iterable[Any] | None) -> Iterable[tuple[int, Any]]:
    return enumerate(items or ())


def meeting_slug(raw: dict[str, Any]) -> str:
    """A meeting's permanent address: its id, else its number, else its date."""
    if raw.get("id"):
        return str(raw["id"])
    if raw.get("number") is not None:
        return str(raw["number"])
    return str(raw.get("date") or (raw.get("period") or {}).get("to") or "undated")


def _display(path: Path) -> str:
    """Paths inside the project relative to it, others in full."""
    if path.is_absolute():
        rel = os.path.relpath(path, Path.cwd())
        return rel if not rel.startswith("..") else str(path)
    return str(path)


def _ordinary_file(path: Path, display: str, problems: list[Problem]) -> bool:
    """Data files are ordinary files inside the data directory. A symbolic link is refused
    without being followed (its target could be any file on the machine, and an error
    message would print its contents); so are folders, pipes and devices."""
    try:
        st = path.lstat()
    except OSError as exc:
        problems.append(Problem(display, 1, "(file)", f"cannot read the file: {exc.strerror}"))
        return False
    if stat.S_ISLNK(st.st_mode):
        problems.append(Problem(display, 1, "(file)", "is a symbolic link; data files must be ordinary files in the data directory (the link was not followed)"))
        return False
    if not stat.S_ISREG(st.st_mode):
        problems.append(Problem(display, 1, "(file)", "is not an ordinary file"))
        return False
    return True


def is_ignored(name: str) -> bool:
    """Hidden files and editors' lock and backup files (.#x.yml, #x.yml#, x.yml~, .x.yml.swp)."""
    return name.startswith((".", "#")) or name.endswith(("~", "#"))


def group_files(root: Path, problems: list[Problem]) -> list[Path]:
    """groups/<id>.yml (or .yaml): one file per id, ordinary files only."""
    folder = root / "groups"
    if folder.is_symlink():
        problems.append(Problem(_display(folder), 1, "(directory)", "is a symbolic link; the groups folder must be a folder in the data directory"))
        return []
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:
        problems.append(Problem(_display(folder), 1, "(directory)", f"cannot read the folder: {exc.strerror}"))
        return []
    chosen: dict[str, Path] = {}
    for name in sorted(names, key=lambda n: (n.rsplit(".", 1)[0], not n.endswith(".yml"))):
        if is_ignored(name) or not name.endswith((".yml", ".yaml")):
            continue
        path = folder / name
        if not _ordinary_file(path, _display(path), problems):
            continue
        stem = name.rsplit(".", 1)[0]
        if stem in chosen:
            problems.append(Problem(_display(path), 1, "(file)", f"a second file for the group '{stem}' beside {chosen[stem].name}; keep one of them"))
            continue
        chosen[stem] = path
    return sorted(chosen.values())


# Ids that are the address of a generated page: groups/index.md is the Groups list,
# rounds/index.md the rounds archive; a group or round of that id would replace it.
RESERVED_IDS = frozenset({"index"})


def _load(path: Path, root: Path, schema_name: str, problems: list[Problem], memo: LoadMemo | None = None,
          store: ParseStore | None = None) -> YamlDoc | None:
    display = _display(path)
    if not path.exists() and not path.is_symlink():
        problems.append(Problem(display, 1, "(file)", f"missing: a data directory needs {path.relative_to(root)}"))
        return None
    if not _ordinary_file(path, display, problems):
        return None
    st = path.stat()
    key, stamp = (str(path.resolve()), display, schema_name), (st.st_size, st.st_mtime_ns)
    hit = memo.parsed.get(key) if memo is not None else None
    if hit and hit[0] == stamp:
        problems.extend(hit[2])
        return hit[1]
    stored = store.key(path.read_bytes(), display, schema_name) if store is not None else None
    cached = store.get(stored) if store is not None and stored is not None else None
    if cached is not None:
        doc, found = cached
    else:
        doc, found = load_file(path, display)
        if doc is not None:
            # Cross-file checks still run on a document with schema problems (they only
            # look at well-shaped parts), so one run reports everything.
            found = (found + schemas.validate(doc, schema_name) + migrate.problems(doc.data, display, doc.line_of((migrate.KEY,)))
                     + _markdown_links(doc, schema_name))
        if store is not None and stored is not None:
            store.put(stored, doc, found)
    problems.extend(found)
    if memo is not None:
        memo.parsed[key] = (stamp, doc, found)
    return doc


def _markdown_links(doc: YamlDoc, schema_name: str) -> list[Problem]:
    """Every link in a Markdown field is checked against the allow-list (links.py) at its line;
    site-relative ones are kept in doc.links to check, once every file is read, that they
    lead to a page that exists."""
    found = []
    for path, text in schemas.markdown_values(doc.data, schema_name):
        start = doc.line_of(path) + (1 if path in doc.blocks else 0)
        for target in links.markdown_links(text):
            at = text.find(target)
            line = start + (text.count("\n", 0, at) if at >= 0 and path in doc.blocks else 0)
            why = links.url_problem(target)
            if why:
                found.append(Problem(doc.path, line, field_name(path), why))
            elif links.site_path(target) is not None:
                doc.links.append((path, line, target))
    return found


def _missing_pages(docs: list[YamlDoc], rounds: list[Any], groups: list[tuple[Path, YamlDoc | None]]) -> list[Problem]:
    """Site-relative links into the generated pages (groups/…, rounds/…) must name a page that
    exists; links to hand-written pages are checked by the build and the link check."""
    pages = {"groups/", "rounds/"}
    for r in rounds:
        if isinstance(r.get("id"), str):
            pages |= {f"rounds/{r['id']}/", f"rounds/{r['id']}/report.pdf"}
    for _, doc in groups:
        g = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        if isinstance(g.get("id"), str):
            pages.add(f"groups/{g['id']}/")
            pages |= {f"groups/{g['id']}/meetings/{meeting_slug(m)}/" for _, m in _safe_dicts(g.get("meetings"))}
    found = []
    for doc in docs:
        for path, line, target in doc.links:
            page = links.site_path(target) or ""
            if page.split("/")[0] in ("groups", "rounds") and page not in pages and page + "/" not in pages:
                found.append(Problem(doc.path, line, field_name(path), f"the link '{target}' leads to no page of this site (no group, round or meeting has that address)"))
    return found


def _load_one(path: Path, root: Path, store: ParseStore | None = None) -> tuple[YamlDoc | None, list[Problem]]:
    found: list[Problem] = []
    return _load(path, root, "group", found, store=store), found


def _load_groups(paths: list[Path], root: Path, problems: list[Problem], memo: LoadMemo | None,
                 store: ParseStore | None = None) -> list[tuple[Path, YamlDoc | None]]:
    """Parse and schema-check the group files, in forked processes when there are many (a
    15-year archive is 17 MB of YAML: parsing is most of loading, and the files are
    independent). `twg serve` (memo) parses only changed files, in its own process."""
    import multiprocessing

    jobs = min(len(paths) // 4, int(os.environ.get("TWG_JOBS") or os.cpu_count() or 1))
    if memo is not None or jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [(p, _load(p, root, "group", problems, memo, store)) for p in paths]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"), initializer=_quiet_worker) as pool:
        results = list(pool.map(_load_one, paths, [root] * len(paths), [store] * len(paths)))
    out = []
    for path, (doc, found) in zip(paths, results, strict=True):  # in file order, as the serial load reports
        problems.extend(found)
        out.append((path, doc))
    return out


def _quiet_worker() -> None:
    """A parsing worker leaves stopping to its parent: Ctrl-C (sent to the whole process group)
    and the parent's own signal handlers must not print a traceback from every worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@dataclass
class LoadMemo:
    """What `twg serve` remembers between loads of one data directory (a build passes none).

    parsed:  a file whose size and mtime did not change is not parsed and schema-checked again
             (the cross-file checks and the model still cover every file);
    checked: a group file's own checks, while the file and what it refers to are unchanged;
    models:  the model of an unchanged group (same parsed document, same rounds) is the same
             object as before, so the page memo (outputs/pages.py) recognises it by identity
             instead of comparing thousands of meetings.
    """

    parsed: dict[tuple[str, str, str], tuple[tuple[int, int], YamlDoc | None, list[Problem]]] = field(default_factory=dict)
    checked: dict[str, tuple[YamlDoc, tuple[Any, ...], list[Problem]]] = field(default_factory=dict)
    models: dict[str, tuple[YamlDoc, tuple[Round, ...], str, Group]] = field(default_factory=dict)


def _safe_dicts(items: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, x) for i, x in enumerate(items if isinstance(items, list) else []) if isinstance(x, dict)]


def load_dataset(data_dir: str | Path, memo: LoadMemo | None = None, store: ParseStore | None = None) -> Dataset:
    """Load and check a whole data directory; raise DataError listing every problem.
    memo (`twg serve`) keeps the work done for files that did not change since the last load;
    store (parsestore.py) each file's parse and own checks between builds."""
    root = Path(data_dir)
    problems: list[Problem] = []
    check = _Checker(problems)
    site_doc = _load(root / "site.yml", root, "site", problems, memo, store)
    rounds_doc = _load(root / "rounds.yml", root, "rounds", problems, memo, store)
    coord_doc = _load(root / "coordination.yml", root, "coordination", problems, memo, store) if (root / "coordination.yml").exists() else None
    group_paths = group_files(root, problems)
    if not group_paths and not problems:
        problems.append(Problem(str(root / "groups"), 1, "(directory)", "no group files (groups/<id>.yml) found"))
    group_docs = _load_groups(group_paths, root, problems, memo, store)

    site_raw = site_doc.data if site_doc and isinstance(site_doc.data, dict) else {}
    languages = [code for code in site_raw.get("languages", []) if isinstance(code, str)] or ["en"]
    # ids as written; a wrongly typed one (a list, a number) is the schema's to report, not a key here
    source_ids = [s["id"] for _, s in _safe_dicts(site_raw.get("sources")) if isinstance(s.get("id"), str)]
    if site_doc:
        check.unique(site_doc, ((("sources", i, "id"), s.get("id")) for i, s in _safe_dicts(site_raw.get("sources"))), "source id")
        _check_languages(check, site_doc, site_raw.get("languages"))
        check.dates(site_doc, site_raw)
    rounds_raw = rounds_doc.data.get("rounds", []) if rounds_doc and isinstance(rounds_doc.data, dict) else []
    round_list = _safe_dicts(rounds_raw)
    round_ids = [r["id"] for _, r in round_list if isinstance(r.get("id"), str)]
    if rounds_doc:
        _check_rounds(check, rounds_doc, round_list, source_ids)
        check.languages(rounds_doc, rounds_doc.data, set(languages))

    coord_list = _safe_dicts(coord_doc.data.get("meetings")) if coord_doc and isinstance(coord_doc.data, dict) else []
    coord_ids = [c["id"] for _, c in coord_list if isinstance(c.get("id"), str)]
    if coord_doc:
        _check_coordination(check, coord_doc, coord_list, round_ids, source_ids)
        check.languages(coord_doc, coord_doc.data, set(languages))

    seen_numbers: dict[int, str] = {}
    for path, doc in group_docs:
        if doc is None or not isinstance(doc.data, dict):
            continue
        num = doc.data.get("number")
        if isinstance(num, int) and not isinstance(num, bool):  # the one rule across group files
            if num in seen_numbers:
                check.add(doc, ("number",), f"number {num} is already used by {seen_numbers[num]}")
            else:
                seen_numbers[num] = doc.path
        problems.extend(_group_problems(doc, path, round_ids, source_ids, languages, memo, coord_ids))
    if site_doc:
        check.languages(site_doc, site_raw, set(languages))
    read = [d for d in (site_doc, rounds_doc, *(d for _, d in group_docs)) if d is not None]
    problems.extend(_missing_pages(read, [r for _, r in round_list], group_docs))

    if problems:
        raise DataError(problems)
    assert site_doc and rounds_doc
    ds = _build(site_doc.data, round_list, [(p, d) for p, d in group_docs if d is not None], root, memo, coord_list)
    docs: dict[str, YamlDoc] = {"site": site_doc, "rounds": rounds_doc}
    if coord_doc is not None:
        docs["coordination"] = coord_doc
    docs.update((f"group:{d.data['id']}", d) for _, d in group_docs if d is not None)
    return dataclasses.replace(ds, docs=docs)


def _check_languages(check: _Checker, doc: YamlDoc, languages: Any) -> None:
    """Each language is built once, at its own address: no repeats, and codes Babel knows
    (dates, numbers and the language's own name come from its locale data)."""
    from babel import Locale, UnknownLocaleError

    if not isinstance(languages, list):
        return
    check.unique(doc, ((("languages", i), code) for i, code in enumerate(languages) if isinstance(code, str)), "language")
    for i, code in enumerate(languages):
        if isinstance(code, str) and re.fullmatch(r"[a-z]{2}", code):
            try:
                Locale.parse(code)
            except (UnknownLocaleError, ValueError):
                check.add(doc, ("languages", i), f"'{code}' is not a known language code (ISO 639-1, e.g. en, km, lo)")


def _check_rounds(check: _Checker, doc: YamlDoc, rounds: list[tuple[int, dict[str, Any]]], source_ids: list[Any]) -> None:
    check.unique(doc, ((("rounds", i, "id"), r.get("id")) for i, r in rounds), "round id")
    for i, r in rounds:
        if isinstance(r.get("id"), str) and r["id"] in RESERVED_IDS:
            check.add(doc, ("rounds", i, "id"), f"'{r['id']}' is the address of the generated archive of rounds; choose another id")
    check.unique(doc, ((("rounds", i, "number"), r.get("number")) for i, r in rounds), "round number")
    check.dates(doc, doc.data)
    previous: tuple[int, str] | None = None
    for i, r in rounds:
        check.ref(doc, ("rounds", i, "source"), r.get("source"), source_ids, "source")
        when = r.get("date") or (r.get("period") or {}).get("to")
        if isinstance(when, str) and _is_date(when) and not PartialDate.check(when):
            if previous is not None:
                j, prev_when = previous
                if PartialDate.parse(when).last_day() < PartialDate.parse(prev_when).first_day():
                    check.add(doc, ("rounds", i), f"rounds must be listed oldest first: this one ({when}) is earlier than the one on line {doc.line_of(('rounds', j))}")
            previous = (i, when)


def _group_problems(doc: YamlDoc, path: Path, round_ids: list[Any], source_ids: list[Any], languages: list[str], memo: LoadMemo | None = None,
                    coord_ids: list[Any] = ()) -> list[Problem]:  # type: ignore[assignment]
    """The rules within one group file (its references to rounds, sources and coordination meetings included)."""
    key = (tuple(map(str, round_ids)), tuple(map(str, source_ids)), tuple(languages), tuple(map(str, coord_ids)))
    hit = memo.checked.get(str(path)) if memo is not None else None
    if hit and hit[0] is doc and hit[1] == key:
        return hit[2]
    found: list[Problem] = []
    check = _Checker(found)
    _check_group(check, doc, path, round_ids, source_ids, list(coord_ids))
    check.languages(doc, doc.data, set(languages))
    if memo is not None:
        memo.checked[str(path)] = (doc, key, found)
    return found


def _check_group(check: _Checker, doc: YamlDoc, path: Path, round_ids: list[Any], source_ids: list[Any], coord_ids: list[Any] | None = None) -> None:
    g = doc.data
    if isinstance(g.get("id"), str) and g["id"] != path.stem:
        check.add(doc, ("id",), f"must be '{path.stem}', the file's name without .yml (or rename the file to {g['id']}.yml)")
    elif isinstance(g.get("id"), str) and g["id"] in RESERVED_IDS:
        check.add(doc, ("id",), f"'{g['id']}' is the address of the generated list of groups; choose another id (and rename the file)")
    check.dates(doc, g)
    for key in ("source", "name_source"):
        check.ref(doc, (key,), g.get(key), source_ids, "source")
    plans = _safe_dicts(g.get("action_plans"))
    check.unique(doc, ((("action_plans", i, "year"), p.get("year")) for i, p in plans), "action-plan year")
    activity_ids: list[Any] = []
    act_paths: list[tuple[tuple[str | int, ...], Any]] = []
    for i, p in plans:
        check.ref(doc, ("action_plans", i, "source"), p.get("source"), source_ids, "source")
        for j, a in _safe_dicts(p.get("activities")):
            act_paths.append((("action_plans", i, "activities", j, "id"), a.get("id")))
            activity_ids.append(a.get("id"))
    check.unique(doc, act_paths, "activity id")
    jmis = _safe_dicts(g.get("jmis"))
    check.unique(doc, ((("jmis", i, "id"), j.get("id")) for i, j in jmis), "indicator id")
    jmi_ids = [j.get("id") for _, j in jmis]
    reports = _safe_dicts(g.get("reports"))
    check.unique(doc, ((("reports", i, "round"), r.get("round")) for i, r in reports), "report for round")
    order = {rid: n for n, rid in enumerate(round_ids)}
    last = -1
    for i, r in reports:
        base = ("reports", i)
        check.ref(doc, base + ("round",), r.get("round"), round_ids, "round")
        _check_sources(check, doc, base, r, source_ids, required=False)
        seq = order.get(r.get("round"), None)
        if seq is not None:
            if seq < last:
                check.add(doc, base + ("round",), "reports must be listed in the order of rounds.yml, oldest first")
            last = max(last, seq)
        statuses = _safe_dicts(r.get("activities"))
        check.unique(doc, (((*base, "activities", j, "activity"), s.get("activity")) for j, s in statuses), "activity in this report")
        for j, s in statuses:
            check.ref(doc, base + ("activities", j, "activity"), s.get("activity"), activity_ids, "activity")
        for j, p in _safe_dicts(r.get("jmis")):
            check.ref(doc, base + ("jmis", j, "jmi"), p.get("jmi"), jmi_ids, "indicator")
        issues: dict[str, Any] = r["issues"] if isinstance(r.get("issues"), dict) else {}
        if issues.get("status") == "raised" and not issues.get("items"):
            check.add(doc, base + ("issues", "status"), "status is 'raised' but no issue is listed under 'items'")
        if issues.get("status") == "none" and issues.get("items"):
            check.add(doc, base + ("issues", "status"), "status is 'none' but issues are listed; use 'raised' (or 'not_confirmed')")
    _check_sources(check, doc, (), g, source_ids, required=False)
    for key in ("chairs", "partners"):
        for i, pos in _safe_dicts(g.get(key)):
            _check_sources(check, doc, (key, i), pos, source_ids, required=False)
            role = pos.get("role")
            if key == "chairs" and role in ("lead_facilitator", "co_facilitator"):
                check.add(doc, (key, i, "role"), f"'{role}' is a development partner's role: list it under 'partners'")
            if key == "partners" and role in ("chair", "co_chair", "vice_chair"):
                check.add(doc, (key, i, "role"), f"'{role}' is a chair's role: list it under 'chairs'")
    freq = g.get("meeting_frequency") if isinstance(g.get("meeting_frequency"), dict) else {}
    check.ref(doc, ("meeting_frequency", "source"), freq.get("source"), source_ids, "source")
    actions: dict[str, tuple[tuple[str | int, ...], Any]] = {}  # action id -> (path, agreed-at meeting)
    meetings = _safe_dicts(g.get("meetings"))
    _check_meetings(check, doc, ("meetings",), meetings, round_ids, source_ids, coord_ids or [], actions)
    subgroups = _safe_dicts(g.get("subgroups"))
    check.unique(doc, ((("subgroups", i, "id"), sg.get("id")) for i, sg in subgroups), "sub-group id")
    slugs = [meeting_slug(m) for _, m in meetings]
    for i, sg in subgroups:
        base = ("subgroups", i)
        _check_sources(check, doc, base, sg, source_ids, required=False)
        for j, pos in _safe_dicts(sg.get("chairs")):
            _check_sources(check, doc, base + ("chairs", j), pos, source_ids, required=False)
        at = sg.get("established_at")
        if at is not None and str(at) not in slugs:
            check.add(doc, base + ("established_at",), f"no meeting '{at}' in this group's meetings (known: {', '.join(slugs) or 'none'})")
        sub_meetings = _safe_dicts(sg.get("meetings"))
        if sub_meetings and not sg.get("id"):
            check.add(doc, base, "a sub-group with meetings needs an 'id' (its meetings are shown on its own page)")
        _check_meetings(check, doc, base + ("meetings",), sub_meetings, round_ids, source_ids, coord_ids or [], actions)
    _check_follow_ups(check, doc, ("meetings",), meetings, actions)
    for i, sg in subgroups:
        _check_follow_ups(check, doc, ("subgroups", i, "meetings"), _safe_dicts(sg.get("meetings")), actions)


def _check_sources(check: _Checker, doc: YamlDoc, base: tuple[str | int, ...], node: dict[str, Any], source_ids: list[Any], *, required: bool) -> None:
    """'source' and/or 'sources' point at listed documents; a record that needs one has one."""
    check.ref(doc, base + ("source",), node.get("source"), source_ids, "source")
    for k, sid in _enum(node.get("sources") if isinstance(node.get("sources"), list) else []):
        check.ref(doc, base + ("sources", k), sid, source_ids, "source")
    if required and not node.get("source") and not node.get("sources"):
        check.add(doc, base + ("source",), "missing required field 'source' (the id of the document these facts come from; or list several under 'sources')")


def _check_meetings(check: _Checker, doc: YamlDoc, base: tuple[str | int, ...], meetings: list[tuple[int, dict[str, Any]]],
                    round_ids: list[Any], source_ids: list[Any], coord_ids: list[Any], actions: dict[str, tuple[tuple[str | int, ...], Any]]) -> None:
    check.unique(doc, (((*base, i), meeting_slug(m)) for i, m in meetings), "meeting address (number or date; set an 'id' to tell them apart)")
    check.unique(doc, (((*base, i, "number"), m.get("number")) for i, m in meetings), "meeting number")
    for i, m in meetings:
        path = (*base, i)
        check.ref(doc, path + ("round",), m.get("round"), round_ids, "round")
        check.ref(doc, path + ("fed_into",), m.get("fed_into"), coord_ids, "coordination meeting (an id in coordination.yml)")
        _check_sources(check, doc, path, m, source_ids, required=True)
        if not m.get("date") and not m.get("period"):
            check.add(doc, path, "a meeting needs a 'date' (or, if the exact date is unknown, a 'period')")
        _check_meeting_body(check, doc, path, m, source_ids, actions)


def _check_meeting_body(check: _Checker, doc: YamlDoc, path: tuple[str | int, ...], m: dict[str, Any], source_ids: list[Any],
                        actions: dict[str, tuple[tuple[str | int, ...], Any]] | None) -> None:
    """Agenda item ids, the actions' ids and agenda references, documents' sources."""
    item_ids: list[tuple[tuple[str | int, ...], Any]] = []
    found: list[tuple[tuple[str | int, ...], dict[str, Any]]] = []

    def walk(items: Any, at: tuple[str | int, ...]) -> None:
        for k, it in _safe_dicts(items):
            item_ids.append(((*at, k, "id"), it.get("id")))
            found.extend(((*at, k, "actions", n), a) for n, a in _safe_dicts(it.get("actions")) if "text" in a)
            walk(it.get("items"), (*at, k, "items"))

    walk(m.get("agenda"), path + ("agenda",))
    check.unique(doc, item_ids, "agenda item id")
    found.extend((path + ("decisions", n), d) for n, d in _safe_dicts(m.get("decisions")) if "text" in d)
    known_items = [v for _, v in item_ids if v is not None]
    for at, a in found:
        if a.get("item") is not None:
            check.ref(doc, at + ("item",), a.get("item"), known_items, "agenda item of this meeting")
        aid = a.get("id")
        if actions is not None and isinstance(aid, str):
            if aid in actions:
                check.add(doc, at + ("id",), f"duplicate action id '{aid}' (first used on line {doc.line_of(actions[aid][0])})")
            else:
                actions[aid] = (at + ("id",), m)
    for k, d in _safe_dicts(m.get("documents")):
        check.ref(doc, path + ("documents", k, "source"), d.get("source"), source_ids, "source")


def _when(m: dict[str, Any]) -> PartialDate | None:
    raw = m.get("date") or (m.get("period") or {}).get("to")
    if isinstance(raw, str) and _is_date(raw) and not PartialDate.check(raw):
        return PartialDate.parse(raw)
    return None


def _check_follow_ups(check: _Checker, doc: YamlDoc, base: tuple[str | int, ...], meetings: list[tuple[int, dict[str, Any]]],
                      actions: dict[str, tuple[tuple[str | int, ...], Any]]) -> None:
    """A follow-up names an action agreed at an earlier meeting of the group."""
    for i, m in meetings:
        for k, f in _safe_dicts(m.get("follow_up")):
            at = (*base, i, "follow_up", k, "action")
            aid = f.get("action")
            if aid is None:
                continue
            if aid not in actions:
                check.ref(doc, at, aid, list(actions), "action (give the action an 'id' where it was agreed)")
                continue
            agreed_at, agreed = actions[aid]
            if agreed is m:
                check.add(doc, at, f"action '{aid}' was agreed at this same meeting; give its status there instead of a follow-up")
                continue
            a, b = _when(agreed), _when(m)
            if a and b and b.last_day() < a.first_day():
                check.add(doc, at, f"action '{aid}' was agreed later ({a.iso}, line {doc.line_of(agreed_at)}) than this meeting ({b.iso})")


def _check_coordination(check: _Checker, doc: YamlDoc, items: list[tuple[int, dict[str, Any]]], round_ids: list[Any], source_ids: list[Any]) -> None:
    check.unique(doc, ((("meetings", i, "id"), c.get("id")) for i, c in items), "coordination meeting id")
    check.dates(doc, doc.data)
    for i, c in items:
        path = ("meetings", i)
        check.ref(doc, path + ("round",), c.get("round"), round_ids, "round")
        _check_sources(check, doc, path, c, source_ids, required=True)
        if not c.get("date") and not c.get("period"):
            check.add(doc, path, "a meeting needs a 'date' (or, if the exact date is unknown, a 'period')")
        _check_meeting_body(check, doc, path, c, source_ids, None)


def _t(raw: Any, lang: str) -> Text | None:
    return Text.of(raw, lang)


def _date(raw: Any) -> PartialDate | None:
    return PartialDate.parse(raw) if raw else None


def _build(site_raw: dict[str, Any], round_list: list[tuple[int, dict[str, Any]]], group_docs: list[tuple[Path, YamlDoc]], root: Path, memo: LoadMemo | None = None,
           coord_list: list[tuple[int, dict[str, Any]]] = ()) -> Dataset:  # type: ignore[assignment]
    lang = site_raw["languages"][0]
    t: Callable[[Any], Text | None] = lambda raw: _t(raw, lang)
    terms = site_raw["terms"]
    site = Site(
        title=t(site_raw["title"]),  # type: ignore[arg-type]
        description=t(site_raw.get("description")),
        country=t(site_raw["country"]),  # type: ignore[arg-type]
        government=t(site_raw.get("government")),
        coordinator_name=t(site_raw["coordinator"]["name"]),  # type: ignore[arg-type]
        coordinator_short=t(site_raw["coordinator"].get("short_name")),
        coordinator_url=site_raw["coordinator"].get("url"),
        terms=Terms(**{k: t(terms[k]) for k in ("group", "groups", "group_short", "round", "round_short", "committee")}),  # type: ignore[arg-type]
        languages=tuple(site_raw["languages"]),
        dormant_after_months=int(site_raw.get("dormant_after_months", 12)),
        data_as_of=_date(site_raw.get("data_as_of")),
        sources={
            s["id"]: Source(s["id"], t(s["title"]), t(s.get("publisher")), _date(s.get("date")), s.get("url"))  # type: ignore[arg-type]
            for s in site_raw.get("sources", [])
        },
        publisher=t((site_raw.get("publisher") or {}).get("name")),
        publisher_url=(site_raw.get("publisher") or {}).get("url"),
        contact=Contact(t(c.get("name")), c.get("email"), c.get("url")) if (c := site_raw.get("contact")) else None,
        licence=Licence(t(lic["name"]), lic["url"], lic.get("id"), t(lic.get("attribution")), t(lic.get("note"))) if (lic := site_raw.get("licence")) else None,  # type: ignore[arg-type]
        raw=site_raw,
    )
    rounds = tuple(
        Round(
            id=r["id"], number=r.get("number"), title=t(r["title"]), date=_date(r.get("date")),  # type: ignore[arg-type]
            period=Period.of(r.get("period")), published=_date(r.get("published")),
            summary=t(r.get("summary")), source=r.get("source"), order=n, raw=r,
        )
        for n, (_, r) in enumerate(round_list)
    )
    by_round = {r.id: r for r in rounds}
    groups = [_group_model(doc, path, rounds, by_round, lang, memo) for path, doc in group_docs]
    groups.sort(key=lambda g: (g.number is None, g.number or 0, g.id))
    coordination = tuple(_coordination_meeting(c, by_round, lang) for _, c in coord_list)
    coordination = tuple(sorted(coordination, key=lambda c: c.when.first_day()))
    return Dataset(site=site, rounds=rounds, groups=tuple(groups), files={g.id: g.file for g in groups}, coordination=coordination)


def _sources(raw: dict[str, Any]) -> tuple[str, ...]:
    """'source' first, then 'sources', without repeats."""
    out = [raw["source"]] if raw.get("source") else []
    out += [s for s in raw.get("sources") or [] if s not in out]
    return tuple(out)


def _action(raw: Any, lang: str, key: str) -> Action | Text:
    if not isinstance(raw, dict) or "text" not in raw:
        return _t(raw, lang)  # type: ignore[return-value]
    return Action(
        key=f"action-{raw['id']}" if raw.get("id") else key,  # ids are unique in the group's file
        id=raw.get("id"), text=_t(raw["text"], lang),  # type: ignore[arg-type]
        responsible=_t(raw.get("responsible"), lang), due=_date(raw.get("due")), status=raw.get("status"), item=raw.get("item"),
    )


class _Keys:
    """Page anchors for a meeting's unnamed agenda items and actions, in document order
    (prefixed on a sub-group's page, which shows all its meetings)."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix, self.actions = prefix, 0

    def action(self) -> str:
        self.actions += 1
        return f"{self.prefix}action-{self.actions}"


def _agenda(items: Any, lang: str, keys: _Keys, prefix: str = "") -> tuple[AgendaItem, ...]:
    out = []
    for n, raw in enumerate(items or (), start=1):
        key = f"{prefix or keys.prefix + 'item'}-{n}"
        if not isinstance(raw, dict) or "title" not in raw:
            out.append(AgendaItem(key, None, None, None, _t(raw, lang), None, None, (), (), None))  # type: ignore[arg-type]
            continue
        key = f"{keys.prefix}item-{raw['id']}" if raw.get("id") else key
        out.append(AgendaItem(
            key=key, id=raw.get("id"), number=raw.get("number"), minutes_number=raw.get("minutes_number"),
            title=_t(raw["title"], lang), presenter=_t(raw.get("presenter"), lang),  # type: ignore[arg-type]
            description=_t(raw.get("description"), lang),
            items=_agenda(raw.get("items"), lang, keys, key),
            actions=tuple(_action(a, lang, keys.action()) for a in raw.get("actions") or ()),
            outcome=_t(raw.get("outcome"), lang),
        ))
    return tuple(out)


def _documents(raw: Any, lang: str) -> tuple[Document, ...]:
    return tuple(
        Document(_t(d["title"], lang), d.get("url"), d.get("kind"), _date(d.get("date")), d.get("source"))  # type: ignore[arg-type]
        for d in raw or ()
    )


def _meeting(m: dict[str, Any], group_id: str, rounds: dict[str, Round], lang: str, subgroup_id: str | None = None) -> Meeting:
    t: Callable[[Any], Text | None] = lambda raw: _t(raw, lang)
    keys = _Keys(f"meeting-{meeting_slug(m)}-" if subgroup_id else "")
    agenda = _agenda(m.get("agenda"), lang, keys)
    return Meeting(
        slug=meeting_slug(m), group_id=group_id, number=m.get("number"), date=_date(m.get("date")),
        period=Period.of(m.get("period")), kind=m.get("kind"), title=t(m.get("title")),
        location=t(m.get("location")), chair=t(m.get("chair")),
        round=rounds[m["round"]] if m.get("round") else None, summary=t(m.get("summary")),
        agenda=agenda, decisions=tuple(_action(d, lang, keys.action()) for d in m.get("decisions") or ()),
        attendance=dict(m.get("attendance") or {}),
        documents=_documents(m.get("documents"), lang),
        sources=_sources(m), time=m.get("time"), minutes=m.get("minutes"),
        follow_up=tuple(FollowUp(f["action"], f["status"], t(f.get("note"))) for f in m.get("follow_up") or ()),
        fed_into=m.get("fed_into"), subgroup_id=subgroup_id,
    )


def _sorted_meetings(ms: list[Meeting]) -> tuple[Meeting, ...]:
    return tuple(sorted(ms, key=lambda m: (m.when.last_day(), m.number or 0), reverse=True))


def _positions(raw: Any, lang: str) -> tuple[Position, ...]:
    return tuple(
        Position(p["role"], _t(p.get("institution"), lang), _t(p.get("person"), lang), _t(p.get("title"), lang),
                 _date(p.get("from")), _date(p.get("to")), _date(p.get("as_of")), _sources(p))
        for p in raw or ()
    )


def _coordination_meeting(c: dict[str, Any], rounds: dict[str, Round], lang: str) -> CoordinationMeeting:
    t: Callable[[Any], Text | None] = lambda raw: _t(raw, lang)
    keys = _Keys()
    agenda = _agenda(c.get("agenda"), lang, keys)
    return CoordinationMeeting(
        id=c["id"], body=c["body"], number=c.get("number"), title=t(c["title"]),  # type: ignore[arg-type]
        date=_date(c.get("date")), period=Period.of(c.get("period")), time=c.get("time"),
        location=t(c.get("location")), chair=t(c.get("chair")),
        round=rounds[c["round"]] if c.get("round") else None, summary=t(c.get("summary")), agenda=agenda,
        decisions=tuple(_action(d, lang, keys.action()) for d in c.get("decisions") or ()),
        documents=_documents(c.get("documents"), lang), minutes=c.get("minutes"), sources=_sources(c),
    )


def _group_model(doc: YamlDoc, path: Path, rounds: tuple[Round, ...], by_round: dict[str, Round], lang: str, memo: LoadMemo | None = None) -> Group:
    if memo is None:
        return _build_group(doc, path, by_round, lang)
    hit = memo.models.get(str(path))
    if hit and hit[0] is doc and hit[1] == rounds and hit[2] == lang:
        return hit[3]
    group = _build_group(doc, path, by_round, lang)
    memo.models[str(path)] = (doc, rounds, lang, group)
    return group


def _build_group(doc: YamlDoc, path: Path, rounds: dict[str, Round], lang: str) -> Group:
    g = doc.data
    t: Callable[[Any], Text | None] = lambda raw: _t(raw, lang)
    plans: dict[int, tuple[Activity, ...]] = {}
    for p in sorted(g.get("action_plans", []), key=lambda p: p["year"]):
        plans[p["year"]] = tuple(
            Activity(a["id"], t(a["title"]), t(a.get("area")), t(a.get("schedule")), p["year"],  # type: ignore[arg-type]
                     t(a.get("responsible")), t(a.get("output_indicator")))
            for a in p["activities"]
        )
    acts = {a.id: a for acts in plans.values() for a in acts}
    jmis = tuple(
        Jmi(j["id"], j.get("code"), t(j["title"]), t(j.get("timeframe")), t(j.get("unit")), j.get("baseline"), j.get("target"), t(j.get("agreed")))  # type: ignore[arg-type]
        for j in g.get("jmis", [])
    )
    jmi_by_id = {j.id: j for j in jmis}
    reports = []
    for r in g.get("reports", []):
        issues = r.get("issues") or {}
        res = r.get("resources")
        reports.append(Report(
            round=rounds[r["round"]],
            period=Period.of(r.get("period")),
            source=r["source"],
            activities=tuple(
                ActivityStatus(acts[s["activity"]], s["status"], t(s.get("note")), t(s.get("progress")), t(s.get("reason")), t(s.get("recommendation")), t(s.get("title")))
                for s in r.get("activities", [])
            ),
            progress=t(r.get("progress")),
            challenges=t(r.get("challenges")),
            recommendations=texts(r.get("recommendations"), lang),
            issues_status=issues.get("status"),
            issues=tuple(Issue(i.get("id"), t(i.get("issue")), t(i.get("need"))) for i in issues.get("items", []) or []),
            resources=Resources(res["sufficiency"], t(res.get("reasons")), t(res.get("challenges")), t(res.get("solutions")), t(res.get("details")), t(res.get("support_requested"))) if res else None,
            jmis=tuple(
                JmiProgress(jmi_by_id[p["jmi"]], p.get("actual"), t(p.get("status")), t(p.get("constraints")), t(p.get("recommendation")))
                for p in r.get("jmis", [])
            ),
            har_actions=tuple(HarAction(t(h["section"]), t(h["action_taken"]), t(h.get("constraints"))) for h in r.get("har_actions", [])),  # type: ignore[arg-type]
            sources=_sources(r),
        ))
    reports.sort(key=lambda rep: rep.round.order)
    meetings = _sorted_meetings([_meeting(m, g["id"], rounds, lang) for m in g.get("meetings", []) or []])
    subgroups = tuple(
        Subgroup(
            id=sg.get("id"), name=t(sg["name"]), description=t(sg.get("description")),  # type: ignore[arg-type]
            chairs=_positions(sg.get("chairs"), lang), chair=t(sg.get("chair")),
            members=tuple(Member(t(m["name"]), m.get("constituency")) for m in sg.get("members", []) or []),  # type: ignore[arg-type]
            mandate=t(sg.get("mandate")), established=_date(sg.get("established")),
            founding_decision=t(sg.get("founding_decision")),
            established_at=str(sg["established_at"]) if sg.get("established_at") is not None else None,
            active=sg.get("active", True),
            meetings=_sorted_meetings([_meeting(m, g["id"], rounds, lang, sg.get("id")) for m in sg.get("meetings", []) or []]),
            sources=_sources(sg),
        )
        for sg in g.get("subgroups", []) or []
    )
    freq = g.get("meeting_frequency")
    return Group(
        id=g["id"], file=doc.path, number=g.get("number"), short_name=t(g["short_name"]), name=t(g["name"]),  # type: ignore[arg-type]
        sector=t(g.get("sector")), active=g.get("active", True), chair=t(g.get("chair")),
        lead_partners=texts(g.get("lead_partners"), lang), secretariat=t(g.get("secretariat")),
        contact={k: (t(v) if k == "name" else v) for k, v in (g.get("contact") or {}).items()},  # name is translatable
        members=tuple(Member(t(m["name"]), m.get("constituency")) for m in g.get("members", []) or []),  # type: ignore[arg-type]
        subgroups=subgroups,
        mandate=t(g.get("mandate")), strategies=texts(g.get("strategies"), lang), source=g["source"],
        action_plans=plans, jmis=jmis, reports=tuple(reports), meetings=meetings,
        chairs=_positions(g.get("chairs"), lang), partners=_positions(g.get("partners"), lang),
        established=_date(g.get("established")), founding_decision=t(g.get("founding_decision")),
        meeting_frequency=MeetingFrequency(freq["per_year"], t(freq.get("text")), _date(freq.get("since")), freq.get("source")) if freq else None,
        minutes=g.get("minutes"), sources=_sources(g), data_as_of=_date(g.get("data_as_of")),
        name_source=g.get("name_source"), raw=g,
    )
