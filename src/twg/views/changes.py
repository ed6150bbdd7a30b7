"""What changed between two reports: pure, no rendering.

One answer for two questions: the round page's "Changes since the previous
round" (a group's report against its previous one) and `twg changes` (the same
round's report at two revisions of the data, views/revisions.py). Activities are
matched by id; issues by id when the report gives one, else by their text
(issue, else need), so a reworded issue shows as resolved plus newly raised —
the honest reading of unstructured text.
"""

from __future__ import annotations

from dataclasses import dataclass

from twg.data.model import Activity, Dataset, Group, Issue, Report, Round, Text


@dataclass(frozen=True)
class StatusChange:
    activity: Activity
    before: str
    after: str


@dataclass(frozen=True)
class WordingChange:
    """An activity's reason, recommendation, progress or note that reads differently."""

    activity: Activity
    field: str  # 'reason', 'recommendation', 'progress' or 'note'
    before: Text | None
    after: Text | None


WORDED = ("reason", "recommendation", "progress", "note")


@dataclass(frozen=True)
class ReportChanges:
    previous: Report | None  # the group's latest report before this round, if any
    status_changed: tuple[StatusChange, ...]
    new: tuple[Activity, ...]  # in this report, not in the previous one
    dropped: tuple[Activity, ...]  # in the previous report, not in this one
    issues_raised: tuple[Issue, ...]
    issues_resolved: tuple[Issue, ...]
    # Kept out of `any`: between two rounds every reason is written anew, so the round page
    # does not list them; between two revisions of one report they are what changed.
    reworded: tuple[WordingChange, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.status_changed or self.new or self.dropped or self.issues_raised or self.issues_resolved)


def issue_key(issue: Issue) -> str:
    if issue.id:
        return "id:" + issue.id
    text = issue.issue or issue.need
    return "text:" + " ".join(str(text).split()).casefold() if text else "empty"


def compare(previous: Report | None, current: Report) -> ReportChanges:
    """Changes from previous to current (everything is new when there is no previous report)."""
    before = {a.activity.id: a for a in previous.activities} if previous else {}
    after = {a.activity.id: a for a in current.activities}
    old_issues = {issue_key(i): i for i in previous.issues} if previous else {}
    new_issues = {issue_key(i): i for i in current.issues}
    return ReportChanges(
        previous=previous,
        status_changed=tuple(
            StatusChange(a.activity, before[k].status, a.status)
            for k, a in after.items()
            if k in before and before[k].status != a.status
        ),
        new=tuple(a.activity for k, a in after.items() if k not in before),
        dropped=tuple(a.activity for k, a in before.items() if k not in after),
        issues_raised=tuple(i for k, i in new_issues.items() if k not in old_issues),
        issues_resolved=tuple(i for k, i in old_issues.items() if k not in new_issues),
        reworded=tuple(
            WordingChange(a.activity, name, getattr(before[k], name), getattr(a, name))
            for k, a in after.items()
            if k in before
            for name in WORDED
            if getattr(before[k], name) != getattr(a, name)
        ),
    )


def previous_report(group: Group, round_: Round) -> Report | None:
    """The group's latest report to a round earlier than round_ (rounds.yml order)."""
    earlier = [r for r in group.reports if r.round.order < round_.order]
    return max(earlier, key=lambda r: r.round.order) if earlier else None


def round_changes(ds: Dataset, round_: Round) -> list[tuple[Group, ReportChanges]]:
    """Per group that reported to round_, the changes since its previous report."""
    out = []
    for g in ds.groups:
        current = g.report_for(round_.id)
        if current is not None:
            out.append((g, compare(previous_report(g, round_), current)))
    return out
