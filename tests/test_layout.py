"""The package's layout shows the pipeline: only twg/site may import mkdocs."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "twg"
STAGES = ("data", "views", "render", "outputs", "site", "cli")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_site_stage_imports_mkdocs() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "site" and _imports(path) & {"mkdocs", "material", "mkdocs_macros"}
    ]
    assert offenders == []
    assert any("mkdocs" in _imports(p) for p in (PACKAGE / "site").glob("*.py"))  # the check sees imports


def test_every_module_belongs_to_a_stage() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(STAGES)


def test_no_merge_conflict_markers_are_committed() -> None:
    """A rebase resolved by hand once left `<<<<<<< HEAD` in a template, published as a heading."""
    root = PACKAGE.parent.parent
    tracked = [root / p for p in subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.splitlines()]
    marker = re.compile(r"^(<{7} |>{7} |={7}$)", re.M)
    offenders = [str(p.relative_to(root)) for p in tracked
                 if p.is_file() and p.suffix not in {".png", ".woff2", ".pdf"} and marker.search(p.read_text("utf-8", "replace"))]
    assert offenders == []
