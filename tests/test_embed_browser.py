"""The embeddable status view in real Chromium, inside an <iframe> on a page of another origin."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from twg.data.dataset import load_dataset
from twg.data.schemas import vocabulary

from conftest import DATA, _Quiet

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture()
def partner(tmp_path: Path):  # noqa: ANN201
    """A partner's web site: another port on loopback is another origin."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


def _snippet(real_site: Path, site_url: str, lang: str = "") -> str:
    """The code a partner copies from the group page (the test build knows no site address, so
    its snippet gives the path from the site's root: put the served address in front)."""
    page = BeautifulSoup((real_site / lang / "groups/rwssh/index.html").read_text("utf-8"), "html.parser")
    code = page.select_one("#embed pre code").get_text()
    return re.sub(r'src="/', f'src="{site_url}', code)


def test_embed_in_an_iframe_on_another_origin_shows_the_status(browser, real_site: Path, site_url: str, partner) -> None:  # noqa: ANN001
    folder, partner_url = partner
    (folder / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Partner</title><link rel='icon' href='data:,'></head><body>"
        f"<h1>Our partners</h1>{_snippet(real_site, site_url)}<div>{_snippet(real_site, site_url, 'km/')}</div></body></html>",
        encoding="utf-8")
    assert urlsplit(partner_url).port != urlsplit(site_url).port  # two origins
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(partner_url)
        frame = page.frame_locator("iframe").first
        assert frame.locator("h1").inner_text() == "TWG-RWSSH"
        report = load_dataset(DATA).group("rwssh").latest_report
        expected = [f"{vocabulary('activity_status')[code]} {n}" for code, n in report.status_counts().items()]
        assert sorted(frame.locator("ul.c li").all_inner_texts()) == sorted(expected)
        reasons = frame.locator("ul.b li").all_inner_texts()
        assert len(reasons) == sum(a.status == "behind_schedule" for a in report.activities) > 0
        assert all(str(a.reason) in " ".join(reasons) for a in report.activities if a.reason and a.status == "behind_schedule")
        box = page.locator("iframe").first.bounding_box()
        assert box and box["height"] >= 300
        khmer = page.frame_locator("iframe").nth(1)
        assert "កិច្ចប្រជុំចុងក្រោយ" in khmer.locator("body").inner_text()
        # The link back opens the site in the whole window, not inside the partner's frame.
        frame.locator("footer a").click()
        page.wait_for_url(re.compile(r"/repo/groups/rwssh/$"))
        assert page.locator("h1").first.inner_text().startswith("TWG-RWSSH")
    finally:
        context.close()
    assert not errors, errors
