"""Question sets, qrels, the evaluation runs and their reports; end to end on the session's index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer import Answer, Citation, Sentence
from eval.evaluation import evaluate_answers, evaluate_retrieval
from eval.questions import Question, attach_qrels, read_qrels, read_questions, resolve_gold, select_split
from eval.reports import write_answers, write_retrieval
from index.errors import PapersError, UnknownPaper
from index.retrieval import PaperHit
from index.settings import Settings
from ui.cli import build_parser

PAPERS = [("p1", "Attention Is All You Need"), ("p2", "Deep Residual Learning"), ("p3", "BERT")]


def test_read_qrels_beir_and_trec(tmp_path: Path) -> None:
    beir = tmp_path / "test.tsv"
    beir.write_text("query-id\tcorpus-id\tscore\nq1\tp1\t2\nq1\tp2\t0\nq2\tp3\t1\n")
    trec = tmp_path / "qrels.txt"
    trec.write_text("q1 0 p1 2\nq1 0 p2 0\nq2 0 p3 1\n")
    assert read_qrels(beir) == read_qrels(trec) == {"q1": {"p1": 2, "p2": 0}, "q2": {"p3": 1}}
    trec.write_text("q1 0 p1 high\n")
    with pytest.raises(PapersError, match="high"):
        read_qrels(trec)


def test_queries_with_qrels(tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text("".join(json.dumps({"_id": q, "text": q}) + "\n" for q in ("q1", "q2", "q3")))
    judged = attach_qrels(read_questions(queries), {"q1": {"p1": 2}, "q2": {"p2": 0}})
    assert [(q.qid, q.type, q.gold) for q in judged] == [
        ("q1", "topical", {"p1": 2}),
        ("q2", "out-of-corpus", {"p2": 0}),
    ]  # q3 unjudged


def test_split_and_titles() -> None:
    questions = [
        Question("a", "?", gold={"Attention Is All You Need": 2, "p2": 1}, split="dev"),
        Question("b", "?", gold={"bert ": 1}, split="test"),
    ]
    assert [q.qid for q in select_split(questions, "test")] == ["b"]
    assert len(select_split(questions, "all")) == 2
    with pytest.raises(PapersError, match="split"):
        select_split([Question("c", "?")], "dev")
    resolved = resolve_gold(questions, PAPERS)
    assert [q.gold for q in resolved] == [{"p1": 2, "p2": 1}, {"p3": 1}]
    with pytest.raises(UnknownPaper, match="'Attention Is Not All You Need'") as caught:
        resolve_gold([Question("z", "?", gold={"Attention Is Not All You Need": 2})], PAPERS)
    assert "z:" in str(caught.value)


def fake_search(query: str, k: int, mode: str) -> list[PaperHit]:
    """dense finds p1 then p2, bm25 finds p2 then p1, hybrid finds p1 then p2; "nothing" finds nothing."""
    if query == "nothing":
        return []
    order = ["p2", "p1", "p3"] if mode == "bm25" else ["p1", "p2", "p3"]
    score = 0.2 if query == "weather" else 0.9
    return [PaperHit(pid, pid, score - i * 0.1, "", "", pid) for i, pid in enumerate(order)][:k]


QUESTIONS = [
    Question("q1", "attention", "known-item", {"p1": 2}),
    Question("q2", "resnets", "topical", {"p1": 1, "p2": 2}),
    Question("q3", "nothing", "topical", {"p3": 2}),
    Question("o1", "weather", "out-of-corpus"),
]


def test_evaluate_retrieval_with_a_fake(tmp_path: Path) -> None:
    result = evaluate_retrieval(QUESTIONS, fake_search, ["dense", "bm25", "hybrid"], [1, 5], 0.3, 200)
    assert result.scored == ["q1", "q2", "q3"]  # the out-of-corpus question is reported apart
    assert result.depth == 10
    dense = result.modes["dense"]
    assert dense.scores["R@1"] == {"q1": 1.0, "q2": 0.5, "q3": 0.0}
    assert result.modes["bm25"].scores["RR@10"] == {"q1": 0.5, "q2": 1.0, "q3": 0.0}
    assert dense.means["R@1"] == pytest.approx(0.5)
    assert set(dense.by_type) == {"known-item", "topical"}
    assert dense.by_type["topical"]["n"] == 2
    hybrid_dense = result.comparisons[0]
    assert (hybrid_dense.a, hybrid_dense.b, hybrid_dense.p, hybrid_dense.ties) == ("hybrid", "dense", 1.0, 3)
    assert [u["qid"] for u in result.unanswerable] == ["o1"]
    assert result.unanswerable[0]["below_min_relevance"] is True
    assert result.low_cosine == ["q3"]  # no dense hit at all

    files = write_retrieval(result, tmp_path)
    assert {f.name for f in files} >= {"dense.run", "report.md", "report.json", "metrics.png", "wins.png"}
    line = (tmp_path / "bm25.run").read_text().splitlines()[0].split()
    assert line == ["q1", "Q0", "p2", "1", "0.90000000", "papers-bm25"]


def test_evaluate_answers_with_a_fake(tmp_path: Path) -> None:
    def ask(question: str) -> Answer:
        if question == "weather":
            return Answer(question, declined=True, timings={"total": 0.1})
        return Answer(
            question,
            text="Attention [1].",
            citations=[Citation(1, "p1", "t", "s", "x", "y", 0.9)],
            sentences=[Sentence("Attention [1].", [1], "supported")],
            timings={"first_token": 0.2, "total": 1.0},
        )

    result = evaluate_answers(QUESTIONS, ask, 200)
    assert result.means["citation_validity"] == 1.0
    assert result.counts["abstention_accuracy"] == 1 and result.means["abstention_accuracy"] == 1.0
    assert result.means["false_abstention"] == 0.0
    assert result.means["citation_recall"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert result.timing["total_s"]["max"] == 1.0
    files = write_answers(result, tmp_path)
    assert all(f.stat().st_size > 0 for f in files)
    assert json.loads((tmp_path / "report.json").read_text())["means"]["supported"] == 1.0


# exact titles of bundled papers (and one known-item asked about by its subject)
CONVLLAVA = "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"
DOCOWL = "mPLUG-DocOwl 1.5: Unified Structure Learning for OCR-free Document Understanding"
E2E = [  # qid, type, question, gold
    (
        "t1",
        "known-item",
        "taxonomy generation and text classification of chat logs with LLMs",
        {"TnT-LLM: Text Mining at Scale with Large Language Models": 2},
    ),
    (
        "t2",
        "known-item",
        "serving many fine-tuned LLMs by sharing blocks",
        {"BlockLLM: Multi-tenant Finer-grained Serving for Large Language Models": 2},
    ),
    (
        "t3",
        "topical",
        "human-annotated dataset for document layout analysis",
        {"DocLayNet: A Large Human-Annotated Dataset for Document-Layout Analysis": 2},
    ),
    (
        "t4",
        "known-item",
        "convolution kernels whose dilation spacings are learned",
        {"Dilated convolution with learnable spacings": 2},
    ),
    (
        "t5",
        "topical",
        "vision encoders for multimodal models with hierarchical convolutional backbones",
        {CONVLLAVA: 2, DOCOWL: 1},
    ),
    ("t6", "out-of-corpus", "recipes for sourdough bread", {}),
]


def _eval(argv: list[str], settings: Settings) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args, settings))


def test_papers_eval_retrieval_end_to_end(indexed_settings: Settings, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    lines = [
        json.dumps({"qid": q, "type": t, "question": text, "gold": gold, "split": "test"})
        for q, t, text, gold in E2E
    ]
    lines.append(json.dumps({"qid": "d1", "question": "dev", "gold": {DOCOWL: 2}, "split": "dev"}))
    questions.write_text("# a comment\n" + "\n".join(lines) + "\n")
    out = tmp_path / "report"
    assert (
        _eval(
            ["eval", "retrieval", str(questions), "--split", "test", "--out", str(out), "--resamples", "200"],
            indexed_settings,
        )
        == 0
    )
    for mode in ("dense", "bm25", "hybrid"):
        rows = [line.split() for line in (out / f"{mode}.run").read_text().splitlines()]
        assert rows and all(len(r) == 6 and r[1] == "Q0" and r[5] == f"papers-{mode}" for r in rows)
        assert {r[0] for r in rows} == {"t1", "t2", "t3", "t4", "t5", "t6"}
    report = json.loads((out / "report.json").read_text())
    assert report["scored"] == ["t1", "t2", "t3", "t4", "t5"]
    for mode in ("dense", "bm25", "hybrid"):
        assert set(report["modes"][mode]["means"]) == {"nDCG@10", "R@1", "R@5", "R@10", "RR@10", "AP"}
        assert set(report["modes"][mode]["per_question"]) == {"t1", "t2", "t3", "t4", "t5"}
    assert report["modes"]["hybrid"]["means"]["R@10"] > 0.5  # sanity: these are easy
    assert report["info"]["corpus"]["papers"] > 100 and report["info"]["settings"]["rrf_k"] == 60
    assert len(report["comparisons"]) == 3 and all(0 < c["p"] <= 1 for c in report["comparisons"])
    assert [u["qid"] for u in report["out_of_corpus"]] == ["t6"]
    markdown = (out / "report.md").read_text()
    assert "nDCG@10" in markdown and "Out-of-corpus" in markdown and "hybrid vs dense" in markdown
    for png in ("metrics.png", "wins.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and (out / png).stat().st_size > 5000


def test_papers_eval_names_an_unknown_gold_paper(indexed_settings: Settings, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"qid": "x", "question": "?", "gold": {"A Paper That Is Not There": 2}}))
    with pytest.raises(UnknownPaper, match="A Paper That Is Not There"):
        _eval(["eval", "retrieval", str(questions), "--out", str(tmp_path / "r")], indexed_settings)
    assert not (tmp_path / "r").exists()


@pytest.mark.slow
def test_papers_eval_answers_end_to_end(indexed_settings: Settings, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    layout = "DocLayNet: A Large Human-Annotated Dataset for Document-Layout Analysis"
    rows = [
        {
            "qid": "a1",
            "question": "Which dataset of human-annotated document layouts is described?",
            "type": "answer",
            "gold": {layout: 2},
            "nuggets": ["layout"],
        },
        {"qid": "o1", "question": "recipes for sourdough bread", "type": "out-of-corpus"},
    ]
    questions.write_text("".join(json.dumps(row) + "\n" for row in rows))
    settings = indexed_settings.model_copy(update={"max_tokens": 64, "temperature": 0.0})
    out = tmp_path / "answers"
    assert (
        _eval(
            [
                "eval",
                "answers",
                str(questions),
                "--backend",
                "embedded",
                "--out",
                str(out),
                "--resamples",
                "100",
            ],
            settings,
        )
        == 0
    )
    report = json.loads((out / "report.json").read_text())
    answered = {r["qid"]: r for r in report["questions"]}
    assert set(answered) == {"a1", "o1"}
    assert answered["a1"]["timings"]["total"] > 0 and report["counts"]["abstention_accuracy"] == 1
    assert report["info"]["settings"]["max_tokens"] == 64
    for png in ("metrics.png", "timings.png"):
        assert (out / png).stat().st_size > 5000
