"""Page macros for the hand-written pages in content/ (mkdocs-macros `module_name: macros`).

The generator's macros ({{ status_table("rwssh") }}, {{ groups_table() }}, … listed in
twg.site.macros) are registered here; a site adds its own with `env.macro`.
"""

from twg.site.macros import register


def define_env(env):  # noqa: ANN001, ANN201 - mkdocs-macros passes its own env object
    register(env)
