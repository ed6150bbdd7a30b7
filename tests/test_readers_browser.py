"""What a reader sees, in real Chromium on the real site (shared build, served under /repo/):
phone-first tables, the Khmer site speaking Khmer (search page, header box, PDF, feeds),
and the Khmer web font on English pages that show Khmer."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import DATA
from twg.render import i18n

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TABLE_PAGES = ("status/", "groups/rwssh/", "rounds/gdcc-15/")

# Every cell of every behind-schedule row (activity, status badge, reason) and the page itself
# within the viewport's width: [problems], empty when the reader needs no sideways scrolling.
_LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.scrollingElement.scrollWidth > width) problems.push(`page scrolls sideways: ${document.scrollingElement.scrollWidth} > ${width}`);
  const rows = [...document.querySelectorAll("article tr.twg-row--behind_schedule")];
  if (!rows.length) problems.push("no behind-schedule row");
  for (const row of rows) {
    if (!row.querySelector(".twg-status")) problems.push(`no status badge: ${row.innerText.slice(0, 60)}`);
    for (const cell of row.querySelectorAll("th, td")) {
      const box = cell.getBoundingClientRect();
      if (box.width && (box.left < 0 || box.right > width + 0.5)) problems.push(`cut off (${Math.round(box.left)}..${Math.round(box.right)} of ${width}): ${cell.innerText.slice(0, 60)}`);
    }
  }
  const reasons = rows.filter((row) => /\\S/.test([...row.cells].slice(-1)[0].innerText) && row.cells.length > 1);
  if (!reasons.length) problems.push("no reason shown beside any behind-schedule activity");
  return problems;
}"""

# Tables wider than their box (a scrolling wrapper whose content overflows): [descriptions].
_OVERFLOW = """() => [...document.querySelectorAll("article table")].flatMap((t) => {
  const box = t.parentElement;
  const over = t.getBoundingClientRect().right - box.getBoundingClientRect().right;
  return over > 0.5 || box.scrollWidth > box.clientWidth + 0.5 ? [`${(t.caption && t.caption.innerText) || t.className}: ${Math.round(over)} px too wide`] : [];
})"""


# Columns (by header) whose body cells are all empty or "—", in tables without merged cells.
_EMPTY_COLUMNS = """() => [...document.querySelectorAll("article table")].flatMap((t) => {
  const text = (e) => e.textContent.trim();  // not innerText: tables inside closed <details> count too
  const heads = [...t.querySelectorAll("thead th")].map(text);
  const rows = [...t.querySelectorAll("tbody tr")].filter((tr) => [...tr.cells].length === heads.length);
  if (!rows.length) return [];
  return heads.filter((_, i) => rows.every((tr) => /^(—|)$/.test(text(tr.cells[i])))).map((h) => `${(t.caption && text(t.caption)) || t.className}: ${h}`);
})"""


@pytest.fixture(scope="module")
def page(browser):  # noqa: ANN001, ANN201
    ctx = browser.new_context()
    p = ctx.new_page()
    yield p
    ctx.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["", "km/"], ids=["en", "km"])
def test_behind_schedule_status_and_reason_fit_the_screen(page, site_url: str, lang: str, width: int) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for path in TABLE_PAGES:
        page.goto(site_url + lang + path)
        problems += [f"{lang}{path} @{width}: {p}" for p in page.evaluate(_LAYOUT)]
        if width == 1280:
            problems += [f"{lang}{path} @{width}: {p}" for p in page.evaluate(_OVERFLOW)]
    assert not problems, "\n".join(problems)


def test_no_table_overflows_on_any_page_type_at_1280(page, site_url: str) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 1280, "height": 800})
    problems = []
    for lang in ("", "km/"):
        for path in ("", "groups/", "groups/gender/", "groups/rwssh/meetings/7/", "rounds/", "meetings/", "downloads/"):
            page.goto(site_url + lang + path)
            problems += [f"{lang}{path}: {p}" for p in page.evaluate(_OVERFLOW)]
    assert not problems, "\n".join(problems)


def test_phone_cards_show_every_column_without_empty_ones(page, site_url: str) -> None:  # noqa: ANN001
    """At 360 px a status table is a list of cards; columns no row fills are not there at all."""
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + "groups/rwssh/")
    row = page.locator("#gdcc-15-sector-strategy")
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    assert "Behind schedule" in row.inner_text() and "changing of consultant" in row.inner_text()
    # No table has a column that is empty ("—" or nothing) in every row.
    empty = []
    for path in ("", "groups/", "status/", "groups/gender/", "groups/fe/", "rounds/gdcc-15/", "rounds/", "actions/"):
        page.goto(site_url + path)
        empty += [f"{path}: {c}" for c in page.evaluate(_EMPTY_COLUMNS)]
    assert not empty, empty
    page.goto(site_url)
    card = page.locator("table.twg-groups-table tbody tr").nth(5)
    assert "1 September 2009" in card.inner_text() and "Behind schedule" in card.inner_text()
    labels = card.evaluate("tr => [...tr.cells].map((c) => getComputedStyle(c, '::before').content)")
    assert '"Last meeting"' in labels and '"Latest report"' in labels  # each value under its column's name


# --- the Khmer site speaks Khmer ----------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def english_interface() -> list[str]:
    """English interface strings the Khmer catalog translates: each literal run of a msgid
    (between its placeholders) of 8 characters or more, except runs that also occur in the
    data files (those are facts in English, shown as such and marked, not interface)."""
    with i18n.catalog_path("km").open("rb") as fh:
        catalog = read_po(fh, locale="km")
    data = _normal(" ".join(p.read_text("utf-8") for p in sorted(DATA.rglob("*.yml"))))
    runs = set()
    for m in catalog:
        if not m.id or not m.string or m.string == m.id:
            continue
        for run in re.split(r"%\(\w+\)s", m.id):
            run = run.strip(" .,:;—()'’s")
            if len(run) >= 8 and run not in data:
                runs.add(run)
    assert len(runs) > 100
    return sorted(runs)


