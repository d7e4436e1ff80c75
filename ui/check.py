"""`papers check`: print each claim of a draft (or JSON Lines of claims) with its status and evidence.

A draft is read up to MAX_CHECK characters, the Check tab's and API's limit, and refused beyond it.
A claim too long to check is reported as skipped, a JSON line that is not a claim as an error; the
rest are checked either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import PapersError, UnreadableFile
from index.limits import MAX_CHECK
from ui.output import safe

MARK = {
    "supported": "✓",
    "contradicted": "✗",
    "unsupported": "?",
    "unknown-paper": "?",
    "not-cited": "·",
    "skipped": "⚠",
    "error": "!",
}
FAILING = ("contradicted", "unknown-paper", "skipped", "error")  # any of these: exit status 1
SHOWN = 200  # characters of a skipped claim shown

if TYPE_CHECKING:
    from index.settings import Settings


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 1 when a claim is contradicted, cites an unknown paper, or was not checked (too long,
    not a claim); 0 otherwise."""
    from assistant import drafts
    from assistant.verifier import Verifier
    from ui import commands

    path: Path = args.claims or args.draft
    if path is None:
        raise PapersError("Give a Markdown draft (`papers check draft.md`) or `--claims FILE.jsonl`.")
    text = read_input(path, None if args.claims else MAX_CHECK)
    library = commands._library(settings)
    checker = drafts.Checker(library, Verifier(library.embedder))
    if args.claims:
        results = drafts.check_claims(text, checker)
        for r in results:
            print(json.dumps(r.to_json(), ensure_ascii=False))
    else:
        results = drafts.check_text(text, checker)
        for r in results:
            print(render(r))
        counts = {s: sum(r.status == s for r in results) for s in MARK}
        print("-- " + ", ".join(f"{n} {s}" for s, n in counts.items() if n))
    return 1 if any(r.status in FAILING for r in results) else 0


def read_input(path: Path, limit: int | None) -> str:
    """The text of a file (or of stdin for "-"); over `limit` characters it is refused, having read
    no more than the limit and one character (a 10 MB draft is not read whole)."""
    size = -1 if limit is None else limit + 1
    try:
        if str(path) == "-":
            text = sys.stdin.read(size)
        else:
            with path.expanduser().open(encoding="utf-8") as fh:
                text = fh.read(size)
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(str(path), exc.__class__.__name__) from None
    if limit is not None and len(text) > limit:
        name = "The draft on stdin" if str(path) == "-" else str(path)
        raise PapersError(
            f"{name} is over the {limit:,}-character limit of `papers check` (the Check tab's and "
            f"API's too): split the draft into parts of at most {limit:,} characters and check each."
        )
    return text


def render(r: object) -> str:
    """One checked sentence for a terminal: mark, status, the claim, then reason and quote."""
    from assistant.drafts import Result

    assert isinstance(r, Result)
    claim = r.claim if r.status != "skipped" or len(r.claim) <= SHOWN else r.claim[:SHOWN].rstrip() + "…"
    lines = [f"{MARK.get(r.status, '?')} {r.status}: {safe(claim)}"]
    if r.reason:
        lines.append(f"    {safe(r.reason)}")
    if r.evidence and r.status != "not-cited":
        where = f" ({r.paper_ids[0]})" if r.paper_ids else ""
        lines.append(f"    “{safe(r.evidence)}”{where}")
    return "\n".join(lines)
