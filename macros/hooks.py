"""MkDocs hooks: load the data once, add the generated pages, publish the schemas.

Loaded by path (mkdocs.yml `hooks:`), so it stays thin and imports the twg package.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from twg import loading, pages, schemas
from twg.dataset import DataError
from twg.model import Dataset

log = get_plugin_logger("twg")


def _dataset(config: MkDocsConfig) -> Dataset:
    root = loading.data_dir(Path(config.config_file_path).parent, config.extra.get("twg_data"))
    try:
        return loading.dataset(root)
    except DataError as err:
        listing = "\n".join(str(p) for p in err.problems)
        raise PluginError(f"{len(err.problems)} problem(s) in the data; nothing was built:\n{listing}") from None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    ds = _dataset(config)
    config.site_name = ds.site.title.get(ds.site.default_language, ds.site.default_language)[0]
    if ds.site.description:
        config.site_description = str(ds.site.description)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    ds = _dataset(config)
    count = 0
    for page in pages.generate(ds):
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
        count += 1
    for name in schemas.SCHEMA_FILES:
        files.append(File.generated(config, f"schema/{name}.schema.json", content=schemas.schema_text(name)))
    log.info("generated %d pages from %d groups", count, len(ds.groups))
    return files


def on_serve(server, config: MkDocsConfig, builder):  # noqa: ANN001
    server.watch(str(loading.data_dir(Path(config.config_file_path).parent, config.extra.get("twg_data"))))
    return server
