"""What a claim asserts, read from its text: numbers, distinctive names, direction and content words.

Plain functions over strings, no model: the verifier compares what these return for a claim
with what they return for the source passage it aligns with.
"""

from __future__ import annotations

import re

from assistant.quantities import Number, numbers
from index.sparse import tokenize

__all__ = ["Number", "numbers"]  # a claim's numbers are read by assistant.quantities

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
MONTHS = (
    "january february march april may june july august september october november december".split()  # noqa: SIM905
)
_COMMON = frozenset(
    "table figure fig section appendix eq equation english chinese however we our the this these it "  # noqa: SIM905
    "in on for with and but".split()
) | {m for m in MONTHS if m != "may"}  # a month: papers date in digits too ("02/24/2019")

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
    ("high", "low"),
    ("light", "heavy"),
    ("increas", "declin"),
    ("grow", "declin"),
]
NEGATION = _NEGATION = re.compile(  # "not only X but also Y" denies nothing
    r"\b(not(?!\s+(?:only|just|merely)\b)|no|never|cannot|neither|nor|none|unable|fails? to|"
    r"without)\b|n't\b",
    re.IGNORECASE,
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


def content(text: str, literal: bool = False) -> set[str]:
    """Stemmed content words, without stop words or reporting words ("the authors show that"); a word
    with a short prefix hyphenated counts written whole too ("re-training" as "retraining").

    A word people write for the paper's word counts as it: "beats" as "outperforms", "bigger" as "larger"
    (unless `literal`).

    Example:
        >>> "retrain" in content("re-training")
        True
        >>> content("It beats bigger models") == content("It outperforms larger models")
        True
    """
    words = set(tokenize(text))
    if "-" in text:
        words.update(tokenize(" ".join(a + b for a, b in _PREFIXED.findall(text))))
    return (words if literal else {_SAME.get(w, w) for w in words}) - REPORTING


# words people and models write for a paper's word, as stems, each group's first standing for the group; only
# words of one meaning in papers' prose (not "need" for "require": the negation checks read those apart)
_SAME = {
    stem: group[0]
    for group in (
        ["outperform", "beat", "surpass", "outdo", "outclass"],
        ["larger", "bigger"],
        ["larg", "big"],
        ["faster", "quicker"],
        ["fast", "quick"],
        ["achiev", "attain", "obtain", "reach"],
        ["improv", "boost", "enhanc"],
        ["modif", "chang", "alter"],
        ["storag", "store"],
        ["select", "pick", "choos", "chose", "chosen"],
        ["accuraci", "accur"],
        ["remov", "elimin", "discard"],
        ["use", "employ", "util", "leverag"],
        ["reduc", "decreas", "cut"],
        ["generat", "produc", "creat"],
        ["keep", "retain", "preserv", "maintain"],
        ["allow", "enabl", "let"],
        ["acceler", "speed"],
        ["combin", "merg"],
        ["increas", "rais", "rise", "rose"],
        ["begin", "start"],
    )
    for stem in group
}


_PREFIXED = re.compile(r"\b(re|pre|co|post|non|un|sub|de|over|under)-([a-z]{3,})\b", re.IGNORECASE)
# words too plain to pair or tell apart anything: every part of a results sentence has them
PLAIN = frozenset(content(
    "model models method methods data result results performance use uses used using set task tasks "
    "approach paper work new also both one two show shows propose proposes base based trained train "
    "training text image images network networks learn learning"
))  # fmt: skip


def negated(text: str) -> list[str]:
    """The words negations in `text` apply to.

    Example:
        >>> negated("It does not need labels")
        ['need']
    """
    out = []
    for after in _after_negations(text):
        words = [w for w in re.findall(r"[a-z]+", after.lower())[:3] if w not in _AUX]
        out.append(words[0] if words else "")
    return out


def negated_words(text: str) -> set[str]:
    """Stems that a negation in `text` reaches (three words on), "-free" compounds included.

    Example:
        >>> sorted(negated_words("It is training-free and needs no extra labels"))
        ['extra', 'label', 'train']
        >>> negated_words("Training without augmentation improves it")
        {'augment'}
        >>> sorted(negated_words("The gains persist when the visual tags are omitted"))
        ['tag', 'visual']
    """
    out: set[str] = set()
    for after in [*_after_negations(text), *(text[m.end() :] for m in _IMPLICIT.finditer(text))]:
        out |= content(" ".join(_reach(after)))
    out |= freed(text)
    for m in _LEFT_OUT.finditer(text):  # "the visual tags are omitted": what is left out comes before
        out |= content(m.group(1))
    return out


def denied_phrases(text: str, literal: bool = False) -> list[tuple[str, set[str]]]:
    """Each "not", "no" or "without" of `text` with the stems of the (up to) two content words it reaches
    in its clause: what is denied is the phrase, not its first word ("without human involvement").

    Example:
        >>> [(w, sorted(x)) for w, x in denied_phrases("It works without any human involvement, and fast.")]
        [('human', ['human', 'involv'])]
    """
    out = []
    for after in _after_negations(text):
        clause = re.split(r"[,;:.()]|\b(?:and|or|but|while)\b", after, maxsplit=1)[0]
        words = [w for w in re.findall(r"[a-z]+(?:-[a-z]+)*", clause.lower()) if w not in _AUX]
        stems = [c for w in words if (c := content(w, literal))][:2]
        if words and content(words[0]) and stems:  # "not used during ...": "used" says nothing
            out.append((words[0], set().union(*stems)))
    return out


def reaches(text: str, stems: set[str]) -> bool:
    """Whether a "not", "no", "none" or "without" of `text` has all of `stems` in the clause after it.

    Example:
        >>> reaches("It does not require any changes to the backbone.", {"backbon"})
        True
        >>> reaches("It requires changes to the backbone but no changes to the decoder.", {"backbon"})
        False
    """
    return bool(stems) and any(
        stems <= content(re.split(r"[,;:.()]|\b(?:and|or|but|while|whereas)\b", after, maxsplit=1)[0])
        for after in _after_negations(text)
    )


# a denial said as a degree: "next to no X", "almost no X" (what the source calls minimal may be that)
DEGREE = re.compile(
    r"\b(?:next to|almost|virtually|practically|nearly|little to|little or|hardly any|barely any)\s+no\b|"
    r"\bhardly\s+any\b",
    re.IGNORECASE,
)


def is_modifier(word: str) -> bool:
    """Whether a negation that reaches `word` denies only a degree of what follows ("no extra labels").

    Example:
        >>> is_modifier("large"), is_modifier("labels")
        (True, False)
    """
    return word.lower() in _MODIFIERS


def denials(text: str) -> list[set[str]]:
    """The stems each "not", "no" or "without" of `text` reaches, one set per negation.

    Example:
        >>> denials("It does not persist when no visual tags are drawn")
        [{'persist'}, {'visual'}]
    """
    return [content(" ".join(_reach(after))) for after in _after_negations(text)]


def compounds(text: str) -> list[set[str]]:
    """The stems of the (up to) two words each negation of `text` reaches: what a noun compound denies
    ("no line segmentation" denies segmentation too).

    Example:
        >>> [sorted(x) for x in compounds("It needs no line segmentation")]
        [['line', 'segment']]
    """
    return [content(" ".join(_words_after(after)[:2])) for after in _after_negations(text)]


def _after_negations(text: str) -> list[str]:
    """The text after each "not", "no" or "without" of `text`; "not at odds" denies "odds"."""
    text = _AT_ODDS.sub("odds", text)
    return [text[m.end() :] for m in _NEGATION.finditer(text)]


def _words_after(after: str) -> list[str]:
    """The (up to five) words after a negation, leaving out auxiliaries and articles."""
    return [w for w in re.findall(r"[a-z]+(?:-[a-z]+)*", after.lower())[:5] if w not in _AUX]


def _reach(after: str) -> list[str]:
    """The words a negation applies to: the next word, and the one after a modifier ("extra labels")."""
    words = _words_after(after)
    if not words:
        return []
    if words[0] in _ABILITY and re.search(rf"\b{words[0]}\s+to\b", after.lower()):
        return words[:2]  # "lacks the flexibility to adapt": adapting denied
    # "extra labels", "need labels", "touching the backbone": the modifier or verb, and what it acts on
    acts = words[0] in _MODIFIERS or words[0] in ("need", "require", "requires") or words[0].endswith("ing")
    return words[:2] if acts else words[:1]


_ABILITY = frozenset(["ability", "flexibility", "capacity", "capability", "means", "freedom", "power"])
_MODIFIERS = frozenset(
    "extra additional further explicit manual more much human costly expensive large external separate "  # noqa: SIM905
    "new any task specific significant substantial need for of".split()
)


def negating(text: str) -> bool:
    """Whether `text` denies or removes something, in words or by "-free", "avoids", "instead of".

    Example:
        >>> negating("It avoids retraining")
        True
    """
    return bool(_NEGATION.search(text) or _FREE.search(text) or _IMPLICIT.search(text))


_FREE = re.compile(r"\b([a-z]+)-free\b", re.IGNORECASE)
_UN = re.compile(r"\b(?:un|non-?)(?!der)([a-z]{4,}ed)\b", re.IGNORECASE)


def freed(text: str) -> set[str]:
    """Stems that a "-free" compound of `text` denies.

    Example:
        >>> freed("All stages are training-free.")
        {'train'}
    """
    return set().union(*(content(m.group(1)) for m in _FREE.finditer(text)))


def unmade(text: str) -> set[str]:
    """Stems that an "un-" or "non-" participle of `text` denies: a source's "unsegmented images" deny
    segmentation, which excuses a claim's "no line segmentation".

    Example:
        >>> unmade("trained on unsegmented image and text pairs, as understood")
        {'segment'}
        >>> unmade("The model uses masked and unmasked inputs.")
        set()
    """
    plain = content(_UN.sub(" ", text))
    return set().union(*(content(m.group(1)) for m in _UN.finditer(text))) - plain


_LEFT_OUT = re.compile(
    r"\b((?:[a-z-]+\s+)?[a-z-]+)\s+(?:is|are|was|were|be|being|been)\s+(?:omitted|removed|dropped|discarded|"
    r"excluded|left out|not used|not needed|unnecessary|absent)\b",
    re.IGNORECASE,
)
_IMPLICIT = re.compile(
    r"\b(avoid\w*|eliminat\w*|remov\w*|lack\w*|bypass\w*|skip\w*|free of|instead of|rather than|"
    r"no longer|unnecessary|obviat\w*|dispens\w* with|absence of|drops?|dropping|omit\w*|less|"
    r"(?:do|does|did|doing|done) away with|(?:get|gets|getting|got|gotten) rid of|"
    r"prevent\w*(?:\s+\w+){0,3}?\s+from)\b",
    re.IGNORECASE,
)


_AUX = frozenset("be is are was were been do does did to a an the any only".split())  # noqa: SIM905
_AT_ODDS = re.compile(r"\bat odds\b", re.IGNORECASE)  # "not at odds": what is denied is "odds"


def directions(text: str) -> dict[str, int]:
    """How often each direction stem is used.

    Example:
        >>> directions("It is faster and outperforms X, faster still")
        {'faster': 2, 'outperform': 1}
        >>> directions("It takes no more than 120 GPU-hours and less memory than X")
        {'less': 2}
    """
    stems = {a for a, _ in _OPPOSITES} | {b for _, b in _OPPOSITES}
    counts: dict[str, int] = {}
    text = re.sub(r"\bwith (no|little|minimal)\b", "without", text, flags=re.IGNORECASE)
    text = _BOUND.sub(lambda m: "less than" if m.group(1).lower() == "more" else "more than", text)
    for w in re.findall(r"[a-z]+", text.lower()):
        for s in stems:
            if w == s or _inflects(w, s):
                counts[s] = counts.get(s, 0) + 1
    return counts


# "no more than 120 GPU-hours" bounds a number from above, as "less than" does; "no less than" from below
_BOUND = re.compile(
    r"\b(?:no|not)\s+(more|less|fewer)\s+than(?=\s+(?:about\s+|roughly\s+|around\s+|~)?(?:\d|an?\b|half\b|"
    r"twice\b|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b|nine\b|ten\b|\w+ty\b|\w+teen\b))",
    re.IGNORECASE,
)
_PREFIXES = ("increas", "decreas", "reduc", "outperform", "underperform", "improv", "degrad")


def _inflects(word: str, stem: str) -> bool:
    """Whether `word` is `stem` with an ending (or, for a prefix stem, starts with it).

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
