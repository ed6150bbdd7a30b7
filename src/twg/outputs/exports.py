"""Open-data downloads: CSV tables and the normalised dataset as JSON.

Pure functions of the Dataset (no mkdocs): the build writes their output into
the site under downloads/. Column names and order are a public interface —
add columns at the end, never rename or reorder (documented on the Downloads page).
Translated text is exported in the site's default language in CSV; JSON keeps
every language.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Iterable, Iterator

from twg.outputs import columns, datapackage
from twg.render import urls
from twg.data.model import Activity, Dataset, Group, Meeting, Report, Round, Text

# table -> [(column, description)]: the columns are defined, with their schema fields, in columns.py
COLUMNS: dict[str, list[tuple[str, str]]] = {t: [(c.name, c.description) for c in cols] for t, cols in columns.TABLES.items()}
TABLES = tuple(COLUMNS)


def _en(ds: Dataset) -> Callable[[Text | None], str]:
    lang = ds.site.default_language
    return lambda t: "" if t is None else t.get(lang, lang)[0]


def _report_rows(ds: Dataset, table: str, items: Iterable[tuple[Group, Report]]) -> Iterator[dict[str, Any]]:
    s = _en(ds)
    for g, rep in items:
        base = {"round_id": rep.round.id, "group_id": g.id, "group": s(g.short_name)}
        published = {"round_published": rep.round.published.iso if rep.round.published else ""}
        if table == "activities":
            for a in rep.activities:
                yield base | _activity(s, a.activity) | {
                    "status": a.status, "reason": s(a.reason), "note": s(a.note),
                    "progress": s(a.progress), "recommendation": s(a.recommendation),
                    "activity_in_report": s(a.wording),
                } | published
        elif table == "issues":
            for i in rep.issues:
                yield base | {"issues_status": rep.issues_status or "", "issue_id": i.id or "", "issue": s(i.issue), "need": s(i.need)} | published
            if not rep.issues and rep.issues_status:
                yield base | {"issues_status": rep.issues_status, "issue_id": "", "issue": "", "need": ""} | published
        elif table == "resources" and rep.resources:
            res = rep.resources
            yield base | {
                "sufficiency": res.sufficiency, "reasons": s(res.reasons), "challenges": s(res.challenges),
                "solutions": s(res.solutions), "details": s(res.details), "support_requested": s(res.support_requested),
            } | published


def _activity(s: Callable[[Text | None], str], act: Activity) -> dict[str, Any]:
    return {"activity_id": act.id, "activity": s(act.title), "plan_year": act.year, "area": s(act.area), "schedule": s(act.schedule)}


def _unreported_rows(ds: Dataset, groups: Iterable[Group]) -> Iterator[dict[str, Any]]:
    """Action-plan activities that no report covers: the plan is data too."""
    s = _en(ds)
    empty = dict.fromkeys(("round_id", "status", "reason", "note", "progress", "recommendation", "activity_in_report", "round_published"), "")
    for g in groups:
        reported = {a.activity.id for rep in g.reports for a in rep.activities}
        for act in g.activities():
            if act.id not in reported:
                yield empty | {"group_id": g.id, "group": s(g.short_name)} | _activity(s, act)


def _meeting_rows(ds: Dataset, meetings: Iterable[tuple[Group, Meeting]]) -> Iterator[dict[str, Any]]:
    s = _en(ds)
    for g, m in meetings:
        yield {
            "group_id": g.id, "group": s(g.short_name), "meeting_id": m.slug, "number": m.number if m.number is not None else "",
            "date": m.date.iso if m.date else "", "period_from": m.period.start.iso if m.period else "",
            "period_to": m.period.end.iso if m.period else "", "kind": m.kind or "", "title": s(m.title),
            "round_id": m.round.id if m.round else "", "summary": s(m.summary), "page": urls.meeting(g.id, m.slug),
        }


def _in_round(m: Meeting, round_: Round) -> bool:
    """A meeting belongs to a round if it says so, or (saying nothing) falls in its reporting period."""
    if m.round is not None:
        return m.round.id == round_.id
    p = round_.period
    return p is not None and p.start.first_day() <= m.when.first_day() and m.when.last_day() <= p.end.last_day()


def _group_rows(ds: Dataset, groups: Iterable[Group]) -> Iterator[dict[str, Any]]:
    s = _en(ds)
    for g in groups:
        yield {
            "group_id": g.id, "number": "" if g.number is None else g.number, "short_name": s(g.short_name), "name": s(g.name),
            "sector": s(g.sector), "active": "true" if g.active else "false", "chair": s(g.chair),
            "lead_partners": "; ".join(s(p) for p in g.lead_partners), "secretariat": s(g.secretariat), "page": urls.group(g.id),
        }


def _round_rows(ds: Dataset, rounds: Iterable[Round]) -> Iterator[dict[str, Any]]:
    s = _en(ds)
    for r in rounds:
        yield {
            "round_id": r.id, "number": "" if r.number is None else r.number, "title": s(r.title), "date": r.date.iso if r.date else "",
            "period_from": r.period.start.iso if r.period else "", "period_to": r.period.end.iso if r.period else "",
            "published": r.published.iso if r.published else "", "page": urls.round_(r.id),
        }


def rows(ds: Dataset, table: str, *, round_id: str | None = None, group_id: str | None = None) -> list[dict[str, Any]]:
    """The rows of one table for the whole data set, one round or one group. The groups and
    rounds tables are what the other tables' ids refer to: a round's folder lists every group,
    a group's folder every round."""
    groups = [ds.group(group_id)] if group_id else list(ds.groups)
    if table == "groups":
        return list(_group_rows(ds, groups))
    if table == "rounds":
        return list(_round_rows(ds, [ds.round(round_id)] if round_id else ds.rounds))
    if table == "meetings":
        round_ = ds.round(round_id) if round_id else None
        ms = [(g, m) for g in groups for m in sorted(g.meetings, key=lambda m: m.when.first_day())
              if round_ is None or _in_round(m, round_)]
        return list(_meeting_rows(ds, ms))
    reports = [(g, r) for g in groups for r in g.reports if round_id is None or r.round.id == round_id]
    reports.sort(key=lambda gr: gr[1].round.order)  # rounds oldest first, groups in site order within a round
    out = list(_report_rows(ds, table, reports))
    if table == "activities" and round_id is None:
        out += _unreported_rows(ds, groups)
    return out


# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe, as
    OWASP's CSV-injection guidance advises (the Downloads page says so); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(table: str, table_rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[c.name for c in columns.TABLES[table]], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in table_rows)
    return buf.getvalue()


# --- JSON: the data set in the shape of its data files ------------------------------------------
# Each JSON download holds the validated entries of the data files as they are (site.yml, each
# round of rounds.yml, each groups/<id>.yml), so the same JSON Schemas describe both; the
# download schemas (schema/dataset*.schema.json) only add the envelope. Nothing is filled in:
# a field the data leaves out is left out, never written as null.

def _dumps(doc: Any) -> str:
    # Compact, so json's C encoder does the work (indent= falls back to pure Python, ~10x slower).
    # allow_nan=False: NaN or Infinity would make the file invalid JSON; the loader refuses them,
    # and should one ever get here the build fails instead of publishing it.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dataset_json(ds: Dataset) -> str:
    """The whole data set as JSON (schema/dataset.schema.json). It is the only JSON download:
    a round's or a group's slice of it would repeat it (a 15-year archive: 22 MB), and the
    CSV files of each round and group remain for spreadsheets."""
    whole: dict[str, Any] = {"site": ds.site.raw, "rounds": [r.raw for r in ds.rounds]}
    coordination = ds.docs.get("coordination")
    if coordination is not None:  # data/coordination.yml is optional
        whole["coordination"] = coordination.data.get("meetings", [])
    head = _dumps(whole)
    return head[:-1] + ',"groups":[' + ",".join(_dumps(g.raw) for g in ds.groups) + "]}\n"


def files(ds: Dataset) -> Iterator[tuple[str, str]]:
    """(site path, content) of every download: CSV tables of the whole data set, each round and
    each group; the whole set's dataset.json; a datapackage.json for the whole set and each round."""
    scopes: list[tuple[str, dict[str, str]]] = [("all", {})]
    scopes += [(f"rounds/{r.id}", {"round_id": r.id}) for r in ds.rounds]
    scopes += [(f"groups/{g.id}", {"group_id": g.id}) for g in ds.groups]
    for scope, kw in scopes:
        tables = {table: to_csv(table, rows(ds, table, **kw)) for table in TABLES}
        for table, content in tables.items():
            yield urls.download(scope, f"{table}.csv"), content
        if not kw:
            yield urls.download(scope, "dataset.json"), dataset_json(ds)
        if "group_id" not in kw:  # a Data Package for the whole data set and for each round
            yield urls.download(scope, datapackage.FILENAME), datapackage.package(ds, tables, **kw)
