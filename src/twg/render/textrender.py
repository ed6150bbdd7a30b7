"""Turning data text into safe HTML: the one output-encoding layer for pages.

Text from YAML is never trusted:
- plain fields (plain_html) are HTML-escaped and their Markdown syntax characters and line
  breaks written as character references, so the text stays text in every context a
  template or a page macro puts it: an HTML block (a blank line inside a value cannot end
  the block and let Markdown read the rest), a Markdown paragraph of a hand-written page,
  an attribute;
- Markdown fields (render_markdown) are rendered with Python-Markdown's raw-HTML handling
  removed (so '<script>' shows as text) and sanitised with nh3: an allow-list of tags and
  attributes, and links only to the targets links.py allows (validation already refused
  the others, with their line). Site-relative links are made relative to the page, so
  they work under a sub-path.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup

from twg.data import links
from twg.render import urls

_ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "hr"}
# Text in which Markdown would find nothing to do: no syntax characters or entities, no
# line that starts a list, quote, heading, code block or rule, none that ends in a space.
_PLAIN = re.compile(r"[^\\`*_\[\]<>&!|~#=\t\r\f\v]*")
_BLOCK_START = re.compile(r"^(?: {4}| {0,3}(?:[-+]|>|\d+[.)](?:\s|$)))| $", re.MULTILINE)


def _plain_paragraphs(text: str) -> str | None:
    """Markdown's own output for plain prose (paragraphs), or None when the text needs Markdown.
    Most meeting summaries are plain prose; tests compare this with Python-Markdown's output."""
    if not _PLAIN.fullmatch(text) or _BLOCK_START.search(text):
        return None
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


# Characters that start HTML or Markdown (links, emphasis, code, attribute lists, headings,
# tables) and line breaks, as character references: a browser shows the same text.
_PLAIN_TEXT = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;",
    "{": "&#123;", "}": "&#125;", "#": "&#35;", "|": "&#124;", "~": "&#126;",
    "\n": "&#10;", "\r": "&#13;",
})


def plain_html(text: str) -> Markup:
    """A plain field as HTML that neither HTML nor Markdown can read as markup."""
    return Markup(text.translate(_PLAIN_TEXT))


def render_markdown(text: str, page_url: str | None = None) -> Markup:
    """A Markdown field as sanitised HTML; page_url (the page it appears on) turns
    site-relative links into relative ones."""
    plain = _plain_paragraphs(text)
    if plain is not None:
        return Markup(plain)  # nothing to sanitise: no markup characters at all

    def allowed(tag: str, attr: str, value: str) -> str | None:
        if attr not in ("href", "src"):
            return value
        if links.url_problem(value):
            return None  # validation refuses these; never published if it did not run
        path = links.site_path(value)
        if path is not None and page_url is not None:
            return urls.relative(page_url, path) + value[1 + len(path):]
        return value

    clean = nh3.clean(
        links.render_markdown(text),  # the same Python-Markdown the link check reads
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        attribute_filter=allowed,
        link_rel="noopener nofollow",
    )
    return Markup(clean)


def escape_heading(text: str) -> str:
    """Escape text for a Markdown heading line: HTML-escaped, Markdown syntax neutralised."""
    # Only & < > need HTML escaping in text; quote entities like &#39; would be
    # broken by the backslash-escaping of '#' below.
    out = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]{}#+!|":
        out = out.replace(ch, "\\" + ch)
    return out
