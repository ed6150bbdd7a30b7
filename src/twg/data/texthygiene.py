"""Characters no data text may hold, and how to show text on a terminal safely.

A reviewer reads a pull request's diff and the site's readers read the pages: both must see
what is stored. Rejected everywhere (values, keys, comments), each at its line:
- control characters (C0 but tab, line feed and carriage return as line ends; DEL; C1),
- unpaired surrogates and the non-characters U+FFFE/U+FFFF,
- bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069:
  "Trojan source" text that displays in another order than it is stored); Khmer and Lao
  need none of them, and marks (U+200E/U+200F) stay allowed,
- line and paragraph separators (U+2028/U+2029), which some readers take as line breaks.
Tab and line feed are allowed inside values (block text); field names allow neither.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_RAW = re.compile(f"[{_BAD}]")  # in the file's text (a carriage return there is a line end)
_VALUE = re.compile(f"[{_BAD}\r]")  # in a value: escapes like "\r" or "\0" in double quotes
_KEY = re.compile(f"[{_BAD}\r\n\t]")
_SHOWN = re.compile(f"[{_BAD}\r\n\t]")  # what printable() spells out

_NAMES = {0x00: "NUL", 0x09: "TAB", 0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN", 0x07: "BEL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def find_raw(text: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of every rejected character in a file's text."""
    for m in _RAW.finditer(text):
        yield m.start(), m.group()


def blank_out(text: str) -> str:
    """The text with every rejected character replaced by U+FFFD (same offsets), so the
    YAML parser reads the rest and each one can be reported at its field."""
    return _RAW.sub("\ufffd", text)


def first_bad_char(value: str, *, in_key: bool = False) -> str | None:
    m = (_KEY if in_key else _VALUE).search(value)
    return m.group() if m else None


def char_name(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (an unpaired surrogate, not a character)"
    name = _NAMES.get(code) or unicodedata.name(ch, "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def describe(ch: str) -> str:
    """What the character is and what to do, for a located message."""
    code = ord(ch)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (f"the bidirectional control character {char_name(ch)} makes text display in another order "
                "than it is stored; delete it")
    if code in (0x2028, 0x2029):
        return f"the separator {char_name(ch)} is not allowed; use an ordinary line break"
    if ch in "\r\n\t":
        return f"the character {char_name(ch)} is not allowed here"
    return f"the invisible character {char_name(ch)} is not allowed; delete it"


def printable(text: str) -> str:
    """One line, safe to print: control, bidi and separator characters spelled out as escapes,
    so a value cannot forge a line of output or reorder it on the terminal."""
    if not _SHOWN.search(text):
        return text
    return _SHOWN.sub(lambda m: _ESCAPES.get(m.group()) or (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"), text)
