"""What the embedded model's answers show as verified, on the answer questions of one split.

For each question of type "answer" (eval/questions.jsonl), the real chain with the embedded model
answers, and the shown verified sentences are counted:

- the asked fact is on screen (in the quotes or the verified answer);
- a shown sentence cites only papers other than the question's;
- a shown sentence is in the paper's voice ("we", "our"), is scaffolding, or repeats another.

    python -m benchmarks.answer_screen [--split test] [--out benchmarks/reports/answer_screen]
"""

from __future__ import annotations

import argparse
import re
import statistics
from pathlib import Path
from typing import Any

import numpy as np

from assistant import focus
from assistant.answer import Answer
from benchmarks.common import QUESTIONS, write_report
from eval.metrics import answer_scores
from eval.questions import Question, read_questions, resolve_gold, select_split

ROOT = Path(__file__).resolve().parent.parent
_VOICE = re.compile(r"\b(we|our|us)\b", re.IGNORECASE)


def row(question: Question, answer: Answer, relevance: list[float] | None = None) -> dict[str, Any]:
    """One answer: the fact, and each shown verified sentence with what is wrong with it.

    `relevance`: the cosine of each of the answer's sentences and the question, to tune the screen on
    (kept in the report's rows, with each checked sentence's papers and the quotes').
    """
    paper = {s.n: s.paper_id for s in answer.sources}
    checked = [
        {"text": s.text, "status": s.status, "reason": s.reason,
         "papers": sorted({paper.get(n, "") for n in s.cites}),
         "gold": any(paper.get(n) in question.gold for n in s.cites),
         "relevance": round(relevance[i], 4) if relevance else None}
        for i, s in enumerate(answer.sentences) if s.verified or s.status == "set-aside"
    ]  # fmt: skip
    quotes = [{"n": e.n, "paper": e.paper_id, "score": round(e.score, 4), "gold": e.paper_id in question.gold}
              for e in answer.evidence]  # fmt: skip
    shown = [s for s in answer.sentences if s.verified]
    seen: set[str] = set()
    sentences = []
    for s in shown:
        key = " ".join(s.text.lower().split())
        sentences.append({
            "text": s.text,
            "other_paper": bool(s.cites) and not any(paper.get(n) in question.gold for n in s.cites),
            "voice": bool(_VOICE.search(s.text)),
            "scaffolding": not focus.well_formed(s.text),
            "repeat": key in seen,
        })  # fmt: skip
        seen.add(key)
    return {
        "qid": question.qid,
        "checked": checked,
        "quotes": quotes,
        "fact_shown": answer_scores(question, answer)["fact_stated"],
        "shown": sentences,
        "sentences": len(answer.sentences),
        "set_aside": sum(s.status == "set-aside" for s in answer.sentences),
        "prompt_tokens": answer.prompt_tokens,
        "first_token_s": answer.timings.get("first_token", 0.0),
        "checking_s": answer.timings.get("checking", 0.0),
        "total_s": answer.timings.get("total", 0.0),
    }


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    shown = [s for r in rows for s in r["shown"]]
    facts = [r["fact_shown"] for r in rows if r["fact_shown"] is not None]
    written = sum(r["sentences"] for r in rows)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rows) if rows else 0.0

    return {
        "answers": len(rows),
        "fact_shown": sum(facts) / max(1, len(facts)),
        "shown_sentences": len(shown),
        "model_sentences": written,
        "share_verified": len(shown) / max(1, written),
        "set_aside": sum(r["set_aside"] for r in rows),
        **{k: sum(s[k] for s in shown) for k in ("other_paper", "voice", "scaffolding", "repeat")},
        "prompt_tokens_median": median("prompt_tokens"),
        "first_token_s_median": median("first_token_s"),
        "total_s_median": median("total_s"),
        "checking_s_median": median("checking_s"),
    }


