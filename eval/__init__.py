"""Evaluation a user runs on their library: retrieval, answers and claims, with reports and plots.

Benchmarks, tuning and the red team live outside the package, in the checkout's `benchmarks/`.
"""
