"""`twg synth` writes valid, deterministic archives; they build; the benchmark runs end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from twg.cli.main import main as twg
from twg.data.dataset import load_dataset
from twg.cli.synth import PROJECT_DATA, synthesise

from conftest import ROOT, build


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yml"))}


def test_synth_is_valid_deterministic_and_builds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert twg(["synth", "--out", str(data), "--groups", "3", "--years", "2", "--meetings-per-year", "4", "--seed", "5"]) == 0
    assert twg(["validate", "--data", str(data)]) == 0
    ds = load_dataset(data)
    assert len(ds.groups) == 3 and len(ds.rounds) == 4
    assert sum(len(g.meetings) for g in ds.groups) == 24
    assert all(len(g.reports) == 4 and len(g.action_plans) == 2 for g in ds.groups)
    assert ds.site.languages == ("en", "km")
    text = (data / "groups" / "g01.yml").read_text(encoding="utf-8")
    assert "km: " in text and any("\u1780" <= ch <= "\u17ff" for ch in text)  # some Khmer translations

    # Same seed, same bytes (rewriting its own directory is allowed); another seed differs.
    before = _files(data)
    synthesise(data, 3, 2, 4, seed=5)
    assert _files(data) == before
    other = tmp_path / "other"
    synthesise(other, 3, 2, 4, seed=6)
    assert _files(other) != before

    # A real build with the search index (conftest.build leaves out round PDFs: they have their own tests).
    site = tmp_path / "site"
    assert build(data, site) == 0
    for g in ds.groups:
        assert (site / "groups" / g.id / "index.html").is_file()
        for m in g.meetings:
            assert (site / "groups" / g.id / "meetings" / m.slug / "index.html").is_file()
    assert (site / "km" / "groups" / "g01" / "index.html").is_file()
    assert any((site / "pagefind").glob("pagefind-entry.json"))


def test_synth_refuses_the_project_data_and_foreign_directories(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="project's data directory"):
        synthesise(PROJECT_DATA, 1, 1, 1)
    with pytest.raises(ValueError, match="project's data directory"):
        synthesise(PROJECT_DATA / "groups", 1, 1, 1)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    assert twg(["synth", "--out", str(foreign), "--groups", "1", "--years", "1", "--meetings-per-year", "1"]) == 2
    assert (foreign / "notes.txt").read_text() == "keep me" and not (foreign / "site.yml").exists()


def test_bench_smoke_runs_every_step(tmp_path: Path) -> None:
    """The benchmark's steps work (no timing is asserted: CI machines vary)."""
    work = tmp_path / "bench"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench.py"), "--smoke", "--work", str(work)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,  # four builds of each kind, Hugo, serve: minutes on a loaded machine
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    results = json.loads((work / "bench.json").read_text(encoding="utf-8"))
    # Cold (empty caches) and warm builds, without and with the round PDFs (4 rounds x 2 languages).
    for variant in ("cold, no PDFs", "warm, no PDFs", "cold, PDFs", "warm, PDFs"):
        assert f"| twg build smoke {variant} | 24 |" in out
        ours = results["builds"][f"smoke {variant}"]
        assert ours["meetings"] == 24 and ours["pages"] > 2 * 24 and ours["peak_rss_mb"] > 0
        assert ours["pdfs"] == (8 if variant.endswith(", PDFs") else 0)
    assert results["machine"]["nproc"] >= 1
    assert results["serve"]["edit_to_page_s"] > 0  # the edit reached the served page
    assert {t["target"].split(" <=")[0] for t in results["targets"]} >= {"cold full build with PDFs", "warm full build", "peak RSS", "site", "serve edit loop"}
    assert "- met: site <= 250 MB" in out  # the tiny archive is well within (the verdicts are printed)
    if shutil.which("hugo"):
        assert results["hugo"]["smoke"]["pages"] > 2 * 24  # every meeting in every language, like ours
        assert out.strip().splitlines()[-1].startswith("ratio_vs_hugo=")
