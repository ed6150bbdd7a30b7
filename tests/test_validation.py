"""`twg validate`: every class of mistake reported as FILE:LINE: field: message, all at once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from twg.cli.main import main
from twg.data.dataset import DataError, load_dataset

ROOT = Path(__file__).resolve().parent.parent


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_dataset(data_dir)
    return [str(p) for p in err.value.problems]


def write_group(data_dir: Path, name: str, text: str) -> Path:
    path = data_dir / "groups" / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
id: demo
short_name: TWG-Demo
name: Demo group
source: cdc-2009-progress
action_plans:
  - year: 2009
    activities:
      - id: plan
        title: Make a plan
reports:
  - round: gdcc-15
    source: cdc-2009-progress
    activities:
      - activity: plan
        status: behind_schedule
        reason: Waiting for a consultant.
meetings:
  - number: 1
    date: 2009-09-01
    source: cdc-2009-progress
"""


def test_real_data_is_valid() -> None:
    ds = load_dataset(ROOT / "data")
    assert len(ds.groups) == 19
    assert {r.id for r in ds.rounds} >= {"gdcc-14", "gdcc-15"}


def test_a_good_new_group_is_valid(data_copy: Path) -> None:
    write_group(data_copy, "demo", GOOD)
    assert load_dataset(data_copy).group("demo").reports[0].activities[0].status == "behind_schedule"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # wrong type
        ("  - number: 1\n", "  - number: first\n", "groups/demo.yml:18: meetings[0].number: expected a whole number, got the text 'first'"),
        # unknown key (a typo) with a suggestion, at the key's own line
        ("        reason: Waiting", "        reasn: Waiting", "groups/demo.yml:16: reports[0].activities[0].reasn: unknown field 'reasn'; did you mean 'reason'?"),
        # invalid dates: malformed and impossible
        ("date: 2009-09-01", "date: 1 Sept 2009", "groups/demo.yml:19: meetings[0].date: the text '1 Sept 2009' is not valid"),
        ("date: 2009-09-01", "date: 2009-02-30", "groups/demo.yml:19: meetings[0].date: '2009-02-30' is not a day of that month"),
        ("date: 2009-09-01", "date: 2009-13-01", "groups/demo.yml:19: meetings[0].date: '2009-13-01' has no month 13"),
        # unknown status value
        ("status: behind_schedule", "status: delayed", "groups/demo.yml:15: reports[0].activities[0].status: the text 'delayed' is not a known activity status"),
        # dangling references: round, activity, source
        ("  - round: gdcc-15", "  - round: gdcc-99", "groups/demo.yml:11: reports[0].round: unknown round 'gdcc-99'"),
        ("      - activity: plan", "      - activity: plna", "groups/demo.yml:14: reports[0].activities[0].activity: unknown activity 'plna'"),
        ("    date: 2009-09-01\n    source: cdc-2009-progress", "    date: 2009-09-01\n    source: cdc-2010", "groups/demo.yml:20: meetings[0].source: unknown source 'cdc-2010'"),
        # duplicate ids
        ("        title: Make a plan\n", "        title: Make a plan\n      - id: plan\n        title: Again\n", "groups/demo.yml:10: action_plans[0].activities[1].id: duplicate activity id 'plan' (first used on line 8)"),
        # id must match the file name
        ("id: demo", "id: demo2", "groups/demo.yml:1: id: must be 'demo', the file's name"),
        # missing required field
        ("short_name: TWG-Demo\n", "", "groups/demo.yml:1: short_name: missing required field 'short_name'"),
        # duplicate key in a mapping
        ("    date: 2009-09-01\n", "    date: 2009-09-01\n    date: 2009-09-02\n", "groups/demo.yml:20: meetings[0].date: duplicate key 'date' (first given on line 19)"),
        # YAML syntax error
        ("        title: Make a plan", "        title: [Make a plan", "groups/demo.yml:10: YAML syntax: while parsing a flow sequence (started on line 9), did not find expected ',' or ']'"),
        # tabs
        ("    source: cdc-2009-progress\n    activities", "    source: cdc-2009-progress\n\tactivities", "(indent with spaces, not tabs)"),
        # language typo in a translation map
        ("name: Demo group", "name: {en: Demo group, kh: ក្រុម}", "groups/demo.yml:3: name.kh: language 'kh' is not one of the site's languages (en, km)"),
        # only http(s) or site-relative links
        ("    date: 2009-09-01\n    source: cdc-2009-progress\n", "    date: 2009-09-01\n    source: cdc-2009-progress\n    documents:\n      - {title: Minutes, url: \"javascript:alert(1)\"}\n", "groups/demo.yml:22: meetings[0].documents[0].url: the text 'javascript:alert(1)' is not valid: A web address starting with http:// or https://"),
        # period in the wrong order
        ("    source: cdc-2009-progress\n    activities:\n      - activity", "    source: cdc-2009-progress\n    period: {from: 2009-08, to: 2009-05}\n    activities:\n      - activity", "groups/demo.yml:13: reports[0].period.to: ends (2009-05) before it starts (2009-08)"),
    ],
)
def test_each_mistake_is_located(data_copy: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    write_group(data_copy, "demo", GOOD.replace(old, new, 1))
    found = problems_of(data_copy)
    assert any(expected in p for p in found), "\n".join(found)


def test_all_problems_in_all_files_are_reported_at_once(data_copy: Path) -> None:
    write_group(data_copy, "demo", GOOD.replace("status: behind_schedule", "status: late").replace("number: 1", "number: one"))
    rounds = data_copy / "rounds.yml"
    rounds.write_text(rounds.read_text().replace("number: 14", "number: fourteen"))
    (data_copy / "groups" / "empty.yml").write_text("# nothing yet\n")
    found = problems_of(data_copy)
    assert any("demo.yml:15: reports[0].activities[0].status" in p for p in found)
    assert any("demo.yml:18: meetings[0].number" in p for p in found)
    assert any("rounds.yml:" in p and "rounds[1].number: expected a whole number" in p for p in found)
    assert any("empty.yml:1: (file): the file is empty" in p for p in found)


def test_not_utf8(data_copy: Path) -> None:
    (data_copy / "groups" / "latin1.yml").write_bytes(b"id: latin1\nname: caf\xe9\n")
    assert any("latin1.yml:2: (file): the file is not UTF-8 text" in p for p in problems_of(data_copy))


def test_alias_bomb_is_refused_quickly(data_copy: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    write_group(data_copy, "bomb", bomb)
    started = time.perf_counter()
    found = problems_of(data_copy)
    assert time.perf_counter() - started < 5
    assert any("bomb.yml:2:" in p and "aliases" in p for p in found)


def test_hostile_tags_are_not_obeyed(data_copy: Path) -> None:
    write_group(data_copy, "evil", "id: !!python/object/apply:os.system ['echo pwned']\n")
    assert any("evil.yml:1: id: YAML tags such as '!!python/object/apply:os.system' are not allowed" in p for p in problems_of(data_copy))


def test_yes_and_no_stay_text(data_copy: Path) -> None:
    # YAML 1.1 would read these as booleans; editors mean the words.
    write_group(data_copy, "demo", GOOD.replace("name: Demo group", "name: 'no'").replace("title: Make a plan", "title: yes"))
    assert str(load_dataset(data_copy).group("demo").action_plans[2009][0].title) == "yes"


def test_cli_exit_codes_and_no_traceback(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--data", str(ROOT / "data")]) == 0
    write_group(data_copy, "demo", GOOD.replace("status: behind_schedule", "status: late"))
    proc = subprocess.run(
        [sys.executable, "-m", "twg.cli.main", "validate", "--data", str(data_copy)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert ":15: reports[0].activities[0].status:" in proc.stdout


def test_github_annotations(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_group(data_copy, "demo", GOOD.replace("status: behind_schedule", "status: late"))
    assert main(["validate", "--data", str(data_copy), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "::error file=" in out and "groups/demo.yml,line=15,title=reports[0].activities[0].status::" in out
