"""The printable consolidated report of each round, as PDF.

Rendered from its own standalone template (round_print.html), not from the
themed page: a plain document prints faster and cleaner than the web page.

Engines (measured side by side by bench/pdf_engines.py on the 15th-GDCC report):
Chromium's print-to-PDF lays a report out in ~0.3–0.5 s, WeasyPrint in 5–10 s (its
layout is pure Python), so a 15-year archive's 60 reports take ~20 s instead of
~5 minutes. Chromium is used when one is installed (`chromium`, `chromium-browser` or
`google-chrome` on PATH; `scripts/run.sh` installs Debian's), and
WeasyPrint otherwise, so a bare `pip install` still makes PDFs. The same HTML and
CSS (@page margin boxes, page counters) serve both.

Each PDF is kept in a cache directory by the hash of its HTML and engine: a round whose
content did not change is never laid out again, and CI keeps that directory between
runs (<cache>/pdf, twg.outputs.cache; actions/cache in the deploy and pull-request workflows). The HTML holds nothing
that changes by itself (no build date) and nothing from groups outside the round, so a
published round's PDF stays byte for byte the same until its own content changes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
import functools
from pathlib import Path
from typing import Any

from markupsafe import Markup

from twg.views import roundreport
from twg.render import urls
from twg.outputs import cache, langcss, webfonts
from twg.outputs.pagestore import PageStore
from twg.render import i18n
from twg.data.model import Dataset
from twg.render.renderer import Renderer

log = logging.getLogger("twg.pdf")

_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# As the tests and the bench launch it: no first-run work, no calls home (the network may be closed).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]



def _font_css(languages: tuple[str, ...] | list[str], cache_dir: Path | None = None) -> str:
    """The site's own fonts for scripts a bare CI machine may have no system font for (Khmer),
    in every language's report: an English report may quote a Khmer name."""
    fonts = webfonts.site_fonts(languages)
    css = ""
    for font in fonts:
        if not webfonts.is_variable(font):
            uri = "data:font/woff2;base64," + base64.b64encode(webfonts.woff2(font, cache_dir)).decode("ascii")
            css += webfonts.font_face_css(font, uri)
            continue
        # Static regular and bold instances: Chromium embeds a variable font as Type 3 glyphs.
        for weight in (400, 700):
            uri = "data:font/woff2;base64," + base64.b64encode(webfonts.woff2(font, cache_dir, weight)).decode("ascii")
            css += (f'@font-face {{ font-family: "{font.family}"; src: url("{uri}") format("woff2"); '
                    f"font-weight: {weight}; unicode-range: {font.unicode_range}; }}\n")
    if fonts:
        css += 'body {{ font-family: "DejaVu Sans", {}, sans-serif; }}\n'.format(", ".join(f'"{f.family}"' for f in fonts))
    return css


# CSS counter styles for the page numbers, where a language writes its own digits.
_COUNTER_STYLES = {"km": "khmer"}


def page_counter(lang: str) -> str:
    """The footer's "Page 1 of 24" as a CSS content value, worded by the catalog and
    counted in the language's digits."""
    style = _COUNTER_STYLES.get(lang)
    _ = i18n.gettext_for(lang)
    parts = re.split(r"(%\((?:page|pages)\)s)", _("Page %(page)s of %(pages)s"))
    out = []
    for part in parts:
        name = part[2:-2] if part.startswith("%(") else None
        if name:
            out.append(f"counter({name}{', ' + style if style else ''})")
        elif part:
            out.append(json.dumps(part, ensure_ascii=False))
    return " ".join(out)


