"""twg.site (plugin and build runner) on the minimal fixture: a whole build in seconds."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from twg.site.build import build_site

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def test_the_minimal_set_builds_both_languages(tmp_path: Path) -> None:
    assert build_site(str(ROOT / "mkdocs.yml"), str(tmp_path / "site"), data=str(MINIMAL), search=False, pdf=False, quiet=True) == 0
    home = BeautifulSoup((tmp_path / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title.get_text().endswith("Minimal Working Groups")
    km = BeautifulSoup((tmp_path / "site/km/groups/alpha/index.html").read_text(encoding="utf-8"), "html.parser")
    assert km.html["lang"] == "km" and "អាល់ហ្វា" in km.get_text()
    assert (tmp_path / "site/groups/alpha/meetings/2/index.html").is_file()
    assert (tmp_path / "site/rounds/r2/index.html").is_file() and not (tmp_path / "site/rounds/r1/report.pdf").exists()


def test_a_broken_set_builds_nothing_and_keeps_the_old_site(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    assert build_site(str(ROOT / "mkdocs.yml"), str(site), data=str(MINIMAL.parent / "broken"), search=False, pdf=False, quiet=True) == 1
    assert "problem(s) found" in capsys.readouterr().err
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
