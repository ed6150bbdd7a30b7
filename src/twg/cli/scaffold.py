"""`twg new …`: start a group file, a meeting or a report from a commented
skeleton instead of a blank page.

A new group gets its own file. A meeting or a report is *inserted* into the
group's file at the end of its list (reports: at their place in round order);
every other byte of the file stays as it was, so the pull request shows only
the new lines. Nothing is ever overwritten or duplicated.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from twg.cli import datafile
from twg.data import migrate
from twg.data.dataset import RESERVED_IDS
from twg.data.model import PartialDate
from twg.data.schemas import vocabulary
from twg.data.yamlfile import load_file

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


class ScaffoldError(Exception):
    """Refused: the message says why and what to do instead."""


def _scalar(value: Any) -> str:
    """One YAML scalar, quoted only when YAML needs it."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip().removesuffix("...").strip()


def _choices(name: str) -> str:
    return " | ".join(vocabulary(name))


def _raw(path: Path) -> Any:
    doc, problems = load_file(path)
    if doc is None:
        raise ScaffoldError(f"cannot read {path}: {problems[0].message if problems else 'unknown error'}")
    return doc.data


def _sources(data: Path) -> list[str]:
    site = _raw(data / "site.yml")
    return [s["id"] for s in site.get("sources", []) if isinstance(s, dict) and "id" in s]


def _check_source(data: Path, source: str) -> None:
    known = _sources(data)
    if source not in known:
        raise ScaffoldError(f"unknown source '{source}': add the document to 'sources' in {data / 'site.yml'} first (known: {', '.join(known)})")


def _group_file(data: Path, group: str) -> Path:
    if not _ID.fullmatch(group):
        raise ScaffoldError(f"'{group}' is not a group id (lower-case letters, digits and hyphens, e.g. rwssh); nothing was changed")
    path = data / "groups" / f"{group}.yml"
    try:
        datafile.inside(path, data)
    except datafile.DataFileError as err:
        raise ScaffoldError(str(err)) from None
    if not path.exists():
        known = sorted(p.stem for p in (data / "groups").glob("*.yml"))
        raise ScaffoldError(f"no group '{group}' ({path} does not exist; known: {', '.join(known)})")
    return path


# --- new group -----------------------------------------------------------------------

def new_group(data: Path, group_id: str, source: str, short_name: str | None = None, name: str | None = None) -> Path:
    if not _ID.fullmatch(group_id) or group_id in RESERVED_IDS:
        raise ScaffoldError(f"'{group_id}' cannot be a group id: use lower-case letters, digits and hyphens (e.g. rwssh)")
    path = data / "groups" / f"{group_id}.yml"
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{path} already exists; edit it instead (nothing was changed)")
    _check_source(data, source)
    short = short_name or f"TWG-{group_id.upper()}"
    full = name or group_id.replace("-", " ").title()
    text = f"""\
# yaml-language-server: $schema=../../src/twg/data/schema/group.schema.json
# {short}: one file per working group. Lines starting with # are comments:
# remove the # in front of a field to use it. Field help: CONTRIBUTING.md.
schema_version: {migrate.CURRENT}  # the version of the data format (`twg migrate` updates it)
id: {group_id}  # must stay equal to the file name; it is part of web addresses
# number: 20  # the group's number in the coordination committee's list
short_name: {_scalar(short)}
name: {_scalar(full)}
# sector: Health
active: true  # false once the group is closed or merged (it stays on the site)
source: {source}  # where these facts come from: an id under 'sources' in data/site.yml
# chair: Ministry of …
# lead_partners:
#   - Lead development partner
# secretariat: …
# contact:
#   name: …
#   email: someone@example.org
#   url: https://…
# members:
#   - name: Ministry of …
#     constituency: government  # {_choices('constituency')}
# mandate: |
#   What the group is for (Markdown allowed).

action_plans: []
# action_plans:
#   - year: 2026
#     source: {source}
#     activities:
#       - id: first-activity  # short id, used by reports to refer to it
#         title: What will be done.

reports: []  # add one with: twg new report {group_id} ROUND

meetings: []  # add one with: twg new meeting {group_id}
"""
    try:
        return datafile.create(path, data, text)
    except datafile.DataFileError as err:
        raise ScaffoldError(str(err)) from None


