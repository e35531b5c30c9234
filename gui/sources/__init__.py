"""Building from sources: Add Source, new events and quotes from a passage, Suggest Events (window and command line)."""
