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


def build(ds: Dataset, round_: Round) -> RoundReport:
    rows = views.reports_for_round(ds, round_)
    # Closed groups that never reported to this round are history, not "missing".
    rows = [(g, rep) for g, rep in rows if rep is not None or g.active]
    return RoundReport(round_, rows, changes.round_changes(ds, round_), jmi_rows(rows))
