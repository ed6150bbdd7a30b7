"""What data editors meet: the annotations and summary of `twg validate` on a
pull request, the `twg new` skeletons, and last-updated dates from git."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from twg.data import gitdates
from twg.cli import scaffold
from twg.cli.main import main
from twg.cli.output import format_problems
from twg.data.problems import Problem

ROOT = Path(__file__).resolve().parent.parent


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _break(path: Path, old: str, new: str) -> int:
    """Replace old by new once; return the line it is on."""
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))
    return _line_of(path, new.strip().splitlines()[0])


# --- twg validate on a pull request ----------------------------------------------------

def test_github_annotations_point_at_the_broken_lines(data_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.chdir(data_copy.parent)  # as in CI: paths relative to the checkout
    rwssh, rounds = data_copy / "groups" / "rwssh.yml", data_copy / "rounds.yml"
    status_line = _break(rwssh, "{activity: national-forum, status: on_schedule,", "{activity: national-forum, status: ontime,")
    round_line = _break(rwssh, "  - round: gdcc-15\n", "  - round: gdcc-51\n")
    date_line = _break(rounds, "    date: 2009-04\n", "    date: 2009-13\n")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")

    assert main(["validate", "--data", "data", "--format", "github", "--summary", str(summary)]) == 1
    out = capsys.readouterr().out.splitlines()
    annotations = [re.fullmatch(r"::error file=([^,]+),line=(\d+),title=([^:]+)::(.+)", line) for line in out]
    assert all(annotations), out
    found = {(m[1], int(m[2])): (m[3], m[4]) for m in annotations if m}
    assert found[("data/groups/rwssh.yml", status_line)][0] == "reports[0].activities[1].status"
    assert "ontime" in found[("data/groups/rwssh.yml", status_line)][1]
    assert found[("data/groups/rwssh.yml", round_line)][1].startswith("unknown round 'gdcc-51'")
    assert found[("data/rounds.yml", date_line)][0] == "rounds[1].date"

    # The job summary: appended after earlier steps' text, one table row per problem.
    text = summary.read_text()
    assert text.startswith("earlier step\n### ❌ Data check found")
    rows = [line for line in text.splitlines() if line.startswith("| `data/")]
    assert len(rows) == len(out)
    assert f"| `data/groups/rwssh.yml` | {round_line} | `reports[1].round` | unknown round 'gdcc-51'" in text


def test_annotation_and_summary_escaping() -> None:
    p = Problem("data/groups/a,b.yml", 3, "x:y", "first line\nsecond | 100% <b>")
    assert format_problems([p], "github") == "::error file=data/groups/a%2Cb.yml,line=3,title=x%3Ay::first line\\nsecond | 100%25 <b>"  # one line, always
    md = format_problems([p], "markdown")
    assert "second \\| 100% &lt;b&gt;" in md and "first line\\nsecond" in md


def test_summary_on_success(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = tmp_path / "summary.md"
    assert main(["validate", "--data", str(ROOT / "data"), "--summary", str(summary)]) == 0
    assert summary.read_text().startswith("### ✅ Data check passed")


# --- twg new ---------------------------------------------------------------------------

def _valid(data: Path) -> None:
    assert main(["validate", "--data", str(data)]) == 0


def test_new_group_is_valid_and_never_overwrites(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "group", "water", "--data", str(data_copy), "--source", "cdc-2009-progress"]) == 0
    path = data_copy / "groups" / "water.yml"
    assert path.read_text().startswith("# yaml-language-server: $schema=../../src/twg/data/schema/group.schema.json\n")
    _valid(data_copy)
    before = path.read_bytes()
    assert main(["new", "group", "water", "--data", str(data_copy), "--source", "cdc-2009-progress"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == before
    # A meeting and a report go into the new file's empty lists.
    assert main(["new", "meeting", "water", "--data", str(data_copy), "--date", "2009-10-02"]) == 0
    assert main(["new", "report", "water", "gdcc-15", "--data", str(data_copy)]) == 0
    _valid(data_copy)
    assert main(["new", "group", "Bad Id", "--data", str(data_copy), "--source", "cdc-2009-progress"]) == 1
    assert main(["new", "group", "other", "--data", str(data_copy), "--source", "nowhere"]) == 1
    assert not (data_copy / "groups" / "other.yml").exists()


def test_new_meeting_is_appended_and_the_rest_is_untouched(data_copy: Path) -> None:
    path = data_copy / "groups" / "rwssh.yml"
    before = path.read_text()
    assert main(["new", "meeting", "rwssh", "--data", str(data_copy), "--date", "2009-11-20"]) == 0
    after = path.read_text()
    assert after.startswith(before)  # rwssh's meetings are the last list: pure append
    added = after[len(before):]
    assert "  - number: 8  #" in added and "    date: 2009-11-20" in added and "# summary: |" in added
    _valid(data_copy)
    from twg.data.dataset import load_dataset

    meeting = load_dataset(data_copy).group("rwssh").meetings[0]
    assert (meeting.number, str(meeting.title)) == (8, "8th TWG-RWSSH meeting")
    # The same number again is refused, leaving the file as it was.
    assert main(["new", "meeting", "rwssh", "--data", str(data_copy), "--number", "8"]) == 1
    assert path.read_text() == after


def test_new_report_keeps_round_order_and_lists_the_activities(data_copy: Path) -> None:
    # pfm reported only for gdcc-15: a gdcc-14 report goes before it, not at the end.
    pfm = data_copy / "groups" / "pfm.yml"
    before = pfm.read_text()
    assert main(["new", "report", "pfm", "gdcc-14", "--data", str(data_copy)]) == 0
    after = pfm.read_text()
    new_lines = [line for line in after.splitlines() if line not in before.splitlines()]
    assert after.replace("\n".join(new_lines) + "\n", "", 1) == before  # only inserted lines
    assert after.index("round: gdcc-14") < after.index("round: gdcc-15")
    _valid(data_copy)
    assert main(["new", "report", "pfm", "gdcc-14", "--data", str(data_copy)]) == 1  # no duplicate

    # A new round: the report lists every activity of the latest action plan, to fill in.
    with (data_copy / "rounds.yml").open("a") as f:
        f.write("  - id: gdcc-16\n    number: 16\n    title: 16th GDCC\n    date: 2010-03\n    source: cdc-2009-progress\n")
    assert main(["new", "report", "rwssh", "gdcc-16", "--data", str(data_copy)]) == 0
    _valid(data_copy)
    from twg.data.dataset import load_dataset

    report = load_dataset(data_copy).group("rwssh").reports[-1]
    assert report.round.id == "gdcc-16"
    assert len(report.activities) == 9 and {a.status for a in report.activities} == {"not_stated"}
    assert main(["new", "report", "rwssh", "gdcc-99", "--data", str(data_copy)]) == 1


def test_scaffold_output_passes_yamllint(data_copy: Path) -> None:
    scaffold.new_group(data_copy, "water", "cdc-2009-progress")
    scaffold.new_meeting(data_copy, "water", "2009-10-02")
    scaffold.new_meeting(data_copy, "rwssh", "2009-11-20")
    scaffold.new_report(data_copy, "pfm", "gdcc-14")
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "yamllint"), "--strict", "-c", str(ROOT / ".yamllint"), str(data_copy)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


# --- last-updated dates from git -----------------------------------------------------

def _git(cwd: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    (r / "data" / "groups").mkdir(parents=True)
    _git(r, "init", "-q", "-b", "main")
    for name in ("a", "b", "c"):
        (r / "data" / "groups" / f"{name}.yml").write_text(f"id: {name}\n")
    _git(r, "add", ".")
    _git(r, "commit", "-q", "-m", "one", when="2024-01-02T10:00:00Z")
    (r / "data" / "groups" / "b.yml").write_text("id: b\nname: B\n")
    _git(r, "commit", "-q", "-am", "two", when="2024-03-04T23:30:00+05:00")  # 18:30 UTC
    return r


def test_dates_from_one_git_log(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((repo / "data" / "groups").glob("*.yml"))
    (repo / "data" / "groups" / "new.yml").write_text("id: new\n")  # not committed yet
    calls: list[list[str]] = []
    real_run = subprocess.run
    monkeypatch.setattr(gitdates.subprocess, "run", lambda cmd, **kw: calls.append(cmd) or real_run(cmd, **kw))
    dates = gitdates.last_changed([*files, repo / "data" / "groups" / "new.yml"])
    assert dates == {files[0]: dt.date(2024, 1, 2), files[1]: dt.date(2024, 3, 4), files[2]: dt.date(2024, 1, 2)}
    assert sum("log" in c for c in calls) == 1 and len(calls) == 2  # constant, whatever the number of files
    assert gitdates.last_changed([*files, repo / "data" / "groups" / "new.yml"]) == dates
    assert len(calls) == 3  # the same commit again (next language): no second log
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "three", when="2024-05-06T00:00:00Z")
    assert gitdates.last_changed([repo / "data" / "groups" / "new.yml"]) == {repo / "data" / "groups" / "new.yml": dt.date(2024, 5, 6)}


def test_no_dates_outside_git_or_in_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo / "data", plain / "data")
    assert gitdates.last_changed((plain / "data" / "groups").glob("*.yml")) == {}
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    assert gitdates.last_changed((shallow / "data" / "groups").glob("*.yml")) == {}
    assert gitdates.last_changed([]) == {}


# --- CONTRIBUTING.md quotes real messages ------------------------------------------------

BREAKAGES = [  # (file, old, new) as in CONTRIBUTING.md's examples
    ("groups/rwssh.yml", "{activity: national-forum, status: on_schedule,", "{activity: national-forum, status: on schedule,"),
    ("groups/rwssh.yml", "      - activity: meeting-7\n        status: behind_schedule", "      - activity: meeting-8\n        status: behind_schedule"),
    ("groups/rwssh.yml", "    date: 2009-03-30\n", "    date: 30/03/2009\n"),
    ("groups/rwssh.yml", "    date: 2009-09-01\n", "    date: 2009-09-31\n"),
    ("groups/rwssh.yml", "  - round: gdcc-15\n", "  - round: gdcc-16\n"),
    ("groups/aw.yml", "short_name:", "shortname:"),
]
SYNTAX = [
    "    title: 7th meeting: follow-up on the strategy\n",
    "\ttitle: 7th TWG-RWSSH meeting\n",
    "    title: 7th TWG-RWSSH meeting\n    title: Seventh meeting\n",
]


def _messages(data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> list[str]:
    monkeypatch.chdir(data.parent)
    assert main(["validate", "--data", "data"]) == 1
    return capsys.readouterr().out.splitlines()


def test_contributing_quotes_the_real_messages(data_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    pristine = {f: (data_copy / f).read_text() for f in ("groups/rwssh.yml", "groups/aw.yml")}
    for f, old, new in BREAKAGES:
        _break(data_copy / f, old, new)
    messages = _messages(data_copy, monkeypatch, capsys)
    assert len(messages) == 7
    for m in messages:
        shown = m if m in guide else m.split(" (known: ")[0]  # long lists are shortened in the guide
        assert shown in guide, m
    for new in SYNTAX:
        for f, text in pristine.items():
            (data_copy / f).write_text(text)
        _break(data_copy / "groups/rwssh.yml", "    title: 7th TWG-RWSSH meeting\n", new)
        for m in _messages(data_copy, monkeypatch, capsys):
            assert m in guide, m
