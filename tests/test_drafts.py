"""What a reader takes for the current state is published fact (issue #13, parts 1 and 2).

The real data plus a draft 16th GDCC to which one group (TWG-RWSSH) has sent a report, and a
2010 action plan of TWG-RWSSH that no report covers yet:
- home, Status, Groups and the group page keep the published 15th GDCC as the current state,
  and every place the draft appears says Draft;
- the group page shows the whole action plan, every activity with its latest published status
  and the round it comes from, and the unreported plan (also in activities.csv).
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import DATA, build

DRAFT_REPORT = """
  - round: gdcc-16
    period: {from: 2009-09, to: 2009-12}
    source: cdc-2009-progress
    activities:
      - {activity: national-strategy, status: on_schedule}
      - activity: sector-strategy
        status: behind_schedule
        reason: Waiting for the new consultant to start.
    progress: Draft progress text, sent by the group.
"""
NEW_PLAN = """
  - year: 2010
    source: cdc-2009-progress
    activities:
      - id: strategy-launch
        title: Launch the National RWSSH Strategy.
"""
DRAFT_MEETING = """
  - number: 8
    date: 2009-10-20
    title: 8th TWG-RWSSH meeting
    round: gdcc-16
    source: cdc-2009-progress
"""


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("draft") / "data"
    shutil.copytree(DATA, data)
    rounds = data / "rounds.yml"
    rounds.write_text(rounds.read_text(encoding="utf-8")
                      + "  - id: gdcc-16\n    number: 16\n    title: 16th GDCC\n    period: {from: 2009-09, to: 2009-12}\n    published:\n", encoding="utf-8")
    rwssh = data / "groups" / "rwssh.yml"
    text = rwssh.read_text(encoding="utf-8")
    text = text.replace("\nmeetings:\n", "\n" + DRAFT_REPORT.lstrip("\n") + "\nmeetings:\n", 1)
    text = text.replace("\nreports:\n", "\n" + NEW_PLAN.lstrip("\n") + "\nreports:\n", 1)
    rwssh.write_text(text.rstrip("\n") + "\n" + DRAFT_MEETING.lstrip("\n"), encoding="utf-8")
    out = data.parent / "site"
    assert build(data, out, search=False) == 0
    return out


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def words(node: object) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""  # type: ignore[attr-defined]


def test_home_shows_the_published_round_and_the_draft_apart(draft_site: Path) -> None:
    home = soup(draft_site, "index.html")
    current = home.select_one(".twg-summary")
    assert "15th GDCC" in words(current) and "16th GDCC" not in words(current) and "Draft" not in words(current)
    draft = home.select_one(".twg-draft-section#draft-gdcc-16")
    assert draft is not None and "Draft — not yet published" in words(draft) and "1 of 19" in words(draft)


def test_status_page_keeps_the_published_tables(draft_site: Path) -> None:
    page = soup(draft_site, "status/index.html")
    article = words(page.select_one("article"))
    assert "The latest published round is the 15th GDCC" in article
    captions = [words(c) for c in page.select("table caption")]
    assert any("Annex I" in c and "15th GDCC" in c for c in captions)
    assert not any("16th GDCC" in c for c in captions)
    assert not page.select(".twg-flag--missing")  # all 19 reported to the 15th GDCC
    drafts = page.select_one("#drafts")
    assert drafts is not None and "Draft" in words(drafts)
    assert "16th GDCC" in words(page.select_one(".twg-draft-section"))


def test_group_page_keeps_the_published_status_and_shows_the_draft_apart(draft_site: Path) -> None:
    page = soup(draft_site, "groups/rwssh/index.html")
    assert "15th GDCC" in words(page.select_one("h2#status"))
    assert "15th GDCC" in words(page.select_one("#status ~ div table caption"))
    draft = page.select_one("h2#draft-gdcc-16")
    assert draft is not None and "Draft" in words(draft)
    draft_table = page.select_one("#gdcc-16-sector-strategy").find_parent("table")
    assert "Draft" in words(draft_table.caption) and "16th GDCC" in words(draft_table.caption)
    history = page.select_one("details#report-gdcc-16 summary")
    assert "Draft" in words(history)
    # search filters: the draft round's name is marked as such
    rounds = [s["data-pagefind-filter"] for s in page.select("[data-pagefind-filter^='round:']")]
    assert "round:16th GDCC (Draft)" in rounds and "round:15th GDCC" in rounds


def test_groups_index_labels_the_draft(draft_site: Path) -> None:
    row = next(tr for tr in soup(draft_site, "groups/index.html").select("table.twg-groups-table tbody tr") if "TWG-RWSSH" in words(tr))
    cells = row.find_all("td")
    latest = words(cells[-1])
    assert latest.startswith("15th GDCC") and "16th GDCC Draft" in latest


def test_draft_round_page_and_search_meta_say_draft(draft_site: Path) -> None:
    page = soup(draft_site, "rounds/gdcc-16/index.html")
    assert "Draft" in words(page.select_one("h1")) and "Draft" in words(page.title)
    assert page.select_one("[data-pagefind-meta^='draft:']") is not None
    for caption in page.select("table caption"):
        assert "Draft" in words(caption), words(caption)
    meeting = soup(draft_site, "groups/rwssh/meetings/8/index.html")
    assert "Draft" in words(meeting.select_one(".twg-facts"))


def test_everywhere_the_draft_round_is_named_it_says_draft(draft_site: Path) -> None:
    """Each text naming the 16th GDCC, on every page, sits in an element that also says Draft."""
    checked = 0
    for html in draft_site.rglob("*.html"):
        if html.parts[-2] == "search" or "/km/" in str(html):
            continue
        doc = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for node in doc.find_all(string=re.compile("16th GDCC")):
            if not isinstance(node, NavigableString) or node.find_parent(["script", "style"]):
                continue
            checked += 1
            box = node.parent
            for _ in range(4):  # the node's own line: link, cell, caption, heading or item
                if "Draft" in words(box) or box.name in ("tr", "li", "p", "caption", "summary", "h1", "h2", "h3", "title", "div"):
                    break
                box = box.parent
            assert "Draft" in words(box), (html.relative_to(draft_site), str(box)[:300])
    assert checked >= 10


# --- the whole action plan ----------------------------------------------------------------

def test_group_page_shows_every_plan_activity_with_its_latest_published_status(draft_site: Path) -> None:
    page = soup(draft_site, "groups/rwssh/index.html")
    plan = {tr["id"].removeprefix("plan-"): [words(td) for td in tr.find_all(["th", "td"])] for tr in page.select("table.twg-plan-table tbody tr")}
    # The 2009 plan items of seed 001 that only the 14th GDCC reported on.
    for activity in ("national-strategy", "national-forum", "sector-guidelines", "donor-mapping"):
        title, status, where = plan[activity]
        assert status.startswith("On schedule") and where == "last reported at the 14th GDCC", (activity, plan[activity])
    assert plan["sector-strategy"][1].startswith("Behind schedule") and plan["sector-strategy"][2] == "last reported at the 15th GDCC"
    # The draft 16th GDCC report is not a published status.
    assert "16th" not in " ".join(w for row in plan.values() for w in row)
    # A plan no report covers is on the page.
    assert plan["strategy-launch"][0] == "Launch the National RWSSH Strategy." and plan["strategy-launch"][1] == "Never reported"
    captions = [words(c) for c in page.select("table.twg-plan-table caption")]
    assert any("2009" in c for c in captions) and any("2010" in c for c in captions)


def test_activities_csv_lists_plans_without_reports(draft_site: Path) -> None:
    for scope in ("all", "groups/rwssh"):
        with (draft_site / "downloads" / scope / "activities.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        launch = [r for r in rows if r["activity_id"] == "strategy-launch"]
        assert len(launch) == 1 and launch[0]["round_id"] == "" and launch[0]["status"] == "" and launch[0]["plan_year"] == "2010", scope
        draft = [r for r in rows if r["round_id"] == "gdcc-16"]
        assert draft and all(r["round_published"] == "" for r in draft)
        assert all(r["round_published"] == "2009" for r in rows if r["round_id"] == "gdcc-15")
