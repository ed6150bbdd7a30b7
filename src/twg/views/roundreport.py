"""The consolidated report of one round (the shape of the 2009 CDC report): the
context its page, its PDF and its tests share."""

from __future__ import annotations

from typing import Any

from dataclasses import dataclass

from twg.views import changes
from twg.views import status as views
from twg.data.model import Dataset, Group, Jmi, JmiProgress, Report, Round


@dataclass(frozen=True)
class RoundReport:
    round: Round
    rows: list[tuple[Group, Report | None]]  # every group, None where it has not reported
    changes: list[tuple[Group, changes.ReportChanges]]
    jmis: list[tuple[Jmi, Group, JmiProgress | None]]

    @property
    def missing(self) -> list[Group]:
        """Active groups that have not reported: the round is incomplete while any remain."""
        return [g for g, rep in self.rows if rep is None and g.active]


def jmi_rows(rows: list[tuple[Group, Report | None]]) -> list[tuple[Jmi, Group, JmiProgress | None]]:
    """Every indicator of the reporting groups, by JMI code, with its progress in this round if any."""
    out: list[tuple[Jmi, Group, JmiProgress | None]] = []
    for g, rep in rows:
        if rep is None:
            continue
        progress = {p.jmi.id: p for p in rep.jmis}
        out += [(j, g, progress.pop(j.id, None)) for j in g.jmis]
        out += [(p.jmi, g, p) for p in progress.values()]
    return sorted(out, key=lambda x: (_code_key(x[0].code), x[1].number or 0))


def _code_key(code: str | None) -> tuple[Any, ...]:
    if not code:
        return ((1,),)
    return tuple((0, int(p), "") if p.isdigit() else (0, 0, p) for p in code.replace("-", ".").split("."))


def expected(g: Group, round_: Round) -> bool:
    """Whether a group that did not report to the round was due to.

    A draft round expects every active group (closed ones are history, not "missing"). A
    published round is a record of its time, so it does not depend on groups the data knows
    nothing about for it: a group file with no report and no meeting yet (just added) is not
    expected, and a group closed later is still expected if it reported or met after the
    round. So adding a group, or closing one years later, does not rewrite a published report
    (nor its PDF). The data holds no founding dates: a new group whose first records come
    after a published round is listed there as not reported."""
    if not round_.is_published:
        return g.active
    if not (g.reports or g.meetings):
        return False
    later = any(r.round.order > round_.order for r in g.reports)
    if not later and round_.period is not None:
        later = any(m.when.last_day() > round_.period.end.last_day() for m in g.meetings)
    return g.active or later


def build(ds: Dataset, round_: Round) -> RoundReport:
    rows = [(g, rep) for g, rep in views.reports_for_round(ds, round_) if rep is not None or expected(g, round_)]
    return RoundReport(round_, rows, changes.round_changes(ds, round_), jmi_rows(rows))
