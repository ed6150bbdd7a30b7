"""The printable consolidated report of each round, as PDF, with WeasyPrint.

Rendered from its own standalone template (round_print.html), not from the
themed page: a plain document prints faster and cleaner than the web page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import shutil
from pathlib import Path

from markupsafe import Markup

from twg.views import roundreport
from twg.render import urls
from twg.outputs import cache, langcss, webfonts
from twg.render import i18n
from twg.data.model import Dataset
from twg.render.renderer import Renderer


def _font_css(languages: tuple[str, ...] | list[str], cache_dir: Path | None = None) -> str:
    """The site's own fonts for scripts a bare CI machine may have no system font for (Khmer),
    in every language's report: an English report may quote a Khmer name."""
    fonts = webfonts.site_fonts(languages)
    css = ""
    for font in fonts:
        uri = "data:font/woff2;base64," + base64.b64encode(webfonts.woff2(font, cache_dir)).decode("ascii")
        css += webfonts.font_face_css(font, uri)
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


def round_html(ds: Dataset, round_id: str, lang: str | None = None, cache_dir: Path | None = None) -> str:
    report = roundreport.build(ds, ds.round(round_id))
    r = Renderer(ds, urls.round_pdf(round_id), lang)
    # The "(English only)" marker of the web pages, without :has() (WeasyPrint has none).
    marker = langcss.stylesheet(r.lang, r.fallback, ()).split("\n")[0] if r.lang != r.fallback else ""
    return r.render("round_print.html", report=report, font_css=Markup(_font_css(ds.site.languages, cache_dir)),
                    page_counter=Markup(page_counter(r.lang)), marker_css=Markup(marker))


def write_pdf(html: str, out: Path, cache_dir: Path | None = None) -> None:
    """PDFs are kept by the hash of their HTML in <cache>/pdf: an unchanged round is not laid out
    again (layout takes seconds per round; `twg serve` and test builds rebuild often)."""
    from weasyprint import HTML, __version__  # heavy import: only when PDFs are made

    key = hashlib.sha256(f"{__version__}\n{html}".encode()).hexdigest()
    cached = (cache_dir or cache.default_dir()) / "pdf" / f"{key}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cached.is_file():
        logging.getLogger("weasyprint").setLevel(logging.ERROR)  # font and CSS chatter
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        HTML(string=html, base_url=str(out.parent)).write_pdf(tmp)
        tmp.replace(cached)  # atomic: parallel builds never read half a file
    shutil.copyfile(cached, out)


def write_pdfs(ds: Dataset, site_dir: Path, lang: str | None = None, cache_dir: Path | None = None) -> list[Path]:
    """Write rounds/<id>/report.pdf for every round into the built site."""
    written = []
    for r in ds.rounds:
        out = site_dir / urls.round_pdf(r.id)
        write_pdf(round_html(ds, r.id, lang, cache_dir), out, cache_dir)
        written.append(out)
    return written
