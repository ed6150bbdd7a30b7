"""The MkDocs plugin: registered by the package, typed options, state on the instance,
options passed by `twg build` without leaking into the next build; the serve cache."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import get_plugins

from conftest import CONFIG, DATA, ROOT
from twg.cli.main import main as twg
from twg.render import renderer
from twg.site.build import mkdocs_config, plugin_overrides, twg_plugin
from twg.site.plugin import TwgPlugin
from twg.site.servecache import ServeCache


def test_the_package_registers_the_plugin_under_its_name() -> None:
    assert get_plugins()["twg"].load() is TwgPlugin
    config = mkdocs_config(str(CONFIG))
    plugin = twg_plugin(config)
    assert plugin.config.data_dir == "data" and plugin.config.pdf is True and plugin.config.check_frames == "first"
    assert plugin.root_of(config) == DATA


@pytest.mark.parametrize("option", [{"pdf": "sometimes"}, {"check_frames": "some"}, {"languages": "en"}, {"site_url": "not a url"}, {"colour": "red"}])
def test_a_wrong_option_stops_the_build(option: dict) -> None:
    with pytest.raises(Abort):
        mkdocs_config(str(CONFIG), **option)


def test_options_reach_the_plugin_through_its_config_not_the_environment(tmp_path: Path) -> None:
    config = mkdocs_config(str(CONFIG), str(tmp_path), data_dir=str(tmp_path / "d"), pdf=False, language="km", site_url="https://example.org/x/")
    plugin = twg_plugin(config)
    assert (plugin.config.data_dir, plugin.config.pdf, plugin.config.language) == (str(tmp_path / "d"), False, "km")
    assert plugin_overrides(str(CONFIG), {"pdf": None})["twg"] == {"data_dir": "data"}  # None keeps mkdocs.yml's value
    assert list(plugin_overrides(str(CONFIG), {})) == ["twg", "macros"]  # order kept: events run in it
    assert not [k for k in os.environ if k.startswith("TWG_") and k not in ("TWG_CACHE", "TWG_JOBS", "TWG_CHROMIUM")]


def test_a_build_with_other_data_leaves_nothing_for_the_next_build(data_copy: Path, tmp_path: Path) -> None:
    """`twg build --data X` then a plain MkDocs build in the same process: the second one
    uses mkdocs.yml's data directory (TWG_DATA used to leak from one into the other)."""
    site_yml = data_copy / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace("Cambodia", "Elsewhere"), encoding="utf-8")
    assert twg(["build", "--data", str(data_copy), "--site-dir", str(tmp_path / "other"), "--no-search", "--no-pdf", "--languages", "en"]) == 0
    assert "Elsewhere" in (tmp_path / "other/index.html").read_text(encoding="utf-8")

    config = load_config(str(CONFIG), site_dir=str(tmp_path / "plain"), plugins=plugin_overrides(str(CONFIG), {"pdf": False, "search": False}))
    mkdocs_build(config)  # what `mkdocs build` does, in the same process
    html = (tmp_path / "plain/index.html").read_text(encoding="utf-8")
    assert "Elsewhere" not in html and "Cambodia" in html
    plugin = twg_plugin(config)
    assert plugin.data_root == DATA and plugin.serve_cache is None
    assert BeautifulSoup(html, "html.parser").html["lang"] == "en"


def test_a_language_the_site_does_not_have_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert twg(["build", "--site-dir", str(tmp_path / "s"), "--languages", "en,fr", "--no-search", "--no-pdf"]) == 1
    assert "['fr'] are not in site.yml's languages" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_mkdocs_yml_without_the_plugin_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bare = tmp_path / "mkdocs.yml"
    bare.write_text(f"site_name: x\ndocs_dir: {ROOT / 'content'}\n", encoding="utf-8")
    assert twg(["build", "--config", str(bare), "--site-dir", str(tmp_path / "s")]) == 1
    assert "the twg plugin is not listed" in capsys.readouterr().err


# --- the serve cache -------------------------------------------------------------------------


def _touch(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    later = time.time() + 2  # a new mtime even on coarse clocks
    os.utime(path, (later, later))


def test_serve_cache_reloads_only_what_changed(data_copy: Path) -> None:
    cache = ServeCache()
    first = cache.dataset(data_copy)
    assert cache.dataset(data_copy) is first  # nothing changed: not even loaded again
    _touch(data_copy / "groups/rwssh.yml", "short_name: TWG-RWSSH", "short_name: TWG-RWSSX")
    second = cache.dataset(data_copy)
    assert second is not first and str(second.group("rwssh").short_name) == "TWG-RWSSX"
    assert second.group("gender") is first.group("gender")  # an unchanged group keeps its model
    assert ServeCache().dataset(data_copy).group("gender") is not first.group("gender")  # caches are not shared


def test_serve_cache_forgets_the_pages_when_a_template_changes(tmp_path: Path) -> None:
    template = tmp_path / "overrides/main.html"
    template.parent.mkdir()
    template.write_text("a", encoding="utf-8")
    cache = ServeCache()
    assert cache.begin_build([tmp_path / "overrides"]) is True  # the first build renders everything
    env = renderer.environment("en")
    cache.group_pages[("x", "en")] = ((), [])
    assert cache.unchanged("groups/x.md", "# X") is False
    assert cache.unchanged("groups/x.md", "# X") is True
    assert cache.unchanged("groups/x.md", "# Y") is False
    assert cache.begin_build([tmp_path / "overrides"]) is False
    assert cache.group_pages and renderer.environment("en") is env
    _touch(template, "a", "b")
    assert cache.begin_build([tmp_path / "overrides"]) is True
    assert not cache.group_pages and not cache.page_digests
    assert renderer.environment("en") is not env  # templates are read again


def test_serve_cache_writes_downloads_in_the_background_and_stops(data_copy: Path, tmp_path: Path) -> None:
    cache = ServeCache()
    ds = cache.dataset(data_copy)
    cache.refresh_downloads(ds, tmp_path)
    thread = cache._downloads_thread
    cache.refresh_downloads(ds, tmp_path)  # the same data: not started again
    assert thread is not None and cache._downloads_thread is thread
    thread.join()
    assert (tmp_path / "downloads/all/dataset.json").is_file()
    cache.close()
    assert cache._downloads_thread is None


def test_the_plugin_makes_a_serve_cache_only_for_serve() -> None:
    plugin = TwgPlugin()
    plugin.on_startup(command="serve", dirty=True)
    assert isinstance(plugin.serve_cache, ServeCache)
    plugin.on_shutdown()
    assert plugin.serve_cache is None
    plugin.on_startup(command="build", dirty=False)
    assert plugin.serve_cache is None
