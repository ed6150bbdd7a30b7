"""Find the data directory for a build and load it once per change.

`mkdocs serve` rebuilds in the same process: the dataset is cached and reloaded
only when a data file changes (judged by path, size and mtime of every file).
"""

from __future__ import annotations

import os
from pathlib import Path

from twg.data.dataset import is_ignored, load_dataset
from twg.data.model import Dataset

_cache: dict[str, tuple[tuple[tuple[str, int, int], ...], Dataset]] = {}


def data_dir(config_dir: str | Path, configured: str | None) -> Path:
    """TWG_DATA (set by `twg build --data`) wins over mkdocs.yml's extra.twg_data."""
    chosen = os.environ.get("TWG_DATA") or configured or "data"
    path = Path(chosen)
    return path if path.is_absolute() else (Path(config_dir) / path).resolve()


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
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


def dataset(root: Path) -> Dataset:
    """The validated dataset of root; raises DataError listing every problem."""
    key = str(root)
    fp = _fingerprint(root)
    hit = _cache.get(key)
    if hit and hit[0] == fp:
        return hit[1]
    cwd = Path.cwd()
    ds = load_dataset(os.path.relpath(root, cwd) if root.is_relative_to(cwd) else root)
    _cache[key] = (fp, ds)
    return ds
