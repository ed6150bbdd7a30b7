"""iCalendar feeds (.ics) of the meetings: one of every meeting (the groups' and the coordination
meetings', e.g. the GDCC), and one per group.

Subscribed to in a calendar app, they show past and future meetings as all-day events
(the data records days, not hours). Built once per site language: the Khmer build writes
km/feeds/*.ics with Khmer titles and labels.

Dates are shown only as precisely as the source gives them (a start time, where recorded, is
written in the description: the data records no time zone and no end, so none is invented):
- a day (2009-09-01): an all-day event on that day;
- a month only (2008-12): an all-day event spanning the month, marked "day not recorded"
  in its title and description and "free" (TRANSP:TRANSPARENT), so it neither claims a day
  nor blocks anyone's time — and a meeting announced for "December" still shows up in
  December;
- a year only, or a window of several months (period): no event — a banner over a whole
  year or five months says nothing a reader can use. These meetings are listed, with
  their dates as the source gives them, in the calendar's own description.

Each calendar holds every future meeting and the newest PAST_MEETINGS past ones: calendar
apps fetch a subscription in full at every refresh, and the archive is on the site.

UIDs are <group id>-<meeting id>@<host> (the meeting id is its number, or its date when it
has none), coordination-<id>@<host> for a coordination meeting: the same in every build and in every language, so a calendar app updates an
event instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vText

from twg.data.model import CoordinationMeeting, Dataset, Group, Meeting, PartialDate
from twg.render import urls
from twg.render.renderer import Renderer, today

MEDIA_TYPE = "text/calendar"


def host(ds: Dataset, base_url: str | None) -> str:
    """The host in every UID: the site's own, else the coordinator's, else a reserved name."""
    for url in (base_url, ds.site.coordinator_url):
        name = urlsplit(url or "").hostname
        if name:
            return name
    return re.sub(r"[^a-z0-9]+", "-", str(ds.site.title).lower()).strip("-") + ".invalid"


def uid(group_id: str, meeting: Meeting, site_host: str) -> str:
    return f"{group_id}-{meeting.slug}@{site_host}"


def _day(d: PartialDate) -> dt.date:
    return dt.date(*d.first_day())


@dataclass(frozen=True)
class _Item:
    """A meeting as a calendar shows it."""

    uid: str
    prefix: str  # before its name in the title: the group's short name, or nothing
    meeting: Meeting | CoordinationMeeting
    page: str  # its page, relative to the site's root


def _span(m: Meeting | CoordinationMeeting) -> tuple[dt.date, dt.date] | None:
    """Start and (exclusive) end of the meeting's event, or None when it gets none."""
    if m.date is None or m.date.month is None:
        return None  # a period, or a year only
    start = _day(m.date)
    if m.date.day is not None:
        return start, start + dt.timedelta(days=1)
    end = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


