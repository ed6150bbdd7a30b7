"""The pages generated from data: (source path, Markdown content) pairs.

The mkdocs glue adds these as in-memory files; nothing is written to docs_dir.
Record pages (one per meeting) are not MkDocs pages at all: they come out as
records.Record, which the glue writes into a page frame (records.py, frames.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from twg.outputs import api, columns, embeds, exports
from twg.data import gitdates
from twg.views import roundreport
from twg.data import schemas
from twg.render import urls
from twg.views import actions as actions_view
from twg.views import status as views
from twg.outputs.pagestore import PageStore
from twg.outputs.records import Record, meeting_records
from twg.data.model import Dataset, Group, PartialDate
from twg.render.renderer import Renderer, today


@dataclass(frozen=True)
class Page:
    src_uri: str
    url: str
    content: str
    in_nav: bool  # listed in mkdocs.yml's nav (else generated as NOT_IN_NAV)


def _summaries(ds: Dataset) -> list[views.GroupSummary]:
    now = today(ds)
    return [views.group_summary(ds, g, None, now) for g in ds.groups]


# `twg serve`: a group's pages depend only on the group, the site, the rounds and the templates,
# so a save re-renders the edited group's pages and reuses every other group's (5,000 meetings).
# (group id, language) -> (what the pages depend on, the pages); whoever keeps it (the serve
# cache) empties it when a template changes.
PageMemo = dict[tuple[str, str | None], tuple[tuple[object, ...], list["Page | Record"]]]


def generate(ds: Dataset, lang: str | None = None, memo: PageMemo | None = None, site_url: str | None = None,
             store: PageStore | None = None) -> Iterator[Page | Record]:
    """Every generated page in one language; site_url (this language's public address, if
    known) makes the embed snippets on group pages ready to paste. store (pagestore.py) keeps
    each group's pages between builds; memo (`twg serve`) between saves, over the store."""
    changed = gitdates.last_changed(g.file for g in ds.groups)  # one git call for all pages
    if store is not None and memo is None:
        dates = tuple((g.id, repr(changed.get(Path(g.file).resolve()))) for g in ds.groups)
        context = (lang or ds.site.default_language, site_url, today(ds), dates)
        yield from store.site_pages(context, lambda: list(_site_pages(ds, lang, None)))
    else:
        yield from _site_pages(ds, lang, memo)
    for g in ds.groups:
        day = changed.get(Path(g.file).resolve())
        updated = PartialDate(day.year, day.month, day.day) if day else None  # none outside git
        make = functools.partial(_stored_group_pages, ds, g, lang, updated, site_url, store)
        if memo is not None:
            yield from _group_pages_memo(ds, g, lang, updated, memo, site_url, make)
            continue
        yield from make()


def _site_pages(ds: Dataset, lang: str | None, memo: PageMemo | None) -> Iterator[Page | Record]:
    """The pages that show every group: indexes, status, registers, rounds, search, downloads."""
    summaries = _summaries(ds)
    url = urls.groups()
    yield Page("groups/index.md", url, Renderer(ds, url, lang).render("groups_index.md", summaries=summaries), True)
    url = urls.status()
    yield Page("status.md", url, Renderer(ds, url, lang).render("status_page.md", round=ds.latest_round, summaries=summaries), True)
    if memo is not None:
        # A save that changes no meeting (or no report) leaves the meetings index (or the round
        # pages) as they were: on a 5,000-meeting archive they are most of a rebuild's rendering.
        meetings_key = (ds.site, ds.coordination, tuple((g.id, g.short_name, g.meetings) for g in ds.groups))
        yield from _memo_pages(memo, ("\0meetings", lang), meetings_key, lambda: [_meetings_page(ds, lang)])
    else:
        yield _meetings_page(ds, lang)
    yield _actions_page(ds, lang)
    yield from _coordination_pages(ds, lang)
    url = urls.search()
    yield Page("search.md", url, Renderer(ds, url, lang).render("search_page.md"), True)
    if memo is not None:
        rounds_key = (ds.site, ds.rounds, ds.coordination, today(ds),
                      tuple((g.id, g.number, g.short_name, g.active, g.jmis, g.reports) for g in ds.groups))
        yield from _memo_pages(memo, ("\0rounds", lang), rounds_key, lambda: list(_round_pages(ds, lang)))
    else:
        yield from _round_pages(ds, lang)


def _stored_group_pages(ds: Dataset, g: Group, lang: str | None, updated: PartialDate | None, site_url: str | None,
                        store: PageStore | None) -> list[Page | Record]:
    make = lambda: list(_group_pages(ds, g, lang, updated, site_url))  # noqa: E731
    if store is None:
        return make()
    return store.group_pages(g.id, g.file, (lang or ds.site.default_language, site_url, repr(updated), today(ds)), make)


def _meetings_page(ds: Dataset, lang: str | None) -> Page:
    url = urls.meetings()
    return Page("meetings/index.md", url, Renderer(ds, url, lang).render("meetings_index.md", meetings=ds.meetings()), True)


