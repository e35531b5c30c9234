"""Where everything goes on the canvas: lanes, labels, clusters and bands, and the lane colours."""
