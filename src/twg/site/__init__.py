"""The MkDocs integration: the only code in the package that imports mkdocs."""
