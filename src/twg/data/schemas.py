"""The JSON Schemas: validation with located, plain-language messages, and the
vocabularies (status values and their labels) that pages display.

The schema files are the single place where field names, allowed values and
their labels are defined; nothing else in the project repeats them.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any, Iterable

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from twg.data.problems import Problem, field_name
from twg.data.yamlfile import YamlDoc

SCHEMA_FILES = ("common", "group", "rounds", "site")


@cache
def schema_text(name: str) -> str:
    return resources.files("twg.data").joinpath("schema", f"{name}.schema.json").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


@cache
def _validator(name: str) -> Draft202012Validator:
    registry: Registry = Registry().with_resources(
        (f"{n}.schema.json", Resource.from_contents(schema(n))) for n in SCHEMA_FILES
    )
    return Draft202012Validator(schema(name), registry=registry)


@cache
def _fast_validator(name: str):  # noqa: ANN202 - jsonschema_rs.Validator, or None without it
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


def _all_const(options: list[dict[str, Any]]) -> bool:
    return bool(options) and all("const" in o for o in options)


def _messages(err: ValidationError) -> Iterable[tuple[tuple[str | int, ...], bool, str]]:
    """Yield (path, point_at_key, message) for one schema error."""
    path = tuple(err.absolute_path)
    sch = err.schema if isinstance(err.schema, dict) else {}
    v = err.validator
    if v == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(sch.get("properties", {}))
        for key in err.instance:
            if key in allowed:
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
        desc = sch.get("description") or sch.get("title") or "a valid value"
        yield path, False, f"{_describe(err.instance)} is not valid here: expected {desc[0].lower() + desc[1:]}"
    elif v == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        yield path, False, f"expected {words}, got {_describe(err.instance)}"
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
    if fast is not None and fast.is_valid(doc.data):
        return problems
    for err in _validator(name).iter_errors(doc.data):
        for path, at_key, message in _messages(err):
            line = doc.line_of(path, key=True) if at_key or err.validator == "required" else doc.line_of(path)
            problems.append(Problem(doc.path, line, field_name(path), message))
    return problems
