"""Claims for `papers eval claims`, made from the bundled papers' own sentences.

Papers are split in two halves by a hash of their id: thresholds are tuned on `dev` and the
report is made on `test`. True claims: a sentence verbatim, a lead-in added, numbers
re-formatted (80863 -> 80,863; 63.2% -> 63.2 percent; 7x -> 7×), and the hand-written rewordings
in eval/claims_reworded.jsonl. False claims: a number changed, a name swapped for another
paper's, a comparative flipped, a negation added, and another paper's sentence cited to this one.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant import claims as read
from index.chunking import split_sentences
from index.corpus import bundled_papers
from index.duplicates import mark_duplicates
from index.papers import Paper

TRUE_KINDS = ("verbatim", "lead-in", "numbers-reformatted", "reworded-hand")
FALSE_KINDS = ("number-changed", "name-swapped", "comparative-flipped", "negated", "other-paper")
# the realistic set, written by hand from reading the papers (eval/claims_realistic.jsonl)
REAL_TRUE = ("paraphrase", "rounded", "combined", "abstracted")
REAL_FALSE = (
    "recombined", "scope", "unit-scale", "overclaim", "wrong-attribution", "invented-detail", "unstated-cause",  # noqa: E501
    "reversed-relation",
)  # fmt: skip
LEAD_INS = ("The authors report that ", "According to the paper, ", "The paper shows that ", "In this work, ")
FLIPS = {
    "outperforms": "underperforms", "outperform": "underperform", "faster": "slower", "slower": "faster",
    "higher": "lower", "lower": "higher", "better": "worse", "improves": "degrades", "improve": "degrade",
    "increases": "decreases", "reduces": "increases", "more": "fewer", "fewer": "more", "larger": "smaller",
    "smaller": "larger", "superior": "inferior", "with": "without", "best": "worst",
}  # fmt: skip
# "is" -> "is not"; a verb in the third person -> "does not <verb>"
AUXILIARY = re.compile(r"\b(is|are|was|were|can|will)\b")
VERB = re.compile(
    r"\b(achieves|improves|outperforms|uses|requires|enables|shows|reduces|provides|allows|leads)\b"
)
MIN_WORDS = 8


@dataclass(frozen=True)
class Claim:
    """One claim about one paper, and whether it is true of that paper."""

    id: str
    paper_id: str
    split: str  # dev | test
    kind: str
    true: bool
    claim: str
    source: str  # the sentence it was made from (for a false claim, the one it distorts)


def split_of(paper_id: str) -> str:
    """The half a paper belongs to.

    Example:
        >>> split_of("pe98ee6a0f07")
        'dev'
    """
    return "dev" if int(hashlib.sha1(paper_id.encode()).hexdigest()[:8], 16) % 2 == 0 else "test"


def papers() -> list[Paper]:
    """The bundled papers, each once."""
    return [p for p in mark_duplicates(bundled_papers()) if not p.duplicate_of]


def sentences(paper: Paper) -> list[str]:
    """The paper's sentences long enough to state something."""
    return [s for s in split_sentences(paper.text) if len(s.split()) >= MIN_WORDS]


def generate(hand: Path | None = None, seed: int = 0) -> list[Claim]:
    """Every claim of every kind, reproducible for a seed."""
    rng = random.Random(seed)
    corpus = papers()
    by_id = {p.paper_id: p for p in corpus}
    all_names = {p.paper_id: read.names(p.title + " " + p.text) for p in corpus}
    out: list[Claim] = []
    for paper in corpus:
        sents = sentences(paper)
        if not sents:
            continue
        split = split_of(paper.paper_id)

        def add(
            kind: str, true: bool, claim: str | None, source: str, paper: Paper = paper, split: str = split
        ) -> None:
            if claim and claim != source or (claim and kind == "verbatim"):
                out.append(
                    Claim(
                        f"{paper.paper_id}-{kind}-{len(out)}",
                        paper.paper_id,
                        split,
                        kind,
                        true,
                        claim,
                        source,
                    )
                )

        for s in rng.sample(sents, min(2, len(sents))):
            add("verbatim", True, s, s)
        s = rng.choice(sents)
        add("lead-in", True, rng.choice(LEAD_INS) + s[0].lower() + s[1:] if not s[:2].isupper() else s, s)
        for s in [s for s in sents if read.numbers(s)][:1]:
            add("numbers-reformatted", True, reformat(s), s)
        for s in [s for s in sents if read.numbers(s)][:2]:
            add("number-changed", False, change_number(s, paper, rng), s)
        for s in [s for s in sents if any(_method_like(n) for n in read.names(s))][:2]:
            add("name-swapped", False, swap_name(s, paper, all_names, rng), s)
        for s in [s for s in sents if flip(s) != s][:2]:
            add("comparative-flipped", False, flip(s), s)
        s = rng.choice(sents)
        add("negated", False, negate(s), s)
        other = rng.choice([p for p in corpus if p.paper_id != paper.paper_id and sentences(p)])
        add("other-paper", False, rng.choice(sentences(other)), "")
    if hand and hand.exists():
        for i, line in enumerate(hand.read_text().splitlines()):
            row = json.loads(line)
            if row["paper_id"] in by_id:
                out.append(
                    Claim(f"hand-{i}", row["paper_id"], split_of(row["paper_id"]), "reworded-hand", True,
                          row["claim"], row["source"])
                )  # fmt: skip
    return out


