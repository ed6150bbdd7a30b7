"""The static API: every address where the site publishes data for other tools, and what it holds.

Listed on the Downloads page (downloads_page.md) and checked against a real build by the
tests, so the documentation cannot promise a file the build does not write. The addresses
are stable: tools may rely on them; a change is a new address, never a changed meaning.
{group} is a group id (groups.csv), {round} a round id (rounds.csv), {table} one of the CSV
tables, {lang} a site language other than the first (its files live under <lang>/).
"""

from __future__ import annotations

from dataclasses import dataclass

from twg.render import urls


@dataclass(frozen=True)
class Address:
    path: str  # relative to the site's root, with {group}, {round}, {table} or {name} to fill in
    holds: str  # what a tool finds there (English; the page translates it through the catalog)
    media_type: str
    schema: str | None = None  # site path of the schema the file follows
    per_language: bool = False  # also under <lang>/, in that language


def _(message: str) -> str:  # marks a message for the catalog; the page translates it
    return message


ADDRESSES: tuple[Address, ...] = (
    Address(urls.download("all", "dataset.json"),
            _("The whole normalised data set: the site (names, languages, sources), every round, and every group with its "
              "action plans, indicators, reports and meetings. Translated text keeps every language ({\"en\": …, \"km\": …})."),
            "application/json"),
    Address(urls.download("all", "datapackage.json"),
            _("Frictionless Data Package of the CSV tables of the whole data set: a Table Schema per table (titles, "
              "descriptions, types, allowed values with their labels, primary and foreign keys), sources, size and "
              "SHA-256 of each file."),
            "application/json", "https://datapackage.org/profiles/2.0/datapackage.json"),
    Address(urls.download("rounds/{round}", "datapackage.json"),
            _("The same for one round's CSV tables."), "application/json", "https://datapackage.org/profiles/2.0/datapackage.json"),
    Address(urls.download("{scope}", "{table}.csv"),
            _("A table as CSV (UTF-8, one header row): {scope} is all, rounds/{round} or groups/{group}; the columns are listed below."),
            "text/csv"),
    Address(urls.schema_file("{name}"),
            _("JSON Schema of the data files (group, rounds, site, and the shared definitions in common): every field's "
              "title, description and allowed values."),
            "application/schema+json"),
    Address(urls.feed("meetings"), _("Atom feed of the newest meetings."), "application/atom+xml", per_language=True),
    Address(urls.feed("rounds"), _("Atom feed of the published round reports."), "application/atom+xml", per_language=True),
    Address(urls.feed("groups/{group}"), _("Atom feed of one group's meetings and reports."), "application/atom+xml", per_language=True),
    Address(urls.calendar("meetings"), _("iCalendar feed of every meeting, past and future."), "text/calendar", per_language=True),
    Address(urls.calendar("groups/{group}"), _("iCalendar feed of one group's meetings."), "text/calendar", per_language=True),
    Address(urls.embed("groups/{group}"), _("A group's latest published status, as a small page for an <iframe>."), "text/html", per_language=True),
    Address(urls.embed("rounds/latest"), _("The latest published round across all groups, as a small page for an <iframe>."), "text/html", per_language=True),
)


def expand(address: Address, groups: list[str], rounds: list[str], tables: list[str], schemas: list[str]) -> list[str]:
    """Every concrete path of an address (for the tests, and for tools that want the list)."""
    paths = [address.path]
    scopes = ["all", *(f"rounds/{r}" for r in rounds), *(f"groups/{g}" for g in groups)]
    for key, values in (("{scope}", scopes), ("{table}", tables), ("{group}", groups), ("{round}", rounds), ("{name}", schemas)):
        paths = [p.replace(key, v) for p in paths for v in values] if any(key in p for p in paths) else paths
    return paths
