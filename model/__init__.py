"""The timeline model: plain Python and numpy, never Qt."""
