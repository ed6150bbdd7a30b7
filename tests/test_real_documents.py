"""The format fits real secretariat records (issue 15): structured agendas, agreed actions
followed up by later meetings, chairs and partners over time, sub-groups, the required
meeting frequency and coordination meetings — unit tests on small fixtures, located errors
for every new field, and real builds of the real data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from twg.data.dataset import DataError, load_dataset
from twg.data.model import Action
from twg.views import actions as actions_view
from twg.views import status as views
from conftest import build

ROOT = Path(__file__).resolve().parent.parent

SITE = """\
title: Demo
country: Demo
coordinator: {name: Demo body}
terms: {group: Working Group, groups: Working Groups, group_short: WG, round: Round, round_short: R, committee: Committee}
languages: [en]
data_as_of: 2011-06
sources:
  - {id: agenda, title: Annotated agenda, date: 2011-02-23, url: "https://example.org/agenda.htm"}
  - {id: minutes, title: Minutes}
  - {id: tor, title: Terms of reference}
"""
ROUNDS = "rounds:\n  - {id: r-1, title: Round 1, date: 2011-04, source: minutes}\n"
GROUP = """\
id: demo
short_name: WG-Demo
name: Demo group
source: tor
established: 2008-05
meeting_frequency: {per_year: 3, text: at least 3 times per year, source: tor}
minutes: shared
chairs:
  - {role: co_chair, institution: Ministry A, person: Ms A, title: Secretary of State, from: 2008-05, to: 2010-06, source: tor}
  - {role: co_chair, institution: Ministry A, person: Ms A, title: Minister, from: 2010-07}
partners:
  - {role: lead_facilitator, institution: Partner B, as_of: 2010-01-10}
action_plans:
  - year: 2010
    activities:
      - {id: plan, title: Make a plan, responsible: Ministry A, output_indicator: Plan approved}
subgroups:
  - id: extension
    name: Sub-group on extension
    chair: Ministry A
    members: [{name: Partner B, constituency: development_partner}]
    mandate: To advise on extension.
    established_at: 1
    meetings:
      - date: 2010-03-01
        decisions:
          - {id: sub-report, text: Draft a report., responsible: Partner B, due: 2010-06}
        source: minutes
meetings:
  - number: 1
    date: 2009-12-01
    decisions:
      - A plain decision.
      - {id: tor-redraft, text: Redraft the terms of reference., responsible: Secretariat, due: 2010-03}
      - {id: study, text: Commission a study., due: 2010-01}
      - {text: Keep the website current., responsible: Secretariat}
    source: minutes
  - number: 2
    date: 2010-05-10
    follow_up:
      - {action: tor-redraft, status: done, note: The ToR was revised.}
      - {action: study, status: dropped}
    source: minutes
  - number: 3
    date: 2011-02-23
    time: "15:00"
    minutes: published
    fed_into: c-1
    agenda:
      - Welcome
      - id: workplan
        number: "3"
        minutes_number: ii
        title: Annual workplan
        presenter: The secretariat
        description: It is expected that the workplan will be endorsed.
        items:
          - {number: a, title: Activities}
          - Budget
        actions:
          - {text: Provide data on disbursements., responsible: Development partners, due: 2011-02-28}
          - Comments can also be provided at the meeting.
        outcome: The workplan was endorsed.
    decisions:
      - {text: Circulate the workplan., item: workplan}
    documents:
      - {title: Annotated agenda, kind: agenda, source: agenda}
      - {title: Annex One, kind: annex}
    sources: [agenda, minutes]
"""
COORDINATION = """\
meetings:
  - id: c-1
    body: gdcc
    number: 1
    title: 1st Committee meeting
    date: 2011-04-20
    time: "08:30"
    round: r-1
    agenda: [{title: Management of the meetings, presenter: The secretary}]
    decisions: [{text: Meet twice a year., responsible: Secretariat}]
    documents: [{title: Summary of proposals, kind: background, date: 2011-04}]
    sources: [minutes, agenda]
