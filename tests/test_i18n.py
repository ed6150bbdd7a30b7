"""Languages: one build per site language (English at the root, Khmer under km/),
translated interface, marked fallbacks, self-hosted Khmer font, and a second
configuration (examples/laos) with nothing Cambodia-specific in the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from twg.render import i18n
from twg.site.build import build_site

from conftest import ROOT


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("index.html") if not str(p.relative_to(site)).startswith(("km/", "pagefind/"))}


def test_every_page_exists_in_khmer_at_the_same_path(real_site: Path) -> None:
    en = _pages(real_site)
    km = {str(p.relative_to(real_site / "km")) for p in (real_site / "km").rglob("index.html")}
    assert len(en) > 30
    assert en == km
    assert _soup(real_site / "groups/gender/index.html").html["lang"] == "en"
    assert _soup(real_site / "km/groups/gender/index.html").html["lang"] == "km"
    # Translations of hand-written pages are served at the page's own address, never on their own.
    stray = [p for p in real_site.rglob("*") if re.search(r"\.(km|lo)(\.md)?$", p.name) and "pagefind" not in p.parts]
    assert not stray


def test_khmer_group_page_translates_interface_dates_and_marks_fallbacks(real_site: Path) -> None:
    soup = _soup(real_site / "km/groups/gender/index.html")
    headings = [h.get_text(" ", strip=True) for h in soup.select("h2")]
    assert any(h.startswith("កិច្ចប្រជុំ") for h in headings), headings  # "Meetings"
    assert "Meetings" not in " ".join(headings)
    # Dates: Khmer month names and Khmer numerals.
    dates = [t.get_text() for t in soup.select(".twg-meetings time")]
    assert dates and all(re.search("[០-៩]{4}", d) for d in dates), dates
    assert any(m in " ".join(dates) for m in ("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ"))
    # Status labels come from the schema through the catalog.
    assert soup.select_one(".twg-status").get_text() in {i18n.gettext_for("km")(t) for t in ("On schedule", "Behind schedule", "Completed", "Not started", "Dropped", "Not stated")}
    # Data without a Khmer value is shown in English, marked (the marker itself is in Khmer CSS).
    fallback = soup.select(".twg-fallback")
    assert fallback and all(f["lang"] == "en" for f in fallback)
    css = (real_site / "km/assets/twg-lang.css").read_text("utf-8")
    assert "(មានតែភាសាអង់គ្លេស)" in css
    assert "English only" in (real_site / "assets/twg.css").read_text("utf-8")
    # The site's own names are translated in data/site.yml.
    assert "ក្រុមការងារបច្ចេកទេស" in soup.select_one(".md-header__topic").get_text()


def test_hand_written_pages_use_their_translation_or_say_they_are_in_english(real_site: Path) -> None:
    home = _soup(real_site / "km/index.html")
    assert "នៅ" in home.h1.get_text() and "កម្ពុជា" in home.h1.get_text()  # content/index.km.md
    assert not home.select(".twg-untranslated")
    about = _soup(real_site / "km/about/index.html")
    note = about.select_one(".twg-untranslated")
    assert note is not None and "អង់គ្លេស" in note.get_text()
    assert note.find_next_sibling("div")["lang"] == "en"
    assert _soup(real_site / "about/index.html").select_one(".twg-untranslated") is None


def test_language_switcher_links_to_the_same_page(real_site: Path) -> None:
    for lang_root, page in (("", "groups/gender/"), ("km/", "groups/gender/"), ("", ""), ("km/", "status/")):
        here = real_site / lang_root / page
        links = {a["hreflang"]: a["href"] for a in _soup(here / "index.html").select("a.md-select__link")}
        assert set(links) == {"en", "km"}
        assert (here / links["en"]).resolve() == (real_site / page).resolve()
        assert (here / links["km"]).resolve() == (real_site / "km" / page).resolve()


def test_khmer_font_is_served_by_the_site_to_every_language_by_unicode_range(real_site: Path) -> None:
    """Every language's pages declare the Khmer subset font with its unicode-range, so a browser
    fetches it only for a page that shows Khmer (tests/test_readers_browser.py checks that)."""
    for root in (real_site, real_site / "km"):
        font = root / "assets/fonts/NotoSansKhmer.woff2"
        assert font.read_bytes()[:4] == b"wOF2"
        assert 20_000 < font.stat().st_size < 150_000
        names = root / "assets/fonts/names-NotoSansKhmer.woff2"  # the switcher's "ខ្មែរ" only
        assert names.read_bytes()[:4] == b"wOF2" and names.stat().st_size < 5_000
        css = (root / "assets/twg-lang.css").read_text("utf-8")
        assert 'url("fonts/NotoSansKhmer.woff2")' in css and "unicode-range: U+1780-17FF" in css
        assert '--md-text-font: "Noto Sans Khmer"' in css
    assert "Noto Sans Khmer Names" in (real_site / "assets/twg-lang.css").read_text("utf-8")
    for page in (real_site / "index.html", real_site / "km/index.html"):
        html = page.read_text("utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_khmer_catalog_translates_every_interface_string(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    assert i18n.extract(str(pot), str(ROOT / "mkdocs.yml")) == 0
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with i18n.catalog_path("km").open("rb") as fh:
        km = read_po(fh, locale="km")
    missing = sorted(m for m in wanted if not (km.get(m) and km.get(m).string))
    assert not missing, f"add Khmer for these to src/twg/render/locales/km/LC_MESSAGES/messages.po: {missing}"
    problems = [(m.id, errs) for m, errs in km.check()]
    assert not problems  # placeholders like %(round)s kept


def test_presentation_code_names_no_country(tmp_path: Path) -> None:
    """Country names, committee and group names live in data/site.yml and the catalogs."""
    words = re.compile(r"Cambodia|GDCC|\bTWGs?\b|\bCDC\b|Royal Government")
    files = [*ROOT.glob("src/twg/render/templates/*"), *ROOT.glob("src/twg/site/theme/**/*.html"), *ROOT.glob("src/twg/site/assets/*"), *ROOT.glob("macros/*.py")]
    files += [ROOT / "src/twg" / n for n in ("render/renderer.py", "outputs/pages.py", "site/macros.py", "views/status.py", "render/urls.py")]
    hits = [f"{f.relative_to(ROOT)}:{i}" for f in files for i, line in enumerate(f.read_text("utf-8").splitlines(), 1) if words.search(line)]
    assert not hits


@pytest.fixture(scope="session")
def lao_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("laos") / "site"
    example = ROOT / "examples/laos"
    assert build_site(str(example / "mkdocs.yml"), str(site), search=False, quiet=True) == 0
    return site


def test_lao_example_builds_from_its_own_configuration(lao_site: Path) -> None:
    assert _soup(lao_site / "index.html").html["lang"] == "en"
    lo_group = _soup(lao_site / "lo/groups/swg-network/index.html")
    assert lo_group.html["lang"] == "lo"
    assert "ກຸ່ມວຽກງານຂະແໜງການ" in lo_group.select_one(".md-header__topic").get_text()
    home = _soup(lao_site / "index.html").get_text(" ")
    assert "Sector Working Groups in Lao PDR" in home
    # Lao text gets the site's own Lao font (Debian's fonts-lao, cut to the Lao characters).
    for root in (lao_site, lao_site / "lo"):
        assert (root / "assets/fonts/PhetsarathOT.woff2").read_bytes()[:4] == b"wOF2"
        assert '"Phetsarath OT"' in (root / "assets/twg-lang.css").read_text("utf-8")
    meeting = next((lao_site / "groups/swg-network/meetings").iterdir()) / "index.html"
    text = _soup(meeting).get_text(" ")
    assert "Muong Thanh Hotel" in text and "16 November 2022" in text
    # Nothing of the Cambodian deployment leaks into another country's pages.
    leaks = [str(p.relative_to(lao_site)) for p in lao_site.rglob("*.html") if re.search(r"Cambodia|GDCC|\bTWGs?\b|\bCDC\b|ខ្មែរ", p.read_text("utf-8"))]
    assert not leaks
