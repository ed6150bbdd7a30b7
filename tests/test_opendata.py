"""Open data for other tools (issue 18): Data Packages validated by frictionless, iCalendar
feeds read back by icalendar, embeddable status views, the documented static API."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import posixpath
import random
import re
import shutil
from pathlib import Path

import frictionless
import icalendar
import pytest
from bs4 import BeautifulSoup

from twg.data.dataset import load_dataset
from twg.data.model import PartialDate, Text
from twg.data.schemas import SCHEMA_FILES, vocabulary
from twg.outputs import api, calendars, columns, embeds, exports
from twg.views import status as views

from conftest import DATA


@pytest.fixture(scope="module")
def ds():  # noqa: ANN201
    return load_dataset(DATA)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _errors(report: frictionless.Report) -> list[tuple[str, str, str]]:
    """(table, error type, note) of every problem frictionless found."""
    return [(task.name, err.type, err.note) for task in report.tasks for err in task.errors] + [("package", e.type, e.note) for e in report.errors]


# --- Data Packages ---------------------------------------------------------------------------

def test_every_data_package_is_valid_for_frictionless(real_site: Path, ds) -> None:  # noqa: ANN001
    packages = [real_site / "downloads/all/datapackage.json", *(real_site / f"downloads/rounds/{r.id}/datapackage.json" for r in ds.rounds)]
    for path in packages:
        report = frictionless.validate(str(path))
        assert report.valid, (path, _errors(report)[:5])
        doc = json.loads(path.read_text("utf-8"))
        assert {r["name"] for r in doc["resources"]} == set(exports.TABLES)
    # Every row of every table was read: the package describes the files as written.
    package = frictionless.Package(str(packages[0]))
    rows = package.get_resource("activities").read_rows()
    assert len(rows) == sum(len(rep.activities) for g in ds.groups for rep in g.reports)
    assert isinstance(package.get_resource("meetings").read_rows()[0]["number"], (int, type(None)))


def test_table_schemas_come_from_the_schema_vocabulary(real_site: Path, ds) -> None:  # noqa: ANN001
    doc = json.loads((real_site / "downloads/all/datapackage.json").read_text("utf-8"))
    tables = {r["name"]: r["schema"] for r in doc["resources"]}
    status = next(f for f in tables["activities"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == list(vocabulary("activity_status"))
    assert status["categories"] == [{"value": c, "label": t} for c, t in vocabulary("activity_status").items()]
    assert status["title"] == "Activity status" and "Behind schedule" in status["description"]
    kinds = next(f for f in tables["meetings"]["fields"] if f["name"] == "kind")
    assert [c["value"] for c in kinds["categories"]] == list(vocabulary("meeting_kind"))
    sufficiency = next(f for f in tables["resources"]["fields"] if f["name"] == "sufficiency")
    assert sufficiency["constraints"]["enum"] == list(vocabulary("sufficiency"))
    # Every column has a title and a description, and its schema type.
    for table, schema in tables.items():
        assert [f["name"] for f in schema["fields"]] == [c.name for c in columns.TABLES[table]]
        assert all(f.get("title") and f.get("description") for f in schema["fields"]), table
    assert next(f for f in tables["groups"]["fields"] if f["name"] == "active")["type"] == "boolean"
    assert next(f for f in tables["activities"]["fields"] if f["name"] == "plan_year")["type"] == "integer"
    # Keys: the groups and rounds tables are what the other tables' ids refer to.
    # no primary key: activities.csv also lists plan activities no report covers yet (no round)
    assert "primaryKey" not in tables["activities"]
    assert not next(f for f in tables["activities"]["fields"] if f["name"] == "round_id").get("constraints", {}).get("required")
    assert {"fields": ["group_id"], "reference": {"resource": "groups", "fields": ["group_id"]}} in tables["meetings"]["foreignKeys"]
    # Sources and publisher from site.yml; a licence only if site.yml states one.
    assert len(doc["sources"]) == len(ds.site.sources)
    assert doc["contributors"][0]["title"] == str(ds.site.coordinator_name)
    assert bool(doc.get("licenses")) == bool(getattr(ds.site, "licence", None) or getattr(ds.site, "license", None))


def test_frictionless_finds_what_is_wrong_in_a_damaged_copy(real_site: Path, tmp_path: Path) -> None:
    """The validation above is not vacuous: a wrong code, a dangling id and an edited file fail it."""
    copy = tmp_path / "all"
    shutil.copytree(real_site / "downloads/all", copy)
    activities = copy / "activities.csv"
    text = activities.read_bytes().decode("utf-8")
    activities.write_bytes(text.replace(",behind_schedule,", ",late,", 1).encode("utf-8"))
    meetings = copy / "meetings.csv"
    lines = meetings.read_bytes().decode("utf-8").split("\r\n")
    lines[1] = "nosuchgroup" + lines[1][lines[1].index(","):]
    meetings.write_bytes("\r\n".join(lines).encode("utf-8"))
    kinds = {(table, kind) for table, kind, _ in _errors(frictionless.validate(str(copy / "datapackage.json")))}
    assert ("activities", "constraint-error") in kinds
    assert ("meetings", "foreign-key") in kinds
    assert ("activities", "hash-count") in kinds and ("meetings", "byte-count") in kinds


# --- iCalendar feeds --------------------------------------------------------------------------

def _events(path: Path) -> tuple[icalendar.Calendar, dict[str, icalendar.Event]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendars_hold_every_dated_meeting_and_say_which_have_no_day(real_site: Path, ds) -> None:  # noqa: ANN001
    host = calendars.host(ds, None)
    cal, events = _events(real_site / "feeds/meetings.ics")
    meetings = ds.meetings()
    by_day = [m for m in meetings if m.date and m.date.day]
    by_month = [m for m in meetings if m.date and m.date.month and not m.date.day]
    vague = [m for m in meetings if not (m.date and m.date.month)]
    assert by_day and by_month and vague  # the real data has all three (e.g. RWSSH's 5th: 2008-12; Gender's 22nd: a period)
    for m in by_day:
        e = events[calendars.uid(m.group_id, m, host)]
        assert e.decoded("DTSTART") == dt.date(m.date.year, m.date.month, m.date.day)
        assert e.decoded("DTEND") - e.decoded("DTSTART") == dt.timedelta(days=1)
        assert "day not recorded" not in str(e["SUMMARY"])
    for m in by_month:  # the month, said to have no day, not invented as the 1st
        e = events[calendars.uid(m.group_id, m, host)]
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert (start.year, start.month, start.day) == (m.date.year, m.date.month, 1) and end.day == 1 and (end - start).days >= 28
        assert "day not recorded" in str(e["SUMMARY"]) and "day not recorded" in str(e["DESCRIPTION"])
        assert str(e["TRANSP"]) == "TRANSPARENT"
    coordination = [c for c in ds.coordination if c.date and c.date.month]  # the GDCC and other coordination meetings too
    assert coordination and all(f"coordination-{c.id}@{host}" in events for c in coordination)
    assert len(events) == len(by_day) + len(by_month) + len(coordination)
    about = str(cal["DESCRIPTION"])
    for m in vague:  # not in the grid, but listed with the dates the source gives
        assert calendars.uid(m.group_id, m, host) not in events
        assert str(ds.group(m.group_id).short_name) in about
    assert "October 2007 – February 2008" in about
    # One calendar per group, with that group's dated meetings only.
    for g in ds.groups:
        _, own = _events(real_site / f"feeds/groups/{g.id}.ics")
        assert set(own) == {calendars.uid(g.id, m, host) for m in g.meetings if m.date and m.date.month}


def test_khmer_calendars_are_in_khmer_with_the_same_uids(real_site: Path) -> None:
    cal_en, en = _events(real_site / "feeds/groups/rwssh.ics")
    cal_km, km = _events(real_site / "km/feeds/groups/rwssh.ics")
    assert set(en) == set(km) and en
    month_only = next(e for e in km.values() if str(e.get("TRANSP")) == "TRANSPARENT")
    assert "មិនបានកត់ត្រាថ្ងៃ" in str(month_only["SUMMARY"]) and "ធ្នូ ២០០៨" in str(month_only["DESCRIPTION"])


def test_future_meetings_are_in_the_calendar_and_uids_do_not_move(ds) -> None:  # noqa: ANN001
    base = next(m for x in ds.groups for m in x.meetings if m.agenda)  # a meeting with an agenda, moved to RWSSH
    future = dataclasses.replace(base, group_id="rwssh", subgroup_id=None, slug="8", number=8, date=PartialDate(2031, 3, 17), period=None, kind="regular", time="09:00",
                                 title=Text({"en": "8th meeting"}), location=Text({"en": "Phnom Penh"}), summary=None,
                                 agenda=(dataclasses.replace(base.agenda[0], title=Text({"en": "Draft strategy"})),))
    unscheduled = dataclasses.replace(future, slug="2031", number=None, date=PartialDate(2031), title=None)
    later = dataclasses.replace(ds, groups=tuple(dataclasses.replace(x, meetings=(future, unscheduled, *x.meetings)) if x.id == "rwssh" else x for x in ds.groups))
    url = "https://org.example/twg/"
    before = icalendar.Calendar.from_ical(dict(calendars.files(ds, "en", url))["feeds/groups/rwssh.ics"])
    after = icalendar.Calendar.from_ical(dict(calendars.files(later, "en", url))["feeds/groups/rwssh.ics"])
    uids = {str(e["UID"]): e for e in after.walk("VEVENT")}
    assert {str(e["UID"]) for e in before.walk("VEVENT")} < set(uids)
    e = uids["rwssh-8@org.example"]
    assert e.decoded("DTSTART") == dt.date(2031, 3, 17) and str(e["LOCATION"]) == "Phnom Penh"
    assert str(e["URL"]) == url + "groups/rwssh/meetings/8/" and "Starts at 09:00" in str(e["DESCRIPTION"])
    assert "Draft strategy" in str(e["DESCRIPTION"])
    assert "rwssh-2031@org.example" not in uids and "2031" in str(after["DESCRIPTION"])  # a year only: listed, no event
    assert str(after["SOURCE"]) == url + "feeds/groups/rwssh.ics"
    # A long archive: the newest past meetings and every future one (calendar apps fetch it all).
    old = [dataclasses.replace(future, slug=f"old-{i}", number=None, date=PartialDate(1990 + i // 12, i % 12 + 1, 2)) for i in range(calendars.PAST_MEETINGS + 5)]
    archive = dataclasses.replace(later, groups=tuple(dataclasses.replace(x, meetings=(*x.meetings, *old)) if x.id == "rwssh" else x for x in later.groups))
    cal = icalendar.Calendar.from_ical(dict(calendars.files(archive, "en", url))["feeds/groups/rwssh.ics"])
    kept = {str(e["UID"]) for e in cal.walk("VEVENT")}
    past = sorted((m for m in archive.group("rwssh").meetings if m.date.year < 2031), key=lambda m: m.when.first_day())
    newest = {calendars.uid("rwssh", m, "org.example") for m in past[-calendars.PAST_MEETINGS:]}
    assert kept == newest | {"rwssh-8@org.example"} and "rwssh-old-0@org.example" not in kept
    assert "newest 50 past" in str(cal["DESCRIPTION"])


def test_calendar_lines_are_folded_as_icalendar_folds_them() -> None:
    """calendars._fold replaces icalendar's character-by-character folding (speed): same output."""
    from icalendar.parser.string import _foldline

    rng = random.Random(18)
    for _ in range(3000):
        line = "".join(rng.choice("ab ,;\\:éកខ្មែរ😀") for _ in range(rng.randint(0, 300)))
        assert calendars._fold(line) == _foldline(line) + "\r\n"


