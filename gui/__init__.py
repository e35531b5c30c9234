"""The Qt views of the timeline viewer."""
