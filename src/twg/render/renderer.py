"""Render views of the model to HTML fragments and generated pages with Jinja.

One Renderer per (language, page): it knows the page's URL so every link it
writes is relative, and the reader's language so translated text is chosen
(with a visible marker when it falls back to another language).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import cache, lru_cache
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from twg.render import i18n
from twg.render import urls
from twg.views import actions as actions_view
from twg.views import status as views
from twg.data.model import Dataset, PartialDate, Text
from twg.data.schemas import vocabulary
from twg.render.textrender import escape_heading, plain_html, render_markdown

LANGUAGE_NAMES = i18n.LANGUAGE_NAMES


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return plain_html(value)


@cache
def environment(lang: str = "en") -> Environment:
    """One environment per language: {{ _('...') }} in templates uses that language's catalog."""
    env = Environment(
        loader=PackageLoader("twg.render", "templates"),
        autoescape=True,
        # Every value a template prints that is not already markup (data text from r.s, numbers,
        # dates) goes through the same encoding as r.t: no template can print data that HTML or
        # Markdown would read as markup (textrender.plain_html).
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do", "jinja2.ext.i18n"],
        # A build stat()s no template per fragment (thousands per build); `twg serve` drops the
        # environments when a template changes (twg.site.servecache).
        auto_reload=False,
        # "{#id}" is Markdown heading-anchor syntax in page templates, so Jinja comments use {## ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    translations = i18n.translations(lang)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = env.globals["gettext"] = _cached_gettext(translations)
    return env


def _cached_gettext(translations: Any) -> Any:
    """Jinja's new-style gettext (the translation is markup, the variables are escaped into it),
    without its two context calls, and remembered: a record page asks for ~20 labels."""
    done: dict[str, Markup] = {}

    def gettext(message: str, **variables: Any) -> Markup:
        rv = done.get(message)
        if rv is None:
            rv = done[message] = Markup(translations.gettext(message))
        # Variables that are not markup are data text: encoded as plain_html, not just escaped.
        return rv % {k: _finalize(v) for k, v in variables.items()} if variables else rv

    return gettext


def today(ds: Dataset | None = None) -> tuple[int, int, int]:
    """The reference date for 'dormant': the data's as-of date, else the build
    date (SOURCE_DATE_EPOCH makes builds reproducible)."""

    if ds is not None and ds.site.data_as_of is not None:
        return ds.site.data_as_of.last_day()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    d = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    return (d.year, d.month, d.day)


@lru_cache(maxsize=65536)  # an archive repeats dates on many pages; Babel takes ~50 µs a call
def _format_date(d: PartialDate, lang: str) -> str:
    day = dt.date(d.year, d.month or 1, d.day or 1)
    pattern = "d MMMM y" if d.day else ("MMMM y" if d.month else "y")
    return i18n.digits(format_date(day, pattern, locale=lang), lang)


_CODE = re.compile(r"\S*(?:[A-Z]\S*[A-Z]|\d)\S*")


def is_code(value: str) -> bool:
    """A code or acronym (a group's short name such as "SWG-ABC", "MoWA", "9.1"): one token with two capitals or a digit,
    written the same in every language, so it needs no "(English only)" marker."""
    return len(value) <= 40 and _CODE.fullmatch(value) is not None


class Renderer:
    def __init__(self, ds: Dataset, page_url: str, lang: str | None = None) -> None:
        self.ds = ds
        self.page_url = page_url
        self.lang = lang or ds.site.default_language
        self.fallback = ds.site.default_language
        self._ = i18n.gettext_for(self.lang)
        # Record pages (records.py) are rendered straight to HTML: their headings and the
        # page facts the theme shows (title, description, search filters) are collected here.
        self.toc: list[tuple[int, str, str]] = []
        self.page: dict[str, Any] = {}

    # --- helpers exposed to templates -------------------------------------------------
    def t(self, text: Text | None, quoted: bool = False) -> Markup:
        """Translated plain text, escaped; marks text shown in another language with the
        "(English only)" marker (twg-lang.css) — except codes and acronyms, which read the
        same in every language (is_code). quoted=True puts the text in quotation marks, with
        the marker after the closing mark, never inside."""
        if text is None:
            return Markup("")
        value, code = text.get(self.lang, self.fallback)
        body = f"“{plain_html(value)}”" if quoted else plain_html(value)
        if code != self.lang:
            # f-strings, not Markup.format: this runs for most cells of a large archive
            marked = "" if is_code(value) else ' class="twg-fallback"'
            return Markup(f'<span lang="{code}"{marked}>{body}</span>')
        return Markup(body)

    def s(self, text: Text | str | None) -> str:
        """Translated plain text as a str (for attributes, titles and headings); a str is itself."""
        if isinstance(text, str):
            return text
        return "" if text is None else text.get(self.lang, self.fallback)[0]

    def meta_html(self, text: Text | str | None) -> str:
        """Text for the page facts the theme prints (title, description, search filters): the
        theme prints them as HTML (MkDocs' theme environment has no autoescape), so the text is
        escaped here, on one line."""
        value = self.s(text)
        if isinstance(value, Markup):  # a translated phrase holding data: already encoded
            return str(Markup(" ").join(value.split()))
        return str(escape(" ".join(value.split())))

    def md(self, text: Text | None) -> Markup:
        if text is None:
            return Markup("")
        value, code = text.get(self.lang, self.fallback)
        html = render_markdown(value, self.page_url)
        if code != self.lang:
            return Markup(f'<div lang="{code}" class="twg-fallback">{html}</div>')
        return html

    def compact(self, html: str) -> Markup:
        """A fragment for a Markdown page: no blank lines, which would end its HTML block."""
        return Markup("\n".join(line for line in str(html).splitlines() if line.strip()))

    def heading(self, text: Text | str | None) -> Markup:
        """Text for a Markdown heading line (already escaped for HTML and Markdown)."""
        return Markup(escape_heading(self.s(text)))

    def fm(self, value: Text | str | None) -> Markup:
        """A front-matter value (meta_html): a JSON string is valid YAML and survives quotes."""
        import json

        return Markup(json.dumps(self.meta_html(value), ensure_ascii=False))

    def date(self, d: PartialDate | None) -> str:
        return "" if d is None else _format_date(d, self.lang)

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
        return Markup(f'<span class="twg-status twg-status--{escape(code)}">{escape(label)}</span>')

    def round_name(self, round_: Any) -> str:
        """A round's title as plain text, marked '(Draft)' until it is published (search filters)."""
        title = self.s(round_.title)
        return title if round_.is_published else f"{title} ({self._('Draft')})"

    def draft(self, round_: Any) -> Markup:
        """The Draft label for anything from a round that is not yet published (else nothing)."""
        if round_ is None or round_.is_published:
            return Markup("")
        return Markup(' <span class="twg-flag twg-flag--draft">{}</span>').format(self._("Draft — not yet published"))

    def label(self, vocab: str, code: str | None) -> str:
        return self._(vocabulary(vocab).get(code, "")) if code and code in vocabulary(vocab) else ""

    def measure(self, value: Any) -> Markup:
        if value is None:
            return Markup('<span class="twg-nodata">{}</span>').format(self._("No data"))
        return plain_html(str(value))

    def source(self, source_id: str | None) -> Markup:
        src = self.ds.site.sources.get(source_id or "")
        if not src:
            return Markup("")
        title = self.t(src.title)
        if src.url:
            title = Markup('<a href="{}">{}</a>').format(src.url, title)
        extra = ", ".join(x for x in (self.s(src.publisher), src.date.iso if src.date else "") if x)
        return title + (Markup(" (") + plain_html(extra) + Markup(")") if extra else Markup(""))

    def h(self, level: int, text: Text | str | None, anchor: str | None = None) -> Markup:
        """An HTML heading with its permalink, as the Markdown of the other pages gets it from
        mkdocs.yml's `toc: permalink: true` (tests compare the two), listed in self.toc."""
        from markdown.extensions.toc import slugify, unique

        title = escape(" ".join(self.s(text).split()))
        ident = unique(anchor or slugify(self.s(text), "-"), {i for _, i, _ in self.toc})
        self.toc.append((level, ident, str(title)))
        ident = escape(ident)
        return Markup(f'<h{level:d} id="{ident}">{title}<a class="headerlink" href="#{ident}" title="Permanent link">&para;</a></h{level:d}>')

    def page_meta(self, **values: Any) -> str:
        """Set a record page's title, description and search filters (plain text in, kept as
        meta_html, as the front matter of the other pages gives them)."""
        def html(v: Any) -> Any:
            if isinstance(v, dict):
                return {k: html(x) for k, x in v.items() if x not in (None, "")}
            if isinstance(v, (list, tuple)):
                return [html(x) for x in v]
            return v if isinstance(v, int) else self.meta_html(v)

        self.page.update(html(values))
        return ""

    # --- rendering -------------------------------------------------------------------
    def render(self, template: str, **context: Any) -> str:
        tpl = environment(self.lang).get_template(template)
        out = tpl.render(r=self, ds=self.ds, site=self.ds.site, urls=urls, views=views, actions_view=actions_view, vocabulary=vocabulary, today=today(self.ds), **context)
        if template.endswith(".html"):
            # Raw HTML inside Markdown must not contain blank lines, or Markdown ends the block.
            out = "\n".join(line for line in out.splitlines() if line.strip())
        return out

    def fragment(self, name: str, **context: Any) -> Markup:
        return Markup(self.render(f"{name}.html", **context))
