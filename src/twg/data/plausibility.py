"""Facts that pass the schema but look wrong: warnings, not errors.

A data set that loads is valid; these checks read the validated model and flag what a careful
secretariat would look at twice (a delay without its reason, a meeting dated before the
previous one, a record dated after the data's as-of date, ...). Each warning names the file,
line and field, like an error. `twg validate` prints them and still succeeds; `--strict`
makes them errors. CHECKS lists every rule with what it looks for: the About page shows
that list, so it never claims a check that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from twg.data.model import Dataset, Group, PartialDate, Period, Round
from twg.data.problems import Problem, field_name

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Check:
    id: str
    description: str  # what it looks for, in plain words (shown on the About page)
    run: Callable[[Dataset], Iterator[tuple[str, Path_, str]]]  # (doc key, field path, message)


CHECKS: list[Check] = []


def check(id: str, description: str) -> Callable[[Callable[[Dataset], Iterator[tuple[str, Path_, str]]]], Any]:
    def register(fn: Callable[[Dataset], Iterator[tuple[str, Path_, str]]]) -> Any:
        CHECKS.append(Check(id, description, fn))
        return fn
    return register


def findings(ds: Dataset) -> list[tuple[str, Problem]]:
    """(check id, located warning) for the data set, in file and line order."""
    out = set()
    for c in CHECKS:
        for key, path, message in c.run(ds):
            doc = ds.docs.get(key)
            file = doc.path if doc is not None else key
            line = doc.line_of(path) if doc is not None else 1
            out.add((c.id, Problem(file, line, field_name(path), message)))
    return sorted(out, key=lambda f: (f[1], f[0]))


def warnings(ds: Dataset) -> list[Problem]:
    """Every warning for the data set, located, in file and line order."""
    return [p for _, p in findings(ds)]


# --- helpers ---------------------------------------------------------------------------------

def _gkey(g: Group) -> str:
    return f"group:{g.id}"


def _raw_list(node: Any, key: str) -> list[Any]:
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, list) else []


def _round_end(r: Round) -> PartialDate | None:
    """When a round's reporting ends: its period's end, else its meeting date."""
    return r.period.end if r.period else r.date


def _before(a: PartialDate, b: PartialDate) -> bool:
    """a lies wholly before b (partial dates are spans: 2009-09 is all of September)."""
    return a.last_day() < b.first_day()


def _overlap(a: Period, b: Period) -> bool:
    return a.start.first_day() <= b.end.last_day() and b.start.first_day() <= a.end.last_day()


def _fmt(d: PartialDate) -> str:
    return d.iso


# --- the checks ------------------------------------------------------------------------------

@check("behind-without-reason", "An activity reported behind schedule without the reason for the delay.")
def _behind_without_reason(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    for g in ds.groups:
        for i, rep in enumerate(_raw_list(g.raw, "reports")):
            for j, a in enumerate(_raw_list(rep, "activities")):
                if isinstance(a, dict) and a.get("status") == "behind_schedule" and not a.get("reason"):
                    yield (_gkey(g), ("reports", i, "activities", j, "status"),
                           f"activity '{a.get('activity')}' is behind schedule but has no reason: give the reason the report gives "
                           "(pages say 'Reason not given in the report' until then)")


def _when(raw: dict[str, Any]) -> PartialDate | None:
    """A meeting entry's date, else the end of its period (as pages sort it)."""
    if raw.get("date"):
        return PartialDate.parse(raw["date"])
    period = Period.of(raw.get("period"))
    return period.end if period else None


