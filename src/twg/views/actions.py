"""The register of agreed actions: every structured decision and action, where it was
agreed, where it stands after the follow-ups of later meetings, and whether it is overdue.

Overdue is never written in the data: an action still open after its due date (counted
from the data's as-of date, else the build date) is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from twg.data.model import Action, CoordinationMeeting, Dataset, FollowUp, Group, Meeting, Subgroup
from twg.views.status import reference_day

OPEN, DONE, DROPPED = "open", "done", "dropped"


@dataclass(frozen=True)
class Entry:
    action: Action
    group: Group | None  # None for a coordination meeting's action
    subgroup: Subgroup | None
    meeting: Meeting | CoordinationMeeting  # where it was agreed
    status: str  # open, done or dropped: the latest follow-up, else the action's own status, else open
    overdue: bool
    follow_ups: tuple[tuple[Meeting, FollowUp], ...]  # oldest first
    closed_at: Meeting | None  # the meeting whose follow-up reported it done or dropped

    @property
    def state(self) -> str:
        """What the register filters by: open, overdue, done or dropped."""
        return "overdue" if self.overdue else self.status


def _group_meetings(g: Group) -> Iterator[tuple[Subgroup | None, Meeting]]:
    for m in g.meetings:
        yield None, m
    for sg in g.subgroups:
        for m in sg.meetings:
            yield sg, m


def _follow_ups(g: Group) -> dict[str, list[tuple[Meeting, FollowUp]]]:
    """Action id -> the follow-ups reported on it, oldest meeting first."""
    out: dict[str, list[tuple[Meeting, FollowUp]]] = {}
    for _, m in sorted(_group_meetings(g), key=lambda sm: sm[1].when.last_day()):
        for f in m.follow_up:
            out.setdefault(f.action, []).append((m, f))
    return out


def _entry(action: Action, group: Group | None, sub: Subgroup | None, meeting: Meeting | CoordinationMeeting,
           follows: Iterable[tuple[Meeting, FollowUp]], today: tuple[int, int, int]) -> Entry:
    follows = tuple(follows)
    status, closed = action.status or OPEN, None
    for m, f in follows:
        status = f.status
        closed = m if f.status in (DONE, DROPPED) else None
    overdue = status == OPEN and action.due is not None and action.due.last_day() < today
    return Entry(action, group, sub, meeting, status, overdue, follows, closed)


def group_entries(g: Group, today: tuple[int, int, int]) -> list[Entry]:
    today = reference_day(g, today)
    follows = _follow_ups(g)
    out = []
    for sub, m in _group_meetings(g):
        for a in m.actions():
            out.append(_entry(a, g, sub, m, follows.get(a.id or "", ()) if a.id else (), today))
    return out


def register(ds: Dataset, today: tuple[int, int, int]) -> list[Entry]:
    """Every structured action of every group and coordination meeting, newest meeting first."""
    out = [e for g in ds.groups for e in group_entries(g, today)]
    for c in ds.coordination:
        out.extend(_entry(a, None, None, c, (), today) for a in c.actions())
    out.sort(key=lambda e: e.meeting.when.last_day(), reverse=True)
    return out


def counts(entries: Iterable[Entry]) -> dict[str, int]:
    out = {"open": 0, "overdue": 0, "done": 0, "dropped": 0}
    for e in entries:
        out[e.state] += 1
    return out
