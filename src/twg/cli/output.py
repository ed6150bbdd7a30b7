"""How problems are printed: plain `file:line: field: message`, GitHub
annotations, or a Markdown report (for a pull request's job summary)."""

from __future__ import annotations

import html
import sys
from typing import Sequence, TextIO

from twg.data.problems import Problem


def _github_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(s: str) -> str:
    # Properties (file=, title=) end at ',' and '::', so those are escaped too.
    return _github_data(s).replace(":", "%3A").replace(",", "%2C")


def _cell(s: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no column breaks, one line."""
    return html.escape(s, quote=False).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _table(items: Sequence[Problem], what: str) -> list[str]:
    return ["| File | Line | Field | " + what + " |", "|---|---:|---|---|"] + [
        f"| `{_cell(p.path)}` | {p.line} | `{_cell(p.field)}` | {_cell(p.message)} |" for p in items
    ]


def markdown_report(problems: Sequence[Problem], ok_line: str = "", warnings: Sequence[Problem] = ()) -> str:
    """A readable summary: what failed, where, and where to learn the fix; then what to look at."""
    if not problems:
        out = ["### ✅ Data check passed", "", _cell(ok_line)]
        if warnings:
            out += [
                "",
                f"#### ⚠️ {len(warnings)} warning(s): facts that look wrong",
                "",
                "The site builds, but check these against the source (`twg validate --strict` fails on them).",
                "",
            ] + _table(warnings, "Warning")
        return "\n".join(out) + "\n"
    files = sorted({p.path for p in problems})
    out = [
        f"### ❌ Data check found {len(problems)} problem(s) in {len(files)} file(s)",
        "",
        "Nothing was built. Fix each line below (open the file and go to the line), then commit again; "
        "the same problems are marked on the lines in the *Files changed* tab. "
        "CONTRIBUTING.md explains the usual messages.",
        "",
    ] + _table(problems, "Problem")
    return "\n".join(out) + "\n"


def format_problems(problems: Sequence[Problem], fmt: str = "text") -> str:
    if fmt == "github":
        # Workflow commands: each problem becomes an annotation on its file and line.
        return "\n".join(
            f"::error file={_github_property(p.path)},line={p.line},title={_github_property(p.field)}::{_github_data(p.message)}"
            for p in problems
        )
    if fmt == "markdown":
        return markdown_report(problems)
    return "\n".join(str(p) for p in problems)


def format_warnings(warnings: Sequence[Problem], fmt: str = "text") -> str:
    """Warnings: like problems, marked as warnings (GitHub shows them as yellow annotations)."""
    if fmt == "github":
        return "\n".join(
            f"::warning file={_github_property(p.path)},line={p.line},title={_github_property(p.field)}::{_github_data(p.message)}"
            for p in warnings
        )
    return "\n".join(f"{p.path}:{p.line}: {p.field}: warning: {p.message}" for p in warnings)


def report_problems(problems: Sequence[Problem], fmt: str = "text", out: TextIO | None = None) -> None:
    print(format_problems(problems, fmt), file=out or sys.stdout)
