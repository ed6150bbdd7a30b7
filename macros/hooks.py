"""MkDocs hooks: load the data once, add the generated pages, publish the schemas.

Loaded by path (mkdocs.yml `hooks:`), so it stays thin and imports the twg package.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

import twg
from twg.outputs import exports
from twg.outputs import feeds
from twg.site import frames
from twg.render import i18n
from twg.data import loading
from twg.outputs import pages
from twg.render import rawhtml
from twg.outputs import report_pdf
from twg.data import schemas
from twg.outputs import search
from twg.outputs import webfonts
from twg.data.dataset import DataError
from twg.data.model import Dataset
from twg.outputs.records import Record

log = get_plugin_logger("twg")


def _dataset(config: MkDocsConfig) -> Dataset:
    root = loading.data_dir(Path(config.config_file_path).parent, config.extra.get("twg_data"))
    try:
        return loading.dataset(root)
    except DataError as err:
        listing = "\n".join(str(p) for p in err.problems)
        raise PluginError(f"{len(err.problems)} problem(s) in the data; nothing was built:\n{listing}") from None


# Translated hand-written pages: content/<page>.<lang>.md is <page>.md in that language.
_ROOT = Path(__file__).resolve().parent.parent
_untranslated: set[str] = set()  # hand-written pages of this build shown in the default language
_raw_blocks: dict[str, list[str]] = {}  # generated page -> its HTML blocks (rawhtml.py)
_records: list[Record] = []  # this build's record pages (records.py), written by on_post_build
_theme: dict[str, object] = {}  # this build's nav, Jinja environment and files, for frames.py
# `twg serve`: generated page -> digest of its Markdown at the last build. Kept on the twg package:
# mkdocs executes this file anew for every rebuild, which would forget a module-level dict.
_served: dict[str, object] = twg.__dict__.setdefault("_served_digests", {})
_served_records: dict[str, bytes] = twg.__dict__.setdefault("_served_records", {})


def _language(config: MkDocsConfig, ds: Dataset) -> str:
    """The language of this build: set by `twg build` (one build per language), else the default."""
    return config.extra.get("twg_lang") or ds.site.default_language


def _translate_nav(nav, _):  # noqa: ANN001, ANN202 - mkdocs.yml nav: titles go through the catalog
    if isinstance(nav, list):
        return [_translate_nav(item, _) for item in nav]
    if isinstance(nav, dict):
        return {_(k): _translate_nav(v, _) for k, v in nav.items()}
    return nav


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    ds = _dataset(config)
    lang, default = _language(config, ds), ds.site.default_language
    _ = i18n.gettext_for(lang)
    config.extra["twg_lang"] = lang
    config.theme["language"] = lang  # Material sets <html lang> and its own UI strings from this
    config.site_name = ds.site.title.get(lang, default)[0]
    if ds.site.description:
        config.site_description = ds.site.description.get(lang, default)[0]
    config.extra["twg_lang_prefix"] = "" if lang == default else f"{lang}/"
    if len(ds.site.languages) > 1:
        # overrides/partials/alternate.html links to root + prefix + this page's path; `link`
        # (each language's home, relative to this build's root) is for Material's <head> links.
        up = "" if lang == default else "../"
        config.extra["alternate"] = [
            {"name": i18n.language_name(code), "lang": code, "prefix": "" if code == default else f"{code}/",
             "link": up + ("" if code == default else f"{code}/")}
            for code in ds.site.languages
        ]
    if config.nav:
        config.nav = _translate_nav(config.nav, _)
    config.extra_css.append("assets/twg-lang.css")
    return config


def _language_css(lang: str, fallback: str) -> str:
    """This build's font and the translated 'shown in English' marker (the catalog holds the words)."""
    from babel import Locale

    _ = i18n.gettext_for(lang)
    name = Locale.parse(lang).languages.get(fallback, fallback)
    marker = _("(%(language)s only)") % {"language": name}
    style = "" if lang == "en" else " font-style: normal;"  # no slanted Khmer or Lao
    css = ".twg-fallback::after { content: %s;%s }\n" % (json.dumps(" " + marker, ensure_ascii=False), style)
    font = webfonts.font_for(lang)
    if font:
        css += webfonts.font_face_css(font, f"fonts/{font.filename}")
        css += ':root { --md-text-font: "%s"; }\n.md-typeset { line-height: 1.8; }\n' % font.family
    return css


