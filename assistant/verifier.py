"""Does a source passage state a claim? The check behind every "verified" the app shows.

A claim is aligned with the source sentence closest to it (meaning plus shared words); the
passage is that sentence and its neighbours. The claim is *supported* only when
- every number in it is in the passage or the paper's title (80,863 = 80863, 63.2 percent = 63.2%),
- its distinctive names (PIXART-δ, GPT-4, CIFAR10) are in the passage or the title,
- its direction agrees with the aligned sentence (no "slower" beside "faster", no added "not"),
- enough of its content words are in the passage and its meaning is close (cosine).
Otherwise it is *contradicted* (the passage says something else about the same thing: another
number, the opposite direction) or *unsupported*, with a reason a person can read. The
thresholds are tuned on the dev half of `papers eval claims` (see eval/reports/claims/).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant import claims as read
from index.chunking import split_sentences

CACHE = 20_000  # sentences whose vectors are kept (about 30 MB at 384 dimensions)


@dataclass(frozen=True)
class Rules:
    """Thresholds of the verifier; tuned on the dev papers of `papers eval claims` (eval/reports/claims)."""

    min_cosine: float = 0.6  # claim vs aligned sentence, with enough words covered
    min_coverage: float = 0.5  # share of the claim's content words found in the passage
    strong_cosine: float = 0.85  # close enough in meaning that fewer shared words will do
    strong_coverage: float = 0.2
    # below this cosine (and little shared) the passage is about something else; not tuned: it only
    # words the reason, as any claim under it fails min_cosine anyway
    off_topic: float = 0.35


@dataclass(frozen=True)
class Verdict:
    """What one source says about one claim."""

    status: str  # supported | contradicted | unsupported
    reason: str  # why it is not supported ("" when it is)
    evidence: str  # the source sentence the claim aligns with, verbatim
    score: float  # cosine of the claim and that sentence
    coverage: float = 0.0


@dataclass
class Passage:
    """A source's sentences, embedded once, with what each states."""

    title: str
    sentences: list[str]
    vectors: np.ndarray
    words: list[set[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.words = [read.content(s) for s in self.sentences]


class Verifier:
    """Checks claims against passages with the index's embedder and a set of Rules."""

    def __init__(self, embedder: Embeddings, rules: Rules | None = None) -> None:
        self.embedder = embedder
        self.rules = rules or Rules()
        self._cache: dict[str, np.ndarray] = {}  # text -> unit vector, at most CACHE entries

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of `texts`; sentences seen lately (an answer's sources) are not embedded again."""
        if not texts:
            return np.zeros((0, 1))
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            fresh = np.asarray(self.embedder.embed_documents(todo), dtype=float)
            fresh /= np.maximum(np.linalg.norm(fresh, axis=1, keepdims=True), 1e-9)
            if len(self._cache) + len(todo) > CACHE:
                self._cache.clear()
            self._cache.update(zip(todo, fresh, strict=True))
        return np.stack([self._cache[t] for t in texts])

    def passages(self, sources: list[tuple[str, str]]) -> list[Passage]:
        """Passages for (text, title) pairs, all sentences embedded in one call."""
        split = [split_sentences(text) for text, _ in sources]
        vectors = self.embed([s for sents in split for s in sents])
        out, at = [], 0
        for (_, title), sents in zip(sources, split, strict=True):
            out.append(Passage(title, sents, vectors[at : at + len(sents)]))
            at += len(sents)
        return out

    def check(self, claim: str, passage: Passage, label: str = "the source") -> Verdict:
        """One claim against one passage (embeds the claim)."""
        return self.judge(claim, self.embed([claim])[0], passage, label)

    def judge(self, claim: str, vector: np.ndarray, passage: Passage, label: str) -> Verdict:
        """The verdict for a claim whose embedding is `vector`; `label` names the source ("[1]")."""
        mine = read.content(claim)
        if not passage.sentences:
            return Verdict("unsupported", f"{label} has no text to check against", "", 0.0)
        cosines = passage.vectors @ vector
        shared = np.array([len(mine & w) / max(1, len(mine)) for w in passage.words])
        j = int(np.argmax(cosines + shared))
        window = " ".join(passage.sentences[max(0, j - 1) : j + 2])
        aligned, cos = passage.sentences[j], float(cosines[j])
        covered = len(mine & (read.content(window) | read.content(passage.title))) / max(1, len(mine))

        def verdict(status: str, reason: str = "") -> Verdict:
            return Verdict(status, reason, aligned, round(cos, 4), round(covered, 3))

        r = self.rules
        if cos < r.off_topic and covered < r.min_coverage:
            return verdict("unsupported", f"{label} says nothing about this (closest sentence: {cos:.2f})")
        if problem := _numbers(claim, aligned, window, passage.title, label):
            return verdict(*problem)
        title = read.squash(passage.title)
        text = read.squash(window)
        missing = [
            n for n in read.names(claim) if read.name_key(n) not in text and read.name_key(n) not in title
        ]
        if missing:
            return verdict("unsupported", f"{label} does not mention {missing[0]}")
        if flipped := _direction(claim, aligned, label):
            return verdict("contradicted", flipped)
        if (covered >= r.min_coverage and cos >= r.min_cosine) or (
            covered >= r.strong_coverage and cos >= r.strong_cosine
        ):
            return verdict("supported")
        return verdict(
            "unsupported",
            f"{label} does not state this: {covered:.0%} of its words are in the closest passage "
            f"(similarity {cos:.2f})",
        )


def _numbers(claim: str, aligned: str, window: str, title: str, label: str) -> tuple[str, str] | None:
    """(status, reason) when a number of the claim is not in the passage; None when all are."""
    have = {n.value for n in read.numbers(window) + read.numbers(title)}
    missing = [n for n in read.numbers(claim) if n.value not in have]
    if not missing:
        return None
    wrong = missing[0]
    theirs = read.numbers(aligned) or read.numbers(window)
    if not theirs:
        return "unsupported", f"{label} does not state {_say(wrong)}"
    same = [n for n in theirs if n.unit.lower() == wrong.unit.lower()]
    if not same:  # its numbers count other things: it does not say, rather than says otherwise
        return "unsupported", f"{label} does not state {_say(wrong)}"
    return "contradicted", f"{label} says {_say(same[0])}, not {_say(wrong)}"


def _say(n: read.Number) -> str:
    """Example: _say(Number("0.5", 0.5, "seconds")) -> "0.5 seconds" """
    if not n.unit or n.text.endswith(n.unit):
        return n.text
    return f"{n.text} {n.unit}"


def _direction(claim: str, aligned: str, label: str) -> str | None:
    """Why the claim goes the other way from the aligned sentence, or None."""
    if flipped := read.opposite(read.directions(claim), read.directions(aligned)):
        return f"{label} says {read.word_for(aligned, flipped[1])}, not {read.word_for(claim, flipped[0])}"
    claim_neg, their_neg = read.negated(claim), read.negated(aligned)
    theirs = {w: read.content(w) for w in their_neg if w}
    mine = {w: read.content(w) for w in claim_neg if w}
    negated_there = set().union(*theirs.values()) if theirs else set()
    negated_here = set().union(*mine.values()) if mine else set()
    if claim_neg and not their_neg:
        return (
            f"{label} states it without a negation (“not {claim_neg[0]}”)"
            if claim_neg[0]
            else f"{label} states no negation"
        )
    for word, stems in mine.items():  # "does not improve" beside "improves" (and another negation)
        if stems and not stems & negated_there and stems & read.content(aligned):
            return f"{label} states it without a negation (“not {word}”)"
    for word, stems in theirs.items():  # "improves" beside "does not improve"
        if stems and stems & read.content(claim) and not stems & negated_here:
            return f"{label} says “not {word}”"
    return None
