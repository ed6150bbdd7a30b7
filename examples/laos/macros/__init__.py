"""Page macros for the hand-written pages in content/ (mkdocs-macros `module_name: macros`).

The generator's macros ({{ status_table("group-id") }}, {{ groups_table() }},
{{ recent_meetings(10) }}, {{ meeting_history("group-id") }}, {{ site_facts() }}, …)
are registered here; add this site's own with `env.macro`.
"""

from twg.site.macros import register


def define_env(env):  # noqa: ANN001, ANN201 - mkdocs-macros passes its own env object
    register(env)
