"""What a warm build takes from the cache: each unchanged group's rendered pages
(outputs/pagestore.py) and a language's search bundle when every page it indexes is as it
was (outputs/search.py). It publishes exactly what a cold build would; any change renders
or indexes anew."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _entries(cache: Path) -> dict[str, Path]:
    return {p.name: p for p in (cache / "pages").glob("*.json")}


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("TWG_CACHE", str(path))
    return path


def test_a_warm_build_from_the_store_is_the_cold_build_byte_for_byte(data_copy: Path, tmp_path: Path, cache: Path) -> None:
    assert build(data_copy, tmp_path / "cold", search=False) == 0
    entries = _entries(cache)
    groups = list((data_copy / "groups").glob("*.yml"))
    assert len(entries) == 2 * (len(groups) + 1) + 1  # each group and the pages of all groups in each language; the downloads
    assert build(data_copy, tmp_path / "warm", search=False) == 0
    cold, warm = _tree(tmp_path / "cold"), _tree(tmp_path / "warm")
    assert cold.keys() == warm.keys()
    assert [name for name in cold if cold[name] != warm[name]] == []


def test_the_warm_build_reads_the_store_and_refuses_a_damaged_entry(data_copy: Path, tmp_path: Path, cache: Path) -> None:
    assert build(data_copy, tmp_path / "cold", search=False) == 0
    entry = next(p for p in _entries(cache).values() if p.name.startswith("rwssh."))
    stored = json.loads(entry.read_text(encoding="utf-8"))
    record = next(x["record"] for x in stored["pages"] if "record" in x)
    record[5] = record[5].replace("</h1>", "</h1><p>FROM-THE-STORE</p>", 1)
    entry.write_text(json.dumps(stored), encoding="utf-8")
    assert build(data_copy, tmp_path / "warm", search=False) == 0
    pages = [p for p in (tmp_path / "warm").rglob("index.html") if "FROM-THE-STORE" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1  # the entry was used as stored: the build did read the store

    entry.write_text("{not json", encoding="utf-8")  # damaged: rendered anew, and stored again
    assert build(data_copy, tmp_path / "again", search=False) == 0
    assert _tree(tmp_path / "again") == _tree(tmp_path / "cold")
    assert json.loads(entry.read_text(encoding="utf-8"))["key"] == stored["key"]


def test_an_edited_group_file_renders_that_group_again_and_no_other(data_copy: Path, tmp_path: Path, cache: Path) -> None:
    assert build(data_copy, tmp_path / "one", search=False) == 0
    before = {name: p.read_bytes() for name, p in _entries(cache).items()}
    group = data_copy / "groups" / "rwssh.yml"
    text = group.read_text(encoding="utf-8")
    old = "  en: Rural Water Supply, Sanitation and Hygiene\n"
    assert old in text
    group.write_text(text.replace(old, "  en: Edited name of the group\n", 1), encoding="utf-8")
    assert build(data_copy, tmp_path / "two", search=False) == 0
    assert "Edited name of the group" in (tmp_path / "two" / "groups" / "rwssh" / "index.html").read_text(encoding="utf-8")
    after = {name: p.read_bytes() for name, p in _entries(cache).items()}
    changed = sorted(name.split(".")[0] for name in before if before[name] != after[name])
    assert changed == ["_downloads", "_site", "_site", "rwssh", "rwssh"]  # the downloads; its pages and those showing every group, in two languages


def test_the_search_bundle_is_reused_only_while_every_indexed_page_is_unchanged(data_copy: Path, tmp_path: Path, cache: Path) -> None:
    assert build(data_copy, tmp_path / "cold", languages=["en"]) == 0
    kept = [p for p in (cache / "search").iterdir() if p.is_dir()]
    assert len(kept) == 1 and (kept[0] / "pagefind.js").is_file()
    with (kept[0] / "pagefind.js").open("a", encoding="utf-8") as f:
        f.write("\n// FROM-THE-CACHE\n")
    assert build(data_copy, tmp_path / "warm", languages=["en"]) == 0
    assert "FROM-THE-CACHE" in (tmp_path / "warm" / "pagefind" / "pagefind.js").read_text(encoding="utf-8")  # reused as kept
    group = data_copy / "groups" / "rwssh.yml"
    group.write_text(group.read_text(encoding="utf-8").replace("  en: Rural Water Supply, Sanitation and Hygiene\n", "  en: Renamed group\n", 1), encoding="utf-8")
    assert build(data_copy, tmp_path / "edited", languages=["en"]) == 0
    assert "FROM-THE-CACHE" not in (tmp_path / "edited" / "pagefind" / "pagefind.js").read_text(encoding="utf-8")  # indexed anew
    assert len([p for p in (cache / "search").iterdir() if p.is_dir()]) == 2


def test_the_same_files_elsewhere_show_their_own_place(data_copy: Path, tmp_path: Path, cache: Path) -> None:
    """Pages name their data file ("Data file: …/groups/rwssh.yml"): the same bytes in another
    folder are other pages, not the stored ones."""
    import shutil

    other = Path(shutil.copytree(data_copy, tmp_path / "elsewhere" / "data"))
    assert build(data_copy, tmp_path / "one", search=False, languages=["en"]) == 0
    assert build(other, tmp_path / "two", search=False, languages=["en"]) == 0
    page = (tmp_path / "two" / "groups" / "rwssh" / "index.html").read_text(encoding="utf-8")
    assert "elsewhere" in page and str(data_copy) not in page


def test_an_unchanged_archive_finds_its_round_pdfs_without_their_html(data_copy: Path, tmp_path: Path, cache: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from twg.outputs import report_pdf

    assert build(data_copy, tmp_path / "cold", search=False, pdf=True, languages=["en"]) == 0
    monkeypatch.setattr(report_pdf, "round_html", lambda *a, **k: pytest.fail("a report's HTML was rendered again"))
    assert build(data_copy, tmp_path / "warm", search=False, pdf=True, languages=["en"]) == 0
    cold = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*.pdf"))
    assert cold and cold == sorted(p.relative_to(tmp_path / "warm") for p in (tmp_path / "warm").rglob("*.pdf"))
    assert all((tmp_path / "cold" / p).read_bytes() == (tmp_path / "warm" / p).read_bytes() for p in cold)