@check("meeting-order", "A meeting dated before the meeting listed above it, or before a meeting with a lower number.")
def _meeting_order(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    for g in ds.groups:
        dated = [(i, m, w) for i, m in enumerate(_raw_list(g.raw, "meetings")) if isinstance(m, dict) and (w := _when(m))]
        for (_, _, prev), (i1, raw, cur) in zip(dated, dated[1:], strict=False):
            if _before(cur, prev):
                yield (_gkey(g), ("meetings", i1, "date" if raw.get("date") else "period"),
                       f"this meeting ({_fmt(cur)}) is dated before the meeting listed above it ({_fmt(prev)}): "
                       "check the date, or list meetings oldest first")
        numbered = sorted(((m["number"], i, w) for i, m, w in dated if isinstance(m.get("number"), int)), key=lambda t: t[0])
        for (n0, _, prev), (n1, i1, cur) in zip(numbered, numbered[1:], strict=False):
            if _before(cur, prev):
                yield (_gkey(g), ("meetings", i1, "number"),
                       f"meeting {n1} ({_fmt(cur)}) is dated before meeting {n0} ({_fmt(prev)}): check the number or the date")


@check("after-data-as-of", "A record dated after the date the data is current to (data_as_of in site.yml, or in the group's file).")
def _after_as_of(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    site_as_of = ds.site.data_as_of
    if site_as_of is not None:
        for i, r in enumerate(ds.rounds):
            for key, what in (("date", "the round's date"), ("published", "the publication date")):
                d = getattr(r, key)
                if d is not None and _before(site_as_of, d):
                    yield ("rounds", ("rounds", i, key), f"{what} {_fmt(d)} is after data_as_of ({_fmt(site_as_of)}) in site.yml: check the date, or move data_as_of")
    for g in ds.groups:
        as_of = g.data_as_of or site_as_of
        if as_of is None:
            continue
        where = "in this file" if g.data_as_of else "in site.yml"
        late = lambda d, as_of=as_of: d is not None and _before(as_of, d)  # noqa: E731
        msg = lambda what, d, as_of=as_of, where=where: f"{what} {_fmt(d)} is after data_as_of ({_fmt(as_of)}) {where}: check the date, or move data_as_of"  # noqa: E731
        for i, m in enumerate(_raw_list(g.raw, "meetings")):
            if not isinstance(m, dict):
                continue
            d = _when(m)
            if late(d):
                yield (_gkey(g), ("meetings", i, "date" if m.get("date") else "period"), msg("the meeting's date", d))
        for i, rep in enumerate(_raw_list(g.raw, "reports")):
            p = Period.of(rep.get("period")) if isinstance(rep, dict) else None
            if p and late(p.start):
                yield (_gkey(g), ("reports", i, "period"), msg("the reporting period's start", p.start))


@check("activity-before-plan-year", "An activity reported in a round whose reporting ended before the activity's plan year began.")
def _before_plan_year(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    for g in ds.groups:
        acts = {a.id: a for a in g.activities()}
        rounds = {r.id: r for r in ds.rounds}
        for i, rep in enumerate(_raw_list(g.raw, "reports")):
            r = rounds.get(str(rep.get("round"))) if isinstance(rep, dict) else None
            p = Period.of(rep.get("period")) if isinstance(rep, dict) else None
            end = p.end if p else (_round_end(r) if r else None)
            if end is None:
                continue
            for j, a in enumerate(_raw_list(rep, "activities")):
                act = acts.get(str(a.get("activity"))) if isinstance(a, dict) else None
                if act and end.last_day() < (act.year, 1, 1):
                    yield (_gkey(g), ("reports", i, "activities", j, "activity"),
                           f"activity '{act.id}' belongs to the {act.year} action plan, but this report's period ends {_fmt(end)}: "
                           "check the activity or the round")


@check("report-period-outside-round", "A report whose reporting period does not overlap its round's reporting period.")
def _report_period(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    rounds = {r.id: r for r in ds.rounds}
    for g in ds.groups:
        for i, rep in enumerate(_raw_list(g.raw, "reports")):
            if not isinstance(rep, dict):
                continue
            r, p = rounds.get(str(rep.get("round"))), Period.of(rep.get("period"))
            if r and r.period and p and not _overlap(p, r.period):
                yield (_gkey(g), ("reports", i, "period"),
                       f"the report's period ({_fmt(p.start)} to {_fmt(p.end)}) does not overlap the period of {r.id} "
                       f"({_fmt(r.period.start)} to {_fmt(r.period.end)}): check the round or the period")


@check("round-dates", "A round held or published before its reporting period ends.")
def _round_dates(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    for i, r in enumerate(ds.rounds):
        if not r.period:
            continue
        if r.date and _before(r.date, r.period.end):
            yield ("rounds", ("rounds", i, "date"), f"{r.id} is dated {_fmt(r.date)}, before its reporting period ends ({_fmt(r.period.end)})")
        if r.published and _before(r.published, r.period.end):
            yield ("rounds", ("rounds", i, "published"), f"{r.id} was published {_fmt(r.published)}, before its reporting period ends ({_fmt(r.period.end)})")


@check("meeting-after-its-round", "A meeting said to feed into a round that was held before the meeting.")
def _meeting_round(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    rounds = {r.id: r for r in ds.rounds}
    for g in ds.groups:
        for i, m in enumerate(_raw_list(g.raw, "meetings")):
            if not isinstance(m, dict) or not m.get("round") or not m.get("date"):
                continue
            r, d = rounds.get(m["round"]), PartialDate.parse(m["date"])
            if r and r.date and _before(r.date, d):
                yield (_gkey(g), ("meetings", i, "round"), f"the meeting ({_fmt(d)}) is after {r.id} ({_fmt(r.date)}), which it is said to feed into")


@check("status-goes-back", "An activity reported completed, then reported again as not yet done in a later round.")
def _status_back(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    undone = {"on_schedule", "behind_schedule", "not_started", "ongoing"}
    for g in ds.groups:
        done_in: dict[str, str] = {}
        order = sorted(enumerate(_raw_list(g.raw, "reports")), key=lambda t: next((r.order for r in ds.rounds if isinstance(t[1], dict) and r.id == t[1].get("round")), 0))
        for i, rep in order:
            if not isinstance(rep, dict):
                continue
            for j, a in enumerate(_raw_list(rep, "activities")):
                if not isinstance(a, dict):
                    continue
                act, status = a.get("activity"), a.get("status")
                if status in undone and act in done_in:
                    yield (_gkey(g), ("reports", i, "activities", j, "status"),
                           f"activity '{act}' was reported completed at {done_in[str(act)]} and is now '{status}': check which report is right")
                if status == "completed":
                    done_in[str(act)] = str(rep.get("round"))


@check("source-without-link", "A source document listed without a link, so readers cannot look it up.")
def _source_link(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    raw = _raw_list(ds.site.raw, "sources")
    for i, s in enumerate(raw):
        if isinstance(s, dict) and not s.get("url"):
            yield ("site", ("sources", i, "url"), f"source '{s.get('id')}' has no url: give the address where readers can find the document")


@check("group-without-records", "A group with no action plan, no report and no meeting.")
def _empty_group(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    for g in ds.groups:
        if not g.action_plans and not g.reports and not g.meetings:
            yield (_gkey(g), ("id",), f"group '{g.id}' has no action plan, report or meeting: its page shows only its name")


@check("no-licence", "No licence for the data in site.yml.")
def _no_licence(ds: Dataset) -> Iterator[tuple[str, Path_, str]]:
    if ds.site.licence is None:
        yield ("site", (), "no 'licence' for the data: readers and reusers are told none is stated; add licence: {name, url}")
