"""Versioned data: the schemas' $id names the version, data files name theirs, and
`twg migrate` brings old files to it, changing only the bytes it has to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from twg.cli.main import main as twg
from twg.data import migrate, schemas
from twg.data.dataset import DataError, load_dataset

ROOT = Path(__file__).resolve().parent.parent


def _unversioned(data_dir: Path) -> None:
    """Turn a data directory back into the unversioned form (version 0) of before versions."""
    for path in migrate.data_files(data_dir):
        lines = path.read_bytes().split(b"\n")
        kept = [line for line in lines if not line.startswith(b"schema_version:")]
        assert len(kept) == len(lines) - 1, path  # every file of the real data names its version
        path.write_bytes(b"\n".join(kept))


def test_every_schema_id_and_every_data_file_names_the_current_version() -> None:
    for name in schemas.SCHEMA_FILES:
        assert schemas.schema(name)["$id"] == f"{schemas.SCHEMA_BASE}v{migrate.CURRENT}/{name}.schema.json"
    for data_dir in (ROOT / "data", ROOT / "examples/laos/data"):
        for path in migrate.data_files(data_dir):
            assert f"\n{migrate.KEY}: {migrate.CURRENT}\n" in path.read_text(encoding="utf-8"), path
    assert migrate.migrate(ROOT / "data", write=False) == ([], [])


def test_migrate_brings_unversioned_files_to_v1_changing_nothing_else(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _unversioned(data_copy)
    before = {p: p.read_bytes() for p in migrate.data_files(data_copy)}
    assert twg(["migrate", "--data", str(data_copy), "--check"]) == 1  # CI can ask without writing
    assert {p: p.read_bytes() for p in before} == before
    assert twg(["migrate", "--data", str(data_copy)]) == 0
    out = capsys.readouterr().err
    assert f"{len(before)} file(s) brought to version {migrate.CURRENT}" in out
    for path, old in before.items():
        new = path.read_bytes()
        assert new == (ROOT / "data" / path.relative_to(data_copy)).read_bytes(), path  # as the real data is
        assert new.replace(b"schema_version: 1\n", b"", 1) == old  # one line added, every other byte kept
    assert twg(["migrate", "--data", str(data_copy), "--check"]) == 0
    assert twg(["migrate", "--data", str(data_copy)]) == 0 and "already" in capsys.readouterr().err  # nothing twice
    load_dataset(data_copy)


def test_the_line_goes_after_the_leading_comments_and_keeps_bom_and_crlf(tmp_path: Path) -> None:
    text = "\ufeff# yaml-language-server: $schema=x\r\n# notes\r\n\r\nid: a  # stays\r\nname: 'A'\r\n"
    assert migrate.migrate_text(text, 0) == "\ufeff# yaml-language-server: $schema=x\r\n# notes\r\n\r\nschema_version: 1\r\nid: a  # stays\r\nname: 'A'\r\n"
    assert migrate.migrate_text("---\nid: a\n", 0) == "---\nschema_version: 1\nid: a\n"
    assert migrate.migrate_text("id: a\n", 0) == "schema_version: 1\nid: a\n"
    with pytest.raises(migrate.MigrationError):
        migrate.migrate_text("{id: a, name: b}\n", 0)


def test_nothing_is_written_unless_every_file_can_be_migrated(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _unversioned(data_copy)
    flow = data_copy / "groups" / "zz-flow.yml"
    flow.write_text("{id: zz-flow, short_name: Z, name: Z, source: cdc-2009-progress}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in migrate.data_files(data_copy)}
    assert twg(["migrate", "--data", str(data_copy)]) == 1
    assert "zz-flow.yml:1: schema_version: its top level is not a block mapping" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in before} == before


def test_a_file_of_a_newer_version_is_refused_with_what_to_do(data_copy: Path) -> None:
    site = data_copy / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 2", 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(data_copy)
    (problem,) = [p for p in err.value.problems if p.field == "schema_version"]
    assert problem.line > 1 and "upgrade the generator" in problem.message


def test_once_a_migration_changes_the_format_older_files_must_be_migrated(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mechanism for the next structural change: the loader refuses what it no longer reads."""
    _unversioned(data_copy)
    load_dataset(data_copy)  # version 0 is still read (v1 only names the version)
    monkeypatch.setattr(migrate, "OLDEST_READ", 1)
    with pytest.raises(DataError) as err:
        load_dataset(data_copy)
    assert all("run `twg migrate`" in p.message for p in err.value.problems if p.field == "schema_version")
    assert len([p for p in err.value.problems if p.field == "schema_version"]) == len(migrate.data_files(data_copy))


def test_published_schemas_resolve_their_references_through_the_versioned_ids() -> None:
    group = json.loads(schemas.schema_text("group"))
    assert group["$id"].endswith("/v1/group.schema.json")
    assert any('"$ref": "common.schema.json#' in schemas.schema_text(n) for n in schemas.SCHEMA_FILES)  # relative to the $id
