"""MkDocs' own warnings, kept for the message when a strict build fails.

In strict mode MkDocs counts warnings and ends with "Aborted with N warnings in strict
mode!": the warnings themselves go to its logger, which prints nothing when MkDocs is
called as a library. This keeps them, so a failed build says what went wrong.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator


class BuildFailed(Exception):
    """A language's build failed; the message holds MkDocs' warnings (picklable across processes)."""


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(f"{record.levelname} - {record.getMessage()}")
        except Exception:  # noqa: BLE001 - a malformed record must not hide the failure
            self.lines.append(f"{record.levelname} - {record.msg!r}")


@contextmanager
def explained(what: str) -> Iterator[None]:
    """Run a build; if it raises, raise BuildFailed listing the warnings MkDocs logged."""
    keep = _Keep()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(keep)
    try:
        yield
    except BaseException as exc:  # noqa: BLE001 - SystemExit and Abort included: the caller reports one line per cause
        shown = "\n".join(f"  {line}" for line in keep.lines)
        raise BuildFailed(f"{exc}" + (f"\nMkDocs says ({what}):\n{shown}" if shown else "")) from None
    finally:
        logger.removeHandler(keep)
