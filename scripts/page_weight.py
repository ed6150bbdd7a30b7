"""Page weight at a phone's width: scripts/page_weight.py SITE_DIR [PATH...]

Opens each page (default: every page type, English and Khmer) in a fresh headless Chromium
at 360 px, as a first visit with an empty cache, waits for the network and the fonts, and adds
up what was downloaded — each response gzip-compressed (level 6, what a web server sends; the
search index and fonts are compressed already). Prints a Markdown table for the README.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from screenshot import ARGS, CHROMIUM, PAGE_TYPES, _Quiet


def weigh(page, url: str) -> tuple[int, int, int, int]:  # noqa: ANN001
    """(requests, raw bytes, gzip bytes, font bytes) of a first visit to url."""
    bodies: list[tuple[str, bytes]] = []

    def keep(response) -> None:  # noqa: ANN001
        try:
            bodies.append((response.url, response.body()))
        except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
            pass

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", keep)
    raw = sum(len(b) for _, b in bodies)
    packed = sum(len(gzip.compress(b, 6)) if not u.endswith((".woff2", ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind")) else len(b) for u, b in bodies)
    fonts = sum(len(b) for u, b in bodies if u.endswith(".woff2"))
    return len(bodies), raw, packed, fonts


def main() -> None:
    site, paths = Path(sys.argv[1]), sys.argv[2:] or PAGE_TYPES + ["km/" + p for p in PAGE_TYPES]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    print("| page | requests | transferred (gzip) | uncompressed | of which fonts |")
    print("|---|---:|---:|---:|---:|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for path in paths:
            ctx = browser.new_context(viewport={"width": 360, "height": 800})  # empty cache: a first visit
            n, raw, packed, fonts = weigh(ctx.new_page(), base + path)
            ctx.close()
            print(f"| `{path or '/'}` | {n} | {packed / 1024:.0f} kB | {raw / 1024:.0f} kB | {fonts / 1024:.0f} kB |")
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
