"""Interface words the reader's browser writes: the header search box, the search page,
result metadata and the feed links in <head>, in the page's language.

The search script (twg/site/assets/twg-search.js) writes no English of its own: each language's
build hands it these words in its own assets/twg-ui.js (one small file per language, not a
kilobyte of JSON in each of thousands of pages), so the Khmer site's search speaks Khmer and
the words stay in the gettext catalogs.
"""

from __future__ import annotations

from typing import Any

from twg.data.model import Dataset
from twg.data.schemas import vocabulary
from twg.render import i18n

# Page kinds (the `kind` search filter and result metadata): the code is the filter value,
# the same in every language, so a shared search address works on every language's site.
KINDS = ("group", "meeting", "round", "guideline", "page", "coordination", "subgroup")


def kind_labels(_: Any) -> dict[str, str]:
    return {
        "group": _("Group page"),
        "meeting": _("Meeting"),
        "round": _("Round report"),
        "guideline": _("Guideline"),
        "page": _("Page"),
        "coordination": _("Coordination meetings"),  # data/coordination.yml's pages
        "subgroup": _("Sub-groups"),
    }


def interface(ds: Dataset, lang: str) -> dict[str, Any]:
    _ = i18n.gettext_for(lang)
    default = ds.site.default_language
    round_short = ds.site.terms.round_short.get(lang, default)[0]
    group_term = ds.site.terms.group.get(lang, default)[0]
    return {
        "lang": lang,
        # Each other language's own search bundle, relative to the site's root: a query in a
        # language's script is also looked up there (a Khmer word typed on an English page).
        "bundles": {code: ("" if code == default else f"{code}/") for code in ds.site.languages},
        "digits": i18n.digits("0123456789", lang),
        "search": _("Search"),
        "searchSite": _("Search the site"),
        "facets": {
            "kind": _("Kind of record"),
            "group": group_term,
            "year": _("Year"),
            "round": _("%(round)s round") % {"round": round_short},
            "status": _("Activity status"),
        },
        "values": {
            "kind": kind_labels(_),
            "status": {code: _(label) for code, label in vocabulary("activity_status").items()},
        },
        "resultOne": _("1 result"),
        "results": _("%(count)s results"),
        "resultOneFor": _("1 result for “%(query)s”"),
        "resultsFor": _("%(count)s results for “%(query)s”"),
        "prompt": _("Type a word, or choose filters."),
        "all": _("All %(count)s results, with filters →"),
        "none": _("No results for “%(query)s”."),
        "inLanguage": _("In %(language)s"),
        "languages": {code: i18n.language_name(code) for code in ds.site.languages},
        "feeds": {"meetings": _("Meetings"), "rounds": _("Round reports"), "group": _("This group"),
                  "meetingsCalendar": _("Meetings (iCalendar)"), "groupCalendar": _("This group's meetings (iCalendar)")},
    }


def interface_script(words: dict[str, Any]) -> str:
    """The words as assets/twg-ui.js: one JSON literal (UTF-8 as it is, a third of the size of
    \\u escapes for Khmer; "<" and the line separators escaped, so the same text is also safe
    inline in a page). JSON is data: no text from the data can become code."""
    import json

    text = json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.twgUI = {text};\n"
