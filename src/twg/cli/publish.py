"""`twg round publish ROUND`: mark a round's consolidated report as published.

Refuses while an active group has not reported (unless --allow-missing), then
sets `published:` in data/rounds.yml by editing that one line in place — the
file's comments, quoting and layout are the editors', not ours to reformat —
and validates the whole data set again, restoring the file if it no longer loads.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from twg.cli import datafile
from twg.data.dataset import DataError, load_dataset
from twg.data.model import Group, PartialDate
from twg.data.yamlfile import load_text

ROUNDS_FILE = "rounds.yml"
_PUBLISHED = re.compile(r"^(?P<key>\s*(?:-\s+)?published:)(?P<value>[^#\n]*?)(?P<comment>\s+#.*)?$")
_ID = re.compile(r"^(?P<indent>\s*(?:-\s+)?)id:")


class PublishError(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    status: str  # "published", "incomplete" (refused) or "already" (published before)
    message: str
    missing: tuple[Group, ...] = ()


def set_published(text: str, round_id: str, date: str) -> str:
    """rounds.yml text with the round's `published:` set to date; every other byte unchanged."""
    doc, problems = load_text(text, ROUNDS_FILE)
    if doc is None or problems:
        raise PublishError(f"{ROUNDS_FILE} cannot be read: {problems[0] if problems else 'empty'}")
    ids = [r.get("id") for r in doc.data.get("rounds", [])]
    if round_id not in ids:
        raise PublishError(f"no round '{round_id}' in {ROUNDS_FILE}")
    i = ids.index(round_id)
    lines = text.splitlines(keepends=True)
    key_line = doc.key_lines.get(("rounds", i, "published"))
    if key_line is not None:
        line = lines[key_line - 1]
        m = _PUBLISHED.match(line.rstrip("\r\n"))
        if not m:
            raise PublishError(f"{ROUNDS_FILE}:{key_line}: cannot edit 'published' here; set it by hand")
        ending = line[len(line.rstrip("\r\n")):]
        lines[key_line - 1] = f"{m.group('key')} {date}{m.group('comment') or ''}{ending}"
    else:
        id_line = doc.key_lines[("rounds", i, "id")]
        m = _ID.match(lines[id_line - 1])
        if not m:
            raise PublishError(f"{ROUNDS_FILE}:{id_line}: round '{round_id}' is not written as a block mapping; set 'published' by hand")
        ending = "\r\n" if lines[id_line - 1].endswith("\r\n") else "\n"
        lines.insert(id_line, " " * len(m.group("indent")) + f"published: {date}{ending}")
    return "".join(lines)


def publish(data_dir: str | Path, round_id: str, date: str, allow_missing: bool = False) -> Outcome:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or PartialDate.check(date):
        raise PublishError(f"--date must be a real date written YYYY-MM-DD, not '{date}'")
    ds = load_dataset(data_dir)
    try:
        round_ = ds.round(round_id)
    except KeyError:
        raise PublishError(f"no round '{round_id}' in {ROUNDS_FILE}; known: {', '.join(r.id for r in ds.rounds)}") from None
    missing = tuple(g for g in ds.groups if g.active and g.report_for(round_id) is None)
    if round_.published is not None:
        return Outcome("already", f"{round_id} was already published on {round_.published.iso}; nothing changed")
    if missing and not allow_missing:
        return Outcome("incomplete", f"{round_id} is not complete: {len(missing)} active group(s) have not reported", missing)
    try:
        file = datafile.read(Path(data_dir) / ROUNDS_FILE, Path(data_dir))
    except datafile.DataFileError as err:
        raise PublishError(str(err)) from None
    datafile.write(file, set_published(file.text, round_id, date))  # BOM and line endings kept
    try:
        load_dataset(data_dir)
    except DataError:
        datafile.write(file, file.text)  # never leave the data broken
        raise
    path = file.path
    note = f" ({len(missing)} group(s) not reported, allowed)" if missing else ""
    return Outcome("published", f"{round_id} marked published on {date} in {path}{note}", missing)


def main(data_dir: str, round_id: str, date: str | None, allow_missing: bool) -> int:
    """The CLI command: 0 published (or already), 1 refused or failed."""
    from twg.cli.output import report_problems

    date = date or dt.date.today().isoformat()
    try:
        out = publish(data_dir, round_id, date, allow_missing)
    except PublishError as err:
        print(f"twg round publish: {err}", file=sys.stderr)
        return 1
    except DataError as err:
        report_problems(err.problems)
        print(f"{len(err.problems)} problem(s) in {data_dir}; nothing was published.", file=sys.stderr)
        return 1
    for g in out.missing:
        print(f"not reported: {g.id} ({g.short_name})", file=sys.stderr)
    print(out.message, file=sys.stderr)
    if out.status == "incomplete":
        print("Publish when they have reported, or pass --allow-missing to publish without them.", file=sys.stderr)
        return 1
    return 0
