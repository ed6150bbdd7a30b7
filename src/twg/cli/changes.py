"""`twg changes BASE [HEAD]`: what a change of the data does to the published site, in words.

The data (and the hand-written pages) are read at two git revisions — HEAD left out
means the working tree — validated like a build would, and compared by
views/revisions.py. A pull request's comment is this command's Markdown.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

from twg.cli.output import markdown_report
from twg.data.dataset import DataError, load_dataset
from twg.data.model import Dataset
from twg.data.problems import Problem
from twg.render import urls
from twg.views import revisions
from twg.views.revisions import Change


class GitError(Exception):
    pass


@dataclass
class Side:
    """The data at one revision: its dataset, or the problems that stop a build."""

    label: str  # the ref as given, or 'the working tree'
    commit: str | None
    dataset: Dataset | None = None
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, bytes] = field(default_factory=dict)  # hand-written pages: path -> bytes


def _git(root: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return done.stdout


def repo_root(path: Path) -> Path:
    return Path(_git(path if path.is_dir() else path.parent, "rev-parse", "--show-toplevel").decode().strip())


def _pages(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md")) if p.is_file()}


def _load(data_dir: Path, shown_as: str) -> tuple[Dataset | None, list[Problem]]:
    try:
        return load_dataset(data_dir), []
    except DataError as err:
        prefix = str(data_dir).rstrip("/") + "/"
        return None, [Problem(shown_as + p.path[len(prefix):] if p.path.startswith(prefix) else p.path, p.line, p.field, p.message)
                      for p in err.problems]


def load_side(root: Path, ref: str | None, data_rel: str, content_rel: str, data_arg: str) -> Side:
    """The dataset at ref (None: the working tree). Problems are located as an editor finds
    the file: relative to the repository at a revision, as given on the command line for the tree."""
    if ref is None:
        side = Side("the working tree", None)
        side.dataset, side.problems = _load(root / data_rel, data_arg.rstrip("/") + "/")
        side.pages = _pages(root / content_rel)
        return side
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    side = Side(ref, commit)
    wanted = [p for p in (data_rel, content_rel) if subprocess.run(
        ["git", "-C", str(root), "cat-file", "-e", f"{commit}:{p}"], capture_output=True).returncode == 0]
    if data_rel not in wanted:
        side.problems = [Problem(data_rel, 0, "(directory)", f"there is no data directory '{data_rel}' at {ref}")]
        return side
    archive = _git(root, "archive", "--format=tar", commit, "--", *wanted)
    with tempfile.TemporaryDirectory(prefix="twg-changes-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")  # no links out, no absolute paths
        side.dataset, side.problems = _load(Path(tmp) / data_rel, data_rel.rstrip("/") + "/")
        side.pages = _pages(Path(tmp) / content_rel)
    return side


def page_url(path: str, languages: tuple[str, ...]) -> str:
    """content/<page>[.<lang>].md -> its address on the site ('about.md' -> 'about/')."""
    stem = path[: -len(".md")]
    lang = ""
    m = re.fullmatch(r"(.*)\.([a-z]{2,3})", stem)
    if m and m.group(2) in languages:
        stem, lang = m.group(1), m.group(2) + "/"
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return lang + stem
    return f"{lang}{stem}/"


def page_changes(before: Side, after: Side, content_rel: str) -> list[Change]:
    langs = after.dataset.site.languages if after.dataset else ()
    out = []
    for path in sorted({*before.pages, *after.pages}):
        a, b = before.pages.get(path), after.pages.get(path)
        if a == b:
            continue
        what = "new page" if a is None else "page removed" if b is None else "page text changed"
        diff: tuple[revisions.Segment, ...] = ()
        if a is not None and b is not None:
            diff = revisions.word_diff(a.decode("utf-8", "replace"), b.decode("utf-8", "replace"))
        out.append(Change("site", "Site", None, f"{what}: {content_rel}/{path}", page_url(path, langs), diff, "page", {"file": path}))
    return out


def compare(root: Path, base: str, head: str | None, data_dir: str, content_dir: str) -> tuple[Side, Side, list[Change]]:
    data_rel = os.path.relpath(Path(data_dir).resolve(), root)
    content_rel = os.path.relpath(Path(content_dir).resolve(), root)
    before = load_side(root, base, data_rel, content_rel, data_dir)
    after = load_side(root, head, data_rel, content_rel, data_dir)
    found: list[Change] = []
    if before.dataset and after.dataset:
        found = revisions.compare(before.dataset, after.dataset)
        found[:0] = page_changes(before, after, content_rel)  # the site's own texts come first
    return before, after, found


# ---------------------------------------------------------------------------------------------
# Output

def _sections(found: list[Change]) -> list[tuple[str, str, list[Change]]]:
    order: dict[str, tuple[str, list[Change]]] = {}
    for ch in found:
        order.setdefault(ch.section, (ch.heading, []))[1].append(ch)
    return [(sec, head, items) for sec, (head, items) in order.items()]


def _address(url: str, site_url: str | None) -> str:
    return (site_url.rstrip("/") + "/" + url) if site_url else ("/" + url)


def _describe(side: Side) -> str:
    return f"{side.label} ({side.commit[:10]})" if side.commit else side.label


def _text_diff(diff: tuple[revisions.Segment, ...]) -> str:
    return " ".join(s.text if s.op == "=" else f"[-{s.text}-]" if s.op == "-" else f"{{+{s.text}+}}" for s in diff)


def sentence_text(ch: Change) -> str:
    return ch.sentence + (" " + _text_diff(ch.diff) if ch.diff else "")


def _layout(found: list[Change]) -> Iterator[tuple[str, str, str, Change | None]]:
    """The reading order both formats share: ('section', id, heading, None), then under it
    ('round', id, round title, None) before a round's changes, and ('change', id, '', change)."""
    for sec, head, items in _sections(found):
        yield "section", sec, head, None
        current: object = object()
        for ch in items:
            if ch.round != current:
                current = ch.round
                if ch.round:
                    yield "round", sec, ch.round, None
            yield "change", sec, "", ch


