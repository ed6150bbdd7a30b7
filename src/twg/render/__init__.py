"""Stage 3: text and templates: escaping, Markdown, translations, page addresses."""
