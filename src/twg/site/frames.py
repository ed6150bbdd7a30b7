"""MkDocs glue for record pages (records.py): the theme's page is rendered once
per shape of record with placeholders, then filled in for every record.

Between records of one shape (the same headings, the same pattern of address)
only these values differ: title, description, search filters, the record's parts
of the address, the first heading and the article. So the theme's template —
nav, header, footer, table of contents — runs once per shape instead of once per
page. Each frame is checked on first use against a direct render of a real
record; a theme or override that treats one of these values differently then
stops the build instead of publishing wrong pages.

Like build.py, this module imports mkdocs; the rest of the package does not.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from twg.outputs.records import Record
from twg.outputs.search import filter_spans

# A fresh number per build: text from the data cannot spell a placeholder, and one left in a page
# (a value the theme printed through a filter, a search value printed as is) is found by it.
_NONCE = str(secrets.randbelow(10**16)).zfill(16)
_TOKEN = "TWGFRAME" + _NONCE + "{}X"
# The article placeholder says it holds an h1, so the theme does not add its own title heading
# (partials/content.html adds one when "<h1" is not in the page's content).
_BODY_WITH_H1 = _TOKEN.format("BODY") + "<!--<h1>-->"
_SLOT = re.compile("TWGFRAME" + _NONCE + r"(TITLE|DESC|SEARCH|H1T|H1|BODY|URL\d+)X(?:<!--<h1>-->)?")
_INDENT = re.compile(r"\n\s+")  # indentation and blank lines


class FrameMismatch(RuntimeError):
    pass


class Frames:
    """Renders record pages through the theme's main.html, as MkDocs' _build_page would."""

    def __init__(self, config: Any, env: Any, nav: Any, files: Any, check_all: bool = False) -> None:
        self.config, self.env, self.nav, self.files = config, env, nav, files
        self.check_all = check_all  # compare every record with the theme's own page (tests)
        self._frames: dict[tuple, list[str]] = {}
        self._digests: dict[int, bytes] = {}

    @staticmethod
    def _shape(record: Record) -> tuple:
        """What decides the theme's branches: the address pattern, the headings (the table of
        contents is part of the frame), and which values are empty (an empty description takes
        another branch of the theme, so its frame is rendered with an empty description)."""
        h1 = bool(record.toc) and record.toc[0][0] == 1
        h1_text = record.toc[0][2] if h1 else ""
        empty = (not record.title, not record.description, not h1_text, not record.body, tuple(sorted(record.search)))
        return (record.url_pattern, h1, record.toc[1:] if h1 else record.toc, empty)

    def _page(self, url: str, title: str, description: str, search: Any, content: str, toc: Iterable[tuple[int, str, str]]) -> Any:
        from mkdocs.structure.files import File
        from mkdocs.structure.pages import Page
        from mkdocs.structure.toc import get_toc

        file = File.generated(self.config, url.rstrip("/") + ".md", content="")
        page = Page(None, file, self.config)
        page.markdown = ""
        page.meta = {"title": title, "description": description, "search": search}
        page.content = content
        page.toc = get_toc(_nest(toc))
        return page

    def _render(self, page: Any, spans: Callable[[Any, str], str]) -> str:
        from mkdocs.commands.build import get_context

        page.active = True
        # Material's navigation.prune for record pages only: the navigation drawer lists the
        # sections, not the pages inside them (thousands of pages; the others keep the full drawer).
        features = self.config.theme["features"]
        pruned = "navigation.prune" not in features
        if pruned:
            features.append("navigation.prune")
        try:
            context = get_context(self.nav, self.files, self.config, page)
            context["twg_search_spans"] = spans  # over the env global the hooks add
            context = self.config.plugins.on_page_context(context, page=page, config=self.config, nav=self.nav)
            html = self.env.get_template("main.html").render(context)
            return self.config.plugins.on_post_page(html, page=page, config=self.config)
        finally:
            page.active = False
            if pruned:
                features.remove("navigation.prune")

    def direct(self, record: Record) -> str:
        """The record's page rendered by the theme itself (the reference for the frames)."""
        page = self._page(record.url, record.title, record.description, record.search, record.body, record.toc)
        return self._render(page, filter_spans)

    def _frame(self, record: Record) -> list[str]:
        _, h1, rest, _empty = self._shape(record)
        slot = lambda name, value: _TOKEN.format(name) if value else ""  # noqa: E731 - empty stays empty
        url = record.url_pattern.format(*(_TOKEN.format(f"URL{i}") for i in range(len(record.url_values))))
        toc = ([(1, _TOKEN.format("H1"), slot("H1T", record.toc[0][2]))] if h1 else []) + list(rest)
        content = _BODY_WITH_H1 if h1 else _TOKEN.format("BODY")
        # The search values only reach the page through twg_search_spans (one slot); if a theme
        # printed one itself, its placeholder would be left in the page and stop the build.
        search = {key: _TOKEN.format("S" + key) for key in record.search}
        page = self._page(url, slot("TITLE", record.title), slot("DESC", record.description), search, content, toc)
        html = self._render(page, lambda meta, url: _TOKEN.format("SEARCH"))
        parts = _SLOT.split(html)
        self._check(_fill(parts, record), record)  # exactly the theme's page, before stripping
        # The theme's indentation is a quarter of a record page (thousands of pages); a newline
        # still separates what it separated, so nothing renders differently outside <pre>.
        if "<pre" not in html and "<textarea" not in html:
            parts = [_INDENT.sub("\n", p) if i % 2 == 0 else p for i, p in enumerate(parts)]
        return parts

    def _check(self, html: str, record: Record, same: Callable[[str], str] = lambda s: s) -> None:
        """html against the theme's own page for the record, both seen through `same`."""
        expected = same(self.direct(record))
        if same(html) != expected:
            raise FrameMismatch(f"the page frame for {record.url} differs from the theme's own page at: {_first_difference(same(html), expected)}")

    def parts(self, record: Record) -> list[str]:
        shape = self._shape(record)
        parts = self._frames.get(shape)
        if parts is None:
            parts = self._frames[shape] = self._frame(record)
        return parts

    def frame_digest(self, record: Record) -> bytes:
        """Identifies the frame a record goes into (`twg serve`: same record, same frame, same page)."""
        parts = self.parts(record)
        key = id(parts)
        if key not in self._digests:
            self._digests[key] = hashlib.blake2b("\0".join(parts).encode(), digest_size=16).digest()
        return self._digests[key]

    def render(self, record: Record) -> str:
        html = _fill(self.parts(record), record)
        if _NONCE in html:
            raise FrameMismatch(f"the page for {record.url} still holds a placeholder of its frame (a value the theme printed "
                                f"in a way the frame cannot fill in): …{html[max(0, html.index(_NONCE) - 80):html.index(_NONCE) + 40]!r}")
        if self.check_all:  # indentation aside (see _frame)
            self._check(html, record, lambda s: _INDENT.sub("\n", s))
        return html


