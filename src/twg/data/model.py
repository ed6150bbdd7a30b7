"""The validated, typed model: what the YAML means, independent of any site tool.

Built only from data that passed schemas.validate and the cross-file checks in
dataset.py, so constructors trust their input.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping


@dataclass(frozen=True)
class Text:
    """A possibly translated string: {'en': '...', 'km': '...'}."""

    values: Mapping[str, str]

    @classmethod
    def of(cls, raw: Any, default_lang: str) -> "Text | None":
        if raw is None:
            return None
        if isinstance(raw, str):
            return cls({default_lang: raw})
        return cls(dict(raw))

    def get(self, lang: str, fallback: str) -> tuple[str, str]:
        """(text, language it is in): the reader's language, else the fallback, else any."""
        for code in (lang, fallback):
            if code in self.values:
                return self.values[code], code
        code, value = next(iter(self.values.items()))
        return value, code

    def __str__(self) -> str:  # for sorting, ids in exports and logs
        return next(iter(self.values.values()))


def texts(raw: Any, lang: str) -> tuple[Text, ...]:
    return tuple(t for t in (Text.of(r, lang) for r in raw or ()) if t is not None)


# The years a date may name (a typo such as 0209 or 20009 is caught; action-plan years use the same range).
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True, order=True)
class PartialDate:
    """YYYY, YYYY-MM or YYYY-MM-DD, as sources give them. Orders by its first day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, s: str) -> "PartialDate":
        parts = [int(p) for p in str(s).split("-")]
        return cls(*parts)

    @property
    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out

    def first_day(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def last_day(self) -> tuple[int, int, int]:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    @staticmethod
    def check(s: str) -> str | None:
        """Why s is not a real calendar date, or None."""
        parts = [int(p) for p in s.split("-")]
        if not MIN_YEAR <= parts[0] <= MAX_YEAR:
            return f"'{s}': the year {parts[0]} is outside {MIN_YEAR}–{MAX_YEAR}; write the year in full (YYYY-MM-DD)"
        if len(parts) > 1 and not 1 <= parts[1] <= 12:
            return f"'{s}' has no month {parts[1]:02d}; write YYYY-MM-DD"
        if len(parts) > 2 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
            return f"'{s}' is not a day of that month"
        return None


@dataclass(frozen=True)
class Period:
    start: PartialDate
    end: PartialDate

    @classmethod
    def of(cls, raw: Any) -> "Period | None":
        if not raw:
            return None
        return cls(PartialDate.parse(raw["from"]), PartialDate.parse(raw["to"]))


@dataclass(frozen=True)
class Source:
    id: str
    title: Text
    publisher: Text | None
    date: PartialDate | None
    url: str | None


@dataclass(frozen=True)
class Licence:
    name: Text
    url: str
    id: str | None = None  # SPDX identifier, for machine-readable metadata
    attribution: Text | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Contact:
    name: Text | None = None
    email: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Terms:
    group: Text
    groups: Text
    group_short: Text
    round: Text
    round_short: Text
    committee: Text


@dataclass(frozen=True)
class Site:
    title: Text
    description: Text | None
    country: Text
    government: Text | None
    coordinator_name: Text
    coordinator_short: Text | None
    coordinator_url: str | None
    terms: Terms
    languages: tuple[str, ...]
    dormant_after_months: int
    data_as_of: PartialDate | None
    sources: Mapping[str, Source]
    publisher: Text | None = None
    publisher_url: str | None = None
    contact: Contact | None = None
    licence: Licence | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)  # the validated file entry, for the JSON downloads

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True)
class Round:
    id: str
    number: int | None
    title: Text
    date: PartialDate | None
    period: Period | None
    published: PartialDate | None
    summary: Text | None
    source: str | None
    order: int  # position in rounds.yml, oldest first
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)  # the validated file entry, for the JSON downloads

    @property
    def is_published(self) -> bool:
        return self.published is not None


@dataclass(frozen=True)
class Activity:
    id: str
    title: Text
    area: Text | None
    schedule: Text | None
    year: int
    responsible: Text | None = None
    output_indicator: Text | None = None


@dataclass(frozen=True)
class ActivityStatus:
    activity: Activity
    status: str
    note: Text | None
    progress: Text | None
    reason: Text | None
    recommendation: Text | None
    wording: Text | None = None  # the activity in this report's words, where they differ from the plan's

    @property
    def title(self) -> Text:
        """The activity as this report words it."""
        return self.wording or self.activity.title


@dataclass(frozen=True)
class Issue:
    id: str | None
    issue: Text | None
    need: Text | None


@dataclass(frozen=True)
class Resources:
    sufficiency: str
    reasons: Text | None
    challenges: Text | None
    solutions: Text | None
    details: Text | None
    support_requested: Text | None


@dataclass(frozen=True)
class Jmi:
    id: str
    code: str | None
    title: Text
    timeframe: Text | None
    unit: Text | None
    baseline: float | int | str | None
    target: float | int | str | None
    agreed: Text | None = None  # where and when it was agreed, in the source's words


@dataclass(frozen=True)
class JmiProgress:
    jmi: Jmi
    actual: float | int | str | None
    status: Text | None
    constraints: Text | None
    recommendation: Text | None


@dataclass(frozen=True)
class HarAction:
    section: Text
    action_taken: Text
    constraints: Text | None


@dataclass(frozen=True)
class Report:
    round: Round
    period: Period | None
    source: str
    activities: tuple[ActivityStatus, ...]
    progress: Text | None
    challenges: Text | None
    recommendations: tuple[Text, ...]
    issues_status: str | None
    issues: tuple[Issue, ...]
    resources: Resources | None
    jmis: tuple[JmiProgress, ...]
    har_actions: tuple[HarAction, ...]
    sources: tuple[str, ...] = ()  # source first, then any further ones

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for a in self.activities:
            counts[a.status] = counts.get(a.status, 0) + 1
        return counts


@dataclass(frozen=True)
class Document:
    title: Text
    url: str | None
    kind: str | None = None
    date: PartialDate | None = None
    source: str | None = None  # a document that is itself a listed source


@dataclass(frozen=True)
class Action:
    """A decision, agreed action or action required: who must do what by when.

    Structured ones (given as a mapping) can be followed up by later meetings and
    appear in the register of actions; plain lines of text are decisions only.
    """

    key: str  # the page anchor and register id: its id, else derived from its place
    id: str | None
    text: Text
    responsible: Text | None
    due: PartialDate | None
    status: str | None  # as the same source gives it; later meetings' follow_up overrides
    item: str | None  # id of the agenda item it belongs to


@dataclass(frozen=True)
class AgendaItem:
    key: str  # page anchor
    id: str | None
    number: str | None
    minutes_number: str | None
    title: Text
    presenter: Text | None
    description: Text | None
    items: tuple["AgendaItem", ...]
    actions: tuple[Action | Text, ...]
    outcome: Text | None

    @property
    def is_plain(self) -> bool:
        """Written as one line of text (the old form): shown as a plain list item."""
        return not (self.number or self.minutes_number or self.presenter or self.description or self.items or self.actions or self.outcome)


def structured_actions(agenda: tuple[AgendaItem, ...], decisions: tuple[Action | Text, ...]) -> Iterator[Action]:
    """Every structured action of a meeting: the agenda items' (in order, sub-items too), then its decisions."""
    for it in agenda:
        yield from (a for a in it.actions if isinstance(a, Action))
        yield from structured_actions(it.items, ())
    yield from (d for d in decisions if isinstance(d, Action))


