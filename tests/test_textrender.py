"""The plain-prose shortcut of textrender must give exactly what Python-Markdown gives."""

from __future__ import annotations

import random

import markdown
import pytest

from twg.render import textrender


def _reference(text: str) -> str:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(text)


CASES = [
    "Plain text.", "Two\n\nparagraphs", "a\nb", " lead space\nx", "x\n\n\n\ny", "a - b - c", "Costs 5.5 million",
    "  indented two\nnext", "line ending with space \nnext", "a:b", "quote \"x\" 'y'", "ក្រុម\n\nពាក្យ", "\nleading newline\n",
    "http://example.org", "12345", "1. list", "1) x", "- item", "+ item", "> q", "    code", "line  \nbreak", "2009. Year",
    "tab\tin", "a\r\nb", "Setext\n---", "Setext\n===", "x\n   \n y", "x\n\n- y", "trailing  ", "*em*", "a & b", "<b>x</b>",
]


@pytest.mark.parametrize("text", CASES)
def test_plain_prose_shortcut_matches_markdown(text: str) -> None:
    fast = textrender._plain_paragraphs(text)
    assert fast is None or fast == _reference(text)


def test_plain_prose_shortcut_on_random_text() -> None:
    rng = random.Random(4)
    alphabet = list("abc XYZ 019.,:;()'\"-+>=#*_`[]<>&!|~\t\r\n") + ["\n\n", "    ", "  \n", "1. ", "- ", "ក្រុម"]
    taken = 0
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        fast = textrender._plain_paragraphs(text)
        if fast is not None:
            taken += 1
            assert fast == _reference(text), repr(text)
    assert taken > 100  # the shortcut is exercised, not always refused
