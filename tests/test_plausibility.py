"""Facts that look wrong are flagged (issue #13, part 3): `twg validate` warns with file, line
and field, still exits 0; --format github writes ::warning annotations; --strict fails.
Every registered check is triggered here by the fact it looks for, at the line it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from twg.cli.main import main
from twg.data import plausibility
from twg.data.dataset import load_dataset


def _edit(path: Path, old: str, new: str) -> int:
    """Replace old by new once; return the (1-based) line where new starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    before = text[: text.index(old)]
    path.write_text(text.replace(old, new), encoding="utf-8")
    return before.count("\n") + 1 + (len(new) - len(new.lstrip("\n")))


NEW_GROUP = """id: newgroup
short_name: TWG-New
name: New group
source: cdc-2009-progress
"""


@pytest.fixture()
def suspicious(data_copy: Path) -> tuple[Path, dict[str, tuple[str, int]]]:
    """The real data with one suspicious fact per check; check id -> (file, line) expected."""
    g = data_copy / "groups"
    expect: dict[str, tuple[str, int]] = {}
    # a meeting dated before the one listed above it (and numbered after it)
    line = _edit(g / "rwssh.yml", "    date: 2009-03-30\n", "    date: 2008-11-30\n")
    expect["meeting-order"] = ("groups/rwssh.yml", line)
    # a meeting after data_as_of (2009-11), said to feed into a round held before it
    text = (g / "rwssh.yml").read_text(encoding="utf-8").rstrip("\n")
    (g / "rwssh.yml").write_text(text + "\n  - number: 8\n    date: 2010-01-15\n    round: gdcc-15\n    source: cdc-2009-progress\n", encoding="utf-8")
    n = text.count("\n") + 1
    expect["after-data-as-of"] = ("groups/rwssh.yml", n + 2)
    expect["meeting-after-its-round"] = ("groups/rwssh.yml", n + 3)
    # an activity of the 2010 plan reported at the 14th GDCC (January–April 2009)
    _edit(g / "ppr.yml", "\nreports:\n", "\n  - year: 2010\n    source: cdc-2009-progress\n    activities:\n      - id: plan-2010\n        title: A 2010 activity\n\nreports:\n")
    line = _edit(g / "ppr.yml", "      - {activity: aop-2009, status: on_schedule, note: All are on-schedule}\n",
                 "      - {activity: plan-2010, status: on_schedule}\n      - {activity: aop-2009, status: on_schedule, note: All are on-schedule}\n")
    expect["activity-before-plan-year"] = ("groups/ppr.yml", line)
    # a report whose period does not overlap its round's
    text = (g / "fisheries.yml").read_text(encoding="utf-8")
    line = _edit(g / "fisheries.yml", "  - round: gdcc-15\n    period: {from: 2009-05, to: 2009-08}\n", "  - round: gdcc-15\n    period: {from: 2008-01, to: 2008-03}\n") + 1
    expect["report-period-outside-round"] = ("groups/fisheries.yml", line)
    # a round held before its reporting period ends
    line = _edit(data_copy / "rounds.yml", "    date: 2009-04\n", "    date: 2009-03\n")
    expect["round-dates"] = ("rounds.yml", line)
    # a group with nothing in it
    (g / "newgroup.yml").write_text(NEW_GROUP, encoding="utf-8")
    expect["group-without-records"] = ("groups/newgroup.yml", 1)
    # no licence
    text = (data_copy / "site.yml").read_text(encoding="utf-8")
    start = text.index("licence:\n")
    end = text.index("terms:\n")
    (data_copy / "site.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    expect["no-licence"] = ("site.yml", _line(data_copy / "site.yml", "schema_version:"))  # the file itself: its first line of data
    # already in the real data, as the sources have them:
    expect["behind-without-reason"] = ("groups/aw.yml", _line(g / "aw.yml", "status: behind_schedule"))
    expect["status-goes-back"] = ("groups/education.yml", _line(g / "education.yml", "{activity: oda-database, status: on_schedule"))
    expect["source-without-link"] = ("site.yml", _line(data_copy / "site.yml", "  - id: twg-gender-2008-report"))
    return data_copy, expect


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_every_check_flags_its_fact_at_its_line(suspicious: tuple[Path, dict[str, tuple[str, int]]]) -> None:
    data, expect = suspicious
    found = plausibility.findings(load_dataset(data))
    assert {c.id for c in plausibility.CHECKS} == set(expect), "every check has a case here"
    for check_id, (file, line) in expect.items():
        hits = [p for cid, p in found if cid == check_id]
        assert any(p.path == str(data / file) and p.line == line for p in hits), (check_id, file, line, [str(p) for p in hits])


def test_validate_prints_warnings_and_succeeds_unless_strict(suspicious: tuple[Path, dict[str, tuple[str, int]]],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    data, expect = suspicious
    assert main(["validate", "--data", str(data)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) >= len(expect) and all(": warning: " in line for line in lines)
    file, line = expect["meeting-order"]
    assert any(ln.startswith(f"{data / file}:{line}: meetings[1].date: warning: ") for ln in lines), lines
    assert "warning(s) to look at" in err
    assert main(["validate", "--data", str(data), "--format", "github"]) == 0
    gh = capsys.readouterr().out.splitlines()
    assert gh and all(ln.startswith("::warning file=") for ln in gh)
    assert f"::warning file={data / file},line={line},title=meetings[1].date::" in "\n".join(gh)
    assert main(["validate", "--data", str(data), "--strict"]) == 1
    strict = capsys.readouterr()
    assert len(strict.out.splitlines()) == len(lines) and "treated as errors (--strict)" in strict.err
    assert main(["validate", "--data", str(data), "--strict", "--format", "github"]) == 1
    assert all(ln.startswith("::error file=") for ln in capsys.readouterr().out.splitlines())


def test_the_real_data_warns_only_about_what_the_sources_say(capsys: pytest.CaptureFixture[str]) -> None:
    """The real data's warnings are the sources' own gaps (delays without reasons, Education's
    completed items listed on schedule again, sources without a link), nothing the transcription added."""
    found = plausibility.findings(load_dataset("data"))
    assert {cid for cid, _ in found} <= {"behind-without-reason", "status-goes-back", "source-without-link"}
    assert main(["validate", "--data", "data"]) == 0


def test_about_page_lists_the_checks_that_exist(real_site: Path) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup((real_site / "about/index.html").read_text(encoding="utf-8"), "html.parser")
    listed = [li.get_text(" ", strip=True) for li in page.select("ul.twg-checks li")]
    assert listed == [c.description for c in plausibility.CHECKS]
    assert "dates in order" not in page.get_text(" ")
