"""Search in real headless Chromium, on the real site served under /repo/."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture()
def tab(browser, site_url: str):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert not errors, errors


def _header_search(page, query: str):  # noqa: ANN001, ANN202
    box = page.locator(".md-header form[data-twg-search] input")
    box.fill(query)
    panel = page.locator(".md-header .twg-search__results")
    # Wait for the results of this query (the panel may still show the previous one's).
    page.wait_for_function(
        "q => (document.querySelector('.md-header .twg-search__all') || {}).href?.includes(encodeURIComponent(q).replace(/%20/g, '+'))",
        arg=query,
    )
    return panel


def test_header_search_shows_group_and_date_and_survives_instant_navigation(tab, site_url: str) -> None:  # noqa: ANN001
    page = tab
    page.goto(site_url)
    # Navigate with Material's instant navigation first: the search must still work.
    page.locator(".md-tabs a", has_text="Groups").first.click()
    page.wait_for_url(re.compile(r"/repo/groups/$"))
    panel = _header_search(page, "DP representatives")
    result = panel.locator(".twg-result", has=page.locator("a", has_text="7th TWG-RWSSH meeting"))
    assert result.locator(".twg-result__meta").inner_text() == "TWG-RWSSH · Meeting · 1 September 2009"
    result.locator(".twg-result__title").click()
    page.wait_for_url(re.compile(r"/repo/groups/rwssh/meetings/7/$"))
    assert page.locator("h1").inner_text().startswith("7th TWG-RWSSH meeting")


def test_search_page_filters_live_in_the_url_and_results_deep_link(tab, site_url: str) -> None:  # noqa: ANN001
    page = tab
    page.goto(site_url + "search/?q=road+maintenance")
    page.locator("#twg-search-page[data-loaded]").wait_for()
    results = page.locator("#twg-search-page .twg-results > li")
    assert results.count() >= 1
    page.locator(".twg-facet input[name=kind][value=group]").check()
    page.wait_for_url(re.compile(r"\?q=road\+maintenance&kind=group$"))
    page.wait_for_function("document.querySelectorAll('#twg-search-page .twg-results > li').length === 1")
    iri = results.first
    assert iri.locator(".twg-result__title").inner_text().startswith("TWG-IRI")
    assert iri.locator(".twg-result__meta").inner_text() == "TWG-IRI · Group page"
    # The URL is shareable: reloading it restores the query and the filter.
    page.reload()
    page.locator("#twg-search-page[data-loaded]").wait_for()
    assert page.locator("#twg-search-page input[type=search]").input_value() == "road maintenance"
    assert page.locator(".twg-facet input[name=kind][value=group]").is_checked()
    # The sub-result goes to the activity row itself, not just the section heading.
    subs = page.locator("#twg-search-page .twg-result__subs a")
    hrefs = [subs.nth(i).get_attribute("href") for i in range(subs.count())]
    rows = [h for h in hrefs if re.search(r"/repo/groups/iri/#gdcc-1[45]-", h)]
    assert rows, hrefs
    link = subs.nth(hrefs.index(rows[0]))
    link.click()
    page.wait_for_url(re.compile(r"/repo/groups/iri/#gdcc-1[45]-"))
    anchor = page.url.split("#")[1]
    row = page.locator(f"[id='{anchor}']").first
    assert "road maintenance" in row.inner_text().lower()
    assert row.is_visible()


def test_khmer_word_found_mid_phrase_and_shown_unspaced(tab, site_url: str) -> None:  # noqa: ANN001
    page = tab
    page.goto(site_url + "groups/")
    # "ទឹក" (water) is the last word of "កសិកម្ម និងទឹក", joined to "និង" in the text.
    panel = _header_search(page, "ទឹក")
    aw = panel.locator(".twg-result", has=page.locator("a", has_text="TWGAW"))
    excerpt = aw.locator(".twg-result__excerpt").first.inner_text()
    assert "កសិកម្ម និងទឹក" in excerpt and "~" not in excerpt
    assert "ទឹក" in aw.locator("mark").first.inner_text()
    # A Khmer query typed without spaces is cut into words the same way.
    panel = _header_search(page, "និងទឹក")
    assert panel.locator(".twg-result a", has_text="TWGAW").count() >= 1
    # "All results" opens the search page through instant navigation, query kept in the URL.
    panel.locator(".twg-search__all").click()
    page.locator("#twg-search-page[data-loaded]").wait_for()
    assert page.locator("#twg-search-page input[type=search]").input_value() == "និងទឹក"
    titles = page.locator("#twg-search-page .twg-result__title", has_text="TWGAW")
    # The English page and, since the query is Khmer, the Khmer page from the Khmer index too.
    assert sorted(titles.nth(i).get_attribute("href") for i in range(titles.count())) == ["/repo/groups/aw/", "/repo/km/groups/aw/"]


def test_khmer_pages_search_their_own_index(tab, site_url: str) -> None:  # noqa: ANN001
    page = tab
    page.goto(site_url + "km/groups/")
    assert page.locator("html").get_attribute("lang") == "km"
    panel = _header_search(page, "ទឹក")
    link = panel.locator(".twg-result__title", has_text="កសិកម្ម និងទឹក").first
    assert link.get_attribute("href") == "/repo/km/groups/aw/"
