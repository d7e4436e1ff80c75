"""Evidence first: the source sentences that best answer the question, quoted verbatim.

A sentence scores by meaning (cosine with the question), shared terms, the share of the terms of the
part that asks ("... was first trained on which instructional video dataset?"), and the share of the
question's terms its paper holds anywhere in the sources (a question paraphrases one paper's whole
account: its setting, its mechanism and its result, rarely all in one sentence); for a question that
asks for a quantity ("how many", "how long", "what accuracy"), a sentence with a number scores
higher, and for one that asks for a name ("which dataset"), a sentence with a distinctive name.
The weights are tuned on the dev answer questions of eval/questions.jsonl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant import claims as read
from assistant.answer import Evidence, Source
from assistant.verifier import Verifier
from index.chunking import split_sentences

_QUANTITY = re.compile(
    r"\bhow (many|much|long|fast|large|big|often)\b|\bwhat (accuracy|score|speed-?up|fid|map|percentage|"
    r"size|number|fraction|share|rate|bleu|f1|top-1|perplexity|latency)\b|\bhow .{0,30}\b(take|need|reach|"
    r"achieve|contain|hold|produce|keep)\b|\bwhat .{0,40}\b(accuracy|score|fid|speedup|mAP|tokens|range|"
    r"margin|auc|f1|gain|share|ratio|factor|reduction|error|rate)s?\b|\bby (what|how much)\b",
    re.IGNORECASE,
)
# "1) a Base-Net; 2) ...; and 3) ...": markers of a list, not quantities (a "(12)" mid-sentence is kept)
_ENUMERATOR = re.compile(r"(^|[;:,]|\band\b|\bor\b)\s*\(?\d{1,2}\)(?=\s|$)")
_NAME = re.compile(r"\b(which|what is the name|what .{0,20} called|name the|from which)\b", re.IGNORECASE)
# a question's wh-words; the one that asks opens the question (after a preposition or a hedge: "By up to
# how much", "On which") or, when none does, is the last one that opens no relative clause (", which") or
# subordinate one ("When a model ...")
_WH = re.compile(r"\b(what|which|how|who|whom|when|where)\b", re.IGNORECASE)
# ", which gradually merges ...", ", which treats the pixels ...": a relative clause, not a question
_RELATIVE = re.compile(
    r"(?:which|who|whom)\s+(?:\w+ly\b|\w+(?<!s)s\s+(?:the|a|an|its|their|to|on|in|from|with|into|by)\b)", re.I
)
_SENTENCE = re.compile(r"[.?!]\s+")
_OPENS = re.compile(r"^\s*(?:[\w-]+\s+){0,3}$")
_SUBORDINATE = re.compile(r"\s*(?:a|an|the|its|their|it|they|this|these|one)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Weights:
    """How a sentence's score is made; tuned on the dev answer questions (benchmarks/reports/evidence)."""

    terms: float = 0.25  # share of the question's content words in the sentence
    number: float = 0.3  # a number, when the question asks for a quantity
    name: float = 0.2  # a distinctive name, when the question asks which one
    # share of the content words of the part that asks (`asked`) in the sentence: on the 71 dev answers,
    # 0.5 puts the asked fact in the first quote in 56 (45 without) and in any quote in 67 (64 without)
    focus: float = 0.5
    rank: float = 0.1  # for the source's place in retrieval: rank / n, the first source most
    # share of the question's content words anywhere in the sentence's paper (its chunks among the
    # sources): on the 71 dev answers the first quote's paper is the question's in 70, against 67 without
    paper: float = 0.5
    min_score: float = 0.3  # below this a sentence is not shown as evidence (not tuned)
    keep_within: float = 0.5  # a second or third quote must score within this of the first


def wants_quantity(question: str) -> bool:
    """Whether the question asks for a number.

    Example:
        >>> wants_quantity("How many pages does it contain?")
        True
    """
    return bool(_QUANTITY.search(question))


def asked(question: str) -> str:
    """The part of the question that asks, with the few words before it; "" when none is found.

    Example:
        >>> asked("A model that sorts remarks from text, audio and video reaches what range of AUCs?")
        'and video reaches what range of AUCs'
        >>> asked("Which kind of attention-head design, with ReLU routing, is built into the model?")
        'Which kind of attention-head design'
    """
    found = [
        m for m in _WH.finditer(question)
        if not (question[: m.start()].rstrip().endswith(",") and _RELATIVE.match(question, m.start()))
        and not (m.group(1).lower() in ("when", "where") and _SUBORDINATE.match(question, m.end()))
    ]  # fmt: skip
    if not found:
        return ""
    m = next((m for m in found if _OPENS.match(_SENTENCE.split(question[: m.start()])[-1])), found[-1])
    before = " ".join(re.split(r"[,;:]", _SENTENCE.split(question[: m.start()])[-1])[-1].split()[-3:])
    after = re.split(r"[,;?]|\b(?:that|which|who|whose)\b", question[m.end() :])[0].split()[:6]
    return " ".join([before, m.group(1), *after]).strip()


def states_quantity(sentence: str) -> bool:
    """Whether a sentence gives a number other than a list's "1)" markers.

    Example:
        >>> states_quantity("1) a Base-Net; 2) an Overview-Net; and 3) a Focus-Net")
        False
        >>> states_quantity("It improves BLEU (+3) over the baseline.")
        True
        >>> states_quantity("It reaches 84.2% top-1 accuracy.")
        True
    """
    return bool(read.numbers(_ENUMERATOR.sub(r"\1 ", sentence)))


