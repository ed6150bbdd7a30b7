"""A located problem in a data file: the one shape every check reports in."""

from __future__ import annotations

from dataclasses import dataclass

from twg.data.texthygiene import printable


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # Messages quote data (values, keys, file names): spelled out on one line, so no
        # value can forge a line of the report or reorder it with bidi controls.
        for name in ("path", "field", "message"):
            object.__setattr__(self, name, printable(getattr(self, name)))

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
