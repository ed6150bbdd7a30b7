"""`twg screenshots`: before/after pictures of the pages a change touches, for reviewers.

Both built sites are served on loopback and photographed in headless Chromium
(Playwright, with the system's browser: TWG_CHROMIUM, else /usr/bin/chromium) at a
phone's 360 px and a desktop's 1280 px. The pictures, an index page to look at them
side by side, and a Markdown list for the pull request's job summary are written to
--out (the PR workflow puts them in the site preview, under _screenshots/).
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

WIDTHS = (360, 1280)
MAX_HEIGHT = 6000  # px: a whole round report at 360 px is far taller; the top of it is what changed most often
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


@dataclass(frozen=True)
class Shot:
    page: str  # site-relative address, '' for the home page
    side: str  # 'before' or 'after'
    width: int
    file: str | None  # None: the page does not exist on that side


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def slug(page: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", page.strip("/")) or "home"


def _exists(site: Path | None, page: str) -> bool:
    if site is None:
        return False
    target = site / page
    return (target / "index.html").is_file() if page == "" or page.endswith("/") else target.is_file()


def pages_from_changes(path: Path) -> list[str]:
    """The pages named by `twg changes --format json`, each once, in order."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return list(dict.fromkeys(c["url"] for c in doc.get("changes", [])))


def take(base_site: Path | None, head_site: Path, pages: Sequence[str], out: Path, chromium: str | None = None) -> list[Shot]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    chromium = chromium or os.environ.get("TWG_CHROMIUM", "/usr/bin/chromium")
    shots: list[Shot] = []
    sides = [("before", base_site), ("after", head_site)]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for side, site in sides:
                if site is None:
                    shots += [Shot(page, side, w, None) for page in pages for w in WIDTHS]
                    continue
                with _served(site) as root:
                    for width in WIDTHS:
                        context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1)
                        tab = context.new_page()
                        for page in pages:
                            if not _exists(site, page):
                                shots.append(Shot(page, side, width, None))
                                continue
                            tab.goto(root + page, wait_until="load")
                            tab.evaluate("document.fonts.ready")
                            name = f"{slug(page)}.{side}.{width}.png"
                            height = min(tab.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                            tab.screenshot(path=str(out / name), clip={"x": 0, "y": 0, "width": width, "height": height}, full_page=True)
                            shots.append(Shot(page, side, width, name))
                        context.close()
        finally:
            browser.close()
    _write_index(shots, pages, out)
    return shots


def _cell(shot: Shot | None) -> str:
    if shot is None or shot.file is None:
        return "—" if shot is None or shot.side == "before" else "(removed)"
    return f"`{shot.file}`"


def summary(shots: Sequence[Shot], pages: Sequence[str], where: str) -> str:
    """A Markdown list of the pictures (for the job summary; the images are in the artifact)."""
    if not pages:
        return "### Screenshots\n\nNo published page changes.\n"
    by = {(s.page, s.side, s.width): s for s in shots}
    lines = ["### Screenshots of the changed pages", "",
             f"Before (the base branch) and after (this pull request), at 360 px and 1280 px wide: {where}", "",
             "| page | before 360 px | after 360 px | before 1280 px | after 1280 px |", "|---|---|---|---|---|"]
    for page in pages:
        before = [by.get((page, "before", w)) for w in WIDTHS]
        after = [by.get((page, "after", w)) for w in WIDTHS]
        new = all(s is None or s.file is None for s in before)
        cells = [("new page" if new else _cell(before[0])), _cell(after[0]), ("new page" if new else _cell(before[1])), _cell(after[1])]
        lines.append(f"| `/{page}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _write_index(shots: Sequence[Shot], pages: Sequence[str], out: Path) -> None:
    by = {(s.page, s.side, s.width): s for s in shots}
    rows = []
    for page in pages:
        for width in WIDTHS:
            cells = []
            for side in ("before", "after"):
                s = by.get((page, side, width))
                if s is None or s.file is None:
                    cells.append(f"<td><p>{'(no such page)' if side == 'before' else '(removed)'}</p></td>")
                else:
                    name = html.escape(s.file)
                    cells.append(f'<td><a href="{name}"><img src="{name}" alt="{html.escape(side)} at {width} px" width="{min(width, 640)}"></a></td>')
            rows.append(f"<tr><th>/{html.escape(page)}<br>{width} px</th>{''.join(cells)}</tr>")
    (out / "index.html").write_text(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Before and after</title>"
        "<style>body{font:15px system-ui,sans-serif;margin:1rem}td,th{vertical-align:top;padding:.5rem;text-align:left}"
        "img{border:1px solid #ccc}</style></head><body><h1>Pages this change touches: before and after</h1>"
        f"<table><tr><th>page</th><th>before</th><th>after</th></tr>{''.join(rows)}</table></body></html>\n",
        encoding="utf-8")


def main(base_site: str | None, head_site: str, pages: Sequence[str], pages_from: str | None, out: str,
         max_pages: int, summary_file: str | None) -> int:
    wanted = list(pages)
    if pages_from:
        wanted += pages_from_changes(Path(pages_from))
    wanted = [p.lstrip("/") for p in dict.fromkeys(wanted)][:max_pages]
    base = Path(base_site) if base_site and Path(base_site).is_dir() else None
    shots = take(base, Path(head_site), wanted, Path(out))
    text = summary(shots, wanted, "in the **site-preview** artifact under `_screenshots/` (open `_screenshots/index.html`).")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as f:
            f.write(text)
    print(text)
    return 0
