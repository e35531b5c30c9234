"""Timeline files: the app's own format, the importers for other tools' files, and the reader they share."""
