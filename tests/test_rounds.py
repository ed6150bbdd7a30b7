"""Round reports: the generated 15th-GDCC page against seed 001, the round archive,
changes between rounds, drafts, and dormant groups."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build
from twg.views import changes
from twg.views import status as views
from twg.data.dataset import load_dataset
from twg.data.model import Activity, ActivityStatus, Issue, Report, Round, Text


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def words(el) -> str:  # noqa: ANN001
    return " ".join(el.get_text(" ").split())


# --- the 15th GDCC report, as in seed 001 ---------------------------------------------------------

# (group, activity, reason) of behind-schedule activities in seed 001's "c. Challenges".
SEED_BEHIND = [
    ("rwssh", "(7th meeting)", "DP representatives were not available"),
    ("rwssh", "development of sector strategy for RWSSH", "changing of consultant"),
    ("dd", "Adoption of National Program in the 3rd quarter of 2009", "NCDD communicated that the National Program will be adopted by end of year 2009"),
    ("ppr", "AOP 2009 to implement MPSP 2006-2010", "Development Partners have not provided any resource to implement MPSP 2006-2010"),
    ("iri", "directive that clearly shows a vision of road maintenance", "lengthy procedural steps"),
]


def test_challenges_list_every_behind_schedule_activity_with_its_reason(real_site: Path) -> None:
    page = soup(real_site, "rounds/gdcc-15/index.html")
    for gid, activity, reason in SEED_BEHIND:
        section = page.select_one(f"section#challenges-{gid}")
        assert section is not None, gid
        rows = [[words(td) for td in tr.find_all("td")] for tr in section.select("table.twg-behind tbody tr")]
        assert any(activity in a and reason in r for a, r in rows), (gid, rows)
    # Seed 001: "some TWGs (TWGRWSSH, PPR, Education, LJR, D&D and IRI) have remained some behind-scheduled activities".
    # Annex I files LJR's behind-schedule item under "last progress report for 14th GDCC meeting":
    # its 15th-GDCC section gives the narrative's challenge without a behind-schedule table.
    behind = {s["id"].removeprefix("challenges-") for s in page.select("section.twg-challenges") if s.select("table.twg-behind")}
    assert behind == {"rwssh", "ppr", "education", "dd", "iri"}
    assert "ability of line Ministries to participate" in words(page.select_one("section#challenges-ljr"))


def test_round_page_has_the_shape_of_the_consolidated_report(real_site: Path) -> None:
    page = soup(real_site, "rounds/gdcc-15/index.html")
    article = page.select_one("article")
    text = words(article)
    ids = [h["id"] for h in article.select("h2[id], h3[id]")]
    for anchor in ("overview", "common-progress", "specific-progress", "challenges", "recommendations", "changes", "jmi", "annex-1", "annex-2", "annex-3"):
        assert anchor in ids, anchor
    assert "19 of 19 Technical Working Groups reported" in text
    # Common progress is the round's summary, in the secretariat's words.
    assert "the implementation of TWG Action Plans for 2009 has been progressed well" in text
    # Recommendations per group, e.g. seed 001's "-TWG-Fisheries: GDCC should provide regular information ...".
    assert "GDCC should provide regular information to TWGF Secretariat" in words(page.select_one("#recommendations-fisheries"))
    assert "7 permanent weigh stations" in words(page.select_one("#recommendations-iri"))
    captions = [words(c) for c in article.select("table.twg-annex caption")]
    assert [c.split(".")[0] for c in captions] == ["Annex I", "Annex II", "Annex III"]
    # Annex III, seed 001: RWSSH has sufficient resources, PPR insufficient.
    annex3 = {words(tr.th): words(tr) for tr in article.select("table.twg-annex")[2].select("tbody tr")}
    assert "Sufficient" in annex3["6. TWG-RWSSH"] and "Insufficient" in annex3["7. TWG-PPR"]
    # JMIs by indicator across groups: F&E's JMI 9.1-9.3 (seed 001's resource section names them).
    jmi = [words(tr.select_one(".twg-jmi-code")) for tr in article.select("table.twg-round-jmi tbody tr") if tr.select_one(".twg-jmi-code")]
    assert jmi[:3] == ["9.1", "9.2", "9.3"]
    # Downloads and PDF linked from the page, and no draft banner on a published round.
    hrefs = {a["href"] for a in article.select("a[href]")}
    assert "report.pdf" in hrefs and "../../downloads/rounds/gdcc-15/activities.csv" in hrefs
    assert page.select_one(".twg-draft-banner") is None and "Published 2009" in text


def test_groups_that_did_not_report_are_listed_not_omitted(real_site: Path) -> None:
    page = soup(real_site, "rounds/gdcc-14/index.html")
    overview = page.select_one("table.twg-round-overview")
    missing = {tr["id"].removeprefix("group-") for tr in overview.select("tbody tr") if tr.select(".twg-flag--missing")}
    assert missing == {"pfm", "ph"}
    for table in page.select("table.twg-annex"):
        assert len(table.select("tbody tr .twg-flag--missing")) == 2
    assert "17 of 19" in words(page.select_one("ul.twg-overview"))


def test_round_archive_lists_every_round_and_is_in_the_nav(real_site: Path) -> None:
    page = soup(real_site, "rounds/index.html")
    rows = [[words(c) for c in tr.find_all(["th", "td"])] for tr in page.select("table.twg-rounds tbody tr")]
    assert [r[0] for r in rows] == ["15th GDCC", "14th GDCC", "TWG progress reports, October 2007 to February 2008"]
    assert [r[4] for r in rows] == ["19 of 19", "17 of 19", "1 of 19"]
    assert all(r[1].startswith("Published") for r in rows)
    assert "Rounds" in [words(a) for a in page.select("nav a")]
    for r in ("gdcc-15", "gdcc-14", "2008-02-progress"):
        assert (real_site / "rounds" / r / "index.html").is_file()


def test_changes_section_of_the_15th_gdcc(real_site: Path) -> None:
    ds = load_dataset("data")
    by_group = {g.id: c for g, c in changes.round_changes(ds, ds.round("gdcc-15"))}
    # RWSSH rewrote its action plan between the 14th and 15th GDCC (seed 001: "changed mostly the activities").
    rwssh = by_group["rwssh"]
    assert {a.id for a in rwssh.dropped} == {"national-strategy", "national-forum", "sector-guidelines", "donor-mapping"}
    assert "meeting-7" in {a.id for a in rwssh.new}
    assert by_group["pfm"].previous is None  # first report: PFM did not report to the 14th
    section = soup(real_site, "rounds/gdcc-15/index.html").select_one("#changes-rwssh")
    assert "No longer reported: Develop a National (RWSSH) Strategy" in words(section)


# --- changes.py, unit --------------------------------------------------------------------------

def _round(i: int) -> Round:
    return Round(f"r{i}", i, Text({"en": f"Round {i}"}), None, None, None, None, None, i)


def _report(round_: Round, statuses: dict[str, str], issues: tuple[Issue, ...] = ()) -> Report:
    acts = tuple(ActivityStatus(Activity(k, Text({"en": k}), None, None, 2009), v, None, None, None, None) for k, v in statuses.items())
    return Report(round_, None, "src", acts, None, None, (), "raised" if issues else None, issues, None, (), ())


def test_compare_reports_status_changes_new_dropped_and_issues() -> None:
    i_old = Issue("funding", Text({"en": "No funds"}), None)
    i_text = Issue(None, Text({"en": "Slow  procurement"}), None)
    i_renamed = Issue("funding", Text({"en": "No funds yet (reworded)"}), None)  # same id: same issue
    i_new = Issue(None, None, Text({"en": "A database"}))
    before = _report(_round(1), {"a": "on_schedule", "b": "behind_schedule", "c": "not_started"}, (i_old, i_text))
    after = _report(_round(2), {"a": "completed", "b": "behind_schedule", "d": "on_schedule"},
                    (i_renamed, Issue(None, Text({"en": "slow procurement"}), None), i_new))
    c = changes.compare(before, after)
    assert [(s.activity.id, s.before, s.after) for s in c.status_changed] == [("a", "on_schedule", "completed")]
    assert [a.id for a in c.new] == ["d"] and [a.id for a in c.dropped] == ["c"]
    assert c.issues_raised == (i_new,)  # text matched ignoring case and spacing; id wins over text
    assert c.issues_resolved == ()
    resolved = changes.compare(after, _report(_round(3), {"a": "completed"}))
    assert len(resolved.issues_resolved) == 3 and [a.id for a in resolved.dropped] == ["b", "d"]
    first = changes.compare(None, after)
    assert first.previous is None and len(first.new) == 3 and first.any
    assert not changes.compare(after, after).any


# --- a later round and dormant groups: one extra build -----------------------------------------

@pytest.fixture(scope="module")
def later_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data plus a draft 16th GDCC nobody has reported to yet, seen from mid-2011."""
    import shutil

    from conftest import DATA

    data = tmp_path_factory.mktemp("later") / "data"
    shutil.copytree(DATA, data)
    rounds = data / "rounds.yml"
    rounds.write_text(rounds.read_text(encoding="utf-8") + "  - id: gdcc-16\n    number: 16\n    title: 16th GDCC\n    published:\n", encoding="utf-8")
    site = data / "site.yml"
    site.write_text(re.sub(r"(?m)^data_as_of: .*$", "data_as_of: 2011-06", site.read_text(encoding="utf-8")), encoding="utf-8")
    out = data.parent / "site"
    assert build(data, out, search=False) == 0
    return out


