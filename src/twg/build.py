"""Run the strict MkDocs build (and the search index) without ever breaking a
published site: validate first, build into a fresh directory beside the target,
and swap it in only when everything succeeded.

This is the only module of the package that imports mkdocs.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .dataset import DataError, load_dataset
from .cli_output import report_problems

log = logging.getLogger("twg.build")


def _mkdocs_config(config_file: str, site_dir: str | None, **overrides):  # noqa: ANN202
    from mkdocs.config import load_config

    kwargs = dict(config_file=config_file, strict=True, **overrides)
    if site_dir:
        kwargs["site_dir"] = site_dir
    return load_config(**kwargs)


def build_site(data_dir: str, site_dir: str | None, config_file: str, search: bool = True, quiet: bool = False) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        load_dataset(data_dir)
    except DataError as err:
        report_problems(err.problems)
        print(f"{len(err.problems)} problem(s) found in {data_dir}; the site was not built and the published site is unchanged.", file=sys.stderr)
        return 1
    os.environ["TWG_DATA"] = str(Path(data_dir).resolve())

    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    cfg_probe = _mkdocs_config(config_file, site_dir)
    target = Path(cfg_probe["site_dir"]).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    started = time.perf_counter()
    try:
        cfg = _mkdocs_config(config_file, str(staging))
        logging.getLogger("mkdocs").setLevel(logging.WARNING if quiet else logging.INFO)
        build(cfg)
        if search:
            from .search import index_site

            index_site(staging)
    except (MkDocsException, SystemExit, Exception) as exc:  # noqa: BLE001 - any failure must leave the old site alone
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {exc}\nThe site in {target} was left unchanged.", file=sys.stderr)
        return 1
    _swap(staging, target)
    print(f"Built {target} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


def _swap(staging: Path, target: Path) -> None:
    """Replace target by staging with two renames, so readers never see half a site."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    staging.parent.joinpath(target.name).chmod(0o755)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def serve_site(data_dir: str, config_file: str, addr: str) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["TWG_DATA"] = str(Path(data_dir).resolve())
    try:
        load_dataset(data_dir)
    except DataError as err:
        report_problems(err.problems)
        return 1
    from mkdocs.commands.serve import serve

    serve(config_file=config_file, dev_addr=addr, livereload=True, strict=False)
    return 0
