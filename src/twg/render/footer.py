"""The terms every page's footer states: publisher, licence and contact, from site.yml.

Plain values for the theme's footer block (overrides/partials/twg-terms.html escapes each
one; the theme does not autoescape). Site-relative links stay relative to the site root
('about/'), so the template can resolve them for each page with the theme's `url` filter.
"""

from __future__ import annotations

from twg.data.model import Dataset, Text
from twg.render import i18n


def _text(t: Text | None, lang: str, fallback: str) -> str:
    return t.get(lang, fallback)[0] if t is not None else ""


def terms(ds: Dataset, lang: str) -> dict[str, str]:
    site, fallback = ds.site, ds.site.default_language
    _ = i18n.gettext_for(lang)
    out = {
        "publisher_label": str(_("Published by")),
        "publisher": _text(site.publisher, lang, fallback) or _text(site.coordinator_name, lang, fallback),
        "publisher_url": site.publisher_url or "",
        "licence_label": str(_("Licence of the data")),
        "licence": _text(site.licence.name, lang, fallback) if site.licence else str(_("No licence has been stated for this data.")),
        "licence_url": site.licence.url if site.licence else "",
        "licence_note": _text(site.licence.note, lang, fallback) if site.licence else "",
        "contact_label": str(_("Contact")),
        "contact": "", "contact_email": "", "contact_url": "", "contact_page": "",
    }
    if site.contact:
        out["contact"] = _text(site.contact.name, lang, fallback)
        out["contact_email"] = site.contact.email or ""
        url = site.contact.url or ""
        # a page of this site ('/about/') is linked relative to each page; other links as they are
        out["contact_page" if url.startswith("/") else "contact_url"] = url.lstrip("/") if url.startswith("/") else url
    return out
