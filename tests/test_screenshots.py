"""`twg screenshots`: real Chromium pictures of the pages a change touches, before and after,
at 360 and 1280 px, with the list the pull request's summary shows."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CHROMIUM

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
BIN = Path(sys.executable).parent


def _page(folder: Path, path: str, body: str) -> None:
    target = folder / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width'>"
                      f"<style>body{{font:20px sans-serif;margin:0}} p{{padding:1em}}</style></head><body>{body}</body></html>", encoding="utf-8")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_before_and_after_pictures_of_changed_pages(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `bash scripts/run.sh test`, which installs it")
    base, head, out = tmp_path / "base", tmp_path / "head", tmp_path / "shots"
    _page(base, "", "<p>Home</p>")
    _page(head, "", "<p>Home</p>")
    _page(base, "groups/rwssh", "<p style='background:#cfc'>National forum: On schedule</p>")
    _page(head, "groups/rwssh", "<p style='background:#fcc'>National forum: Behind schedule</p>" + "<p>More</p>" * 40)
    _page(head, "rounds/gdcc-16", "<p>16th GDCC</p>")
    changes = tmp_path / "changes.json"  # as `twg changes --format json` writes it
    changes.write_text(json.dumps({"changes": [{"url": "groups/rwssh/"}, {"url": "rounds/gdcc-16/"}, {"url": "groups/rwssh/"}]}))
    summary = tmp_path / "summary.md"
    # As the workflow runs it (and in its own process: Playwright's sync API allows one per thread).
    done = subprocess.run([str(BIN / "twg"), "screenshots", "--base-site", str(base), "--head-site", str(head), "--pages", "",
                           "--pages-from", str(changes), "--out", str(out), "--summary", str(summary)],
                          capture_output=True, text=True, timeout=300, env=os.environ | {"TWG_CHROMIUM": CHROMIUM})
    assert done.returncode == 0, done.stderr
    for side in ("before", "after"):
        for width in (360, 1280):
            assert _png_size(out / f"groups_rwssh.{side}.{width}.png")[0] == width
    # The whole page, not the window: the longer "after" page gives a taller picture.
    assert _png_size(out / "groups_rwssh.after.360.png")[1] > _png_size(out / "groups_rwssh.before.360.png")[1] > 0
    assert (out / "groups_rwssh.before.360.png").read_bytes() != (out / "groups_rwssh.after.360.png").read_bytes()
    assert (out / "home.before.1280.png").read_bytes() == (out / "home.after.1280.png").read_bytes()
    assert not (out / "rounds_gdcc-16.before.360.png").exists()
    text = summary.read_text()
    assert "| `/groups/rwssh/` | `groups_rwssh.before.360.png` | `groups_rwssh.after.360.png` | `groups_rwssh.before.1280.png` | `groups_rwssh.after.1280.png` |" in text
    assert "| `/rounds/gdcc-16/` | new page | `rounds_gdcc-16.after.360.png` | new page | `rounds_gdcc-16.after.1280.png` |" in text
    index = (out / "index.html").read_text()
    assert 'src="groups_rwssh.after.1280.png"' in index and "(no such page)" in index
