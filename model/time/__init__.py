"""Time as the app reads it: points at a precision (deep time included), dates in text, axis ticks."""
