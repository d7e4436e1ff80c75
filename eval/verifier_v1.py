"""The verifier as it was before realistic claims (v1), frozen: the baseline `papers eval claims` reports.

A copy of assistant/claims.py and assistant/verifier.py at commit b40fb2d, kept so that every run
measures the current verifier beside the one it replaced, on the same claims. Not used by the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from index.chunking import split_sentences
from index.sparse import STOPWORDS, tokenize

# "1024×1024", "256 x 256" -> two numbers
_DIMS = re.compile(r"(\d)\s*[x×]\s*(?=\d)")
_NUMBER = re.compile(
    r"(?<![\w.])(?<![A-WYZa-wyz]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)"
    r"(\s*(?:%|percent\b|per cent\b|×|x\b|times\b|[kKMB]\b|thousand\b|million\b|billion\b|trillion\b))?"
    r"(?![\w])"
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9, "trillion": 1e12}
_WORD_NUMBERS = {
    w: i
    for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())  # noqa: SIM905
    if i >= 2  # "one" is too often not a count ("one of the", "one-step")
} | {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "π": "pi", "ρ": "rho", "σ": "sigma",
    "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Σ": "sigma", "Δ": "delta",
}  # fmt: skip
_TOKEN = re.compile(r"[^\s,;:()\[\]\"“”]+")
# acronyms too common to tell one paper from another
_GENERIC = frozenset(
    "ai ml llm llms lm lms nlp cv gpu gpus cpu api rl sota vlm vlms mllm mllms gan gans cnn cnns "  # noqa: SIM905
    "rnn rnns qa ocr fps url id ids nn dnn dnns i ii iii iv v vi".split()
)

# capitalised words that are not names, mid-sentence ("In Table 2", "Figure 3", "English")
_COMMON = frozenset(
    "table figure fig section appendix eq equation english chinese however we our the this these it "  # noqa: SIM905
    "in on for with and but".split()
)

# word stems that point one way, and their opposites: a claim with one, beside a passage with the
# other and not the first, says the opposite of it
_OPPOSITES = [
    ("higher", "lower"),
    ("increas", "decreas"),
    ("increas", "reduc"),
    ("faster", "slower"),
    ("better", "worse"),
    ("outperform", "underperform"),
    ("more", "fewer"),
    ("more", "less"),
    ("larger", "smaller"),
    ("improv", "degrad"),
    ("improv", "worsen"),
    ("above", "below"),
    ("superior", "inferior"),
    ("best", "worst"),
    ("maximum", "minimum"),
    ("strong", "weak"),
    ("easier", "harder"),
    ("gain", "drop"),
    ("with", "without"),
]
_NEGATION = re.compile(
    r"\b(not|no|never|cannot|neither|nor|none|unable|fails? to|without)\b|n't\b", re.IGNORECASE
)
# words that introduce a claim rather than state it: "The authors report that ..."
REPORTING = frozenset(
    tokenize(
        "author authors paper work study report reports reported show shows shown find finds found "
        "according propose proposes proposed present presents introduce introduces demonstrate "
        "demonstrates describe describes claim claims state states note notes here also further "
        "method approach researchers et al"
    )
)


@dataclass(frozen=True)
class Number:
    """A number as written and its value.

    Example:
        >>> numbers("80,863")
        [Number(text='80,863', value=80863.0, unit='')]
    """

    text: str
    value: float
    unit: str  # the word after it, when it names what is counted: "seconds", "%", "tokens"


def numbers(text: str) -> list[Number]:
    """The numbers a text states, normalised.

    Example:
        >>> [n.value for n in numbers("80,863 pages, 63.2 percent, 7× faster, 15.7M, 1024×1024")]
        [80863.0, 63.2, 7.0, 15700000.0, 1024.0, 1024.0]
    """
    text = _DIMS.sub(r"\1, ", _WORD_NUMBER.sub(lambda m: str(_WORD_NUMBERS[m.group(1).lower()]), text))
    found: list[Number] = []
    for m in _NUMBER.finditer(text):
        raw, suffix = m.group(1), (m.group(2) or "").strip()
        value = float(raw.replace(",", ""))
        value *= _SCALE.get(suffix.lower(), 1.0) if suffix not in ("%", "×", "x") else 1.0
        after = text[m.end() : m.end() + 24].split()
        unit = suffix if suffix in ("%", "×", "x") or suffix.lower().startswith(("per", "times")) else ""
        word = after[0].strip(".,;:)") if after else ""
        # the word after a number names what it counts ("seconds", "pages"), unless it is an adverb
        if not unit and word.isalpha() and word.lower() not in STOPWORDS and not word.endswith("ly"):
            unit = word
        found.append(Number(m.group(0).strip(), round(value, 6), unit))
    return found


def squash(text: str) -> str:
    r"""Lower-case letters and digits only, Greek letters spelled out, LaTeX dropped.

    Example:
        >>> squash("PIXART-{\\delta}"), squash("PixArt-δ")
        ('pixartdelta', 'pixartdelta')
    """
    text = "".join(_GREEK.get(ch, ch) for ch in text)
    text = re.sub(r"\\([a-zA-Z]+)", r"\1", text)
    return re.sub(r"[^a-z0-9]", "", text.lower())


def names(text: str) -> list[str]:
    """Distinctive names: mixed case, letters with digits, acronyms, Greek letters.

    Example:
        >>> names("PixArt-δ beats SDXL on COCO with GPT-4")
        ['PixArt-δ', 'SDXL', 'COCO', 'GPT-4']
    """
    found: list[str] = []
    starts = True  # the first word of a sentence is capitalised whatever it is
    for raw in _TOKEN.findall(text):
        initial, starts = starts, raw.endswith((".", "!", "?", ":"))
        tok = raw.strip(".!?'’")
        if tok.endswith(("'s", "’s")):
            tok = tok[:-2]
        letters = [c for c in tok if c.isalpha()]
        if len(letters) < 2 and not any(c in _GREEK for c in tok):
            continue
        inner_upper = any(c.isupper() for c in tok[1:] if c.isalpha())
        has_digit = any(c.isdigit() for c in tok)
        greek = any(c in _GREEK for c in tok) or "\\" in tok
        proper = not initial and tok[0].isupper() and len(letters) >= 3 and tok.lower() not in _COMMON
        if not (inner_upper or greek or proper or (has_digit and tok[0].isalpha())):
            continue
        key = squash(tok)
        if tok[-1] == "s" and tok[-2:-1].isupper():  # "LLMs" -> "LLM"
            key = key[:-1]
        if key and key not in _GENERIC and not key.isdigit():
            found.append(tok)
    return list(dict.fromkeys(found))


def name_key(name: str) -> str:
    """The form names are compared in.

    Example:
        >>> name_key("ViTs")
        'vit'
    """
    key = squash(name)
    return key[:-1] if name[-1:] == "s" and name[-2:-1].isupper() else key


def content(text: str) -> set[str]:
    """Stemmed content words, without stop words or reporting words ("the authors show that")."""
    return set(tokenize(text)) - REPORTING


def negated(text: str) -> list[str]:
    """The words negations in `text` apply to.

    Example:
        >>> negated("It does not need labels")
        ['need']
    """
    out = []
    for m in _NEGATION.finditer(text):
        after = [w for w in re.findall(r"[a-z]+", text[m.end() :].lower())[:3] if w not in _AUX]
        out.append(after[0] if after else "")
    return out


_AUX = frozenset("be is are was were been do does did to a an the any only".split())  # noqa: SIM905


def directions(text: str) -> dict[str, int]:
    """How often each direction stem is used.

    Example:
        >>> directions("It is faster and outperforms X, faster still")
        {'faster': 2, 'outperform': 1}
    """
    stems = {a for a, _ in _OPPOSITES} | {b for _, b in _OPPOSITES}
    counts: dict[str, int] = {}
    for w in re.findall(r"[a-z]+", text.lower()):
        for s in stems:
            if w == s or _inflects(w, s):
                counts[s] = counts.get(s, 0) + 1
    return counts


_PREFIXES = ("increas", "decreas", "reduc", "outperform", "underperform", "improv", "degrad")


def _inflects(word: str, stem: str) -> bool:
    """Whether `word` inflects `stem`: any word a prefix stem ("reduc") starts, else stem + s, ed, ing, etc.

    Example:
        >>> _inflects("reduces", "reduc"), _inflects("dropout", "drop")
        (True, False)
    """
    if stem in _PREFIXES:
        return word.startswith(stem)
    return word in (stem + "s", stem + "ed", stem + "ing", stem + "ped", stem + "ping", stem + "ens")


def opposite(claim: dict[str, int], passage: dict[str, int]) -> tuple[str, str] | None:
    """A (claim word, passage word) pair where the passage goes the other way.

    The claim uses its word more often than the passage does, and the passage uses the opposite.

    Example:
        >>> opposite({"slower": 1}, {"faster": 1})
        ('slower', 'faster')
    """
    for a, b in _OPPOSITES:
        for mine, theirs in ((a, b), (b, a)):
            if claim.get(mine, 0) > passage.get(mine, 0) and passage.get(theirs, 0) > claim.get(theirs, 0):
                return mine, theirs
    return None


def word_for(text: str, stem: str) -> str:
    """The word of `text` a direction stem came from.

    Example:
        >>> word_for("It improves X", "improv")
        'improves'
    """
    return next(
        (w for w in re.findall(r"[A-Za-z]+", text) if w.lower() == stem or _inflects(w.lower(), stem)), stem
    )


CACHE = 20_000  # sentences whose vectors are kept (about 30 MB at 384 dimensions)


@dataclass(frozen=True)
class Rules:
    """Thresholds; tuned on the dev papers of `papers eval claims` (benchmarks/reports/claims)."""

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
        self.words = [content(s) for s in self.sentences]


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
        mine = content(claim)
        if not passage.sentences:
            return Verdict("unsupported", f"{label} has no text to check against", "", 0.0)
        cosines = passage.vectors @ vector
        shared = np.array([len(mine & w) / max(1, len(mine)) for w in passage.words])
        j = int(np.argmax(cosines + shared))
        window = " ".join(passage.sentences[max(0, j - 1) : j + 2])
        aligned, cos = passage.sentences[j], float(cosines[j])
        covered = len(mine & (content(window) | content(passage.title))) / max(1, len(mine))

        def verdict(status: str, reason: str = "") -> Verdict:
            return Verdict(status, reason, aligned, round(cos, 4), round(covered, 3))

        r = self.rules
        if cos < r.off_topic and covered < r.min_coverage:
            return verdict("unsupported", f"{label} says nothing about this (closest sentence: {cos:.2f})")
        if problem := _numbers(claim, aligned, window, passage.title, label):
            return verdict(*problem)
        title = squash(passage.title)
        text = squash(window)
        missing = [n for n in names(claim) if name_key(n) not in text and name_key(n) not in title]
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
    have = {n.value for n in numbers(window) + numbers(title)}
    missing = [n for n in numbers(claim) if n.value not in have]
    if not missing:
        return None
    wrong = missing[0]
    theirs = numbers(aligned) or numbers(window)
    if not theirs:
        return "unsupported", f"{label} does not state {_say(wrong)}"
    same = [n for n in theirs if n.unit.lower() == wrong.unit.lower()]
    if not same:  # its numbers count other things: it does not say, rather than says otherwise
        return "unsupported", f"{label} does not state {_say(wrong)}"
    return "contradicted", f"{label} says {_say(same[0])}, not {_say(wrong)}"


def _say(n: Number) -> str:
    """A number with its unit, as a reason quotes it.

    Example:
        >>> _say(Number("0.5", 0.5, "seconds")), _say(Number("15%", 15.0, "%"))
        ('0.5 seconds', '15%')
    """
    if not n.unit or n.text.endswith(n.unit):
        return n.text
    return f"{n.text} {n.unit}"


def _direction(claim: str, aligned: str, label: str) -> str | None:
    """Why the claim goes the other way from the aligned sentence, or None."""
    if flipped := opposite(directions(claim), directions(aligned)):
        return f"{label} says {word_for(aligned, flipped[1])}, not {word_for(claim, flipped[0])}"
    claim_neg, their_neg = negated(claim), negated(aligned)
    theirs = {w: content(w) for w in their_neg if w}
    mine = {w: content(w) for w in claim_neg if w}
    negated_there = set().union(*theirs.values()) if theirs else set()
    negated_here = set().union(*mine.values()) if mine else set()
    if claim_neg and not their_neg:
        return (
            f"{label} states it without a negation (“not {claim_neg[0]}”)"
            if claim_neg[0]
            else f"{label} states no negation"
        )
    for word, stems in mine.items():  # "does not improve" beside "improves" (and another negation)
        if stems and not stems & negated_there and stems & content(aligned):
            return f"{label} states it without a negation (“not {word}”)"
    for word, stems in theirs.items():  # "improves" beside "does not improve"
        if stems and stems & content(claim) and not stems & negated_here:
            return f"{label} says “not {word}”"
    return None
