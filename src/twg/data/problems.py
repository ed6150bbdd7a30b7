"""A located problem in a data file: the one shape every check reports in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


def field_name(path: tuple[str | int, ...]) -> str:
    """('reports', 1, 'activities', 0, 'status') -> 'reports[1].activities[0].status'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"
