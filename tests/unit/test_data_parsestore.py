"""twg.data.parsestore: a file's parse and own checks come back from the cache exactly as
parsed; a changed, damaged or inexact entry is parsed anew."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from twg.data.dataset import DataError, load_dataset
from twg.data.parsestore import ParseStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "minimal", tmp_path / "data"))


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "parsed").rglob("*.json"))


def test_a_dataset_loaded_from_the_store_equals_the_parsed_one(data: Path, tmp_path: Path) -> None:
    store = ParseStore(tmp_path / "cache")
    parsed = load_dataset(data, store=store)
    assert len(_entries(tmp_path / "cache")) == 4  # site, rounds, two groups
    again = load_dataset(data, store=store)
    assert again.groups == parsed.groups and again.rounds == parsed.rounds and again.site == parsed.site
    assert {k: (d.lines, d.key_lines, d.flow, d.blocks, d.links) for k, d in again.docs.items()} == \
        {k: (d.lines, d.key_lines, d.flow, d.blocks, d.links) for k, d in parsed.docs.items()}


def test_the_store_is_read_and_an_edit_or_a_damaged_entry_is_parsed_anew(data: Path, tmp_path: Path) -> None:
    store = ParseStore(tmp_path / "cache")
    load_dataset(data, store=store)
    for entry in _entries(tmp_path / "cache"):
        text = entry.read_text(encoding="utf-8")
        if '"short_name":"WG-A"' in text:
            entry.write_text(text.replace('"short_name":"WG-A"', '"short_name":"FROM-THE-STORE"'), encoding="utf-8")
    assert load_dataset(data, store=store).group("alpha").short_name.get("en", "en")[0] == "FROM-THE-STORE"  # read back
    for entry in _entries(tmp_path / "cache"):
        entry.write_text("{damaged", encoding="utf-8")
    assert load_dataset(data, store=store).group("alpha").short_name.get("en", "en")[0] == "WG-A"
    group = data / "groups" / "alpha.yml"
    group.write_text(group.read_text(encoding="utf-8").replace("short_name: WG-A", "short_name: EDITED"), encoding="utf-8")
    assert load_dataset(data, store=store).group("alpha").short_name.get("en", "en")[0] == "EDITED"


def test_problems_come_back_from_the_store(data: Path, tmp_path: Path) -> None:
    group = data / "groups" / "beta.yml"
    group.write_text(group.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    store = ParseStore(tmp_path / "cache")
    with pytest.raises(DataError) as first:
        load_dataset(data, store=store)
    with pytest.raises(DataError) as second:
        load_dataset(data, store=store)
    assert [str(p) for p in second.value.problems] == [str(p) for p in first.value.problems] != []


def test_a_document_json_would_not_give_back_exactly_is_not_kept(tmp_path: Path) -> None:
    from twg.data.yamlfile import YamlDoc

    store = ParseStore(tmp_path / "cache")
    for data in ({1: "x"}, {"a": (1, 2)}, {"a": float("nan")}, {"a": object()}):
        store.put(f"k{len(_entries(tmp_path / 'cache'))}", YamlDoc("x.yml", data), [])
    store.put("kept", YamlDoc("x.yml", {"a": [1, 2.0, True, None, "s"]}), [])
    assert [p.stem for p in _entries(tmp_path / "cache")] == ["kept"]
    got = store.get("kept")
    assert got is not None and got[0] is not None and got[0].data == {"a": [1, 2.0, True, None, "s"]}
    assert [type(v) for v in got[0].data["a"]] == [int, float, bool, type(None), str]


def test_entries_no_load_used_for_a_month_are_pruned(data: Path, tmp_path: Path) -> None:
    import os
    import time

    store = ParseStore(tmp_path / "cache")
    load_dataset(data, store=store)
    old, *recent = _entries(tmp_path / "cache")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    assert store.prune() == 1
    assert _entries(tmp_path / "cache") == recent
