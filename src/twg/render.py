"""Render views of the model to HTML fragments and generated pages with Jinja.

One Renderer per (language, page): it knows the page's URL so every link it
writes is relative, and the reader's language so translated text is chosen
(with a visible marker when it falls back to another language).
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import i18n, urls, views
from .model import Dataset, PartialDate, Text
from .schemas import vocabulary
from .textrender import escape_heading, render_markdown

LANGUAGE_NAMES = i18n.LANGUAGE_NAMES


@cache
def environment(lang: str = "en") -> Environment:
    """One environment per language: {{ _('...') }} in templates uses that language's catalog."""
    env = Environment(
        loader=PackageLoader("twg", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do", "jinja2.ext.i18n"],
        # A build stat()s no template per fragment (thousands per build); `twg serve` reloads edited ones.
        auto_reload=os.environ.get("TWG_SERVE") == "1",
        # "{#id}" is Markdown heading-anchor syntax in page templates, so Jinja comments use {## ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def today(ds: Dataset | None = None) -> tuple[int, int, int]:
    """The reference date for 'dormant': the data's as-of date, else the build
    date (SOURCE_DATE_EPOCH makes builds reproducible)."""
    import os

    if ds is not None and ds.site.data_as_of is not None:
        return ds.site.data_as_of.last_day()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    d = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    return (d.year, d.month, d.day)


class Renderer:
    def __init__(self, ds: Dataset, page_url: str, lang: str | None = None) -> None:
        self.ds = ds
        self.page_url = page_url
        self.lang = lang or ds.site.default_language
        self.fallback = ds.site.default_language
        self._ = i18n.gettext_for(self.lang)

    # --- helpers exposed to templates -------------------------------------------------
    def t(self, text: Text | None) -> Markup:
        """Translated plain text, escaped; marks text shown in another language."""
        if text is None:
            return Markup("")
        value, code = text.get(self.lang, self.fallback)
        if code != self.lang:
            return Markup('<span lang="{}" class="twg-fallback">{}</span>').format(code, value)
        return escape(value)

    def s(self, text: Text | None) -> str:
        """Translated plain text as a str (for attributes, titles and headings)."""
        return "" if text is None else text.get(self.lang, self.fallback)[0]

    def md(self, text: Text | None) -> Markup:
        if text is None:
            return Markup("")
        value, code = text.get(self.lang, self.fallback)
        html = render_markdown(value)
        if code != self.lang:
            return Markup('<div lang="{}" class="twg-fallback">{}</div>').format(code, html)
        return html

    def heading(self, text: Text | str | None) -> Markup:
        """Text for a Markdown heading line (already escaped for HTML and Markdown)."""
        return Markup(escape_heading(text if isinstance(text, str) else self.s(text)))

    def fm(self, value: Text | str | None) -> Markup:
        """A front-matter value, as HTML: the theme prints page.meta (title, description, search
        filters) without escaping (MkDocs' theme environment has no autoescape), so the text is
        escaped here. A JSON string is valid YAML and survives quotes and newlines."""
        import json

        text = value if isinstance(value, str) else self.s(value)
        return Markup(json.dumps(str(escape(" ".join(text.split()))), ensure_ascii=False))

    def date(self, d: PartialDate | None) -> str:
        if d is None:
            return ""
        day = dt.date(d.year, d.month or 1, d.day or 1)
        pattern = "d MMMM y" if d.day else ("MMMM y" if d.month else "y")
        return i18n.digits(format_date(day, pattern, locale=self.lang), self.lang)

    def num(self, n: Any) -> str:
        """A count in the reader's customary digits."""
        return i18n.digits(str(n), self.lang)

    def period(self, p: Any) -> str:
        return f"{self.date(p.start)} – {self.date(p.end)}" if p else ""

    def url(self, target: str) -> str:
        if self.lang != self.fallback and urls.is_language_neutral(target):
            # this page lives under <lang>/ of the whole site; the file only at its root
            return urls.relative(f"{self.lang}/{self.page_url}", target)
        return urls.relative(self.page_url, target)

    def status(self, code: str) -> Markup:
        label = self._(vocabulary("activity_status")[code])
        return Markup('<span class="twg-status twg-status--{}">{}</span>').format(code, label)

    def label(self, vocab: str, code: str | None) -> str:
        return self._(vocabulary(vocab).get(code, "")) if code and code in vocabulary(vocab) else ""

    def measure(self, value: Any) -> Markup:
        if value is None:
            return Markup('<span class="twg-nodata">{}</span>').format(self._("No data"))
        return escape(str(value))

    def source(self, source_id: str | None) -> Markup:
        src = self.ds.site.sources.get(source_id or "")
        if not src:
            return Markup("")
        title = self.t(src.title)
        if src.url:
            title = Markup('<a href="{}">{}</a>').format(src.url, title)
        extra = ", ".join(x for x in (self.s(src.publisher), src.date.iso if src.date else "") if x)
        return Markup("{}{}").format(title, f" ({extra})" if extra else "")

    # --- rendering -------------------------------------------------------------------
    def render(self, template: str, **context: Any) -> str:
        tpl = environment(self.lang).get_template(template)
        out = tpl.render(r=self, ds=self.ds, site=self.ds.site, urls=urls, views=views, vocabulary=vocabulary, today=today(self.ds), **context)
        if template.endswith(".html"):
            # Raw HTML inside Markdown must not contain blank lines, or Markdown ends the block.
            out = "\n".join(line for line in out.splitlines() if line.strip())
        return out

    def fragment(self, name: str, **context: Any) -> Markup:
        return Markup(self.render(f"{name}.html", **context))
