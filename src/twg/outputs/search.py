"""Search index: Pagefind over the built site.

The binary ships in the `pagefind[bin]` wheel, so no download happens at build time.

Khmer and Lao are written without spaces between words, and Pagefind only finds
a word inside a phrase when the indexed text separates it. So Pagefind indexes
a shadow copy of the pages, in which Khmer/Lao runs are cut into ICU words,
while the published HTML keeps its original text. (The CLI over a shadow
directory rather than the Python API's add_html_file: the API's client polls
for every reply, which measured 0.1 s a page, too slow for a large archive.)

The cut is a "~" rather than a space: Pagefind indexes "a~b~c" as the
compound and as each part (so "b" is found mid-phrase), and keeps the "~" in
excerpts, where the search UI (assets/twg-search.js) removes it again so
readers see the original unspaced text. A space would be found too, but could
not be told apart from the real spaces Khmer uses between phrases.
"""

from __future__ import annotations

from typing import Any

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable

# Khmer, Khmer symbols and Lao letters: scripts written without spaces between words.
_SCRIPT_RUN = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF\u0E80-\u0EFF]+")
# Only text nodes with a Khmer/Lao letter: matching every node cost a call per node (a million on a 5k archive).
_TEXT_NODE = re.compile(r">([^<]*?[\u1780-\u17FF\u19E0-\u19FF\u0E80-\u0EFF][^<]*)")
WORD_JOINER = "~"  # must match JOIN in twg/site/assets/twg-search.js
BUNDLE = "pagefind"
# Repeated chrome inside the content area that readers never search for.
EXCLUDE_SELECTORS = ["a.headerlink", ".twg-pager", ".twg-source", ".twg-downloads", ".md-source-file", ".md-content__button"]


def filter_spans(meta: object, url: str) -> str:
    """The hidden elements that give Pagefind a page's filters and metadata, from the
    `search:` mapping of its front matter (kind, group, date, sort, year, round, status;
    values are escaped HTML). Pages without one get a kind from their address."""
    s = meta if isinstance(meta, dict) else {}
    kind = s.get("kind") or ("guideline" if "guidelines/" in url else "round" if "rounds/" in url and url.split("rounds/")[-1].strip("/") else "page")
    out = [f'<span hidden data-pagefind-filter="kind:{kind}"></span><span hidden data-pagefind-meta="kind:{kind}"></span>']
    for key in ("group", "year", "round", "status"):
        values: Any = s.get(key) if isinstance(s.get(key), (list, tuple)) else [s.get(key)]
        out += [f'<span hidden data-pagefind-filter="{key}:{v}"></span>' for v in values if v]
    out += [f'<span hidden data-pagefind-meta="{key}:{s[key]}"></span>' for key in ("draft", "group", "date") if s.get(key)]
    if s.get("sort"):
        out.append(f'<span hidden data-pagefind-sort="date:{s["sort"]}"></span>')
    return "".join(out)


def pagefind_binary() -> str:
    from pagefind.service import _must_get_executable

    return str(_must_get_executable().resolve())


def _breaker_locale(run: str) -> str:
    return "lo" if "\u0E80" <= run[0] <= "\u0EFF" else "km"


def segment_words(text: str) -> str:
    """Join the ICU words of every Khmer/Lao run with WORD_JOINER; other text is unchanged."""
    return _SCRIPT_RUN.sub(lambda m: _cut(m.group(0)), text)


@lru_cache(maxsize=4096)  # names and labels repeat on every page
def _cut(run: str) -> str:
    from icu4py.breakers import WordBreaker

    return WORD_JOINER.join(run[a:b] for a, b in WordBreaker(run, _breaker_locale(run)).segments())


def segment_html(html: str) -> str:
    """Segment the text nodes of a page (attributes, such as filter values, stay as written)."""
    if not _SCRIPT_RUN.search(html):
        return html
    return _TEXT_NODE.sub(lambda m: ">" + segment_words(m.group(1)), html)


# Pagefind runs the text of adjacent blocks together, in its index and in excerpts ("Technical
# Working GroupTWG-RWSSH", "Road Maintenance MechanismTo effectively"): a space goes before
# the end of every block and cell, and at every line break.
_BLOCK_END = re.compile(r"(</(?:p|li|dt|dd|th|td|h[1-6]|div|caption|summary|blockquote|section|figcaption|pre|tr)>|<br\s*/?>)", re.IGNORECASE)