def _english_in(text: str, runs: list[str]) -> list[str]:
    text = _normal(text)
    return [r for r in runs if r in text]


def test_khmer_search_page_and_header_box_speak_khmer(page, site_url: str, english_interface: list[str]) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "km/search/?q=" + "ទឹក")
    page.locator("#twg-search-page[data-loaded]").wait_for()
    assert page.locator("#twg-search-page .twg-results > li").count() > 0
    # The interface, not the results' text (facts in English are shown as they are).
    shown = page.evaluate("""() => {
      const root = document.getElementById("twg-search-page").cloneNode(true);
      root.querySelectorAll(".twg-results, noscript").forEach((e) => e.remove());
      const box = document.querySelector("form[data-twg-search]");
      return [document.title, document.querySelector("h1").innerText, root.innerText,
              box.getAttribute("aria-label"), box.querySelector("input").placeholder, box.querySelector("label").innerText,
              ...[...document.querySelectorAll(".twg-result__meta")].map((e) => e.innerText),
              ...[...document.querySelectorAll("link[rel~=alternate][title]")].map((e) => e.title)].join("\\n");
    }""")
    assert not _english_in(shown, english_interface), _english_in(shown, english_interface)
    for word in ("Search", "Kind of record", "Year", "results for", "group", "meeting"):
        assert not re.search(rf"\b{word}\b", shown.replace("TWG", "")), word
    assert "លទ្ធផល" in shown and "ប្រភេទកំណត់ត្រា" in shown and "ស្វែងរក" in shown
    assert re.search("[០-៩]", shown)  # counts in Khmer numerals
    # A Khmer group page's header box too.
    page.goto(site_url + "km/groups/gender/")
    box = page.locator("form[data-twg-search]")
    assert box.locator("input").get_attribute("placeholder") == "ស្វែងរក"
    assert not _english_in(box.get_attribute("aria-label") + box.locator("label").inner_text(), english_interface)


def test_khmer_pdf_speaks_khmer(real_site: Path, english_interface: list[str]) -> None:
    text = subprocess.run(["pdftotext", str(real_site / "km/rounds/gdcc-15/report.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    found = _english_in(text, english_interface)
    assert not found, found
    for english in ("Reporting period", "Published", "Overview", "Page 1 of", "Source:"):
        assert english not in text, english
    # pdftotext takes Khmer's stacked vowels apart ("ទេំពេ័រ" for ទំព័រ): count letters and digits instead.
    pages = [p for p in text.split("\f") if p.strip()]
    total = i18n.digits(str(len(pages)), "km")  # "Page 3 of 27": ២៧ in every footer
    assert len(re.findall(rf"[០-៩]+ \S+ {total}\b", text)) >= len(pages) - 1, "Khmer page numbers"
    assert len(re.findall("[\u1780-\u17FF]", text)) > 2000


def test_khmer_feeds_are_their_own(real_site: Path, english_interface: list[str]) -> None:
    feeds = sorted((real_site / "km/feeds").rglob("*.xml"))
    assert len(feeds) >= 3
    for feed in feeds:
        xml = feed.read_text("utf-8")
        english = (real_site / feed.relative_to(real_site / "km")).read_text("utf-8")
        assert xml != english, feed
        assert 'xml:lang="km"' in xml and 'xml:lang="en"' not in xml, feed
        titles = " ".join(re.findall(r"<(?:title|summary)[^>]*>([^<]*)<", xml))
        assert not _english_in(titles, english_interface), (feed, _english_in(titles, english_interface))
    rounds = (real_site / "km/feeds/rounds.xml").read_text("utf-8")
    assert "របាយការណ៍វឌ្ឍនភាពរួម" in rounds and "១៩" in rounds  # "Consolidated progress report: 19 of 19 ..."


# --- fonts --------------------------------------------------------------------------------


def test_english_page_with_khmer_text_loads_the_khmer_font(browser, site_url: str) -> None:  # noqa: ANN001
    ctx = browser.new_context()
    fonts: list[str] = []
    ctx.on("request", lambda r: fonts.append(r.url.rsplit("/", 1)[-1]) if r.url.endswith(".woff2") else None)
    page = ctx.new_page()
    page.goto(site_url + "groups/gender/", wait_until="networkidle")  # its Khmer name is on the page
    page.evaluate("document.fonts.ready")
    assert page.locator(".twg-altname[lang=km]").count() == 1
    loaded = page.evaluate("[...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family)")
    assert any("Noto Sans Khmer" in f for f in loaded), loaded
    assert "NotoSansKhmer.woff2" in fonts
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Khmer\"', 'ក្រុមការងារ')")
    ctx.close()
    # An English page without Khmer text loads only the few glyphs of the switcher's "ខ្មែរ"
    # (a new context: one that has the font cached takes it from there again, with a request).
    ctx = browser.new_context()
    fonts.clear()
    ctx.on("request", lambda r: fonts.append(r.url.rsplit("/", 1)[-1]) if r.url.endswith(".woff2") else None)
    page = ctx.new_page()
    page.goto(site_url + "status/", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    page.locator(".md-header .md-select").hover()  # the switcher shows "ខ្មែរ"
    page.wait_for_timeout(300)
    page.evaluate("document.fonts.ready")
    assert fonts == ["names-NotoSansKhmer.woff2"], fonts
    ctx.close()
