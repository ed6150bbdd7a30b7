"""Run the strict MkDocs build of every language without ever breaking a published
site: validate first, build into a fresh directory beside the target, and swap it
in only when everything succeeded. `twg serve` runs MkDocs' server the same way.

Options reach the twg plugin as overrides of its config in mkdocs.yml (one
load_config per language build), never through the environment, so nothing of one
build leaks into the next call in the same process.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from twg.cli.output import report_problems
from twg.data import loading
from twg.data.dataset import DataError
from twg.data.model import Dataset
from twg.site import buildlog, sitedir
from twg.site.plugin import TwgPlugin

log = logging.getLogger("twg.build")


def plugin_overrides(config_file: str, options: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """mkdocs.yml's plugins (INHERIT resolved) with `options` merged into the twg plugin's
    config: the `plugins` value to pass to load_config. Dict form, which MkDocs reads without
    consuming it, so `mkdocs serve` can load it again on every rebuild."""
    with open(config_file, "rb") as f:
        raw = yaml_load(f, get_yaml_loader())
    listed = raw.get("plugins") or []
    plugins: dict[str, dict[str, Any]] = {}
    for item in listed.items() if isinstance(listed, dict) else listed:
        name, cfg = (item, {}) if isinstance(item, str) else next(iter(item.items())) if isinstance(item, dict) else item
        if name in plugins:
            raise MkDocsException(f"{config_file}: plugin {name!r} is listed twice")
        plugins[name] = dict(cfg or {})
    if "twg" not in plugins:
        raise MkDocsException(f"{config_file}: the twg plugin is not listed under plugins: (add `- twg`)")
    plugins["twg"].update({k: v for k, v in options.items() if v is not None})
    return plugins


def mkdocs_config(config_file: str, site_dir: str | None = None, **options: Any) -> MkDocsConfig:
    """The strict MkDocs config of config_file with the twg plugin's options overridden."""
    kwargs: dict[str, Any] = {"config_file": config_file, "strict": True, "plugins": plugin_overrides(config_file, options)}
    if site_dir:
        kwargs["site_dir"] = site_dir
    return load_config(**kwargs)


def twg_plugin(config: MkDocsConfig) -> TwgPlugin:
    plugin = config.plugins.get("twg")
    if not isinstance(plugin, TwgPlugin):
        raise MkDocsException("the twg plugin is not listed under plugins: in mkdocs.yml")
    return plugin


