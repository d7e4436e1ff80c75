"""Evaluation reports as Markdown: method, figures with intervals, comparisons and per-question notes."""

from __future__ import annotations

from typing import Any

from eval.evaluation import AnswerEval, RetrievalEval
from eval.report_tables import ANSWER_SCORES, ci, count, num, p_value, row


def retrieval_markdown(result: RetrievalEval) -> str:
    info, n = result.info, len(result.scored)
    types = count(q.type for q in result.questions if q.qid in set(result.scored))
    lines = [
        "# Retrieval evaluation",
        "",
        *_header(info),
        f"Questions: {len(result.questions)}; scored {n} ({types}); out-of-corpus (not scored) "
        f"{len(result.unanswerable)}. Ranking depth {result.depth}.",
        "",
        f"## Measures: mean over the {n} scored questions [95% bootstrap CI]",
        "",
        row(["mode", *result.measures, "search s"]),
        row(["---"] * (len(result.measures) + 2)),
    ]
    for mode, r in result.modes.items():
        cells = [ci(r.means[m], r.intervals[m]) for m in result.measures]
        lines.append(row([mode, *cells, f"{r.seconds:.1f}"]))
    if result.comparisons:
        lines += [
            "",
            "## Paired comparisons on per-question nDCG@10",
            "",
            row(["a vs b", "mean a - b [95% CI]", "wins / losses / ties", "p", "p (Holm)"]),
            row(["---"] * 5),
        ]
        lines += [
            row(
                [
                    f"{c.a} vs {c.b}",
                    ci(c.difference, c.interval),
                    f"{c.wins} / {c.losses} / {c.ties}",
                    p_value(c.p),
                    p_value(c.p_holm),
                ]
            )
            for c in result.comparisons
        ]
    lines += [
        "",
        "## By question type (means)",
        "",
        row(["type", "n", "mode", *result.measures]),
        row(["---"] * (len(result.measures) + 3)),
    ]
    for mode, r in result.modes.items():
        for t, means in r.by_type.items():
            lines.append(row([t, str(int(means["n"])), mode, *[f"{means[m]:.3f}" for m in result.measures]]))
    lines += [
        "",
        "## Out-of-corpus questions",
        "",
        "They have no relevant paper, so every ranking measure would be 0 whatever the mode returns: "
        "they are left out of the means above. Whether the assistant declines them is measured by "
        "`papers eval answers`; here is the signal it declines on, the best dense cosine, against "
        f"min_relevance = {result.min_relevance}.",
        "",
    ]
    if result.unanswerable:
        lines += [
            row(["qid", "question", "top dense cosine", f"< {result.min_relevance}"]),
            row(["---"] * 4),
        ]
        lines += [
            row(
                [
                    u["qid"],
                    u["question"],
                    num(u["top_dense_cosine"]),
                    "yes" if u["below_min_relevance"] else "no",
                ]
            )
            for u in result.unanswerable
        ]
        below = sum(u["below_min_relevance"] for u in result.unanswerable)
        lines += ["", f"{below} of {len(result.unanswerable)} out-of-corpus questions fall below it."]
    low = f" ({', '.join(result.low_cosine)})." if result.low_cosine else "."
    lines += [
        "",
        "Answerable questions whose best dense cosine is below it (would be declined wrongly): "
        f"{len(result.low_cosine)} of {n}{low}",
        "",
        "## How the figures are computed",
        "",
        *_method(info),
        "",
        "## Per question (nDCG@10)",
        "",
        row(["qid", "type", *result.modes]),
        row(["---"] * (len(result.modes) + 2)),
    ]
    qtype = {q.qid: q.type for q in result.questions}
    lines += [
        row([qid, qtype[qid], *[f"{r.scores['nDCG@10'][qid]:.3f}" for r in result.modes.values()]])
        for qid in result.scored
    ]
    return "\n".join(lines) + "\n"


