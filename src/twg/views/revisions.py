"""What a change of the data does to the published site: two validated datasets in,
a list of plain-language changes out, grouped by group and round (`twg changes`).

Reports are compared with changes.compare, the same rule the round pages use for
"changes since the previous round", here applied to one round's report at two
revisions. Everything else (rounds, meetings, a group's facts and plans, the
site's texts) is compared field by field. Pure: no git, no rendering.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from typing import Any, Iterable

from twg.data.model import Activity, Dataset, Group, Meeting, PartialDate, Report, Round, Text
from twg.data.schemas import vocabulary
from twg.render import urls
from twg.views import changes


@dataclass(frozen=True)
class Segment:
    """A run of words in a word diff: kept ('='), removed ('-') or added ('+')."""

    op: str
    text: str


@dataclass(frozen=True)
class Change:
    section: str  # 'site', 'rounds' or a group id
    heading: str  # the section's title: 'Site', 'Rounds' or the group's short name
    round: str | None  # the round's title, for changes to one round's report
    sentence: str  # plain text, from the data: escape before putting it into markup
    url: str  # site-relative address of the page that shows it
    diff: tuple[Segment, ...] = ()
    kind: str = ""  # a stable code for machines (json): 'status', 'meeting-added', ...
    data: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Words

def plain(text: Text | str | None, lang: str) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return " ".join(text.get(lang, lang)[0].split())


def word_diff(before: str, after: str, context: int = 4) -> tuple[Segment, ...]:
    """The words that differ, with up to `context` unchanged words around each change."""
    a, b = before.split(), after.split()
    out: list[Segment] = []
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            same = a[i1:i2]
            first, last = n == 0, n == len(ops) - 1
            if len(same) > 2 * context or (first and len(same) > context) or (last and len(same) > context):
                head = [] if first else same[:context]
                tail = [] if last else same[-context:]
                out.append(Segment("=", " ".join([*head, "…", *tail])))
            else:
                out.append(Segment("=", " ".join(same)))
            continue
        if i2 > i1:
            out.append(Segment("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("+", " ".join(b[j1:j2])))
    return tuple(s for s in out if s.text)


def _label(vocab: str, code: str | None) -> str:
    return vocabulary(vocab).get(code or "", code or "—")


def _date(d: PartialDate | None) -> str:
    from twg.render.renderer import _format_date  # Babel's English dates, as the site writes them

    return _format_date(d, "en") if d else "no date"


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _activity(a: Activity) -> str:
    """An activity as editors know it: its id, read as words ('national-forum': 'national forum')."""
    return a.id.replace("-", " ").replace("_", " ")


# ---------------------------------------------------------------------------------------------
# The comparison

class _Collector:
    def __init__(self, before: Dataset, after: Dataset) -> None:
        self.before, self.after = before, after
        self.lang = after.site.default_language
        self.out: list[Change] = []

    def add(self, section: str, heading: str, sentence: str, url: str, kind: str, *, round_: str | None = None,
            diff: tuple[Segment, ...] = (), **data: Any) -> None:
        self.out.append(Change(section, heading, round_, sentence, url, diff, kind, data))

    def t(self, text: Text | str | None) -> str:
        return plain(text, self.lang)

    def text_change(self, section: str, heading: str, what: str, old: Any, new: Any, url: str, kind: str,
                    round_: str | None = None, prose: bool = False, **data: Any) -> None:
        """A changed text: names and other short texts as 'before → after'; prose (reasons,
        recommendations, summaries) and long texts as a word diff."""
        a, b = self.t(old), self.t(new)
        if a == b:
            if old != new:  # only a translation differs
                langs = sorted({*(_langs(old)), *(_langs(new))} - {self.lang})
                self.add(section, heading, f"{what}: translation changed ({', '.join(langs)})", url, kind, round_=round_, **data)
            return
        if not a:
            self.add(section, heading, f"{what} added: {_short(b)}", url, kind, round_=round_, before=a, after=b, **data)
        elif not b:
            self.add(section, heading, f"{what} removed (was: {_short(a)})", url, kind, round_=round_, before=a, after=b, **data)
        elif not prose and len(a) <= 60 and len(b) <= 60:
            self.add(section, heading, f"{what}: {a} → {b}", url, kind, round_=round_, before=a, after=b, **data)
        else:
            self.add(section, heading, f"{what} changed:", url, kind, round_=round_, diff=word_diff(a, b), before=a, after=b, **data)


def _langs(text: Any) -> Iterable[str]:
    return text.values.keys() if isinstance(text, Text) else ()


def compare(before: Dataset, after: Dataset) -> list[Change]:
    """Every change from before to after that shows on the site, in reading order:
    the site's texts, the rounds, then each group (its facts, plan, reports by round, meetings)."""
    c = _Collector(before, after)
    _site(c)
    _rounds(c)
    old_groups = {g.id: g for g in before.groups}
    new_groups = {g.id: g for g in after.groups}
    for g in after.groups:
        if g.id not in old_groups:
            c.add(g.id, c.t(g.short_name), f"new group: {c.t(g.short_name)} — {c.t(g.name)}", urls.group(g.id), "group-added")
        else:
            _group(c, old_groups[g.id], g)
    for g in before.groups:
        if g.id not in new_groups:
            c.add(g.id, c.t(g.short_name), f"group removed: {c.t(g.short_name)} — {c.t(g.name)} (its pages are no longer published)", urls.group(g.id), "group-removed")
    return c.out