def build_site(
    config_file: str = "mkdocs.yml", site_dir: str | None = None, *, data: str | None = None, search: bool | None = None,
    pdf: bool | None = None, site_url: str | None = None, languages: list[str] | None = None,
    check_frames: str | None = None, quiet: bool = False,
) -> int:
    """Build every language of the site into site_dir (default: mkdocs.yml's); options left None
    keep mkdocs.yml's plugin config. Returns the exit code; problems go to stderr."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    options = {"data_dir": str(Path(data).resolve()) if data else None, "search": search, "pdf": pdf, "site_url": site_url,
               "languages": languages, "check_frames": check_frames}
    started = time.perf_counter()
    try:
        with buildlog.explained("configuration"):  # MkDocs logs why it refuses a configuration
            probe = mkdocs_config(config_file, site_dir, **options)
        plugin = twg_plugin(probe)
        root = plugin.root_of(probe)
        target = Path(probe.site_dir).resolve()
    except (MkDocsException, buildlog.BuildFailed) as exc:
        print(f"Build failed: {exc}\nNothing was built.", file=sys.stderr)
        return 1
    try:
        loaded = time.perf_counter()
        ds = loading.load(root, cache_dir=plugin.cache_dir)
        log.info("loaded and checked %d groups in %.1fs", len(ds.groups), time.perf_counter() - loaded)
    except DataError as err:
        report_problems(err.problems)
        print(f"{len(err.problems)} problem(s) found in {data or os.path.relpath(root)}; the site was not built and the published site is unchanged.", file=sys.stderr)
        return 1
    try:
        build_languages = plugin.languages_to_build(ds)
    except MkDocsException as exc:
        print(f"Build failed: {exc}\nNothing was built.", file=sys.stderr)
        return 1
    try:
        sitedir.check_target(target, data=root, content=Path(probe.docs_dir), root=Path(config_file).resolve().parent)
        sitedir.check_replaceable(target)  # refuse before creating anything
        with sitedir.locked(target):
            sitedir.remove_stale(target)  # what a killed build of this site left
            sitedir.check_replaceable(target)  # again, under the lock: before a minute of building, not after
            staging = sitedir.new_staging(target)
            try:
                _build_languages(config_file, staging, build_languages, options, root, ds, quiet)
            except (MkDocsException, SystemExit, Exception) as exc:  # noqa: BLE001 - any failure must leave the old site alone
                shutil.rmtree(staging, ignore_errors=True)
                print(f"Build failed: {exc}\nThe site in {target} was left unchanged.", file=sys.stderr)
                return 1
            swapped = time.perf_counter()
            sitedir.publish(staging, target)
            log.info("published %s in %.1fs", target, time.perf_counter() - swapped)
    except sitedir.SiteDirError as exc:
        print(f"twg build: {exc}", file=sys.stderr)
        return 1
    print(f"Built {target} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


def _build_one(config_file: str, out_dir: str, lang: str, options: dict[str, Any], root: Path, ds: Dataset, quiet: bool) -> None:
    """One language: its MkDocs build (pages, records, PDFs, its own search bundle <lang>/pagefind/)."""
    from mkdocs.commands.build import build

    logging.getLogger("mkdocs").setLevel(logging.WARNING if quiet else logging.INFO)
    cfg = mkdocs_config(config_file, out_dir, **options, language=lang)
    twg_plugin(cfg).use_dataset(root, ds)
    cfg.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        with buildlog.explained(lang):  # a strict-mode failure says which warnings, not just how many
            build(cfg)
        log.info("built %s in %s", lang, out_dir)
    finally:
        cfg.plugins.on_shutdown()


def _build_languages(config_file: str, staging: Path, languages: list[str], options: dict[str, Any], root: Path, ds: Dataset, quiet: bool) -> None:
    """Build the languages side by side: each is a whole site (pages, PDFs, search) and they share
    nothing but the loaded dataset, which forked workers inherit instead of loading again. The
    other languages go to their own directories first (mkdocs empties its site_dir before
    writing) and move under staging/<lang>/ once the root build is done. TWG_JOBS=1 builds one
    at a time."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    others = languages[1:]
    jobs = int(os.environ.get("TWG_JOBS") or os.cpu_count() or 1)
    if not others or jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for i, lang in enumerate(languages):
            _build_one(config_file, str(staging if i == 0 else staging / lang), lang, options, root, ds, quiet)
        return
    side = {lang: Path(tempfile.mkdtemp(prefix=f"{staging.name}-{lang}-", dir=staging.parent)) for lang in others}  # removed with staging's if killed
    try:
        with ProcessPoolExecutor(max_workers=min(len(others), jobs - 1), mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_build_one, config_file, str(side[lang]), lang, options, root, ds, quiet) for lang in others]
            _build_one(config_file, str(staging), languages[0], options, root, ds, quiet)
            waited = time.perf_counter()
            for future in futures:
                future.result()
            log.info("waited %.1fs for the other languages", time.perf_counter() - waited)
        for lang in others:
            side[lang].rename(staging / lang)
    finally:
        for path in side.values():
            shutil.rmtree(path, ignore_errors=True)


def serve_site(config_file: str = "mkdocs.yml", addr: str = "127.0.0.1:8000", *, data: str | None = None) -> int:
    """The whole site, every language, rebuilt on save (serve.py)."""
    from twg.site import serve

    return serve.serve(config_file, addr, data=data)
