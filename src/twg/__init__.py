"""Aid-coordination transparency: working-group YAML to a public website.

Data flows one way, one subpackage per stage:
    data     YAML files -> validated, typed model
    views    derived views: status counts, round reports, changes
    render   templates, text rendering, translations, addresses
    outputs  pages, record pages, downloads, feeds, PDFs, search index
    site     the MkDocs integration: the only code that imports mkdocs
    cli      the `twg` command and the editing tools
"""

__version__ = "0.1.0"