def css_string(text: str) -> str:
    """text as a quoted CSS string: every character but letters, digits and spaces escaped, so
    nothing from the data can end the string, the rule or the <style> element."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def round_html(ds: Dataset, round_id: str, lang: str | None = None, cache_dir: Path | None = None) -> str:
    report = roundreport.build(ds, ds.round(round_id))
    r = Renderer(ds, urls.round_pdf(round_id), lang)
    # The "(English only)" marker of the web pages, without :has() (WeasyPrint has none).
    marker = langcss.stylesheet(r.lang, r.fallback, ()).split("\n")[0] if r.lang != r.fallback else ""
    title = Markup(css_string(" ".join(r.s(report.round.title).split())))
    return r.render("round_print.html", report=report, font_css=Markup(_font_css(ds.site.languages, cache_dir)),
                    page_counter=Markup(page_counter(r.lang)), marker_css=Markup(marker), running_title=title)


def chromium_path() -> str | None:
    """The Chromium to print with (the first on PATH: Debian's chromium, GitHub runners'
    google-chrome), or None: then WeasyPrint."""
    return next((p for p in map(shutil.which, _CHROMIUM_NAMES) if p), None)


@functools.cache
def engine() -> str:
    """The engine and its version: part of every cache key, so a new engine lays everything out anew."""
    chromium = chromium_path()
    if chromium and _playwright_available():
        import subprocess

        version = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
        return f"chromium {version or chromium}"
    from weasyprint import __version__

    return f"weasyprint {__version__}"


def _playwright_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class Job:
    html: str  # "" for a job whose PDF is in the cache under `key` (nothing to lay out)
    out: Path
    cache_dir: Path | None = None  # twg.outputs.cache: PDFs are kept in <cache>/pdf
    key: str = ""  # the cache key, when known without the HTML (round_jobs)

    @property
    def cached(self) -> Path:
        return _cached(self.key or pdf_key(self.html), self.cache_dir)


def pdf_key(html: str) -> str:
    return hashlib.sha256(f"{engine()}\n{html}".encode()).hexdigest()


def _cached(key: str, cache_dir: Path | None) -> Path:
    return (cache_dir or cache.default_dir()) / "pdf" / f"{key}.pdf"


class ChromiumPrinter:
    """One headless Chromium and one tab for many documents (start-up takes ~1 s, a report
    ~0.7 s). The tab is reused: a new tab per report doubled the time of each, and made
    parallel printers contend instead of sharing the cores (bench/pdf_engines.py)."""

    def __init__(self, executable: str | None = None) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(executable_path=executable or chromium_path(), args=CHROMIUM_ARGS)
        except Exception:
            self._pw.stop()
            raise
        self._page: Any = None

    def pdf(self, html: str) -> bytes:
        if self._page is None:
            self._page = self._browser.new_page()
        try:
            # The report is self-contained (styles and fonts inline), so "load" means laid out;
            # set_content replaces the whole document, so nothing of the report before remains.
            self._page.set_content(html, wait_until="load")
            return bytes(self._page.pdf(prefer_css_page_size=True, print_background=True, outline=True))  # untagged, as the others: tags double size and time
        except Exception:
            self._page.close()
            self._page = None  # a fresh tab for the next report
            raise

    def close(self) -> None:
        if self._page is not None:
            self._page.close()
        self._browser.close()
        self._pw.stop()


def _store(job: Job, pdf: bytes) -> None:
    cached = job.cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(pdf)
    tmp.replace(cached)  # atomic: parallel builds never read half a file


def _touch(cached: Path) -> bool:
    """Mark a cached PDF as used by this build (CI drops what no build used: see deploy.yml)."""
    try:
        os.utime(cached)
    except FileNotFoundError:
        return False
    return True


def _lay_out_chromium(jobs: list[Job]) -> None:
    printer = ChromiumPrinter()
    try:
        for job in jobs:
            _store(job, printer.pdf(job.html))
    finally:
        printer.close()


def _lay_out_weasyprint(jobs: list[Job]) -> None:
    from weasyprint import HTML  # heavy import: only when PDFs are made

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # font and CSS chatter
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    for job in jobs:
        _store(job, HTML(string=job.html, base_url=str(job.out.parent)).write_pdf())


def lay_out(jobs: list[Job], workers: int | None = None) -> int:
    """Lay out the jobs missing from the cache, in parallel processes (layout is CPU-bound;
    each Chromium worker prints with its own browser). Returns how many were laid out.

    Workers are spawned, not forked: a fresh interpreter has no asyncio loop of its parent's
    (Playwright's sync API refuses to start inside one, e.g. beside a browser test)."""
    todo = [j for j in {j.cached: j for j in jobs if not _touch(j.cached)}.values()]
    if not todo:
        return 0
    if any(not j.html for j in todo):
        raise RuntimeError("a round PDF left the cache during the build (another build pruned it?): build again")
    work = _lay_out_chromium if engine().startswith("chromium") else _lay_out_weasyprint
    n = max(1, min(len(todo), workers or int(os.environ.get("TWG_JOBS") or 0) or os.cpu_count() or 1))  # as twg.site.build
    log.info("laying out %d round PDF(s) with %s in %d process(es)", len(todo), engine(), n)
    import multiprocessing

    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn")) as pool:
        for future in [pool.submit(work, todo[i::n]) for i in range(n)]:
            future.result()
    return len(todo)


def write_pdf(html: str, out: Path, cache_dir: Path | None = None) -> None:
    write_jobs([Job(html, out, cache_dir)])


def write_jobs(jobs: list[Job], workers: int | None = None) -> None:
    lay_out(jobs, workers)
    for job in jobs:
        job.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(job.cached, job.out)


def round_jobs(ds: Dataset, site_dir: Path, lang: str | None = None, cache_dir: Path | None = None, store: PageStore | None = None) -> list[Job]:
    """A job per round. With a page store, the cache key of each round's PDF is kept while no
    data file changed (with the generator, engine and fonts), so an unchanged archive finds its
    PDFs without rendering the reports' HTML again (60 reports at 5k: ~12 s of processor)."""
    htmls: dict[str, str] = {}

    def html(round_id: str) -> str:
        if round_id not in htmls:
            htmls[round_id] = round_html(ds, round_id, lang, cache_dir)
        return htmls[round_id]

    keys: dict[str, str] = {}
    if store is not None:
        fonts = tuple((f.family, str(webfonts.source(f)), webfonts.source(f).stat().st_size) for f in webfonts.site_fonts(ds.site.languages))
        context = (lang or ds.site.default_language, engine(), fonts)
        keys = dict(store.whole_data("pdf-keys", context, lambda: [(r.id, pdf_key(html(r.id))) for r in ds.rounds]))
    jobs = []
    for r in ds.rounds:
        out = site_dir / urls.round_pdf(r.id)
        key = keys.get(r.id, "")
        if key and _touch(_cached(key, cache_dir)):
            jobs.append(Job("", out, cache_dir, key))
        else:
            jobs.append(Job(html(r.id), out, cache_dir))
    return jobs


def write_pdfs(ds: Dataset, site_dir: Path, lang: str | None = None, cache_dir: Path | None = None, workers: int | None = None,
               store: PageStore | None = None) -> list[Path]:
    """Write rounds/<id>/report.pdf for every round into the built site."""
    jobs = round_jobs(ds, site_dir, lang, cache_dir, store)
    write_jobs(jobs, workers)
    return [j.out for j in jobs]
