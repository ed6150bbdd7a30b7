"""Load a YAML file into plain Python data plus a map of where each value is.

PyYAML's C composer builds the node tree (fast, and aliases stay shared nodes,
so an alias bomb costs nothing); we then convert nodes ourselves so that:
- every value's line is recorded (for 'file:line: field: message'),
- dates stay strings (the schema checks their form; Python checks the calendar),
- only true/false are booleans (YAML 1.2), so 'no' or 'on' stay text,
- duplicate keys, aliases, merge keys and custom tags are reported, not obeyed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from twg.data.problems import Problem, field_name

try:  # the C loader is ~10x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

_constructor = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"


@dataclass
class YamlDoc:
    """Parsed data with the line of every value and of every mapping key."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_, *, key: bool = False) -> int:
        """Line of the value (or its key) at path, else of its nearest ancestor."""
        if key and path in self.key_lines:
            return self.key_lines[path]
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


class _Converter:
    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.doc = YamlDoc(display, None)

    def problem(self, line: int, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.display, line, field_name(path), message))

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        line = node.start_mark.line + 1
        self.doc.lines[path] = line
        if id(node) in self.seen:
            # A repeated node object means an alias (*name): refuse rather than expand.
            self.problem(line, path, "YAML aliases (*name) are not allowed here; write the value out in full")
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path, line)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self.problem(line, path, f"unsupported YAML tag {node.tag}")
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, line)
        self.problem(line, path, "unsupported YAML node")  # pragma: no cover
        return None

    def mapping(self, node: yaml.MappingNode, path: Path_, line: int) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            self.problem(line, path, f"unsupported YAML tag {node.tag}")
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _TAG + "merge":
                self.problem(key_line, path, "YAML merge keys (<<) are not allowed; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_line, path, "a key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in first_line:
                self.problem(key_line, path + (key,), f"duplicate key '{key}' (first given on line {first_line[key]})")
                continue
            first_line[key] = key_line
            self.doc.key_lines[path + (key,)] = key_line
            out[key] = self.convert(value_node, path + (key,))
        return out

    def scalar(self, node: yaml.ScalarNode, path: Path_, line: int) -> Any:
        tag, value = node.tag, node.value
        if tag in (_TAG + "str", _TAG + "timestamp") or node.style:
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            low = value.lower()
            return low == "true" if low in ("true", "false") else value
        if tag == _TAG + "int":
            try:
                return _constructor.construct_yaml_int(node)
            except (ValueError, yaml.YAMLError):
                return value
        if tag == _TAG + "float":
            try:
                return _constructor.construct_yaml_float(node)
            except (ValueError, yaml.YAMLError):
                return value
        self.problem(line, path, f"unsupported YAML tag {tag}")
        return value


def _syntax_problem(display: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        context = f"{context} (started on line {context_mark.line + 1})"
    message = f"{context}, {problem}" if context else str(problem)
    if "\\t" in message or "'\\t'" in message or "tab" in message.lower():
        message += " (indent with spaces, not tabs)"
    return Problem(display, line, "YAML syntax", message)


def load_text(text: str, display: str) -> tuple[YamlDoc | None, list[Problem]]:
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [Problem(display, 1, "(file)", "the file is empty")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(display, exc)]
    if node is None:
        return None, [Problem(display, 1, "(file)", "the file is empty")]
    conv = _Converter(display)
    try:
        conv.doc.data = conv.convert(node, ())
    except RecursionError:
        return None, [Problem(display, node.start_mark.line + 1, "(file)", "nested too deeply to read")]
    return conv.doc, conv.problems


def load_file(path: Path, display: str | None = None) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse one file; never raises for bad content."""
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, "(file)", f"cannot read the file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, "(file)", "the file is not UTF-8 text; save it as UTF-8")]
    return load_text(text, display)
