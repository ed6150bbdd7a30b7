"""`twg serve`'s background work after a save: the data downloads and each language's search index.

Run as a low-priority subprocess (`python -m twg.outputs.refresh SITE_DIR DATA_DIR LANG…`) that
the server stops when the next save arrives, so it never slows the pages an editor waits for.
Every file is replaced whole (written beside it, then renamed), and an unchanged download is
not written again, so a reader never gets half a file and a stopped run leaves a working site.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from twg.data import loading
from twg.outputs import exports, search


def write_if_changed(path: Path, content: str) -> bool:
    data = content.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def refresh(site_dir: Path, data_dir: Path, languages: list[str]) -> None:
    ds = loading.load(data_dir)
    for path, content in exports.files(ds):  # language-neutral: at the site's root only
        write_if_changed(site_dir / path, content)
    default, others = languages[0], languages[1:]
    for lang in languages:
        search.index_site(site_dir if lang == default else site_dir / lang, skip=others if lang == default else ())


if __name__ == "__main__":
    site, data, *langs = sys.argv[1:]
    refresh(Path(site), Path(data), langs)
