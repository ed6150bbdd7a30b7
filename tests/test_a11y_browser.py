"""Readers in a real browser (Chromium, the real site served under /repo/): each page type
in English and Khmer at phone and desktop widths, axe-core checks, the language
switcher, keyboard-only search, print, page weight, and no request leaving the site."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from conftest import ARTIFACTS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SHOTS = ARTIFACTS / "screenshots"
WIDTHS = (360, 1280)


def _page_types(site) -> dict[str, str]:  # noqa: ANN001
    meeting = sorted((site / "groups/gender/meetings").iterdir())[0].name
    types = {"home": "", "group": "groups/gender/", "meeting": f"groups/gender/meetings/{meeting}/", "status": "status/", "search": "search/"}
    if (site / "rounds/gdcc-15/index.html").exists():
        types["round"] = "rounds/gdcc-15/"
    return types


@pytest.fixture(scope="module")
def context(browser, site_url: str):  # noqa: ANN001, ANN201
    """One browser context for the module; every request it makes is logged."""
    ctx = browser.new_context()
    requests: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    yield ctx
    ctx.close()
    foreign = _foreign(requests, site_url)
    assert not foreign, f"requests left the site: {foreign}"


def _foreign(requests: list[str], site_url: str) -> list[str]:
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(site_url))
    return sorted({u for u in requests if not u.startswith(origin) and not re.match(r"^(data|blob|about):", u)})


# axe runs take 1-10 s a page: every page type at desktop width, the table pages also at
# phone width (scrolling regions), and the long round report in English only (its markup
# is the same in Khmer). Split by language so `pytest -n 2` runs the two side by side.
AXE_AT_360 = {"": ("group", "status"), "km/": ("group",)}
AXE_SKIP = {"": (), "km/": ("round",)}


@pytest.mark.parametrize("lang", ["", "km/"], ids=["en", "km"])
def test_pages_pass_axe_and_are_captured(lang: str, context, real_site, site_url: str) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    page = context.new_page()
    for kind, path in _page_types(real_site).items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site_url + lang + path)
            page.evaluate("document.fonts.ready")
            if kind == "status":  # show the wide table, not just the intro
                page.locator(".twg-table").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"{(lang or 'en/').strip('/')}-{kind}-{width}.png"))
            if kind in AXE_SKIP[lang] or (width == 360 and kind not in AXE_AT_360[lang]):
                continue
            for v in axe.run(page).response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"{lang}{path} @{width}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}")
    page.close()
    assert not problems, "\n".join(problems)


def test_language_switch_keeps_the_page(context, site_url: str) -> None:  # noqa: ANN001
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "groups/gender/")
    assert page.locator("html").get_attribute("lang") == "en"
    for lang, expected in (("km", "km/groups/gender/"), ("en", "groups/gender/")):
        page.locator(".md-header .md-select").hover()
        page.locator(f".md-select__link[hreflang={lang}]").click()
        page.wait_for_url(site_url + expected)
        assert page.locator("html").get_attribute("lang") == lang
        assert "TWG-G" in page.locator("h1").inner_text()
    page.close()


def test_keyboard_only_search(context, site_url: str) -> None:  # noqa: ANN001
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "groups/")
    box = page.locator(".md-header form[data-twg-search] input")
    if box.count() == 0:
        pytest.skip("no header search on this site")
    for _ in range(40):  # Tab until the search box has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.matches('form[data-twg-search] input')"):
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("Gender")
    first = page.locator(".md-header .twg-search__results a").first
    first.wait_for()
    for _ in range(10):  # Tab into the results, then follow the focused one with Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && !!document.activeElement.closest('.twg-search__results')"):
            break
    else:
        pytest.fail("the search results cannot be reached with Tab")
    before = page.url
    page.keyboard.press("Enter")
    page.wait_for_function("url => location.href !== url", arg=before)
    page.close()


def test_print_hides_navigation(context, site_url: str) -> None:  # noqa: ANN001
    page = context.new_page()
    page.goto(site_url + "km/groups/gender/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).display") == "none"
    assert len(page.pdf()) > 10_000
    page.close()


def test_page_weight_of_a_group_page(browser, site_url: str) -> None:  # noqa: ANN001
    """Bytes on the wire for a group page, first and repeat visit (Chromium's own count)."""
    figures = {}
    for lang in ("", "km/"):
        ctx = browser.new_context()  # empty cache
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        sizes: list[int] = []
        cdp.on("Network.loadingFinished", lambda e, sizes=sizes: sizes.append(e["encodedDataLength"]))
        visits = []
        for _ in range(2):
            sizes.clear()
            page.goto(site_url + lang + "groups/gender/", wait_until="networkidle")
            page.evaluate("document.fonts.ready")
            visits.append((sum(sizes), len(sizes)))
        figures[lang or "en/"] = {"first_bytes": visits[0][0], "first_requests": visits[0][1], "repeat_bytes": visits[1][0], "repeat_requests": visits[1][1]}
        ctx.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(figures, indent=2))
    print(figures)
    assert figures["en/"]["first_bytes"] < 600_000
    assert figures["km/"]["first_bytes"] < figures["en/"]["first_bytes"] + 200_000  # the Khmer font is the difference
    assert all(f["repeat_bytes"] < f["first_bytes"] for f in figures.values())


def test_no_request_leaves_the_site(browser, site_url: str) -> None:  # noqa: ANN001
    """A reader's browser contacts only the site's own host: pages, fonts, scripts and search
    (the module's shared context checks the same for every page the other tests open)."""
    ctx = browser.new_context()
    requests: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    page = ctx.new_page()
    for path in ("", "km/groups/gender/", "status/"):
        page.goto(site_url + path, wait_until="networkidle")
    page.goto(site_url + "search/?q=gender", wait_until="networkidle")
    ctx.close()
    assert any(u.endswith(".woff2") for u in requests)  # the Khmer font came from the site
    assert any("/pagefind/" in u for u in requests)  # the search index too
    assert len(requests) > 20 and not _foreign(requests, site_url)
