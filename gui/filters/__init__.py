"""The filter panel and the controller that turns its choices into what the canvas shows."""
