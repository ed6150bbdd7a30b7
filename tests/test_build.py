"""Real mkdocs builds of real data, checked in the produced HTML."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import build


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def main_text(page: BeautifulSoup) -> str:
    return " ".join(page.select_one("article").get_text(" ").split())


def test_every_group_and_meeting_has_a_page(real_site: Path) -> None:
    from twg.data.dataset import load_dataset

    ds = load_dataset("data")
    for g in ds.groups:
        assert (real_site / "groups" / g.id / "index.html").is_file(), g.id
        for m in g.meetings:
            assert (real_site / "groups" / g.id / "meetings" / m.slug / "index.html").is_file()
    for page in ("index.html", "groups/index.html", "status/index.html", "meetings/index.html", "about/index.html",
                 "guidelines/twg-guideline/index.html", "guidelines/partnership-principles/index.html",
                 "guidelines/lao-swg-review/index.html", "schema/group.schema.json"):
        assert (real_site / page).is_file(), page


def test_rwssh_page_shows_seed_facts(real_site: Path) -> None:
    page = soup(real_site, "groups/rwssh/index.html")
    text = main_text(page)
    # The 7th meeting on 1 September 2009, newest first in the meeting history.
    meetings = [li.get_text(" ", strip=True) for li in page.select("ul.twg-meetings li")]
    assert meetings[0].startswith("1 September 2009") and "7th TWG-RWSSH meeting" in meetings[0]
    assert [m.split(" —")[0] for m in meetings] == ["1 September 2009", "30 March 2009", "December 2008"]
    # The behind-schedule reason from seed 001, next to its activity and status text.
    row = page.select_one("#gdcc-15-sector-strategy")
    assert "Involved in the development of sector strategy for RWSSH" in row.get_text()
    assert row.select_one(".twg-status").get_text() == "Behind schedule"
    assert "the process of changing of consultant" in row.get_text()
    assert "DP representatives were not available" in text
    assert "Sufficient" in text and "block grant support from MDSP/CRDB" in text
    # Sources are cited on the page.
    assert "Progress on TWG Action Plans for 2009" in page.select_one(".twg-source").get_text()


def test_meeting_permalink_page(real_site: Path) -> None:
    page = soup(real_site, "groups/rwssh/meetings/7/index.html")
    text = main_text(page)
    assert "7th TWG-RWSSH meeting" in page.select_one("h1").get_text()
    assert page.select_one("time")["datetime"] == "2009-09-01"
    assert "1 September 2009" in text
    # Links are relative, so the site works under a sub-path.
    group_link = page.select_one(".twg-facts a")
    assert group_link["href"] == "../../"
    # Undated meeting (22nd TWG-G) shows its window, not an invented date.
    g22 = main_text(soup(real_site, "groups/gender/meetings/22/index.html"))
    assert "exact date not recorded" in g22


def test_status_page_has_annex_tables_for_latest_round(real_site: Path) -> None:
    page = soup(real_site, "status/index.html")
    captions = [c.get_text() for c in page.select("table caption")]
    assert any(c.startswith("Annex I.") and "15th GDCC" in c for c in captions)
    assert any(c.startswith("Annex II.") for c in captions)
    assert any(c.startswith("Annex III.") for c in captions)
    text = main_text(page)
    assert "lengthy procedural steps" in text  # IRI's behind-schedule reason
    # Every group appears: 19 rows in Annex II.
    annex2 = [t for t in page.select("table") if t.caption and t.caption.get_text().startswith("Annex II.")][0]
    assert len(annex2.select("tbody tr")) == 19


def test_status_uses_text_not_colour_alone(real_site: Path) -> None:
    badges = soup(real_site, "groups/education/index.html").select(".twg-status")
    assert badges and all(b.get_text(strip=True) for b in badges)


def test_home_page_macros(real_site: Path) -> None:
    page = soup(real_site, "index.html")
    text = main_text(page)
    assert "19 groups" in text
    assert page.select("table.twg-groups-table tbody tr")
    assert page.select("ul.twg-meetings li")


HOSTILE = """\
id: evil
short_name: "<script>alert('short')</script>"
name: "Evil <img src=x onerror=alert(1)> group"
mandate: |
  **Bold** is fine. <script>alert('mandate')</script> <a href="javascript:alert(2)">x</a>
  [link](https://example.org/) {{ config }}  # a javascript: link is refused by validation (test_hardening.py)
source: cdc-2009-progress
meetings:
  - number: 1
    date: 2009-09-01
    title: "{% raw %}{{ 7*7 }}{% endraw %} <b onmouseover=alert(4)>meeting</b>"
    summary: "<iframe src=//evil></iframe> Summary *text*"
    source: cdc-2009-progress
"""


def test_text_from_yaml_cannot_inject_html_or_script(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "groups" / "evil.yml").write_text(HOSTILE, encoding="utf-8")
    site = tmp_path / "site"
    assert build(data_copy, site, search=False) == 0
    for path in ("groups/evil/index.html", "groups/evil/meetings/1/index.html", "groups/index.html", "index.html"):
        html = (site / path).read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").select_one("article")
        assert not article.select("script, iframe, img[onerror], [onmouseover]"), path
        links = [el.get("href") or el.get("src") or "" for el in article.select("[href], [src]")]
        assert not [u for u in links if u.strip().lower().startswith("javascript:")], path
        assert "49" not in article.get_text(), path  # Jinja in data is never evaluated
        # The whole page, not only the article: the theme prints titles and descriptions unescaped.
        whole = BeautifulSoup(html, "html.parser")
        assert not whole.select("iframe, img[onerror], [onmouseover]"), path
        assert not [s for s in whole.select("script") if "alert" in s.get_text()], path
        assert not re.search(r'data-pagefind-[a-z]+="[^"]*<', html), path  # attribute values escaped too
    title = soup(site, "groups/evil/meetings/1/index.html").select_one("title").get_text()
    assert "<b onmouseover=alert(4)>meeting</b>" in title and "<script>alert('short')</script>" in title  # shown as text
    page = soup(site, "groups/evil/index.html")
    assert "<script>alert('short')</script>" in page.select_one("h1").get_text()  # shown as text
    assert page.select_one(".twg-prose strong").get_text() == "Bold"  # Markdown still works


def test_invalid_data_refuses_and_keeps_previous_site(data_copy: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    site = tmp_path / "site"
    assert build(data_copy, site, search=False) == 0
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    rwssh = data_copy / "groups" / "rwssh.yml"
    rwssh.write_text(rwssh.read_text().replace("status: behind_schedule", "status: late", 1))
    assert build(data_copy, site, search=False) == 1
    assert "rwssh.yml" in capsys.readouterr().out
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    assert before == after
    assert not list(tmp_path.glob(".site.build-*"))  # no staging directory left behind
