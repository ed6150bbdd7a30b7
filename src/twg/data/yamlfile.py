"""Load a YAML file into plain Python data plus a map of where each value is.

PyYAML's C composer builds the node tree (fast, and aliases stay shared nodes,
so an alias bomb costs nothing); we then convert nodes ourselves so that:
- every value's line is recorded (for 'file:line: field: message'),
- scalars are read as YAML 1.2's core schema at most, and stricter: integers are
  plain decimal digits; octal, hex, binary, underscores and leading zeros (which
  YAML 1.1 readers, PyYAML included, turn into other numbers: 010 -> 8, 1:20 -> 80)
  are refused with what to write instead; NaN and infinity are refused anywhere,
- dates stay strings (the schema checks their form; Python checks the calendar),
- only true/false are booleans, so 'no' or 'on' stay text,
- duplicate keys, aliases, merge keys and every tag (!!str, !!python/..., quoted
  or not) are reported, not obeyed,
- control characters, unpaired surrogates and bidirectional embedding, override
  and isolate characters are reported at their line (text hygiene, see texthygiene.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from twg.data import texthygiene
from twg.data.problems import Problem, field_name

try:  # the C loader is ~10x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


class _Implicit(str):
    """A node kind chosen by the resolver: the file wrote no tag. A tag written in the file
    (even a verbatim `!<...>` spelling one of these) reaches the converter as a plain str."""


_PLAIN, _QUOTED, _SEQ, _MAP = _Implicit("plain"), _Implicit("quoted"), _Implicit("seq"), _Implicit("map")


class _Loader(_BaseLoader):
    """The composer asks the resolver only for untagged nodes; we type scalars ourselves."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:  # noqa: ARG002
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return _SEQ if kind is yaml.SequenceNode else _MAP


_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_BASED = re.compile(r"[-+]?0(?:[xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)")
_UNDERSCORE = re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)")
# Larger integers lose digits in JavaScript and in many JSON readers of the downloads.
MAX_INT = 2**53 - 1


def _number_hint(value: str) -> str | None:
    """Why a plain scalar that some YAML reader takes for a number is refused, or None."""
    text = value.strip()
    if _LEADING_ZERO.fullmatch(text):
        digits = text.lstrip("+-").lstrip("0") or "0"
        sign = "-" if text.startswith("-") else ""
        octal = f" (YAML 1.1 readers take it as the octal number {int(text, 8)})" if re.fullmatch(r"[-+]?[0-7]+", text) else ""
        return f"'{text}' has a leading zero{octal}; write {sign}{digits} for the number, or put it in quotes ('{text}') if it is a code"
    if _BASED.fullmatch(text):
        base = {"x": "a hexadecimal", "o": "an octal", "b": "a binary"}[text.lstrip("+-")[1].lower()]
        try:
            decimal = f" ({int(text.replace('_', ''), 0)})"
        except ValueError:
            decimal = ""
        return f"'{text}' is {base} number in YAML; write the number in decimal digits{decimal}, or put it in quotes if it is text"
    if _UNDERSCORE.fullmatch(text):
        return f"'{text}': write numbers without '_' separators ({text.replace('_', '')}), or put it in quotes if it is text"
    if _NOT_FINITE.fullmatch(text):
        return f"'{text}' (not-a-number or infinity) is not allowed; leave the field empty for 'no data', or put the text in quotes"
    return None

