"""Derived views: counts, summaries and comparisons computed from the model.

Pure functions of the Dataset, so pages, exports and tests agree on one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from twg.data.model import ActivityStatus, Dataset, Group, Meeting, PartialDate, Report, Round
from twg.data.schemas import vocabulary

BEHIND = "behind_schedule"


def status_order() -> list[str]:
    return list(vocabulary("activity_status"))


@dataclass(frozen=True)
class GroupSummary:
    group: Group
    report: Report | None  # the report for the round asked for (or the latest)
    counts: dict[str, int]
    last_meeting: Meeting | None
    dormant: bool
    last_activity: PartialDate | None


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


def is_dormant(group: Group, months: int, today: tuple[int, int, int]) -> bool:
    last = last_activity(group)
    return group.active and (last is None or months_between(last, today) >= months)


def group_summary(ds: Dataset, group: Group, round_id: str | None, today: tuple[int, int, int]) -> GroupSummary:
    report = group.report_for(round_id) if round_id else group.latest_report
    return GroupSummary(
        group=group,
        report=report,
        counts=report.status_counts() if report else {},
        last_meeting=group.last_meeting,
        dormant=is_dormant(group, ds.site.dormant_after_months, today),
        last_activity=last_activity(group),
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
