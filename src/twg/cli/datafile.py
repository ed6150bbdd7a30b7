"""Reading and rewriting a data file for the editing tools (`twg new`, `twg round publish`).

The tools change only what they were asked to: the file must be an ordinary file inside the
data directory (no symbolic link, no path that leads out of it), and every byte they do not
edit stays as it was — a byte-order mark, CRLF line endings, comments and quoting included.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"


class DataFileError(Exception):
    """Refused: the message says why."""


@dataclass(frozen=True)
class TextFile:
    path: Path
    text: str  # without the byte-order mark; line endings as in the file
    bom: bool
    newline: str  # "\r\n" or "\n": what inserted lines end with


def inside(path: Path, data_dir: Path) -> Path:
    """path, if it lies inside data_dir without passing through a symbolic link."""
    root = data_dir.resolve()
    current = path if path.is_absolute() else Path.cwd() / path
    rel = os.path.relpath(os.path.abspath(current), os.path.abspath(data_dir))
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        raise DataFileError(f"{path} is outside the data directory {data_dir}; nothing was changed")
    walked = Path(os.path.abspath(data_dir))
    for part in Path(rel).parts:
        walked = walked / part
        if walked.is_symlink():
            raise DataFileError(f"{walked} is a symbolic link; the editing tools only change ordinary files inside {data_dir}")
    if not walked.resolve().is_relative_to(root):
        raise DataFileError(f"{path} is outside the data directory {data_dir}; nothing was changed")
    return walked


def read(path: Path, data_dir: Path) -> TextFile:
    path = inside(path, data_dir)
    if not path.is_file():
        raise DataFileError(f"{path} is not an ordinary file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataFileError(f"{path} is not UTF-8 text; run twg validate") from None
    bom = text.startswith(BOM)
    text = text.removeprefix(BOM)
    first_end = text.find("\n")
    newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
    return TextFile(path, text, bom, newline)


def write(file: TextFile, text: str) -> None:
    """Replace the file's content (BOM kept), atomically: readers never see half a file."""
    data = ((BOM if file.bom else "") + text).encode("utf-8")
    mode = file.path.stat().st_mode & 0o7777 if file.path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{file.path.name}.", dir=file.path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, file.path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create(path: Path, data_dir: Path, text: str) -> Path:
    """Write a new file; refuses if anything (a file, a link, even a dangling one) is there."""
    path = inside(path, data_dir)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        raise DataFileError(f"{path} already exists; edit it instead (nothing was changed)") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path
