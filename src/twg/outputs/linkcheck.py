"""`twg check-links SITE_DIR`: every internal link and asset of a built site
must lead to a file of that site, and every #anchor to an id on its page.

Pages are read as the browser will see them when the site is served under a
sub-path (a GitHub project site lives at https://owner.github.io/REPO/): a
link starting with '/' must start with that prefix, otherwise it would work on
a laptop and break once deployed. External links are not fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that load or lead to another address.
_LINK_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "form": ("action",),
}
_ORIGIN = "http://site.invalid"  # any origin: only paths are compared
# rel values naming things that are not fetched from the site (e.g. a DNS hint).
_SKIP_REL = {"preconnect", "dns-prefetch"}


@dataclass(frozen=True)
class BrokenLink:
    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag == "link" and _SKIP_REL & set(a.get("rel", "").lower().split()):
            return
        for attr in _LINK_ATTRS.get(tag, ()):
            if attr not in a:
                continue
            if attr == "srcset":
                self.links += [part.strip().split()[0] for part in a[attr].split(",") if part.strip()]
            else:
                self.links.append(a[attr].strip())

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def check_site(site_dir: str | Path, prefix: str = "/") -> list[BrokenLink]:
    """All broken internal links of the site, as if it were served at `prefix`."""
    root = Path(site_dir).resolve()
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    pages = {p.relative_to(root).as_posix(): _parse(p) for p in sorted(root.rglob("*.html"))}
    broken: list[BrokenLink] = []
    for rel, page in pages.items():
        here = prefix + rel  # the address the page is served at
        for link in page.links:
            reason = _check(link, here, prefix, root, pages)
            if reason:
                broken.append(BrokenLink(rel, link, reason))
    return broken


def _check(link: str, here: str, prefix: str, root: Path, pages: dict[str, _PageParser]) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None  # external (or mailto:, data:, javascript:): not ours to check
    if not parts.path and not parts.fragment:
        return None  # "" or "?query": the page itself
    if parts.path.startswith("/") and not parts.path.startswith(prefix):
        return f"starts with '/' but not with the site's prefix {prefix}: it breaks when served under a sub-path"
    # Resolve exactly as a browser does (RFC 3986: './', '../' and empty segments).
    path = unquote(urlsplit(urljoin(_ORIGIN + here, link)).path)
    if "//" in path:
        return "has an empty path segment ('//'): browsers and servers disagree on what it means"
    if not (path + "/").startswith(prefix):
        return "leads outside the site"
    rel = path[len(prefix):]
    file = root / rel
    if rel == "" or rel.endswith("/"):
        file = file / "index.html"
    elif file.is_dir():
        file = file / "index.html"  # served as a redirect to the directory
    if not file.is_file():
        return "no such file in the site"
    if parts.fragment:
        key = file.relative_to(root).as_posix()
        if key in pages and unquote(parts.fragment) not in pages[key].ids:
            return f"no element with id '{unquote(parts.fragment)}' on {key}"
    return None
