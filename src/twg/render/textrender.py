"""Turning data text into safe HTML: escaping, and Markdown with raw HTML disabled.

Text from YAML is never trusted: plain fields are escaped; Markdown fields are
rendered with Python-Markdown's raw-HTML handling removed (so '<script>' shows as
text) and the result is sanitised again with nh3 (links limited to http, https, mailto).
"""

from __future__ import annotations

import re
import threading

import markdown
import nh3
from markupsafe import Markup

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


def render_markdown(text: str) -> Markup:
    plain = _plain_paragraphs(text)
    if plain is not None:
        return Markup(plain)  # nothing to sanitise: no markup characters at all
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
