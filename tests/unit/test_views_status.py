"""twg.views.status on the minimal fixture: counts, dormancy, what each round got."""

from __future__ import annotations

from pathlib import Path

from twg.data.dataset import load_dataset
from twg.views import status

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DS = load_dataset(FIXTURES / "minimal")


def test_dormant_means_no_meeting_or_report_for_the_configured_months() -> None:
    today = (2024, 6, 30)  # data_as_of
    assert not status.is_dormant(DS.group("alpha"), 12, today)  # met in 2024-02
    assert status.is_dormant(DS.group("beta"), 12, today)  # last met 2022-01
    assert status.last_activity(DS.group("beta")).iso == "2022-01-10"  # type: ignore[union-attr]


def test_round_counts_include_groups_that_did_not_report() -> None:
    r1 = DS.round("r1")
    rows = status.reports_for_round(DS, r1)
    assert [(g.id, rep is not None) for g, rep in rows] == [("alpha", True), ("beta", False)]
    assert status.behind_schedule(rows[0][1])[0].reason is not None  # type: ignore[arg-type]
    counts = status.round_counts(rows)
    assert counts.get("completed") == 1 and counts.get("behind_schedule") == 1
