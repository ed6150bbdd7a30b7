"""The font cuts are the same bytes whenever and wherever they are made: round PDFs embed them,
and a PDF is reused from the cache only while its HTML (fonts included) is unchanged."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from twg.outputs import webfonts


@pytest.mark.parametrize("weight", [None, 700])
def test_a_font_cut_made_later_elsewhere_is_the_same_bytes(tmp_path: Path, weight: int | None) -> None:
    font = webfonts.font_for("km")
    if font is None:
        pytest.skip("the Khmer font package is not installed")
    first = webfonts._subset(font, font.codepoints(), "a.woff2", tmp_path / "one", weight)
    time.sleep(1.1)  # fontTools' head.modified counts seconds
    second = webfonts._subset(font, font.codepoints(), "a.woff2", tmp_path / "two", weight)
    assert first == second
    assert (tmp_path / "one" / "fonts").is_dir() and (tmp_path / "two" / "fonts").is_dir()