@dataclass(frozen=True)
class FollowUp:
    action: str  # id of an action agreed at an earlier meeting of the group
    status: str
    note: Text | None


class _MeetingLike:
    """What group and coordination meetings share: the date shown, and their actions."""

    date: PartialDate | None
    period: Period | None
    agenda: tuple[AgendaItem, ...]
    decisions: tuple[Action | Text, ...]

    @property
    def when(self) -> PartialDate:
        """The date to sort and show by: the date, else the end of its period."""
        if self.date:
            return self.date
        assert self.period is not None  # guaranteed by dataset checks
        return self.period.end

    def actions(self) -> Iterator[Action]:
        return structured_actions(self.agenda, self.decisions)


@dataclass(frozen=True)
class Meeting(_MeetingLike):
    slug: str
    group_id: str
    number: int | None
    date: PartialDate | None
    period: Period | None
    kind: str | None
    title: Text | None
    location: Text | None
    chair: Text | None
    round: Round | None
    summary: Text | None
    agenda: tuple[AgendaItem, ...]
    decisions: tuple[Action | Text, ...]
    attendance: Mapping[str, int]
    documents: tuple[Document, ...]
    sources: tuple[str, ...]
    time: str | None = None
    minutes: str | None = None
    follow_up: tuple[FollowUp, ...] = ()
    fed_into: str | None = None  # id of a coordination meeting
    subgroup_id: str | None = None  # set for a sub-group's meeting

    @property
    def source(self) -> str:
        """The first source (pages and downloads that show one)."""
        return self.sources[0]


@dataclass(frozen=True)
class Position:
    """A chair, co-chair or partner role, held by an institution and/or a person, over time."""

    role: str
    institution: Text | None
    person: Text | None
    title: Text | None
    start: PartialDate | None
    end: PartialDate | None
    as_of: PartialDate | None
    sources: tuple[str, ...]

    def held_on(self, day: tuple[int, int, int]) -> bool:
        """Held on that day, as far as the data says (an entry without dates counts as held)."""
        if self.start and self.start.first_day() > day:
            return False
        return not (self.end and self.end.last_day() < day)


