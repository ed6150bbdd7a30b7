"""Web fonts served from the site itself (no third-party font requests).

Fonts come from pinned PyPI packages (fontpkg-*), are cut down to their script's
characters and compressed to WOFF2 once, then cached on disk: the whole Noto
Sans Khmer TTF is 360 kB, the Khmer-only WOFF2 about 75 kB.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from twg.outputs.cache import default_dir as default_cache_dir


@dataclass(frozen=True)
class WebFont:
    lang: str
    family: str
    package: str  # importable fontpkg module
    unicode_range: str

    @property
    def filename(self) -> str:
        return self.family.replace(" ", "") + ".woff2"

    def codepoints(self) -> list[int]:
        out: list[int] = []
        for part in self.unicode_range.split(","):
            lo, _, hi = part.strip().removeprefix("U+").partition("-")
            out.extend(range(int(lo, 16), int(hi or lo, 16) + 1))
        return out


# Lao: no Noto Sans Lao package on PyPI yet, so Lao pages use the reader's system font.
FONTS = {
    "km": WebFont("km", "Noto Sans Khmer", "fontpkg_noto_sans_khmer", "U+1780-17FF, U+19E0-19FF, U+200B-200D, U+25CC"),
}


def font_for(lang: str) -> WebFont | None:
    font = FONTS.get(lang)
    if font is None:
        return None
    try:
        importlib.import_module(font.package)
    except ImportError:
        return None
    return font


def _source(font: WebFont) -> Path:
    root = Path(importlib.import_module(font.package).__file__).parent  # type: ignore[arg-type]
    return sorted((root / "files").glob("*.ttf"))[0]


@cache
def woff2(font: WebFont, cache_dir: Path | None = None) -> bytes:
    """The font cut to its script as WOFF2, kept in <cache>/fonts (twg.outputs.cache)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    src = _source(font)
    key = hashlib.sha256(src.read_bytes() + font.unicode_range.encode()).hexdigest()[:16]
    cached = (cache_dir or default_cache_dir()) / "fonts" / f"{key}-{font.filename}"
    if cached.is_file():
        return cached.read_bytes()
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Khmer needs its shaping features (subscript consonants, vowels)
    tt = TTFont(src)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.codepoints())
    subsetter.subset(tt)
    buf = io.BytesIO()
    tt.flavor = "woff2"
    tt.save(buf)
    data = buf.getvalue()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    except OSError:
        pass  # a read-only home only costs the few seconds of subsetting next time
    return data


def font_face_css(font: WebFont, url: str) -> str:
    return (
        f'@font-face {{ font-family: "{font.family}"; src: url("{url}") format("woff2"); '
        f"font-weight: 100 900; font-stretch: 62.5% 100%; font-display: swap; unicode-range: {font.unicode_range}; }}\n"
    )
