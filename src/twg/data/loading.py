"""Find and load the data directory of a site.

Paths inside the working directory are shown relative to it in problem messages
(`data/groups/x.yml:12: …`), others in full. `twg serve` keeps a LoadMemo and a
fingerprint of the directory between rebuilds (twg.site.servecache).
"""

from __future__ import annotations

import os
from pathlib import Path

from twg.data.dataset import LoadMemo, is_ignored, load_dataset
from twg.data.parsestore import ParseStore
from twg.data.model import Dataset

Fingerprint = tuple[tuple[str, int, int], ...]


def data_dir(config_dir: str | Path, configured: str | Path) -> Path:
    """The data directory: as configured (the plugin's `data_dir` option), relative to mkdocs.yml."""
    path = Path(configured)
    return path if path.is_absolute() else (Path(config_dir) / path).resolve()


def fingerprint(root: Path) -> Fingerprint:
    """Path, size and mtime of every data file: equal fingerprints, equal data."""
    out = []
    for p in sorted(root.rglob("*.y*ml")):
        if is_ignored(p.name):
            continue
        try:  # lstat: a link (refused by the loader) or a vanished editor lock file is no error here
            st = p.lstat()
        except OSError:
            continue
        out.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(out)


def load(root: Path, memo: LoadMemo | None = None, cache_dir: Path | None = None) -> Dataset:
    """The validated dataset of root; raises DataError listing every problem. With cache_dir,
    each file's parse and own checks are kept there between runs (parsestore.py)."""
    cwd = Path.cwd()
    store = ParseStore(cache_dir) if cache_dir is not None else None
    ds = load_dataset(os.path.relpath(root, cwd) if root.is_relative_to(cwd) else root, memo, store)
    if store is not None:
        store.prune()  # each edit of a file leaves an entry: old ones go
    return ds
