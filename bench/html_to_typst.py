"""Translate the round report's print HTML (round_print.html) into Typst markup.

Only for bench/pdf_engines.py, which compares PDF engines on the same report:
the tags that template uses (headings, paragraphs, lists, tables with row and
column spans, inline emphasis, links) and nothing else. Text is escaped, so data
never becomes Typst code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_SPECIAL = re.compile(r"([\\*_#$@<>\[\]`~=\-+/\"'])")
_VOID = {"br", "meta", "link", "img", "hr", "input"}


class _Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Any] = []  # _Node or str


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.node = _Node("root", {}, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs}, self.node)
        self.node.children.append(node)
        if tag not in _VOID:
            self.node = node

    def handle_endtag(self, tag: str) -> None:
        n: _Node | None = self.node
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.node = n.parent

    def handle_data(self, data: str) -> None:
        self.node.children.append(data)


def _text(s: str) -> str:
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", s))


def _inline(node: _Node) -> str:
    out = []
    for c in node.children:
        if isinstance(c, str):
            out.append(_text(c))
            continue
        inner = _inline(c)
        if c.tag == "strong" or "twg-status" in c.attrs.get("class", ""):
            out.append(f"#strong[{inner}]")
        elif c.tag == "em":
            out.append(f"#emph[{inner}]")
        elif c.tag == "br":
            out.append(" \\ ")
        elif c.tag in ("ul", "ol", "p", "div", "table", "section"):
            out.append(_block(c))
        else:
            out.append(inner)
    return "".join(out)


def _cell(node: _Node) -> str:
    body = _block(node) if any(isinstance(c, _Node) and c.tag in ("ul", "ol", "p", "div") for c in node.children) else _inline(node)
    args = []
    if int(node.attrs.get("colspan", "1")) > 1:
        args.append(f"colspan: {int(node.attrs['colspan'])}")
    if int(node.attrs.get("rowspan", "1")) > 1:
        args.append(f"rowspan: {int(node.attrs['rowspan'])}")
    if node.tag == "th" and node.parent is not None and node.parent.parent is not None and node.parent.parent.tag == "thead":
        body = f"#strong[{body}]"
    content = f"[{body.strip()}]"
    return f"table.cell({', '.join(args)}){content}" if args else content


def _rows(node: _Node) -> list[_Node]:
    return [c for c in node.children if isinstance(c, _Node) and c.tag == "tr"]


def _table(node: _Node) -> str:
    parts = {c.tag: c for c in node.children if isinstance(c, _Node)}
    head = _rows(parts["thead"]) if "thead" in parts else []
    body = _rows(parts.get("tbody", node)) + (_rows(parts["tfoot"]) if "tfoot" in parts else [])
    first = (head or body)[0] if (head or body) else None
    ncols = sum(int(c.attrs.get("colspan", "1")) for c in first.children if isinstance(c, _Node)) if first else 1
    cells = lambda rows: ", ".join(_cell(c) for r in rows for c in r.children if isinstance(c, _Node) and c.tag in ("th", "td"))  # noqa: E731
    caption = f"#strong[{_inline(parts['caption'])}]\n" if "caption" in parts else ""
    header = f"table.header({cells(head)}), " if head else ""
    return f"{caption}#table(columns: {ncols}, {header}{cells(body)})\n\n"


def _block(node: _Node) -> str:
    out = []
    for c in node.children:
        if isinstance(c, str):
            if c.strip():
                out.append(_text(c))
            continue
        if c.tag in ("h1", "h2", "h3", "h4"):
            if c.tag == "h2" and "annex" in c.attrs.get("class", ""):
                out.append("#pagebreak(weak: true)\n")
            out.append("\n" + "=" * int(c.tag[1]) + " " + _inline(c).strip() + "\n\n")
        elif c.tag == "p":
            out.append(_inline(c).strip() + "\n\n")
        elif c.tag in ("ul", "ol"):
            mark = "-" if c.tag == "ul" else "+"
            items = [i for i in c.children if isinstance(i, _Node) and i.tag == "li"]
            out.append("".join(f"{mark} {_inline(i).strip()}\n" for i in items) + "\n")
        elif c.tag == "table":
            out.append(_table(c))
        elif c.tag in ("style", "title", "head", "script"):
            continue
        elif c.tag in ("div", "section", "header", "body", "html", "article"):
            out.append(_block(c))
        else:
            out.append(_inline(c))
    return "".join(out)


PREAMBLE = """#set page(paper: "a4", margin: (top: 18mm, bottom: 20mm, x: 15mm),
  footer: context align(center, text(8pt, fill: rgb("#555"))[Page #counter(page).display() of #counter(page).final().first()]))
#set text(font: ("DejaVu Sans", "Noto Sans Khmer"), size: 9.5pt, lang: "{lang}")
#set par(leading: 0.5em)
#show heading.where(level: 1): set text(17pt)
#show heading.where(level: 2): set text(13pt)
#show heading.where(level: 3): set text(11pt)
#set table(stroke: 0.5pt + rgb("#999"), inset: (x: 4pt, y: 2pt))
#show table: set text(8pt)
"""


def convert(html: str, lang: str) -> str:
    tree = _Tree()
    tree.feed(html)
    return PREAMBLE.replace("{lang}", lang) + _block(tree.root)
