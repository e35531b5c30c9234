"""Benchmarks: synthetic timelines and the numbers of issue "A million events, smooth" (`python -m benchmarks`)."""