def prepare_for_index(html: str) -> str:
    """The copy of a page that is indexed: blocks kept apart, Khmer/Lao cut into words."""
    return segment_html(_BLOCK_END.sub(r" \1", html))


_HTML_TAG = re.compile(r"<html[^>]*>")
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
_BODY_START = '<div data-pagefind-body>'


def shadow_page(html: str) -> str | None:
    """The copy of a page that Pagefind reads: its <html lang>, its title and the part marked
    data-pagefind-body (twg/site/theme/main.html), prepared by prepare_for_index; None for pages
    with no such part (404, the search page). Leaving out the theme's chrome (three quarters
    of a record page) makes Pagefind's parsing a third faster on a large archive."""
    start = html.find(_BODY_START)
    if start < 0:
        return None
    end = html.find("</article>", start)
    tag = _HTML_TAG.search(html)
    title = _TITLE.search(html)
    head = f'<!doctype html>{tag.group(0) if tag else "<html>"}<head><meta charset="utf-8">{title.group(0) if title else ""}</head><body>'
    return head + prepare_for_index(html[start:end if end > 0 else len(html)]) + "</body></html>\n"


def _scratch_dir() -> str | None:
    """Memory-backed /dev/shm for the shadow copies when it has room: writing thousands of
    small files that are read once and deleted is otherwise a disk's worst case."""
    shm = Path("/dev/shm")
    try:
        return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 1 << 30 else None
    except OSError:
        return None