# --- insertion into an existing group file ----------------------------------------------

def _list_node(text: str, key: str, path: Path) -> yaml.Node | None:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise ScaffoldError(f"{path} is not a group file (run twg validate)")
    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _insert(data: Path, path: Path, key: str, entry: list[str], before: int | None = None) -> None:
    """Insert entry lines (written for a list indented by two spaces) as an item of
    the top-level list `key`: before item number `before`, else after the last item.
    The file's own bytes (BOM, line endings) stay; new lines end as the file's do."""
    try:
        file = datafile.read(path, data)
    except datafile.DataFileError as err:
        raise ScaffoldError(str(err)) from None
    text, nl = file.text, file.newline
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += nl
    node = _list_node(text, key, path)
    if node is None:  # no such list yet: add it at the end of the file
        block = [f"{nl}{key}:{nl}"] + [ln + nl for ln in entry]
        datafile.write(file, "".join(lines + block))
        return
    if not isinstance(node, yaml.SequenceNode):
        raise ScaffoldError(f"{path}: '{key}' is not a list; fix it first (run twg validate)")
    if node.flow_style:
        if node.value:
            raise ScaffoldError(f"{path}: '{key}' is written on one line ([...]); write it as a list of '- ' items first")
        # `key: []`: replace just that line by the block list (keeping its comment).
        line_no = node.start_mark.line
        old = lines[line_no]
        comment = old[old.index("#"):].rstrip("\r\n") if "#" in old[node.end_mark.column:] else ""
        head = old[: node.start_mark.column].rstrip()
        lines[line_no] = head + (f"  {comment}" if comment else "") + nl
        lines[line_no + 1:line_no + 1] = [ln + nl for ln in entry]
        datafile.write(file, "".join(lines))
        return
    indent = node.start_mark.column  # column of the '- ' markers
    shifted = [(" " * (indent - 2) + ln if indent >= 2 else ln[2 - indent:]) if ln.strip() else ln for ln in entry]
    if before is not None and before < len(node.value):
        at = node.value[before].start_mark.line  # the line of that item's '- '
    else:
        # After the last item's last line of content, not after comments that
        # introduce whatever follows the list.
        at = min(node.end_mark.line, len(lines))
        while at > node.start_mark.line and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
            at -= 1
    lines[at:at] = [ln + nl for ln in shifted]
    datafile.write(file, "".join(lines))


# --- new meeting ---------------------------------------------------------------------

def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def new_meeting(data: Path, group: str, date: str | None = None, number: int | None = None, source: str | None = None) -> Path:
    path = _group_file(data, group)
    g = _raw(path)
    meetings = [m for m in g.get("meetings") or [] if isinstance(m, dict)]
    numbers = [m["number"] for m in meetings if isinstance(m.get("number"), int)]
    if number is None and numbers:
        number = max(numbers) + 1  # the group numbers its meetings: continue the series
    date = date or dt.date.today().isoformat()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", date) or PartialDate.check(date):
        raise ScaffoldError(f"--date must be a real date written YYYY-MM-DD (or YYYY-MM), not '{date}'; nothing was changed")
    source = source or g.get("source")
    _check_source(data, str(source))
    for m in meetings:
        if number is not None and m.get("number") == number:
            raise ScaffoldError(f"{path} already has meeting number {number}; nothing was changed")
        if number is None and m.get("number") is None and not m.get("id") and str(m.get("date")) == date:
            raise ScaffoldError(f"{path} already has a meeting on {date}; give --number, or edit that meeting; nothing was changed")
    short = g.get("short_name") if isinstance(g.get("short_name"), str) else group
    title = f"{_ordinal(number)} {short} meeting" if number is not None else f"{short} meeting"
    entry = []
    if number is not None:
        entry.append(f"    number: {number}  # the {_ordinal(number)} meeting; its web address ends in /{number}/")
    entry += [
        f"    date: {date}  # YYYY-MM-DD (or YYYY-MM if only the month is known)",
        f"    # kind: …  # only if the source says: {_choices('meeting_kind')}",
        f"    title: {_scalar(title)}",
        f"    source: {source}  # the document these facts come from (an id under 'sources' in data/site.yml)",
        "    # location: …",
        "    # chair: …",
        "    # round: ROUND-ID  # the round (data/rounds.yml) this meeting fed into",
        "    # summary: |",
        "    #   What was discussed and agreed (Markdown allowed).",
        "    # agenda:",
        "    #   - First item",
        "    # decisions:",
        "    #   - First decision",
        "    # attendance: {government: 0, development_partner: 0, ngo: 0, private_sector: 0}",
        "    # documents:",
        "    #   - {title: Minutes, url: https://…}",
    ]
    entry[0] = "  - " + entry[0][4:]
    entry.insert(0, "  # New meeting: check every value; remove the # in front of a field to use it.")
    _insert(data, path, "meetings", entry)
    return path