_SITE_TEXTS = ("title", "description", "country", "government", "coordinator_name", "coordinator_short", "coordinator_url")


def _site(c: _Collector) -> None:
    a, b = c.before.site, c.after.site
    for name in _SITE_TEXTS:
        c.text_change("site", "Site", f"site {name.replace('_', ' ')}", getattr(a, name), getattr(b, name), urls.home(), "site-text")
    for f in fields(b.terms):
        c.text_change("site", "Site", f"term for '{f.name.replace('_', ' ')}'", getattr(a.terms, f.name), getattr(b.terms, f.name), urls.home(), "site-text")
    if a.languages != b.languages:
        c.add("site", "Site", f"languages: {', '.join(a.languages)} → {', '.join(b.languages)}", urls.home(), "site-languages")
    if a.data_as_of != b.data_as_of:
        c.add("site", "Site", f"data as of: {_date(a.data_as_of)} → {_date(b.data_as_of)}", urls.home(), "site-data-as-of")
    for sid, src in b.sources.items():
        if sid not in a.sources:
            c.add("site", "Site", f"new source document: {c.t(src.title)} ({sid})", "about/", "source-added")
        elif a.sources[sid] != src:
            c.add("site", "Site", f"source document changed: {c.t(src.title)} ({sid})", "about/", "source-changed")
    for sid, src in a.sources.items():
        if sid not in b.sources:
            c.add("site", "Site", f"source document removed: {c.t(src.title)} ({sid})", "about/", "source-removed")


def _round_state(r: Round) -> str:
    return f"published {_date(r.published)}" if r.published else "draft"


def _rounds(c: _Collector) -> None:
    old = {r.id: r for r in c.before.rounds}
    new = {r.id: r for r in c.after.rounds}
    for r in c.after.rounds:
        url, title = urls.round_(r.id), c.t(r.title)
        if r.id not in old:
            c.add("rounds", "Rounds", f"new round: {title} ({_round_state(r)})", url, "round-added", round_id=r.id)
            continue
        was = old[r.id]
        if was.published != r.published:
            if r.published and not was.published:
                c.add("rounds", "Rounds", f"round published: {title}, published {_date(r.published)} (the Draft banner goes)", url, "round-published", round_id=r.id)
            elif was.published and not r.published:
                c.add("rounds", "Rounds", f"round unpublished: {title} is a draft again", url, "round-unpublished", round_id=r.id)
            else:
                c.add("rounds", "Rounds", f"{title}: publication date {_date(was.published)} → {_date(r.published)}", url, "round-published", round_id=r.id)
        c.text_change("rounds", "Rounds", f"{title}: title", was.title, r.title, url, "round-text", round_id=r.id)
        c.text_change("rounds", "Rounds", f"{title}: common progress (summary)", was.summary, r.summary, url, "round-text", prose=True, round_id=r.id)
        if was.date != r.date:
            c.add("rounds", "Rounds", f"{title}: date {_date(was.date)} → {_date(r.date)}", url, "round-date", round_id=r.id)
        if was.period != r.period:
            c.add("rounds", "Rounds", f"{title}: reporting period {_period(was)} → {_period(r)}", url, "round-period", round_id=r.id)
    for r in c.before.rounds:
        if r.id not in new:
            c.add("rounds", "Rounds", f"round removed: {c.t(r.title)} (its page is no longer published)", urls.round_(r.id), "round-removed", round_id=r.id)


def _period(r: Round) -> str:
    return f"{_date(r.period.start)} – {_date(r.period.end)}" if r.period else "none"