"""


def tiny(tmp_path: Path, group: str = GROUP, coordination: str | None = COORDINATION) -> Path:
    data = tmp_path / "data"
    (data / "groups").mkdir(parents=True)
    (data / "site.yml").write_text(SITE, encoding="utf-8")
    (data / "rounds.yml").write_text(ROUNDS, encoding="utf-8")
    (data / "groups" / "demo.yml").write_text(group, encoding="utf-8")
    if coordination is not None:
        (data / "coordination.yml").write_text(coordination, encoding="utf-8")
    return data


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_dataset(data)
    return [str(p) for p in err.value.problems]


# --- the model ---------------------------------------------------------------------------

def test_structured_agenda_keeps_numbers_sub_items_presenter_actions_and_outcome(tmp_path: Path) -> None:
    m = load_dataset(tiny(tmp_path)).group("demo").meetings[0]
    assert (m.number, m.time, m.minutes, m.sources, m.fed_into) == (3, "15:00", "published", ("agenda", "minutes"), "c-1")
    welcome, item = m.agenda
    assert welcome.is_plain and str(welcome.title) == "Welcome"
    assert (item.key, item.number, item.minutes_number, str(item.presenter)) == ("item-workplan", "3", "ii", "The secretariat")
    assert [str(s.title) for s in item.items] == ["Activities", "Budget"] and item.items[0].number == "a"
    required, plain = item.actions
    assert isinstance(required, Action) and str(required.responsible) == "Development partners" and required.due.iso == "2011-02-28"
    assert not isinstance(plain, Action)
    assert str(item.outcome) == "The workplan was endorsed."
    assert m.decisions[0].item == "workplan"
    assert [(d.kind, d.source) for d in m.documents] == [("agenda", "agenda"), ("annex", None)]


def test_old_simple_forms_still_load(tmp_path: Path) -> None:
    old = "id: demo\nshort_name: D\nname: Demo\nsource: tor\nchair: Ministry A\nlead_partners: [Partner B]\n" \
          "subgroups: [{name: A sub-group, description: What it does}]\n" \
          "meetings:\n  - {number: 1, date: 2009-01, kind: regular, agenda: [One item], decisions: [One decision], documents: [{title: Minutes, url: /m/}], source: minutes}\n"
    g = load_dataset(tiny(tmp_path, old, None)).group("demo")
    m = g.meetings[0]
    assert str(m.agenda[0].title) == "One item" and m.agenda[0].is_plain
    assert str(m.decisions[0]) == "One decision" and m.source == "minutes"
    assert str(g.chair) == "Ministry A" and not g.chairs and str(g.subgroups[0].description) == "What it does"


def test_actions_are_followed_up_by_later_meetings_and_overdue_is_computed(tmp_path: Path) -> None:
    ds = load_dataset(tiny(tmp_path))
    entries = {e.action.key: e for e in actions_view.register(ds, (2011, 6, 30))}
    redraft, study, website = entries["action-tor-redraft"], entries["action-study"], entries["action-4"]
    assert (redraft.status, redraft.closed_at.number, str(redraft.follow_ups[0][1].note)) == ("done", 2, "The ToR was revised.")
    assert (study.state, study.closed_at.number) == ("dropped", 2)
    assert (website.state, website.closed_at) == ("open", None)  # no due date: never overdue
    assert entries["action-sub-report"].state == "overdue" and entries["action-sub-report"].subgroup.id == "extension"
    by_text = {str(e.action.text): e for e in actions_view.register(ds, (2011, 6, 30))}
    assert by_text["Provide data on disbursements."].state == "overdue"  # due 28 February 2011, open on 30 June
    assert actions_view.register(ds, (2011, 2, 28))[0].meeting.when.iso == "2011-04-20"  # newest meeting first
    assert {str(e.action.text): e.state for e in actions_view.register(ds, (2011, 2, 28))}["Provide data on disbursements."] == "open"
    # Coordination meetings' actions are in the register too, without a group.
    everything = actions_view.register(ds, (2011, 6, 30))
    assert any(e.group is None and str(e.action.text) == "Meet twice a year." for e in everything)
    assert actions_view.counts(everything) == {"open": 3, "overdue": 2, "done": 1, "dropped": 1}


def test_chairs_partners_and_sub_groups_are_records(tmp_path: Path) -> None:
    g = load_dataset(tiny(tmp_path)).group("demo")
    first, second = g.chairs
    assert (first.role, str(first.title), first.end.iso, second.start.iso) == ("co_chair", "Secretary of State", "2010-06", "2010-07")
    assert first.held_on((2009, 1, 1)) and not first.held_on((2011, 1, 1)) and second.held_on((2011, 1, 1))
    assert g.partners[0].as_of.iso == "2010-01-10"
    assert views.current_positions(g.chairs, (2011, 1, 1)) == [second]  # the Groups index names the chair once
    sub = g.subgroups[0]
    assert (sub.id, str(sub.chair), sub.established_at, str(sub.mandate)) == ("extension", "Ministry A", "1", "To advise on extension.")
    assert sub.members[0].constituency == "development_partner" and sub.meetings[0].subgroup_id == "extension"
    act = g.action_plans[2010][0]
    assert (str(act.responsible), str(act.output_indicator)) == ("Ministry A", "Plan approved")


def test_meetings_per_year_against_the_required_frequency(tmp_path: Path) -> None:
    ds = load_dataset(tiny(tmp_path))
    s = views.group_summary(ds, ds.group("demo"), None, (2011, 6, 30))
    # established 2008-05: judged from 2009; 2011 is not over on 30 June 2011.
    assert [(y.year, y.meetings, y.complete, y.below) for y in s.years] == [
        (2009, 1, True, True), (2010, 1, True, True), (2011, 1, False, False)]
    assert s.below_frequency
    enough = GROUP.replace("per_year: 3", "per_year: 1")
    ds = load_dataset(tiny(tmp_path / "b", enough))
    assert not views.group_summary(ds, ds.group("demo"), None, (2011, 6, 30)).below_frequency


def test_a_report_can_cite_the_groups_own_update_and_the_consolidated_report(tmp_path: Path) -> None:
    text = GROUP + "reports:\n  - round: r-1\n    source: minutes\n    sources: [agenda]\n    activities: [{activity: plan, status: on_schedule}]\n"
    assert load_dataset(tiny(tmp_path, text)).group("demo").reports[0].sources == ("minutes", "agenda")
    bad = text.replace("    sources: [agenda]\n", "    sources: [update]\n")
    assert any("reports[0].sources[0]: unknown source 'update'" in p for p in problems(tiny(tmp_path / "b", bad)))


def test_coordination_meetings_are_records_with_or_without_a_report(tmp_path: Path) -> None:
    ds = load_dataset(tiny(tmp_path))
    c = ds.coordination_meeting("c-1")
    assert (c.body, c.number, c.time, c.round.id, c.sources) == ("gdcc", 1, "08:30", "r-1", ("minutes", "agenda"))
    assert str(c.agenda[0].presenter) == "The secretary" and c.documents[0].kind == "background"
    no_round = COORDINATION.replace("    round: r-1\n", "")
    assert load_dataset(tiny(tmp_path / "b", coordination=no_round)).coordination[0].round is None


# --- located errors for the new fields ----------------------------------------------------

@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('time: "15:00"', "time: 3pm", "groups/demo.yml:46: meetings[2].time: the text '3pm' is not valid: Local time of day written HH:MM"),
        ("responsible: Secretariat, due: 2010-03}", "responsible: Secretariat, status: closed}",
         "groups/demo.yml:34: meetings[0].decisions[1].status: the text 'closed' is not a known action status (use one of: open, done, dropped)"),
        ("        presenter: The secretariat", "        presentor: The secretariat",
         "groups/demo.yml:55: meetings[2].agenda[1].presentor: unknown field 'presentor'; did you mean 'presenter'?"),
        ("{text: Circulate the workplan., item: workplan}", "{text: Circulate the workplan., responsable: Secretariat}",
         "groups/demo.yml:65: meetings[2].decisions[0].responsable: unknown field 'responsable'; did you mean 'responsible'?"),
        ("{action: study, status: dropped}", "{action: stduy, status: dropped}", "groups/demo.yml:42: meetings[1].follow_up[1].action: unknown action (give the action an 'id' where it was agreed) 'stduy'"),
        ("item: workplan}", "item: work-plan}", "groups/demo.yml:65: meetings[2].decisions[0].item: unknown agenda item of this meeting 'work-plan'"),
        ("{id: study, text:", "{id: tor-redraft, text:", "groups/demo.yml:35: meetings[0].decisions[2].id: duplicate action id 'tor-redraft' (first used on line 34)"),
        ("  - {role: lead_facilitator,", "  - {role: co_chair,", "groups/demo.yml:12: partners[0].role: 'co_chair' is a chair's role: list it under 'chairs'"),
        ("fed_into: c-1", "fed_into: c-9", "groups/demo.yml:48: meetings[2].fed_into: unknown coordination meeting (an id in coordination.yml) 'c-9'"),
        ("established_at: 1", "established_at: 7", "groups/demo.yml:23: subgroups[0].established_at: no meeting '7' in this group's meetings (known: 1, 2, 3)"),
        ("    sources: [agenda, minutes]\n", "", "groups/demo.yml:44: meetings[2].source: missing required field 'source'"),
        ("to: 2010-06, source: tor}", "to: 2007-06, source: tor}", "groups/demo.yml:9: chairs[0].to: ends (2007-06) before it starts (2008-05)"),
        ("per_year: 3,", "per_year: three,", "groups/demo.yml:6: meeting_frequency.per_year: expected a whole number, got the text 'three'"),
        ("{title: Annex One, kind: annex}", "{title: Annex One, kind: appendix}", "groups/demo.yml:68: meetings[2].documents[1].kind: the text 'appendix' is not a known kind of document; did you mean 'agenda'?"),
    ],
)
def test_bad_new_fields_are_located_and_plain(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GROUP
    found = problems(tiny(tmp_path, GROUP.replace(old, new, 1)))
    assert any(expected in p for p in found), "\n".join(found)


def test_a_follow_up_before_the_action_was_agreed_is_refused(tmp_path: Path) -> None:
    text = GROUP.replace("  - number: 2\n    date: 2010-05-10", "  - number: 2\n    date: 2009-05-10")
    assert any("meetings[1].follow_up[0].action: action 'tor-redraft' was agreed later (2009-12-01, line 34) than this meeting (2009-05-10)" in p
               for p in problems(tiny(tmp_path, text)))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("round: r-1", "round: r-2", "coordination.yml:8: meetings[0].round: unknown round 'r-2'"),
        ("body: gdcc", "body: committee", "coordination.yml:3: meetings[0].body: the text 'committee' is not a known coordination body"),
        ("    sources: [minutes, agenda]\n", "", "coordination.yml:2: meetings[0].source: missing required field 'source'"),
        ("sources: [minutes, agenda]", "sources: [minutes, agendas]", "coordination.yml:12: meetings[0].sources[1]: unknown source 'agendas'"),
    ],
)
def test_bad_coordination_meetings_are_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in COORDINATION
    found = problems(tiny(tmp_path, coordination=COORDINATION.replace(old, new, 1)))
    assert any(expected in p for p in found), "\n".join(found)


def test_a_comma_inside_a_flow_mapping_says_to_quote_the_text(tmp_path: Path) -> None:
    text = GROUP.replace("{title: Annex One, kind: annex}", "{title: Annex One, the workplan, kind: annex}")
    found = problems(tiny(tmp_path, text))
    assert any("meetings[2].documents[1].the workplan: unknown field 'the workplan': inside {…} a comma ends the text" in p
               and 'put the text in quotes: title: "Annex One, the workplan"' in p for p in found), "\n".join(found)


# --- the real data, built ----------------------------------------------------------------

def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(path.read_text("utf-8"), "html.parser").get_text(" "))


def test_real_records_are_on_the_site(real_site: Path) -> None:
    soup = BeautifulSoup((real_site / "actions/index.html").read_text("utf-8"), "html.parser")
    rows = soup.select("#twg-actions tbody tr")
    states = {r.get("data-state") for r in rows}
    assert {"open", "overdue", "done"} <= states and all(r.get("data-group") for r in rows)
    # The 8th P&H meeting's small group was reported at the 9th; the 9th's ToR redraft at the 10th.
    small = next(r for r in rows if "A small group (of volunteer members)" in r.get_text())
    assert small["data-state"] == "done" and small.select("td a")[-1]["href"].endswith("groups/ph/meetings/9/")
    assert small.select("td a")[-2]["href"].endswith("groups/ph/meetings/8/#action-har-small-group")
    overdue = [r for r in rows if r["data-state"] == "overdue"]
    assert overdue and "finalized by mid November 2008" in overdue[0].get_text()
    assert soup.select_one("[data-twg-filter] select[data-key=group] option[value=ph]")
    # The annotated agenda and the minutes of one meeting, with both numberings and the actions required.
    m17 = _text(real_site / "groups/ph/meetings/17/index.html")
    assert "1. Validation and agreement on draft documents (item i in the minutes)" in m17
    assert "Responsible: TWG members" in m17 and "Time 15:00" in m17 and "Minutes published" in m17
    assert "Sources: Partnership and Harmonisation TWG, 21 September 2010 — Annotated Agenda" in m17
    m10 = _text(real_site / "groups/ph/meetings/10/index.html")
    assert "Follow-up of earlier actions" in m10 and "The revision of the ToR was complete" in m10
    ph = _text(real_site / "groups/ph/index.html")
    assert "Chhieng Yanara, Minister Attached to the Prime Minister — Chair, named on 21 September 2010" in ph
    assert "Helen Appleton (DFID) — Co-facilitator" in ph and "Subgroup on PIU strategy" in ph
    index = BeautifulSoup((real_site / "groups/index.html").read_text("utf-8"), "html.parser")
    row = next(tr for tr in index.select("tbody tr") if tr.select_one("th a").get_text() == "TWG-P&H")
    assert [row.select_one(f'td[data-label="{label}"]').get_text() for label in ("Chair", "Lead partners")] == ["Chhieng Yanara", "UNDP, DFID"]
    sub = _text(real_site / "groups/ph/subgroups/piu-strategy/index.html")
    assert "identification of mechanism for monitoring H-A-R Action Plan" in sub and "8th meeting of the P&H TWG" in sub
    aw = _text(real_site / "groups/aw/index.html")
    assert "Required meetings at least 3 times per year" in aw and "2016: 1 (year not over)" in aw
    assert "Sub-TWG on Agricultural Extension" in aw and "Minutes kept and shared among members" in aw
    gdcc10 = _text(real_site / "coordination/gdcc-10/index.html")
    assert "Presented by His Excellency Tuon Tavrak, Director General of Ministry of Planning" in gdcc10 and "Time 08:30" in gdcc10
    gdcc14 = _text(real_site / "coordination/gdcc-14/index.html")
    assert "Progress reports of the Technical Working Groups to the 14th GDCC" in gdcc14 and "TWGAW" in gdcc14
    assert "None recorded for this meeting" in _text(real_site / "coordination/gdcc-18/index.html")
    km = _text(real_site / "km/actions/index.html")
    assert "បញ្ជីសកម្មភាពដែលបានឯកភាព" in km


def test_a_group_below_its_required_frequency_is_flagged(data_copy: Path, tmp_path: Path) -> None:
    """TWG-AW's terms of reference ask for at least 3 meetings a year; with its data current to the
    end of 2016 the one meeting recorded that year is below it, on its page and the Groups index."""
    aw = data_copy / "groups" / "aw.yml"
    aw.write_text(aw.read_text("utf-8").replace("data_as_of: 2016-03", "data_as_of: 2016-12"), encoding="utf-8")
    site = tmp_path / "site"
    assert build(data_copy, site, search=False) == 0
    page = BeautifulSoup((site / "groups/aw/index.html").read_text("utf-8"), "html.parser")
    assert "fewer than 3 meetings recorded in 2016" in page.select_one(".twg-flag--frequency").get_text()
    index = BeautifulSoup((site / "groups/index.html").read_text("utf-8"), "html.parser")
    flagged = [tr for tr in index.select("tbody tr") if tr.select_one(".twg-flag--frequency")]
    assert [tr.select_one("th a").get_text() for tr in flagged] == ["TWGAW"]


def test_the_register_filters_by_group_and_status_in_chromium(browser, site_url: str) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "actions/?group=ph&state=done")
    page.wait_for_selector("[data-twg-filter]:not([hidden])")
    visible = page.locator("#twg-actions tbody tr:visible")
    assert visible.count() == 2 and page.locator("[data-twg-filter-count]").inner_text() == "2 shown"
    page.select_option("select[data-key=state]", "")
    assert page.locator("#twg-actions tbody tr:visible").count() == page.locator("#twg-actions tbody tr").count()
    assert "state=" not in page.url and "group=ph" in page.url
    page.close()
    assert not errors, errors
