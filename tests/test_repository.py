"""The repository itself: nothing half-merged is ever committed."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_no_merge_conflict_markers_in_tracked_files() -> None:
    # A rebase resolved with `git add -A` once published "<<<<<<< HEAD" on every group page.
    found = subprocess.run(["git", "grep", "-n", "-I", "-E", r"^(<{7}|>{7}) |^={7}$", "--", "."],
                           cwd=ROOT, capture_output=True, text=True)
    assert found.returncode == 1, found.stdout  # git grep exits 1 when nothing matches
