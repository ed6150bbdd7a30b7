"""`twg changes BASE [HEAD]` on a temporary git repository with known edits: the exact
sentences a reviewer reads in the pull request's comment."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from twg.cli.main import main
from twg.views import revisions


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds the line this test edits: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _round(n: int) -> str:
    return f"""\
  - id: gdcc-{n}
    number: {n}
    title: {n}th GDCC
    period: {{from: 2009-09, to: 2009-12}}
    published:
    source: cdc-2009-progress
"""


REPORT_16 = """\
  - round: gdcc-16
    source: cdc-2009-progress
    activities:
      - {activity: national-forum, status: on_schedule}
      - activity: sector-strategy
        status: behind_schedule
        reason: The process of changing of consultant.
"""
MEETING_8 = """\
  - number: 8
    date: 2009-12-03
    kind: regular
    title: 8th TWG-RWSSH meeting
    source: cdc-2009-progress
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | Path]:
    """base: the real data plus a 16th GDCC with a TWG-RWSSH report (so the edits below do not
    depend on how the real data is worded); edited: a status change and a reworded reason in
    that report, a new meeting, a new 17th GDCC, the site's title and a page's heading;
    published: the 17th GDCC published."""
    root = tmp_path_factory.mktemp("changes") / "repo"
    root.mkdir()
    shutil.copytree(DATA, root / "data")
    shutil.copytree(ROOT / "content", root / "content")
    rwssh = root / "data" / "groups" / "rwssh.yml"
    _edit(rwssh, "\nmeetings:\n", "\n" + REPORT_16 + "\nmeetings:\n")
    _append(root / "data" / "rounds.yml", _round(16))
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    base = _git(root, "rev-parse", "HEAD")
    _edit(rwssh, "      - {activity: national-forum, status: on_schedule}\n      - activity: sector-strategy",
          "      - {activity: national-forum, status: behind_schedule, reason: The venue was not available.}\n      - activity: sector-strategy")
    _edit(rwssh, "reason: The process of changing of consultant.\n\nmeetings:", "reason: The process of changing the consultant took until October.\n\nmeetings:")
    assert rwssh.read_text(encoding="utf-8").rstrip().endswith("source: cdc-2009-progress")  # meetings: is the last list
    _append(rwssh, MEETING_8)
    _append(root / "data" / "rounds.yml", _round(17))
    site = root / "data" / "site.yml"
    title = re.search(r"^title:\n  en: (.+)$", site.read_text(encoding="utf-8"), re.M)
    assert title, "site.yml: the test changes the English title"
    _edit(site, f"title:\n  en: {title.group(1)}\n", "title:\n  en: Working groups of Cambodia\n")
    about = root / "content" / "about.md"
    heading = re.search(r"^# (.+)$", about.read_text(encoding="utf-8"), re.M)
    assert heading, "about.md: the test changes the first heading"
    _edit(about, heading.group(0), "# About this data")
    _git(root, "commit", "-qam", "edits")
    edited = _git(root, "rev-parse", "HEAD")
    rounds = root / "data" / "rounds.yml"
    _edit(rounds, "    title: 17th GDCC\n    period: {from: 2009-09, to: 2009-12}\n    published:\n",
          "    title: 17th GDCC\n    period: {from: 2009-09, to: 2009-12}\n    published: 2009-12-20\n")
    _git(root, "commit", "-qam", "publish")
    return {"root": root, "base": base, "edited": edited, "published": _git(root, "rev-parse", "HEAD"), "title": title.group(1)}


def _run(capsys: pytest.CaptureFixture[str], repo: dict, *args: str) -> tuple[int, str]:
    root = repo["root"]
    code = main(["changes", *args, "--data", str(root / "data"), "--content", str(root / "content")])
    return code, capsys.readouterr().out


