"""twg.outputs.exports on the minimal fixture: the CSV and JSON downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from twg.data.dataset import load_dataset
from twg.outputs import exports

DS = load_dataset(Path(__file__).resolve().parent.parent / "fixtures" / "minimal")


def test_activity_rows_per_round_and_group() -> None:
    rows = exports.rows(DS, "activities", round_id="r1")
    assert [(r["group_id"], r["activity_id"], r["status"]) for r in rows] == [("alpha", "plan", "completed"), ("alpha", "law", "behind_schedule")]
    assert exports.rows(DS, "activities", group_id="beta") == []


def test_csv_has_a_header_and_one_line_per_row() -> None:
    text = exports.to_csv("meetings", exports.rows(DS, "meetings"))
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) == 1 + 3 and "date" in table[0]


def test_every_download_is_valid_and_names_only_fixture_groups() -> None:
    files = dict(exports.files(DS))
    doc = json.loads(files["downloads/all/dataset.json"])
    assert sorted(g["id"] for g in doc["groups"]) == ["alpha", "beta"]
    assert any(path.startswith("downloads/groups/beta/") for path in files)
