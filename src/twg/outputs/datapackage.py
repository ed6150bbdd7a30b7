"""Frictionless Data Packages (datapackage.json) describing the CSV downloads.

One package for the whole data set (downloads/all/) and one per round (downloads/rounds/<id>/):
a Table Schema per CSV written from the JSON Schema vocabulary (columns.py: titles,
descriptions, types, patterns, allowed values with their labels), primary keys, foreign keys
to groups.csv and rounds.csv, the sources and the licence from site.yml, and each file's size
and SHA-256 so a reader (or `frictionless validate`) can tell a stale copy.

Data Package v2 (https://datapackage.org/): labels of coded values are `categories`;
tools that read only v1 find them in each field's description too.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Mapping

from twg.data.model import Dataset, Text
from twg.outputs import columns
from twg.outputs.columns import Column

PROFILE = "https://datapackage.org/profiles/2.0/"
FILENAME = "datapackage.json"

# What one row of each table is (the package's resource descriptions).
ROW_MEANING = {
    "activities": "One row per activity per progress report: the status a group reported for an activity of its action plan to a round.",
    "issues": "One row per issue a group raised in a round's report (Annex II), or one row saying it raised none.",
    "resources": "One row per group per round: whether the group has the resources its work plan needs (Annex III).",
    "meetings": "One row per recorded meeting of a working group.",
    "groups": "One row per working group: the groups the other tables refer to.",
    "rounds": "One row per coordination round (e.g. a GDCC meeting): the rounds the other tables refer to.",
}


def _pattern(regex: str) -> str:
    """Table Schema patterns are implicitly anchored (XML Schema style): drop ^ and $."""
    return re.sub(r"^\^|\$$", "", regex)


def field(column: Column, required: bool) -> dict[str, Any]:
    doc = column.doc
    out: dict[str, Any] = {"name": column.name, "title": column.label, "description": column.description, "type": column.type or doc["type"]}
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if column.values:
        constraints["enum"] = list(column.values)
        out["categories"] = [{"value": code, "label": label} for code, label in column.values.items()]
        labels = "; ".join(f"{code} = {label}" for code, label in column.values.items())
        out["description"] = f"{out['description'].rstrip('.')}. Values: {labels}."
    elif "pattern" in doc and out["type"] == "string":
        constraints["pattern"] = _pattern(doc["pattern"])
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: str) -> dict[str, Any]:
    key = columns.PRIMARY_KEYS.get(table, ())
    refs = columns.FOREIGN_KEYS.get(table, ())
    # a meeting need not feed into a round; a plan activity need not have been reported yet
    required = set(key) | {col for col, _, _ in refs if not (table in ("meetings", "activities") and col == "round_id")}
    schema: dict[str, Any] = {
        "$schema": PROFILE + "tableschema.json",
        "fields": [field(c, c.name in required) for c in columns.TABLES[table]],
        "missingValues": [""],
    }
    if key:
        schema["primaryKey"] = list(key)
    if refs:
        schema["foreignKeys"] = [{"fields": [col], "reference": {"resource": other, "fields": [its]}} for col, other, its in refs]
    return schema


def _text(ds: Dataset, text: Text | None) -> str:
    return "" if text is None else text.get(ds.site.default_language, ds.site.default_language)[0]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "data"


def _licenses(ds: Dataset) -> list[dict[str, str]]:
    """The licence site.yml states, as Data Package licences (name: an SPDX id, path: its
    text, title); none when it states none: a package must not claim terms the publisher
    did not give."""
    raw = getattr(ds.site, "licence", None) or getattr(ds.site, "license", None)
    out: list[dict[str, str]] = []
    for item in raw if isinstance(raw, (list, tuple)) else [raw] if raw else []:
        if isinstance(item, str):
            out.append({"path": item} if "://" in item else {"name": item})
            continue
        get = item.get if isinstance(item, Mapping) else (lambda key, it=item: getattr(it, key, None))
        values = {"name": get("id") or get("name") or get("spdx"), "path": get("url") or get("path"), "title": get("title")}
        entry = {k: _text(ds, v) if isinstance(v, Text) else str(v) for k, v in values.items() if v}
        if entry:
            out.append(entry)
    return out


def package(ds: Dataset, tables: Mapping[str, str], *, round_id: str | None = None, base_url: str | None = None) -> str:
    """datapackage.json for one download folder: tables maps each CSV table to its content."""
    site = ds.site
    title = _text(ds, site.title)
    name = _slug(title)
    description = _text(ds, site.description)
    if round_id:
        round_ = ds.round(round_id)
        name += "-" + round_id
        title += " — " + _text(ds, round_.title)
        description = (f"The reports to the {_text(ds, round_.title)}, the meetings of its reporting period, "
                       f"and the groups and the round they refer to. " + description).strip()
    doc: dict[str, Any] = {"$schema": PROFILE + "datapackage.json", "name": name, "title": title}
    if description:
        doc["description"] = description
    if base_url:
        doc["homepage"] = base_url
    licenses = _licenses(ds)
    if licenses:
        doc["licenses"] = licenses
    doc["sources"] = [
        {"title": _text(ds, s.title) + (f" ({', '.join(x for x in (_text(ds, s.publisher), s.date.iso if s.date else '') if x)})" if s.publisher or s.date else ""),
         **({"path": s.url} if s.url else {})}
        for s in site.sources.values()
    ]
    contributor: dict[str, Any] = {"title": _text(ds, site.coordinator_name), "roles": ["publisher"]}
    if site.coordinator_url:
        contributor["path"] = site.coordinator_url
    doc["contributors"] = [contributor]
    doc["keywords"] = [k for k in (_text(ds, site.terms.groups), _text(ds, site.terms.committee), _text(ds, site.country), "aid coordination") if k]
    doc["resources"] = [_resource(table, content) for table, content in tables.items()]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _resource(table: str, content: str) -> dict[str, Any]:
    data = content.encode("utf-8")
    return {
        "$schema": PROFILE + "dataresource.json",
        "name": table,
        "type": "table",
        "path": f"{table}.csv",
        "title": f"{table}.csv",
        "description": ROW_MEANING[table],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "dialect": {"$schema": PROFILE + "tabledialect.json", "header": True, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"'},
        "schema": table_schema(table),
    }
