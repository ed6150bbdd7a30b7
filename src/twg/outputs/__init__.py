"""Stage 4: what a build writes: pages, record pages, downloads, feeds, PDFs, search index."""
