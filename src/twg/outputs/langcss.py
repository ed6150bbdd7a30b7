"""assets/twg-lang.css of one language's build: the translated "(English only)" marker
and the site's self-hosted script fonts (webfonts.py), with the font files it points to."""

from __future__ import annotations

import json
from pathlib import Path

from twg.outputs import webfonts
from twg.render import i18n


def stylesheet(lang: str, fallback: str, languages: list[str] | tuple[str, ...]) -> str:
    from babel import Locale

    _ = i18n.gettext_for(lang)
    name = Locale.parse(lang).languages.get(fallback, fallback)
    marker = _("(%(language)s only)") % {"language": name}
    style = "" if lang == "en" else " font-style: normal;"  # no slanted Khmer or Lao
    css = ".twg-fallback::after { content: %s;%s }\n" % (json.dumps(" " + marker, ensure_ascii=False), style)
    # Once per block of text shown in the other language: a list of ten untranslated names
    # gets one marker, after the last of them (siblings in the same element).
    css += ".twg-fallback:has(~ .twg-fallback)::after { content: none; }\n"
    css += webfonts.css(languages, _names(languages), lang)
    if webfonts.font_for(lang):
        css += ".md-typeset { line-height: 1.8; }\n"  # stacked Khmer/Lao vowels and subscripts need room
    else:
        css += '.md-typeset [lang="km"], .md-typeset [lang="lo"] { line-height: 1.8; }\n'
    return css


def _names(languages: list[str] | tuple[str, ...]) -> dict[str, str]:
    return {code: i18n.language_name(code) for code in languages}


def files(lang: str, fallback: str, languages: list[str] | tuple[str, ...], cache_dir: Path | None = None) -> list[tuple[str, str | bytes]]:
    """(site path, content) of the stylesheet and every font file it names."""
    out: list[tuple[str, str | bytes]] = [("assets/twg-lang.css", stylesheet(lang, fallback, languages))]
    out += [(f"assets/{path}", data) for path, data in webfonts.files(languages, _names(languages), cache_dir)]
    return out
