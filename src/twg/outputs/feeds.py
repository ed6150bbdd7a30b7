"""Atom feeds of meetings and published rounds, site-wide and per group.

Entry and feed ids are tag: URIs that do not depend on where the site is
hosted, so moving the site (or setting its URL later) never re-announces old
entries. Each language has its own feeds (km/feeds/...): titles, summaries and
xml:lang in that language, links to that language's pages, ids of their own.
Links are absolute when the site's base URL is known (the twg plugin's site_url
option, or mkdocs.yml's site_url); otherwise they are relative to
the feed file, which feed readers resolve against the feed's own address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from twg.render import i18n, urls
from twg.data.schemas import vocabulary
from twg.views import status as views
from twg.data.model import Dataset, Group, Meeting, PartialDate, Round
from twg.render.renderer import today

FEED_TYPE = "application/atom+xml"


def _when(d: PartialDate) -> dt.datetime:
    return dt.datetime(*d.first_day(), tzinfo=dt.timezone.utc)


class Feeds:
    def __init__(self, ds: Dataset, base_url: str | None, lang: str | None = None) -> None:
        self.ds = ds
        self.base = base_url.rstrip("/") + "/" if base_url else None
        host = urlsplit(ds.site.coordinator_url or "").hostname or "twg.invalid"  # not the hosting address: ids must survive a move
        first = next((r for r in ds.rounds), None)
        year = (first.date or (first.period.start if first.period else None) or first.published) if first else None
        self.default = ds.site.default_language
        self.lang = lang or self.default
        # The default language keeps the ids it always had; another language's entries are other documents.
        self.tag = f"tag:{host},{year.year if year else 2000}:" + ("" if self.lang == self.default else f"{self.lang}/")
        self._ = i18n.gettext_for(self.lang)

    def _s(self, text: Any) -> str:
        return "" if text is None else text.get(self.lang, self.default)[0]

    def _n(self, n: int) -> str:
        return i18n.digits(str(n), self.lang)

    def _link(self, feed_path: str, target: str) -> str:
        return self.base + target if self.base else urls.relative(feed_path, target)

    def _feed(self, path: str, key: str, title: str, page: str = urls.home()) -> FeedGenerator:
        fg = FeedGenerator()
        fg.id(self.tag + "feed/" + key)
        fg.title(f"{title} — {self._s(self.ds.site.title)}")
        fg.author({"name": self._s(self.ds.site.coordinator_name)})
        fg.language(self.lang)
        fg.link(href=self._link(path, page), rel="alternate", type="text/html")
        if self.base:
            fg.link(href=self.base + path, rel="self", type=FEED_TYPE)
        return fg

    def _meeting(self, fg: FeedGenerator, path: str, g: Group, m: Meeting) -> dt.datetime:
        e = fg.add_entry(order="append")
        e.id(f"{self.tag}meeting/{g.id}/{m.slug}")
        name = self._s(m.title) or (self._("Meeting %(number)s") % {"number": self._n(m.number)} if m.number else self._("Meeting"))
        e.title(f"{self._s(g.short_name)}: {name}")
        e.link(href=self._link(path, urls.meeting(g.id, m.slug)), rel="alternate", type="text/html")
        when = _when(m.when)
        e.updated(when)
        e.published(when)
        if m.summary:
            e.summary(self._s(m.summary))
        return when

    def _round(self, fg: FeedGenerator, path: str, r: Round, group: Group | None) -> dt.datetime:
        assert r.published is not None
        e = fg.add_entry(order="append")
        rows = views.reports_for_round(self.ds, r)
        reported = [g for g, rep in rows if rep is not None]
        target = urls.round_(r.id)
        if group is None:
            e.id(f"{self.tag}round/{r.id}")
            e.title(self._s(r.title))
            e.summary(self._("Consolidated progress report: %(reported)s of %(total)s %(groups)s reported.") % {
                "reported": self._n(len(reported)), "total": self._n(len(rows)), "groups": self._s(self.ds.site.terms.groups)})
            e.link(href=self._link(path, target), rel="alternate", type="text/html")
        else:
            e.id(f"{self.tag}round/{r.id}/group/{group.id}")
            e.title(self._("%(group)s: report to the %(round)s") % {"group": self._s(group.short_name), "round": self._s(r.title)})
            counts = group.report_for(r.id).status_counts()  # type: ignore[union-attr]
            labels = vocabulary("activity_status")
            e.summary(", ".join(f"{self._(labels[code])}: {self._n(n)}" for code, n in counts.items()) or self._("Reported"))
            e.link(href=self._link(path, target) + f"#group-{group.id}", rel="alternate", type="text/html")
        when = _when(r.published)
        e.updated(when)
        e.published(when)
        return when

    @staticmethod
    def _finish(fg: FeedGenerator, dates: list[dt.datetime], fallback: dt.datetime) -> str:
        fg.updated(max(dates) if dates else fallback)  # never "now": builds stay reproducible
        return fg.atom_str(pretty=True).decode("utf-8")

    def files(self) -> Iterator[tuple[str, str]]:
        ds = self.ds
        fallback = dt.datetime(*today(ds), tzinfo=dt.timezone.utc)
        published = [r for r in reversed(ds.rounds) if r.is_published]

        path = urls.feed("meetings")
        fg = self._feed(path, "meetings", self._("Meetings"), urls.meetings())
        groups = {g.id: g for g in ds.groups}
        dates = [self._meeting(fg, path, groups[m.group_id], m) for m in ds.meetings()[:ENTRIES]]
        yield path, self._finish(fg, dates, fallback)

        path = urls.feed("rounds")
        fg = self._feed(path, "rounds", self._("Published round reports"), urls.rounds())
        dates = [self._round(fg, path, r, None) for r in published[:ENTRIES]]
        yield path, self._finish(fg, dates, fallback)

        for g in ds.groups:
            path = urls.feed(f"groups/{g.id}")
            fg = self._feed(path, f"groups/{g.id}", self._s(g.short_name), urls.group(g.id))
            dates = [self._meeting(fg, path, g, m) for m in g.meetings[:ENTRIES]]
            dates += [self._round(fg, path, r, g) for r in published if g.report_for(r.id)][:ENTRIES]
            yield path, self._finish(fg, dates, fallback)


# The newest entries only: feed readers poll for what is new, and the archive is on the site
# (a feed of a 20-year archive's 5,000 meetings was 6 MB, fetched in full by every poll).
ENTRIES = 50


def files(ds: Dataset, base_url: str | None, lang: str | None = None) -> Iterator[tuple[str, str]]:
    """(site path, Atom XML) of every feed of one language's build."""
    return Feeds(ds, base_url, lang).files()