class Calendars:
    def __init__(self, ds: Dataset, lang: str | None, base_url: str | None) -> None:
        self.ds = ds
        self.lang = lang or ds.site.default_language
        self.base = base_url.rstrip("/") + "/" if base_url else None
        self.host = host(ds, base_url)
        self.r = Renderer(ds, "feeds/", self.lang)
        self._ = self.r._
        self.stamp = dt.datetime(*today(ds), tzinfo=dt.timezone.utc)  # never "now": builds stay reproducible
        self._events: dict[str, str] = {}

    def _url(self, target: str) -> str | None:
        return self.base + target if self.base else None

    def _name(self, m: Meeting | CoordinationMeeting) -> str:
        if m.title:
            return self.r.s(m.title)
        if m.number is not None:
            return self._("Meeting %(number)s") % {"number": self.r.num(m.number)}
        return self.r.label("meeting_kind", getattr(m, "kind", None)) or self._("Meeting")

    def _items(self, groups: Iterable[Group], meetings: Iterable[Meeting], coordination: Iterable[CoordinationMeeting]) -> list[_Item]:
        """Group meetings (titled with the group's short name) and coordination meetings, by date."""
        by_id = {g.id: g for g in groups}
        items = [_Item(uid(m.group_id, m, self.host), self.r.s(by_id[m.group_id].short_name) + ": ", m, urls.meeting(m.group_id, m.slug))
                 for m in meetings]
        items += [_Item(f"coordination-{c.id}@{self.host}", "", c, urls.coordination_meeting(c.id)) for c in coordination]
        return sorted(items, key=lambda i: (i.meeting.when.first_day(), i.uid))

    def _when(self, m: Meeting | CoordinationMeeting) -> str:
        """The date as the source gives it, in words."""
        if m.date is not None:
            return self.r.date(m.date)
        return self.r.period(m.period)

    def _event(self, item: _Item, span: tuple[dt.date, dt.date]) -> Event:
        r, _, m = self.r, self._, item.meeting
        e = Event()
        e.add("uid", item.uid)
        e.add("dtstamp", self.stamp)
        e.add("dtstart", span[0])
        e.add("dtend", span[1])
        summary = item.prefix + self._name(m)
        lines: list[str] = []
        assert m.date is not None
        if m.date.day is None:
            summary += " (" + _("day not recorded") + ")"
            lines.append(_("Date: %(date)s (day not recorded)") % {"date": self._when(m)})
            e.add("transp", "TRANSPARENT")
        e.add("summary", summary)
        kind = r.label("meeting_kind", getattr(m, "kind", None))
        if kind:
            e.add("categories", [kind])
        if m.location:
            e.add("location", r.s(m.location))
        if m.time:  # no time zone or end is recorded: said in words, the event stays all-day
            lines.append(_("Starts at %(time)s (local time).") % {"time": r.num(m.time)})
        if m.summary:
            lines.append(r.s(m.summary))
        if m.agenda:
            lines.append(_("Agenda") + ":\n" + "\n".join(f"- {r.s(item.title)}" for item in m.agenda))
        page = self._url(item.page)
        if page:
            e.add("url", page)
            lines.append(page)
        if lines:
            e.add("description", "\n\n".join(lines))
        return e

    def _event_text(self, item: _Item, span: tuple[dt.date, dt.date]) -> str:
        """The VEVENT as text, made once per meeting: the site-wide and the group's calendar share it."""
        text = self._events.get(item.uid)
        if text is None:
            text = self._events[item.uid] = _serialize(self._event(item, span))
        return text

    def calendar(self, path: str, title: str, page: str, items: list[_Item]) -> str:
        r, _ = self.r, self._
        cal = Calendar()
        cal.add("prodid", f"-//twg-site//{r.s(self.ds.site.title)}//{self.lang.upper()}")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        name = " ".join(f"{title} — {r.s(self.ds.site.title)}".split())  # one line: NAME is not escaped as text
        cal.add("name", name)
        cal.add("x-wr-calname", vText(name))
        cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "P1D")
        for target, key in ((path, "source"), (page, "url")):
            address = self._url(target)
            if address:
                cal.add(key, address)
        now = today(self.ds)
        past = [i for i in items if i.meeting.when.first_day() <= now]
        shown = past[-PAST_MEETINGS:] + items[len(past):]  # the newest past meetings, and every future one
        events: list[str] = []
        undated: list[str] = []
        for item in shown:
            span = _span(item.meeting)
            if span is None:
                undated.append(f"- {item.prefix}{self._name(item.meeting)} — {self._when(item.meeting)}")
                continue
            events.append(self._event_text(item, span))
        about = [_("Meetings of %(groups)s as all-day events. Where the source gives only the month, the event spans the month and says the day is not recorded.")
                 % {"groups": r.s(self.ds.site.terms.groups)}]
        if len(past) > PAST_MEETINGS:
            about.append(_("This calendar holds every future meeting and the newest %(count)s past ones; every meeting is on the site and in meetings.csv.")
                         % {"count": r.num(PAST_MEETINGS)})
        if undated:
            about.append(_("Not shown in the calendar, because the source gives only the year or a window of several months:") + "\n" + "\n".join(undated))
        cal.add("description", "\n\n".join(about))
        cal.add("x-wr-caldesc", vText("\n\n".join(about)))
        head = _serialize(cal)
        return head[: -len("END:VCALENDAR\r\n")] + "".join(events) + "END:VCALENDAR\r\n"

    def files(self) -> Iterator[tuple[str, str]]:
        ds, r, _ = self.ds, self.r, self._
        path = urls.calendar("meetings")
        yield path, self.calendar(path, _("Meetings"), urls.meetings(), self._items(ds.groups, ds.meetings(), ds.coordination))
        for g in ds.groups:
            path = urls.calendar(f"groups/{g.id}")
            yield path, self.calendar(path, r.s(g.short_name), urls.group(g.id), self._items([g], g.meetings, ()))


# Calendar apps poll a subscription in full: a 15-year archive's 5,000 meetings were 8 MB in one
# file. Each calendar holds every future meeting and the newest past ones (the archive is on the
# site and in meetings.csv), as the Atom feeds keep their newest entries.
PAST_MEETINGS = 50


def _serialize(component: Calendar | Event) -> str:
    """RFC 5545 text of a component: icalendar's content lines (escaping, value types), folded
    here — icalendar folds character by character (~2 µs a byte), which made the calendars of
    a large archive take longer than the rest of its build."""
    return "".join(_fold(line) for line in component.content_lines() if line)


def _fold(line: str, limit: int = 74) -> str:
    """One content line folded at most every `limit` octets (RFC 5545 3.1), never inside a
    UTF-8 sequence and never right after a backslash (clients would see a broken escape)."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line + "\r\n"
    parts: list[bytes] = []
    start = 0
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back to the character's start
            end -= 1
        if data[end - 1] == 0x5C and end - 1 > start:  # a backslash would end the chunk: move it to the next
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"


def files(ds: Dataset, lang: str | None = None, base_url: str | None = None) -> Iterator[tuple[str, str]]:
    """(site path, iCalendar text) of every calendar, in one language."""
    return Calendars(ds, lang, base_url).files()
