"""What a sentence asserts beyond its words: who beats whom, what comes from or turns into what,
which part does what, in which order.

Plain functions over strings. The verifier compares a claim's relations with its source's:
"B outperforms A" beside "A outperforms B" (also "A is outperformed by B"), "from A to B" beside
"from B to A". What causes what is `assistant.causes`; how sweeping a claim is, `assistant.overclaims`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assistant import claims as read
from assistant import quantities as q

# role nouns that compete with named methods: "previous methods", "the baselines"
_ROLES = {
    "baseline": "baselines", "baselines": "baselines", "previous": "prior", "prior": "prior",
    "existing": "prior", "earlier": "prior", "conventional": "prior", "human": "humans",
    "humans": "humans", "teacher": "teacher", "student": "student", "larger": "larger models",
}  # fmt: skip
_ROLE = re.compile(r"\b(" + "|".join(_ROLES) + r")\b", re.IGNORECASE)

_ACTIVE = (
    r"outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|exceed(?:s|ed|ing)?|"
    r"(?:improv(?:es|ed|ing)|gains?) (?:up)?on|superior to|ahead of|preferred (?:over|to)|"
    r"(?:more|less) [a-z-]+(?: [a-z-]+){0,4} (?:than|compared (?:to|with))|"
    r"[a-z]+er(?: [a-z-]+){0,4} (?:than|compared (?:to|with)|relative to)|inferior to|"
    r"underperform(?:s|ed|ing)?|(?:lags?|lagging)(?: far| well| slightly)? behind|"
    r"(?:falls?|falling|fell)(?: far| well| slightly)? short of|ha(?:ve|s|d|ving) (?:the|an) edge over|"
    r"(?:far|well|slightly|significantly|considerably) (?:below|above)|"
    r"tops|topping|edges? out|edging out|outstrip(?:s|ped|ping)?|outdo(?:es|ing)?|outclass(?:es|ed|ing)?|"
    r"(?:on top of|wins? (?:over|against))|trails?|trailing|loses? to|losing to|"
    r"(?:falls?|falling|fell|remains?|stays?)(?: (?:approximately|about|roughly|around|nearly|some|over))?"
    r"(?: [\d.]+ ?%?(?: [A-Z][\w@-]{0,8})?(?: points?)?)? behind|"  # "falls about 10% behind", "2.1 AP"
    r"(?:times|x|×) as [a-z]+ as|"  # "four times as fast as"
    r"(?:speed-?ups?|reductions?)\b[^,;.()]{0,60}?\b(?:compared (?:to|with)|relative to|against|over)"
)
# what may stand between a passive verb and its "by": "is outperformed on COCO by"
_ON_WHAT = r"(?:\s+(?:on|in|at|across|for)\s[^,;.()]{0,50}?)?"
_PASSIVE = (  # "is outperformed by", "is outperformed on COCO by"
    r"(?:is|are|was|were|been|being)\s+(?:(?:\w+ly|still|also|even|often|far|easily)\s+)?"
    r"(outperformed|surpassed|beaten|exceeded|bettered|outdone|"
    rf"outclassed|bested|topped|eclipsed){_ON_WHAT}(?:\s+(?:even|also|still|easily|clearly))? by"
)
_TRIGGER = re.compile(rf"\b(?:{_PASSIVE}|{_ACTIVE})\b", re.IGNORECASE)
_NOT_COMPARATIVE = frozenset(
    "other rather whether under over after either neither later water paper number power layer "  # noqa: SIM905
    "encoder decoder user order filter cluster transformer parameter".split()
)
_UNSURE_SUBJECT = re.compile(r"\b(and|it|they|which|that|while|but|whereas|this|these|its|their)\b", re.I)
_WORSE = re.compile(
    r"^(worse|inferior|underperform|lag|falls?|falling|less |slower|lower|smaller|fewer|trail|los|fell|"
    r"(?:far|well|slightly|significantly|considerably) below|"
    r"remain|stay|reduction)",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[;:]|,\s*(?:while|whereas|but|and)\b|\b(?:while|whereas)\b")


@dataclass(frozen=True)
class Relation:
    """`winner` beats `loser` along `dimension` ("general" for outperforms, "fast" for faster)."""

    dimension: str
    winner: str
    loser: str
    text: str  # the words that state it
    winner_name: str = ""  # as written
    loser_name: str = ""


def entities(text: str) -> list[tuple[int, str, str]]:
    """(offset, key, as written) of the names and role nouns in `text`, in order.

    Example:
        >>> [key for _, key, _ in entities("PixArt-δ beats the baselines and SDXL")]
        ['pixartdelta', 'baselines', 'sdxl']
    """
    found = []
    for name in read.names(text):
        for m in re.finditer(re.escape(name), text):
            found.append((m.start(), read.name_key(name), name))
    found += [(m.start(), _ROLES[m.group(1).lower()], m.group(0)) for m in _ROLE.finditer(text)]
    return sorted(set(found))


# "Compared with A, B scores higher": the rival put first, the comparative without its "than"
_FRONTED = re.compile(
    r"^\W*(?:compared (?:with|to)|in comparison (?:with|to)|relative to|against)\s+([^,;]{2,60}),\s*"
    r"([^,;]{2,120}?)\b((?:more|less) [a-z-]+|better|worse|[a-z]{3,}er)\b(?!\s+than)",
    re.IGNORECASE,
)


def _fronted(text: str) -> list[Relation]:
    """Who beats whom in "Compared with A, B is N points higher".

    Example:
        >>> [(r.winner, r.loser) for r in _fronted("Compared with RetinaNet, FastDet scores 2 AP higher.")]
        [('fastdet', 'retinanet')]
    """
    m = _FRONTED.search(text)
    if not m or m.group(3).split()[0].lower() in _NOT_COMPARATIVE:
        return []
    rivals, rest = entities(m.group(1)), entities(m.group(2))
    if not rivals or not rest:
        return []
    words = m.group(3).lower()
    winner, loser = (rest[0], rivals[0]) if not _WORSE.match(words) else (rivals[0], rest[0])
    win, lose = _family(winner[1]), _family(loser[1])
    said = f"comes out {words} than"  # how the reason words it: "[1] says B comes out higher than A"
    return [Relation(_dimension(words), win, lose, said, winner[2], loser[2])] if win != lose else []


def comparisons(text: str) -> list[Relation]:
    """Who beats whom in `text`, by the names on either side of each comparative.

    Example:
        >>> comparisons("SDXL is outperformed by PixArt-δ.")
        [Relation(dimension='general', winner='pixartdelta', loser='sdxl', ...)]
    """
    out = _fronted(text)
    ents = entities(text)
    for m in _TRIGGER.finditer(text):
        start = _clause_start(text, m.start())
        end = _clause_end(text, m.end())
        left = [(k, w) for at, k, w in ents if start <= at < m.start()]
        right = [(k, w) for at, k, w in ents if m.end() <= at < end]
        if not left or not right:
            continue
        words = m.group(0).lower()
        if words.split()[0] in _NOT_COMPARATIVE:
            continue
        if re.search(r",\s*(?:\w+ly\s+)?$", text[: m.start()]) and words.endswith("ing"):
            # ", surpassing X": the winner is the sentence's subject, its first name
            winners = [(k, w, at + len(w)) for at, k, w in ents if at < m.start()][:1]
        else:
            winners = _joined(text, [(at, k, w) for at, k, w in ents if start <= at < m.start()], last=True)
            between = text[winners[0][2] : m.start()] if winners else ""
            if _UNSURE_SUBJECT.search(between):
                continue  # "X is fast and it beats Y": who beats Y is not X for sure
        losers = _joined(text, [(at, k, w) for at, k, w in ents if m.end() <= at < end], last=False)
        passive = bool(re.match(_PASSIVE, words, re.IGNORECASE))
        worse = bool(_WORSE.match(words))
        for a in winners:
            for b in losers:
                x, y = (b, a) if passive != worse else (a, b)
                win, lose = _family(x[0]), _family(y[0])
                if win != lose:
                    out.append(Relation(_dimension(words), win, lose, m.group(0), x[1], y[1]))
    return out


def passive(words: str) -> bool:
    """Whether a relation's words are in the passive: "is outperformed on COCO by".

    Example:
        >>> passive("is outperformed on COCO by"), passive("outperforms")
        (True, False)
    """
    return bool(re.match(_PASSIVE, words, re.IGNORECASE))


def _family(key: str) -> str:
    """A name key without a generic tail.

    Example:
        >>> _family("bignasmodels")
        'bignas'
    """
    return re.sub(r"(?<=\w{3})(?:models?|networks?|family|variants?|series)$", "", key)


_LIST_GLUE = re.compile(
    r"^(?:\s*(?:,|and|or|&|as well as|including|such as|like|both|the|networks?|models?)\s*)*$", re.I
)


def _joined(text: str, ents: list[tuple[int, str, str]], last: bool) -> list[tuple[str, str, int]]:
    """The name next to a comparative, with the names listed beside it ("X, Y and Z").

    (key, as written, where it ends); `last`: the names end just before the comparative.
    """
    if not ents:
        return []
    order = list(reversed(ents)) if last else ents
    picked = [order[0]]
    for at, k, w in order[1:]:
        lo, hi = (at + len(w), picked[-1][0]) if last else (picked[-1][0] + len(picked[-1][2]), at)
        if not _LIST_GLUE.match(text[lo:hi]):
            break
        picked.append((at, k, w))
    return [(k, w, at + len(w)) for at, k, w in picked]


def _dimension(words: str) -> str:
    """What a comparative compares: "fast" for "slower than", "general" for "outperforms".

    Example:
        >>> _dimension("slower than"), _dimension("outperforms")
        ('fast', 'general')
    """
    first = words.split()[0]
    if first in ("more", "less"):
        return words.split()[1]
    pairs = {"slower": "fast", "faster": "fast", "lower": "high", "higher": "high", "smaller": "large",
             "larger": "large", "bigger": "large", "fewer": "many", "worse": "general", "better": "general"}  # fmt: skip  # noqa: E501
    if first in pairs:
        return pairs[first]
    if first.endswith("er") and words.endswith("than"):
        return first[:-2]
    return "general"


def _clause_start(text: str, at: int) -> int:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, at)]
    return starts[-1] if starts else 0


def _clause_end(text: str, at: int) -> int:
    m = _CLAUSE_BREAK.search(text, at)
    return m.start() if m else len(text)


def _bare(text: str) -> str:
    """Without short asides.

    Example:
        >>> _bare("fewer steps (e.g. 1-4 steps) than")
        'fewer steps than'
    """
    return re.sub(r"\s*\([^()]{0,40}\)", "", text)


def reversed_in(claim: str, source: list[str]) -> tuple[Relation, Relation] | None:
    """(the claim's relation, the source's) when the source has the same two the other way round.

    Example:
        >>> reversed_in("B outperforms ModelA.", ["ModelA outperforms B on every task."]) is None
        True
    """
    mine = comparisons(_bare(claim))
    if not mine:
        return None
    theirs = [r for s in source for r in comparisons(_bare(s))]
    for r in mine:
        same = [t for t in theirs if (t.winner, t.loser) == (r.winner, r.loser)]
        other = [t for t in theirs if (t.winner, t.loser) == (r.loser, r.winner) and _compatible(r, t)]
        if other and not same:
            return r, other[0]
    return None


# words that give two things an order: who beats whom, what comes from what, what feeds what
_PIVOTS = {
    "beat": r"outperform\w*|surpass\w*|beat\w*|exceed\w*|improv\w*|better|superior|than|over",
    "from": r"from|fine-tun\w*|finetun\w*|distill\w*|adapt\w*|initiali\w*",
    "to": r"into|towards",
    "input": r"inputs?",
    "supervise": r"supervis\w*|labels?|targets?",
    "speed": r"accelerat\w*|speed\w*",
    "match": r"match\w*|follow\w*|mimic\w*|imitat\w*",
}
_PIVOT = re.compile("|".join(rf"(?P<{k}>\b(?:{v})\b)" for k, v in _PIVOTS.items()), re.IGNORECASE)
_ITEM = re.compile(
    r"\b(teacher|student|real|synthetic|forward|backward|encoder|decoder|human|model-generated)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(it|we|our|this method|this model|the proposed)\b", re.IGNORECASE)
# what is measured, not a rival: "improves PASS@100 over MLE" has MLE beaten, not PASS@100
_METRIC = re.compile(
    r"^(?:pass\d*|fid\d*|bleu\d*|rouge\w*|map\d*|ap\d*|top\d+|f1|cider|psnr|ssim|lpips|wer|cer|auc|iou|miou|"
    r"pq|em)$",
    re.IGNORECASE,
)
# "B is fine-tuned on the data to get A": what follows is the product, which comes from what precedes
_PRODUCT = re.compile(
    r"\b(?:to (?:get|obtain|produce|create|build|yield|form)|resulting(?: in)?|yield\w*|into)\b", re.I
)


# the right-hand name as the subject of a clause about the pivot's noun: "labels that the teacher generates"
_AGENT_AHEAD = re.compile(r"\b(?:that|which|whom)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?$", re.IGNORECASE)


def ordered(text: str, subject: str = "") -> set[tuple[str, str, str]]:
    """(pivot, left, right) for each pivot word with a name or role word on either side, in its clause.

    "X is outperformed by Y" gives ("beat", "y", "x"); a pronoun subject ("it", "our") is `subject`.

    Example:
        >>> ordered("MultiModal-GPT is fine-tuned from OpenFlamingo.")
        {('from', 'multimodalgpt', 'openflamingo')}
    """
    items = [(at, k) for at, k, _ in entities(text)]
    items += [(m.start(), m.group(1).lower().rstrip("s")) for m in _ITEM.finditer(text)]
    items.sort()
    out = set()
    for m in _PIVOT.finditer(text):
        kind = m.lastgroup or ""
        if kind == "from" and re.match(r"\s*[\d.]", text[m.end() :]):
            continue  # "up from 35.5%": a change of value, not an origin
        start, end = _clause_start(text, m.start()), _clause_end(text, m.end())
        before = [(at, k) for at, k in items if start <= at < m.start()]
        after = [(at, k) for at, k in items if m.end() <= at < end]
        if after and _AGENT_AHEAD.search(text[m.end() : after[0][0]]):
            continue  # "learns from labels that the teacher generates": the teacher is no one's source here
        right = [k for _, k in after]
        left = [k for _, k in before]
        gap = text[before[-1][0] : m.start()] if before else text[start : m.start()]
        if _UNSURE_SUBJECT.search(gap):  # "X ..., and it beats Y": not X for sure
            left = [subject] if subject and _PRONOUN.search(gap) else []
        if not left or not right:
            continue
        flip = (
            kind == "beat"
            and re.match(rf"\w*{_ON_WHAT}\s+by\b", text[m.start() :])
            and m.group(0).lower().endswith("ed")
        )
        if kind == "from" and (
            m.group(0).lower().startswith(("fine", "finetun"))
            and _PRODUCT.search(text[m.end() : next(at for at, k in items if m.end() <= at < end)])
        ):
            flip = True
        a, b = left[-1], right[0]
        if kind == "beat" and (_METRIC.search(a) or _METRIC.search(b)):
            continue
        if a != b:
            out.add((kind, b, a) if flip else (kind, a, b))
    return out


def reversed_order(claim: str, source: list[str], subject: str = "") -> tuple[str, str, str] | None:
    """(pivot, left, right) of the claim when a source sentence has the two the other way round.

    Example:
        >>> reversed_order("OpenFlamingo is fine-tuned from MultiModal-GPT.",
        ...                ["MultiModal-GPT is fine-tuned from OpenFlamingo."])
        ('from', 'openflamingo', 'multimodalgpt')
    """
    mine = ordered(claim)
    if not mine:
        return None
    theirs = set().union(*(ordered(s, subject) for s in source)) if source else set()
    for kind, a, b in mine:
        if (kind, b, a) in theirs and (kind, a, b) not in theirs:
            return kind, a, b
    return None


# what a method spends: less of it is no loss ("uses less memory than B" beside "surpasses B")
_COSTS_SPENT = frozenset(
    "many memory flops parameters params time compute computation latency energy data steps tokens gpu gpus "  # noqa: SIM905
    "resources cost costs training inference".split()
)


def _compatible(a: Relation, b: Relation) -> bool:
    """Whether two relations compare the same thing; a cost ("less memory") is not the general one.

    Example:
        >>> spend = Relation("memory", "b", "a", "less memory than")
        >>> _compatible(spend, Relation("general", "a", "b", "surpasses"))
        False
    """
    if a.dimension == b.dimension:
        return True
    if {a.dimension.lower(), b.dimension.lower()} & _COSTS_SPENT:
        return False
    return "general" in (a.dimension, b.dimension)


# conditions that change what a result means: a claim's condition must be the source's
CONDITIONS = re.compile(
    r"\b(zero-shot|few-shot|one-shot|fine-tuned|fine-tuning|finetuned|training-free|unsupervised|"
    r"self-supervised|semi-supervised|real-time|on-device|open-source|multilingual|single-gpu|"
    r"single gpu|in-context|out-of-distribution|from scratch)\b",
    re.IGNORECASE,
)


# tasks a result is reported on: a claim that names one the paper never names moves the result ("adds 1.4-2.8
# AP on instance segmentation" for a detector's gain)
TASKS = re.compile(
    r"\b((?:object|small-object)[- ]detection|(?:instance|semantic|panoptic|video[- ]object)[- ]segmentation|"
    r"(?:image|text|document|video)[- ]classification|(?:visual[- ]|open-domain[- ])?question[- ]answering|"
    r"report[- ]generation|(?:image|video)[- ]captioning|machine[- ]translation|"
    r"(?:text[- ]|abstractive[- ])?summari[sz]ation|speech[- ]recognition|"
    r"(?:depth|pose|optical[- ]flow)[- ]estimation|(?:image|video|code|music|speech)[- ]generation|"
    r"text-to-(?:image|video|speech|3d)|super-resolution|language[- ]modell?ing|"
    r"named[- ]entity[- ]recognition|"
    r"sentiment[- ]analysis|(?:image|text|cross-modal|dense)[- ]retrieval|action[- ]recognition|"
    r"face[- ]recognition|image[- ]editing|inpainting|reinforcement[- ]learning|"
    r"machine[- ]reading[- ]comprehension)\b",
    re.IGNORECASE,
)


def tasks(text: str) -> list[str]:
    """The tasks `text` names (TASKS).

    Example:
        >>> tasks("It adds 2 AP on instance segmentation and on text-to-image generation")
        ['instance segmentation', 'text-to-image']
    """
    return [m.group(0) for m in TASKS.finditer(text)]


def conditions(text: str) -> list[str]:
    """The settings `text` names a result under (CONDITIONS: zero-shot, fine-tuned, ...).

    Example:
        >>> conditions("It works zero-shot, not fine-tuned")
        ['zero-shot', 'fine-tuned']
    """
    return [m.group(0) for m in CONDITIONS.finditer(text)]


# --- pairings: what goes with what ---------------------------------------------------------------

# what parts a sentence into the pairs it states: "A for X, and B for Y"; "(1) A ... (2) B"
_PART = re.compile(
    # "then", not in "the Focus-Net that then performs ...", a relative clause of one part
    r"[;:,]|\((?:\d|i{1,3}|iv|[a-d])\)|(?<!\bthat )\bthen\b|"
    r"\b(?:while|whereas|but|which|respectively|after|before|"
    r"instead of|rather than|in stage-?\d|stage-?\d)\b|"
    # "and" between clauses, not inside a list of nouns: "A for X and on B for Y", not "visual and spatial"
    r"\band(?=\s+(?:on|in|at|for|with|by|to|from|into|the|a|an|its|their|it|then|\w+(?:s|ed))\b)",
    re.IGNORECASE,
)
_BOTH = re.compile(r"\bboth\b(?:\s+\S+){0,5}\s+and\b", re.IGNORECASE)
_PLAIN = read.PLAIN  # words too plain to pair anything


def _parts(text: str) -> list[set[str]]:
    """Content words of each part of `text`.

    Example:
        >>> len(_parts("A for X, and B for Y"))
        2
    """
    text = _BOTH.sub(lambda m: m.group(0)[:-3] + "&", text)  # "both A and B" is one thing
    return [p for p in (read.content(x) for x in _PART.split(text) if x) if p]


def _places(text: str) -> dict[str, int]:
    """The first word position of each content word.

    Example:
        >>> _places("Eagles hunt")
        {'eagl': 0, 'hunt': 1}
    """
    out: dict[str, int] = {}
    for i, word in enumerate(text.split()):
        for w in read.content(word):
            out.setdefault(w, i)
    return out


def _homes(parts: list[set[str]]) -> dict[str, int]:
    """The part each word is in, for the words in exactly one part."""
    seen: dict[str, list[int]] = {}
    for i, p in enumerate(parts):
        for w in p:
            seen.setdefault(w, []).append(i)
    return {w: at[0] for w, at in seen.items() if len(at) == 1}


# words that count things rather than name them: "each PDF page" pairs "PDF" with "page", not "each"
_QUANTIFIERS = frozenset(
    read.content("each every both all some many most several few per other another any such")
)


def _pairs_of(text: str) -> list[tuple[str, str]]:
    """Each content word with the next, as stems, in order ("source identity" -> ("sourc", "ident"))."""
    words = re.findall(r"[A-Za-z][\w-]*", re.sub(r"(?:'s|’s)\b", "", text))
    stems = [max(st, key=len) if (st := read.content(w)) else "" for w in words]  # "" parts a phrase
    return [(a, b) for a, b in zip(stems, stems[1:], strict=False) if a and b]


def modifiers_crossed(claim: str, sentence: str, text: str = "") -> tuple[str, str, str, str] | None:
    """(a, b, c, d) when the claim says "a b ... c d" and the sentence "a d ... c b", and neither the
    sentence nor the paper's `text` says "a b" or "c d": the modifiers traded between two things ("keeps
    the target's identity and the source's attributes" for "preserves source identity and target
    attributes").

    Example:
        >>> modifiers_crossed("It keeps the target's identity and the source's attributes.",
        ...                   "It preserves source identity and target attributes.")
        ('target', 'ident', 'sourc', 'attribut')
    """
    mine, theirs = _pairs_of(claim), set(_pairs_of(sentence))
    whole = set(_pairs_of(text)) | theirs
    for (a, b), (c, d) in itertools.combinations(mine, 2):
        if len({a, b, c, d}) < 4 or {a, c} & _PLAIN:  # what is traded: "video-language" and "image-text"
            continue
        if (a, d) in theirs and (c, b) in theirs and (a, b) not in whole and (c, d) not in whole:
            return a, b, c, d
    return None


def crossed(claim: str, sentence: str, elsewhere: list[str] = ()) -> tuple[str, str, str, str] | None:  # type: ignore[assignment]
    """(x, u, y, v) when the claim pairs x with u and y with v, and the sentence x with v and y with u.

    "A meta predictor skips backward passes and a loss threshold forward passes" beside "a loss
    threshold skips backward passes and a meta predictor forward passes". A pairing the claim makes
    that another sentence (`elsewhere`) states is no swap.
    Example:
        >>> crossed("Sparrows eat seeds, while eagles hunt rabbits.",
        ...         "Sparrows hunt rabbits, while eagles eat seeds.")
        ('eagl', 'hunt', 'sparrow', 'eat')
    """
    mine, theirs = _homes(_parts(claim)), _homes(_parts(sentence))
    at_c, at_s = _places(claim), _places(sentence)

    def before(at: dict[str, int], a: str, b: str) -> bool:
        return at.get(a, 0) < at.get(b, 0)

    shared = sorted(w for w in mine if w in theirs and w not in _PLAIN | _QUANTIFIERS and len(w) > 2)
    together = [p for w in elsewhere for p in _parts(w)]
    for x in shared:
        for y in shared:
            if not (x < y and mine[x] != mine[y] and theirs[x] != theirs[y]):
                continue
            # u: with x in the claim, with y in the source; v: with y in the claim, with x in the source
            us = [u for u in shared if mine[u] == mine[x] and theirs[u] == theirs[y] and u not in (x, y)]
            vs = [v for v in shared if mine[v] == mine[y] and theirs[v] == theirs[x] and v not in (x, y)]
            for u in us:
                for v in vs:
                    # parallel parts, each anchor on the same side of its partner in both sentences
                    side = before(at_c, x, u)
                    if not (side == before(at_c, y, v) == before(at_s, x, v) == before(at_s, y, u)):
                        continue
                    if not any({x, u} <= p or {y, v} <= p for p in together):
                        return x, u, y, v
    return None


# --- who beats whom, when one side is a phrase or the paper itself ----------------------------------

_OVER = re.compile(r"\b(?:improvements?|gains?|advantages?|edge) (?:over|against)\b", re.IGNORECASE)
_CUT = re.compile(r"\b(?:by|on|in|at|across|with|for|while|when|under|from|to)\b|[(,;]", re.IGNORECASE)
_INCLUDING = re.compile(r"[^,;.]{0,40}?\b(?:including|such as|e\.g\.,?|namely)\s+([^;.]{1,80})", re.I)
_SAYING = frozenset(
    read.content("experiments experimental empirical empirically results evaluation evaluations show")
)  # noqa: E501
_RELATIVE = re.compile(r"\s*(?:which|that|and)\b", re.IGNORECASE)
_RELATIVE_END = re.compile(r"(?:,\s*|\b)(?:which|that|and)\s*$", re.IGNORECASE)
_SAID_THAT = re.compile(
    r"^.*\b(?:shows?|showed|shown|demonstrat\w*|finds?|found|observ\w*|notes?|noted|reveals?|revealed|"
    r"confirms?|confirmed|argues?|argued|notic\w*|sees?|saw)\s+that\s+",
    re.IGNORECASE,
)
_THOSE = re.compile(r"^\s*(?:those|that|the ones?)\s+(?:\w+ed\s+)?(?:from|by|of|with|for)\s+", re.I)
SELF = "@paper"  # the paper's own method: "it", "we", "our method", or no subject at all


def _side(text: str, names: set[str]) -> set[str]:
    """Content words and name keys of one side of a comparison."""
    keys = {read.name_key(n) for n in read.names(text)}
    words = read.content(text) - _PLAIN - _SAYING - {k.rstrip("s") for k in keys} - keys
    words = {w for w in words if not any(ch.isdigit() for ch in w)} - {"up"}
    titled = len({"~" + w for w in words} & names) >= 2  # "the one-stop training method", in its title
    return (
        words
        | {"#" + k.rstrip("s") for k in keys}
        | ({SELF} if {k.rstrip("s") for k in keys} & names or titled else set())
    )


def contests(text: str, subjects: set[str] = frozenset()) -> list[tuple[set[str], set[str]]]:  # type: ignore[assignment]
    """(winner's words, loser's words) of each comparison; SELF stands for the paper (`subjects`).

    Example:
        >>> contests("It surpasses contrastive learning by 1%.")
        [({'@paper'}, {'contrast'})]
    """
    out = []
    for m in list(_TRIGGER.finditer(text)) + list(_OVER.finditer(text)):
        words = m.group(0).lower()
        if words.split()[0] in _NOT_COMPARATIVE:
            continue
        start, end = _clause_start(text, m.start()), _clause_end(text, m.end())
        left = _SAID_THAT.sub("", text[start : m.start()].rsplit(",", 1)[-1])  # not "we show that X ..."
        right = _THOSE.sub("", text[m.end() : end])  # "far below those obtained from X": X
        cut = _CUT.search(right, 1)
        # "state-of-the-art models in this range including EfficientNets": the rivals it lists count too
        listed = _INCLUDING.match(right, cut.start()) if cut else None
        rivals = re.split(r"\bwithout\b", listed.group(1))[0] if listed else ""
        right = (right[: cut.start()] + " " + rivals) if cut else right
        winner, loser = _side(left, subjects), _side(right, subjects)
        # "X, which takes 64x fewer ...", "X reaches 84%, significantly surpassing Y": the winner is the
        # sentence's subject, its first name
        if (
            _RELATIVE.match(left)
            or _RELATIVE_END.search(text[:start])
            or (words.endswith("ing") and re.fullmatch(r"\s*(?:\w+ly\s*)?", left))
        ):
            first = read.names(text[:start] + left)[:1]
            winner = _side(first[0], subjects) if first else {SELF}
        elif _PRONOUN.search(left) or not winner:
            winner = {SELF}
        if not loser:
            continue
        passive = bool(re.match(_PASSIVE, words, re.IGNORECASE))
        if passive != bool(_WORSE.match(words)):
            winner, loser = loser, winner
        out.append((winner, loser))
    return out


# --- what the paper does, against what others do ---------------------------------------------------------

_UNLIKE = re.compile(r"\b(?:unlike|in contrast to|contrary to|as opposed to)\s+", re.IGNORECASE)
_WHEREAS = re.compile(
    r"\b(?:unlike|whereas|while|in contrast to|contrary to|as opposed to)\s+", re.IGNORECASE
)
_WHO_CLAUSE = re.compile(r"\b(?:in which|where|which|that|who)\b", re.IGNORECASE)  # "..., where A, ..."
_OWN_SIDE = re.compile(
    r"\b(?:our|we|the proposed|the authors|this paper|this work|the paper)\b", re.IGNORECASE
)
_SIDE_WORDS = frozenset(
    read.content("existing previous prior earlier other conventional work works method methods approach")
)


def _sides(sentence: str) -> tuple[set[str], set[str]] | None:
    """(what others do, what the paper does) of "Unlike X, which A, we B": A's words and B's.

    Example:
        >>> others, ours = _sides("Unlike methods that train in RGB space, we work in a latent space.")
        >>> sorted(others), sorted(ours)
        (['rgb'], ['latent'])
    """
    m = _UNLIKE.search(sentence)
    if not m:
        return None
    rest = sentence[m.end() :]
    parts = rest.split(",")
    if len(parts) < 2:
        return None
    subject, k = parts[0], 1
    said = ""
    if rel := _WHO_CLAUSE.search(subject):
        subject, said = subject[: rel.start()], subject[rel.end() :]
    elif _WHO_CLAUSE.match(parts[1].lstrip()) and len(parts) > 2:
        said, k = parts[1], 2
    own = ",".join(parts[k:])
    own = re.sub(r"^\s*(?:we|our \w+|the \w+ (?:method|approach|model))\b", " ", own, flags=re.I)
    others, ours = read.content(said) - _SIDE_WORDS, read.content(own) - _SIDE_WORDS
    return others - ours - _PLAIN, ours - others - _PLAIN


def contrast_swapped(claim: str, sentence: str, subjects: set[str]) -> bool:
    """Whether the claim gives the paper what its sentence gives the others ("unlike X, which A, we B").

    Example:
        >>> claim = "Whereas earlier work used a latent space, MagicVideo trains directly in RGB space."
        >>> source = ("Unlike existing works that directly train video models in the RGB space, we map clips "
        ...           "into a low-dimensional latent space.")
        >>> contrast_swapped(claim, source, {"magicvideo"})
        True
        >>> claim = "Unlike KD, which integrates supervision at once, the method trains each model apart."
        >>> source = "Unlike KD, where each model is trained apart, we integrate supervision at once."
        >>> contrast_swapped(claim, source, set())
        True
    """
    sides = _sides(sentence)
    m = _WHEREAS.search(claim)
    if not sides or not m:
        return False
    others, ours = sides
    head, rest = claim[: m.start()], claim[m.end() :]
    first, _, second = rest.partition(",")
    parts = rest.split(",")
    if len(parts) >= 3 and re.match(r"\s*(?:which|where|who|that|whose)\b", parts[1], re.I):
        # "Unlike KD, which integrates A, the approach trains B": the relative clause is the others'
        first, second = ",".join(parts[:2]), ",".join(parts[2:])
    halves = [h for h in (head, first, second) if read.content(h)]
    if len(halves) != 2:
        return False

    def own(text: str) -> bool:
        keys = {read.name_key(n).rstrip("s") for n in read.names(text)}
        return bool(_OWN_SIDE.search(text) or keys & subjects)

    marks = [own(h) for h in halves]
    set_aside = read.content(first.split(",")[0])  # "Unlike KD, ...": what the claim sets aside
    unlike = re.search(r"\bunlike\s+([^,]+)", sentence, re.I)
    same_aside = bool(unlike and set_aside and set_aside <= read.content(unlike.group(1)))
    if not any(marks) and m.group(0).strip().lower() == "unlike" and same_aside:
        # "Unlike KD, ..., the one-stop approach trains ...": the main clause is the side set against KD
        marks = [h is not first for h in halves] if read.content(head) else [h is second for h in halves]
    if marks.count(True) != 1:
        return False
    ours_half, others_half = halves if marks[0] else halves[::-1]
    if read.negated(ours_half):
        return False  # "unlike them, X needs no multi-stage pre-training": what the others do, denied
    mine, theirs = (read.content(h) - _SIDE_WORDS for h in (ours_half, others_half))
    return len(mine & others) - len(mine & ours) >= 2 or len(theirs & ours) - len(theirs & others) >= 2


_THESE = re.compile(r"\b(?:these|those|such)\s+([a-z][\w-]*s)\b", re.IGNORECASE)


def _these(sentence: str, before: str) -> str:
    """The sentence with "these models" as the sentence before names them ("popular object detection
    models"), up to three words before the noun.

    Example:
        >>> _these("These models fall 10% behind humans.", "We train popular object detection models.")
        'popular object detection models fall 10% behind humans.'
    """
    m = _THESE.search(sentence)
    named = re.search(rf"((?:[\w-]+\s+){{1,3}}){re.escape(m.group(1))}\b", before) if m else None
    if not m or not named:
        return sentence
    words = [w for w in named.group(1).split() if read.content(w) and w.lower() not in ("the", "these")]
    return sentence[: m.start()] + " ".join([*words, m.group(1)]) + sentence[m.end() :] if words else sentence


def reversed_contest(claim: str, sentences: list[str], subjects: set[str]) -> bool:
    """Whether the claim has a winner the source has losing to what the claim has losing.

    "Masked modeling surpasses SparK" beside (in SparK's paper) "it surpasses masked modeling".
    """
    mine = contests(_bare(claim), subjects)
    if not mine:
        return False
    resolved = [_these(s, sentences[i - 1] if i else "") for i, s in enumerate(sentences)]  # "these models"
    theirs = [c for s in resolved for c in contests(_bare(s), subjects)]
    for win, lose in mine:
        same = [1 for w, lo in theirs if _meets(win, w) and _meets(lose, lo)]
        swapped = [
            1 for w, lo in theirs
            if _meets(win, lo) and _meets(lose, w) or _leans(win, lose, w, lo)
            or _self_swapped(win, lose, w, lo) or _named_swapped(win, lose, w, lo)
        ]  # fmt: skip
        if swapped and not same:
            return True
    return False


_ONE_SIDED = re.compile(
    r"\b(more)\s+([a-z][a-z-]+)\b(?![^,;.]{0,40}\b(?:than|compared|relative|over)\b)", re.I
)
# "more" of these is worse: "more errors", "more expensive"
_COSTS = frozenset(
    read.content("expensive costly error errors memory time compute computation parameters latency slow")
)


def praised_loser(claim: str, sentences: list[str], subjects: set[str]) -> str:
    """The source's words when it calls the claim's loser "more X" with nobody beaten, where X is what
    the claim has it lose on, and "more X" says X is good (not "more errors"); else "".

    "DocLayNet-trained models trail those trained on PubLayNet in robustness" beside "predictions of the
    DocLayNet-trained models are more robust".
    Example:
        >>> praised_loser("DocNet-trained models trail PubNet-trained ones in robustness.",
        ...               ["Of the models we compare, the DocNet-trained models are more robust."], set())
        'the DocNet-trained models are more robust'
    """
    mine = contests(_bare(claim), subjects)
    if not mine:
        return ""
    said = read.content(claim)
    for s in sentences:
        s = _bare(s)
        for m in _ONE_SIDED.finditer(s):
            if not read.content(m.group(2)) & said or read.content(m.group(2)) & _COSTS:
                continue
            left = s[_clause_start(s, m.start()) : m.start()].rsplit(",", 1)[-1]
            side = _side(left, subjects)
            better = m.group(1).lower() == "more"
            for win, lose in mine:
                if _meets(side, lose if better else win) and not _meets(side, win if better else lose):
                    return " ".join((left + m.group(0)).split()[-10:])
    return ""


_FARED_BADLY = re.compile(
    r"\b(?:led to|leads to|showed?|shows|gave|gives|yield(?:ed|s)?|ha[sd])\s+(?:a\s+|much\s+|far\s+)?"
    r"(?:poor|poorer|worse|inferior|weak|weaker|degraded)\s+(?:performance|results?|accuracy)\b",
    re.IGNORECASE,
)


def blamed_winner(
    claim: str, sentences: list[str], subjects: set[str], spelled: dict[str, set[str]] | None = None
) -> str:
    """The source's words when it says the claim's winner fared badly ("led to poor performance"), and
    not the claim's loser; else "". An acronym of the source's side counts with the words it stands
    for (`spelled`, as `acronyms` reads them): "classic DC" is "classic dilated convolution".

    Example:
        >>> blamed_winner("Classic DC beats DCLS on both backbones.",
        ...               ["Conversely, classic DC led to poor performance with both backbones."], set())
        'classic DC led to poor performance'
        >>> blamed_winner("DCLS beats classic DC on both backbones.",
        ...               ["Conversely, classic DC led to poor performance with both backbones."], set())
        ''
        >>> blamed_winner("With pretraining, ViT outperforms ResNet-50.",
        ...               ["Without pretraining, ViT led to poor performance.",
        ...                "With pretraining, ViT outperforms ResNet-50."], set())
        ''
    """
    mine = contests(_bare(claim), subjects)
    stated = [c for s in sentences for c in contests(_bare(s), subjects)]
    # a win the paper also states, under some condition, is the paper's to tell ("Without pretraining, ViT
    # led to poor performance. With pretraining, ViT outperforms ResNet-50")
    mine = [(w, lo) for w, lo in mine if not any(_meets(w, sw) and _meets(lo, sl) for sw, sl in stated)]
    if not mine:
        return ""
    for s in sentences:
        s = _bare(s)
        for m in _FARED_BADLY.finditer(s):
            left = _OPENED.sub("", s[_clause_start(s, m.start()) : m.start()].rsplit(",", 1)[-1])
            side = _side(left, subjects)
            side |= set().union(*((spelled or {}).get(k[1:], set()) for k in side if k.startswith("#")))
            side -= {SELF}  # by words and names: a title's words make both sides of a claim the paper's
            for win, lose in mine:
                if _meets(side, win - {SELF}) and not _meets(side, lose - {SELF}):
                    return " ".join((left + m.group(0)).split()[-10:])
    return ""


_OPENED = re.compile(r"^\s*(?:conversely|however|in contrast|by contrast|instead|meanwhile)\b[\s,]*", re.I)


def _self_swapped(win: set[str], lose: set[str], w: set[str], lo: set[str]) -> bool:
    """The paper's own method wins in the source and loses in the claim (or the other way round), to a
    side that shares a word with the source's other side ("it surpasses those obtained via distillation"
    beside "it is outperformed by distillation-based models")."""
    if SELF in lose and SELF in w and SELF not in win | lo:
        return bool((win & lo) - {SELF})
    return SELF in win and SELF in lo and SELF not in lose | w and bool((lose & w) - {SELF})


def _named_swapped(win: set[str], lose: set[str], w: set[str], lo: set[str]) -> bool:
    """One named side wins in the source and loses in the claim (or the other way round), and the other
    side is no name in either ("ChartPaLI-5B is outperformed by models ten times its size" beside
    "ChartPaLI-5B outperforms even 10x larger models").

    Example:
        >>> _named_swapped({"ten", "size"}, {"#chartpali5b"}, {"#chartpali5b"}, {"larger", "models"})
        True
        >>> _named_swapped({"#llava"}, {"#chartpali5b"}, {"#chartpali5b"}, {"larger", "models"})
        False
    """

    def named(side: set[str]) -> set[str]:
        return {x for x in side if x.startswith("#")}  # not the paper itself, which "fewer than" may pick

    mine_won, mine_lost, theirs_won, theirs_lost = named(win), named(lose), named(w), named(lo)
    if mine_won or theirs_lost:  # the claim's named winner loses in the source, to no name
        return bool(mine_won & theirs_lost) and not mine_lost and not theirs_won
    return bool(mine_lost & theirs_won)  # the claim's named loser wins in the source, over no name


def _leans(win: set[str], lose: set[str], w: set[str], lo: set[str]) -> bool:
    """Each side shares words with the other's opposite, and more of them than with its own.

    "public systems run 7.8x faster than Pigeon" beside "Pigeon achieves a 7.8x speed-up in inference
    compared with the public systems": the winner's words sit on the source's losing side.
    """
    crossed, kept = len(win & lo) + len(lose & w), len(win & w) + len(lose & lo)
    return bool(win & lo) and bool(lose & w) and crossed >= 3 and crossed > 2 * kept


def _meets(a: set[str], b: set[str]) -> bool:
    """Two sides name the same thing: the paper, a shared name, or two shared words."""
    shared = a & b
    return SELF in shared or any(w.startswith("#") for w in shared) or len(shared) >= 2


# --- scope: the same slot filled with a sibling ------------------------------------------------------

# words that exclude each other: a claim saying one where its source says another is about something
# else ("printed text" for "handwriting", "object detection" for "semantic segmentation")
SIBLINGS = [
    "classification detection segmentation generation recognition retrieval captioning translation "
    "summarization tracking",
    "semantic instance panoptic",
    "image video audio speech",
    "printed handwritten handwriting",
    "homogeneous heterogeneous",
    "human automatic",
    "supervised unsupervised self-supervised semi-supervised",
    "encoder decoder",
    "english chinese german french japanese korean multilingual",
    "cpu gpu tpu",
    "a100 h100 v100 t4 a6000 rtx",
    "synthetic real",
    "daytime nighttime",
    "white-box black-box",
    "single-turn multi-turn",
    "open-source closed-source proprietary",
    "top-1 top-5",
    "vision-language video-language",
    "1d 2d 3d 4d",
    "zero-shot few-shot one-shot fine-tuned",
    "teacher student",
    "online offline",
    "before after",
    # opposites: a reason or a result said the other way round ("trained separately" for "jointly")
    "jointly separately",
    "fast slow",
    "cheap expensive",
    "stable unstable",
    "sharp blurry",
]
_SIBLING_SETS = [tuple(group.split()) for group in SIBLINGS]


_SIBLING_ALIASES = {
    "real-world": "real", "synthesized": "synthetic", "synthesised": "synthetic", "costly": "expensive"
}


def _said(text: str, group: tuple[str, ...]) -> set[str]:
    text = q.named_dimensions(text)  # "two dimensions", "three-dimensional": 2d, 3d
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())
    out = set()
    for w in (_SIBLING_ALIASES.get(w, w) for w in words):
        for g in group:
            if w == g or (len(g) > 4 and w.startswith(g) and not w.startswith(g + "-")) or w == g + "s":
                out.add(g)
    return out


_DENIED_WORDS = re.compile(
    r"\b(?:no|not|without|never|neither|nor|(?:do|does|did)(?:n't| not))\s+(?:need\s+|require\s+|any\s+)?"
    r"(?:[\w-]+\s+){0,2}[\w-]+",
    re.IGNORECASE,
)


def sibling(claim: str, source: str) -> tuple[str, str] | None:
    """(the claim's word, the source's) when the claim fills a slot of the source with a sibling.

    Example:
        >>> sibling("It reads printed text.", "It reads handwriting.")
        ('printed', 'handwriting')
        >>> sibling("It reads handwriting with no line segmentation.", "It reads handwriting, unsegmented.")
    """
    claim = _DENIED_WORDS.sub(" ", claim)  # "needs no segmentation" puts no segmentation in the slot
    for group in _SIBLING_SETS:
        mine, theirs = _said(claim, group), _said(source, group)
        extra, lacking = mine - theirs, theirs - mine
        if extra and lacking:
            return sorted(extra)[0], sorted(lacking)[0]
    return None


_CLAUSE_CUT = re.compile(r"[;:,()]|\b(?:and|while|whereas|but)\b", re.IGNORECASE)


def sibling_in_clause(claim: str, source: str) -> tuple[str, str] | None:
    """(the claim's word, the source's) when a clause of the claim says with one sibling what the clause
    of the source most like it says with another, both naming the two ("updates what the teacher has
    learned" for "updates what the student has learned", in a sentence on teacher and student alike).

    Example:
        >>> sibling_in_clause(
        ...     "It links teacher and student and updates the skills that the teacher model has learned.",
        ...     "It links teacher and student and updates the skills that the student model has learned.")
        ('teacher', 'student')
    """
    claim = _DENIED_WORDS.sub(" ", claim)
    theirs = [(p, read.content(p)) for p in _CLAUSE_CUT.split(source) if p and p.strip()]
    for piece in _CLAUSE_CUT.split(claim):
        if not piece or not piece.strip():
            continue
        for group in _SIBLING_SETS:
            mine = _said(piece, group)
            if len(mine) != 1:
                continue
            words = read.content(piece) - set().union(*(read.content(g) for g in group)) - _PLAIN
            if len(words) < 2:
                continue
            best, overlap = max(((p, len(words & w)) for p, w in theirs), key=lambda x: x[1], default=("", 0))
            said = _said(best, group)
            if overlap >= max(2, 0.6 * len(words)) and len(said) == 1 and said != mine:
                return next(iter(mine)), next(iter(said))
    return None


# --- order of steps ----------------------------------------------------------------------------------

_NEXT = re.compile(
    r"\b(?:then|followed by|afterwards|afterward|subsequently|finally|later|in stage-?2|stage-?2|"
    r"second stage|"
    r"the second step|after that|only after(?:wards)?|secondly|thirdly|next(?=,))\b|"
    r"(?:^|\s)\(?[2-9][.)](?=\s)",  # a numbered list's later items: "2. Construct ...", "(3) fine-tune ..."
    re.IGNORECASE,
)
# "A, and B follows": B is the next step
_FOLLOWS = re.compile(r",?\s+and\s+([^,;.]{3,80}?)\s+(?:follows?|comes? next|comes? after(?:wards)?)\b", re.I)


_FIRST_ITEM = re.compile(r"(?:^|\s|:)\(?1[.)]\s")
_LATER_ITEM = re.compile(r"(?:^|\s)\(?[2-9][.)](?=\s)")
_FIRST = re.compile(r"\b(?:first|firstly|initially|begins?|starts?)\b", re.IGNORECASE)
_AUX_THEN = re.compile(r"\b(?:is|are|was|were|be|been)\s+then\b", re.IGNORECASE)


# "two stages: A and B": the stages in the order they are listed
_LISTED = re.compile(r"\b(?:two|three|four|[2-4]) (?:stages|steps|phases)\b[^:.;]{0,20}:\s*([^.;]+)", re.I)


_STAGE_COUNT = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_ITEM_BREAK = re.compile(r",?\s+and\s+|,\s+")


def _in_turn(m: re.Match[str]) -> str:
    """The listed stages with "then" between them, at as many breaks as the count says: all of them, those
    at commas, or those before a stage's word ("pre-training on image and text pairs and fine-tuning": the
    "and" before "fine-tuning"); the list as it was when none of these has the count.

    Example:
        >>> _LISTED.sub(_in_turn, "two stages: pre-training on image and text pairs, and tuning")
        'two stages: pre-training on image and text pairs, then tuning'
        >>> _LISTED.sub(_in_turn, "two stages: pre-training on image and text pairs and fine-tuning")
        'two stages: pre-training on image and text pairs, then fine-tuning'
    """
    items, want = m.group(1), _STAGE_COUNT[m.group(0).split()[0].lower()] - 1
    breaks = list(_ITEM_BREAK.finditer(items))
    commas = [b for b in breaks if "," in b.group(0)]
    staged = [b for b in breaks if re.match(r"[\w-]+(?:ing|tion|ment)\b", items[b.end() :], re.I)]
    chosen = next((found for found in (breaks, commas, staged) if len(found) == want), None)
    if chosen is None:
        return m.group(0)
    out, at = [], 0
    for b in chosen:
        out += [items[at : b.start()], ", then "]
        at = b.end()
    return m.group(0)[: m.start(1) - m.start(0)] + "".join(out) + items[at:]


def _steps(text: str) -> dict[str, int]:
    """The step each content word belongs to, for a text that tells steps in order ("first A, then B").

    Example:
        >>> found = _steps("It has two stages: pre-training and distillation.")
        >>> found["pre-train"], found["distil"]
        (0, 1)
        >>> found = _steps("We supplement LM pretraining with further training on supervised tasks.")
        >>> found["pretrain"], found["supervis"]
        (0, 1)
    """
    text = _LISTED.sub(_in_turn, text)
    text = _FOLLOWS.sub(r", then \1", text)
    if not _FIRST_ITEM.search(text):  # "loss (2)", "Figure 3)": a number, not a list's later item
        text = _LATER_ITEM.sub(" ", text)
    if not _FIRST.search(text):
        text = _AUX_THEN.sub(" ", text)  # "LLMs are then fine-tuned": one step, after one told before
    text = _MID_NEXT.sub(r"\1\3 \2", text)  # "; the synthetic images are then used": the clause is the step
    text = _SUPPLEMENTED.sub(r"\1, then ", text)  # "supplementing A with further B": A, then B
    if not _NEXT.search(text):
        return {}
    return _homes([p for p in (read.content(x) for x in _NEXT.split(text)) if p])


# a later step's word after its clause's subject and verb ("real images are used afterwards"): the step begins
# with the clause, not at the word
_MID_NEXT = re.compile(
    r"(^|[;,]\s*|\band\s+)([^;,]{1,80}?\b(?:is|are|was|were|be|been|gets?|got)(?:\s+\w+ed)?)\s+"
    r"(then|later|afterwards?|subsequently)\b",
    re.IGNORECASE,
)
_SUPPLEMENTED = re.compile(
    r"\bsupplement\w*\s+([^,;.]{3,80}?)\s+with\s+(?:further|additional|subsequent)\s+", re.IGNORECASE
)
_SLIGHT = frozenset(read.content("between among within across along large number first two three"))


def steps_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(a, b) when the claim puts step a before b and the sentence puts b before a.

    Example:
        >>> steps_swapped("It first aligns vocabulary, then learns conversation.",
        ...               "It first learns conversation, then aligns vocabulary.")
        ('vocabulari', 'convers')
    """
    mine, theirs = _steps(claim), _steps(sentence)
    shared = sorted(w for w in mine if w in theirs and w not in _PLAIN and len(w) > 3 and not w.isdigit())
    agree, swap, agreeing = 0, [], set()
    for a in shared:
        for b in shared:
            if mine[a] < mine[b]:
                if theirs[a] < theirs[b]:
                    agree += 1
                    agreeing |= {a, b}
                elif theirs[a] > theirs[b]:
                    swap.append((a, b))
    # more swaps than agreements; or the steps' own words agree ("trained", then "fine-tuned") while two
    # words that agree with nothing swap ("trained on real images, then fine-tuned on synthetic ones")
    if len(swap) <= agree:
        swap = [(a, b) for a, b in swap if not {a, b} & agreeing and not {a, b} & _SLIGHT]
    if not swap:
        return None
    # the pair a reader knows the steps by: the longest words, not "between" or "large"
    return max(swap, key=lambda ab: (min(len(ab[0]), len(ab[1])) if not set(ab) & _SLIGHT else 0, ab))


# --- what turns into, moves to or replaces what ---------------------------------------------------------

_W = r"((?:[\w@.+/'’-]+\s+){0,4}?[\w@.+/'’-]+)"  # a phrase of up to five words
_END = (
    r"(?=\s*(?:[,;.():]|$)|"
    r"\s+(?:for|by|with|without|in|on|via|while|and|that|which|to|using|at|of|through|such|like|"
    r"has|have|had|is|are|was|were|can|could|will|would|may|might)\b)"
)
_MADE_FROM = re.compile(
    rf"\b(?:reconstruct\w*|rebuild\w*|generat\w*|produc\w*|recover\w*|synthesi[sz]\w*|writes?|wrote|written|"
    rf"writing|self-instruct\w*|deriv\w*|creat\w*)\s+(?:the\s+|a\s+|an\s+)?"
    rf"{_W}\s+from\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}",
    re.I,
)
_TAKES = re.compile(
    rf"\btakes?\s+(?:in\s+)?(?:the\s+|a\s+|an\s+)?{_W}\s+(?:as input\s+)?and\s+"
    rf"(?:produces?|outputs?|returns?|generates?|reconstructs?|predicts?)\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}",
    re.I,
)
_END_AS = _END[:-1] + r"|\s+(?:as|instead)\b)"  # "uses a ViT as the visual encoder", "... instead"
_COMPOUND = re.compile(r"\b([a-z][\w]*)-to-([a-z][\w]*)\b", re.I)
# "a denoiser trained on image tasks to video data": adapted from the one to the other (not "trained on
# ImageNet to classify objects", a purpose)
_TRAINED_ON = re.compile(
    rf"\b(?:trained|pre-?trained|learned|learnt)\s+on\s+(?:the\s+|a\s+|an\s+)?{_W}\s+to\s+"
    rf"(?!(?:\w+i[sz]e|\w+ify|predict|detect|generate|learn|perform|produce|solve|improve|reduce|capture|handle|"
    rf"model|achieve|obtain|make|create|build|segment|answer|follow|estimate|extract|align|match|denoise|"
    rf"translate|encode|decode|represent|compute|select|rank|retrieve|find|infer|be|do|get|help|serve|"
    rf"support|enable|allow|adapt|transfer)\b)(?:the\s+|a\s+|an\s+|new\s+|unseen\s+)?{_W}{_END}",
    re.I,
)
_FLOWS = [
    (_TRAINED_ON, False),
    (
        # "employs ConvNeXt, a hierarchical backbone, as the encoder to replace ViT": from ViT to ConvNeXt
        re.compile(
            rf"\b(?:uses?|used|using|employs?|employed|employing|adopts?|adopted|adopting)\s+"
            rf"(?:the\s+|a\s+|an\s+)?{_W}(?:,\s*[^,.;]{{1,40}},)?(?:\s+as\s+[^,.;]{{1,40}}?)?,?\s+"
            rf"(?:to\s+replace|replacing|in place of|instead of)\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        True,
    ),
    (
        re.compile(
            rf"\bfrom\s+(?:the\s+|a\s+|an\s+)?{_W}\s+(?:and\s+)?(?:to|into|towards?)\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        False,
    ),  # noqa: E501  # "moved away from latency and toward arithmetic complexity"
    (
        re.compile(
            rf"{_W}\s+(?:(?:can|could|may|might)\s+)?(?:(?:be|is|are|was|were)\s+)?traded(?:-|\s+)?off\s+"
            rf"(?:for|against|(?:in order\s+)?to\s+(?:gain|get|obtain|achieve|buy))\s+"
            rf"(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        False,
    ),  # noqa: E501  # "system reliability could be traded off for real-time learning": the one given up first
    (
        re.compile(rf"{_W},?\s+(?<!not )at the (?:expense|cost) of\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}", re.I),
        True,
    ),  # "speed at the expense of accuracy": accuracy given up for speed (not "not at the expense of")
    (
        re.compile(
            rf"\b(?:of|converts?|converted|converting|transforms?|transformed|transforming|turns?|turned|"
            rf"turning|maps?|mapped|mapping|adapts?|adapted|adapting|translat\w*|distill\w*|compress\w*|"
            rf"collaps\w*|expand\w*|project\w*|lift\w*|decompos\w*|unfold\w*|fold\w*|encod\w*|decod\w*)\s+"
            rf"(?:the\s+|a\s+)?{_W}\s+into\s+"
            rf"(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        False,
    ),  # noqa: E501
    (
        re.compile(
            rf"\b(?:replac\w*|augment\w*|equip\w*|enrich\w*)\s+(?:the\s+|a\s+|an\s+)?{_W}"
            rf"(?:\s+of\s+(?:the\s+|a\s+|an\s+)?[\w-]+)?\s+(?:with|by)\s+"
            rf"(?:the\s+|a\s+|an\s+)?{_W}{_END_AS}",
            re.I,
        ),
        False,
    ),  # noqa: E501
    (
        re.compile(
            rf"\b(?:swap\w*|exchang\w*|trad(?:es?|ed|ing))(?:\s+out)?\s+(?:the\s+|a\s+|an\s+)?{_W}"
            rf"(?:\s+of\s+(?:the\s+|a\s+|an\s+)?[\w-]+)?\s+for\s+"
            rf"(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        False,
    ),  # noqa: E501
    (
        re.compile(
            rf"{_W}\s+(?:can\s+be\s+|could\s+be\s+|is\s+|are\s+)?(?:\w+ly\s+)?(?:adapted|extended|transferred|"
            rf"generali[sz]ed)\s+to\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        False,
    ),  # "image-text models can be adapted to video-language tasks"
    (_COMPOUND, False),  # "chart-to-table translation"
    (
        re.compile(
            rf"\b(?:uses?|used|using|employs?|employed|employing|leverag\w*|utiliz\w*)\s+(?:the\s+|a\s+|an\s+)?"
            rf"{_W}\s+to\s+(?:explain|interpret|predict|detect|classify|guide|supervise|generate)\s+"
            rf"(?:the\s+|a\s+|an\s+|how\s+)?{_W}{_END}",
            re.I,
        ),
        False,
    ),  # "employ weak classifiers to explain LLM safety": the tool, then what it acts on
    (
        re.compile(
            rf"{_W}\s+(?:to\s+|that\s+)?replac\w*\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}"
            rf"(?!\s+(?:of\s+(?:the\s+|a\s+|an\s+)?[\w-]+\s+)?(?:with|by)\b)",
            re.I,
        ),
        True,
    ),  # "ViT replaces X"; not the maker of "ConvLLaVA replaces X with Y"
    (
        re.compile(
            rf"{_W}\s+(?:takes?|took|taking)\s+the\s+place\s+of\s+(?:the\s+|a\s+|an\s+)?{_W}{_END_AS}", re.I
        ),
        True,
    ),  # "ConvNeXt takes the place of the ViT": the ViT, then ConvNeXt
    (
        re.compile(
            rf"{_W}\s+(?:is|are|was|were|gets?|got)\s+(?:\w+ly\s+)?(?:converted|turned|transformed|mapped|"
            rf"translated|distilled|compressed|encoded|decoded|projected)\s+into\s+"
            rf"(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        False,
    ),  # "captions are turned into instructions by GPT-4": the captions, then the instructions
    (
        re.compile(
            rf"\b(?:uses?|used|using|employs?|employed|employing|adopts?|adopted|adopting)\s+(?:the\s+|a\s+|an\s+)?"
            rf"{_W}(?:,[^,;]{{0,60}},)?(?:\s+as\s+[^,;]{{0,60}}?)?\s+to\s+replace\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        True,
    ),  # "employs ConvNeXt, a backbone, as the visual encoder to replace ViT": ViT, then ConvNeXt
    (
        re.compile(
            rf"\b(?:drops?|dropped|dropping|discard\w*|remov\w*|abandon\w*)\s+(?:the\s+|a\s+|an\s+)?{_W}\s+"
            rf"and\s+(?:uses?|adopts?|employs?|switch\w* to)\s+(?:the\s+|a\s+|an\s+)?{_W}{_END_AS}",
            re.I,
        ),
        False,
    ),  # "drops the ConvNeXt backbone and uses a ViT": from the one dropped to the one used
    (
        re.compile(
            rf"\bsupplement\w*\s+(?:the\s+|a\s+|an\s+)?{_W}\s+with\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}", re.I
        ),
        False,
    ),  # "supplementing LM pretraining with training on NLI": the base, then what is added to it
    (
        re.compile(
            rf"\b(?:adds?|added|adding|puts?|stacks?|stacked|builds?|built|attach\w*|plac\w*)\s+"
            rf"(?:the\s+|a\s+|an\s+)?{_W}\s+on\s+top\s+of\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        True,
    ),  # "adds a stage of NLI training on top of LM pretraining": the base, then what is added
    (
        re.compile(
            rf"{_W}\s+(?:is|are|was|were)\s+(?:\w+ly\s+)?added\s+to\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}", re.I
        ),
        True,
    ),  # "encoder blocks are added to the RoBERTa network": the base, then what is added
    (_MADE_FROM, True),  # "reconstructs images from encoded features": what it reads, then what it makes
    (_TAKES, False),  # "takes images and produces features"
    (
        re.compile(
            rf"{_W},?\s+(?:rather than|instead of|in place of)\s+(?:during\s+|in\s+|on\s+)?{_W}{_END_AS}",
            re.I,
        ),
        True,
    ),
    (
        re.compile(
            rf"{_W}\s+(?:is|are)\s+(?:a\s+|the\s+)?special cases?\s+of\s+(?:the\s+|a\s+|an\s+)?{_W}{_END}",
            re.I,
        ),
        False,
    ),  # noqa: E501
]


OWN = "@own"
_OWN_WORD = re.compile(r"\b(?:our|its|their)\b", re.I)


def flows(text: str) -> list[tuple[set[str], set[str], str]]:
    """(from, to, the words) of "from A to B", "A into B", "replace A with B", "A is a special case of B".

    Example:
        >>> flows("It transfers skills from teachers to students.")
        [({'teacher'}, {'student'}, 'from teachers to students.')]
    """
    out = []
    text = _bare(text)  # "from large language models (LLMs) to smaller ones": the aside is no end
    for pattern, backwards in _FLOWS:
        # "noise-to-data", "images from features": each end may be one plain word
        plain = frozenset() if pattern in (_COMPOUND, _MADE_FROM, _TAKES, _TRAINED_ON) else _PLAIN
        for m in pattern.finditer(text):
            a, b = read.content(m.group(1)) - plain, read.content(m.group(2)) - plain
            # the paper's own thing, "our framework" or "its objective", is one thing on either side
            a |= {OWN} if a and _OWN_WORD.search(text[max(0, m.start(1) - 6) : m.end(1)]) else set()
            b |= {OWN} if b and _OWN_WORD.search(text[max(0, m.start(2) - 6) : m.end(2)]) else set()
            if a and b:
                out.append((b, a, m.group(0).strip()) if backwards else (a, b, m.group(0).strip()))
    return out


_DEFINED = re.compile(r"((?:[\w-]+\s+){1,6})\(([A-Za-z][a-z]?[A-Z][\w-]*?)s?\)")


def acronyms(text: str) -> dict[str, set[str]]:
    """The acronyms `text` defines, each (as a stem) with the stems of the words it stands for.

    Example:
        >>> found = acronyms("a block diffusion language model (dLLM) beats autoregressive (AR) ones")
        >>> {k: sorted(v) for k, v in found.items()}
        {'dllm': ['diffus', 'languag'], 'ar': ['autoregress']}
    """
    out: dict[str, set[str]] = {}
    for m in _DEFINED.finditer(text):
        short = m.group(2)
        letters = sum(ch.isupper() for ch in short) + (short[0].islower())
        words = m.group(1).split()[-max(1, letters) :]
        while len(words) > 1 and words[0][:1].lower() != short[0].lower():
            words = words[1:]  # "beats autoregressive (AR)": the words from the acronym's first letter
        key = next(iter(read.content(short)), "")
        if key and (long := read.content(" ".join(words)) - {"model"}):
            out[key] = long
    return out


# acronyms papers use without spelling them out
COMMON_ACRONYMS = {
    "ar": "autoregressive", "nar": "non-autoregressive", "llm": "large language", "vlm": "vision-language",
    "mllm": "multimodal large language", "kd": "knowledge distillation", "rl": "reinforcement",
    "nli": "natural language inference", "qa": "question answering", "vqa": "visual question answering",
    "nlp": "natural language processing", "ocr": "optical character recognition", "asr": "speech recognition",
    "mt": "machine translation", "gan": "generative adversarial", "sft": "supervised fine tuning",
    "lm": "language model",
}  # fmt: skip
_COMMON = {k: read.content(v) for k, v in COMMON_ACRONYMS.items()}


def _spelled(words: set[str], spelled: dict[str, set[str]]) -> set[str]:
    """The words, with each acronym's spelled-out words added ("dLLMs" as diffusion language models)."""
    out = set(words)
    for w in words:
        key = w if w in spelled or w in _COMMON else w[:-1] if w.endswith("s") else w
        out |= spelled.get(key) or _COMMON.get(key, set())
    return out


def flow_swapped(claim: str, sentences: list[str], spelled: dict[str, set[str]] | None = None) -> str:
    """The source's words when the claim has a flow the other way round from them, else "".

    `spelled`: acronyms the paper defines, read as the words they stand for ("AR" as autoregressive).
    Example:
        >>> flow_swapped("It maps emotions into classification.", ["It maps classification into emotions."])
        'maps classification into emotions.'
    """
    spelled = spelled or {}
    mine = [(a - b, b - a, w) for a, b, w in flows(claim)]  # what tells the two ends apart
    if not mine:
        return ""
    theirs = [
        (x - y, y - x, w)
        for s in sentences
        for x0, y0, w in flows(s)
        for x, y in [(_spelled(x0, spelled), _spelled(y0, spelled))]
    ]
    mine = [(_spelled(a, spelled) - _spelled(b, spelled), _spelled(b, spelled) - _spelled(a, spelled), w)
            for a, b, w in mine]  # fmt: skip
    for a, b, _ in mine:
        if any(a & x and b & y for x, y, _ in theirs):
            continue
        for x, y, words in theirs:
            if b & x and (a & y or len((b & x) - {OWN}) >= 2 and len(a & x) <= 1):
                return words
    return ""


# --- what a named part does: a claim that gives one part's role to another -----------------------------

_PIECE = re.compile(r"[;:()]|,\s+|\b(?:while|whereas)\b|\s(?:\d\)|\([ivx]+\))\s")


def _pieces(text: str) -> list[str]:
    """The clauses of a sentence, parted at semicolons, brackets, commas and list numbers ("2) a ...")."""
    return [p for p in _PIECE.split(text) if p and p.strip()]


def misbound(claim: str, sentences: list[str], subjects: set[str]) -> tuple[str, str] | None:
    """(the claim's name, the source's) when the source says what the claim says of a name of another.

    "the Base-Net generates top-down attention" beside "a Base-Net that encodes low-level features;
    2) an Overview-Net that generates top-down attention".
    Example:
        >>> misbound("B-Net makes dense depth maps.",
        ...          ["A-Net makes dense depth maps; B-Net reads text."], set())
        ('B-Net', 'A-Net')
    """
    everywhere = " ".join(sentences)
    keys_anywhere = read.squash(everywhere)
    claimed = {read.name_key(n) for n in read.names(claim)}
    for piece in _pieces(claim):
        for name in read.names(piece):
            key = read.name_key(name)
            if key.rstrip("s") in subjects or key not in keys_anywhere:
                continue
            said = read.content(piece) - _PLAIN - set().union(*(read.content(n) for n in read.names(piece)))
            said = {w for w in said if not any(ch.isdigit() for ch in w)}
            if len(said) < 3:
                continue  # what the claim says of the name: three words or more
            best, overlap = _best_part(said, sentences)
            if overlap < max(3, 0.6 * len(said)) or key in read.squash(best):
                continue
            rivals = [
                n for n in read.names(best)
                if _kin(n, name) and read.name_key(n) not in claimed
                and read.name_key(n).rstrip("s") not in subjects and not read.content(n) & said
            ]  # fmt: skip
            if rivals:
                return name, rivals[0]
    return _predicate_moved(claim, sentences, subjects)


def _best_part(said: set[str], sentences: list[str]) -> tuple[str, int]:
    """The clause of the sentences with most of these words, and how many it has.

    Example:
        >>> _best_part({"dens", "depth", "map"}, ["A-Net makes dense depth maps; B-Net reads text."])
        ('A-Net makes dense depth maps', 3)
    """
    best, overlap = "", 0
    for s in sentences:
        for part in _pieces(s):
            shared = len(said & read.content(part))
            if shared > overlap:
                best, overlap = part, shared
    return best, overlap


_PREDICATE_END = re.compile(r"\b(?:that|which|who|while|whereas|but|and|then)\b|[,;:()]", re.IGNORECASE)


def _predicate_moved(claim: str, sentences: list[str], subjects: set[str]) -> tuple[str, str] | None:
    """(the claim's name, the source's) when what the claim says right after a name ("the Focus-Net
    generates top-down attention, which guides the Overview-Net") is said in the source of a kin name
    the claim also gives, and not of this one.

    Example:
        >>> _predicate_moved("The B-Net makes dense depth maps that guide the A-Net.",
        ...                  ["An A-Net makes dense depth maps; a B-Net reads text guided by them."], set())
        ('B-Net', 'A-Net')
    """
    names = read.names(claim)
    for name in names:
        key = read.name_key(name)
        at = claim.find(name)
        if key.rstrip("s") in subjects or at < 0:
            continue
        after = claim[at + len(name) :]
        if cut := _PREDICATE_END.search(after):
            after = after[: cut.start()]
        said = read.content(after) - _PLAIN
        said = {w for w in said if not any(ch.isdigit() for ch in w)}
        if len(said) < 3 or any(read.name_key(n) in read.squash(after) for n in names if n != name):
            continue
        best, overlap = _best_part(said, sentences)
        if overlap < max(3, 0.75 * len(said)) or key in read.squash(best):
            continue
        rivals = [
            n
            for n in read.names(best)
            if _kin(n, name) and read.name_key(n) in {read.name_key(m) for m in names}
        ]
        if rivals:
            return name, rivals[0]
    return None


def _kin(a: str, b: str) -> bool:
    """Two names of parts of one kind: "Base-Net" and "Overview-Net", "QK Adapter" and "Chunk Adapter"."""
    tail_a, tail_b = re.split(r"[-\s]", a)[-1].lower(), re.split(r"[-\s]", b)[-1].lower()
    return a != b and (
        tail_a == tail_b
        and len(tail_a) >= 3
        or bool(re.fullmatch(r"[A-Z]{2,6}", a) and re.fullmatch(r"[A-Z]{2,6}", b))
    )


# --- who does what to whom: two names on either side of the same words, the other way round ----------

# "is extended by X", not "is obtained by fine-tuning X"
_BY_PASSIVE = re.compile(
    rf"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en){_ON_WHAT}\s+by\b(?!\s+[\w-]+ing\b)",
    re.I,
)


# relation words that read the same both ways round: "A is compared to B" is "B is compared to A"
_SYMMETRIC = frozenset(
    read.content("compared combined paired aligned correlated associated matched equivalent similar")
)


# what numbers count: the words beside a number, not an act between two names ("a 1.4 point gain")
_COUNTS = frozenset(read.content("point points percent times fold score scores"))


def _acts(text: str, a: tuple[int, str], b: tuple[int, str], most: int = 20, commas: bool = True) -> set[str]:
    """The content words between names a and b (a first), when they sit in one clause; else empty."""
    middle = text[a[0] + len(a[1]) : b[0]]
    if _CLAUSE_BREAK.search(middle) or len(middle.split()) > most or (not commas and "," in middle):
        return set()
    # capitalised words are parts of names ("borrows from Knowledge Integration"), not what relates them
    middle = re.sub(r"\b[A-Z][\w-]*", " ", middle)
    return {w for w in read.content(middle) - _PLAIN - _COUNTS if not any(ch.isdigit() for ch in w)}


def _named(text: str) -> list[tuple[int, str, str]]:
    """The names of `text` (not role nouns such as "previous" or "baselines"), in order."""
    return [(at, key, w) for at, key, w in entities(text) if key not in _ROLES.values()]


_AS_ROLE = re.compile(
    r"((?:[\w-]+\s+){1,3})as\s+(?:the\s+|an?\s+|reliable\s+)?(inputs?|outputs?|supervision|targets?|labels?|"
    r"teachers?|students?|queries|query|conditions?|references?|guidance)\b",
    re.IGNORECASE,
)
_ROLE_OF = {"input": "input", "output": "output", "supervision": "target", "target": "target",
            "label": "target", "teacher": "teacher", "student": "student", "query": "query",
            "querie": "query", "condition": "condition", "reference": "reference",
            "guidance": "condition"}  # fmt: skip


def _as_roles(text: str) -> dict[str, set[str]]:
    """The content words a text puts in each role: "takes synthetic images as input" puts them in input.

    Example:
        >>> roles = _as_roles("It takes synthetic images as input and the real face as supervision.")
        >>> sorted(roles["input"]), sorted(roles["target"])
        (['synthet'], ['face', 'real'])
    """
    out: dict[str, set[str]] = {}
    for m in _AS_ROLE.finditer(text):
        role = _ROLE_OF[m.group(2).lower().rstrip("s")]
        words = read.content(re.split(r"\b(?:and|while|whereas|but)\b|,", m.group(1))[-1])
        out.setdefault(role, set()).update(words - _PLAIN - _ROLE_VERBS)
    return out


# the verbs that put a thing in a role ("takes X as input"), not the thing
_ROLE_VERBS = read.content("take use feed treat serve employ adopt regard provide pass give")


def as_roles_swapped(claim: str, sentence: str) -> tuple[str, str, str] | None:
    """(a word, the claim's role for it, the sentence's) when the claim puts in one role ("as input")
    what the sentence puts only in another ("as supervision").

    Example:
        >>> as_roles_swapped("It feeds the real face as input and synthetic images as the target.",
        ...                  "It takes synthetic images as input, the real face as reliable supervision.")
        ('face', 'input', 'target')
    """
    mine, theirs = _as_roles(claim), _as_roles(sentence)
    if len(mine) < 2 or len(theirs) < 2:
        return None
    for role, words in mine.items():
        own = words - set().union(*(w for r, w in mine.items() if r != role))
        for word in sorted(own):
            held = [r for r, w in theirs.items() if word in w]
            if held and role not in held and role in theirs:
                return word, role, held[0]
    return None


_REPLACING = re.compile(r"\b(?:swap\w*|replac\w*|substitut\w*|exchang\w*)\b", re.I)


def roles_swapped(claim: str, sentence: str) -> tuple[str, str, str] | None:
    """(a, b, the shared word) when the claim has name a before b around some words and the sentence
    has b before a around the same words, both active or both passive.

    "The ESConv corpus extends the coverage of AugESC" beside "AugESC ... extends the coverage of the
    ESConv corpus".
    Example:
        >>> roles_swapped("ESConv extends the coverage of AugESC.",
        ...               "AugESC, which largely extends the coverage of ESConv, is new.")
        ('ESConv', 'AugESC', 'coverag')
        >>> roles_swapped("ESConv is extended by AugESC.", "AugESC extends ESConv.") is None
        True
    """
    found: dict[str, list[tuple[int, str]]] = {}
    for at, key, written in _named(sentence):
        found.setdefault(_family(key), []).append((at, written))
    mine = [(at, _family(key), written) for at, key, written in _named(claim)]
    for i, (a_at, a, a_w) in enumerate(mine):
        for b_at, b, b_w in mine[i + 1 :]:
            if a == b or a not in found or b not in found:
                continue
            # the claim's own words: close together, no aside
            acts = _acts(claim, (a_at, a_w), (b_at, b_w), most=10, commas=False) - _SYMMETRIC
            if not acts:
                continue  # "A is compared to B" says as much as "B is compared to A"
            if _REPLACING.search(claim[max(0, a_at - 20) : b_at]):
                continue  # "swaps A for B", "uses B instead of A": which one goes is the flows' to tell
            passive = bool(_BY_PASSIVE.search(claim[a_at:b_at]))
            agree, swap = False, ""
            for x in found[a]:
                for y in found[b]:
                    first, second = (x, y) if x[0] < y[0] else (y, x)
                    shared = acts & _acts(sentence, first, second)
                    if not shared:
                        continue
                    same_voice = bool(_BY_PASSIVE.search(sentence[first[0] : second[0]])) == passive
                    if (first is x) == same_voice:
                        agree = True
                    else:
                        swap = swap or sorted(shared)[0]
            if swap and not agree:
                return a_w, b_w, swap
    return None


# --- what stands on either side of the same relation words: "A scales with B" beside "B scales with A" ----

_LINK = re.compile(r"\s+(?:\w+ly\s+)?(?:with|to|into|from|by|on|over|than)\b", re.I)
_SEGMENT = re.compile(r"[;:]|\b(?:while|whereas|but|despite|although)\b")
_SIDE = re.compile(r"[,;:()]|\b(?:and|while|whereas|but)\b")


def _around(text: str, most: int = 6) -> dict[str, tuple[set[str], set[str], bool]]:
    """For each relation word (a content word followed by a preposition), the content
    words before it in its segment and after it up to a break, and whether it is a passive ("by")."""
    out: dict[str, tuple[set[str], set[str], bool]] = {}
    for m in re.finditer(r"[A-Za-z][\w-]*", text):
        word = read.content(m.group(0))
        if len(word) != 1 or word <= _PLAIN or not _LINK.match(text, m.end()):
            continue
        (w,) = word
        start = max((x.end() for x in _SEGMENT.finditer(text, 0, m.start())), default=0)
        left = read.content(" ".join(text[start : m.start()].split()[-most:]))
        right_text = _SIDE.split(text[m.end() :], maxsplit=1)[0]
        right = read.content(" ".join(right_text.split()[:most]))
        passive = bool(re.match(r"\s+by\b", text[m.end() :])) and m.group(0).lower().endswith(("ed", "en"))
        if w in out:
            out[w] = (set(), set(), False)  # twice in one text: which is meant is not known
        else:
            out[w] = (left - _PLAIN - {w}, right - _PLAIN - {w}, passive)
    return out


def sides_swapped(claim: str, sentence: str) -> str:
    """The relation word when the claim has what stands before and after it the other way round from
    the sentence ("a kernel's size grows quadratically with the number of parameters" beside "the
    number of parameters, which scales quadratically with the kernel's size"); else "".

    Example:
        >>> sides_swapped("Kernel size grows quadratically with parameter count.",
        ...               "The parameter count, which scales quadratically with kernel size, is large.")
        'quadrat'
        >>> sides_swapped("Parameter count grows quadratically with kernel size.",
        ...               "The parameter count, which scales quadratically with kernel size, is large.")
        ''
    """
    mine, theirs = _around(claim), _around(sentence)
    for w, (left, right, passive) in mine.items():
        if w not in theirs or not (left and right) or w in _SYMMETRIC:
            continue  # "A is compared to B" says as much as "B is compared to A"
        l2, r2, passive2 = theirs[w]
        if passive != passive2:
            l2, r2 = r2, l2
        a, b = left - right, right - left
        x, y = l2 - r2, r2 - l2
        if a & y and b & x and not (a & x) and not (b & y):
            return w
    return ""


# --- which thing is in which state: "A stays frozen and B is trained" beside the other way round ------

STATES = [
    (
        "frozen fixed freeze freezing",
        "trained training train trains updated update updates tuned tunes fine-tuned fine-tune fine-tunes "
        "fine-tuning finetuned finetune finetunes finetuning learned learnable",
    ),
    ("labeled labelled annotated", "unlabeled unlabelled unannotated"),
    ("seen", "unseen"),
    ("clean", "noisy"),
]
# two roles that exclude each other: what the claim puts with one, the source puts with the other
# ("sparse convolution as the decoder" beside "sparse convolution to encode")
ROLES = [
    ("encoder encoders encode encodes encoding", "decoder decoders decode decodes decoding"),
    ("teacher teachers", "student students"),
    ("earlier early", "later late"),
    ("single-line", "multi-line"),
    ("fully-correct", "partially-correct"),
    ("real", "synthetic synthesized synthesised"),
    ("coarse", "fine fine-grained"),
    ("global", "local"),
    ("offline", "online"),
    ("correct correctly right", "wrong incorrect incorrectly mispredict mispredicts"),
    ("upstream", "downstream"),
    ("foreground", "background"),
]
_STATE_SETS = [(frozenset(a.split()), frozenset(b.split())) for a, b in STATES + ROLES]
_STATE_NAMES = {frozenset(g.split()): g.split()[0] for pair in STATES + ROLES for g in pair}
_ROLE_SETS = set(_STATE_SETS[len(STATES) :])
ROLE_NAMES = frozenset(g.split()[0] for pair in ROLES for g in pair)
_SEGMENT_BREAK = re.compile(r"[,;:()]|\b(?:and|while|whereas|with|but|by|during|when)\b", re.IGNORECASE)


def _holders(text: str, words: frozenset[str], reach: int = 3) -> set[str]:
    """Content words beside each of the state `words` in `text` (a few on either side, in its part)."""
    out: set[str] = set()
    for w in words:
        if "-" in w:  # "single line" is "single-line"
            text = re.sub(r"\b" + w.replace("-", r"[\s-]") + r"\b", w, text, flags=re.IGNORECASE)
    for part in _SEGMENT_BREAK.split(text):
        tokens = re.findall(r"[A-Za-z][\w'-]*", part or "")
        for i, token in enumerate(tokens):
            if token.lower() in words:
                out |= read.content(" ".join(tokens[max(0, i - reach) : i] + tokens[i + 1 : i + 1 + reach]))
    return out - _PLAIN - {x for w in words for x in read.content(w)}


_NOT_SEEN = re.compile(r"\b(?:not|never)\s+(?:been\s+)?seen\b", re.IGNORECASE)


def _together(text: str, one: frozenset[str], other: frozenset[str], kinds: bool = False) -> bool:
    """Whether one word of each group stand joined ("student and teacher", "teacher-student").

    Example:
        >>> _together("Student and teacher then share", frozenset({"teacher"}), frozenset({"student"}))
        True
        >>> _together("its correct and partially-correct samples", frozenset({"fully-correct"}),
        ...           frozenset({"partially-correct"}), kinds=True)
        True
    """
    a, b = "|".join(map(re.escape, one)), "|".join(map(re.escape, other))
    joined = rf"\b(?:{a})(?:\s+(?:and|&)\s+(?:the\s+)?|-|/)(?:{b})\b"
    backwards = rf"\b(?:{b})(?:\s+(?:and|&)\s+(?:the\s+)?|-|/)(?:{a})\b"
    # "correct and partially-correct samples": the plain word beside its own hyphened kind
    # (`kinds`, said of a claim: a source may name the plain word as a third kind beside the two)
    hyphened = (
        [(re.escape(w.rsplit("-", 1)[1]), re.escape(w)) for w in one | other if "-" in w] if kinds else []
    )
    paired = any(
        re.search(rf"\b{tail}\s+(?:and|or|&)\s+{w}\b|\b{w}\s+(?:and|or|&)\s+{tail}\b", text, re.I)
        for tail, w in hyphened
    )
    return paired or bool(re.search(joined, text, re.I) or re.search(backwards, text, re.I))


def states_swapped(claim: str, sentence: str) -> tuple[str, str, str] | None:
    """(a word, the state the sentence gives it, the claim's) when the claim has the
    states of two things the other way round ("the adapters stay frozen and the backbone is updated"
    beside "the backbone remains frozen, with only the adapters undergoing training"), or the roles of
    two things (`ROLES`: encoder and decoder, earlier and later). One word the other way round is enough
    when none goes the same way.

    Example:
        >>> states_swapped("The adapters stay frozen and the backbone is updated.",
        ...                "The backbone remains frozen, with only the adapters undergoing training.")
        ('adapt', 'trained', 'frozen')
        >>> states_swapped("Earlier stages work with queries from later stages.",
        ...                "Later stages work with queries from earlier stages.")
        ('queri', 'earlier', 'later')
    """
    claim, sentence = _NOT_SEEN.sub("unseen", claim), _NOT_SEEN.sub("unseen", sentence)  # "not seen": unseen
    for one, other in _STATE_SETS:
        roles = (one, other) in _ROLE_SETS
        if roles and (_together(claim, one, other, kinds=True) or _together(sentence, one, other)):
            continue  # "between the student and teacher models": the two sides of one thing
        a1, a2 = _holders(claim, one), _holders(claim, other)
        b1, b2 = _holders(sentence, one), _holders(sentence, other)
        mine1, mine2 = a1 - a2, a2 - a1
        their1, their2 = b1 - b2, b2 - b1
        across = len(mine1 & their2) + len(mine2 & their1)
        straight = len(mine1 & their1) + len(mine2 & their2)
        if across > straight == 0 or mine1 & their2 and mine2 & their1 and across > straight:
            if mine1 & their2:
                return sorted(mine1 & their2)[0], _STATE_NAMES[other], _STATE_NAMES[one]
            return sorted(mine2 & their1)[0], _STATE_NAMES[one], _STATE_NAMES[other]
    return None


# --- who has trouble ---------------------------------------------------------------------------------

_TROUBLE = re.compile(
    r"\b(?:struggl\w*|fail(?:s|ed)? to|ha(?:s|ve|d) (?:trouble|difficulty|difficulties)|falls? short|"
    r"(?:is|are|was|were) unable to|cannot|can't)\b",
    re.IGNORECASE,
)
_CAPITALS = re.compile(r"\b[A-Z][\w-]*[A-Z][\w-]*\b")  # "MLLMs", which names() leaves out


def _troubled(text: str) -> list[tuple[set[str], set[str], str]]:
    """(who, with what, who as written) for each "X struggles to Y" of the text: the names before the
    trouble word in its clause, and the content words of the rest of the clause.

    Example:
        >>> said = "Despite GPT-4V's strength, we observe that other MLLMs struggle to read the tags."
        >>> [(sorted(a), sorted(b), c) for a, b, c in _troubled(said)]
        [(['mllm'], ['read', 'tag'], 'other MLLMs')]
    """
    out = []
    for m in _TROUBLE.finditer(text):
        left = _SAID_THAT.sub("", text[_clause_start(text, m.start()) : m.start()].rsplit(",", 1)[-1])
        who = {read.name_key(n) for n in [*read.names(left), *_CAPITALS.findall(left)]}
        what = read.content(text[m.end() : _clause_end(text, m.end())]) - _PLAIN
        if who and what:
            out.append((who, what, " ".join(left.split()[-6:])))
    return out


def trouble_moved(claim: str, sentences: list[str]) -> tuple[str, str] | None:
    """(who struggles in the claim, who in the source) when the claim has one name struggle with what the
    source has another struggle with, and the source names the claim's one outside its trouble ("GPT-4V
    has trouble reading the tags" beside "Despite GPT-4V's strength, other MLLMs struggle to read the
    tags").

    Example:
        >>> source = ["Despite GPT-4V's strength, we observe that other MLLMs struggle to read the tags."]
        >>> trouble_moved("GPT-4V has trouble reading the tags, unlike other MLLMs.", source)
        ('GPT-4V', 'other MLLMs')
        >>> trouble_moved("Other MLLMs struggle to read the tags.", source)
    """
    for who, what, mine in _troubled(claim):
        for s in sentences:
            named = {read.name_key(n) for n in [*read.names(s), *_CAPITALS.findall(s)]}
            for theirs, said, written in _troubled(s):
                if len(what & said) < max(2, min(len(what), len(said)) // 2) or who & theirs:
                    continue
                if who & named:
                    return mine, written
    return None