def format_text(before: Side, after: Side, found: list[Change], site_url: str | None = None) -> str:
    out = [f"Changes to the site from {_describe(before)} to {_describe(after)}: {len(found) or 'none'}" + (" change(s)" if found else "")]
    for kind, sec, title, ch in _layout(found):
        if kind == "section":
            out += ["", title + (f"  {_address(urls.group(sec), site_url)}" if sec not in ("site", "rounds") else "")]
        elif kind == "round":
            out.append(f"  {title}:")
        elif ch is not None:
            out.append(f"{'    ' if ch.round else '  '}- {sentence_text(ch)}  {_address(ch.url, site_url)}")
    return "\n".join(out) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md(text: str) -> str:
    """Data text inside Markdown: no HTML, no links or emphasis, no @-mentions, one line."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("@", "&#64;")


def _md_diff(diff: tuple[revisions.Segment, ...]) -> str:
    return " ".join(md(s.text) if s.op == "=" else f"~~{md(s.text)}~~" if s.op == "-" else f"**{md(s.text)}**" for s in diff)


def format_markdown(before: Side, after: Side, found: list[Change], site_url: str | None = None) -> str:
    def link(url: str) -> str:
        return f"[{md(_address(url, None))}]({_address(url, site_url)})"

    out = ["### What this change does to the site", ""]
    if not found:
        out.append(f"Compared with {md(_describe(before))}: nothing that is published changes.")
        return "\n".join(out) + "\n"
    groups = sum(1 for sec, _, _ in _sections(found) if sec not in ("site", "rounds"))
    out.append(f"Compared with {md(_describe(before))}: {len(found)} change(s)" + (f" in {groups} group(s)." if groups else "."))
    for kind, sec, title, ch in _layout(found):
        if kind == "section":
            out += ["", f"#### {md(title)}" + (" — " + link(urls.group(sec)) if sec not in ("site", "rounds") else "")]
        elif kind == "round":
            out.append(f"- **{md(title)}**")
        elif ch is not None:
            body = md(ch.sentence) + (" " + _md_diff(ch.diff) if ch.diff else "")
            out.append(f"{'  ' if ch.round else ''}- {body} — {link(ch.url)}")
    return "\n".join(out) + "\n"


def format_problems(side: Side, fmt: str) -> str:
    head = f"The data at {_describe(side)} has {len(side.problems)} problem(s); the site cannot be built from it."
    if fmt == "markdown":
        return f"**{md(head)}**\n\n" + markdown_report(side.problems)
    if fmt == "json":
        return ""
    return head + "\n" + "\n".join(f"  {p}" for p in side.problems) + "\n"


def run(base: str, head: str | None, data_dir: str, content_dir: str, fmt: str, site_url: str | None) -> tuple[int, str]:
    root = repo_root(Path(data_dir).resolve())
    before, after, found = compare(root, base, head, data_dir, content_dir)
    broken = [s for s in (before, after) if s.problems]
    if fmt == "json":
        doc = {
            "base": {"ref": before.label, "commit": before.commit},
            "head": {"ref": after.label if head else None, "commit": after.commit},
            "valid": not broken,
            "problems": {k: [asdict(p) for p in s.problems] for k, s in (("base", before), ("head", after))},
            "changes": [{**asdict(ch), "text": sentence_text(ch), "address": _address(ch.url, site_url)} for ch in found],
        }
        return (1 if broken else 0), json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if broken:
        return 1, "\n".join(format_problems(s, fmt) for s in broken)
    text = format_markdown(before, after, found, site_url) if fmt == "markdown" else format_text(before, after, found, site_url)
    return 0, text