def test_calendars_are_linked_and_discoverable_in_both_languages(real_site: Path) -> None:
    for lang in ("", "km/"):
        for page, ics in (("groups/rwssh/", "feeds/groups/rwssh.ics"), ("meetings/", "feeds/meetings.ics"), ("groups/rwssh/meetings/7/", "feeds/groups/rwssh.ics")):
            html = _soup(real_site / lang / page / "index.html")
            heads = [link["href"] for link in html.head.select('link[rel~="alternate"][type="text/calendar"]')]
            assert any(posixpath.normpath(posixpath.join(lang + page, h)) == lang + ics for h in heads), (lang, page, heads)
            assert all((real_site / posixpath.normpath(posixpath.join(lang + page, h))).is_file() for h in heads)
        for page, ics in (("groups/rwssh/", "feeds/groups/rwssh.ics"), ("meetings/", "feeds/meetings.ics")):
            links = [a["href"] for a in _soup(real_site / lang / page / "index.html").select('article a[type="text/calendar"]')]
            assert [posixpath.normpath(posixpath.join(lang + page, h)) for h in links] == [lang + ics]


# --- Embeddable status views ---------------------------------------------------------------------

def test_embeds_show_the_latest_published_status_small_and_self_contained(real_site: Path, ds) -> None:  # noqa: ANN001
    for lang in ("", "km/"):
        for g in ds.groups:
            path = real_site / lang / f"embed/groups/{g.id}/index.html"
            html = path.read_text("utf-8")
            assert path.stat().st_size < 8_000, path
            soup = BeautifulSoup(html, "html.parser")
            assert not soup.select("script, nav, iframe, link[rel=stylesheet]")
            assert all(a.get("target") == "_top" for a in soup.select("a"))
            refs = [a["href"] for a in soup.select("a")] + re.findall(r'url\("([^"]+)"\)', html)
            assert refs and not [r for r in refs if "//" in r or r.startswith("/")]  # relative: works under any host and sub-path
            for ref in refs:
                target = real_site / posixpath.normpath(posixpath.join(f"{lang}embed/groups/{g.id}/", ref))
                assert target.is_file() or (target / "index.html").is_file(), (path, ref)
    rwssh = _soup(real_site / "embed/groups/rwssh/index.html")
    report = ds.group("rwssh").latest_report
    assert rwssh.h1.get_text() == "TWG-RWSSH" and report is not None
    assert report.round.title.values["en"] in rwssh.get_text()
    behind = [li.get_text() for li in rwssh.select("ul.b li")]
    assert len(behind) == len(views.behind_schedule(report)) and "DP representatives were not available" in " ".join(behind)
    assert "1 September 2009" in rwssh.get_text()  # the last meeting
    latest = _soup(real_site / "embed/rounds/latest/index.html")
    assert latest.h1.get_text() == ds.latest_round.title.values["en"]