def _use_translations(files: Files, config: MkDocsConfig, ds: Dataset, lang: str, default: str) -> None:
    """Serve <page>.<lang>.md at <page>.md's address; never publish *.<lang>.md on its own."""
    _untranslated.clear()
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
            _untranslated.add(f.src_uri)
            continue
        files.remove(f)
        files.append(File.generated(config, f.src_uri, abs_src_path=translated.abs_src_path, inclusion=f.inclusion))


def _shared_files(files: Files, config: MkDocsConfig) -> None:
    """A second configuration (examples/laos) reuses the project's stylesheets, scripts and
    country-neutral pages (search.md) from content/ instead of copying them."""
    wanted = [str(p) for p in (*config.extra_css, *config.extra_javascript)] + ["search.md"]
    for path in wanted:
        shared = _ROOT / "content" / path
        if files.get_file_from_path(path) is None and shared.is_file():
            files.append(File.generated(config, path, abs_src_path=str(shared)))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    ds = _dataset(config)
    lang, default = _language(config, ds), ds.site.default_language
    _use_translations(files, config, ds, lang, default)
    if os.environ.get("TWG_SERVE") == "1":  # dirty rebuilds: hand-written pages may show data (macros)
        for f in files.documentation_pages():
            f.is_modified = lambda: True  # type: ignore[method-assign]
        _forget_served_if_theme_changed(config)
    _shared_files(files, config)
    files.append(File.generated(config, "assets/twg-lang.css", content=_language_css(lang, default)))
    font = webfonts.font_for(lang)
    if font:
        files.append(File.generated(config, f"assets/fonts/{font.filename}", content=webfonts.woff2(font)))
    count = 0
    _raw_blocks.clear()
    _records.clear()
    for page in pages.generate(ds, lang):
        if isinstance(page, Record):
            _records.append(page)
            continue
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        content, _raw_blocks[page.src_uri] = rawhtml.stash(page.content)  # Markdown need not parse them
        file = File.generated(config, page.src_uri, content=content, inclusion=inclusion)
        files.append(file)
        if os.environ.get("TWG_SERVE") == "1":
            _skip_if_unchanged(file, page.content)  # the full page: its HTML blocks are not in `content`
        count += 1
    for name in schemas.SCHEMA_FILES:
        files.append(File.generated(config, f"schema/{name}.schema.json", content=schemas.schema_text(name)))
    # Language-neutral: root build only. `twg serve` writes them after each build in the
    # background (_refresh_downloads): a save shows its pages without waiting for 60 MB of CSV.
    downloads = exports.files(ds) if lang == default and os.environ.get("TWG_SERVE") != "1" else ()
    for path, content in [*downloads, *feeds.files(ds, _site_url(config, lang, default))]:
        files.append(File.generated(config, path, content=content))
    log.info("generated %d pages and %d record pages from %d groups", count, len(_records), len(ds.groups))
    return files


