"""`papers ask`: stream the answer to the terminal, then the numbered references."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from assistant.answer import Answer, Evidence
from ui.counts import count
from ui.output import safe

if TYPE_CHECKING:
    from index.settings import Settings

NOT_SHOWN_MARK = {"contradicted": "✗ contradicted", "set-aside": "– not shown"}  # else "? unsupported"


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.chain import Assistant, Options, Quotes, Token
    from index.errors import PapersError
    from index.limits import MAX_QUESTION
    from ui.output import dump_json, filters_from

    if not args.question.strip():
        raise PapersError('Ask a question in words: papers ask "How can transformers be pruned?"')
    if len(args.question) > MAX_QUESTION:
        raise PapersError(
            f"The question is {len(args.question):,} characters; ask in at most {MAX_QUESTION:,}."
        )
    options = Options(args.backend, args.model, args.k, args.mode, filters_from(args))
    assistant = Assistant(settings)  # its one Library serves --bibtex too
    answer: Answer | None = None
    # the draft goes to a terminal's stderr while the model writes, marked as such: only the
    # checked answer is printed as the answer
    draft = not args.json and sys.stderr.isatty()
    try:
        for event in assistant.stream(args.question, None, options):
            if isinstance(event, Quotes):
                if not args.json and event.evidence:
                    print(render_evidence(event.evidence), flush=True)
                    if draft:
                        sys.stderr.write("\x1b[2mDraft (checked before it is shown): ")
            elif isinstance(event, Token):
                if draft:
                    sys.stderr.write(safe(event.text, newlines=True))
                    sys.stderr.flush()
            else:
                answer = event
    finally:  # an error or Ctrl-C in the middle does not leave the terminal dimmed
        if draft:
            sys.stderr.write("\x1b[0m\n")
    assert answer is not None
    if note := replaced_model(args.model, args.backend or settings.backend, answer):
        print(f"papers: note: {note}", file=sys.stderr)
    if args.json:
        dump_json(answer.to_dict())
    else:
        print(render_references(answer))
    if getattr(args, "bibtex", False):
        cited = list(
            dict.fromkeys([c.paper_id for c in answer.citations] + [e.paper_id for e in answer.evidence])
        )
        print(assistant.library.bibtex(cited), end="")
    return 2 if answer.interrupted else 0


def replaced_model(asked: str | None, backend: str, answer: Answer) -> str:
    """What to say when the auto backend answered with another model than --model named ("" if none).

    With auto, --model names an Ollama model; when Ollama cannot run it, the embedded default answers.

    Example:
        >>> answer = Answer("What is X?", backend="embedded", model="SmolLM2-135M-Instruct.Q4_1.gguf")
        >>> replaced_model("/etc/passwd", "auto", answer)
        "--model '/etc/passwd' was not used: ... the embedded model SmolLM2-135M-Instruct.Q4_1.gguf answered
        instead. ..."
    """
    if not asked or backend != "auto" or answer.backend != "embedded":
        return ""
    return (
        f"--model {safe(asked)!r} was not used: with --backend auto it names an Ollama model, and "
        f"Ollama could not run it, so the embedded model {safe(answer.model)} answered instead. "
        "For a GGUF file, add --backend embedded; for Ollama, start it and pull the model."
    )


def render_evidence(evidence: list[Evidence]) -> str:
    """The quotes that answer the question, verbatim: what the answer is built on."""
    lines = ["From the papers:"]
    for e in evidence:
        lines.append(f"  [{e.n}] “{safe(e.quote)}”")
        lines.append(f"      — {safe(e.title)} ({e.paper_id})")
    return "\n".join(lines) + "\n"


def render_references(answer: Answer) -> str:
    """The checked answer, its references, what was not verified and why, and provenance."""
    lines: list[str] = []
    if answer.declined:
        lines.append(answer.text)
        lines.append("Nearest papers:")
        lines += [f"  - {safe(p['title'])} ({p['paper_id']})" for p in answer.nearest]
    elif answer.text:
        lines.append("Answer (each sentence verified): " + safe(answer.text))
    elif answer.evidence:
        lines.append("No sentence of the model's answer could be verified: the quotes above are the answer.")
    else:
        lines.append(
            "No sentence of the model's answer could be verified, and no source sentence answers it."
        )
    if answer.citations:
        lines.append("")
        lines.append("References:")
        for c in answer.citations:
            support = min(1.0, max(0.0, c.support))  # the verifier's cosine: 0 to 1
            lines.append(f"  [{c.n}] {safe(c.title)} — {safe(c.source)} (support {support:.2f})")
            lines.append(f"      “{safe(c.sentence)}”")
    if answer.not_verified:
        lines.append("")
        lines.append("Not verified (not part of the answer):")
        for s in answer.not_verified:
            mark = NOT_SHOWN_MARK.get(s.status, "? unsupported")
            lines.append(f"  {mark}: {safe(s.text)}")
            lines.append(f"      {safe(s.reason)}")
    if answer.instructions_removed:
        where = ", ".join(f"[{n}]" for n in answer.instructions_removed)
        lines.append(f"  ! text addressed to the assistant was removed from {where} before the model read it")
    if answer.removed:
        lines.append(f"  ! removed invented citations: {', '.join(f'[{n}]' for n in answer.removed)}")
    if answer.left_out:
        lines.append(f"  ! left out to fit the context: {count(len(answer.left_out), 'source')}")
    if answer.interrupted:
        lines.append(f"  ! INTERRUPTED: {answer.error}")
    t = answer.timings
    lines.append(
        f"-- {answer.backend} · {answer.model} · first token {t.get('first_token', 0):.1f}s"
        f" · total {t.get('total', 0):.1f}s"
    )
    return "\n".join(lines)
