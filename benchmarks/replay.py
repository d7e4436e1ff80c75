"""A capable model's answers, replayed through the real answer path: what the reader is shown as verified.

Ollama's default model cannot run here, and most people will use it. So the answers a 3B instruct
model would give to the dev answer questions were written by hand (benchmarks/replay_answers.jsonl:
paraphrases, rounding, two facts joined, citations, and realistic errors, each sentence labelled).
Each is served by the Ollama protocol fake to the real clients, and goes through retrieval, the
quotes, the checker and the answer screen like any answer. `[@PAPER_ID]` marks become the number
of that paper's source in the prompt.

    python -m benchmarks.replay [--out benchmarks/reports/replay]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "benchmarks" / "replay_answers.jsonl"
from helpers.fake_ollama import FakeOllama  # noqa: E402

from assistant import claims as read  # noqa: E402
from assistant.answer import Answer, Sentence  # noqa: E402
from assistant.chain import Assistant  # noqa: E402
from index.library import Library  # noqa: E402
from index.settings import Settings  # noqa: E402

_MARK = re.compile(r"\[@([\w:.\-]+)\]")


def load(path: Path = ANSWERS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _match(labelled: str, checked: list[Sentence]) -> Sentence | None:
    """The checked sentence that came from a labelled one (marks and voice may differ)."""
    words = read.content(_MARK.sub("", labelled))
    best, score = None, 0.0
    for s in checked:
        theirs = read.content(s.text)
        overlap = len(words & theirs) / max(1, len(words | theirs))
        if overlap > score:
            best, score = s, overlap
    return best if score >= 0.6 else None


def replay(settings: Settings, library: Library, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each labelled sentence with what the reader was shown: verified, or not (with the reason)."""
    out = []
    with FakeOllama(reply="probe [1].") as fake:
        assistant = Assistant(
            settings.model_copy(update={"backend": "ollama", "ollama_url": fake.url}), library
        )
        for row in rows:
            fake.reply = "probe [1]."
            sources = assistant.ask(row["question"]).sources
            number: dict[str, int] = {}
            for s in sources:
                number.setdefault(s.paper_id, s.n)
            text = " ".join(
                _MARK.sub(lambda m: f"[{number.get(m.group(1), 99)}]", s["text"]) for s in row["sentences"]  # noqa: B023
            )
            fake.reply = text
            answer: Answer = assistant.ask(row["question"])
            for s in row["sentences"]:
                if s["true"] is None:
                    continue
                found = _match(s["text"], answer.sentences)
                out.append({
                    "qid": row["qid"], "kind": s["kind"], "true": s["true"], "text": s["text"],
                    "answers": s.get("answers", True),
                    "shown": bool(found and found.verified), "status": found.status if found else "dropped",
                    "reason": found.reason if found else "", "cited_in_prompt": all(
                        m in number for m in _MARK.findall(s["text"])),
                })  # fmt: skip
    return out


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Shares over the sentences that cite only papers in the prompt (a model cites what it was given).

    A sentence set aside because it repeats a quote counts as shown: its words are on screen, verified, as
    the quote.
    """
    for r in rows:
        r["shown"] = r["shown"] or r["reason"].startswith("repeats the quote")
    cited = [r for r in rows if r["cited_in_prompt"]]
    off = [r for r in cited if r["true"] and not r.get("answers", True)]  # true of another paper
    true = [r for r in cited if r["true"] and r.get("answers", True)]
    false = [r for r in cited if not r["true"]]
    kinds: dict[str, list[bool]] = {}
    for r in cited:
        kinds.setdefault(r["kind"], []).append(r["shown"])
    return {
        "outside_prompt": len(rows) - len(cited),
        "true_sentences": len(true),
        "false_sentences": len(false),
        "true_shown": sum(r["shown"] for r in true) / max(1, len(true)),
        "false_shown": sum(r["shown"] for r in false) / max(1, len(false)),
        "off_question_sentences": len(off),
        "off_question_shown": sum(r["shown"] for r in off),
        "shown_by_kind": {k: {"n": len(v), "shown": sum(v) / len(v)} for k, v in sorted(kinds.items())},
    }


def main(argv: list[str] | None = None) -> int:
    from benchmarks.common import indexed_library, write_report

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "reports" / "replay")
    args = p.parse_args(argv)
    settings, library = indexed_library()
    rows = replay(settings, library, load())
    result = summary(rows)
    lines = [
        "# Capable-model replay (`python -m benchmarks.replay`)",
        "",
        f"{result['true_sentences']} true sentences that answer, and {result['false_sentences']} false sentences, hand-written as a 3B "  # noqa: E501
        "instruct model would answer the dev answer questions, replayed through the Ollama protocol fake and "
        "the real answer path. Shown = shown to the reader as a verified sentence of the answer (or as "
        f"the quote it repeats). {result['outside_prompt']} sentences cite a paper that retrieval did not put "  # noqa: E501
        "in the prompt; they are left out of the shares.",
        "",
        f"- true sentences shown as verified: **{result['true_shown']:.3f}** (target >= 0.85)",
        f"- false sentences shown as verified: **{result['false_shown']:.3f}** (target <= 0.05)",
        f"- true sentences about another paper than the question's (labelled in the later answers), shown as "
        f"verified: **{result['off_question_shown']} of {result['off_question_sentences']}**",
        "",
        "| kind | n | shown as verified |",
        "|---|---|---|",
        *[f"| {k} | {v['n']} | {v['shown']:.2f} |" for k, v in result["shown_by_kind"].items()],
        "",
        "## Sentences judged wrong",
        "",
        *[
            f"- **{r['kind']}** ({'true' if r['true'] else 'false'}) → {r['status']}: {r['text']}  \n  {r['reason']}"  # noqa: E501
            for r in rows
            if r["shown"] != r["true"]
        ],
    ]
    write_report(args.out, {"summary": result, "sentences": rows}, "\n".join(lines) + "\n")
    print(f"true shown {result['true_shown']:.3f}, false shown {result['false_shown']:.3f}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