def test_khmer_embed_has_khmer_interface_text(real_site: Path) -> None:
    soup = _soup(real_site / "km/embed/groups/rwssh/index.html")
    assert soup.html["lang"] == "km"
    text = soup.get_text(" ")
    assert "កិច្ចប្រជុំចុងក្រោយ" in text and "យឺតជាងកាលវិភាគ" in text  # "Last meeting", "Behind schedule"
    assert "Last meeting" not in text and "Behind schedule" not in text
    assert "Noto Sans Khmer" in soup.style.get_text()
    # Text with no Khmer value keeps its language and is noted once, not after every text.
    assert soup.select('[lang="en"].twg-fallback') and "twg-fallback::after" not in soup.style.get_text()
    assert len([p for p in soup.select("p.m") if "អង់គ្លេស" in p.get_text()]) == 1


def test_embeds_escape_every_data_text_and_show_no_draft(ds) -> None:  # noqa: ANN001
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'</style>'
    g = ds.group("rwssh")
    report = g.latest_report
    acts = tuple(dataclasses.replace(a, reason=Text({"en": hostile})) if a.status == views.BEHIND else a for a in report.activities)
    draft_round = dataclasses.replace(ds.rounds[-1], id="gdcc-16", title=Text({"en": "16th (draft)"}), published=None, order=99)
    draft = dataclasses.replace(report, round=draft_round, activities=())
    group = dataclasses.replace(g, short_name=Text({"en": hostile}), name=Text({"en": hostile}),
                                reports=(*[dataclasses.replace(report, activities=acts) if r is report else r for r in g.reports], draft))
    bad = dataclasses.replace(ds, groups=tuple(group if x.id == g.id else x for x in ds.groups), rounds=(*ds.rounds, draft_round))
    for lang in ("en", "km"):
        pages = dict(embeds.files(bad, lang))
        html = pages["embed/groups/rwssh/index.html"]
        assert "<script" not in html and "<img" not in html and html.count("</style>") == 1
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "16th (draft)" not in html and report.round.title.values["en"] in html  # drafts are not published status
        assert "<script" not in pages["embed/rounds/latest/index.html"]


