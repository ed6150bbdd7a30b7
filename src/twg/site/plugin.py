"""The MkDocs plugin (`plugins: - twg` in mkdocs.yml): the data becomes pages.

One MkDocs build makes one language of the site. The plugin loads and checks the
data once (on_config), adds the generated pages in memory (on_files: nothing is
written to docs_dir), publishes the schemas, downloads and feeds, and after the
build writes the record pages into the theme's frame, the round PDFs and the
search index (on_post_build). `twg build` runs one MkDocs build per language and
passes its options to this plugin's config (twg.site.build).

State: a build's state lives on the plugin instance and is reset in on_config
(MkDocs keeps a plugin that has on_startup across builds in one process);
`twg serve` keeps what it reuses between rebuilds in one ServeCache, made in
on_startup and dropped in on_shutdown.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from twg.data import loading, schemas
from twg.data.dataset import DataError
from twg.data.model import Dataset
from twg.outputs import cache, calendars, embeds, exports, feeds, langcss, pages, report_pdf, search
from twg.outputs.pagestore import PageStore
from twg.outputs.records import Record
from twg.render import footer, i18n, rawhtml, renderer, ui
from twg.render.textrender import plain_html
from twg.site import frames
from twg.site.servecache import ServeCache

log = get_plugin_logger(__name__)

HERE = Path(__file__).resolve().parent
THEME = HERE / "theme"  # main.html and partials over Material's (package data)
ASSETS = HERE / "assets"  # served as assets/<name>
PACKAGE_CSS = ["assets/twg.css", "assets/twg-search.css"]
PACKAGE_JS = ["assets/twg-search.js", "assets/twg-filter.js"]
UI_JS = "assets/twg-ui.js"  # generated per language: the search script's words (render/ui.py)


class TwgConfig(base.Config):
    """The plugin's options (mkdocs.yml `plugins: - twg: {...}`; `twg build` sets them too)."""

    data_dir = c.Type(str, default="data")  # the data directory, relative to mkdocs.yml ("data" would shadow Config.data)
    languages = c.ListOfItems(c.Type(str), default=[])  # languages `twg build` makes (default: all of site.yml's)
    language = c.Optional(c.Type(str))  # the language of this MkDocs build (default: site.yml's first)
    site_url = c.Optional(c.URL(is_dir=True))  # the deployed address (feeds, canonical links, sitemap)
    pdf = c.Type(bool, default=True)  # the printable report of every round (seconds per round)
    search = c.Type(bool, default=True)  # the Pagefind index of this language's pages
    check_frames = c.Choice(("first", "all"), default="first")  # record pages vs the theme's own: first of each shape, or every one
    cache_dir = c.Optional(c.Type(str))  # PDFs and fonts kept between builds (default: $TWG_CACHE or ~/.cache/twg)


