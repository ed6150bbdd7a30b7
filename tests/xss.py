"""Helpers for the hostile-data tests: put a payload into every text field of a data
directory, and look for markup from the data in a built site.

The payloads call `twgxss(...)`: any script, event handler or link scheme in the
built HTML that carries this marker came from the data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import yaml
from bs4 import BeautifulSoup

from twg.data.dataset import DataError, load_dataset
from twg.data.yamlfile import load_file

MARKER = "twgxss"

# Markup and Markdown that must stay text wherever a data string is shown.
PAYLOAD = (
    ' <script>twgxss(1)</script> <img src=x onerror="twgxss(2)"> "><svg onload=twgxss(3)> '
    "' onmouseover='twgxss(4)' {: onclick=\"twgxss(5)\" } &lt;b&gt; *em* [t](/x \"twgxss\")"
    "\n\n<iframe src=\"javascript:twgxss(6)\"></iframe>\n\n{{ twgxss }} {% raw %}"
)
# A Markdown link with a dangerous scheme: refused by validation in Markdown fields, and
# never a link in plain fields.
LINKS = "\n\n[a](javascript:twgxss(7)) ![b](javascript:twgxss(8)) <javascript:twgxss(9)> [c](//twgxss.example/)\n"

SAFE_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRS = {"href", "src", "action", "formaction", "data", "srcset", "poster", "xlink:href"}


def _leaves(node: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, path + (i,))
    elif isinstance(node, str):
        yield path


def _set(node: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _get(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


# Fields that are not text: ids, references, vocabulary values, dates, links and codes.
NOT_TEXT = {"id", "round", "activity", "jmi", "source", "status", "date", "from", "to", "published", "data_as_of",
            "url", "email", "languages", "kind", "constituency", "sufficiency", "issues_status"}


def text_paths(data: Any) -> Iterator[tuple]:
    for path in _leaves(data):
        names = [p for p in path if isinstance(p, str)]
        if names and names[-1] not in NOT_TEXT and "languages" not in names:
            yield path


def taint(data_dir: Path, payload: str = PAYLOAD, rounds: int = 6) -> int:
    """Append payload to every text value of every data file (where it stays valid: a status
    inside a JMI report may be text, a Markdown field refuses unsafe links). Returns how many
    values carry it."""
    files = sorted(data_dir.rglob("*.yml"))
    docs = {p: load_file(p)[0].data for p in files}  # type: ignore[union-attr]
    originals = {p: {path: _get(d, path) for path in text_paths(d)} for p, d in docs.items()}
    tainted = {p: set(originals[p]) for p in files}
    for p, d in docs.items():
        for path in tainted[p]:
            _set(d, path, originals[p][path] + payload)
    last: list[Any] = []
    for _ in range(rounds):
        for p, d in docs.items():
            p.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            load_dataset(data_dir)
            return sum(len(t) for t in tainted.values())
        except DataError as err:
            last = err.problems
            for problem in err.problems:
                p = next(f for f in files if Path(problem.path).resolve() == f.resolve())
                for path in list(tainted[p]):
                    if _field(path) == problem.field:
                        tainted[p].discard(path)
                        _set(docs[p], path, originals[p][path])
    raise AssertionError("could not taint the data validly:\n" + "\n".join(map(str, last[:20])))


def _field(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def scheme(url: str) -> str | None:
    """The scheme a browser would see, after the obfuscations it forgives."""
    u = re.sub(r"[\x00-\x20]", "", url).lower()
    m = re.match(r"([a-z][a-z0-9+.-]*):", u)
    return m.group(1) if m else None


def _inert_json(el: Any) -> bool:
    """A <script type="application/json"> whose text cannot end the element: it holds no '<'."""
    return el.name == "script" and el.get("type") == "application/json" and "<" not in el.get_text()


def findings(site_dir: Path) -> list[str]:
    """Script elements, event-handler attributes and unsafe URLs that carry the marker."""
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        rel = page.relative_to(site_dir)
        for el in soup.find_all(True):
            if _inert_json(el):
                continue  # data in a JSON block (with < escaped) is data, not script
            if el.name in ("script", "iframe", "svg", "object", "embed", "style") and MARKER in str(el):
                found.append(f"{rel}: <{el.name}> {str(el)[:120]}")
            for attr, value in el.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                if attr.lower().startswith("on"):
                    found.append(f"{rel}: <{el.name} {attr}={text[:80]!r}>")
                if MARKER not in text:
                    continue
                if attr.lower() in _URL_ATTRS:
                    s = scheme(text)
                    if (s is not None and s not in SAFE_SCHEMES) or re.match(r"\s*[/\\]{2}", text):
                        found.append(f"{rel}: <{el.name} {attr}={text[:80]!r}>")
                if attr.lower() not in ("alt", "title", "content", "data-pagefind-meta", "data-pagefind-filter", "aria-label", "value", "href", "id") and not attr.startswith("data-"):
                    found.append(f"{rel}: marker in <{el.name} {attr}>")
        if f"{MARKER}(" in "".join(str(s) for s in soup.find_all("script") if not _inert_json(s)):
            found.append(f"{rel}: marker inside a script")
    return found
