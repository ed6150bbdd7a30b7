"""The columns of the CSV downloads, each tied to the schema field it comes from.

The JSON Schemas (src/twg/data/schema/) are the vocabulary: a column's title, meaning,
type, pattern and allowed values with their labels are read from the field it exports
(schemas.field_doc), so the Downloads page, the Table Schemas of datapackage.json and the
editors' hints cannot drift apart. A column says something of its own (`note`) only where
the CSV differs from the YAML field (an id that is a key here, a derived address) or where
the schema's help gives an example from one country's data.

Column names and order are a public interface: add columns at the end, never rename or
reorder them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from twg.data.schemas import field_doc

_ACT = "group#/properties/action_plans/items/properties/activities/items/properties/"
_REP = "group#/$defs/report/properties/"
_MEET = "group#/$defs/meeting/properties/"
_ROUND = "rounds#/properties/rounds/items/properties/"


@dataclass(frozen=True)
class Column:
    name: str
    ref: str | None  # schemas.field_doc reference of the field it exports; None: derived here
    title: str | None = None  # where the schema field has no title of its own, or a better one here
    note: str | None = None  # what the column means in the CSV, where the schema's words are the YAML's
    type: str | None = None  # Table Schema type, where it is not the schema field's

    @cached_property
    def doc(self) -> dict[str, Any]:
        return field_doc(self.ref) if self.ref else {"type": "string"}

    @property
    def label(self) -> str:
        return self.title or self.doc.get("title") or self.name

    @property
    def description(self) -> str:
        return self.note or self.doc.get("description") or self.label

    @property
    def values(self) -> dict[str, str]:
        """Allowed codes and their labels (empty when the column is free text)."""
        return dict(self.doc.get("values", {}))


def _round_id(what: str) -> Column:
    return Column("round_id", _REP + "round", note=f"The round {what} was reported to: a round_id of rounds.csv."
                  + (" Empty for an action-plan activity that no report covers yet." if what == "the status" else ""))


def _report_keys(what: str) -> tuple[Column, ...]:
    """The first columns of a table of report rows: the round, the group's id and short name."""
    return (_round_id(what), _GROUP_ID, _GROUP)


def _fields(prefix: str, *names: str) -> tuple[Column, ...]:
    """Columns named as the schema fields under prefix they export."""
    return tuple(Column(name, prefix + name) for name in names)


_GROUP_ID = Column("group_id", "group#/properties/id", title="Working group", note="The working group: a group_id of groups.csv.")
_GROUP = Column("group", "group#/properties/short_name", note="The working group's short name (as in groups.csv).")
_ROUND_PUBLISHED = Column("round_published", _ROUND + "published", title="Round published",
                          note="When the round was published (as in rounds.csv); empty while it is a draft: a draft's rows are not yet published facts.")

TABLES: dict[str, tuple[Column, ...]] = {
    "activities": (
        *_report_keys("the status"),
        Column("activity_id", _ACT + "id", title="Activity id"),
        Column("activity", _ACT + "title"),
        Column("plan_year", "group#/properties/action_plans/items/properties/year", title="Action plan year",
               note="Year of the action plan the activity belongs to."),
        Column("area", _ACT + "area"),
        Column("schedule", _ACT + "schedule"),
        *_fields(_REP + "activities/items/properties/", "status", "reason", "note", "progress", "recommendation"),
        Column("activity_in_report", _REP + "activities/items/properties/title"),
        _ROUND_PUBLISHED,
    ),
    "issues": (
        *_report_keys("the issues"),
        Column("issues_status", _REP + "issues/properties/status",
               note="Whether the group raised issues for the coordination committee's consideration (Annex II); "
                    "a row with this column only (no issue) records the answer of a group that raised none."),
        Column("issue_id", _REP + "issues/properties/items/items/properties/id", title="Issue id",
               note="The issue's id, when the group tracks it across rounds."),
        *_fields(_REP + "issues/properties/items/items/properties/", "issue", "need"),
        _ROUND_PUBLISHED,
    ),
    "resources": (
        *_report_keys("the resources"),
        *_fields(_REP + "resources/properties/", "sufficiency", "reasons", "challenges", "solutions", "details", "support_requested"),
        _ROUND_PUBLISHED,
    ),
    "meetings": (
        _GROUP_ID,
        _GROUP,
        Column("meeting_id", _MEET + "id", title="Meeting id",
               note="The meeting's id, unique within the group: its number, or its date when it has none."),
        Column("number", _MEET + "number"),
        Column("date", _MEET + "date", note="When the meeting took place: YYYY-MM-DD, or YYYY-MM or YYYY where the "
                                            "source gives only the month or year (the day is then not known)."),
        Column("period_from", "common#/$defs/period/properties/from", title="Took place between (from)",
               note="For a meeting known only by a window of time: its start."),
        Column("period_to", "common#/$defs/period/properties/to", title="Took place between (to)",
               note="The end of that window."),
        Column("kind", _MEET + "kind"),
        Column("title", _MEET + "title"),
        Column("round_id", _MEET + "round", note="The round this meeting fed into, if any: a round_id of rounds.csv."),
        Column("summary", _MEET + "summary"),
        Column("page", None, title="Web page", note="Address of the meeting's page, relative to the site's root."),
    ),
    "groups": (
        Column("group_id", "group#/properties/id", title="Working group id",
               note="The group's id, used in its web address and in the other tables."),
        Column("number", "group#/properties/number"),
        Column("short_name", "group#/properties/short_name", note="The abbreviation used in reports."),
        Column("name", "group#/properties/name", note="The group's full name."),
        Column("sector", "group#/properties/sector"),
        Column("active", "group#/properties/active"),
        Column("chair", "group#/properties/chair"),
        Column("lead_partners", "group#/properties/lead_partners",
               note="Lead facilitator and co-facilitating development partners, separated by '; '."),
        Column("secretariat", "group#/properties/secretariat"),
        Column("page", None, title="Web page", note="Address of the group's page, relative to the site's root."),
    ),
    "rounds": (
        Column("round_id", _ROUND + "id", title="Round id", note="The round's id, used in its web address and in the other tables."),
        Column("number", _ROUND + "number", note="The round's number, if rounds are numbered."),
        Column("title", _ROUND + "title", note="The round's name."),
        Column("date", _ROUND + "date", note="Date of the meeting (YYYY-MM-DD, or YYYY-MM or YYYY as the source gives it)."),
        Column("period_from", "common#/$defs/period/properties/from", title="Reporting period (from)"),
        Column("period_to", "common#/$defs/period/properties/to", title="Reporting period (to)"),
        Column("published", _ROUND + "published", note="When the round's consolidated report was published; empty while it is a draft."),
        Column("page", None, title="Web page", note="Address of the round's consolidated report, relative to the site's root."),
    ),
}

# The key of each table, and the tables its columns refer to (datapackage.json says so).
# activities has none: an action-plan activity that no report covers yet is a row without a round.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "resources": ("round_id", "group_id"),
    "meetings": ("group_id", "meeting_id"),
    "groups": ("group_id",),
    "rounds": ("round_id",),
}
FOREIGN_KEYS: dict[str, tuple[tuple[str, str, str], ...]] = {  # table -> (column, other table, its column)
    "activities": (("round_id", "rounds", "round_id"), ("group_id", "groups", "group_id")),
    "issues": (("round_id", "rounds", "round_id"), ("group_id", "groups", "group_id")),
    "resources": (("round_id", "rounds", "round_id"), ("group_id", "groups", "group_id")),
    "meetings": (("group_id", "groups", "group_id"), ("round_id", "rounds", "round_id")),
}
