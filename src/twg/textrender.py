"""Turning data text into safe HTML: escaping, and Markdown with raw HTML disabled.

Text from YAML is never trusted: plain fields are escaped; Markdown fields are
rendered with Python-Markdown's raw-HTML handling removed (so '<script>' shows as
text) and the result is sanitised again with nh3 (links limited to http, https, mailto).
"""

from __future__ import annotations

import threading

import markdown
import nh3
from markupsafe import Markup, escape

_ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "hr"}
_local = threading.local()


def _md() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        _local.md = md
    return md


def render_markdown(text: str) -> Markup:
    html = _md().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
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
