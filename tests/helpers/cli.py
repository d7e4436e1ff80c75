"""What a CLI run in the test's process gave (the `papers` fixture in conftest.py runs it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Ran:
    code: int
    out: str
    err: str
