"""Screenshot pages of a built site in headless Chromium:

    scripts/screenshot.py SITE_DIR OUT_DIR [PATH...] [--viewport]

Serves SITE_DIR on a loopback port and saves OUT_DIR/<name>-<width>.png at 360 and 1280 px
(full pages; --viewport for the first screen only). Without PATHs: every page type, in
English and Khmer (home, groups index, the rwssh and gender group pages, a meeting, status,
rounds index, the gdcc-15 round, search with a query).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE_TYPES = ["", "groups/", "groups/rwssh/", "groups/gender/", "groups/rwssh/meetings/7/", "status/", "rounds/", "rounds/gdcc-15/", "search/?q=road"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--viewport"]
    site, out, paths = Path(args[0]), Path(args[1]), args[2:]
    if not paths:
        paths = PAGE_TYPES + ["km/" + p for p in PAGE_TYPES]
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (360, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                page.goto(base + path.lstrip("/"), wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                name = path.split("?")[0].strip("/").replace("/", "_").replace("#", "_") or "home"
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page="--viewport" not in sys.argv)
            page.close()
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
