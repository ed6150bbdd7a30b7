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

import gzip
import json
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

# Khmer, Khmer symbols and Lao letters: scripts written without spaces between words.
_SCRIPT_RUN = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF\u0E80-\u0EFF]+")
# Only text nodes with a Khmer/Lao letter: matching every node cost a call per node (a million on a 5k archive).
_TEXT_NODE = re.compile(r">([^<]*?[\u1780-\u17FF\u19E0-\u19FF\u0E80-\u0EFF][^<]*)")
WORD_JOINER = "~"  # must match JOIN in content/assets/twg-search.js
BUNDLE = "pagefind"
# Repeated chrome inside the content area that readers never search for.
EXCLUDE_SELECTORS = ["a.headerlink", ".twg-pager", ".twg-source", ".twg-downloads", ".md-source-file", ".md-content__button"]


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


# Pagefind runs the text of these cells together ("Technical Working GroupTWG-RWSSH").
_CELL_END = re.compile(r"(</(?:dt|dd|th|td)>)")


def prepare_for_index(html: str) -> str:
    """The copy of a page that is indexed: cells kept apart, Khmer/Lao cut into words."""
    return segment_html(_CELL_END.sub(r" \1", html))


def indexable_pages(site_dir: Path) -> list[Path]:
    """HTML pages that mark their main content (overrides/main.html); the 404 page,
    the search page and the bundle itself do not."""
    return [
        p for p in sorted(site_dir.rglob("*.html"))
        if p.relative_to(site_dir).parts[0] != BUNDLE and "data-pagefind-body" in p.read_text(encoding="utf-8")
    ]


def index_site(site_dir: Path) -> int:
    """Write site_dir/pagefind/ (the index and pagefind.js); return the number of pages indexed."""
    site_dir = Path(site_dir).resolve()
    pages = indexable_pages(site_dir)
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)  # no stale chunks from an earlier run
    with tempfile.TemporaryDirectory(prefix="twg-index-") as tmp:
        shadow = Path(tmp) / "site"
        for path in pages:
            copy = shadow / path.relative_to(site_dir)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(prepare_for_index(path.read_text(encoding="utf-8")), encoding="utf-8")
        config = {"site": str(shadow), "output_path": str(site_dir / BUNDLE), "exclude_selectors": EXCLUDE_SELECTORS}
        (Path(tmp) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        # Pagefind reads pagefind.json from its working directory.
        result = subprocess.run([pagefind_binary(), "--silent"], cwd=tmp, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
    return len(pages)


def _size(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def index_stats(site_dir: Path) -> dict:
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


def _cbor(data: bytes, i: int):  # noqa: ANN202 - minimal CBOR reader: ints, text, arrays
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
