"""Stage 1: read the YAML (line of every value), validate it (JSON Schema + cross-file rules), build the typed model."""
