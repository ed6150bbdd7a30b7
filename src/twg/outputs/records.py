"""Record pages: one page per meeting, rendered straight to HTML.

An archive holds thousands of them, all alike. Through MkDocs each would run
Markdown and the theme's whole page template (two thirds of a 5,000-meeting
build). Instead our template renders a record's article (from its h1) and
collects what the theme shows around it: title, description, search filters
and table of contents. frames.py (the MkDocs glue) puts it into the theme's page,
rendered once per shape of record rather than once per record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from twg.render import urls
from twg.data.model import Dataset, Group, Meeting, PartialDate
from twg.render.renderer import Renderer, today
from twg.views import actions as actions_view


@dataclass(frozen=True)
class Record:
    url_pattern: str  # its address with the record's own parts as {0}, {1}…: groups/{0}/meetings/{1}/
    url_values: tuple[str, ...]  # those parts: ("rwssh", "7")
    title: str  # the values below are escaped HTML, as the theme prints them
    description: str
    search: dict[str, Any]  # Pagefind filters and metadata (search.filter_spans)
    body: str  # the article's HTML, from its h1
    toc: tuple[tuple[int, str, str], ...]  # (level, id, title as HTML) of every heading

    @property
    def url(self) -> str:
        """Site-relative directory URL, e.g. groups/rwssh/meetings/7/."""
        return self.url_pattern.format(*self.url_values)

    @property
    def output_path(self) -> str:
        return f"{self.url}index.html"


def meeting_records(ds: Dataset, group: Group, lang: str | None, updated: PartialDate | None) -> Iterator[Record]:
    """The group's meetings (newest first), each linking to the one before and after it."""
    ms = group.meetings
    agreed, reported = action_index(group, today(ds))
    for i, meeting in enumerate(ms):
        earlier, later = ms[i + 1] if i + 1 < len(ms) else None, ms[i - 1] if i else None
        yield meeting_record(ds, group, meeting, lang, updated, earlier, later,
                             agreed.get(id(meeting), {}), reported.get(id(meeting), []))


def action_index(group: Group, day: tuple[int, int, int]) -> tuple[dict[int, dict[str, actions_view.Entry]], dict[int, list[tuple[actions_view.Entry, object]]]]:
    """For each meeting (by identity): its actions' register entries by key, and the
    (entry, follow-up) pairs of earlier actions it reported on. One pass over the group."""
    agreed: dict[int, dict[str, actions_view.Entry]] = {}
    reported: dict[int, list[tuple[actions_view.Entry, object]]] = {}
    for e in actions_view.group_entries(group, day):
        agreed.setdefault(id(e.meeting), {})[e.action.key] = e
        for m, f in e.follow_ups:
            reported.setdefault(id(m), []).append((e, f))
    return agreed, reported


def meeting_record(ds: Dataset, group: Group, meeting: Meeting, lang: str | None, updated: PartialDate | None,
                   earlier: Meeting | None, later: Meeting | None,
                   entries: dict[str, actions_view.Entry] | None = None, reported: list[Any] | None = None) -> Record:
    values = (group.id, meeting.slug)
    r = Renderer(ds, urls.meeting(*values), lang)
    body = r.render("meeting_page.html", group=group, meeting=meeting, updated=updated, earlier=earlier, later=later,
                    entries=entries or {}, reported=reported or [])
    page = r.page
    return Record(urls.meeting("{0}", "{1}"), values, page["title"], page.get("description", ""), page.get("search", {}), body, tuple(r.toc))
