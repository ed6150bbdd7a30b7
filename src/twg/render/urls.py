"""Every page's address in one place. URLs are site-relative directory URLs
('groups/rwssh/'); pages link to each other relatively so the site works under
any sub-path (e.g. https://org.github.io/repo/)."""

from __future__ import annotations

import posixpath


def home() -> str:
    return ""


def groups() -> str:
    return "groups/"


def group(group_id: str) -> str:
    return f"groups/{group_id}/"


def meeting(group_id: str, slug: str) -> str:
    return f"groups/{group_id}/meetings/{slug}/"


def subgroup(group_id: str, subgroup_id: str) -> str:
    return f"groups/{group_id}/subgroups/{subgroup_id}/"


def meetings() -> str:
    return "meetings/"


def actions() -> str:
    return "actions/"


def coordination() -> str:
    return "coordination/"


def coordination_meeting(meeting_id: str) -> str:
    return f"coordination/{meeting_id}/"


def status() -> str:
    return "status/"


def search() -> str:
    return "search/"


def rounds() -> str:
    return "rounds/"


def round_(round_id: str) -> str:
    return f"rounds/{round_id}/"


def round_pdf(round_id: str) -> str:
    return f"rounds/{round_id}/report.pdf"


def downloads() -> str:
    return "downloads/"


def is_language_neutral(url: str) -> bool:
    """Data downloads are the same in every language: only the root build writes them,
    and pages of other languages (under <lang>/) link up to those."""
    return url.startswith("downloads/") and url != downloads()


def download(scope: str, name: str) -> str:
    """A data file: scope is 'all', 'rounds/<id>' or 'groups/<id>'; name e.g. 'activities.csv'."""
    return f"downloads/{scope}/{name}"


def feed(name: str) -> str:
    """An Atom feed: 'meetings', 'rounds' or 'groups/<id>'."""
    return f"feeds/{name}.xml"


def calendar(name: str) -> str:
    """An iCalendar feed of meetings: 'meetings' or 'groups/<id>'."""
    return f"feeds/{name}.ics"


def embed(name: str) -> str:
    """A page for an <iframe> on another site: 'groups/<id>' or 'rounds/latest'."""
    return f"embed/{name}/"


def schema_file(name: str) -> str:
    return f"schema/{name}.schema.json"


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at from_url to to_url, relative, keeping the trailing slash."""
    rel = posixpath.relpath("/" + to_url, "/" + (from_url or "."))
    if from_url and not from_url.endswith("/"):
        rel = posixpath.relpath("/" + to_url, "/" + posixpath.dirname(from_url))
    if rel == ".":
        return "./"
    return rel + "/" if (to_url.endswith("/") or to_url == "") and not rel.endswith("/") else rel
