"""The `twg` command and the editing tools it runs."""
