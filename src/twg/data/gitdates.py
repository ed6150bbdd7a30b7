"""When was each data file last changed? Read from git history, once per build.

One `git log` over the data directory gives every file's latest commit (the
first time a file appears, newest first), so the cost does not grow with the
number of pages (and it is read once per commit, not once per
language). Outside a git checkout, without git, or in a shallow clone
(where the oldest fetched commit seems to touch every file) there are no dates:
pages then simply show none.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Iterable


_cache: dict[tuple[str, frozenset[Path]], dict[Path, dt.date]] = {}


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def last_changed(files: Iterable[str | Path]) -> dict[Path, dt.date]:
    """{resolved path: UTC date of the last commit touching it} for the files git knows."""
    wanted = {Path(f).resolve() for f in files}
    if not wanted:
        return {}
    common = Path(os.path.commonpath([str(p.parent) for p in wanted]))
    info = (_git(common, "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD") or "").split("\n")
    if len(info) < 3 or info[1] != "false":
        return {}  # not in git, no commit yet, or shallow
    root, head = Path(info[0]).resolve(), info[2]
    key = (head, frozenset(wanted))
    if key in _cache:  # one build renders each language: the history is read once
        return _cache[key]
    # %x00 marks each commit; --name-only then lists its files, relative to the top.
    log = _git(root, "-c", "core.quotePath=false", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", str(common))
    if log is None:
        return {}
    dates: dict[Path, dt.date] = {}
    when: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("\0"):
            when = dt.datetime.fromtimestamp(int(line[1:]), dt.timezone.utc).date()
        elif line and when is not None:
            path = (root / line).resolve()
            if path in wanted and path not in dates:
                dates[path] = when
    _cache[key] = dates
    return dates
