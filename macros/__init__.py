"""Macros for hand-written pages in content/: editors compose pages without Python.

    {{ status_table("rwssh") }}        action-plan status of a group (latest round, or round="gdcc-15")
    {{ meeting_history("gender") }}    a group's meetings, newest first (limit=5 for fewer)
    {{ groups_table() }}               all groups: chair, lead partners, last meeting, status
    {{ recent_meetings(10) }}          the latest meetings of all groups
    {{ latest_round_summary() }}       counts for the latest round
    {{ site_facts() }}                 the names and numbers a home page needs

This module only registers macros; the work is done in the twg package.
"""

from __future__ import annotations

from pathlib import Path

from twg.data import loading
from twg.site import macros as twg_macros


def define_env(env):  # noqa: ANN001 - mkdocs-macros passes its own env object
    config_dir = Path(env.conf["config_file_path"]).parent

    def renderer():
        ds = loading.dataset(loading.data_dir(config_dir, env.conf["extra"].get("twg_data")))
        return twg_macros.Macros(ds, env.page.url if env.page else "", env.conf["theme"]["language"])

    for name in twg_macros.Macros.exported:
        env.macro(lambda *a, _n=name, **kw: getattr(renderer(), _n)(*a, **kw), name)
