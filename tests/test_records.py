"""Record pages (meetings) are written into a frame of the theme's page, not built by
MkDocs page by page: they must come out as the theme itself would render them."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build
from twg.data import loading
from twg.render.renderer import Renderer


def _toc_config() -> dict:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "toc" in ext:
            return ext["toc"]
    raise AssertionError("mkdocs.yml has no toc settings")


def test_record_headings_are_what_markdown_makes_of_the_other_pages() -> None:
    ds = loading.load(ROOT / "data")
    toc = {"extensions": ["attr_list", "toc"], "extension_configs": {"toc": _toc_config()}}
    r = Renderer(ds, "groups/x/meetings/1/")
    assert str(r.h(1, "7th TWG-RWSSH meeting")) == markdown.markdown("# 7th TWG-RWSSH meeting", **toc)
    assert str(r.h(2, "Decisions & follow-up", "decisions")) == markdown.markdown("## Decisions &amp; follow-up {#decisions}", **toc)
    assert [i for _, i, _ in r.toc] == ["7th-twg-rwssh-meeting", "decisions"]


def test_every_record_page_equals_the_themes_own_page(data_copy: Path, tmp_path: Path) -> None:
    rwssh = data_copy / "groups" / "rwssh.yml"
    tricky = "title: \"Review <of> 'plans' & \\\"budgets\\\" {{ x }}\""
    rwssh.write_text(rwssh.read_text(encoding="utf-8").replace("title: 5th TWG-RWSSH meeting", tricky, 1), encoding="utf-8")
    # check_frames=all: frames.py compares each record, not only one per shape
    assert build(data_copy, tmp_path / "site", search=False, check_frames="all") == 0
    page = BeautifulSoup((tmp_path / "site/groups/rwssh/meetings/5/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("article h1").get_text() == "Review <of> 'plans' & \"budgets\" {{ x }}¶"
    assert page.title.get_text().startswith("Review <of> 'plans' & \"budgets\" {{ x }} — TWG-RWSSH")
    page = BeautifulSoup((tmp_path / "site/groups/rwssh/meetings/7/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("link[rel='alternate feed'][title='This group']")["href"].endswith("feeds/groups/rwssh.xml")
    assert page.select_one("link[rel='canonical']") is None  # no site_url in this build
    assert page.select_one("[data-pagefind-body] span[data-pagefind-filter='group:TWG-RWSSH']")


def _project_with_override(tmp: Path, extra_head: str) -> Path:
    """A copy of the project's configuration with a site override (custom_dir) of the package's
    main.html that adds extra_head."""
    overrides = tmp / "overrides"
    overrides.mkdir(parents=True)
    main = '{% extends "twg/main.html" %}\n{% block extrahead %}\n  {{ super() }}\n  ' + extra_head + "\n{% endblock %}\n"
    (overrides / "main.html").write_text(main, encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "content")
    config["theme"]["custom_dir"] = str(overrides)
    config["plugins"][0]["twg"]["data_dir"] = str(ROOT / "data")
    config["plugins"][1]["macros"]["module_name"] = str(ROOT / "macros")
    config.pop("watch", None)
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def test_a_theme_that_changes_a_record_value_stops_the_build(tmp_path: Path, data_copy: Path, capsys) -> None:  # noqa: ANN001
    fine = _project_with_override(tmp_path / "fine", '<meta name="twg-title" content="{{ page.meta.title if page else \'\' }}">')
    assert build(data_copy, tmp_path / "ok", config=fine, search=False) == 0
    html = (tmp_path / "ok/groups/rwssh/meetings/7/index.html").read_text(encoding="utf-8")
    assert '<meta name="twg-title" content="7th' in html
    assert 'title="This group"' in html and "data-pagefind-body" in html  # the package's main.html still runs
    # A filter the frame cannot know about: the placeholder would be published as is.
    bad = _project_with_override(tmp_path / "bad", '<meta name="twg-title" content="{{ (page.meta.title if page else \'\') | lower }}">')
    (tmp_path / "ok" / "marker").write_text("old site", encoding="utf-8")
    assert build(data_copy, tmp_path / "ok", config=bad, search=False) == 1
    assert "page frame" in capsys.readouterr().err
    assert (tmp_path / "ok" / "marker").read_text(encoding="utf-8") == "old site"  # the published site is untouched


def test_a_record_with_an_empty_value_gets_the_themes_other_branch(data_copy: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """An empty description takes another branch of the theme (the site's description instead):
    its frame is a shape of its own, so it matches the theme's page (every record is compared)."""
    import dataclasses

    from twg.outputs import records

    real = records.meeting_record

    def some_empty(ds, group, meeting, *rest):  # noqa: ANN001, ANN202
        record = real(ds, group, meeting, *rest)
        return dataclasses.replace(record, description="") if (group.id, meeting.slug) == ("rwssh", "7") else record

    monkeypatch.setattr(records, "meeting_record", some_empty)
    monkeypatch.setenv("TWG_CACHE", str(tmp_path / "cache"))  # a patched renderer: nothing from the shared cache
    assert build(data_copy, tmp_path / "site", search=False, check_frames="all") == 0
    site_description = loading.load(data_copy.resolve()).site.description.get("en", "en")[0]
    empty = BeautifulSoup((tmp_path / "site/groups/rwssh/meetings/7/index.html").read_text(encoding="utf-8"), "html.parser")
    other = BeautifulSoup((tmp_path / "site/groups/rwssh/meetings/6/index.html").read_text(encoding="utf-8"), "html.parser")
    assert empty.select_one("meta[name=description]")["content"] == " ".join(site_description.split())
    assert other.select_one("meta[name=description]")["content"].startswith("TWG-RWSSH meeting, ")


def test_a_placeholder_left_in_a_page_stops_the_build() -> None:
    from twg.outputs.records import Record
    from twg.site import frames

    record = Record("groups/{0}/meetings/{1}/", ("g", "1"), "T", "D", {}, "<h1>T</h1>", ((1, "t", "T"),))
    theme = frames.Frames(None, None, None, None)
    # A frame whose theme printed a value the frame could not fill in (here: a search value).
    theme._frames[theme._shape(record)] = ["<title>", "TITLE", "</title><p>" + frames._TOKEN.format("Sgroup") + "</p>"]
    with pytest.raises(frames.FrameMismatch, match="still holds a placeholder"):
        theme.render(record)
    theme._frames[theme._shape(record)] = ["<title>", "TITLE", "</title>"]
    assert theme.render(record) == "<title>T</title>"
