"""Helpers shared by the tests: fakes (Ollama, a token proxy), corpora and PDFs built on the fly.

Test modules import from here and from conftest fixtures, never from each other.
"""
