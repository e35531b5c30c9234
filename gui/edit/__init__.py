"""Editing: the controller on the session's history, the event and lanes dialogs, Shift+drag, saving and recovery."""
