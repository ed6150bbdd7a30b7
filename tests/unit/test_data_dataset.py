"""twg.data.dataset on the small fixture data sets: what the model holds, every problem found."""

from __future__ import annotations

from pathlib import Path

import pytest

from twg.data.dataset import DataError, load_dataset

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_the_minimal_set_becomes_the_model() -> None:
    ds = load_dataset(FIXTURES / "minimal")
    assert [g.id for g in ds.groups] == ["alpha", "beta"]
    assert [r.id for r in ds.rounds] == ["r1", "r2"]
    assert ds.latest_round is not None and ds.latest_round.id == "r1"  # r2 is a draft
    assert [r.id for r in ds.draft_rounds] == ["r2"]
    alpha = ds.group("alpha")
    assert alpha.latest_report is not None and alpha.latest_report.round.id == "r1"
    assert alpha.latest_report.status_counts() == {"completed": 1, "behind_schedule": 1}
    assert [m.when.iso for m in alpha.meetings] == ["2024-02", "2023-03-02"]  # newest first
    assert ds.group("alpha").name.get("km", "en")[0] == "អាល់ហ្វា"
    assert ds.site.languages == ("en", "km")


def test_the_broken_set_reports_every_problem_with_file_line_and_field() -> None:
    root = FIXTURES / "broken"
    expected = [line for line in (root / "expected.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    with pytest.raises(DataError) as err:
        load_dataset(root)
    found = [f"{Path(p.path).resolve().relative_to(root).as_posix()}:{p.line}: {p.field}" for p in err.value.problems]
    assert sorted(found) == sorted(expected)
