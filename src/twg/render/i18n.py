"""Interface translations: gettext catalogs (src/twg/locales/<lang>/LC_MESSAGES/messages.po)
read with Babel in memory, so there is no compile step and no .mo file to keep in sync.

Strings without a translation fall back to the English msgid (gettext's rule).
Data text ({en, km} values in YAML) is not translated here: see Renderer.t.
"""

from __future__ import annotations

from typing import Any, Callable

import gettext
import io
import os
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

# Native names, shown in the language switcher.
LANGUAGE_NAMES = {"en": "English", "km": "ខ្មែរ", "lo": "ລາວ"}

# Digits as written in running text: Khmer texts customarily use Khmer numerals;
# Lao official texts mostly use Western digits, so Lao keeps them.
_NATIVE_DIGITS = {"km": str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")}


def catalog_path(lang: str) -> Any:  # a Traversable
    return resources.files("twg.render").joinpath("locales", lang, "LC_MESSAGES", "messages.po")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    path = catalog_path(lang)
    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


def gettext_for(lang: str) -> Callable[[str], str]:
    return translations(lang).gettext


def digits(text: str, lang: str) -> str:
    """Write the numbers in text with the language's customary digits."""
    table = _NATIVE_DIGITS.get(lang)
    return text.translate(table) if table else text


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def messages_outside_code(nav: object = None) -> list[str]:
    """Interface words that live in data files, not in templates: the schema's vocabulary
    labels and descriptions (the schema stays the one place for them) and mkdocs.yml nav titles."""
    from twg.data.schemas import SCHEMA_FILES, schema

    out: list[str] = []
    for name in SCHEMA_FILES:  # the Downloads page names each published schema by its title
        doc = schema(name)
        out += [doc["title"]] + ([doc["description"]] if name.startswith("dataset") else [])
    for d in schema("common")["$defs"].values():
        for opt in d.get("oneOf", []):
            if "const" in opt:
                out += [opt["title"]] + ([opt["description"]] if opt.get("description") else [])

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                out.append(key)
                walk(value)

    walk(nav)
    return list(dict.fromkeys(out))


def extract(pot_path: str, config_file: str = "mkdocs.yml") -> int:
    """Write the message template: strings in code and templates plus messages_outside_code().
    Then `pybabel update -i POT -d src/twg/render/locales` merges it into each language's catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import write_po
    import yaml

    here = resources.files("twg")  # the whole package: code and templates
    with open(str(here.joinpath("render", "locales", "babel.cfg")), encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    catalog = Catalog(project="twg-site")
    hooks = os.path.join(os.path.dirname(os.path.abspath(config_file)), "macros")  # the mkdocs glue
    for root, prefix in ((str(here), "src/twg"), (hooks, "macros")):
        for filename, lineno, message, comments, context in extract_from_dir(root, method_map, options_map):
            catalog.add(message, None, [(f"{prefix}/{filename}", lineno)], auto_comments=comments, context=context)

    class _Loader(yaml.SafeLoader):  # mkdocs.yml may hold !!python/name tags: only the nav matters here
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    with open(config_file, encoding="utf-8") as fh:
        nav = (yaml.load(fh, Loader=_Loader) or {}).get("nav")
    for msg in messages_outside_code(nav):
        if msg not in catalog:
            catalog.add(msg, None, auto_comments=["schema vocabulary or mkdocs.yml nav title"])
    with open(pot_path, "wb") as out:
        # Sorted, without source locations: catalogs change only where a message changes, so
        # parallel edits of the interface text merge cleanly.
        write_po(out, catalog, sort_output=True, no_location=True)
    print(f"wrote {len(catalog)} messages to {pot_path}")
    return 0


if __name__ == "__main__":  # python -m twg.render.i18n POT [mkdocs.yml]
    import sys

    raise SystemExit(extract(*sys.argv[1:]))