@dataclass(frozen=True)
class Candidate:
    """One source sentence and what its score is made of (`Weights` turn these into the score)."""

    source: Source
    sentence: str
    cosine: float  # with the question
    terms: float  # share of the question's content words in the sentence
    paper: float  # share of them anywhere in the sentence's paper, among the sources
    number: bool  # states a number, and the question asks for a quantity
    name: bool  # names something distinctive, and the question asks which one
    # share of the content words of the part that asks in the sentence, times its paper's share of the
    # question's words against the best paper's
    focus: float = 0.0

    def score(self, w: Weights) -> float:
        return (
            self.cosine + w.terms * self.terms + w.paper * self.paper + w.rank / self.source.n
            + w.number * self.number + w.name * self.name + w.focus * self.focus
        )  # fmt: skip


def candidates(question: str, sources: list[Source], verifier: Verifier) -> list[Candidate]:
    """Every sentence of the sources, with the parts of its score."""
    rows = [(s, sent) for s in sources for sent in split_sentences(s.text)]
    if not rows:
        return []
    vectors = verifier.embed([question] + [sent for _, sent in rows])
    cosines = vectors[1:] @ vectors[0]
    wanted = read.content(question)
    held: dict[str, set[str]] = {}
    for s in sources:
        held.setdefault(s.paper_id, set()).update(read.content(s.text) & wanted)
    quantity, name = wants_quantity(question), bool(_NAME.search(question))
    n = max(1, len(wanted))
    part = read.content(asked(question))
    # the part that asks counts as much as the sentence's paper is the one the question describes: "the
    # two training phases" of another paper's method answers nothing (on the 71 dev answers, the first
    # quote comes from the question's paper in 70, against 69 with the part counted alike everywhere)
    most = max(len(h) for h in held.values()) or 1
    return [
        Candidate(source, sent, float(cos), len(wanted & (words := read.content(sent))) / n,
                  len(held[source.paper_id]) / n, quantity and states_quantity(sent),
                  name and bool(read.names(sent)),
                  len(part & words) / max(1, len(part)) * len(held[source.paper_id]) / most)
        for (source, sent), cos in zip(rows, cosines, strict=True)
    ]  # fmt: skip


def pick(found: list[Candidate], weights: Weights | None = None, most: int = 3) -> list[Evidence]:
    """The best-scoring one to three sentences, each with its source's [n]."""
    w = weights or Weights()
    scored = sorted(((c.score(w), c) for c in found), key=lambda x: -x[0])
    picked: list[Evidence] = []
    for score, c in scored:
        if score < w.min_score or score < scored[0][0] - w.keep_within or len(picked) == most:
            break
        if all(c.sentence != e.quote for e in picked):
            src = c.source
            picked.append(Evidence(src.n, src.paper_id, c.sentence, round(score, 4), src.title))
    return picked


def select(
    question: str, sources: list[Source], verifier: Verifier, weights: Weights | None = None, most: int = 3
) -> list[Evidence]:
    """The one to three sentences that best answer the question, each with its source's [n]."""
    return pick(candidates(question, sources, verifier), weights, most)


def passages(sources: list[Source], quotes: list[Evidence], around: int = 1) -> list[Source]:
    """What a small model reads: each quoted sentence with `around` neighbours on each side, in its
    source's order and under its source's [n]; sources with no quote are left out. With no quotes,
    the sources as they are.

    Example:
        >>> s = Source(1, "p", "T", "", "A one. B two. C three. D four. E five.", "c")
        >>> [p.text for p in passages([s], [Evidence(1, "p", "D four.", 1.0)])]
        ['C three. D four. E five.']
        >>> two = [Evidence(1, "p", "A one.", 1.0), Evidence(1, "p", "E five.", 0.9)]
        >>> [p.text for p in passages([s], two)]
        ['A one. B two. … D four. E five.']
    """
    if not quotes:
        return sources
    out = []
    for source in sources:
        quoted = {e.quote for e in quotes if e.n == source.n}
        if not quoted:
            continue
        sentences = split_sentences(source.text)
        keep = sorted({
            j for i, sent in enumerate(sentences) if sent in quoted
            for j in range(max(0, i - around), min(len(sentences), i + around + 1))
        })  # fmt: skip
        parts = [("… " if k and keep[k - 1] != j - 1 else "") + sentences[j] for k, j in enumerate(keep)]
        out.append(replace(source, text=" ".join(parts)) if parts else source)
    return out or sources


def rank_of_fact(facts: list[str], evidence: list[Evidence]) -> int | None:
    """1-based position of the first quote holding every fact, or None."""
    for i, e in enumerate(evidence, 1):
        if all(states(e.quote, f) for f in facts):
            return i
    return None


def states(text: str, fact: str) -> bool:
    """Whether `text` states `fact`, numbers compared by value.

    Example:
        >>> states("It holds 80,863 pages.", "80863")
        True
        >>> states("It matches them with only 1/10 of the data.", "1/10")  # word for word, not as 1 and 10
        True
    """
    if re.search(rf"(?<![\w.]){re.escape(fact)}(?![\w])", text, re.IGNORECASE):
        return True
    wanted = read.numbers(fact)
    if wanted:
        have = {n.value for n in read.numbers(text)}
        if not all(n.value in have for n in wanted):
            return False
        rest = fact
        for n in wanted:
            rest = rest.replace(n.text, " ")
        words = read.content(rest)
        return words <= read.content(text) or not words
    return read.squash(fact) in read.squash(text)
