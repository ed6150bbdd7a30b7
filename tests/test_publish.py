"""`twg round publish`: refuses incomplete rounds, edits rounds.yml in place keeping comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from twg.cli import publish
from twg.cli.main import main
from twg.data.dataset import load_dataset

NEXT_ROUND = """\
  # The next meeting: groups add their reports, then the secretariat publishes.
  - id: gdcc-16
    number: 16
    title: 16th GDCC   # provisional title
    period: {from: 2009-09, to: 2010-02}
    published:   # set by twg round publish
"""


def test_an_incomplete_round_is_refused_with_the_missing_groups(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rounds = data_copy / "rounds.yml"
    rounds.write_text(rounds.read_text(encoding="utf-8") + NEXT_ROUND, encoding="utf-8")
    before = rounds.read_bytes()
    assert main(["round", "publish", "gdcc-16", "--data", str(data_copy), "--date", "2010-03-01"]) == 1
    err = capsys.readouterr().err
    assert "gdcc-16 is not complete: 19 active group(s) have not reported" in err
    assert "not reported: rwssh (TWG-RWSSH)" in err and "not reported: ph (TWG-P&H)" in err
    assert rounds.read_bytes() == before  # nothing written
    # --allow-missing publishes anyway, still naming who is missing.
    assert main(["round", "publish", "gdcc-16", "--data", str(data_copy), "--date", "2010-03-01", "--allow-missing"]) == 0
    assert "not reported: rwssh" in capsys.readouterr().err
    assert load_dataset(data_copy).round("gdcc-16").published.iso == "2010-03-01"


def test_a_complete_round_is_marked_published_keeping_comments_and_layout(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rounds = data_copy / "rounds.yml"
    original = rounds.read_text(encoding="utf-8")
    # Make the 15th GDCC a draft again (every group has reported to it), with a comment on the line.
    draft = original.replace('    published: "2009"\n    source: cdc-2009-progress\n    summary:', '    published:  # not yet\n    source: cdc-2009-progress\n    summary:')
    assert draft != original
    rounds.write_text(draft, encoding="utf-8")
    assert not load_dataset(data_copy).round("gdcc-15").is_published

    assert main(["round", "publish", "gdcc-15", "--data", str(data_copy), "--date", "2009-09-30"]) == 0
    assert "gdcc-15 marked published on 2009-09-30" in capsys.readouterr().err
    after = rounds.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(draft.splitlines(), after.splitlines(), strict=False) if a != b]
    assert changed == [("    published:  # not yet", "    published: 2009-09-30  # not yet")]
    assert len(after.splitlines()) == len(draft.splitlines())
    assert after.startswith("# yaml-language-server:") and "# Each GDCC meeting the groups report to." in after
    assert load_dataset(data_copy).round("gdcc-15").published.iso == "2009-09-30"
    # Publishing again changes nothing.
    assert main(["round", "publish", "gdcc-15", "--data", str(data_copy), "--date", "2010-01-01"]) == 0
    assert "already published on 2009-09-30" in capsys.readouterr().err
    assert rounds.read_text(encoding="utf-8") == after


def test_published_is_added_when_the_round_has_no_such_line() -> None:
    text = "rounds:\n  # first\n  - id: a\n    title: A  # kept\n  - id: b\n    title: B\n"
    out = publish.set_published(text, "b", "2011-02-03")
    assert out == "rounds:\n  # first\n  - id: a\n    title: A  # kept\n  - id: b\n    published: 2011-02-03\n    title: B\n"
    with pytest.raises(publish.PublishError, match="no round 'c'"):
        publish.set_published(text, "c", "2011-02-03")


@pytest.mark.parametrize("date", ["2010-02-30", "2010-2-1", "soon"])
def test_bad_dates_and_unknown_rounds_are_refused(data_copy: Path, date: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = (data_copy / "rounds.yml").read_bytes()
    assert main(["round", "publish", "gdcc-15", "--data", str(data_copy), "--date", date]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["round", "publish", "gdcc-99", "--data", str(data_copy)]) == 1
    assert "no round 'gdcc-99'" in capsys.readouterr().err
    assert (data_copy / "rounds.yml").read_bytes() == before
