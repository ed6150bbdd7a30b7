"""Each data file's parse and own checks kept on disk between builds (<cache>/parsed).

Parsing YAML with the line of every value is most of loading a large archive (17 MB of
YAML at 5,000 meetings). What one file's parse and its own checks give depends only on its
bytes, the name it is reported under, its schema and the generator (data/generator.py), so
they are kept by the digest of exactly those. The cross-file checks and the model still run
on every build.

The entries are JSON, never pickle (the folder is restored by CI and reading it must not run
code), and only a document that JSON gives back exactly is kept (string keys only: YAML's
`1: x` would come back as "1"). A damaged or foreign entry is parsed anew.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from twg.data import generator
from twg.data.problems import Problem
from twg.data.yamlfile import YamlDoc


class ParseStore:
    def __init__(self, cache_dir: Path) -> None:
        self.dir = cache_dir / "parsed"

    def key(self, raw: bytes, display: str, schema_name: str) -> str:
        h = hashlib.blake2b(generator.digest(), digest_size=16)
        h.update(f"{schema_name}\0{display}\0".encode())
        h.update(raw)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[YamlDoc | None, list[Problem]] | None:
        path = self._path(key)
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            doc = _decode_doc(stored["doc"]) if stored["doc"] is not None else None
            found = [Problem(str(p), int(line), str(f), str(m)) for p, line, f, m in stored["problems"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, damaged or another version's: parse anew
        try:
            os.utime(path)  # used by this build (CI drops entries no build used)
        except OSError:
            pass
        return doc, found

    def put(self, key: str, doc: YamlDoc | None, found: list[Problem]) -> None:
        if doc is not None and not _exact_in_json(doc.data):
            return
        entry = {"doc": _encode_doc(doc) if doc is not None else None, "problems": [[p.path, p.line, p.field, p.message] for p in found]}
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            tmp.replace(path)  # atomic: a parallel build never reads half an entry
        except OSError:
            pass  # a read-only cache only costs the parsing next time


    def prune(self, max_age_days: float = 30) -> int:
        """Remove entries no load used for max_age_days (each file version leaves one; CI prunes
        its copy itself). Returns how many were removed."""
        import time

        limit = time.time() - max_age_days * 86400
        removed = 0
        for path in self.dir.glob("*/*.json") if self.dir.is_dir() else ():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                pass  # another build removed or renewed it
        return removed


def _exact_in_json(node: Any) -> bool:
    """Does json.loads(json.dumps(node)) give node back, type for type?"""
    if isinstance(node, dict):
        return all(isinstance(k, str) and _exact_in_json(v) for k, v in node.items())
    if isinstance(node, list):
        return all(_exact_in_json(v) for v in node)
    if isinstance(node, float):
        return node == node and node not in (float("inf"), float("-inf"))  # the loader refuses NaN and inf anyway
    return node is None or isinstance(node, (str, int, bool))


def _paths(items: Any) -> list[list[Any]]:
    return [list(p) for p in items]


def _encode_doc(doc: YamlDoc) -> dict[str, Any]:
    return {
        "path": doc.path, "data": doc.data,
        "lines": [[list(p), n] for p, n in doc.lines.items()],
        "key_lines": [[list(p), n] for p, n in doc.key_lines.items()],
        "has_float": doc.has_float,
        "flow": _paths(sorted(doc.flow, key=repr)), "blocks": _paths(sorted(doc.blocks, key=repr)),
        "links": [[list(p), n, t] for p, n, t in doc.links],
    }


def _decode_doc(d: dict[str, Any]) -> YamlDoc:
    return YamlDoc(
        path=str(d["path"]), data=d["data"],
        lines={tuple(p): int(n) for p, n in d["lines"]},
        key_lines={tuple(p): int(n) for p, n in d["key_lines"]},
        has_float=bool(d["has_float"]),
        flow={tuple(p) for p in d["flow"]}, blocks={tuple(p) for p in d["blocks"]},
        links=[(tuple(p), int(n), str(t)) for p, n, t in d["links"]],
    )
