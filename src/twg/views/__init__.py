"""Stage 2: views derived from the model: status counts, round reports, changes between rounds."""
