"""The generator as an installable package: a wheel built from this tree, installed into a
fresh virtual environment, makes a new site with `twg init` and builds it, and builds the Lao
example, with no file of this repository in reach.

Offline: the wheel is built with the test environment's setuptools (--no-build-isolation), and
the fresh environment sees the test environment's installed dependencies through a .pth file
pointing at a folder of links to them (the editable twg-site left out), so pip installs the
wheel with --no-index and still checks its declared dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _run(cmd: list[str | Path], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv holding the wheel of this tree (and nothing else of it)."""
    tmp = tmp_path_factory.mktemp("package")
    source = tmp / "source"  # only what the wheel is built from: no stray files of the worktree
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp / "dist", source], tmp)
    wheel = next((tmp / "dist").glob("twg_site-*.whl"))

    deps = tmp / "deps"  # the test environment's packages, minus the editable twg-site
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        name = entry.name.lower()
        if "twg" in name or name.startswith("__editable__") or name.endswith(".pth") or name == "__pycache__":
            continue
        (deps / entry.name).symlink_to(entry)
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp)
    purelib = Path(_run([venv / "bin/python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).stdout.strip())
    (purelib / "test-deps.pth").write_text(str(deps) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", venv / "bin/python", "install", "-q", "--no-index", wheel], tmp)
    where = _run([venv / "bin/python", "-c", "import twg, twg.site.plugin; print(twg.__file__)"], tmp).stdout.strip()
    assert where.startswith(str(venv)), where  # the wheel's copy, not this worktree's
    return venv / "bin"


def test_twg_init_gives_a_new_country_a_site_that_builds(installed: Path, tmp_path: Path) -> None:
    site = tmp_path / "kenya"
    _run([installed / "twg", "init", site, "--country", "Republic of Kenya", "--coordinator", "National Treasury",
          "--group-term", "Sector Working Group", "--round-term", "Joint Review", "--languages", "en,km"], tmp_path)
    assert not (site / "overrides").exists() and not (site / "content/assets").exists()  # from the package
    assert {p.name for p in (site / ".github/workflows").iterdir()} == {"pull-request.yml", "deploy.yml", "publish-round.yml"}
    requirement = (site / "requirements.txt").read_text(encoding="utf-8")
    assert "twg-site @ git+https://" in requirement and "@v0." in requirement  # a tag of the repository, pinned
    config = yaml.load((site / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["plugins"][0] == {"twg": {"data_dir": "data"}}

    _run([installed / "twg", "validate"], site)
    _run([installed / "twg", "build", "--no-pdf"], site, timeout=600)
    home = BeautifulSoup((site / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Republic of Kenya Sector Working Groups" in home.title.get_text()
    assert home.select_one("link[href$='assets/twg.css']") and home.select_one("script[src$='assets/twg-search.js']")
    group = (site / "site/groups/example/index.html").read_text(encoding="utf-8")
    assert "Example Sector Working Group (not a real group)" in group
    assert (site / "site/groups/example/meetings/1/index.html").is_file()
    assert (site / "site/km/index.html").is_file() and (site / "site/pagefind/pagefind.js").is_file()
    assert (site / "site/search/index.html").is_file() and (site / "site/schema/group.schema.json").is_file()
    # A second init into the same folder refuses instead of overwriting the site.
    done = subprocess.run([str(installed / "twg"), "init", str(site), "--country", "x", "--coordinator", "y"], capture_output=True, text=True, env=ENV)
    assert done.returncode == 2 and "not an empty folder" in done.stderr


def test_the_lao_example_builds_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    example = tmp_path / "laos"
    shutil.copytree(ROOT / "examples/laos", example, ignore=shutil.ignore_patterns("site"))
    _run([installed / "twg", "build", "--no-pdf", "--no-search"], example, timeout=600)
    home = (example / "site/index.html").read_text(encoding="utf-8")
    assert "Sector Working Groups" in home and "Cambodia" not in home
    assert (example / "site/lo/groups/swg-network/index.html").is_file()