# --- new report ----------------------------------------------------------------------

def new_report(data: Path, group: str, round_id: str, source: str | None = None) -> Path:
    path = _group_file(data, group)
    g = _raw(path)
    rounds = [r for r in (_raw(data / "rounds.yml").get("rounds") or []) if isinstance(r, dict)]
    order = [r.get("id") for r in rounds]
    if round_id not in order:
        raise ScaffoldError(f"unknown round '{round_id}': add it to {data / 'rounds.yml'} first (known: {', '.join(map(str, order))})")
    rnd = rounds[order.index(round_id)]
    reports = [r for r in g.get("reports") or [] if isinstance(r, dict)]
    if any(r.get("round") == round_id for r in reports):
        raise ScaffoldError(f"{path} already has a report for {round_id}: edit it there; nothing was changed")
    source = source or rnd.get("source") or g.get("source")
    _check_source(data, str(source))
    # Reports stay in round order: insert before the first report of a later round.
    pos = order.index(round_id)
    before = next((i for i, r in enumerate(reports) if r.get("round") in order and order.index(r["round"]) > pos), None)
    plans = sorted((p for p in g.get("action_plans") or [] if isinstance(p, dict) and isinstance(p.get("year"), int)), key=lambda p: p["year"])
    activities = [a["id"] for a in (plans[-1].get("activities") or []) if isinstance(a, dict) and a.get("id")] if plans else []
    entry = [
        f"  # New report for {round_id}: set each activity's status; remove the # in front of a field to use it.",
        f"  - round: {round_id}",
    ]
    period = rnd.get("period")
    if isinstance(period, dict) and period.get("from") and period.get("to"):
        entry.append(f"    period: {{from: {period['from']}, to: {period['to']}}}  # the months this report covers")
    entry.append(f"    source: {source}  # the document these facts come from (an id under 'sources' in data/site.yml)")
    if activities:
        entry.append(f"    activities:  # status: {_choices('activity_status')}")
        for a in activities:
            entry += [f"      - activity: {a}", "        status: not_stated", "        # note: the report's own words"]
    else:
        entry += ["    # activities:  # one entry per action-plan activity", "    #   - activity: ACTIVITY-ID", "    #     status: on_schedule"]
    entry += [
        "    # progress: |",
        "    #   Specific progress (Markdown allowed).",
        "    # challenges: |",
        "    #   Challenges met.",
        "    # recommendations:",
        "    #   - A recommendation for the coordination committee",
        "    # issues:",
        f"    #   status: raised  # {_choices('issues_status')}",
        "    #   items:",
        "    #     - issue: What the issue is",
        "    #       need: What is asked of the committee",
        "    # resources:",
        f"    #   sufficiency: sufficient  # {_choices('sufficiency')}",
    ]
    _insert(data, path, "reports", entry, before)
    return path