# A group's facts, as its page shows them (reports, plans and meetings are compared below).
_FACTS = ("short_name", "name", "number", "sector", "active", "chair", "lead_partners", "secretariat", "contact",
          "members", "subgroups", "mandate", "strategies", "source", "jmis")


def _group(c: _Collector, a: Group, b: Group) -> None:
    sec, head, url = b.id, c.t(b.short_name), urls.group(b.id)
    for name in _FACTS:
        old, new = getattr(a, name), getattr(b, name)
        if old == new:
            continue
        label = name.replace("_", " ")
        if isinstance(new, (Text, type(None))) and isinstance(old, (Text, type(None))):
            c.text_change(sec, head, label, old, new, url, "group-fact", prose=name == "mandate", field=name)
        elif name == "active":
            c.add(sec, head, "now active" if new else "now closed (no longer active)", url, "group-fact", field=name)
        elif name == "number":
            c.add(sec, head, f"number: {old} → {new}", url, "group-fact", field=name)
        elif name == "lead_partners" or name == "strategies":
            gone = [c.t(x) for x in old if x not in new]
            came = [c.t(x) for x in new if x not in old]
            parts = ([f"added {', '.join(came)}"] if came else []) + ([f"removed {', '.join(gone)}"] if gone else [])
            c.add(sec, head, f"{label}: {'; '.join(parts) or 'reordered'}", url, "group-fact", field=name)
        else:
            c.add(sec, head, f"{label} changed", url, "group-fact", field=name)
    _plans(c, a, b)
    for r in c.after.rounds:
        _report(c, b, a.report_for(r.id), b.report_for(r.id), r)
    for rep in a.reports:  # a report of a round that no longer exists
        if not any(r.id == rep.round.id for r in c.after.rounds):
            _report(c, b, rep, None, rep.round)
    _meetings(c, a, b)


def _plans(c: _Collector, a: Group, b: Group) -> None:
    sec, head, url = b.id, c.t(b.short_name), urls.group(b.id)
    for year in sorted({*a.action_plans, *b.action_plans}):
        old = {x.id: x for x in a.action_plans.get(year, ())}
        new = {x.id: x for x in b.action_plans.get(year, ())}
        if old == new:
            continue
        if not old:
            c.add(sec, head, f"new action plan {year}: {len(new)} activities", url, "plan-added", year=year)
            continue
        if not new:
            c.add(sec, head, f"action plan {year} removed ({len(old)} activities)", url, "plan-removed", year=year)
            continue
        for k, x in new.items():
            if k not in old:
                c.add(sec, head, f"action plan {year}: new activity {_activity(x)} — {_short(c.t(x.title))}", url, "plan-activity-added", year=year, activity=k)
            elif old[k].title != x.title:
                c.text_change(sec, head, f"action plan {year}: {_activity(x)} title", old[k].title, x.title, url, "plan-activity-changed", year=year, activity=k)
            elif old[k] != x:
                c.add(sec, head, f"action plan {year}: {_activity(x)} changed (area or schedule)", url, "plan-activity-changed", year=year, activity=k)
        for k, x in old.items():
            if k not in new:
                c.add(sec, head, f"action plan {year}: activity {_activity(x)} removed — {_short(c.t(x.title))}", url, "plan-activity-removed", year=year, activity=k)


def _counts(rep: Report) -> str:
    counts = rep.status_counts()
    return ", ".join(f"{n} {_label('activity_status', code).lower()}" for code, n in counts.items())