def main(argv: list[str] | None = None) -> int:
    from assistant.chain import Assistant
    from benchmarks.common import indexed_library

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", default="test", choices=["dev", "test"])
    p.add_argument("--out", type=Path, help="default: benchmarks/reports/answer_screen (_prompt with both)")
    p.add_argument(
        "--prompt", default="auto", choices=["auto", "evidence", "chunks", "both"],
        help="what the model reads (PAPERS_PROMPT_SOURCES); both: chunks and evidence, alternating",
    )  # fmt: skip
    args = p.parse_args(argv)
    if args.out is None:
        name = "answer_screen_prompt" if args.prompt == "both" else "answer_screen"
        args.out = ROOT / "benchmarks" / "reports" / name
    settings, library = indexed_library()
    questions = [q for q in select_split(read_questions(QUESTIONS), args.split)
                 if q.type == "answer"]  # fmt: skip
    questions = resolve_gold(questions, [(r.paper_id, r.title) for r in library.papers()])
    variants = ["chunks", "evidence"] if args.prompt == "both" else [args.prompt]
    assistants = {
        v: Assistant(settings.model_copy(update={"backend": "embedded", "prompt_sources": v}), library)
        for v in variants
    }
    assistants[variants[0]].ask(questions[0].question)  # warm: the model, the embedder, the index
    by_variant: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    for i, q in enumerate(questions):
        for v in variants:
            answer = assistants[v].ask(q.question)
            vectors = np.array(library.embedder.embed_documents([s.text for s in answer.sentences] or ["-"]))
            relevance = (vectors @ np.array(library.embedder.embed_query(q.question))).tolist()
            by_variant[v].append(row(q, answer, relevance))
        print(f"{i + 1}/{len(questions)} {q.qid}", flush=True)
    summaries = {v: summary(rs) for v, rs in by_variant.items()}
    if len(variants) > 1:
        return _compare(args, summaries, by_variant)
    rows, result = by_variant[variants[0]], summaries[variants[0]]
    lines = [
        f"# What answers show as verified (`python -m benchmarks.answer_screen --split {args.split}`)",
        "",
        f"{result['answers']} answer questions ({args.split} split), embedded model.",
        "",
        f"- asked fact on screen: **{result['fact_shown']:.2f}**",
        f"- shown verified sentences: {result['shown_sentences']}; citing only another paper: "
        f"**{result['other_paper']}**; paper's voice: **{result['voice']}**; scaffolding: "
        f"**{result['scaffolding']}**; repeated: **{result['repeat']}**",
        f"- whole-answer check, median: {result['checking_s_median']:.3f} s",
        "",
        "## Shown sentences",
        "",
    ]
    for r in rows:
        for s in r["shown"]:
            flags = [k for k in ("other_paper", "voice", "scaffolding", "repeat") if s[k]]
            lines.append(f"- {r['qid']}: {s['text']}" + (f" **({', '.join(flags)})**" if flags else ""))
    write_report(args.out, {"summary": result, "rows": rows}, "\n".join(lines) + "\n")
    print(lines[4], lines[5], lines[6], sep="\n")
    return 0


def _compare(args: Any, summaries: dict[str, dict[str, Any]], rows: dict[str, list[dict[str, Any]]]) -> int:
    """Both prompts side by side: what the answers show, and how long the model took to read and write."""
    keys = [
        ("fact_shown", "asked fact on screen", "{:.2f}"),
        ("share_verified", "model sentences shown as verified", "{:.2f}"),
        ("shown_sentences", "verified sentences shown", "{}"),
        ("set_aside", "verified but set aside (off the question, ill-formed, repeated)", "{}"),
        ("other_paper", "shown sentences citing only another paper", "{}"),
        ("voice", "shown in the paper's voice", "{}"),
        ("prompt_tokens_median", "prompt tokens, median", "{:.0f}"),
        ("first_token_s_median", "first token, median s", "{:.2f}"),
        ("total_s_median", "whole answer, median s", "{:.2f}"),
    ]
    n = summaries["chunks"]["answers"]
    lines = [
        "# What the small model reads: every chunk, or the evidence (`python -m benchmarks.answer_screen "
        f"--prompt both --split {args.split}`)",
        "",
        f"{n} answer questions ({args.split} split), embedded model, warm; the two prompts alternate per "
        "question in one process.",
        "",
        "| | every packed chunk | evidence passages |",
        "|---|---|---|",
        *(
            f"| {label} | {fmt.format(summaries['chunks'][k])} | {fmt.format(summaries['evidence'][k])} |"
            for k, label, fmt in keys
        ),
    ]
    write_report(args.out, {"summaries": summaries, "rows": rows}, "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