def _memo_pages(memo: PageMemo, name: tuple[str, str | None], key: tuple[object, ...], make: Callable[[], list[Page | Record]]) -> list[Page | Record]:
    """The pages `make` gives, made again only when `key` (what they show) changed. Unchanged
    groups keep their model objects between saves, so keys compare mostly by identity."""
    hit = memo.get(name)
    if hit is None or hit[0] != key:
        hit = memo[name] = (key, make())
    return hit[1]


def _group_pages_memo(ds: Dataset, g: Group, lang: str | None, updated: PartialDate | None, memo: PageMemo,
                      site_url: str | None, make: Callable[[], list[Page | Record]]) -> Iterator[Page | Record]:
    key = (g, ds.site, ds.rounds, updated, today(ds), ds.coordination, site_url)  # meeting pages name the coordination meetings they fed
    hit = memo.get((g.id, lang))
    if hit is None or hit[0] != key:
        hit = (key, make())
        memo[(g.id, lang)] = hit
    yield from hit[1]


def _group_pages(ds: Dataset, g: Group, lang: str | None, updated: PartialDate | None, site_url: str | None = None) -> Iterator[Page | Record]:
    """A group's page and its meetings' records: they depend on nothing but the memo key."""
    url = urls.group(g.id)
    r = Renderer(ds, url, lang)
    yield Page(f"groups/{g.id}.md", url, r.render("group_page.md", group=g, updated=updated, embed=embeds.snippet(r, g, site_url)), False)
    yield from _subgroup_pages(ds, g, lang)
    yield from meeting_records(ds, g, lang, updated)


def _actions_page(ds: Dataset, lang: str | None) -> Page:
    """The register of agreed actions across all groups and coordination meetings."""
    url = urls.actions()
    r = Renderer(ds, url, lang)
    now = today(ds)
    entries = actions_view.register(ds, now)
    ids = {e.group.id for e in entries if e.group}
    groups = [(g.id, r.s(g.short_name)) for g in ds.groups if g.id in ids]
    if any(e.group is None for e in entries):
        groups.append(("coordination", r.s(ds.site.terms.round_short)))
    states = [("open", r.label("action_status", "open")), ("overdue", r._("Overdue")),
              ("done", r.label("action_status", "done")), ("dropped", r.label("action_status", "dropped"))]
    content = r.render("actions_page.md", entries=entries, groups=groups, states=states, as_of=PartialDate(*now))
    return Page("actions/index.md", url, content, True)


def _coordination_pages(ds: Dataset, lang: str | None) -> Iterator[Page]:
    """The coordination meetings (data/coordination.yml) and the index of them."""
    url = urls.coordination()
    yield Page("coordination/index.md", url, Renderer(ds, url, lang).render("coordination_index.md", meetings=ds.coordination), True)
    now = today(ds)
    for c in ds.coordination:
        url = urls.coordination_meeting(c.id)
        entries = {e.action.key: e for e in actions_view.register(ds, now) if e.meeting is c} if any(c.actions()) else {}
        inputs = [m for m in ds.meetings() if m.fed_into == c.id or (c.round is not None and m.round is not None and m.round.id == c.round.id)]
        reports = views.reports_for_round(ds, c.round) if c.round else []
        content = Renderer(ds, url, lang).render("coordination_page.md", meeting=c, entries=entries, inputs=inputs, reports=reports)
        yield Page(f"coordination/{c.id}.md", url, content, False)


def _subgroup_pages(ds: Dataset, g: Group, lang: str | None) -> Iterator[Page]:
    now = today(ds)
    entries = {e.action.key: e for e in actions_view.group_entries(g, now) if e.subgroup is not None}
    for sg in g.subgroups:
        if not sg.id:
            continue
        url = urls.subgroup(g.id, sg.id)
        founded_at = next((m for m in g.meetings if m.slug == sg.established_at), None)
        content = Renderer(ds, url, lang).render("subgroup_page.md", group=g, subgroup=sg, entries=entries, founded_at=founded_at)
        yield Page(f"groups/{g.id}/subgroups/{sg.id}.md", url, content, False)


def _round_pages(ds: Dataset, lang: str | None) -> Iterator[Page]:
    """The round archive, one consolidated report per round, and the Downloads page."""
    reports = [roundreport.build(ds, r) for r in ds.rounds]
    url = urls.rounds()
    yield Page("rounds/index.md", url, Renderer(ds, url, lang).render("rounds_index.md", reports=reports), True)
    for rep in reports:
        url = urls.round_(rep.round.id)
        yield Page(f"rounds/{rep.round.id}.md", url, Renderer(ds, url, lang).render("round_page.md", report=rep, exports=exports), False)
    url = urls.downloads()
    yield Page("downloads/index.md", url, Renderer(ds, url, lang).render("downloads_page.md", exports=exports, columns=columns, schemas=schemas, api=api), True)
