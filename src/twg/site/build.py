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

from twg.data import loading
from twg.data.dataset import DataError
from twg.cli.output import report_problems

log = logging.getLogger("twg.build")


def _mkdocs_config(config_file: str, site_dir: str | None, **overrides):  # noqa: ANN202
    from mkdocs.config import load_config

    kwargs = dict(config_file=config_file, strict=True, **overrides)
    if site_dir:
        kwargs["site_dir"] = site_dir
    return load_config(**kwargs)


def build_site(data_dir: str, site_dir: str | None, config_file: str, search: bool = True, quiet: bool = False, site_url: str | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        # loading caches the dataset per data directory: the hooks and macros reuse this load.
        languages = loading.dataset(Path(data_dir).resolve()).site.languages
    except DataError as err:
        report_problems(err.problems)
        print(f"{len(err.problems)} problem(s) found in {data_dir}; the site was not built and the published site is unchanged.", file=sys.stderr)
        return 1
    os.environ["TWG_DATA"] = str(Path(data_dir).resolve())

    from mkdocs.exceptions import MkDocsException

    cfg_probe = _mkdocs_config(config_file, site_dir)
    target = Path(cfg_probe["site_dir"]).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    started = time.perf_counter()
    try:
        # One build per language with the same templates: the first language at the root, each
        # other under <lang>/ with the same page paths (the language switcher relies on that).
        # site_url (the deployed address, e.g. a project site's https://owner.github.io/repo/) gives
        # canonical links and the sitemap their full addresses; each language lives below its own path.
        lang_urls = [site_url.rstrip("/") + "/" + ("" if i == 0 else f"{lang}/") if site_url else None for i, lang in enumerate(languages)]
        _build_languages(config_file, staging, list(languages), lang_urls, quiet, search)
    except (MkDocsException, SystemExit, Exception) as exc:  # noqa: BLE001 - any failure must leave the old site alone
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {exc}\nThe site in {target} was left unchanged.", file=sys.stderr)
        return 1
    _swap(staging, target)
    print(f"Built {target} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


def _build_one(config_file: str, out_dir: str, lang: str, site_url: str | None, quiet: bool, search: bool) -> None:
    """One language: its MkDocs build, then its search index (its own bundle, <lang>/pagefind/)."""
    from mkdocs.commands.build import build

    logging.getLogger("mkdocs").setLevel(logging.WARNING if quiet else logging.INFO)
    cfg = _mkdocs_config(config_file, out_dir, **({"site_url": site_url} if site_url else {}))
    cfg.extra["twg_lang"] = lang
    build(cfg)
    if search:
        from twg.outputs.search import index_site

        index_site(Path(out_dir))


def _build_languages(config_file: str, staging: Path, languages: list[str], urls: list[str | None], quiet: bool, search: bool) -> None:
    """Build the languages side by side: each is a whole site (pages, PDFs) and they share nothing
    but the loaded dataset, which forked workers inherit instead of loading again. The other
    languages go to their own directories first (mkdocs empties its site_dir before writing)
    and move under staging/<lang>/ once the root build is done. TWG_JOBS=1 builds one at a time."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    others = languages[1:]
    jobs = int(os.environ.get("TWG_JOBS") or os.cpu_count() or 1)
    if not others or jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for i, lang in enumerate(languages):
            _build_one(config_file, str(staging if i == 0 else staging / lang), lang, urls[i], quiet, search)
        return
    side = {lang: Path(tempfile.mkdtemp(prefix=f"{staging.name}-{lang}-", dir=staging.parent)) for lang in others}
    try:
        with ProcessPoolExecutor(max_workers=min(len(others), jobs - 1), mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_build_one, config_file, str(side[lang]), lang, urls[i + 1], quiet, search) for i, lang in enumerate(others)]
            _build_one(config_file, str(staging), languages[0], urls[0], quiet, search)
            for future in futures:
                future.result()
        for lang in others:
            side[lang].rename(staging / lang)
    finally:
        for path in side.values():
            shutil.rmtree(path, ignore_errors=True)


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
    os.environ["TWG_SERVE"] = "1"  # render.py: pick up edited templates on rebuild
    # Round PDFs take seconds each to lay out, and a save that touches a report would wait for
    # them: the preview leaves them out unless TWG_PDF=1 (`twg build` makes them).
    os.environ.setdefault("TWG_PDF", "0")
    os.environ["TWG_DATA"] = str(Path(data_dir).resolve())
    try:
        loading.dataset(Path(data_dir).resolve())
    except DataError as err:
        report_problems(err.problems)
        return 1
    from mkdocs.commands.serve import serve

    # Dirty rebuilds: the hooks skip generated pages whose Markdown did not change (a 5,000-meeting
    # archive re-renders only what a save touched); hand-written pages are always rebuilt.
    serve(config_file=config_file, dev_addr=addr, livereload=True, build_type="dirty", strict=False)
    return 0
