"""`papers check`: print each claim of a draft (or JSON Lines of claims) with its status and evidence."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import PapersError, UnreadableFile
from ui.output import safe

MARK = {"supported": "✓", "contradicted": "✗", "unsupported": "?", "unknown-paper": "?", "not-cited": "·"}

if TYPE_CHECKING:
    from index.settings import Settings


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 1 when a claim is contradicted (or a paper is unknown), 0 otherwise."""
    from assistant import drafts
    from assistant.verifier import Verifier
    from ui import commands

    path: Path = args.claims or args.draft
    if path is None:
        raise PapersError("Give a Markdown draft (`papers check draft.md`) or `--claims FILE.jsonl`.")
    try:
        text = sys.stdin.read() if str(path) == "-" else path.expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(str(path), exc.__class__.__name__) from None
    library = commands._library(settings)
    checker = drafts.Checker(library, Verifier(library.embedder))
    if args.claims:
        results = [checker.check(cid, claim, [pid]) for cid, claim, pid in drafts.read_claims(text)]
        for r in results:
            print(json.dumps(r.to_json(), ensure_ascii=False))
    else:
        results = drafts.check_text(text, checker)
        for r in results:
            print(render(r))
        counts = {s: sum(r.status == s for r in results) for s in MARK}
        print("-- " + ", ".join(f"{n} {s}" for s, n in counts.items() if n))
    bad = any(r.status in ("contradicted", "unknown-paper") for r in results)
    return 1 if bad else 0


def render(r: object) -> str:
    """One checked sentence for a terminal: mark, status, the claim, then reason and quote."""
    from assistant.drafts import Result

    assert isinstance(r, Result)
    lines = [f"{MARK.get(r.status, '?')} {r.status}: {safe(r.claim)}"]
    if r.reason:
        lines.append(f"    {safe(r.reason)}")
    if r.evidence and r.status != "not-cited":
        where = f" ({r.paper_ids[0]})" if r.paper_ids else ""
        lines.append(f"    “{safe(r.evidence)}”{where}")
    return "\n".join(lines)
