"""Which words of a sentence each of its numbers goes with, and claims that give them the other way.

A sentence with two numbers of one kind ("cuts examples by 5.3x and time by 6.8x") binds each to the
words of its own part of the sentence: a number takes the words before it back to the last break
(a comma, "and", a bracket) or the number before, and the words after it up to the next break. A
claim that takes both numbers and gives each the other's words ("6.8x fewer examples and 5.3x less
time") has crossed them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Set
from dataclasses import dataclass, replace

from assistant import claims as read
from assistant import quantities as q

_CITATION = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")
_BREAK = re.compile(r"[;,:()\[\]]|\b(?:and|while|whereas|but|respectively)\b", re.IGNORECASE)
# words every part of a results sentence may have: they tell no part from another
_PLAIN = frozenset(read.content(
    "model models method methods result results performance paper work approach achieve achieves up to "
    "by as much further compared respectively"
))  # fmt: skip


@dataclass(frozen=True)
class Slot:
    """A number and the words it goes with."""

    number: q.Number
    words: frozenset[str]
    phrase: str  # those words as written (before the number, then after it)
    alone: bool = True  # False when no break parts it from a number beside it ("from 76.5% to 80.9%")
    after: str = ""  # the words after it, to the next break ("on GSM8K"): what it was measured on
    before: str = ""  # the words before it, back to the last break or number ("improve PASS@100 from")


def slots(text: str) -> list[Slot]:
    """The numbers of a sentence, each with the words of its part of the sentence.

    Example:
        >>> [(s.number.text, sorted(s.words)) for s in slots("It cuts examples by 5.3x and time by 6.8x.")]
        [('5.3x', ['exampl', 'reduc']), ('6.8x', ['time'])]
    """
    text = _CITATION.sub(lambda m: " " * len(m.group(0)), text)  # "[3]" is a citation, not a number
    t = q.normal(text)
    found = q.numbers(text)
    out = []
    for i, n in enumerate(found):
        before = t[found[i - 1].end if i else 0 : n.start]
        after = t[n.end : found[i + 1].start if i + 1 < len(found) else len(t)]
        gap_after = t[n.end : found[i + 1].start] if i + 1 < len(found) else ","
        gap_before = t[found[i - 1].end : n.start] if i else ","
        # parted from its neighbours by a break, and not one of a bare list ("3.5 times and 4 times")
        alone = all(bool(_BREAK.search(g)) and (g == "," or read.content(g)) for g in (gap_before, gap_after))
        breaks = list(_BREAK.finditer(before))
        if breaks:
            before = before[breaks[-1].end() :]
        elif i:  # two numbers with no break between them ("from 35.5% to 44.5%"): the words are both's
            before = ""
        if cut := _BREAK.search(after):
            after = after[: cut.start()]
        elif i + 1 < len(found):
            after = ""
        words = read.content(f"{before} {after}") - _PLAIN
        # numbers are no words; names with digits are ("GSM8K", "CIFAR-10"), sizes are not ("7B", "fp16")
        words = {w for w in words if not any(ch.isdigit() for ch in w) or sum(ch.isalpha() for ch in w) >= 3}
        phrase = f"{before.strip()} … {after.strip()}".strip(" …")
        out.append(Slot(n, frozenset(words), phrase, alone, after, before))
    return out


def crossed(claim: str, sentences: list[str], common: Set[str] = frozenset()) -> tuple[q.Number, Slot] | None:
    """(a number of the claim, the source's slot whose words it took) when the claim crosses two numbers.

    Both numbers are in the source, each once, and the claim gives each the words the source gives
    the other; no distinctive word of the claim binds them as the source does. `common`: the paper's
    own names, which stand beside whichever number comes first and tell no part apart.

    Example:
        >>> c, s = crossed("It needs 6.8x fewer examples and 5.3x less time.",
        ...                ["It cuts examples by 5.3x and time by 6.8x."])
        >>> c.text, s.number.text
        ('6.8x', '5.3x')
        >>> c, s = crossed("It has 7.8x speed-up in training and 5.6x in inference over rivals.",
        ...                ["It has 7.8x speed-up in inference and 5.6x speed-up in training over rivals."])
        >>> c.text, s.number.text
        ('7.8x', '5.6x')
        >>> c, s = crossed("It cuts time by 5.3x and the examples needed by 6.8x.",
        ...                ["It cuts the examples needed by 5.3x and time by 6.8x, while losing little."])
        >>> c.text, s.number.text
        ('5.3x', '6.8x')
    """

    def plain(text: str) -> list[Slot]:  # "up to 7.8x" is 7.8x here, not anything under it
        found = slots(unnamed(text, common))
        return [replace(s, number=_plain(s.number)) for s in found if s.alone]

    mine = plain(claim)
    theirs = [s for t in sentences for s in plain(t)]
    for a, b in itertools.combinations(mine, 2):
        if not q.same_kind(a.number, b.number) or q.agrees(a.number, b.number):
            continue
        sa = [s for s in theirs if q.agrees(a.number, s.number) and q.same_kind(a.number, s.number)]
        sb = [s for s in theirs if q.agrees(b.number, s.number) and q.same_kind(b.number, s.number)]
        if len(sa) != 1 or len(sb) != 1 or sa[0] is sb[0]:
            continue
        # the words of each part, then only the few right after each number ("7.8x speed-up in inference
        # and 5.6x speed-up in training ... public systems": the sentence's tail goes with the last number)
        # and the words of each part less the sentence's head and tail, which both sentences give the first
        # and the last number ("reduces ... by 5.3x and ... by 6.8x, compared with public systems")
        heads = [min(pair, key=_at).before for pair in ((a, b), (sa[0], sb[0]))]
        tails = [max(pair, key=_at).after for pair in ((a, b), (sa[0], sb[0]))]
        ends = frozenset(
            read.content(heads[0]) & read.content(heads[1]) | read.content(tails[0]) & read.content(tails[1])
        )
        for wa, wb, xa, xb in (
            (a.words, b.words, sa[0].words, sb[0].words),
            tuple(map(_next, (a, b, sa[0], sb[0]))),
            tuple(s.words - ends for s in (a, b, sa[0], sb[0])),
        ):
            da, db = wa - wb, wb - wa  # what tells the claim's two apart
            ea, eb = xa - xb, xb - xa  # and the source's
            straight = len(da & ea) + len(db & eb)
            across = len(da & eb) + len(db & ea)
            if across >= 2 and across > straight:  # "cuts" beside "reduces" goes straight, the nouns cross
                return (a.number, sb[0]) if da & eb else (b.number, sa[0])
    return None


def _at(slot: Slot) -> int:
    """Where a slot's number stands, to find a sentence's first and last."""
    return slot.number.start


def _next(slot: Slot) -> frozenset[str]:
    """The content words of the three words right after a slot's number."""
    return frozenset(read.content(" ".join(slot.after.split()[:3])) - _PLAIN)


_MODIFIED = re.compile(r"\b([A-Za-z]+(?:-[A-Za-z0-9]+)+)\s+([a-z]{3,})\b")
_CLAUSE = re.compile(r"[;,()]|\b(?:while|whereas|but|and)\b")


def modifiers(text: str) -> dict[str, str]:
    """The head nouns of `text` that a compound modifier qualifies, each with its modifier.

    Example:
        >>> modifiers("It keeps 98% on long-context benchmarks.")
        {'benchmark': 'long-context'}
    """
    out: dict[str, str] = {}
    for m in _MODIFIED.finditer(text):
        head = read.content(m.group(2))
        if len(head) == 1:
            out[next(iter(head))] = m.group(1).lower()
    return out


def requalified(claim: str, sentences: list[str]) -> tuple[q.Number, str, str] | None:
    """(the claim's number, the source's modifier, the claim's) when the source states the number for
    "long-context benchmarks" and the claim for "short-text benchmarks", which the source has elsewhere.

    Example:
        >>> n, theirs, mine = requalified("On short-text benchmarks it keeps 98.64% of performance.",
        ...     ["It matches on short-text benchmarks but keeps 98.64% on long-context benchmarks."])
        >>> n.text, theirs, mine
        ('98.64%', 'long-context benchmarks', 'short-text benchmarks')
    """
    mine = modifiers(claim)
    if not mine:
        return None
    for c in q.numbers(claim):
        if not c.unit:
            continue
        homes = []
        for s in sentences:
            t = q.normal(s)
            for n in q.numbers(s):
                if q.agrees(c, n) and q.same_kind(c, n):
                    starts = [0, *(m.end() for m in _CLAUSE.finditer(t, 0, n.start))]
                    end = next((m.start() for m in _CLAUSE.finditer(t, n.end)), len(t))
                    homes.append((t[max(starts) : end], t))
        if len(homes) != 1:
            continue
        part, whole = homes[0]
        theirs = modifiers(part)
        for head, mod in mine.items():
            other = theirs.get(head)
            # (and the claim does not name the source's modifier too: "9-by-9 ... 4-by-4 multiplication")
            if (
                other
                and other != mod
                and mod not in part.lower()
                and mod in whole.lower()
                and other not in claim.lower()
            ):
                noun = re.search(rf"{re.escape(other)}\s+(\w+)", part, re.IGNORECASE)
                noun_text = f" {noun.group(1)}" if noun else ""
                return c, other + noun_text, mod + noun_text
    return None


def rebound(claim: str, sentences: list[str]) -> tuple[q.Number, q.Number, q.Number] | None:
    """(a, b, the source's other a) when the claim puts number a with number b, and the one source
    sentence that has b gives another number of a's kind ("the 3.8M-parameter model reaches 50.0% AP"
    where the sentence with 50.0% AP says 21.5M parameters, and 3.8M is said of another result).

    Example:
        >>> a, b, other = rebound("The 7B model reaches 90.7% on GSM8K.",
        ...     ["The 7B model reaches 83.8% on GSM8K.", "The 70B model reaches 90.7% on GSM8K."])
        >>> a.text, b.text, other.text
        ('7B', '90.7%', '70B')
    """
    mine = [n for n in q.numbers(claim) if n.unit or q.SIZE.match(n.text)]
    found = [(i, n) for i, sentence in enumerate(sentences) for n in q.numbers(sentence)]
    for a in mine:
        for b in mine:
            if a is b or q.same_kind(a, b) or not b.unit or b.canonical[1] == "ratio":
                continue  # "500x the 1B tokens": a ratio is between two things, not said of one
            with_b = {i for i, n in found if q.agrees(b, n) and q.same_kind(b, n)}
            with_a = {i for i, n in found if q.agrees(a, n) and _kin(a, n)}
            if len(with_b) != 1 or not with_a or with_a & with_b:
                continue
            (home,) = with_b
            rivals = [n for i, n in found if i == home and _kin(a, n) and not q.agrees(a, n)]
            if rivals and not any(q.agrees(m, r) for m in mine for r in rivals):
                return a, b, rivals[0]
    return None


def parted(claim: str, sentences: list[str]) -> tuple[q.Number, q.Number, q.Number] | None:
    """(b, a, the source's b for a) when the claim puts a result b with a setting a ("two-step sampling
    gives an FID of 2.51") that the source states in another sentence, with other results of b's kind
    that the claim does not give ("in a single step ... 2.51"; "through two-step sampling ... 2.24").

    Example:
        >>> b, a, other = parted("With 2-step sampling the FID is 2.51.",
        ...     ["It reaches an FID of 2.51 on CIFAR-10 in one sampling step.",
        ...      "Through 2-step sampling, FID falls to 2.24."])
        >>> b.text, a.text, other.text
        ('2.51', '2', '2.24')
    """
    mine = q.numbers(claim)
    found = [(i, n) for i, sentence in enumerate(sentences) for n in q.numbers(sentence)]
    for a in mine:
        if not a.unit or a.canonical[1] in ("share", "ratio"):
            continue  # a setting counts something: steps, GPUs, layers
        with_a = {i for i, n in found if q.agrees(a, n) and q.same_kind(a, n)}
        for b in mine:
            if b is a or q.same_kind(a, b) and a.unit:
                continue
            with_b = {i for i, n in found if q.agrees(b, n) and q.same_kind(b, n)}
            if len(with_b) != 1 or not with_a or with_a & with_b:
                continue
            rivals = [n for i, n in found if i in with_a and _alike(b, n) and not q.agrees(b, n)]
            if rivals and not any(q.agrees(m, r) and _alike(m, r) for m in mine for r in rivals):
                return b, a, rivals[0]
    return None


def _alike(b: q.Number, n: q.Number) -> bool:
    """Another result of b's kind: its unit, or with no unit, written to the same place and near in size."""
    if b.unit or n.unit:
        return bool(b.unit and n.unit) and q.same_kind(b, n)
    return b.step == n.step and n.value > 0 and 1 / 3 <= b.value / n.value <= 3


def _kin(a: q.Number, n: q.Number) -> bool:
    """Numbers of one kind, model sizes ("7B", "70B") included."""
    if q.SIZE.match(a.text):
        return bool(q.SIZE.match(n.text)) and a.text[-1] == n.text[-1]
    return q.same_kind(a, n)


_VARIANT = re.compile(r"^(?:v?\d\w*|[a-z])?$")
_TOKEN = re.compile(r"[A-Za-z][\w@.-]*[\w]|[A-Za-z]")


def unnamed(text: str, keys: Set[str]) -> str:
    """The text with the words that spell one of the name keys blanked, at the same length.

    Example:
        >>> unnamed("MuMath-Code-7B scores 52.4 on MATH.", {"mumathcode"})
        '               scores 52.4 on MATH.'
        >>> unnamed("Math gains on MathQA", {"math"})
        '     gains on MathQA'
    """
    if not keys:
        return text

    def own(word: str) -> bool:  # the name, or the name and a size or version ("MuMath-Code-7B")
        key = read.name_key(word)
        return any(key.startswith(k) and _VARIANT.match(key[len(k) :]) for k in keys if len(k) >= 3)

    return _TOKEN.sub(lambda m: " " * len(m.group(0)) if own(m.group(0)) else m.group(0), text)


def _names(word: str, keys: set[str]) -> bool:
    """Whether a content word is part of one of the name keys ("code" of "mumathcode")."""
    squashed = read.squash(word)
    return len(squashed) >= 3 and any(squashed in k for k in keys)


def misplaced(claim: str, sentences: list[str], common: set[str] = frozenset()) -> tuple[Slot, Slot] | None:  # type: ignore[assignment]
    """(the source's slot of the claim's number, the slot whose words the claim has) when a sentence gives
    two numbers of one kind and the claim takes one with the other's words ("7.8x in training" where
    the source has 7.8x in inference and 5.6x in training). `common`: words that tell no slot apart
    (the paper's own names, which stand beside whichever number comes first).

    Example:
        >>> a, b = misplaced("It speeds up training by 7.8x.",
        ...                  ["It gives a 7.8x speed-up in inference and a 5.6x speed-up in training."])
        >>> a.number.text, b.number.text
        ('7.8x', '5.6x')
    """
    # the paper's own names as name keys ("mumathcode"): drop the claim's words that spell them
    words = {w for w in read.content(claim) - _PLAIN if not _names(w, common)}
    parted = [[s for s in slots(sentence) if s.alone] for sentence in sentences]
    for c in q.numbers(claim):
        if not c.unit and "." not in c.text:
            continue  # a bare whole number may count anything; "81.8" is a score
        for alone in parted:
            found = [s for s in alone if q.same_kind(c, s.number)]
            mine = [s for s in found if _same(c, s.number)]
            if len(mine) != 1:
                continue
            own = mine[0]
            for other in found:
                if other is own or _same(c, other.number):
                    continue
                there = other.words - own.words
                here = {w for w in own.words - other.words if not _names(w, common)}
                if here and not words & here and words & there:
                    return own, other
                # the first number's part holds the sentence's head, which goes with every number ("reduces
                # training time by 5.3x on A and by 2.1x on B"): what sets it apart is after it, or a name
                if own.number.start < other.number.start:
                    own_after = here - read.content(own.before)
                    other_after = there - read.content(other.before)
                    own_names, other_names = here & _name_keys(own.phrase), there & _name_keys(other.phrase)
                    if (own_after and not words & own_after and words & other_after) or (
                        own_names - words and words & other_names
                    ):
                        return own, other
    return None


def _name_keys(text: str) -> set[str]:
    """The content stems of the names in `text`.

    Example:
        >>> sorted(_name_keys("to BERT yields a GLUE score of"))
        ['bert', 'glue']
    """
    return set().union(*(read.content(n) for n in read.names(text))) if read.names(text) else set()


_CONTRAST = re.compile(r"[;]|\b(?:but|while|whereas|however|although)\b", re.IGNORECASE)
_LEAD = re.compile(r"^\s*(?:on|for|in|across|under|with)\s+([^,]{1,60}),", re.IGNORECASE)
_CAPS = re.compile(r"\b[A-Z][A-Z0-9]{1,}s?\b(?![@-])")


def _setting(text: str, common: Set[str]) -> set[str]:
    """The names and acronyms of a phrase ("GSM8K", "NLP"), as keys; not the paper's own."""
    text = unnamed(text, common)
    keys = {read.name_key(n) for n in read.names(text)} | {_key(m.group(0)) for m in _CAPS.finditer(text)}
    return keys - {""}


def _key(word: str) -> str:
    """The key of an acronym: "LLMs" -> "llm"; "PASS" stays "pass"."""
    return (word[:-1] if word.endswith("s") and word[:-1].isupper() else word).lower()


_AT_NUMBER = re.compile(r"(?<=@)\d+")


def _lettered(text: str) -> str:
    """The number of a name such as "PASS@100" in letters ("PASS@baa"), at the same length: a part of
    the name, not a number of its own."""
    return _AT_NUMBER.sub(lambda m: "".join(chr(97 + int(d)) for d in m.group(0)), text)


def written(text: str, key: str) -> str:
    """The words of `text` a setting key came from.

    Example:
        >>> written("On GSM8K and NLP tasks", "nlp")
        'NLP'
    """
    lettered = _lettered(text)
    for name in [*read.names(lettered), *(m.group(0) for m in _CAPS.finditer(lettered))]:
        if key in (read.name_key(name), _key(name)) and (at := lettered.find(name)) >= 0:
            return text[at : at + len(name)]
    return key


_AGAINST = re.compile(
    r"\b(?:compared (?:with|to)|relative to|in comparison (?:with|to)|than|against|versus|vs\.?)\s", re.I
)


def _groups(text: str, common: Set[str], subject: bool = True) -> list[tuple[list[q.Number], set[str]]]:
    """The numbers of a sentence in groups no break parts ("from 35.5% to 44.5% for GSM8K"), each with
    the names around them: what they were measured on. With `subject`, the names before the sentence's
    first number are its subject, said of a whole list ("the 70B model reaches 90.7% on GSM8K and 55.1%
    on MATH"), not of that number."""
    text = _lettered(text)
    t = q.normal(_CITATION.sub(lambda m: " " * len(m.group(0)), text))
    out: list[tuple[list[q.Number], set[str]]] = []
    previous: q.Number | None = None
    found = slots(text)
    for s in found:
        n = s.number
        # the sentence's tail after its last number ("... and 1.2x on short text, compared with the vanilla
        # Transformer") names what every number is measured against, not the last one's setting
        after = _AGAINST.split(s.after, maxsplit=1)[0] if s is found[-1] else s.after
        named = _setting(after, common) | (_setting(s.before, common) if previous or not subject else set())
        if previous is not None and not _BREAK.search(t[previous.end : n.start]):
            out[-1][0].append(n)
            out[-1][1].update(named)
        else:
            out.append(([n], named))
        previous = n
    return out


def resettled(
    claim: str, sentences: list[str], common: Set[str] = frozenset()
) -> tuple[q.Number, q.Number, str] | None:
    """(the claim's number, the source's number for the name, the name) when the claim puts a number with
    a name the source's sentence gives another number of its kind ("0.5% on NLP benchmarks" where the
    sentence has a 2% loss on NLP and the 0.5% gain on image classification).

    Example:
        >>> n, theirs, name = resettled("It gains 0.5% on NLP and loses 2% on vision.",
        ...     ["It loses 2% on NLP, and gains 0.5% on ImageNet."])
        >>> n.text, theirs.text, name
        ('0.5%', '2%', 'NLP')
    """
    if "respectively" in claim.lower():
        return None  # a list paired "respectively" puts its names after all of its numbers
    lead = _LEAD.match(claim)
    leading = _setting(lead.group(1), common) if lead else set()
    grouped = [[] if "respectively" in s.lower() else _groups(s, common) for s in sentences]
    # the claim's own numbers, each with the names of its own part only: "a 2% NLP loss for a 0.5% gain"
    claimed = [(s.number, _setting(f"{s.before} {s.after}", common)) for s in slots(_lettered(claim))]
    stated = [c for c, _ in claimed]
    for c, named in claimed:
        if not c.unit:
            continue
        # the opening is said of the numbers of its own clause: not past a "but" or "while"
        opened = leading if not _CONTRAST.search(claim, lead.end() if lead else 0, c.start) else set()
        homes = [
            (k, g)
            for k, groups in enumerate(grouped)
            for g, (ns, _) in enumerate(groups)
            if any(q.same_kind(c, n) and _same(c, n) for n in ns)
        ]
        if len(homes) != 1:
            continue
        k, g = homes[0]
        own = grouped[k][g][1]
        rivals = [
            (names, next(n for n in ns if q.same_kind(c, n)))
            for h, (ns, names) in enumerate(grouped[k])
            if h != g and any(q.same_kind(c, n) for n in ns) and not any(_same(n, c) for n in ns)
        ]
        others = set().union(*(names for names, _ in rivals)) if rivals else set()
        own_only, other_only = own - others, others - own
        # a claim's opening ("With a ResNet-50 backbone, ...") is said of all its numbers: of none in
        # particular when the claim gives the rival's number too
        loose = {key for names, n in rivals if not any(_same(m, n) for m in stated) for key in names}
        hit = named & other_only or (opened & other_only & loose if not opened & own_only else set())
        tied = [m for m in stated if not q.same_kind(m, c)]  # "the 70B model": a number of another kind
        if hit and any(q.same_kind(m, n) and _same(m, n) for m in tied for n in grouped[k][g][0]):
            continue  # "the 70B model ... on GSM8K": its size ties it to its part of the sentence
        if hit:
            key = sorted(hit)[0]
            rival = next(n for names, n in rivals if key in names)
            return c, rival, written(claim, key)
    return None


def _plain(n: q.Number) -> q.Number:
    """The number without its hedge: "up to 7.8x" is 7.8x where it is matched to a part of a sentence."""
    return replace(n, qualifier="")


def _same(a: q.Number, b: q.Number) -> bool:
    return q.agrees(_plain(a), _plain(b))
