"""Search index: Pagefind over the built site (implemented with the search issue)."""

from __future__ import annotations

from pathlib import Path


def index_site(site_dir: Path) -> None:
    """Placeholder until Pagefind lands: building without an index is explicit via --no-search."""
    raise NotImplementedError("search indexing is not implemented yet; build with --no-search")