def test_the_summary_says_each_change_in_words_with_its_page(capsys: pytest.CaptureFixture[str], repo: dict) -> None:
    code, out = _run(capsys, repo, repo["base"], repo["edited"])
    assert code == 0, out
    lines = [line.strip() for line in out.splitlines()]
    for expected in (
        f"- site title: {repo['title']} → Working groups of Cambodia  /",
        "- new round: 17th GDCC (draft)  /rounds/gdcc-17/",
        "TWG-RWSSH  /groups/rwssh/",
        "16th GDCC:",
        "- TWG-RWSSH · national forum: On schedule → Behind schedule — reason: The venue was not available.  /rounds/gdcc-16/",
        "- TWG-RWSSH · sector strategy: reason changed: The process of changing [-of consultant.-] {+the consultant took until October.+}  /rounds/gdcc-16/",
        "- new meeting: 8th TWG-RWSSH meeting, 3 December 2009  /groups/rwssh/meetings/8/",
    ):
        assert expected in lines, f"{expected!r} not in:\n{out}"
    assert any(line.startswith("- page text changed: content/about.md") and line.endswith("/about/") for line in lines), out
    # Grouped by group and round: the round's heading under its group, the meetings after the reports.
    assert lines.index("TWG-RWSSH  /groups/rwssh/") < lines.index("16th GDCC:") < lines.index(
        "- new meeting: 8th TWG-RWSSH meeting, 3 December 2009  /groups/rwssh/meetings/8/")
    assert out.startswith(f"Changes to the site from {repo['base']} ({repo['base'][:10]}) to {repo['edited']} ({repo['edited'][:10]}): 6 change(s)")


def test_publishing_a_round_and_the_working_tree(capsys: pytest.CaptureFixture[str], repo: dict) -> None:
    code, out = _run(capsys, repo, repo["edited"])  # HEAD left out: the working tree (= published)
    assert code == 0
    assert out.splitlines()[2:] == ["Rounds", "  - round published: 17th GDCC, published 20 December 2009 (the Draft banner goes)  /rounds/gdcc-17/"]
    assert "to the working tree: 1 change(s)" in out
    code, out = _run(capsys, repo, repo["published"], repo["published"])
    assert (code, out.splitlines()[0].endswith(": none")) == (0, True)


def test_markdown_links_every_page_and_json_lists_the_same(capsys: pytest.CaptureFixture[str], repo: dict) -> None:
    code, out = _run(capsys, repo, repo["base"], repo["edited"], "--format", "markdown", "--site-url", "https://o.github.io/r/")
    assert code == 0
    assert "- new meeting: 8th TWG-RWSSH meeting, 3 December 2009 — [/groups/rwssh/meetings/8/](https://o.github.io/r/groups/rwssh/meetings/8/)" in out
    assert "#### TWG-RWSSH — [/groups/rwssh/](https://o.github.io/r/groups/rwssh/)" in out
    assert "  - TWG-RWSSH · sector strategy: reason changed: The process of changing ~~of consultant.~~ **the consultant took until October.**" in out
    code, out = _run(capsys, repo, repo["base"], repo["edited"], "--format", "json")
    doc = json.loads(out)
    assert doc["valid"] and len(doc["changes"]) == 6
    status = next(c for c in doc["changes"] if c["kind"] == "status")
    assert status["data"] == {"round_id": "gdcc-16", "activity": "national-forum", "before": "on_schedule", "after": "behind_schedule"}
    assert status["address"] == "/rounds/gdcc-16/"


def test_broken_data_is_reported_with_file_and_line(capsys: pytest.CaptureFixture[str], repo: dict) -> None:
    root = repo["root"]
    aw = root / "data" / "groups" / "rwssh.yml"
    before = aw.read_text(encoding="utf-8")
    try:
        _edit(aw, "status: behind_schedule\n        reason: The process", "status: behind schedule\n        reason: The process")
        code, out = _run(capsys, repo, repo["base"])
        assert code == 1
        assert out.startswith("The data at the working tree has 1 problem(s); the site cannot be built from it.")
        assert f"{root / 'data'}/groups/rwssh.yml:" in out and ".status: the text 'behind schedule' is not a known activity status" in out
        code, out = _run(capsys, repo, repo["base"], "--format", "markdown")
        assert code == 1 and "| Line | Field | Problem |" in out
    finally:
        aw.write_text(before, encoding="utf-8")
    code, out = _run(capsys, repo, "no-such-ref")
    assert code == 2


def test_text_from_data_cannot_become_markup_links_or_mentions() -> None:
    from twg.cli.changes import md

    hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) @everyone **bold**"
    out = md(hostile)
    assert "<" not in out and "](" not in out and "@" not in out and "**" not in out
    assert out.startswith("&lt;img")


def test_word_diff_keeps_a_little_context() -> None:
    a = "one two three four five six seven eight nine ten eleven twelve"
    b = "one two three four five six SEVEN eight nine ten eleven twelve"
    diff = revisions.word_diff(a, b)
    assert [(s.op, s.text) for s in diff] == [("=", "… three four five six"), ("-", "seven"), ("+", "SEVEN"), ("=", "eight nine ten eleven …")]