class TwgPlugin(BasePlugin[TwgConfig]):
    def __init__(self) -> None:
        self.serve_cache: ServeCache | None = None  # only during `twg serve` / `mkdocs serve`
        self._preloaded: tuple[Path, Dataset] | None = None
        self._reset()

    def _reset(self) -> None:
        """A build's own state: nothing of it survives into the next build."""
        self.dataset: Dataset | None = None
        self.data_root: Path | None = None
        self.lang = ""
        self._untranslated: set[str] = set()  # hand-written pages shown in the default language
        self._raw_blocks: dict[str, list[str]] = {}  # generated page -> its HTML blocks (rawhtml.py)
        self._records: list[Record] = []  # this build's record pages, written by on_post_build
        self._theme: dict[str, Any] = {}  # this build's nav, Jinja environment and files (frames.py)
        self._nav_paths: set[str] | None = None  # the pages mkdocs.yml's nav lists (None: no nav given)
        self._store: PageStore | None = None  # this build's page store (pagestore.py)

    # -- used by twg.site.build and the page macros -------------------------------------------

    def use_dataset(self, root: Path, ds: Dataset) -> None:
        """Hand the next build a dataset already loaded from root (`twg build` loads it once
        for all languages); taken by on_config only if the build's data directory is root."""
        self._preloaded = (root.resolve(), ds)

    def root_of(self, config: MkDocsConfig) -> Path:
        return loading.data_dir(Path(config.config_file_path or ".").parent, self.config.data_dir)

    def languages_to_build(self, ds: Dataset) -> list[str]:
        """site.yml's languages, or those of the `languages` option (which must include the first)."""
        wanted = self.config.languages
        if not wanted:
            return list(ds.site.languages)
        unknown = [code for code in wanted if code not in ds.site.languages]
        if unknown:
            raise PluginError(f"twg plugin: languages {unknown} are not in site.yml's languages {list(ds.site.languages)}")
        if ds.site.default_language not in wanted:
            raise PluginError(f"twg plugin: languages must include {ds.site.default_language!r}, the site's first language (it is at the site's root)")
        return [code for code in ds.site.languages if code in wanted]

    @property
    def cache_dir(self) -> Path:
        return Path(self.config.cache_dir) if self.config.cache_dir else cache.default_dir()

    # -- MkDocs events ---------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serve_cache = ServeCache() if command == "serve" else None

    def on_shutdown(self) -> None:
        if self.serve_cache is not None:
            self.serve_cache.close()  # the downloads thread, before MkDocs removes the site directory
        self.serve_cache = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        root = self.root_of(config)
        preloaded, self._preloaded = self._preloaded, None
        try:
            if preloaded and preloaded[0] == root:
                ds = preloaded[1]
            elif self.serve_cache is not None:
                ds = self.serve_cache.dataset(root)
            else:
                ds = loading.load(root, cache_dir=self.cache_dir)
        except DataError as err:
            listing = "\n".join(str(p) for p in err.problems)
            raise PluginError(f"{len(err.problems)} problem(s) in the data; nothing was built:\n{listing}") from None
        default = ds.site.default_language
        lang = self.config.language or default
        if lang not in ds.site.languages:
            raise PluginError(f"twg plugin: language {lang!r} is not one of site.yml's languages {list(ds.site.languages)}")
        self.dataset, self.data_root, self.lang = ds, root, lang
        _ = i18n.gettext_for(lang)
        config.theme["language"] = lang  # Material sets <html lang> and its own UI strings from this
        # The theme prints these without escaping: as Markup, they are escaped text (and `| e` keeps them).
        config.site_name = plain_html(ds.site.title.get(lang, default)[0])
        if ds.site.description:
            config.site_description = plain_html(ds.site.description.get(lang, default)[0])
        prefix = "" if lang == default else f"{lang}/"
        config.extra["twg_lang"] = lang
        config.extra["twg_lang_prefix"] = prefix
        config.extra["twg_terms"] = footer.terms(ds, lang)  # publisher, licence, contact: the footer block
        # The deployed address of this language (serve keeps MkDocs' own address for itself).
        base_url = config.site_url if self.serve_cache is not None else (self.config.site_url or config.site_url)
        if base_url:
            config.site_url = base_url.rstrip("/") + "/" + prefix
        if len(ds.site.languages) > 1:
            # partials/alternate.html links to root + prefix + this page's path; `link`
            # (each language's home, relative to this build's root) is for Material's <head> links.
            up = "" if lang == default else "../"
            config.extra["alternate"] = [
                {"name": i18n.language_name(code), "lang": code, "prefix": "" if code == default else f"{code}/",
                 "link": up + ("" if code == default else f"{code}/")}
                for code in ds.site.languages
            ]
        if config.nav:
            self._nav_paths = set(_nav_paths(config.nav))
            config.nav = _translate_nav(config.nav, _)
        # The package's theme (main.html, partials) under the site's own custom_dir, if any, and
        # over Material's; its stylesheets and script before the site's own.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        config.extra_css[:0] = [p for p in PACKAGE_CSS if p not in config.extra_css]
        listed = [str(p) for p in config.extra_javascript]
        config.extra_javascript[:0] = [p for p in [UI_JS, *PACKAGE_JS] if p not in listed]
        config.extra_css.append("assets/twg-lang.css")
        config.extra["twg_ui"] = ui.interface(ds, lang)  # the search script's words (assets/twg-ui.js) and the feeds' titles
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        ds, lang = self._ds, self.lang
        default = ds.site.default_language
        serving = self.serve_cache
        _package_files(files, config)
        self._use_translations(files, config, ds, lang, default)
        if serving is not None:
            serving.begin_build(self._watched_theme(config))
            for f in files.documentation_pages():  # hand-written pages may show data (macros)
                f.is_modified = lambda: True  # type: ignore[method-assign]
        for path, content in langcss.files(lang, default, ds.site.languages, self.cache_dir):
            files.append(File.generated(config, path, content=content))
        files.append(File.generated(config, UI_JS, content=ui.interface_script(config.extra["twg_ui"])))
        count = 0
        started = time.perf_counter()
        site_url = config.site_url or None
        store = self._store = PageStore(self.cache_dir, self.data_root or Path(), [g.file for g in ds.groups])  # pages between builds
        for page in pages.generate(ds, lang, serving.group_pages if serving is not None else None, site_url, store):
            if isinstance(page, Record):
                self._records.append(page)
                continue
            # An index page the site's nav does not list (e.g. one a newer generator added) is still
            # built and linked, but not reported as missing from the nav (a strict build would stop).
            listed = page.in_nav and (self._nav_paths is None or page.src_uri in self._nav_paths)
            inclusion = InclusionLevel.INCLUDED if listed else InclusionLevel.NOT_IN_NAV
            content, self._raw_blocks[page.src_uri] = rawhtml.stash(page.content)  # Markdown need not parse them
            file = File.generated(config, page.src_uri, content=content, inclusion=inclusion)
            files.append(file)
            # Dirty rebuilds: a page whose whole Markdown (its HTML blocks are not in `content`) is
            # what it was is neither rendered nor written again.
            if serving is not None and serving.unchanged(page.src_uri, page.content):
                file.is_modified = lambda: False  # type: ignore[method-assign]
            count += 1
        for name in schemas.SCHEMA_FILES:
            files.append(File.generated(config, f"schema/{name}.schema.json", content=schemas.schema_text(name)))
        # Language-neutral: root build only. `twg serve` writes them after each build in the
        # background (ServeCache.refresh_downloads).
        downloads = store.whole_data("downloads", (), lambda: list(exports.files(ds))) if lang == default and serving is None else ()
        for path, content in [*downloads, *feeds.files(ds, site_url, lang), *calendars.files(ds, lang, site_url), *embeds.files(ds, lang)]:
            files.append(File.generated(config, path, content=content))
        log.info("generated %d pages and %d record pages from %d groups in %.1fs (%d groups' pages from the cache, %d rendered)",
                 count, len(self._records), len(ds.groups), time.perf_counter() - started, store.hits, store.misses)
        return files

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        self._theme["nav"] = nav
        return nav

    def on_template_context(self, context: Any, template_name: str, config: MkDocsConfig) -> Any:
        """The record pages are no MkDocs pages: the theme's sitemap lists them from here."""
        if template_name == "sitemap.xml":
            context["pages"] = [*context["pages"], *frames.sitemap_entries(config, self._records)]
        return context

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        env.globals["twg_search_spans"] = search.filter_spans  # partials/twg-search-record.html
        # A site's own overrides/main.html can extend the package's: {% extends "twg/main.html" %}.
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"twg": FileSystemLoader(str(THEME))})])
        self._theme.update(env=env, files=files)
        return env

    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Generated pages get their HTML blocks back; a hand-written page with no translation
        is shown in the default language, saying so."""
        if page.file.src_uri in self._raw_blocks:
            return rawhtml.restore(html, self._raw_blocks[page.file.src_uri])
        if page.file.src_uri not in self._untranslated:
            return html
        from babel import Locale

        default = self._ds.site.default_language
        _ = i18n.gettext_for(self.lang)
        name = Locale.parse(self.lang).languages.get(default, default)
        note = _("This page has not been translated yet; it is shown in %(language)s.") % {"language": name}
        return f'<p class="twg-flag twg-untranslated">{escape(note)}</p>\n<div lang="{default}">\n{html}\n</div>'

    def on_post_build(self, config: MkDocsConfig) -> None:
        """The record pages (frames.py), then the round PDFs (report_pdf.py), then the search
        index of this language's pages (search.py)."""
        ds, site_dir = self._ds, Path(config.site_dir)
        started = time.perf_counter()
        theme = frames.Frames(config, self._theme["env"], self._theme["nav"], self._theme["files"], check_all=self.config.check_frames == "all")
        serving = self.serve_cache
        written = frames.write_records(theme, self._records, site_dir, serving.record_digests if serving is not None else None)
        log.info("wrote %d record pages in %.1fs", written, time.perf_counter() - started)
        if serving is not None and self.lang == ds.site.default_language:
            serving.refresh_downloads(ds, site_dir)
        if self.config.pdf:
            started = time.perf_counter()
            report_pdf.write_pdfs(ds, site_dir, self.lang, self.cache_dir, store=self._store)
            log.info("wrote the round PDFs in %.1fs", time.perf_counter() - started)
        if self.config.search:
            started = time.perf_counter()
            count = search.index_site(site_dir, cache_dir=self.cache_dir)
            log.info("indexed %d pages for search in %.1fs", count, time.perf_counter() - started)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.root_of(config)))
        return server

    # -- helpers ---------------------------------------------------------------------------------

    @property
    def _ds(self) -> Dataset:
        if self.dataset is None:
            raise PluginError("twg plugin: no data loaded (on_config did not run)")
        return self.dataset

    def _use_translations(self, files: Files, config: MkDocsConfig, ds: Dataset, lang: str, default: str) -> None:
        """Serve <page>.<lang>.md at <page>.md's address; never publish *.<lang>.md on its own."""
        suffixes = tuple(f".{code}.md" for code in {*ds.site.languages, *i18n.LANGUAGE_NAMES})
        by_uri = {f.src_uri: f for f in files}
        for f in list(files):
            if f.src_uri.endswith(suffixes):
                files.remove(f)
        if lang == default:
            return
        for f in list(files):
            if not f.is_documentation_page():
                continue
            translated = by_uri.get(f.src_uri[: -len(".md")] + f".{lang}.md")
            if translated is None:
                self._untranslated.add(f.src_uri)
                continue
            files.remove(f)
            files.append(File.generated(config, f.src_uri, abs_src_path=str(translated.abs_src_path), inclusion=f.inclusion))

    @staticmethod
    def _watched_theme(config: MkDocsConfig) -> list[Path]:
        """What every page depends on: mkdocs.yml, the theme's folders, the package's templates."""
        render = Path(renderer.__file__).parent
        custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        return [Path(config.config_file_path or "mkdocs.yml"), *custom, THEME, ASSETS, render / "templates", render / "locales"]


def _nav_paths(nav: Any) -> Any:
    """Every page path in mkdocs.yml's nav."""
    if isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, str):
        yield nav


def _translate_nav(nav: Any, _: Any) -> Any:
    """mkdocs.yml's nav titles go through the catalog."""
    if isinstance(nav, list):
        return [_translate_nav(item, _) for item in nav]
    if isinstance(nav, dict):
        return {_(k): _translate_nav(v, _) for k, v in nav.items()}
    return nav


def _package_files(files: Files, config: MkDocsConfig) -> None:
    """The package's stylesheets and scripts, unless the site has its own file at that path:
    a site repository needs no copy of them."""
    for path in sorted(ASSETS.iterdir()):
        uri = "assets/" + path.name
        if path.is_file() and files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
