"""`papers ask`: stream the answer to the terminal, then the numbered references."""

from __future__ import annotations

import argparse
import sys

from assistant.answer import Answer
from assistant.settings import Settings


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.chain import Assistant, Options, Token
    from assistant.cli import dump_json, filters_from

    options = Options(args.backend, args.model, args.k, args.mode, filters_from(args))
    answer: Answer | None = None
    for event in Assistant(settings).stream(args.question, None, options):
        if isinstance(event, Token):
            if not args.json:
                sys.stdout.write(event.text)
                sys.stdout.flush()
        else:
            answer = event
    assert answer is not None
    if args.json:
        dump_json(answer.to_dict())
    else:
        print("\n")
        print(render_references(answer))
    return 2 if answer.interrupted else 0


def render_references(answer: Answer) -> str:
    """The checked answer's references, flags and provenance, for a terminal."""
    lines: list[str] = []
    if answer.declined:
        lines.append("Nearest papers:")
        lines += [f"  - {p['title']} ({p['paper_id']})" for p in answer.nearest]
    else:
        lines.append("Checked answer: " + answer.text)
        lines.append("")
        lines.append("References:")
        for c in answer.citations:
            lines.append(f"  [{c.n}] {c.title} — {c.source} (support {c.support:.2f})")
            lines.append(f"      “{c.sentence}”")
        if not answer.citations:
            lines.append("  (none: no sentence of the answer is backed by a source)")
    for sentence in answer.unsupported:
        lines.append(f"  ! unsupported: {sentence}")
    if answer.removed:
        lines.append(f"  ! removed invented citations: {', '.join(f'[{n}]' for n in answer.removed)}")
    if answer.left_out:
        lines.append(f"  ! left out to fit the context: {len(answer.left_out)} source(s)")
    if answer.interrupted:
        lines.append(f"  ! INTERRUPTED: {answer.error}")
    t = answer.timings
    lines.append(
        f"-- {answer.backend} · {answer.model} · first token {t.get('first_token', 0):.1f}s"
        f" · total {t.get('total', 0):.1f}s"
    )
    return "\n".join(lines)
