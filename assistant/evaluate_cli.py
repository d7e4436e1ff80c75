"""`papers eval ...` argument parsing; the work lives in the evaluation modules."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("eval", help="evaluate retrieval or answers on a question set")
    p.set_defaults(handler=None)
    p.add_subparsers(title="evaluations", metavar="WHAT")


__all__ = ["argparse"]
