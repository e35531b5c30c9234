"""The side panels: the selected event, a source document, the sources list, conflicts and import reports."""
