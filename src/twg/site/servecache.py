"""Everything `twg serve` keeps from one rebuild to the next, in one object.

A build keeps nothing between runs. `twg serve` rebuilds after every save in the
same process, and re-doing everything would take as long as a cold build (a
5,000-meeting archive: tens of seconds), so the plugin instance (kept by MkDocs
across rebuilds) owns one ServeCache for the whole session:

- the data: the directory's fingerprint and dataset, and the parse/check/model
  memo of data/dataset.py (only changed files are parsed and checked again);
- the pages: each group's generated pages (outputs/pages.py) and a digest of every
  generated page and record page as last written (unchanged ones are neither
  rendered by MkDocs nor written again);
- the downloads, rewritten in a background thread once the pages are served.

When a template, a theme file or mkdocs.yml changes, every page may change: the
page memo, the digests and the Jinja environments are dropped (`begin_build`).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from twg.data import loading
from twg.data.dataset import LoadMemo
from twg.data.model import Dataset
from twg.outputs import exports
from twg.outputs.pages import PageMemo
from twg.render import renderer

Stamp = tuple[tuple[str, int], ...]


def stamp(paths: Iterable[Path]) -> Stamp:
    """Path and mtime of every file under paths (files or folders)."""
    out: list[tuple[str, int]] = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
        out.extend((str(p), p.stat().st_mtime_ns) for p in files)
    return tuple(out)


@dataclass
class ServeCache:
    load: LoadMemo = field(default_factory=LoadMemo)
    datasets: dict[str, tuple[loading.Fingerprint, Dataset]] = field(default_factory=dict)
    group_pages: PageMemo = field(default_factory=dict)
    page_digests: dict[str, bytes] = field(default_factory=dict)  # generated page -> digest of its Markdown
    # record output path -> (digest of its HTML, the record, its frame): frames.write_records
    record_digests: dict[str, tuple[bytes, object, bytes]] = field(default_factory=dict)
    theme_stamp: Stamp | None = None
    downloads: bool = True  # False: the server writes them itself (`twg serve`: a background process)
    _downloads_of: Dataset | None = None  # the dataset whose downloads are (being) written
    _downloads_thread: threading.Thread | None = None

    def dataset(self, root: Path) -> Dataset:
        """root's dataset, loaded again only when a data file changed (path, size, mtime)."""
        fp = loading.fingerprint(root)
        hit = self.datasets.get(str(root))
        if hit and hit[0] == fp:
            return hit[1]
        ds = loading.load(root, self.load)
        self.datasets[str(root)] = (fp, ds)
        return ds

    def begin_build(self, watched: Iterable[Path]) -> bool:
        """Forget every rendered page if a template, theme file or config in `watched` changed
        since the last build; True if it did (the first build counts as a change)."""
        now = stamp(watched)
        if now == self.theme_stamp:
            return False
        self.theme_stamp = now
        self.group_pages.clear()
        self.page_digests.clear()
        self.record_digests.clear()
        renderer.environment.cache_clear()  # Jinja environments load templates once
        return True

    def unchanged(self, src_uri: str, content: str) -> bool:
        """Is this generated page's Markdown what it was at the last build? (Then the page from
        then is still in the site directory and need not be rendered or written again.)"""
        digest = hashlib.blake2b(content.encode(), digest_size=16).digest()
        same = self.page_digests.get(src_uri) == digest
        self.page_digests[src_uri] = digest
        return same

    def refresh_downloads(self, ds: Dataset, site_dir: Path) -> None:
        """(Re)write the data downloads in a thread, so a save shows its pages without waiting
        for the CSV and JSON files; a newer save stops an older writer."""
        if self._downloads_of is ds or not self.downloads:
            return
        self._downloads_of = ds

        def write() -> None:
            for path, content in exports.files(ds):
                if self._downloads_of is not ds:
                    return
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")

        self._downloads_thread = threading.Thread(target=write, name="twg-downloads", daemon=True)
        self._downloads_thread.start()

    def close(self) -> None:
        """Stop the downloads writer (before MkDocs removes its site directory)."""
        self._downloads_of = None
        if self._downloads_thread is not None:
            self._downloads_thread.join()
            self._downloads_thread = None
