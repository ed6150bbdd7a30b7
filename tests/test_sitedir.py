"""Issue 12, build safety: `twg build` never deletes or overwrites what it did not write,
never interleaves with itself, cleans up after killed builds, publishes readable files,
and says in one line (or with MkDocs' own warnings) why it could not build."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONFIG, DATA, ROOT, build
from twg.site import sitedir


@pytest.fixture()
def small_data(tmp_path: Path) -> Path:
    """The real site.yml and rounds.yml with two real groups: a quick build."""
    data = tmp_path / "data"
    (data / "groups").mkdir(parents=True)
    for name in ("site.yml", "rounds.yml", "groups/rwssh.yml", "groups/gender.yml"):
        shutil.copy(DATA / name, data / name)
    return data


def twg_build(data: Path, site: Path, *extra: str, config: Path = CONFIG) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "twg.cli.main", "build", "--data", str(data), "--site-dir", str(site), "--config", str(config), "--no-pdf", "--no-search", *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )


def test_a_killed_build_is_cleaned_up_and_the_site_is_marked_and_readable(small_data: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    stale = [tmp_path / ".site.build-abc123", tmp_path / ".site.build-abc123-km-x9", tmp_path / ".site.old-4242"]
    for path in stale:
        (path / "groups").mkdir(parents=True)
    other = tmp_path / ".other.build-keep"  # another site's staging: not ours to remove
    other.mkdir()
    assert build(small_data, site, search=False) == 0
    assert not any(p.exists() for p in stale)
    assert other.exists()
    assert (site / sitedir.MARKER).is_file()
    for path in [site, *site.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o755 if path.is_dir() else 0o644
        assert mode & wanted == wanted, f"{path.relative_to(site)}: {oct(mode)}"
    assert stat.S_IMODE((site / "km").stat().st_mode) == 0o755  # was mkdtemp's 0700: 403 for the Khmer site
    # written by twg: the next build replaces it
    (site / "stale-page.html").write_text("old")
    assert build(small_data, site, search=False) == 0
    assert not (site / "stale-page.html").exists()


@pytest.mark.parametrize("where", ["data", "data-parent", "inside-data", "content", "root"])
def test_site_dir_never_deletes_data_content_or_the_project(small_data: Path, where: str) -> None:
    site = {"data": small_data, "data-parent": small_data.parent, "inside-data": small_data / "groups" / "site",
            "content": ROOT / "content", "root": ROOT}[where]
    before = sorted(p.name for p in small_data.rglob("*"))
    proc = twg_build(small_data, site)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    message = {"data": "is the data directory", "data-parent": "contains the data directory", "inside-data": "is inside the data directory",
               "content": "'docs_dir' should not be within the 'site_dir'", "root": "'docs_dir' should not be within the 'site_dir'"}[where]
    assert message in proc.stderr, proc.stderr
    assert sorted(p.name for p in small_data.rglob("*")) == before  # nothing removed, nothing left behind
    assert (ROOT / "content" / "index.md").is_file() and (ROOT / "mkdocs.yml").is_file()
    assert not list(ROOT.glob(".*.lock")) and not list(ROOT.glob(".*.build-*"))


def test_site_dir_checks_name_the_project_folder(tmp_path: Path) -> None:
    project, data = tmp_path / "project", tmp_path / "project" / "data"
    data.mkdir(parents=True)
    with pytest.raises(sitedir.SiteDirError, match="is the project folder"):
        sitedir.check_target(project, data=tmp_path / "d", content=tmp_path / "c", root=project)
    with pytest.raises(sitedir.SiteDirError, match="contains the project folder"):
        sitedir.check_target(tmp_path, data=Path("/srv/twg-data"), content=Path("/srv/twg-content"), root=project)
    sitedir.check_target(project / "site", data=data, content=project / "content", root=project)  # the usual place


def test_a_folder_twg_did_not_write_is_never_replaced(small_data: Path, tmp_path: Path) -> None:
    mine = tmp_path / "my-documents"
    mine.mkdir()
    (mine / "thesis.docx").write_text("years of work")
    proc = twg_build(small_data, mine)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith(f"twg build: {mine} is not empty and was not written by `twg build`")
    assert (mine / "thesis.docx").read_text() == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "my-documents"]  # no staging, no lock file


@pytest.mark.parametrize("site", ["/etc/hostname/site", "/proc/twg-site"])
def test_unwritable_places_get_one_line(small_data: Path, site: str) -> None:
    proc = twg_build(small_data, Path(site))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("twg build: cannot write"), proc.stderr


def test_two_builds_of_one_site_cannot_interleave(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with sitedir.locked(site):
        with pytest.raises(sitedir.SiteDirError, match="has held its lock"):
            with sitedir.locked(site, wait=0.3):
                pass
    with sitedir.locked(site, wait=0.3):  # released with the first
        pass


def test_strict_failure_shows_mkdocs_warnings(small_data: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.move(small_data, project / "data")
    (project / "mkdocs.yml").write_text(
        f"INHERIT: {CONFIG}\ndocs_dir: content\n"
        f"plugins:\n  - twg:\n      data_dir: data\n  - macros:\n      module_name: {ROOT / 'macros'}\n      on_undefined: strict\n      on_error_fail: true\n"
        f"watch: [data, {ROOT / 'macros'}]\n"
    )
    (project / "content" / "about.md").write_text("# About\n\nSee [the missing page](missing-page.md).\n")
    small_data = project / "data"
    proc = twg_build(small_data, project / "site", config=project / "mkdocs.yml")
    assert proc.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in proc.stderr
    assert "contains a link 'missing-page.md'" in proc.stderr, proc.stderr  # the cause, not only the count
    assert "Traceback" not in proc.stderr
