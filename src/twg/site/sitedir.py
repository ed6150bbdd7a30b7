"""Where `twg build` may write, and how it replaces a published site safely.

- The site directory is never the data directory, content/ or the project's root, never
  contains one of them, and never sits inside the data directory or content/ (a build
  replaces its whole site directory: pointed at data/ it would delete every data file).
- An existing directory is replaced only when it is empty or `twg build` wrote it (a
  marker file, MARKER, written into every site it publishes).
- One build at a time per site directory (a lock file named by its path, in the temporary
  folder): two builds cannot interleave their renames.
- Staging folders of a build that was killed are removed by the next build of that site.
- Everything published is readable by others: tempfile.mkdtemp makes 0700 folders, which a
  web server running as another user cannot read (403 for a whole language).
Failures are SiteDirError with a one-line message; the caller prints it.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MARKER = ".twg-site"
_MARKER_TEXT = "This folder was written by `twg build`; the next build replaces all of it.\n"
LOCK_WAIT_SECONDS = 600


class SiteDirError(Exception):
    """The site directory cannot be used or written; the message is one line."""


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_target(target: Path, *, data: Path, content: Path, root: Path) -> None:
    """Refuse a site directory that would overwrite or delete the project's own files."""
    target = target.resolve()
    named = {"the data directory": data.resolve(), "the pages folder (docs_dir)": content.resolve(), "the project folder": root.resolve()}
    for what, folder in named.items():
        if target == folder:
            raise SiteDirError(f"the site directory {target} is {what}; a build replaces its site directory, so choose another --site-dir")
        if folder.is_relative_to(target):
            raise SiteDirError(f"the site directory {target} contains {what} ({folder}); a build replaces its site directory, so choose another --site-dir")
    for what in ("the data directory", "the pages folder (docs_dir)"):
        if _within(target, named[what]):
            raise SiteDirError(f"the site directory {target} is inside {what} ({named[what]}); choose a --site-dir outside it")


def check_replaceable(target: Path) -> None:
    """An existing site directory may be replaced only if it is empty or a twg build wrote it."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise SiteDirError(f"{target} exists and is not a folder; choose another --site-dir")
    if not target.exists():
        return
    try:
        empty = not any(target.iterdir())
    except OSError as exc:
        raise SiteDirError(f"cannot read {target}: {exc.strerror}") from None
    if not empty and not (target / MARKER).is_file():
        raise SiteDirError(
            f"{target} is not empty and was not written by `twg build` (no {MARKER} file); "
            "choose another --site-dir, or empty or remove it yourself"
        )


def _lock_path(target: Path) -> Path:
    """In the temporary folder, named by the site directory's path: nothing is left beside
    the site (in the project, say), and a refused --site-dir gets no file at all."""
    digest = hashlib.sha256(str(target.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"twg-build-{digest}.lock"


@contextmanager
def locked(target: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the site directory's lock; a second build waits for the first (up to `wait` s)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SiteDirError(f"cannot write in {target.parent}: {exc.strerror}") from None
    try:  # read-only is enough for flock, and works on a lock file another user created
        fd = os.open(_lock_path(target), os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError as exc:
        raise SiteDirError(f"cannot create the lock file {_lock_path(target)}: {exc.strerror}") from None
    try:
        deadline, told = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise SiteDirError(f"cannot lock {_lock_path(target)}: {exc.strerror}") from None
                if time.monotonic() > deadline:
                    raise SiteDirError(f"another `twg build` of {target} has held its lock for {wait:.0f} s; try again when it has finished") from None
                if not told:
                    print(f"Waiting for another `twg build` of {target} to finish…", flush=True)
                    told = True
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _staging_prefix(target: Path) -> str:
    return f".{target.name}.build-"


def remove_stale(target: Path) -> list[Path]:
    """Remove what killed builds of this site left beside it (call while holding the lock)."""
    removed = []
    for prefix in (_staging_prefix(target), f".{target.name}.old-"):
        for path in target.parent.glob(prefix + "*"):
            if path.is_symlink() or not path.is_dir():
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def new_staging(target: Path, suffix: str = "") -> Path:
    """A fresh folder beside the target (same file system, so the final rename is atomic)."""
    try:
        return Path(tempfile.mkdtemp(prefix=_staging_prefix(target) + suffix, dir=target.parent))
    except OSError as exc:
        raise SiteDirError(f"cannot write in {target.parent}: {exc.strerror}") from None


def make_readable(folder: Path) -> None:
    """Folders rwxr-xr-x and files rw-r--r-- at least: a web server may run as another user."""
    for dirpath, _dirnames, filenames in os.walk(folder):
        os.chmod(dirpath, stat.S_IMODE(os.stat(dirpath).st_mode) | 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) | 0o644)


def publish(staging: Path, target: Path) -> None:
    """Mark staging as ours, make it readable, and swap it in with two renames, so readers
    never see half a site; the previous site is removed afterwards."""
    check_replaceable(target)
    try:
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        make_readable(staging)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
        staging.rename(target)
    except OSError as exc:
        raise SiteDirError(f"cannot write {exc.filename or target}: {exc.strerror}") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
