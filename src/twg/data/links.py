"""Which link targets data may use, and the links inside a Markdown text.

One allow-list for every link that comes from data (a `url` field, or a link or image in a
Markdown field): `https://` and `http://` addresses with a host, `mailto:` addresses, and
paths on this site that start with a single `/`. Everything else is refused at validation:
other schemes (`javascript:`, `data:`), relative paths, protocol-relative `//host` and
`/\\host` (browsers read both as another site), and obfuscated spellings (entities,
leading spaces, control characters), which are decoded before the check.
"""

from __future__ import annotations

import html
import re
import threading
from html.parser import HTMLParser
from typing import Iterator

import markdown

_HTTP = re.compile(r"https?://[^\s/\\?#@<>\"']", re.IGNORECASE)
_MAILTO = re.compile(r"mailto:[^\s@<>\"'/\\]+@[^\s@<>\"'/\\]+", re.IGNORECASE)
_local = threading.local()


def url_problem(url: str) -> str | None:
    """Why a link target is not allowed, or None."""
    target = html.unescape(url)
    if target != target.strip() or re.search(r"[\x00-\x20\x7f\\]", target):
        return f"the link '{url}' holds spaces, backslashes or control characters; write the address without them"
    if _HTTP.match(target) or _MAILTO.fullmatch(target):
        return None
    if target.startswith("/") and not target.startswith("//"):
        return None
    if target.startswith("/"):
        return f"the link '{url}' starts with // and would open another site; write https://… for another site or a single / for a page of this one"
    return (f"the link '{url}' is not allowed: use an address starting with https:// (or http://), "
            "mailto: for e-mail, or a path on this site starting with /, e.g. /groups/rwssh/")


def site_path(url: str) -> str | None:
    """The page a site-relative link points to ('groups/rwssh/'), without query or fragment."""
    target = html.unescape(url)
    if not target.startswith("/") or target.startswith("//"):
        return None
    return re.split(r"[?#]", target[1:], maxsplit=1)[0]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.found.append(value)


def _md() -> markdown.Markdown:
    """Python-Markdown as pages render it (render/textrender.py uses this one too, so the links
    checked are the links published): raw HTML off (it stays text)."""
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        _local.md = md
    return md


def markdown_links(text: str) -> Iterator[str]:
    """The target of every link and image in a Markdown text (reference links and autolinks
    included), as a browser would read it."""
    if "[" not in text and "<" not in text:  # no link syntax at all: most texts
        return
    parser = _Links()
    parser.feed(_md().reset().convert(text))
    parser.close()
    for target in parser.found:
        # Python-Markdown writes e-mail autolinks as entities: decode before checking.
        yield html.unescape(target) if target.startswith("&#") else target


def render_markdown(text: str) -> str:
    """The HTML Python-Markdown makes of text (raw HTML shown as text), before sanitising."""
    return _md().reset().convert(text)
