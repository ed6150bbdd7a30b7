"""Downloads (CSV, JSON), Atom feeds and the PDF of each round, in a real build."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import subprocess
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from twg.outputs import exports
from twg.outputs import feeds
from twg.data.dataset import load_dataset


@pytest.fixture(scope="module")
def ds():  # noqa: ANN201
    return load_dataset("data")


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


# --- CSV and JSON --------------------------------------------------------------------------------

def test_activity_csv_round_trips_to_the_data(real_site: Path, ds) -> None:  # noqa: ANN001
    rows = read_csv(real_site / "downloads/rounds/gdcc-15/activities.csv")
    expected = [(g.id, a.activity.id, a.status, str(a.reason or ""))
                for g in ds.groups if (rep := g.report_for("gdcc-15")) for a in rep.activities]
    assert [(r["group_id"], r["activity_id"], r["status"], r["reason"]) for r in rows] == expected
    assert list(rows[0]) == [c for c, _ in exports.COLUMNS["activities"]]
    # The whole data set holds every round's rows; a multi-line reason survives the CSV quoting.
    everything = read_csv(real_site / "downloads/all/activities.csv")
    assert len(everything) == sum(len(r.activities) for g in ds.groups for r in g.reports)
    dd = next(r for r in rows if r["activity_id"] == "national-program-adoption")
    assert dd["status"] == "behind_schedule" and dd["reason"].startswith("NCDD communicated")


@pytest.mark.parametrize("table", ["issues", "resources", "meetings"])
def test_every_table_has_its_documented_columns(real_site: Path, ds, table: str) -> None:  # noqa: ANN001
    rows = read_csv(real_site / f"downloads/all/{table}.csv")
    assert rows and list(rows[0]) == [c for c, _ in exports.COLUMNS[table]]
    documented = BeautifulSoup((real_site / "downloads/index.html").read_text(encoding="utf-8"), "html.parser")
    names = [c.get_text() for c in documented.select(f"h3#{table} + div table tbody th code")]
    assert names == [c for c, _ in exports.COLUMNS[table]]
    if table == "meetings":
        assert {(r["group_id"], r["meeting_id"]) for r in rows} == {(m.group_id, m.slug) for m in ds.meetings()}
        assert all((real_site / r["page"] / "index.html").is_file() for r in rows)
    if table == "resources":
        by_group = {r["group_id"]: r["sufficiency"] for r in rows if r["round_id"] == "gdcc-15"}
        assert by_group["rwssh"] == "sufficient" and by_group["ppr"] == "insufficient"  # seed 001, Annex III


def test_json_holds_the_whole_normalised_dataset(real_site: Path, ds) -> None:  # noqa: ANN001
    doc = json.loads((real_site / "downloads/all/dataset.json").read_text(encoding="utf-8"))
    assert [g["id"] for g in doc["groups"]] == [g.id for g in ds.groups]
    assert [r["id"] for r in doc["rounds"]] == [r.id for r in ds.rounds]
    rwssh = next(g for g in doc["groups"] if g["id"] == "rwssh")
    report = next(r for r in rwssh["reports"] if r["round"] == "gdcc-15")
    assert {"activity": "meeting-7", "status": "behind_schedule"}.items() <= report["activities"][3].items()
    # One JSON of everything (schema/dataset.schema.json): a round's or a group's slice would
    # repeat it (issue 19); their CSV files remain.
    data_json = sorted(p.relative_to(real_site).as_posix() for p in (real_site / "downloads").rglob("*.json") if p.name != "datapackage.json")
    assert data_json == ["downloads/all/dataset.json"]
    assert (real_site / "downloads/groups/rwssh/activities.csv").is_file() and (real_site / "downloads/rounds/gdcc-15/activities.csv").is_file()


def test_downloads_are_linked_from_their_pages(real_site: Path) -> None:
    for page in ("downloads/index.html", "rounds/gdcc-15/index.html", "groups/rwssh/index.html", "rounds/index.html"):
        html = BeautifulSoup((real_site / page).read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in html.select("article a[href]") if "downloads/" in a["href"] or a["href"].endswith((".pdf", ".xml"))]
        assert links, page
        for href in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
            assert (real_site / target).is_file() or (real_site / target / "index.html").is_file(), (page, href)
    group = (real_site / "groups/rwssh/index.html").read_text(encoding="utf-8")
    assert "../../downloads/groups/rwssh/activities.csv" in group
    assert "Downloads" in [a.get_text(strip=True) for a in BeautifulSoup(group, "html.parser").select("nav a")]


# --- feeds --------------------------------------------------------------------------------------

def _parse(real_site: Path, path: str):  # noqa: ANN202
    feed = feedparser.parse((real_site / path).read_bytes(), response_headers={"content-location": "http://example.org/repo/" + path, "content-type": "application/atom+xml"})
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feeds_are_valid_atom_with_stable_ids_and_working_links(real_site: Path, ds) -> None:  # noqa: ANN001
    meetings = _parse(real_site, "feeds/meetings.xml")
    assert len(meetings.entries) == len(ds.meetings())
    assert meetings.entries[0].title == "TWGAW: TWG-AW meeting, March 2016"  # newest first
    rounds = _parse(real_site, "feeds/rounds.xml")
    assert [e.title for e in rounds.entries] == [r.title.values["en"] for r in reversed(ds.rounds) if r.is_published]
    group = _parse(real_site, "feeds/groups/rwssh.xml")
    assert len(group.entries) == 3 + 2  # three meetings, two round reports
    for feed in (meetings, rounds, group):
        for e in feed.entries:
            assert e.id.startswith("tag:") and e.updated_parsed
            # Relative links resolve against the feed's own address to a page of the site.
            assert e.link.startswith("http://example.org/repo/")
            page = e.link.removeprefix("http://example.org/repo/").split("#")[0]
            assert (real_site / page / "index.html").is_file(), e.link
    assert len({e.id for e in meetings.entries}) == len(meetings.entries)
    head = BeautifulSoup((real_site / "groups/rwssh/index.html").read_text(encoding="utf-8"), "html.parser")
    alternates = [link["href"] for link in head.select('head link[type="application/atom+xml"]') if "alternate" in link["rel"]]
    assert alternates == ["../../feeds/meetings.xml", "../../feeds/rounds.xml", "../../feeds/groups/rwssh.xml"]


def test_feeds_use_absolute_links_when_the_site_url_is_known(ds) -> None:  # noqa: ANN001
    relative = dict(feeds.files(ds, None))
    absolute = dict(feeds.files(ds, "https://example.org/twg"))
    feed = feedparser.parse(absolute["feeds/meetings.xml"])
    assert not feed.bozo
    assert feed.entries[0].link == "https://example.org/twg/groups/aw/meetings/2016-03/"
    assert any(link.rel == "self" and link.href == "https://example.org/twg/feeds/meetings.xml" for link in feed.feed.links)
    # Ids do not depend on where the site is hosted.
    assert [e.id for e in feed.entries] == [e.id for e in feedparser.parse(relative["feeds/meetings.xml"]).entries]


# --- the printable report ---------------------------------------------------------------------

def test_round_pdf_is_a_clean_document_with_the_report(real_site: Path) -> None:
    pdf = real_site / "rounds/gdcc-15/report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 10 <= pages <= 60
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "15th GDCC: consolidated progress report" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "DP representatives were not available" in text and "Annex III. Resource mobilisation" in text
    assert "Search" not in text.split("Overview")[0]  # no site navigation before the report starts
    assert (real_site / "rounds/2008-02-progress/report.pdf").is_file()
