"""Issue 12: property tests that mutate the real data files (Hypothesis).

- Whatever an editor writes into a real data file (random scalars, Unicode with control and
  bidi characters, YAML 1.1 numbers, tags, broken structure), `twg validate` answers 0 or 1
  within a time bound, prints one line per problem and never a traceback.
- Whenever it answers 0, the built site holds no script element, event handler or link
  scheme outside the allow-list that came from the data.

Deterministic (derandomize, no example database) and bounded, so CI runs the same examples.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xss
from conftest import DATA, build
from twg.cli.main import main
from twg.data import texthygiene
from twg.data.yamlfile import load_file

FILES = ("site.yml", "rounds.yml", "groups/rwssh.yml", "groups/gender.yml", "groups/aw.yml")
TIME_BOUND = 20.0  # seconds for one `twg validate` of the subset (about 0.5 s on a busy 2-core machine)
SETTINGS = dict(derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))

# Scalars that YAML 1.1 habits, hostile editors and copy-paste produce.
HOSTILE_SCALARS = [
    "010", "0x10", "0o7", "0b11", "1_000", "1:20", "7.0", ".nan", "-.inf", "1e400", "99999999999999999999", "~", "null",
    "yes", "no", "on", "True", "2009-02-30", "0000-01-01", "2009-9-1", "'2009'", '"\\x00"', '"\\u202e"', '"\\ud800"',
    "!!python/object/apply:os.system ['id']", '!!python/name:os.system ""', "!!str 3", "!custom x", "&a x", "*a", "<<: {a: 1}",
    "[1, 2", "{a: 1", "|", ">-", "- x", "? x", "@x", "`x`", "%x", "'unclosed", '"unclosed', "\t", "a: b: c",
    '"[x](javascript:alert(1))"', '"<script>alert(1)</script>"', '"index"', '"../../etc/passwd"', '"rwssh\\n"',
]
# Characters an attacker or a bad paste brings: controls, bidi, separators, surrogate-like, markup.
ALPHABET = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from(list("\x00\x07\x1b\x7f\x85\u200e\u202a\u202e\u2066\u2069\u2028\ufeff\ufffe<>&\"'`*_[](){}#|!:=\\\n\t ")),
)
TEXT = st.text(ALPHABET, max_size=40)


def _subset(into: Path) -> Path:
    data = into / "data"
    (data / "groups").mkdir(parents=True)
    for name in FILES:
        shutil.copy(DATA / name, data / name)
    return data


def _leaf_paths(node: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [path] + [p for k, v in node.items() for p in _leaf_paths(v, path + (k,))]
    if isinstance(node, list):
        return [path] + [p for i, v in enumerate(node) for p in _leaf_paths(v, path + (i,))]
    return [path]


VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True), TEXT,
              st.sampled_from(["gdcc-15", "rwssh", "2009-09-01", "on_schedule", "cdc-2009-progress", "en", "km"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["id", "title", "en", "km", "x", "status", "number"]), inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str]:
    """(file, new text): one real data file with one edit an editor could make."""
    name = draw(st.sampled_from(FILES))
    text = (DATA / name).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    kind = draw(st.sampled_from(["scalar", "text", "value", "delete", "duplicate", "indent", "insert"]))
    i = draw(st.integers(0, len(lines) - 1))
    if kind in ("scalar", "text") and ":" in lines[i]:
        key = lines[i].split(":", 1)[0]
        new = draw(st.sampled_from(HOSTILE_SCALARS)) if kind == "scalar" else '"' + draw(TEXT).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        lines[i] = f"{key}: {new}\n"
    elif kind == "value":  # a well-formed document with one value replaced: reaches the cross-file checks
        data = load_file(DATA / name)[0].data  # type: ignore[union-attr]
        path = draw(st.sampled_from(_leaf_paths(data)[1:]))
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = draw(VALUES)
        return name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    elif kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "indent":
        lines[i] = draw(st.sampled_from(["", " ", "  ", "\t", "      "])) + lines[i].lstrip(" ")
    else:
        lines.insert(i, draw(TEXT) + "\n")
    return name, "".join(lines)


def _validate(data: Path) -> tuple[int, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", "--data", str(data)])
    return code, out.getvalue() + err.getvalue(), time.perf_counter() - started


@settings(max_examples=60, **SETTINGS)
@given(mutation())
def test_validate_answers_every_mutation_with_located_problems(edit: tuple[str, str]) -> None:
    name, text = edit
    with tempfile.TemporaryDirectory() as tmp:
        data = _subset(Path(tmp))
        (data / name).write_text(text, encoding="utf-8")
        code, output, seconds = _validate(data)  # an exception here is the traceback an editor would see
    assert code in (0, 1), output
    assert seconds < TIME_BOUND
    assert "Traceback" not in output
    for line in output.splitlines():
        # one problem per line, nothing that reorders or forges the terminal's output
        assert not any(ch in line for ch in "\x00\x1b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\r"), repr(line)
    if code == 1:  # located problems (in the edited file, or in one that relies on what it held)
        assert any(".yml:" in line for line in output.splitlines()), output


FIELDS = [  # text fields of the real data where an editor's words are shown on pages
    ("groups/rwssh.yml", ("sector",)), ("groups/rwssh.yml", ("name", "en")), ("groups/rwssh.yml", ("short_name",)),
    ("groups/rwssh.yml", ("action_plans", 0, "activities", 0, "title")), ("groups/rwssh.yml", ("reports", 1, "activities", 0, "reason")),
    ("groups/rwssh.yml", ("reports", 1, "progress")), ("groups/rwssh.yml", ("meetings", 0, "summary")),
    ("groups/gender.yml", ("name", "en")), ("site.yml", ("title", "en")), ("site.yml", ("country", "en")),
    ("site.yml", ("sources", 0, "title")), ("rounds.yml", ("rounds", 2, "title")), ("rounds.yml", ("rounds", 2, "summary")),
]
MARKUP = st.sampled_from([
    "<script>twgxss(1)</script>", "<img src=x onerror=twgxss(2)>", '"><svg onload=twgxss(3)>', "[l](javascript:twgxss(4))",
    "![i](javascript:twgxss(5))", "[p](//twgxss.example/)", "[b](/\\twgxss.example)", "[e](java&#115;cript:twgxss(6))",
    "\n\n[m](javascript:twgxss(7))\n\n", "{: onclick=twgxss(8) }", "<a href='javascript:twgxss(9)'>x</a>", "{{ twgxss }}",
    "[ok](https://example.org/twgxss)", "*twgxss*", "`twgxss`", "&lt;script&gt;twgxss", "\u202etwgxss",
])


MARKDOWN_FIELDS = {"progress", "summary"}


def _apply(data: Path, edits: list[tuple[int, str]]) -> None:
    docs: dict[str, Any] = {}
    for index, text in edits:
        name, path = FIELDS[index]
        doc = docs.setdefault(name, load_file(DATA / name)[0].data)  # type: ignore[union-attr]
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = f"{node.get(path[-1], '')} {text}"
    for name in FILES:
        if name in docs:
            (data / name).write_text(yaml.safe_dump(docs[name], allow_unicode=True, sort_keys=False), encoding="utf-8")
        else:
            shutil.copy(DATA / name, data / name)


@settings(max_examples=3, **SETTINGS)
@given(st.lists(st.tuples(st.sampled_from(range(len(FIELDS))), st.lists(st.one_of(MARKUP, TEXT), min_size=1, max_size=4).map("".join)), min_size=4, max_size=8))
def test_whenever_validate_passes_no_markup_from_data_is_published(edits: list[tuple[int, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = _subset(Path(tmp))
        _apply(data, edits)
        code, output, _ = _validate(data)
        assert code in (0, 1) and "Traceback" not in output
        if code == 1:
            # Refused (bad characters, unsafe links in Markdown fields): keep what validation
            # accepts, so every example builds: the plain fields with the markup, less the
            # characters text hygiene refuses.
            kept = [(i, texthygiene.blank_out(t).replace("\ufffd", "").replace("\r", "")) for i, t in edits if FIELDS[i][1][-1] not in MARKDOWN_FIELDS]
            _apply(data, kept or [(0, "<script>twgxss(0)</script>")])
            code, output, _ = _validate(data)
            assert code == 0, output
        site = Path(tmp) / "site"
        assert build(data, site, search=False, languages=["en"]) == 0
        assert xss.findings(site) == []
