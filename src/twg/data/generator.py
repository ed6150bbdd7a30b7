"""The generator as it renders: one digest of the twg package and the libraries that shape its
output. Caches between builds (parsed data files, rendered pages) are keyed by it, so a new
release, an edited template or another library version never reads what an older one wrote."""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from functools import cache
from pathlib import Path

FORMAT = 1  # bump when a cache's stored shape changes
_PACKAGE = Path(__file__).resolve().parent.parent  # twg/: its code, schemas, templates and catalogs
# Libraries whose output ends up in the data or the pages (YAML, schema checks, Markdown, dates, escaping).
_LIBRARIES = ("pyyaml", "jsonschema", "jsonschema-rs", "jinja2", "markupsafe", "markdown", "babel", "nh3")


@cache
def digest() -> bytes:
    h = hashlib.blake2b(f"{FORMAT}\n{sys.version}\n".encode(), digest_size=16)
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{name}=none\n".encode())
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()
