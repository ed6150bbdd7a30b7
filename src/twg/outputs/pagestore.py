"""Each group's rendered pages kept on disk between builds (<cache>/pages).

Rendering a group's meeting records is most of a build's Python time (a 15-year archive:
5,000 records per language). A group's pages depend on nothing but the group's own file,
the other data files (site, rounds, coordination), the day, the language, the public
address, the date git gives the group file and the generator itself (the same invariant
`twg serve`'s page memo relies on, outputs/pages.py). The store keys each group's pages by
a digest of exactly those, so a build whose group file is unchanged reads them back
instead of rendering them; any change to any of them renders the group again.

The entries are JSON, not pickle: the cache folder is restored by CI from an earlier run,
and reading it back must never run code. A damaged or foreign entry is rendered anew.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable

from twg.data import generator
from twg.outputs.records import Record

def _data_digest(root: Path, group_files: set[Path]) -> bytes:
    """Every data file but the group files: what every group's pages may show of them."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.resolve() not in group_files):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


class PageStore:
    """Group pages by (group file, everything else they depend on), in cache_dir/pages."""

    def __init__(self, cache_dir: Path, data_root: Path, group_files: list[str]) -> None:
        self.dir = cache_dir / "pages"
        self._names = sorted(group_files)  # as the pages show them ("Data file: data/groups/x.yml")
        self._files = {Path(f).resolve() for f in group_files}
        self._shared = generator.digest() + str(data_root).encode() + b"\0" + _data_digest(data_root, self._files)
        self._digests: dict[str, bytes] = {}  # file -> digest of its bytes: each file is read once per build
        self.hits = self.misses = 0

    def _digest(self, file: str) -> bytes:
        if file not in self._digests:
            self._digests[file] = hashlib.blake2b(Path(file).read_bytes(), digest_size=16).digest()
        return self._digests[file]

    def group_pages(self, group_id: str, group_file: str, context: tuple[Any, ...], make: Callable[[], list[Any]]) -> list[Any]:
        """The group's pages from the store if nothing they depend on changed; else make()
        them and keep them. context: the language, address, dates… as a tuple of plain values."""
        return self._pages(group_id, [group_file], context, make)

    def site_pages(self, context: tuple[Any, ...], make: Callable[[], list[Any]]) -> list[Any]:
        """The pages that show every group (indexes, status, rounds, registers): kept while no
        data file changed at all (any group file's change renders them again)."""
        return self.whole_data("site", context, make)

    def whole_data(self, name: str, context: tuple[Any, ...], make: Callable[[], list[Any]]) -> list[Any]:
        """What is a function of the whole data, the generator and context alone (the pages that
        show every group, the downloads, each round PDF's cache key): kept while no data file changed."""
        return self._pages(f"_{name}", self._names, context, make)  # "_": no group id starts so

    def _pages(self, name: str, files: list[str], context: tuple[Any, ...], make: Callable[[], list[Any]]) -> list[Any]:
        h = hashlib.blake2b(self._shared, digest_size=16)
        for file in files:  # its name as shown, and its bytes
            h.update(file.encode() + b"\0" + self._digest(file))
        h.update(repr(context).encode())
        key = h.hexdigest()
        path = self.dir / f"{name}.{hashlib.blake2b(repr(context[:2]).encode(), digest_size=6).hexdigest()}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                pages = [_decode(x) for x in stored["pages"]]
                os.utime(path)  # used by this build (CI drops entries no build used)
                self.hits += 1
                return pages
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing, damaged or from another version: render anew
        pages = make()
        self.misses += 1
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": key, "pages": [_encode(p) for p in pages]}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)  # atomic: a parallel build never reads half an entry
        except OSError:
            pass  # a read-only cache only costs the rendering next time
        return pages


def _encode(page: Any) -> dict[str, Any]:
    from twg.outputs.pages import Page

    if isinstance(page, tuple) and len(page) == 2 and all(isinstance(x, str) for x in page):
        return {"file": list(page)}  # (site path, content): a download
    if isinstance(page, Record):
        return {"record": [page.url_pattern, list(page.url_values), page.title, page.description, page.search, page.body, [list(t) for t in page.toc]]}
    if isinstance(page, Page):
        return {"page": [page.src_uri, page.url, page.content, page.in_nav]}
    raise TypeError(f"cannot store {type(page).__name__}")


def _decode(item: dict[str, Any]) -> Any:
    from twg.outputs.pages import Page

    if "file" in item:
        path, content = item["file"]
        return (str(path), str(content))
    if "record" in item:
        pattern, values, title, description, search, body, toc = item["record"]
        return Record(pattern, tuple(values), title, description, search, body, tuple((int(a), str(b), str(c)) for a, b, c in toc))
    src_uri, url, content, in_nav = item["page"]
    return Page(src_uri, url, content, bool(in_nav))
