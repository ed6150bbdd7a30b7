"""The JSON Schemas: validation with located, plain-language messages, and the
vocabularies (status values and their labels) that pages display.

The schema files are the single place where field names, allowed values and
their labels are defined; nothing else in the project repeats them.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import Any, Iterable, Iterator

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from twg.data.problems import Problem, field_name
from twg.data.yamlfile import YamlDoc

# The schemas' $id: the data format's version is part of it (twg.data.migrate.CURRENT), and
# their relative $refs ("common.schema.json#/…") resolve against it.
SCHEMA_BASE = "https://twg-site.github.io/schema/"

SCHEMA_FILES = ("common", "group", "rounds", "site", "coordination", "dataset")  # data files, then downloads


@cache
def schema_text(name: str) -> str:
    return resources.files("twg.data").joinpath("schema", f"{name}.schema.json").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


@cache
def _ecma(pattern: str) -> re.Pattern[str]:
    """A schema pattern as JSON Schema (ECMA-262) means it: '$' is the end of the text. Python's
    '$' also matches before a final newline, which let an id like 'rwssh\\n' through."""
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern(validator: Any, pattern: str, instance: Any, sch: dict[str, Any]) -> Iterable[ValidationError]:
    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_integer(checker: Any, instance: Any) -> bool:
    """A whole number as written: 7.0 (a float) is not one, whatever JSON Schema's
    'integer' would accept (a meeting numbered 7.0 got the address meetings/7.0/)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_Strict = validators.extend(
    Draft202012Validator,
    validators={"pattern": _pattern},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@cache
def _validator(name: str) -> Draft202012Validator:
    registry: Registry = Registry().with_resources(
        (uri, Resource.from_contents(schema(n))) for n in SCHEMA_FILES for uri in (f"{n}.schema.json", schema(n)["$id"])
    )
    return _Strict(schema(name), registry=registry)


@cache
def _fast_validator(name: str) -> Any:  # jsonschema_rs.Validator, or None without it
    """jsonschema-rs answers 'is this valid?' ~100x faster than the Python validator,
    which on a 20-year archive dominated the build; the Python one still writes the
    messages (so they stay the same), and only runs for files that have problems."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - the pure-Python path alone is correct, only slower
        return None

    def retrieve(uri: str) -> dict[str, Any]:
        return schema(uri.rsplit("/", 1)[-1].split("#")[0].removesuffix(".schema.json"))

    return jsonschema_rs.validator_for(schema(name), retriever=retrieve, base_uri=f"https://twg.invalid/schema/{name}.schema.json")


@cache
def vocabulary(name: str) -> dict[str, str]:
    """Allowed values of an enumerated type in common.schema.json and their labels, in order."""
    return {opt["const"]: opt["title"] for opt in schema("common")["$defs"][name]["oneOf"]}


@cache
def date_fields() -> frozenset[str]:
    """Names of the fields whose value is a date (common.schema.json#/$defs/date), in any schema."""
    found: set[str] = set()

    def is_date(node: Any) -> bool:
        return isinstance(node, dict) and (
            str(node.get("$ref", "")).endswith("#/$defs/date")
            or any(is_date(o) for o in node.get("oneOf", []) + node.get("anyOf", []))
        )

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in (node.get("properties") or {}).items():
                if is_date(value):
                    found.add(key)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in SCHEMA_FILES:
        walk(schema(name))
    return frozenset(found)


def _resolve(node: Any, current: str) -> tuple[Any, str]:
    """Follow a $ref ('common.schema.json#/$defs/text' or '#/$defs/text') to its definition."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        file, _, pointer = ref.partition("#")
        if file:
            current = file.removesuffix(".schema.json")
        node = schema(current)
        for part in pointer.strip("/").split("/") if pointer.strip("/") else ():
            node = node[part]
    return node, current


def markdown_values(data: Any, name: str) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, text) of every value of a document that the schema says is Markdown
    (common.schema.json#/$defs/markdown), translations included."""

    def walk(node: Any, sch: Any, current: str, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
        if isinstance(sch, dict) and str(sch.get("$ref", "")).endswith("#/$defs/markdown"):
            if isinstance(node, str):
                yield path, node
            elif isinstance(node, dict):
                yield from ((path + (k,), v) for k, v in node.items() if isinstance(v, str))
            return
        sch, current = _resolve(sch, current)
        if not isinstance(sch, dict):
            return
        for option in sch.get("oneOf", []) + sch.get("anyOf", []) + sch.get("allOf", []):
            yield from walk(node, option, current, path)
        if isinstance(node, dict):
            props = sch.get("properties") or {}
            for key, value in node.items():
                if key in props:
                    yield from walk(value, props[key], current, path + (key,))
        elif isinstance(node, list) and isinstance(sch.get("items"), dict):
            for i, value in enumerate(node):
                yield from walk(value, sch["items"], current, path + (i,))

    seen: set[tuple[str | int, ...]] = set()
    for path, text in walk(data, schema(name), name, ()):
        if path not in seen:  # a value reached through two options of a oneOf
            seen.add(path)
            yield path, text


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:60]}'"
    if isinstance(value, list):
        return "a list"
    return "a mapping of fields"


def _number_hint(value: Any, expected: list[str]) -> str:
    """What to write instead, where a number was meant."""
    if "integer" in expected and isinstance(value, float):
        return f"; write {int(value)}" if value.is_integer() else "; write a whole number"
    if {"integer", "number"} & set(expected) and isinstance(value, str):
        if re.fullmatch(r"[-+]?[0-9]+(:[0-5]?[0-9])+", value.strip()):
            return " (YAML 1.1 readers take this as a base-60 number); write the number in decimal digits"
        return "; write the number in decimal digits, e.g. 8"
    return ""


def _all_const(options: list[dict[str, Any]]) -> bool:
    return bool(options) and all("const" in o for o in options)


def _comma_hint(mapping: dict[str, Any], key: str) -> str | None:
    """`{title: a, b, url: …}`: YAML reads 'b' as a field of its own. Say how to keep the comma."""
    keys = list(mapping)
    before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    if mapping[key] is not None or before is None or not isinstance(mapping[before], str):
        return None
    return (f"unknown field '{key}': inside {{…}} a comma ends the text, so '{key}' became a field of its own; "
            f"put the text in quotes: {before}: \"{mapping[before]}, {key}\"")


def _messages(err: ValidationError, flow: set[tuple[str | int, ...]] = frozenset()) -> Iterable[tuple[tuple[str | int, ...], bool, str]]:  # type: ignore[assignment]
    """Yield (path, point_at_key, message) for one schema error."""
    path = tuple(err.absolute_path)
    sch = err.schema if isinstance(err.schema, dict) else {}
    v = err.validator
    if v == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(sch.get("properties", {}))
        for key in err.instance:
            if key in allowed:
                continue
            hint = _comma_hint(err.instance, key) if path in flow else None
            if hint:
                yield path + (key,), True, hint
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed fields: " + ", ".join(allowed)
            yield path + (key,), True, f"unknown field '{key}'; {hint}"
    elif v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        yield path + (missing,), False, f"missing required field '{missing}'"
    elif v == "oneOf" and _all_const(sch.get("oneOf", [])):
        options = ", ".join(o["const"] for o in sch["oneOf"])
        close = difflib.get_close_matches(str(err.instance), [o["const"] for o in sch["oneOf"]], n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        what = sch.get("title", "value").lower()
        yield path, False, f"{_describe(err.instance)} is not a known {what}{hint} (use one of: {options})"
    elif v in ("oneOf", "anyOf"):
        desc = str(sch.get("description") or sch.get("title") or "a valid value")
        yield path, False, f"{_describe(err.instance)} is not valid here: expected {desc[0].lower() + desc[1:]}"
    elif v == "type":
        expected: list[str] = [str(t) for t in (err.validator_value if isinstance(err.validator_value, list) else [err.validator_value])]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        yield path, False, f"expected {words}, got {_describe(err.instance)}{_number_hint(err.instance, expected)}"
    elif v == "pattern":
        desc = sch.get("description") or f"text matching {err.validator_value}"
        yield path, False, f"{_describe(err.instance)} is not valid: {desc}"
    elif v == "minLength":
        yield path, False, "must not be empty"
    elif v in ("minItems", "minProperties"):
        yield path, False, "must not be empty"
    else:
        yield path, False, err.message


def validate(doc: YamlDoc, name: str) -> list[Problem]:
    """All schema problems of one parsed document, each at its line."""
    problems: list[Problem] = []
    fast = _fast_validator(name)
    # jsonschema-rs counts 7.0 as an integer: documents holding a float get the strict check.
    if fast is not None and not doc.has_float and fast.is_valid(doc.data):
        return problems
    for err in _validator(name).iter_errors(doc.data):
        for path, at_key, message in _messages(err, doc.flow):
            line = doc.line_of(path, key=True) if at_key or err.validator == "required" else doc.line_of(path)
            problems.append(Problem(doc.path, line, field_name(path), message))
    if not problems and fast is not None and not fast.is_valid(doc.data):
        # The two validators disagree: never let the lenient answer through unlocated.
        errors = list(fast.iter_errors(doc.data))
        for err in errors[:20]:
            path = tuple(err.instance_path)
            problems.append(Problem(doc.path, doc.line_of(path), field_name(path), f"not valid here ({err.message[:200]})"))
    return problems


@cache
def field_doc(ref: str) -> dict[str, Any]:
    """What the schema says about one field, for documentation written from it (the Table
    Schemas of the CSV downloads): ref is '<schema>#<JSON pointer>', e.g.
    'group#/$defs/report/properties/activities/items/properties/status'.

    Follows $ref; the field's own title and description win over those of the type it refers
    to. Returns title, description, type ('string', 'integer', 'boolean'), pattern and, for an
    enumerated type, vocabulary (its name in common.schema.json) and values {code: label}."""
    name, _, pointer = ref.partition("#")
    node: dict[str, Any] = schema(name)
    for part in pointer.strip("/").split("/") if pointer.strip("/") else ():
        node = node[part.replace("~1", "/").replace("~0", "~")]
    out: dict[str, Any] = {}
    form_only = False  # the text types' descriptions say how to write YAML, not what a value means
    while True:
        for key in ("title", "description", "type", "pattern"):
            if key in node and key not in out and not (key == "description" and form_only):
                out[key] = node[key]
        if "oneOf" in node and _all_const(node["oneOf"]):
            out["values"] = {o["const"]: o["title"] for o in node["oneOf"]}
            out["type"] = "string"
        target = node.get("$ref")
        if not target:
            break
        file, _, frag = target.partition("#")
        if file:
            name = file.removesuffix(".schema.json")
        form_only = name == "common" and frag in ("/$defs/text", "/$defs/texts", "/$defs/markdown")
        if frag.startswith("/$defs/") and name == "common" and "vocabulary" not in out:
            defs = schema("common")["$defs"][frag.removeprefix("/$defs/")]
            if "oneOf" in defs and _all_const(defs["oneOf"]):
                out["vocabulary"] = frag.removeprefix("/$defs/")
        node = schema(name)
        for part in frag.strip("/").split("/") if frag.strip("/") else ():
            node = node[part]
    if "type" not in out:  # text and markdown: a string or a translation map; CSV holds the string
        out["type"] = "string"
    return out
