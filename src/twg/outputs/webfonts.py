"""Web fonts served from the site itself (no third-party font requests).

Fonts come from pinned PyPI packages (fontpkg-*), are cut down to their script's
characters and compressed to WOFF2 once, then cached on disk: the whole Noto
Sans Khmer TTF is 360 kB, the Khmer-only WOFF2 about 75 kB.

Every page of every language declares the fonts of all the site's scripts with a
`unicode-range`, so a browser downloads a script's font only for a page that shows
that script — a Khmer name on an English page included — and never for the others.
The language switcher's own names ("ខ្មែរ") use a separate few-glyph cut of the font
(`names_woff2`), so the switcher alone does not pull the whole font into English pages.
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
    package: str | None  # importable fontpkg module (PyPI), or None for a system font file
    unicode_range: str
    path: str | None = None  # a Debian package's font file (scripts/run.sh installs it)
    weight: str = "100 900"  # the weights the file holds (a variable font: all of them)

    @property
    def filename(self) -> str:
        return self.family.replace(" ", "") + ".woff2"

    def codepoints(self) -> list[int]:
        out: list[int] = []
        for part in self.unicode_range.split(","):
            lo, _, hi = part.strip().removeprefix("U+").partition("-")
            out.extend(range(int(lo, 16), int(hi or lo, 16) + 1))
        return out


# Lao: no Lao font on PyPI, so Debian's fonts-lao (Phetsarath OT, the Lao government's font,
# LGPL, with its OpenType shaping tables) is installed by scripts/run.sh.
FONTS = {
    "km": WebFont("km", "Noto Sans Khmer", "fontpkg_noto_sans_khmer", "U+1780-17FF, U+19E0-19FF, U+200B-200D, U+25CC"),
    "lo": WebFont("lo", "Phetsarath OT", None, "U+0E80-0EFF, U+200B-200D, U+25CC", path="/usr/share/fonts/truetype/lao/Phetsarath_OT.ttf", weight="400"),
}


def font_for(lang: str) -> WebFont | None:
    """The language's script font, if it is installed (else its text uses the reader's fonts)."""
    font = FONTS.get(lang)
    if font is None:
        return None
    if font.path is not None:
        return font if Path(font.path).is_file() else None
    try:
        importlib.import_module(font.package or "")
    except ImportError:
        return None
    return font


def source(font: WebFont) -> Path:
    if font.path is not None:
        return Path(font.path)
    root = Path(importlib.import_module(font.package).__file__).parent  # type: ignore[arg-type]
    return sorted((root / "files").glob("*.ttf"))[0]


@cache
def woff2(font: WebFont, cache_dir: Path | None = None, weight: int | None = None) -> bytes:
    """The font cut to its script as WOFF2, kept in <cache>/fonts (twg.outputs.cache); with a
    weight, a static instance of a variable font at that weight (for PDFs: Chromium embeds a
    variable font as bulky Type 3 glyphs, a static one as a TrueType subset, 40 % smaller reports)."""
    name = font.filename if weight is None else f"{weight}-{font.filename}"
    return _subset(font, font.codepoints(), name, cache_dir, weight)


@cache
def names_woff2(font: WebFont, text: str, cache_dir: Path | None = None) -> bytes:
    """The few glyphs of text (the language names in the switcher), a few kB."""
    return _subset(font, sorted({ord(c) for c in text}), "names-" + font.filename, cache_dir)


def names_range(text: str) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(set(text)))


@cache
def is_variable(font: WebFont) -> bool:
    from fontTools.ttLib import TTFont

    return "fvar" in TTFont(source(font), lazy=True)


def _subset(font: WebFont, codepoints: list[int], name: str, cache_dir: Path | None, weight: int | None = None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    src = source(font)
    key = hashlib.sha256(src.read_bytes() + ",".join(map(str, codepoints)).encode() + (b"" if weight is None else b"@%d" % weight)).hexdigest()[:16]
    cached = (cache_dir or default_cache_dir()) / "fonts" / f"{key}-{name}"
    if cached.is_file():
        return cached.read_bytes()
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Khmer needs its shaping features (subscript consonants, vowels)
    tt = TTFont(src)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(tt)
    if weight is not None and "fvar" in tt:  # after subsetting: instancing the cut font is ~10x faster
        from fontTools.varLib import instancer

        axes = {a.axisTag: a.defaultValue for a in tt["fvar"].axes} | {"wght": weight}
        tt = instancer.instantiateVariableFont(tt, axes)
    buf = io.BytesIO()
    tt.flavor = "woff2"
    # fontTools stamps head.modified with the time of saving: two builds (or two languages of
    # one build) would make different bytes, and every round PDF embedding the font would be
    # laid out again. The source font's own date keeps the cut the same, byte for byte.
    tt.recalcTimestamp = False
    tt["head"].modified = tt["head"].created
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


def font_face_css(font: WebFont, url: str, family: str | None = None, unicode_range: str | None = None) -> str:
    return (
        f'@font-face {{ font-family: "{family or font.family}"; src: url("{url}") format("woff2"); '
        f"font-weight: {font.weight};{' font-stretch: 62.5% 100%;' if font.weight != '400' else ''} font-display: swap; unicode-range: {unicode_range or font.unicode_range}; }}\n"
    )


def site_fonts(languages: list[str] | tuple[str, ...]) -> list[WebFont]:
    """The fonts of the scripts of the site's languages (those whose package is installed)."""
    return [f for f in (font_for(lang) for lang in languages) if f is not None]


def files(languages: list[str] | tuple[str, ...], names: dict[str, str], cache_dir: Path | None = None) -> list[tuple[str, bytes]]:
    """(path under assets/, WOFF2) of every font a page of this site may ask for: each script's
    subset and the cut with its language's name for the switcher (names: lang -> its own name)."""
    out = []
    for font in site_fonts(languages):
        out.append((f"fonts/{font.filename}", woff2(font, cache_dir)))
        if names.get(font.lang):
            out.append((f"fonts/names-{font.filename}", names_woff2(font, names[font.lang], cache_dir)))
    return out


def css(languages: list[str] | tuple[str, ...], names: dict[str, str], lang: str) -> str:
    """@font-face rules for assets/twg-lang.css: every script font, on every language's pages
    (unicode-range: downloaded only where that script is shown), first in the text font stack."""
    out = []
    families = []
    for font in site_fonts(languages):
        out.append(font_face_css(font, f"fonts/{font.filename}"))
        families.append(f'"{font.family}"')
        if names.get(font.lang) and lang != font.lang:  # on its own language's pages the whole font loads anyway
            out.append(font_face_css(font, f"fonts/names-{font.filename}", f"{font.family} Names", names_range(names[font.lang])))
            # Not followed by the whole font: while the small one loads, the browser would draw
            # with the next family in the list, and so fetch it.
            out.append(f'.md-select__link[lang="{font.lang}"] {{ font-family: "{font.family} Names", -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif; }}\n')
    if families:
        # Material's text stack is var(--md-text-font), then system fonts: the script fonts
        # cover only their own characters, so Latin text keeps the system font.
        out.append(f":root {{ --md-text-font: {', '.join(families)}; }}\n")
    return "".join(out)
