"""Versions of the data format, and `twg migrate`: bring a data directory's files to the
version this generator reads, editing only the lines that have to change.

Every data file names the version of the format it follows with a top-level key,
`schema_version: 1`, matching the version in the schemas' `$id`
(…/schema/v1/group.schema.json). A key, not the `# yaml-language-server: $schema=…` comment:
it is part of the data (validated by the schema, kept by tools that rewrite YAML, visible to
the editor who copies a neighbour's file), while a comment's path differs between site layouts
and may be dropped or edited without anything noticing. A file without the key is in the
unversioned form the generator read before versions existed: version 0.

A migration is a function from one version's file text to the next's. It edits text, not
parsed YAML, so comments, quoting, key order, blank lines, a byte-order mark and Windows line
endings all stay as they were except where the format changed. The loader still reads files of
version OLDEST_READ and newer (so an upgrade does not break a site before it migrates); a
migration that changes the format's structure raises OLDEST_READ to its own version, and older
files are then refused with a message that says to run `twg migrate`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from twg.data.problems import Problem

CURRENT = 1  # the version this generator writes and reads; the schemas' $id carries it
OLDEST_READ = 0  # the oldest version the loader still reads (older: "run twg migrate")
KEY = "schema_version"

_HEAD = re.compile(r"(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n))*")  # leading comment and blank lines


def version_of(data: Any) -> int | None:
    """The version a parsed file says it follows (0: the unversioned form), or None if its
    `schema_version` is not a whole number (the schema reports that)."""
    if not isinstance(data, dict) or KEY not in data:
        return 0
    value = data[KEY]
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def problems(data: Any, display: str, line: int) -> list[Problem]:
    """A file whose version this generator cannot read, located at its schema_version line."""
    version = version_of(data)
    if version is None:
        return []
    if version > CURRENT:
        return [Problem(display, line, KEY, f"this file follows version {version} of the data format; this generator reads up to version {CURRENT}: upgrade the generator (requirements.txt)")]
    if version < OLDEST_READ:
        return [Problem(display, line, KEY, f"this file follows version {version} of the data format, which this generator no longer reads: run `twg migrate` to bring it to version {CURRENT}")]
    return []


def _to_v1(text: str) -> str:
    """0 → 1: name the version. `schema_version: 1` goes right after the file's leading
    comments (the `$schema` line and the file's own notes), before its first key."""
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    head = _HEAD.match(body)
    end = head.end() if head else 0
    rest = body[end:]
    if rest.startswith("---"):  # an explicit document start: the key goes after it
        marker = re.match(r"---[^\r\n]*(?:\r\n|\n)?", rest)
        assert marker
        end += marker.end()
        rest = body[end:]
    if rest.lstrip().startswith(("{", "[")) or (rest and rest[0] in " \t"):
        raise MigrationError("its top level is not a block mapping (`key: value` lines): add `schema_version: 1` by hand")
    if end and not body[:end].endswith(("\n", "\r\n")):
        body = body[:end] + newline + body[end:]
        end += len(newline)
    return bom + body[:end] + f"{KEY}: 1{newline}" + body[end:]


MIGRATIONS: dict[int, Callable[[str], str]] = {0: _to_v1}  # from version N to N + 1


class MigrationError(ValueError):
    pass


def data_files(root: Path) -> list[Path]:
    """The data files of a directory, as the loader finds them."""
    from twg.data.dataset import is_ignored  # the loader's own rule for editor and hidden files

    found = [root / name for name in ("site.yml", "rounds.yml", "coordination.yml")]
    groups = root / "groups"
    if groups.is_dir():
        found += sorted(p for p in groups.iterdir() if p.suffix in (".yml", ".yaml") and not is_ignored(p.name))
    return [p for p in found if p.is_file() and not p.is_symlink()]


def migrate_text(text: str, version: int) -> str:
    while version < CURRENT:
        text = MIGRATIONS[version](text)
        version += 1
    return text


def migrate(root: Path, *, write: bool = True) -> tuple[list[tuple[Path, int]], list[Problem]]:
    """Bring every data file of root to CURRENT: ([(file, its old version)] that changed, or
    would with write=False; problems for files that cannot be migrated). Files are only
    written once all of them could be migrated."""
    from twg.data.yamlfile import load_file

    changes: list[tuple[Path, int, str, bytes]] = []
    found: list[Problem] = []
    for path in data_files(root):
        doc, parse_problems = load_file(path, str(path))
        if doc is None:
            found.extend(parse_problems or [Problem(str(path), 1, "(file)", "cannot be read")])
            continue
        version = version_of(doc.data)
        if version is None or version > CURRENT:
            found.extend(problems(doc.data, str(path), 1) or [Problem(str(path), 1, KEY, "must be a whole number")])
            continue
        if version == CURRENT:
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        try:
            new = migrate_text(text, version)
        except MigrationError as err:
            found.append(Problem(str(path), 1, KEY, str(err)))
            continue
        changes.append((path, version, new, raw))
    if write and not found:
        for path, _, new, _ in changes:
            tmp = path.with_name(f".{path.name}.migrate")
            tmp.write_bytes(new.encode("utf-8"))
            tmp.replace(path)  # atomic: an interrupted run leaves each file old or new, never half
    return [(path, version) for path, version, _, _ in changes], found
