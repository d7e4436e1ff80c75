"""Evaluation: questions, metrics, runs, reports, the claim benchmark, and the benchmarks behind
`papers eval bench index|answers|scale|load|soak`."""
