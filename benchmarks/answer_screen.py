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

from assistant import focus
from assistant.answer import Answer
from benchmarks.common import QUESTIONS  # noqa: E402
from eval.metrics import answer_scores
from eval.questions import Question, read_questions, resolve_gold, select_split

ROOT = Path(__file__).resolve().parent.parent
_VOICE = re.compile(r"\b(we|our|us)\b", re.IGNORECASE)


def row(question: Question, answer: Answer) -> dict[str, Any]:
    """One answer: the fact, and each shown verified sentence with what is wrong with it."""
    paper = {s.n: s.paper_id for s in answer.sources}
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
        "fact_shown": answer_scores(question, answer)["fact_stated"],
        "shown": sentences,
        "checking_s": answer.timings.get("checking", 0.0),
        "total_s": answer.timings.get("total", 0.0),
    }


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    shown = [s for r in rows for s in r["shown"]]
    facts = [r["fact_shown"] for r in rows if r["fact_shown"] is not None]
    return {
        "answers": len(rows),
        "fact_shown": sum(facts) / max(1, len(facts)),
        "shown_sentences": len(shown),
        **{k: sum(s[k] for s in shown) for k in ("other_paper", "voice", "scaffolding", "repeat")},
        "checking_s_median": statistics.median(r["checking_s"] for r in rows) if rows else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    from assistant.chain import Assistant
    from benchmarks.common import indexed_library, write_report

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", default="test", choices=["dev", "test"])
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "reports" / "answer_screen")
    args = p.parse_args(argv)
    settings, library = indexed_library()
    questions = [q for q in select_split(read_questions(QUESTIONS), args.split)
                 if q.type == "answer"]  # fmt: skip
    questions = resolve_gold(questions, [(r.paper_id, r.title) for r in library.papers()])
    assistant = Assistant(settings.model_copy(update={"backend": "embedded"}), library)
    rows = []
    for i, q in enumerate(questions):
        rows.append(row(q, assistant.ask(q.question)))
        print(f"{i + 1}/{len(questions)} {q.qid}", flush=True)
    result = summary(rows)
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


if __name__ == "__main__":
    raise SystemExit(main())