def realistic(path: Path) -> list[Claim]:
    """The hand-written claims of `path` (JSON Lines: paper_id, kind, true, claim, source, why), split by paper.

    Each was written by reading the paper, the way people and language models state its facts and
    get them wrong: see eval/CLAIMS.md.
    """  # noqa: E501
    out = []
    for i, line in enumerate(path.read_text("utf-8").splitlines()):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["kind"] not in REAL_TRUE + REAL_FALSE or bool(row["true"]) != (row["kind"] in REAL_TRUE):
            raise ValueError(
                f"{path.name} line {i + 1}: kind {row['kind']!r} and true={row['true']} disagree"
            )  # noqa: E501
        out.append(
            Claim(row.get("id") or f"real-{i}", row["paper_id"], split_of(row["paper_id"]), row["kind"],
                  bool(row["true"]), row["claim"], row.get("source", ""))
        )  # fmt: skip
    return out


def reformat(sentence: str) -> str:
    """Numbers written another way.

    Example:
        >>> reformat("80863 pages, 63.2% and 7x")
        '80,863 pages, 63.2 percent and 7×'
    """
    text = re.sub(r"(?<![\w.,])(\d{4,})(?!\w|[.,]\d)", lambda m: f"{int(m.group(1)):,}", sentence)
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    return re.sub(r"(\d)x\b", r"\1×", text)


def change_number(sentence: str, paper: Paper, rng: random.Random) -> str | None:
    """The sentence with one number's value changed to one the paper never states."""
    have = {n.value for n in read.numbers(paper.title + " " + paper.text)}
    matches = [
        m for m in re.finditer(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])", sentence) if not _in_name(sentence, m)
    ]
    if not matches:
        return None
    m = rng.choice(matches)
    raw = m.group(0)
    for _ in range(20):
        if "." in raw:
            places = len(raw.split(".")[1])
            new = f"{float(raw) + rng.choice([-1, 1]) * rng.randint(1, 9) * 10**-places:.{places}f}"
        else:
            new = str(max(0, int(raw) + rng.choice([-1, 1]) * max(1, int(int(raw) * rng.uniform(0.1, 0.5)))))
        if float(new) not in have and new != raw and not new.startswith("-"):
            return sentence[: m.start()] + new + sentence[m.end() :]
    return None


def _in_name(text: str, m: re.Match[str]) -> bool:
    """A number that is part of a name (GPT-4, Llama-2), not a quantity."""
    return m.start() > 0 and text[m.start() - 1] == "-" and text[m.start() - 2 : m.start() - 1].isalpha()


def swap_name(sentence: str, paper: Paper, names: dict[str, list[str]], rng: random.Random) -> str | None:
    """The sentence with one of its names replaced by a name only another paper uses."""
    mine = [n for n in read.names(sentence) if _method_like(n)]
    here = read.squash(paper.title + " " + paper.text)
    pool = sorted(
        {n for pid, ns in names.items() if pid != paper.paper_id for n in ns if _method_like(n)}
        - {n for n in names[paper.paper_id]}
    )
    pool = [n for n in pool if read.name_key(n) not in here]
    if not mine or not pool:
        return None
    return sentence.replace(rng.choice(mine), rng.choice(pool), 1)


def _method_like(name: str) -> bool:
    """A name that looks like a method, model or dataset: mixed case, digits, Greek, or an acronym.

    Example:
        >>> _method_like("AnimateLCM"), _method_like("Evolutionary")
        (True, False)
    """
    inner = any(c.isupper() for c in name[1:])
    return inner or any(c.isdigit() for c in name) or read.squash(name) != name.lower().replace("-", "")


def flip(sentence: str) -> str:
    """The first comparative turned around.

    Example:
        >>> flip("It is faster than X")
        'It is slower than X'
    """
    for m in re.finditer(r"[A-Za-z]+", sentence):
        if (word := m.group(0).lower()) in FLIPS and word != "with":
            return sentence[: m.start()] + FLIPS[word] + sentence[m.end() :]
    return sentence


def negate(sentence: str) -> str | None:
    """A negation added to the first verb it can go with.

    Example:
        >>> negate("X is fast.")
        'X is not fast.'
        >>> negate("Our approach uses context.")
        'Our approach does not use context.'
    """
    if m := AUXILIARY.search(sentence):
        return sentence[: m.end()] + " not" + sentence[m.end() :]
    if m := VERB.search(sentence):
        verb = m.group(1)
        # "processes" -> "process", "fixes" -> "fix", "uses" -> "use" (not "us")
        base = verb[:-2] if verb.endswith(("sses", "xes", "ches", "shes")) else verb[:-1]
        return sentence[: m.start()] + "does not " + base + sentence[m.end() :]
    return None


def save(claims: list[Claim], path: Path) -> None:
    path.write_text("".join(json.dumps(asdict(c)) + "\n" for c in claims))
