"""Aid-coordination transparency: working-group YAML to a public website.

Data flows one way: YAML files -> validated model (model.py) -> derived views
(views.py) -> HTML fragments (render.py) -> pages (mkdocs glue in macros/).
Nothing in this package imports mkdocs except build.py, the thin build runner.
"""

__version__ = "0.1.0"
