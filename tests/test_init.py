"""`twg init`: the files of a new site repository (the build from an installed wheel is in
tests/test_package.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from twg.cli.init import InitError, Starter, init_site, repository_url
from twg.cli.main import main as twg
from twg.data.dataset import load_dataset

ROOT = Path(__file__).resolve().parent.parent
LAOS = dict(
    country="Lao PDR", coordinator="Department of International Cooperation, Ministry of Planning and Investment",
    coordinator_short="DIC", group_term="Sector Working Group", round_term="Round Table Meeting",
    committee="National Steering Committee on the Round Table Process", languages=["en", "lo"],
    title="Lao PDR Sector Working Groups (example)",
)
# What examples/laos keeps exactly as `twg init` wrote it (the rest is its own data and pages).
AS_WRITTEN = [".github/workflows/pull-request.yml", ".github/workflows/deploy.yml", ".github/workflows/publish-round.yml",
              ".vscode/settings.json", ".vscode/extensions.json", ".gitignore", "mkdocs.yml", "macros/__init__.py",
              "requirements.txt", "content/guidelines/index.md", "data/rounds.yml"]


def test_a_new_site_validates_and_names_what_it_was_given(tmp_path: Path) -> None:
    starter = Starter(country='Côte d\'Ivoire: "Nord"', coordinator="Ministère # du Plan", group_term="Groupe sectoriel",
                      round_term="Revue conjointe", languages=["en"], today=dt.date(2026, 3, 1))
    init_site(tmp_path / "site", starter)
    ds = load_dataset(tmp_path / "site" / "data")  # quotes, colons and '#' survive as text
    assert str(ds.site.country) == 'Côte d\'Ivoire: "Nord"' and str(ds.site.coordinator_name) == "Ministère # du Plan"
    assert (str(ds.site.terms.groups), str(ds.site.terms.group_short), str(ds.site.terms.round_short)) == ("Groupe sectoriels", "GS", "RC")
    example = ds.group("example")
    assert "not a real group" in str(example.name) and example.meetings[0].when.iso == "2026-03-01"
    assert "EXAMPLE" in (tmp_path / "site/data/groups/example.yml").read_text(encoding="utf-8").splitlines()[1]


def test_the_site_gets_the_pinned_generator_and_the_editor_setup(tmp_path: Path) -> None:
    init_site(tmp_path / "s", Starter(country="X", coordinator="Y"))
    requirement = (tmp_path / "s/requirements.txt").read_text(encoding="utf-8").strip().splitlines()[-1]
    from twg import __version__

    assert requirement == f"twg-site @ git+{repository_url()}@v{__version__}"
    assert (tmp_path / "s/.vscode/extensions.json").is_file() and (tmp_path / "s/.gitignore").read_text().startswith("/site/")
    config = yaml.load((tmp_path / "s/mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for key in ("theme", "markdown_extensions", "validation", "plugins"):  # this repository's site is such a site
        assert config[key] == ours[key], key
    readme = (tmp_path / "s/README.md").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in readme and "twg validate && .venv/bin/twg build" in readme


def test_yamllint_passes_on_a_new_site(tmp_path: Path) -> None:
    init_site(tmp_path / "s", Starter(country="X", coordinator="Y", languages=["en", "km"]))
    done = subprocess.run([str(Path(sys.executable).parent / "yamllint"), "--strict", "-c", str(ROOT / ".yamllint"), "data", ".github"],
                          cwd=tmp_path / "s", capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize(("change", "message"), [({"languages": ["en", "fr"]}, "'fr' has no interface translation"), ({"languages": ["en", "en"]}, "once each")])
def test_wrong_options_are_refused(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(InitError, match=message):
        init_site(tmp_path / "s", Starter(country="X", coordinator="Y", **change))
    assert not (tmp_path / "s").exists()


def test_it_never_writes_into_a_folder_that_holds_anything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "notes.txt").write_text("mine", encoding="utf-8")
    assert twg(["init", str(tmp_path / "s"), "--country", "X", "--coordinator", "Y"]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "s").iterdir()] == ["notes.txt"]
    assert twg(["init", str(tmp_path / "empty"), "--country", "X", "--coordinator", "Y", "--languages", "en,km"]) == 0


def test_the_lao_example_is_what_twg_init_writes(tmp_path: Path) -> None:
    init_site(tmp_path / "laos", Starter(**LAOS))  # type: ignore[arg-type]
    for rel in AS_WRITTEN:
        written = (tmp_path / "laos" / rel).read_text(encoding="utf-8")
        kept = (ROOT / "examples/laos" / rel).read_text(encoding="utf-8")
        assert kept == written.replace("# The coordination rounds", "# No Round Table Meeting reports are recorded in this example.\n# The coordination rounds", 1) if rel == "data/rounds.yml" else kept == written, rel
    assert not (ROOT / "examples/laos/data/groups/example.yml").exists()  # replaced by its real data
