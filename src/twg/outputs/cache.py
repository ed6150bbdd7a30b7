"""Where slow outputs are kept between builds: round PDFs by the hash of their HTML (pdf/),
each group's rendered pages by the hash of what they depend on (pages/, pagestore.py), each
language's search bundle by the hash of the pages it indexes (search/), web fonts by the hash
of their source (fonts/). Each is content-addressed: a changed input never reads a stale output.

The plugin's `cache_dir` option chooses the place; its default is $TWG_CACHE, else
$XDG_CACHE_HOME/twg, else ~/.cache/twg. CI restores and saves this folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_dir() -> Path:
    chosen = os.environ.get("TWG_CACHE")
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "twg"