def _method(info: dict[str, Any]) -> list[str]:
    resamples, seed = info.get("resamples", 2000), info.get("seed", 0)
    return [
        "- Measures by pytrec_eval through ir-measures, on paper-level rankings (each paper once), graded "
        "gold (2 relevant, 1 partly relevant): nDCG@10 uses the grades as gains; recall, RR and AP count "
        "grade >= 1.",
        "- RR@10 is pytrec_eval's recip_rank over the top 10 (its recip_rank has no cutoff). AP is over the "
        "retrieved depth.",
        "- The rankings are scored in the order the assistant returns them (trec_eval would reorder tied "
        "scores by paper_id); the `.run` files hold the modes' own scores. A question with no hits scores 0.",
        f"- Intervals: percentile bootstrap of the mean, questions resampled with replacement, {resamples} "
        f"resamples, seed {seed}; the same resamples for every mode (paired).",
        "- p: two-sided paired randomization test (10000 random sign flips of the per-question nDCG@10 "
        f"differences, seed {seed}); p (Holm) adjusts for the number of pairs.",
    ]


def answers_markdown(result: AnswerEval) -> str:
    models = count(" ".join((r["backend"], r["model"])) for r in result.rows) or "n/a"
    lines = [
        "# Answer evaluation",
        "",
        *_header(result.info),
        f"Questions: {len(result.rows)} ({count(r['type'] for r in result.rows)}); declined "
        f"{sum(r['declined'] for r in result.rows)}; "
        f"errors {sum(bool(r['error']) for r in result.rows)}. "
        f"Answered by: {models}.",
        "",
        "## Scores: mean over the questions each applies to [95% bootstrap CI]",
        "",
        row(["score", "mean [95% CI]", "questions"]),
        row(["---"] * 3),
    ]
    for n in ANSWER_SCORES:
        lines.append(row([n, ci(result.means.get(n), result.intervals.get(n)), str(result.counts.get(n, 0))]))
    stats = ("mean", "median", "p90", "max")
    lines += ["", "## Time (seconds)", "", row(["", *stats]), row(["---"] * 5)]
    lines += [row([k, *[f"{v[s]:.2f}" for s in stats]]) for k, v in result.timing.items()]
    types = list(result.by_type)
    lines += [
        "",
        "## By question type (means)",
        "",
        row(["score", *types]),
        row(["---"] * (len(types) + 1)),
    ]
    lines += [row([n, *[num(result.by_type[t].get(n)) for t in types]]) for n in ANSWER_SCORES]
    lines += [
        "",
        "## How the figures are computed",
        "",
        "- citation_validity: distinct cited numbers that were sources / (those + the numbers the "
        "chain removed as invented); citation_precision / recall: cited papers against the gold papers "
        "(grade >= 1), answerable questions only.",
        "- supported / added / contradicted / unsupported: shares of the model's sentences that make a "
        "claim (the verifier's statuses; no-claim sentences left out); verified = supported + added, the "
        "sentences shown as the answer. verified_with_wrong_number: verified sentences holding a number "
        "their cited source lacks (must be 0).",
        "- abstention_accuracy: out-of-corpus questions the assistant declined; false_abstention: "
        "answerable questions it declined. nugget_recall: nuggets found in what is shown (the "
        "evidence quotes and the verified answer), numbers compared by value; fact_stated: every nugget "
        "of the question found there (questions with nuggets); fact_in_evidence: in the quotes alone; "
        "fact_in_draft: in the model's own text, unchecked (what the app showed before evidence-first "
        "answers: the baseline, from the same run).",
        "- Each mean is over the questions the score applies to (the `questions` column); intervals: "
        f"percentile bootstrap of questions, {result.info.get('resamples', 2000)} resamples, "
        f"seed {result.info.get('seed', 0)}.",
    ]
    return "\n".join(lines) + "\n"


def _header(info: dict[str, Any]) -> list[str]:
    if not info:
        return []
    corpus, q, s = info["corpus"], info["questions"], info["settings"]
    return [
        f"Date {info['date']}; question file `{q['file']}` (split {q['split']}, sha256 {q['sha256'][:12]}).",
        f"Corpus: {corpus['papers']} papers, {corpus['chunks']} chunks, paper_ids sha256 "
        f"{corpus['paper_ids_sha256'][:12]}; embedding model {info['embedding_model']}.",
        "Settings: " + ", ".join(f"{k} {v}" for k, v in sorted(s.items())) + ".",
        "",
    ]
