"""Embeddable status views: small standalone pages for an <iframe> on a partner's site.

embed/groups/<id>/ shows a group's latest published status (counts, the activities behind
schedule with their reasons, the last meeting); embed/rounds/latest/ the latest published
round across all groups. Built once per site language (km/embed/... in Khmer).

What makes them embeddable: no navigation, theme or script; the CSS inline (a group's page
is ~3 kB); no request to another host (the Khmer font is the site's own, fetched only for
Khmer text); every link relative and opened in the top window (target=_top); nothing forbids
framing (the site sends no X-Frame-Options or frame-ancestors). Every data text goes
through the autoescaping templates, so none can become markup.
"""

from __future__ import annotations

from typing import Any, Iterator

from babel import Locale
from markupsafe import Markup, escape

from twg.data.model import Dataset, Group
from twg.outputs import webfonts
from twg.render import urls
from twg.render.renderer import Renderer
from twg.views import status as views


def _common(r: Renderer, back: str, back_text: str) -> dict[str, Any]:
    default = r.ds.site.default_language
    name = Locale.parse(r.lang).languages.get(default, default)
    font = webfonts.font_for(r.lang)
    font_css = Markup(webfonts.font_face_css(font, r.url(f"assets/fonts/{font.filename}"))) if font else None  # our own constants
    return {
        "canonical": r.url(back),
        "back": back,
        "back_text": back_text,
        "font_css": font_css,
        "font_family": font.family if font else None,
        "fallback_note": r._("Some text is shown in %(language)s: it has no translation yet.") % {"language": name},
    }


def _render(r: Renderer, template: str, **context: object) -> str:
    """One note for text shown in another language, instead of a marker after every such text
    (a widget has no room for them); the texts keep their lang attribute."""
    html = r.render(template, **context)
    shown = r.lang != r.fallback and 'class="twg-fallback"' in html  # fallback: the site's first language
    note = f'<p class="m">{escape(context["fallback_note"])}</p>' if shown else ""
    return html.replace("<!--twg-fallback-note-->", note)


def files(ds: Dataset, lang: str | None = None) -> Iterator[tuple[str, str]]:
    """(site path, HTML) of every embeddable view, in one language."""
    for g in ds.groups:
        page = urls.embed(f"groups/{g.id}")
        r = Renderer(ds, page, lang)
        context = _common(r, urls.group(g.id), r._("Full record of %(group)s") % {"group": r.s(g.short_name)})
        yield page + "index.html", _render(r, "embed_group.html", group=g, report=g.latest_report, **context)
    page = urls.embed("rounds/latest")
    r = Renderer(ds, page, lang)
    round_ = ds.latest_round  # the newest published round
    rows = views.reports_for_round(ds, round_) if round_ else []
    back = urls.round_(round_.id) if round_ else urls.rounds()
    context = _common(r, back, r._("The full report") if round_ else r._("All rounds"))
    yield page + "index.html", _render(r, "embed_round.html", round=round_, rows=rows, reported=[(g, rep) for g, rep in rows if rep], **context)


def snippet(r: Renderer, group: Group, site_url: str | None) -> dict[str, str | bool]:
    """The code a partner pastes to show the group's status (shown on the group page):
    an <iframe> with the embed's full address when the site's address is known."""
    target = urls.embed(f"groups/{group.id}")
    prefix = "" if r.lang == r.fallback else f"{r.lang}/"  # without the site's address: from the site's root
    src = site_url.rstrip("/") + "/" + target if site_url else "/" + prefix + target
    title = " ".join((r._("%(group)s: status") % {"group": r.s(group.short_name)}).split())  # attribute text, escaped below
    code = (f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="380" '
            f'style="border:0;max-width:40em" loading="lazy"></iframe>')
    return {"code": code, "preview": r.url(target), "absolute": bool(site_url)}
