"""Screenshot pages of a built site in headless Chromium: scripts/screenshot.py SITE_DIR OUT_DIR PATH [PATH...]

Serves SITE_DIR on a loopback port and saves OUT_DIR/<name>-<width>.png at 360 and 1280 px.
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


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--viewport"]
    site, out, paths = Path(args[0]), Path(args[1]), args[2:]
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (360, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                page.goto(base + path.lstrip("/"))
                name = path.strip("/").replace("/", "_").replace("#", "_") or "home"
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page="--viewport" not in sys.argv)
            page.close()
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