def _report(c: _Collector, g: Group, old: Report | None, new: Report | None, r: Round) -> None:
    if old is None and new is None:
        return
    sec, head, url, rt = g.id, c.t(g.short_name), urls.round_(r.id), c.t(r.title)
    short = c.t(g.short_name)
    if old is None:
        assert new is not None
        n = len(new.activities)
        c.add(sec, head, f"new report to the {rt}: {n} activit{'y' if n == 1 else 'ies'}" + (f" ({_counts(new)})" if n else ""),
              url, "report-added", round_=rt, round_id=r.id)
        return
    if new is None:
        c.add(sec, head, f"report to the {rt} removed", url, "report-removed", round_=rt, round_id=r.id)
        return
    if old == new:
        return
    diff = changes.compare(old, new)
    statuses = {s.activity.id: s for s in new.activities}
    for s in diff.status_changed:
        line = f"{short} · {_activity(s.activity)}: {_label('activity_status', s.before)} → {_label('activity_status', s.after)}"
        reason = c.t(statuses[s.activity.id].reason)
        if reason:
            line += f" — reason: {_short(reason)}"
        c.add(sec, head, line, url, "status", round_=rt, round_id=r.id, activity=s.activity.id, before=s.before, after=s.after)
    for a in diff.new:
        c.add(sec, head, f"activity now reported: {_activity(a)} ({_label('activity_status', statuses[a.id].status)})", url,
              "activity-added", round_=rt, round_id=r.id, activity=a.id)
    for a in diff.dropped:
        c.add(sec, head, f"activity no longer reported: {_activity(a)}", url, "activity-removed", round_=rt, round_id=r.id, activity=a.id)
    moved = {s.activity.id for s in diff.status_changed}
    for w in diff.reworded:
        if w.field == "reason" and w.activity.id in moved:
            continue  # the status change above gives the reason
        c.text_change(sec, head, f"{short} · {_activity(w.activity)}: {w.field}", w.before, w.after, url, "activity-text",
                      round_=rt, round_id=r.id, prose=True, activity=w.activity.id, field=w.field)
    for i in diff.issues_raised:
        c.add(sec, head, f"issue raised: {_short(c.t(i.issue or i.need))}", url, "issue-raised", round_=rt, round_id=r.id)
    for i in diff.issues_resolved:
        c.add(sec, head, f"issue resolved (no longer raised): {_short(c.t(i.issue or i.need))}", url, "issue-resolved", round_=rt, round_id=r.id)
    if old.issues_status != new.issues_status and not (diff.issues_raised or diff.issues_resolved):
        c.add(sec, head, f"issues: {_label('issues_status', old.issues_status)} → {_label('issues_status', new.issues_status)}", url,
              "issues-status", round_=rt, round_id=r.id)
    for name in ("progress", "challenges"):
        c.text_change(sec, head, name, getattr(old, name), getattr(new, name), url, "report-text", round_=rt, round_id=r.id, prose=True, field=name)
    if old.recommendations != new.recommendations:
        c.text_change(sec, head, "recommendations", " ".join(c.t(x) for x in old.recommendations),
                      " ".join(c.t(x) for x in new.recommendations), url, "report-text", round_=rt, round_id=r.id, prose=True, field="recommendations")
    if (old.resources and old.resources.sufficiency) != (new.resources and new.resources.sufficiency):
        was = _label("sufficiency", old.resources.sufficiency) if old.resources else "not given"
        now = _label("sufficiency", new.resources.sufficiency) if new.resources else "not given"
        c.add(sec, head, f"resources: {was} → {now}", url, "resources", round_=rt, round_id=r.id)
    elif old.resources != new.resources:
        c.add(sec, head, "resource mobilisation details changed", url, "resources", round_=rt, round_id=r.id)
    if old.jmis != new.jmis:
        c.add(sec, head, "Joint Monitoring Indicator progress changed", url, "jmis", round_=rt, round_id=r.id)
    if (old.period, old.source, old.har_actions) != (new.period, new.source, new.har_actions):
        c.add(sec, head, "reporting period, source or harmonisation actions changed", url, "report-other", round_=rt, round_id=r.id)


def _meeting_name(c: _Collector, g: Group, m: Meeting) -> str:
    title = c.t(m.title) or (f"meeting {m.number}" if m.number else f"{c.t(g.short_name)} meeting")
    return f"{title}, {_date(m.date) if m.date else _date(m.when)}"


_MEETING_PARTS = ("date", "period", "kind", "title", "location", "chair", "round", "summary", "agenda", "decisions",
                  "attendance", "documents", "source", "number")


def _meetings(c: _Collector, a: Group, b: Group) -> None:
    sec, head = b.id, c.t(b.short_name)
    old = {m.slug: m for m in a.meetings}
    new = {m.slug: m for m in b.meetings}
    for m in reversed(b.meetings):  # oldest first, as editors add them
        url = urls.meeting(b.id, m.slug)
        if m.slug not in old:
            c.add(sec, head, f"new meeting: {_meeting_name(c, b, m)}", url, "meeting-added", meeting=m.slug)
        elif old[m.slug] != m:
            was = old[m.slug]
            parts = [p for p in _MEETING_PARTS if getattr(was, p) != getattr(m, p)]
            c.add(sec, head, f"meeting changed: {_meeting_name(c, b, m)} — {', '.join(p.replace('_', ' ') for p in parts)}", url,
                  "meeting-changed", meeting=m.slug, fields=parts)
    for m in reversed(a.meetings):
        if m.slug not in new:
            c.add(sec, head, f"meeting removed: {_meeting_name(c, a, m)} (its page is no longer published)", urls.meeting(a.id, m.slug),
                  "meeting-removed", meeting=m.slug)
