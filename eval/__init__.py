"""Evaluation: questions, metrics, runs, reports and the claim benchmark; benchmark scripts run by path."""