def test_draft_round_has_a_banner_and_lists_every_group_as_not_reported(later_site: Path) -> None:
    page = soup(later_site, "rounds/gdcc-16/index.html")
    banner = page.select_one(".twg-draft-banner")
    assert banner is not None and "Draft" in words(banner) and "19 of 19" in words(banner)
    assert len(page.select("table.twg-round-overview tbody .twg-flag--missing")) == 19
    archive = {words(tr.th): words(tr) for tr in soup(later_site, "rounds/index.html").select("table.twg-rounds tbody tr")}
    assert "Draft" in archive["16th GDCC"] and "0 of 19" in archive["16th GDCC"]


def test_an_earlier_round_report_is_unchanged_by_a_later_round(real_site: Path, later_site: Path) -> None:
    def body(site: Path) -> str:
        return str(soup(site, "rounds/gdcc-15/index.html").select_one("article"))

    assert body(real_site) == body(later_site)


def test_dormant_groups_are_flagged_everywhere(real_site: Path, later_site: Path) -> None:
    # As of 2009-11 (the real data) no group is dormant; by mid-2011, with no meeting since 2009, all
    # are but P&H and TWGAW, whose files run to 2011 and 2016 (their own data_as_of).
    assert not soup(real_site, "groups/index.html").select(".twg-flag--dormant")
    assert soup(later_site, "groups/rwssh/index.html").select_one(".twg-flag--dormant") is not None
    assert len(soup(later_site, "groups/index.html").select(".twg-flag--dormant")) == 17
    status = words(soup(later_site, "status/index.html").select_one("article"))
    assert "Dormant groups" in status and "TWG-RWSSH — last sign of activity September 2009" in status


def test_is_dormant_counts_months_from_the_last_sign_of_activity() -> None:
    ds = load_dataset("data")
    rwssh = ds.group("rwssh")  # last meeting 1 September 2009; the 15th GDCC it reported to, September 2009
    assert views.last_activity(rwssh).iso == "2009-09"
    assert not views.is_dormant(rwssh, 12, (2010, 8, 31))
    assert views.is_dormant(rwssh, 12, (2010, 9, 1))