@dataclass
class YamlDoc:
    """Parsed data with the line of every value and of every mapping key."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)
    has_float: bool = False  # a float anywhere: the schema check must tell 7.0 from 7 (schemas.py)
    flow: set[Path_] = field(default_factory=set)  # mappings written inline, {a: 1, b: 2}
    blocks: set[Path_] = field(default_factory=set)  # values written as block scalars (| or >)
    links: list[tuple[Path_, int, str]] = field(default_factory=list)  # Markdown links: (path, line, target)

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
    def __init__(self, display: str, *, spans: bool = False) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.doc = YamlDoc(display, None)
        # (start, end) character offsets of each scalar: kept only to place rejected characters
        self.spans: list[tuple[int, int, Path_]] | None = [] if spans else None

    def problem(self, line: int, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.display, line, field_name(path), message))

    def tag_problem(self, node: yaml.Node, path: Path_) -> None:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        self.problem(node.start_mark.line + 1, path, f"YAML tags such as '{tag}' are not allowed; remove the tag and write the value itself (in quotes if it is text)")

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
            if node.tag is not _SEQ:
                self.tag_problem(node, path)
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, line)
        self.problem(line, path, "unsupported YAML node")  # pragma: no cover
        return None

    def mapping(self, node: yaml.MappingNode, path: Path_, line: int) -> dict[str, Any]:
        if node.tag is not _MAP:
            self.tag_problem(node, path)
        if node.flow_style:
            self.doc.flow.add(path)
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_line, path, "a key must be a plain name, not a list or mapping")
                continue
            if key_node.tag is _PLAIN and key_node.value == "<<":
                self.problem(key_line, path, "YAML merge keys (<<) are not allowed; write the fields out")
                continue
            key = str(key_node.value)
            if key_node.tag not in (_PLAIN, _QUOTED):
                self.tag_problem(key_node, path + (key,))
            if self.spans is not None:
                self.spans.append((key_node.start_mark.index, key_node.end_mark.index, path + (key,)))
            bad = texthygiene.first_bad_char(key, in_key=True)
            if bad is not None:
                self.problem(key_line, path + (texthygiene.printable(key),), texthygiene.describe(bad) + " in a field name")
                continue
            if key in first_line:
                self.problem(key_line, path + (key,), f"duplicate key '{key}' (first given on line {first_line[key]})")
                continue
            first_line[key] = key_line
            self.doc.key_lines[path + (key,)] = key_line
            out[key] = self.convert(value_node, path + (key,))
        return out

    def scalar(self, node: yaml.ScalarNode, path: Path_, line: int) -> Any:
        tag, value = node.tag, node.value
        if self.spans is not None:
            self.spans.append((node.start_mark.index, node.end_mark.index, path))
        bad = texthygiene.first_bad_char(value)
        if bad is not None:  # written as an escape ("\0", "\u202e"): raw ones were reported already
            self.problem(line, path, texthygiene.describe(bad) + " (written as an escape in quotes)")
        if tag is _QUOTED:
            if node.style in ("|", ">"):
                self.doc.blocks.add(path)
            return value
        if tag is not _PLAIN:
            self.tag_problem(node, path)
            return value
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.fullmatch(value):
            if len(value) > 20 or abs(int(value)) > MAX_INT:
                self.problem(line, path, f"the number {value[:24]}{'…' if len(value) > 24 else ''} is too large (at most {MAX_INT}); put it in quotes if it is text")
                return value
            return int(value)
        hint = _number_hint(value)
        if hint is not None:
            self.problem(line, path, hint)
            return value
        if _FLOAT.fullmatch(value):
            number = float(value)
            if not math.isfinite(number):
                self.problem(line, path, f"the number {value[:24]} is too large; put it in quotes if it is text")
                return value
            self.doc.has_float = True
            return number
        return value  # everything else is text (YAML 1.2: '1:20', 'yes', '2009-09-01' stay as written)


def _syntax_problem(display: str, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line = mark.line + 1
    elif isinstance(getattr(exc, "position", None), int):  # a ReaderError: an offset, no mark
        line = text.count("\n", 0, exc.position) + 1  # type: ignore[attr-defined]
    else:
        line = 1
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        context = f"{context} (started on line {context_mark.line + 1})"
    message = f"{context}, {problem}" if context else str(problem)
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    if at_tab or "'\\t'" in message or re.search(r"\btabs?\b", message):
        message += " (indent with spaces, not tabs)"
    return Problem(display, line, "YAML syntax", message)


def _innermost(spans: list[tuple[int, int, Path_]], offset: int) -> Path_ | None:
    best: tuple[int, Path_] | None = None
    for start, end, path in spans:
        if start <= offset < end and (best is None or end - start <= best[0]):
            best = (end - start, path)
    return best[1] if best else None


_MAX_CHAR_PROBLEMS = 20  # per file; a pasted binary would otherwise list thousands


def _char_problems(display: str, text: str, raw: list[tuple[int, str]], spans: list[tuple[int, int, Path_]]) -> list[Problem]:
    out = []
    for offset, ch in raw[:_MAX_CHAR_PROBLEMS]:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        path = _innermost(spans, offset)
        name = field_name(path) if path else "(file)"
        out.append(Problem(display, line, name, f"{texthygiene.describe(ch)} (column {column})"))
    if len(raw) > _MAX_CHAR_PROBLEMS:
        out.append(Problem(display, out[-1].line, "(file)", f"{len(raw) - _MAX_CHAR_PROBLEMS} more such characters"))
    return out


def load_text(text: str, display: str) -> tuple[YamlDoc | None, list[Problem]]:
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [Problem(display, 1, "(file)", "the file is empty")]
    raw = list(texthygiene.find_raw(text))
    if raw:  # libyaml refuses most of them without a line; read the rest and report each at its field
        text = texthygiene.blank_out(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, _char_problems(display, text, raw, []) + [_syntax_problem(display, exc, text)]
    except RecursionError:
        return None, [Problem(display, 1, "(file)", "nested too deeply to read")]
    if node is None:
        return None, [Problem(display, 1, "(file)", "the file is empty")]
    conv = _Converter(display, spans=bool(raw))
    try:
        conv.doc.data = conv.convert(node, ())
    except RecursionError:
        return None, [Problem(display, node.start_mark.line + 1, "(file)", "nested too deeply to read")]
    return conv.doc, _char_problems(display, text, raw, conv.spans or []) + conv.problems


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