def test_group_page_offers_the_embed_snippet(real_site: Path) -> None:
    code = _soup(real_site / "groups/rwssh/index.html").select_one("#embed pre code").get_text()
    frame = BeautifulSoup(code, "html.parser").iframe
    assert frame["src"].endswith("embed/groups/rwssh/") and frame["title"] == "TWG-RWSSH: status"
    km = _soup(real_site / "km/groups/rwssh/index.html").select_one("#embed pre code").get_text()
    assert BeautifulSoup(km, "html.parser").iframe["src"].endswith("km/embed/groups/rwssh/")


# --- The static API on the Downloads page -----------------------------------------------------

def test_every_documented_address_exists_and_parses(real_site: Path, ds) -> None:  # noqa: ANN001
    page = _soup(real_site / "downloads/index.html")
    listed = [c.get_text() for c in page.select("#api ~ div table tbody th code")]
    assert listed == [a.path for a in api.ADDRESSES]
    for address in api.ADDRESSES:
        paths = api.expand(address, [g.id for g in ds.groups], [r.id for r in ds.rounds], list(exports.TABLES), list(SCHEMA_FILES))
        roots = ["", "km/"] if address.per_language else [""]
        for root in roots:
            for path in paths:
                target = real_site / root / path
                target = target / "index.html" if path.endswith("/") else target
                assert target.is_file(), (root, path)
                if path.endswith(".json"):
                    json.loads(target.read_text("utf-8"))
