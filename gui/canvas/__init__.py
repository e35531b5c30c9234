"""The timeline canvas: the plot, what it paints, its axes and its key."""
