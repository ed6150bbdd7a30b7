"""How problems are printed: plain `file:line: field: message`, or GitHub annotations."""

from __future__ import annotations

import sys
from typing import Sequence, TextIO

from .problems import Problem


def _github_escape(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_problems(problems: Sequence[Problem], fmt: str = "text") -> str:
    if fmt == "github":
        # Workflow commands: each problem becomes an annotation on its file and line.
        return "\n".join(
            f"::error file={_github_escape(p.path)},line={p.line},title={_github_escape(p.field)}::{_github_escape(p.message)}"
            for p in problems
        )
    return "\n".join(str(p) for p in problems)


def report_problems(problems: Sequence[Problem], fmt: str = "text", out: TextIO | None = None) -> None:
    print(format_problems(problems, fmt), file=out or sys.stdout)