def _fill(parts: list[str], record: Record) -> str:
    h1 = record.toc[0] if record.toc and record.toc[0][0] == 1 else (1, "", "")
    values = {"TITLE": record.title, "DESC": record.description, "SEARCH": filter_spans(record.search, record.url), "H1": h1[1], "H1T": h1[2], "BODY": record.body}
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(part)
        elif part.startswith("URL"):
            out.append(record.url_values[int(part[3:])])
        else:
            out.append(values[part])
    return "".join(out)


def _nest(toc: Iterable[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """(level, id, title) rows as the nested tokens of Python-Markdown's toc extension."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, ident, title in toc:
        token = {"level": level, "id": ident, "name": title, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def _first_difference(a: str, b: str) -> str:
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"…{a[max(0, i - 60):i + 60]!r} vs …{b[max(0, i - 60):i + 60]!r}"


def write_records(frames: Frames, records: Iterable[Record], site_dir: Path, written: dict[str, Any] | None = None) -> int:
    """Write every record's page; with `written` (kept by `twg serve`: output path -> what was
    written), only those whose page changed, and remove the pages of records that are gone. The
    same record object (unchanged groups keep theirs) in the same frame is not even rendered."""
    count = 0
    seen = set()
    made: set[Path] = set()  # folders made by this call (5,000 records: a mkdir each otherwise)
    for record in records:
        seen.add(record.output_path)
        if written is not None:
            frame = frames.frame_digest(record)
            last = written.get(record.output_path)
            if last is not None and last[1] is record and last[2] == frame:
                continue
        html = frames.render(record).encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes pages
        if written is not None:
            digest = hashlib.blake2b(html, digest_size=16).digest()
            unchanged = last is not None and last[0] == digest
            written[record.output_path] = (digest, record, frame)
            if unchanged:
                continue
        path = site_dir / record.output_path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(html)
        count += 1
    for gone in set(written or ()) - seen:
        (site_dir / gone).unlink(missing_ok=True)
        del written[gone]  # type: ignore[union-attr]
    return count


def sitemap_entries(config: Any, records: Iterable[Record]) -> list[Any]:
    """The records as the entries of `pages` in the theme's sitemap.xml template (MkDocs' own
    template reads file.page.is_link, canonical_url, abs_url and update_date): the plugin
    event on_template_context adds them, so the theme writes the sitemap (and its .gz)."""
    from types import SimpleNamespace

    from mkdocs.utils import get_build_date

    if not config.site_url:  # as for MkDocs' pages: no address, no entry
        return []
    base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    day = get_build_date()  # what MkDocs gives its own pages (SOURCE_DATE_EPOCH, else today)
    out = []
    for r in records:
        canonical = base + r.url  # a relative directory path: joining is concatenating (urljoin: 2 s per 5k)
        page = SimpleNamespace(is_link=False, canonical_url=canonical, abs_url=urlsplit(canonical).path, update_date=day)
        out.append(SimpleNamespace(page=page))
    return out
