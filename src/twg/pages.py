"""The pages generated from data: (source path, Markdown content) pairs.

The mkdocs glue adds these as in-memory files; nothing is written to docs_dir.
Record pages (one per meeting) are kept out of the navigation on purpose: nav
rendering cost grows with pages x nav entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from . import urls, views
from .model import Dataset
from .render import Renderer, today


@dataclass(frozen=True)
class Page:
    src_uri: str
    url: str
    content: str
    in_nav: bool  # listed in mkdocs.yml's nav (else generated as NOT_IN_NAV)


def _summaries(ds: Dataset) -> list[views.GroupSummary]:
    now = today(ds)
    return [views.group_summary(ds, g, None, now) for g in ds.groups]


def generate(ds: Dataset, lang: str | None = None) -> Iterator[Page]:
    summaries = _summaries(ds)
    url = urls.groups()
    yield Page("groups/index.md", url, Renderer(ds, url, lang).render("groups_index.md", summaries=summaries), True)
    url = urls.status()
    yield Page("status.md", url, Renderer(ds, url, lang).render("status_page.md", round=ds.latest_round, summaries=summaries), True)
    url = urls.meetings()
    yield Page("meetings/index.md", url, Renderer(ds, url, lang).render("meetings_index.md", meetings=ds.meetings()), True)
    for g in ds.groups:
        url = urls.group(g.id)
        yield Page(f"groups/{g.id}.md", url, Renderer(ds, url, lang).render("group_page.md", group=g), False)
        for m in g.meetings:
            url = urls.meeting(g.id, m.slug)
            yield Page(f"groups/{g.id}/meetings/{m.slug}.md", url, Renderer(ds, url, lang).render("meeting_page.md", group=g, meeting=m), False)
