"""The page macros for hand-written pages, and their registration with mkdocs-macros.

    {{ status_table("rwssh") }}        action-plan status of a group (latest round, or round="gdcc-15")
    {{ meeting_history("gender") }}    a group's meetings, newest first (limit=5 for fewer)
    {{ groups_table() }}               all groups: chair, lead partners, last meeting, status
    {{ recent_meetings(10) }}          the latest meetings of all groups
    {{ latest_round_summary() }}       counts for the latest round
    {{ site_facts() }}                 the names and numbers a home page needs

A site's macros/__init__.py calls `register(env)` from its define_env (and may add its own).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from twg.data import schemas
from twg.views import status as views
from twg.data.model import Dataset, PartialDate
from twg.render.renderer import Renderer, today
from twg.render.textrender import plain_html


class Macros:
    exported = ("status_table", "meeting_history", "groups_table", "recent_meetings", "latest_round_summary", "site_facts", "site_sources", "status_vocabulary", "num", "date", "data_checks")

    def __init__(self, ds: Dataset, page_url: str, lang: str | None = None) -> None:
        self.ds = ds
        self.r = Renderer(ds, page_url, lang)

    def status_table(self, group_id: str, round: str | None = None) -> Markup:
        group = self.ds.group(group_id)
        report = group.report_for(round) if round else group.latest_report
        if report is None:
            return Markup('<p class="twg-muted">{}</p>').format(self.r._("No report for this round."))
        return self.r.fragment("status_table", group=group, report=report)

    def meeting_history(self, group_id: str, limit: int | None = None) -> Markup:
        meetings = self.ds.group(group_id).meetings
        return self.r.fragment("meeting_list", meetings=meetings[:limit] if limit else meetings, show_group=False)

    def groups_table(self, round: str | None = None) -> Markup:
        now = today(self.ds)
        summaries = [views.group_summary(self.ds, g, round, now) for g in self.ds.groups]
        return self.r.fragment("groups_table", summaries=summaries, round=self.ds.round(round) if round else None)

    def recent_meetings(self, limit: int = 10) -> Markup:
        return self.r.fragment("meeting_list", meetings=self.ds.meetings()[:limit], show_group=True)

    def latest_round_summary(self) -> Markup:
        return self.r.fragment("round_summary", round=self.ds.latest_round) + self.r.fragment("draft_rounds", rounds=self.ds.draft_rounds)

    def site_facts(self) -> dict[str, object]:
        """Names from site.yml for hand-written pages, encoded (plain_html): mkdocs-macros prints
        them without escaping, into Markdown, so they must not be able to become markup."""
        ds = self.ds
        # Counts as the page's language writes them (Khmer numerals on Khmer pages), like the
        # generated text around them.
        return {
            "groups": self.num(len(ds.groups)),
            "meetings": self.num(sum(len(g.meetings) for g in ds.groups)),
            "rounds": self.num(len(ds.rounds)),
            "group_term": plain_html(self.r.s(ds.site.terms.groups)),
            "round_term": plain_html(self.r.s(ds.site.terms.round_short)),
            "committee": plain_html(self.r.s(ds.site.terms.committee)),
            "country": plain_html(self.r.s(ds.site.country)),
        }

    def site_sources(self) -> list[Markup]:
        return [self.r.source(sid) for sid in self.ds.site.sources]

    def data_checks(self) -> Markup:
        """The warnings `twg validate` gives (plausibility.CHECKS), so the About page lists only checks that exist."""
        from twg.data.plausibility import CHECKS

        items = Markup("").join(Markup("<li>{}</li>").format(c.description) for c in CHECKS)  # the About page is written in English
        return Markup('<ul class="twg-checks">{}</ul>').format(items)

    def status_vocabulary(self) -> list[tuple[str, str, str]]:
        tr = self.r._  # schema labels: translated by the catalog, not extracted as code strings
        return [(o["const"], tr(o["title"]), tr(o["description"]) if o.get("description") else "") for o in schemas.schema("common")["$defs"]["activity_status"]["oneOf"]]

    def num(self, n: object) -> str:
        """{{ num(2009) }}: a number in the page's customary digits (២០០៩ on Khmer pages)."""
        return self.r.num(n)

    def date(self, iso: str) -> str:
        """{{ date("2009-09-01") }} (or "2009-09", "2009"): a date as the generated pages write it."""
        return self.r.date(PartialDate.parse(iso))


def register(env: Any) -> None:
    """Register every macro with mkdocs-macros' env. Each call renders with the data and the
    language of the current build, which the twg plugin (listed in mkdocs.yml) holds."""
    plugin = env.conf["plugins"]["twg"]

    def macros() -> Macros:
        return Macros(plugin.dataset, env.page.url if env.page else "", plugin.lang)

    for name in Macros.exported:
        env.macro(lambda *a, _n=name, **kw: getattr(macros(), _n)(*a, **kw), name)