@dataclass(frozen=True)
class MeetingFrequency:
    per_year: int
    text: Text | None
    since: PartialDate | None
    source: str | None


@dataclass(frozen=True)
class Subgroup:
    id: str | None
    name: Text
    description: Text | None
    chairs: tuple[Position, ...]
    chair: Text | None
    members: tuple["Member", ...]
    mandate: Text | None
    established: PartialDate | None
    founding_decision: Text | None
    established_at: str | None  # slug of the parent group's meeting that set it up
    active: bool
    meetings: tuple[Meeting, ...]  # newest first
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CoordinationMeeting(_MeetingLike):
    id: str
    body: str
    number: int | None
    title: Text
    date: PartialDate | None
    period: Period | None
    time: str | None
    location: Text | None
    chair: Text | None
    round: Round | None
    summary: Text | None
    agenda: tuple[AgendaItem, ...]
    decisions: tuple[Action | Text, ...]
    documents: tuple[Document, ...]
    minutes: str | None
    sources: tuple[str, ...]



@dataclass(frozen=True)
class Member:
    name: Text
    constituency: str | None


@dataclass(frozen=True)
class Group:
    id: str
    file: str
    number: int | None
    short_name: Text
    name: Text
    sector: Text | None
    active: bool
    chair: Text | None
    lead_partners: tuple[Text, ...]
    secretariat: Text | None
    contact: Mapping[str, Any]
    members: tuple[Member, ...]
    subgroups: tuple[Subgroup, ...]
    mandate: Text | None
    strategies: tuple[Text, ...]
    source: str
    action_plans: Mapping[int, tuple[Activity, ...]]
    jmis: tuple[Jmi, ...]
    reports: tuple[Report, ...]  # oldest round first
    meetings: tuple[Meeting, ...]  # newest first
    name_source: str | None = None  # where the full name comes from, if not `source`
    chairs: tuple[Position, ...] = ()
    partners: tuple[Position, ...] = ()
    established: PartialDate | None = None
    founding_decision: Text | None = None
    meeting_frequency: MeetingFrequency | None = None
    minutes: str | None = None
    sources: tuple[str, ...] = ()
    data_as_of: PartialDate | None = None  # overrides the site's for this group
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)  # the validated file entry, for the JSON downloads

    def activities(self) -> Iterator[Activity]:
        for acts in self.action_plans.values():
            yield from acts

    def report_for(self, round_id: str) -> Report | None:
        return next((r for r in self.reports if r.round.id == round_id), None)

    @property
    def latest_report(self) -> Report | None:
        """The current state: the report to the newest *published* round. A draft never replaces it."""
        published = [r for r in self.reports if r.round.is_published]
        return published[-1] if published else None

    @property
    def draft_reports(self) -> tuple[Report, ...]:
        """Reports to rounds not yet published, oldest first: shown apart, labelled Draft."""
        return tuple(r for r in self.reports if not r.round.is_published)

    @property
    def last_meeting(self) -> Meeting | None:
        return self.meetings[0] if self.meetings else None


@dataclass(frozen=True)
class Dataset:
    site: Site
    rounds: tuple[Round, ...]  # oldest first
    groups: tuple[Group, ...]  # by number, then id
    files: Mapping[str, str] = field(default_factory=dict)  # group id -> data file path
    # The parsed files with the line of every value ('site', 'rounds', 'coordination', 'group:<id>'),
    # so checks of the model (plausibility.py) can point at the line a fact is on.
    docs: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    coordination: tuple[CoordinationMeeting, ...] = ()  # oldest first

    def coordination_meeting(self, meeting_id: str) -> CoordinationMeeting:
        for c in self.coordination:
            if c.id == meeting_id:
                return c
        raise KeyError(f"no coordination meeting with id '{meeting_id}'")

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(f"no group with id '{group_id}'")

    def round(self, round_id: str) -> Round:
        for r in self.rounds:
            if r.id == round_id:
                return r
        raise KeyError(f"no round with id '{round_id}'")

    @property
    def latest_round(self) -> Round | None:
        """The current round: the newest *published* round any group has reported to."""
        reported = {r.round.id for g in self.groups for r in g.reports}
        candidates = [r for r in self.rounds if r.id in reported and r.is_published]
        return candidates[-1] if candidates else None

    @property
    def draft_rounds(self) -> list[Round]:
        """Rounds with reports that are not yet published, oldest first."""
        reported = {r.round.id for g in self.groups for r in g.reports}
        return [r for r in self.rounds if r.id in reported and not r.is_published]

    def meetings(self) -> list[Meeting]:
        """All meetings, newest first."""
        return sorted(
            (m for g in self.groups for m in g.meetings),
            key=lambda m: (m.when.last_day(), m.group_id),
            reverse=True,
        )
