"""Benchmarks and replays of the project, outside the installed package: `python -m benchmarks.NAME`."""
