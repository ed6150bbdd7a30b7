"""`twg serve` on a copy of the real data, in real Chromium: the whole site (a Khmer page,
search, a round PDF), an edit reaches the open page by live reload, a broken file's
FILE:LINE appears in the browser instead of a stale page, it recovers by itself, and
Ctrl-C stops the server. Every wait is bounded."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import ROOT

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
    except OSError:
        return 0, b""


def _until(what: str, check: Callable[[], bool], timeout: float, proc: subprocess.Popen, log: Path) -> None:
    end = time.monotonic() + timeout
    while not check():
        if proc.poll() is not None:
            pytest.fail(f"twg serve exited ({proc.returncode}) while waiting for {what}:\n{log.read_text()[-3000:]}")
        if time.monotonic() > end:
            pytest.fail(f"{what}: not within {timeout:.0f} s\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


@pytest.fixture()
def served(data_copy: Path, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen, Path]]:
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(BIN / "twg"), "serve", "--data", str(data_copy), "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                env=os.environ | {"TWG_CACHE": str(tmp_path / "cache")})
    url = f"http://127.0.0.1:{port}/"
    try:
        _until("the first page", lambda: _get(url)[0] == 200, 180, proc, log)
        yield url, data_copy, proc, log
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_serve_is_the_whole_site_live_with_errors_in_the_browser(served, browser) -> None:  # noqa: ANN001
    url, data, proc, log = served
    # The same paths as the deployed site: Khmer pages, schemas, downloads, feeds, PDFs.
    status, body = _get(url + "km/groups/rwssh/")
    assert status == 200 and b'<html lang="km"' in body
    for path in ("schema/group.schema.json", "feeds/meetings.xml", "km/sitemap.xml", "downloads/all/activities.csv"):
        _until(path, lambda path=path: _get(url + path)[0] == 200, 60, proc, log)
    status, pdf = _get(url + "km/rounds/gdcc-15/report.pdf", timeout=240)  # laid out on this first request
    assert status == 200 and pdf.startswith(b"%PDF")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    try:
        # Search in both languages, from the background index.
        _until("the search index", lambda: _get(url + "km/pagefind/pagefind-entry.json")[0] == 200, 90, proc, log)
        page.goto(url + "search/?q=sanitation")
        page.locator("#twg-search-page[data-loaded]").wait_for(timeout=30_000)
        assert page.locator("#twg-search-page .twg-results > li").count() >= 1
        page.goto(url + "km/groups/rwssh/")
        page.locator("html[lang=km]").wait_for()
        assert not missing, missing  # no km/sitemap.xml or other request fails

        # An edit reaches the open page through live reload.
        page.goto(url + "groups/rwssh/")
        rwssh = data / "groups" / "rwssh.yml"
        good = rwssh.read_text(encoding="utf-8")
        assert "\nsector: Rural water supply, sanitation and hygiene\n" in good
        rwssh.write_text(good.replace("\nsector: Rural water supply, sanitation and hygiene\n", "\nsector: Water for every village\n"), encoding="utf-8")
        page.get_by_text("Water for every village").first.wait_for(timeout=30_000)

        # A broken save: the open page shows the problem with its file and line; so does any page opened.
        rwssh.write_text(good.replace("\nactive: true\n", "\nactive: maybe\n"), encoding="utf-8")
        line = good.splitlines().index("active: true") + 1
        located = f"{rwssh}:{line}: active: expected true or false"
        page.locator("#twg-problems").wait_for(timeout=30_000)
        assert located in page.locator("#twg-problems").inner_text()
        status, other = _get(url + "km/rounds/gdcc-15/")
        assert status == 500 and located in re.sub(r"<[^>]+>", "", other.decode())

        # Fixed: the open page comes back by itself.
        rwssh.write_text(good, encoding="utf-8")
        page.locator("h1", has_text="TWG-RWSSH").first.wait_for(timeout=30_000)
        assert page.locator("#twg-problems").count() == 0
    finally:
        context.close()

    # Ctrl-C stops the server and its builders, and removes the preview's files.
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    text = log.read_text()
    assert "dirty" not in text.lower(), text  # MkDocs' misleading note on dirty builds is not shown
    assert "Stopping" in text


def test_ctrl_c_during_the_first_build_stops_at_once(data_copy: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(BIN / "twg"), "serve", "--data", str(data_copy), "--dev-addr", f"127.0.0.1:{_free_port()}"],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _until("the first build to start", lambda: "Building the preview" in log.read_text(), 120, proc, log)
        site = Path(re.search(r"Building the preview \(.*?\) in (\S+)…", log.read_text()).group(1))
        assert site.is_dir()
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=30) == 0, log.read_text()
        assert not site.exists()  # the preview's files are gone, builders included
        assert "Traceback" not in log.read_text()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
