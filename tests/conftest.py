"""Shared fixtures: real builds of real data, a loopback HTTP server, real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

from twg.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CONFIG = ROOT / "mkdocs.yml"
# Debian chromium; CI runners that ship Google Chrome point TWG_CHROMIUM at it.
CHROMIUM = os.environ.get("TWG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


def build(data_dir: Path, site_dir: Path, *, search: bool = True, pdf: bool = False, config: Path = CONFIG, **options: object) -> int:
    # Round PDFs take seconds to lay out; only the real_site build (tests/test_exports.py) checks them.
    return build_site(str(config), str(site_dir), data=str(data_dir), search=search, pdf=pdf, quiet=True, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test session builds with its own empty cache directory (twg.outputs.cache), as CI
    does: nothing from the developer's builds or an earlier session is read. A test that
    changes the generator itself (a monkeypatched renderer) takes a directory of its own, since
    cache keys know the generator's files, not a patch in memory."""
    before = os.environ.get("TWG_CACHE")
    os.environ["TWG_CACHE"] = str(tmp_path_factory.mktemp("twg-cache"))
    yield
    if before is None:
        os.environ.pop("TWG_CACHE", None)
    else:
        os.environ["TWG_CACHE"] = before


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data built once per test session, with its search index."""
    site = tmp_path_factory.mktemp("real") / "site"
    assert build(DATA, site, pdf=True) == 0
    return site


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of the real data directory to break or extend."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path, prefix: str = "/repo/") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve directory under a sub-path (like a GitHub project site) on loopback."""
    mount = directory.parent / f"mount-{directory.name}"
    target = mount / prefix.strip("/")
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(directory.resolve(), target_is_directory=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(mount)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}{prefix}"


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    """Base URL of the real site served under /repo/."""
    httpd, url = serve(real_site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `bash scripts/run.sh test`, which installs it")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# Test layers (README, "Tests"): unit tests on the small fixtures in tests/unit/, browser tests in
# *_browser.py, and the builds of real data, workflows and tools in between.
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        layer = "unit" if "unit" in path.parts else "browser" if path.stem.endswith("_browser") else "build"
        item.add_marker(getattr(pytest.mark, layer))