def index_site(site_dir: Path, skip: Iterable[str] = (), cache_dir: Path | None = None) -> int:
    """Write site_dir/pagefind/ (the index and pagefind.js) for the pages of one language's
    build; return the number of pages indexed. `twg build` runs it in each language's
    process, so the languages are indexed side by side, each into its own bundle.
    `skip`: top-level folders that are not this language's (`twg serve` keeps the other
    languages under <lang>/ of the same directory). The new bundle replaces the old one
    only when complete, so a search during re-indexing still works.

    cache_dir: bundles are kept in <cache>/search by the digest of the pages (as published;
    the shadow copies are a function of them and of the generator, data/generator.py), the
    configuration and the binary, so when every page is as it was, nothing is prepared or
    indexed again; a single changed page indexes everything anew (Pagefind cannot add to a
    bundle)."""
    from twg.data import generator

    site_dir = Path(site_dir).resolve()
    new = site_dir / f".{BUNDLE}.new"
    shutil.rmtree(new, ignore_errors=True)  # no stale chunks from an earlier run
    skipped = set(skip)
    config = {"exclude_selectors": EXCLUDE_SELECTORS}
    binary = pagefind_binary()
    digest = hashlib.blake2b(generator.digest(), digest_size=16)
    digest.update(f"{SEARCH_CACHE_FORMAT}\n{binary}\n{os.stat(binary).st_size}\n{json.dumps(config)}\n".encode())
    pages: list[tuple[Path, str]] = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] in skipped:
            continue
        html = path.read_text(encoding="utf-8")
        if _BODY_START not in html:
            continue  # nothing to index (404, the search page)
        digest.update(rel.as_posix().encode() + b"\0" + html.encode() + b"\0")
        pages.append((rel, html))
    kept = cache_dir / "search" / digest.hexdigest() if cache_dir is not None else None
    if kept is not None and (kept / "pagefind.js").is_file():
        shutil.copytree(kept, new, copy_function=_link_or_copy)
        os.utime(kept)  # used by this build (CI drops entries no build used)
    else:
        with tempfile.TemporaryDirectory(prefix="twg-index-", dir=_scratch_dir()) as tmp:
            shadow = Path(tmp) / "site"
            for rel, html in pages:
                page = shadow_page(html)
                if page is None:
                    continue
                copy = shadow / rel
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(page, encoding="utf-8")
            (Path(tmp) / "pagefind.json").write_text(json.dumps({"site": str(shadow), "output_path": str(new), **config}), encoding="utf-8")
            # Pagefind reads pagefind.json from its working directory.
            result = subprocess.run([binary, "--silent"], cwd=tmp, capture_output=True, text=True)
        if result.returncode != 0:
            shutil.rmtree(new, ignore_errors=True)
            raise RuntimeError(f"pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
        if kept is not None:
            _keep_bundle(new, kept)
    old = site_dir / f".{BUNDLE}.old"
    shutil.rmtree(old, ignore_errors=True)
    if (site_dir / BUNDLE).exists():
        (site_dir / BUNDLE).rename(old)
    new.rename(site_dir / BUNDLE)
    shutil.rmtree(old, ignore_errors=True)
    return len(pages)


def _link_or_copy(src: str, dst: str) -> None:
    """A kept bundle file into the site: a hard link where both are on one file system (the
    site is replaced as a whole, never edited in place), else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


SEARCH_CACHE_FORMAT = 1
KEEP_BUNDLES = 6  # the newest bundles kept in <cache>/search (a few builds of each language)


def _keep_bundle(bundle: Path, kept: Path) -> None:
    """Copy a finished bundle into the cache (atomically: a parallel build never reads half of
    one), and drop the oldest beyond KEEP_BUNDLES."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=kept.parent))
        try:
            shutil.copytree(bundle, tmp / "b")
            (tmp / "b").rename(kept)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        entries = sorted((p for p in kept.parent.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[KEEP_BUNDLES:]:
            shutil.rmtree(stale, ignore_errors=True)
    except OSError:
        pass  # another build stored the same bundle first, or the cache is read-only: no harm


def _size(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def index_stats(site_dir: Path) -> dict[str, Any]:
    """Sizes of the search bundle, per language, and what a first search downloads.

    Pagefind's index files are gzip-compressed on disk, so these are transfer
    sizes. A first search loads pagefind.js, its worker, the entry file, one
    language's WebAssembly and metadata, one index chunk and (for up to 5
    results shown) 5 fragments: `first_search_bytes` takes the largest chunk and
    the average fragment, an upper estimate; filters add the filter files.
    """
    bundle = Path(site_dir) / BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    loader = _size([bundle / "pagefind.js", bundle / "pagefind-worker.js", bundle / "pagefind-entry.json"])
    languages = {}
    for lang, info in entry["languages"].items():
        chunks = list((bundle / "index").glob(f"{lang}_*.pf_index"))
        fragments = list((bundle / "fragment").glob(f"{lang}_*.pf_fragment"))
        filters = list((bundle / "filter").glob(f"{lang}_*.pf_filter"))
        meta = bundle / f"pagefind.{info['hash']}.pf_meta"
        wasm = bundle / f"wasm.{info['wasm']}.pagefind" if info.get("wasm") else bundle / "wasm.unknown.pagefind"
        avg_fragment = _size(fragments) // max(len(fragments), 1)
        languages[lang] = {
            "pages": info["page_count"],
            "index_chunks": len(chunks),
            "index_bytes": _size(chunks),
            "largest_chunk_bytes": max((p.stat().st_size for p in chunks), default=0),
            "fragments": len(fragments),
            "fragment_bytes": _size(fragments),
            "filter_bytes": _size(filters),
            "meta_bytes": meta.stat().st_size if meta.exists() else 0,
            "first_search_bytes": loader
            + (wasm.stat().st_size if wasm.exists() else 0)
            + (meta.stat().st_size if meta.exists() else 0)
            + max((p.stat().st_size for p in chunks), default=0)
            + 5 * avg_fragment,
        }
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return {"total_bytes": _size(files), "files": len(files), "languages": languages}


def filter_index(site_dir: Path, lang: str = "en") -> dict[str, dict[str, int]]:
    """Decode Pagefind's filter files: {filter: {value: page count}} (for tests and reports).

    The files are gzip'd CBOR behind a "pagefind_dcd" signature; reading the
    counts needs a small CBOR walk over maps of arrays, done here without a dependency.
    """
    out: dict[str, dict[str, int]] = {}
    for path in sorted((Path(site_dir) / BUNDLE / "filter").glob(f"{lang}_*.pf_filter")):
        data = gzip.decompress(path.read_bytes())
        data = data[len(b"pagefind_dcd"):] if data.startswith(b"pagefind_dcd") else data
        name, values = _cbor(data, 0)[0]
        out[name] = {value: len(pages) for value, pages in values}
    return out


def _cbor(data: bytes, i: int) -> tuple[Any, int]:  # minimal CBOR reader: ints, text, arrays
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        n = info
    else:
        width = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        n = int.from_bytes(data[i:i + width], "big")
        i += width
    if major == 0:
        return n, i
    if major in (2, 3):
        raw = data[i:i + n]
        return (raw.decode("utf-8") if major == 3 else raw), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor(data, i)
            items.append(item)
        return items, i
    raise ValueError(f"unexpected CBOR major type {major}")

