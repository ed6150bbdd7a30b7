"""Derived views: counts, summaries and comparisons computed from the model.

Pure functions of the Dataset, so pages, exports and tests agree on one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from twg.data.model import Activity, ActivityStatus, Dataset, Group, Meeting, PartialDate, Position, Report, Round
from twg.data.schemas import vocabulary

BEHIND = "behind_schedule"


def status_order() -> list[str]:
    return list(vocabulary("activity_status"))


@dataclass(frozen=True)
class YearCount:
    year: int
    meetings: int
    complete: bool  # the year is over by the reference date
    below: bool  # a complete year with fewer meetings than required


@dataclass(frozen=True)
class GroupSummary:
    group: Group
    report: Report | None  # the report for the round asked for (or the latest)
    counts: dict[str, int]
    last_meeting: Meeting | None
    dormant: bool
    last_activity: PartialDate | None
    years: tuple[YearCount, ...] = ()  # meetings per year against the required frequency
    below_frequency: bool = False


def last_activity(group: Group) -> PartialDate | None:
    """The latest sign of life: a meeting, or the date of a round it reported to."""
    dates = [m.when for m in group.meetings]
    for r in group.reports:
        d = r.round.date or (r.period.end if r.period else None) or (r.round.period.end if r.round.period else None)
        if d:
            dates.append(d)
    return max(dates, key=lambda d: d.last_day()) if dates else None


def months_between(a: PartialDate, b: tuple[int, int, int]) -> int:
    ay, am, _ = a.last_day()
    return (b[0] - ay) * 12 + (b[1] - am)


def current_positions(positions: Iterable[Position], day: tuple[int, int, int]) -> list[Position]:
    """The roles held on that day, one per person (or institution): the latest entry of each,
    so a chair whose title changed is listed once."""
    latest: dict[str, Position] = {}
    for p in positions:
        if p.held_on(day):
            key = str(p.person or p.institution)
            latest.pop(key, None)
            latest[key] = p
    return list(latest.values())


def reference_day(group: Group, today: tuple[int, int, int]) -> tuple[int, int, int]:
    """The day a group is judged on: its own data_as_of where its file runs later than the site's."""
    return group.data_as_of.last_day() if group.data_as_of is not None else today


def is_dormant(group: Group, months: int, today: tuple[int, int, int]) -> bool:
    last = last_activity(group)
    return group.active and (last is None or months_between(last, today) >= months)


def meeting_years(group: Group, today: tuple[int, int, int]) -> tuple[YearCount, ...]:
    """Meetings recorded per calendar year, from when the required frequency applies to the
    reference date. Only years that are over are judged; the current year is shown as it stands.

    The rule applies from its 'since' date, else from the first full year after the group
    was established, else from the year of the first meeting recorded.
    """
    freq = group.meeting_frequency
    if freq is None:
        return ()
    if freq.since:
        first = freq.since.year
    elif group.established:
        first = group.established.year + 1
    elif group.meetings:
        first = group.meetings[-1].when.year
    else:
        return ()
    per_year: dict[int, int] = {}
    for m in group.meetings:
        per_year[m.when.year] = per_year.get(m.when.year, 0) + 1
    out = []
    for year in range(first, today[0] + 1):
        complete = (year, 12, 31) <= today
        n = per_year.get(year, 0)
        out.append(YearCount(year, n, complete, complete and n < freq.per_year))
    return tuple(out)


def group_summary(ds: Dataset, group: Group, round_id: str | None, today: tuple[int, int, int]) -> GroupSummary:
    report = group.report_for(round_id) if round_id else group.latest_report
    today = reference_day(group, today)
    years = meeting_years(group, today)
    return GroupSummary(
        group=group,
        report=report,
        counts=report.status_counts() if report else {},
        last_meeting=group.last_meeting,
        dormant=is_dormant(group, ds.site.dormant_after_months, today),
        last_activity=last_activity(group),
        years=years,
        below_frequency=group.active and any(y.below for y in years),
    )


def behind_schedule(report: Report) -> list[ActivityStatus]:
    return [a for a in report.activities if a.status == BEHIND]


def totals(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in counts:
        for k, v in c.items():
            out[k] = out.get(k, 0) + v
    return out


def reports_for_round(ds: Dataset, round_: Round) -> list[tuple[Group, Report | None]]:
    """Every group with its report for the round, or None where it has not reported."""
    return [(g, g.report_for(round_.id)) for g in ds.groups]


def rounds_reported(ds: Dataset) -> list[Round]:
    ids = {r.round.id for g in ds.groups for r in g.reports}
    return [r for r in ds.rounds if r.id in ids]


def round_counts(rows: Iterable[tuple[Group, Report | None]]) -> dict[str, int]:
    """Activity-status totals over the groups that reported."""
    return totals(rep.status_counts() for _, rep in rows if rep is not None)


@dataclass(frozen=True)
class PlanItem:
    activity: Activity
    latest: ActivityStatus | None  # from the newest published report that covers the activity
    round: Round | None  # that report's round; None if no published report covers it


def action_plan(group: Group) -> list[tuple[int, list[PlanItem]]]:
    """Every activity of every plan year with its latest published status, reported or not."""
    latest: dict[str, tuple[ActivityStatus, Round]] = {}
    for rep in group.reports:  # oldest round first: later reports overwrite
        if rep.round.is_published:
            for a in rep.activities:
                latest[a.activity.id] = (a, rep.round)
    out = []
    for year, acts in group.action_plans.items():
        items = []
        for act in acts:
            hit = latest.get(act.id)
            items.append(PlanItem(act, hit[0] if hit else None, hit[1] if hit else None))
        out.append((year, items))
    return out