def on_nav(nav, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
    _theme["nav"] = nav
    return nav


def on_env(env, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
    env.globals["twg_search_spans"] = search.filter_spans  # overrides/partials/twg-search-record.html
    _theme.update(env=env, files=files)
    return env


def _forget_served_if_theme_changed(config: MkDocsConfig) -> None:
    """An edited theme override or mkdocs.yml changes every page: rebuild them all."""
    watched = [Path(config.config_file_path), *Path(config.config_file_path).parent.joinpath("overrides").rglob("*")]
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in watched if p.is_file())
    if _served.get("\0theme") != hash(stamp):
        _served.clear()
        _served["\0theme"] = hash(stamp)


def _skip_if_unchanged(file: File, content: str) -> None:
    """`twg serve` rebuilds dirty: a generated page whose Markdown is what it was at the last
    build is neither rendered nor written again (the page from then is still served), so
    saving one group's file re-renders that group's pages and the indexes, not the archive."""
    digest = hashlib.blake2b(content.encode(), digest_size=16).digest()
    unchanged = _served.get(file.src_uri) == digest
    _served[file.src_uri] = digest
    if unchanged:
        file.is_modified = lambda: False  # type: ignore[method-assign]


def _site_url(config: MkDocsConfig, lang: str, default: str) -> str | None:
    """The public address of this build, for absolute links in feeds (None: links stay relative)."""
    if config.site_url:  # `twg build` sets it per language build
        return config.site_url
    base = config.extra.get("twg_site_url") or os.environ.get("TWG_SITE_URL")
    return base.rstrip("/") + "/" + ("" if lang == default else f"{lang}/") if base else None


def on_post_build(config: MkDocsConfig) -> None:
    """The record pages (frames.py), then the printable PDF of every round, from its own
    template (report_pdf.py). TWG_PDF=0 (`twg build --no-pdf`) skips the PDFs: layout takes
    seconds per round."""
    ds, site_dir = _dataset(config), Path(config.site_dir)
    lang = _language(config, ds)
    theme = frames.Frames(config, _theme["env"], _theme["nav"], _theme["files"], check_all=os.environ.get("TWG_CHECK_FRAMES") == "all")
    serving = os.environ.get("TWG_SERVE") == "1"
    written = frames.write_records(theme, _records, site_dir, _served_records if serving else None)
    frames.add_to_sitemap(site_dir, config.site_url, _records)
    log.info("wrote %d record pages", written)
    if serving and lang == ds.site.default_language:
        _refresh_downloads(ds, site_dir)
    if os.environ.get("TWG_PDF", "1") == "0":
        return
    report_pdf.write_pdfs(ds, site_dir, lang)


_downloads_done: dict[str, object] = twg.__dict__.setdefault("_served_downloads", {})


def _refresh_downloads(ds: Dataset, site_dir: Path) -> None:
    """`twg serve`: (re)write the data downloads in a thread once the pages are served."""
    import threading

    if _downloads_done.get("dataset") is ds:
        return
    _downloads_done["dataset"] = ds

    def write() -> None:
        for path, content in exports.files(ds):
            if _downloads_done.get("dataset") is not ds:
                return  # a newer save is being written
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")

    thread = threading.Thread(target=write, name="twg-downloads", daemon=True)
    _downloads_done["thread"] = thread
    thread.start()


def on_shutdown() -> None:
    """`twg serve` stops: let the downloads thread stop before MkDocs removes its site directory."""
    _downloads_done["dataset"] = None
    thread = _downloads_done.get("thread")
    if thread is not None:
        thread.join()  # type: ignore[attr-defined]


def on_serve(server, config: MkDocsConfig, builder):  # noqa: ANN001
    server.watch(str(loading.data_dir(Path(config.config_file_path).parent, config.extra.get("twg_data"))))
    return server


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:  # noqa: ANN001
    """A hand-written page with no translation is shown in the default language, saying so."""
    if page.file.src_uri in _raw_blocks:
        return rawhtml.restore(html, _raw_blocks[page.file.src_uri])
    if page.file.src_uri not in _untranslated:
        return html
    ds = _dataset(config)
    lang, default = _language(config, ds), ds.site.default_language
    from babel import Locale

    _ = i18n.gettext_for(lang)
    name = Locale.parse(lang).languages.get(default, default)
    note = _("This page has not been translated yet; it is shown in %(language)s.") % {"language": name}
    return f'<p class="twg-flag twg-untranslated">{escape(note)}</p>\n<div lang="{default}">\n{html}\n</div>'
