"""What causes what: a claim that gives a reason ("X is fast because it is small") must have a source
sentence that links the two, not one that only reports both.
"""

from __future__ import annotations

import itertools
import re

from assistant import claims as read
from assistant import quantities as q

# a claim that gives a reason: what follows the connective is said to cause what comes before
_CAUSE = re.compile(
    r"\b(because(?: of)?|due to|thanks to|owing to|as a result of|as a result|which is why|that is why|"
    r"(?:a |the )?(?:direct )?result of|"
    r"leads? to|led to|results? in|resulting in|caused by|causes|hence|therefore|"
    r"attributed to|driven by|stems from|explains|is why|which makes|making it|since|"
    r"comes? from|came from)\b",
    re.IGNORECASE,
)
# words by which a source links one thing to another: the reason after them ("by using X"), or
# before them ("X enables Y")
_BECAUSE = re.compile(
    r"\b(because|due to|thanks to|owing to|since|by|through|via|as a result of|driven by|stems? from|"
    r"attributed to|results? from|using|leverag\w*|relying on|based on|with the help of|from)\b",
    re.IGNORECASE,
)
_SO = re.compile(
    r"\b(enabl\w*|allow\w*|leads? to|led to|leading to|results? in|resulting in|therefore|thus|hence|so that|"
    r"making|"
    r"makes|thereby|consequently|contribut\w*|help\w*|yield\w*|permit\w*|"
    r"which (?:improves?|reduces?|boosts?|stabili[sz]es|speeds up|lowers|raises|increases|prevents|avoids|"
    r"mitigates|alleviates|limits|hinders)|(?:which|that) prevents?)\b",
    re.IGNORECASE,
)
# words that open a sentence without being part of its reason: "Moreover, since X, we Y"
_OPENER = re.compile(
    r"^\s*(?:(?:moreover|furthermore|also|however|in addition|additionally|first(?:ly)?|second(?:ly)?|"
    r"third(?:ly)?|finally|specifically|importantly|notably|in particular|instead|still|yet|and|but)"
    r"\b[\s,]*)+",
    re.IGNORECASE,
)
_GAINS = re.compile(
    r"\b(?:gains?|improvements?|speed-?ups?|benefits?|advantages?|boosts?)\b[^,;.]{0,80}$", re.I
)
_FOLLOW_ON = re.compile(
    r"^(?:it is |it's )?(this|these|such|as a result|therefore|thus|consequently|hence)\b", re.I
)  # "It is thus desirable ..." follows on from the sentence before


# "causes" as a noun: "two causes", "the main causes", "its causes"
_NOUN_BEFORE = re.compile(
    r"\b(?:two|three|several|many|main|root|possible|key|the|its|their|these|those|of|different)\s+$", re.I
)
_INFERRED = re.compile(r"\bmust (?:have|be|need|take|run|score|use)\b", re.IGNORECASE)
# "The authors argue that ...": who says it, before what they say
REPORTING = (
    r"argues?|notes?|points? out|shows?|finds?|observes?|reports?|says?|states?|claims?|explains?|"
    r"suggests?|emphasi[sz]es?|highlights?"
)  # the verbs by which a claim says who says it
_REPORTED = re.compile(rf"\b(?:{REPORTING})\s+that\s*$", re.IGNORECASE)
_WHO_SAYS = frozenset(read.content("paper papers author authors work study team"))


def _frame_only(lead: str) -> bool:
    """Whether `lead` only says who says what follows: "The authors argue that", "The SortedNet paper
    notes that", "DocNet's authors show that".

    Example:
        >>> _frame_only("The SortedNet paper argues that "), _frame_only("It is slow, so it argues that ")
        (True, False)
    """
    if not _REPORTED.search(lead):
        return False
    rest = _REPORTED.sub(" ", lead)
    named = set().union(*(read.content(n) for n in read.names(rest))) if read.names(rest) else set()
    return not read.content(rest) - named - _WHO_SAYS


# "the paper explains how X works" tells what the paper does, not what causes what
_TELLS = re.compile(r"explains\s+(?:how|what|when|where|whether)\b", re.I)


def _worked_from(effect: str, reason: str) -> bool:
    """Whether a number of `effect` is the product, quotient or difference of two of `reason` (within a
    tenth): "about 120 GPU-hours" from "15 hours on eight A100s".

    Example:
        >>> _worked_from("It takes at most about 120 GPU-hours", "it runs under 15 hours on eight A100s")
        True
        >>> _worked_from("It is 7x faster", "it uses 4 steps instead of 50")
        False
        >>> _worked_from("It is 4x smaller", "it uses 8 heads instead of 32")
        False
    """
    # compute time only (GPU-hours from hours on GPUs): a ratio or a gap of the reason's numbers may be a
    # cause the paper never gives ("4x smaller since it uses 8 heads instead of 32")
    normal = q.normal(effect)
    mine = [n.value for n in q.numbers(effect) if n.value > 0 and _COMPUTE_TIME.match(normal, n.end)]
    theirs = [n.value for n in q.numbers(reason) if n.value > 0]
    worked = [a * b for a, b in itertools.combinations(theirs, 2)]
    return any(0.9 * c <= v <= 1.1 * c for c in mine for v in worked)


_COMPUTE_TIME = re.compile(
    r"\s*(?:A100|V100|H100|TPU)?\s*(?:GPU|TPU|node|core)s?[- ](?:hours?|days?)\b", re.IGNORECASE
)


def cause(claim: str) -> tuple[str, set[str], set[str]] | None:
    """(connective, what is caused, the cause) as content words, when the claim gives a reason.

    Example:
        >>> cause("It is fast because it is small")
        ('because', {'fast'}, {'small'})
    """
    # "gains come from X" gives a reason; "categories come from a scheme" says where they are from
    m = next((x for x in _CAUSE.finditer(claim) if (not re.match(r"c[oa]mes? from", x.group(1).lower())
              or _GAINS.search(claim[: x.start()])) and not _TELLS.match(claim, x.start())
              and not (x.group(1).lower() == "causes" and _NOUN_BEFORE.search(claim[: x.start()]))), None)  # noqa: E501  # fmt: skip
    if not m:
        return None
    if m.group(1).lower() in ("since", "because") and _INFERRED.search(claim) and re.search(r"\d", claim):
        return None  # "Since that is a 7x gain, PIXART-α must take about 3.5 s": worked out, not a cause
    if m.group(1).lower() == "since" and _worked_from(claim[: m.start()], claim[m.end() :]):
        return None  # "at most about 120 GPU-hours, since it takes under 15 hours on eight A100s": arithmetic
    lead = claim[: m.start()]
    if _frame_only(lead):
        lead = ""  # "The authors argue that because X, Y": the reason comes first, as in "Because X, Y"
    before, after = read.content(lead), read.content(claim[m.end() :])
    if m.group(1).lower().endswith("result of") or m.group(1).lower() in ("caused by", "driven by", "attributed to", "stems from", "because", "because of",  # noqa: E501
                              "due to", "thanks to", "owing to", "as a result of", "is why", "which is why",
                              "that is why", "since") or "from" in m.group(1).lower():  # fmt: skip
        effect, reason = before, after
    else:
        effect, reason = after, before
    if m.group(1).lower() in ("which is why", "that is why", "is why"):
        effect, reason = after, before
    rest = claim[m.end() :]
    if not before and "," in rest:  # "Thanks to X, Y": the reason comes first, up to the comma
        head, tail = rest.split(",", 1)
        reason, effect = read.content(head), read.content(tail)
    return m.group(1), effect, reason


def states_cause(
    claim: str, sentences: list[str], everywhere: set[str] | frozenset[str] = frozenset(), aligned: str = ""
) -> bool:
    """Whether one source sentence (or one and its follow-on) links the claim's cause and effect.

    A claim with no connective states no cause and passes. In `aligned`, the sentence the whole claim
    matches closely, two words of each side will do where others need half of them: a paraphrase keeps
    the link and changes the words ("hard to deploy ... because they need so much compute" beside
    "deploying ... presents considerable challenges due to their high computational and memory demands").
    """
    found = cause(claim)
    if not found:
        return True
    _, effect, reason = found
    names = set().union(*(read.content(n) for n in read.names(claim))) if read.names(claim) else set()
    # the paper's subject links nothing; a cause that is all names ("its Visual Module") is still a cause
    effect, reason = (
        effect - everywhere - names or effect - everywhere,
        reason - everywhere - names or reason - everywhere,
    )
    if not effect or not reason:
        return True
    if aligned and _links(aligned, effect, reason, least=2):
        return True
    for i, s in enumerate(sentences):
        follows = i + 1 < len(sentences) and _FOLLOW_ON.match(sentences[i + 1])
        joined = s + (" " + sentences[i + 1] if follows else "")
        if _links(joined, effect, reason):
            return True
        # "X. This way, Y": a causal opener links the sentence before, the reason, to its own, the effect
        # (not a bare "This model ..." or "These models ...")
        nxt = sentences[i + 1] if follows else ""
        if _SO_OPENER.match(nxt) and _told(s, reason) and _told(nxt, effect) and not _told(s, effect):
            return True
    return False


_SO_OPENER = re.compile(
    r"^(?:it is |it's )?(?:this way|in this way|as a result|therefore|thus|consequently|hence|such-wise)\b|"
    r"^(?:to (?:tackle|address|overcome|solve|mitigate|alleviate|remedy|fix) (?:these|this|such|the) "
    r"[\w-]+(?: [\w-]+)?,)",
    re.I,
)
_DESPITE = re.compile(r"\b(?:despite|in spite of|although|even though|even when|regardless of)\s*$", re.I)


def _told(text: str, words: set[str]) -> bool:
    """Whether `text` has at least half of the words (and one).

    Example:
        >>> _told("It is fast and small.", {"fast", "small", "cheap"})
        True
    """
    return len(words & read.content(text)) >= max(1, len(words) / 2)


def _links(text: str, effect: set[str], reason: set[str], least: int = 0) -> bool:
    """Whether `text` has the reason's words and the effect's on either side of a linking word: half of
    each, or `least` of each (all, when a side has fewer).

    Example:
        >>> _links("It is fast by using small kernels.", {"fast"}, {"small", "kernel"})
        True
        >>> _links("It is fast and uses small kernels.", {"fast"}, {"small", "kernel"})
        False
    """
    words = text.split()
    at: dict[str, int] = {}
    for k, w in enumerate(words):
        for stem in read.content(w):
            at.setdefault(stem, k)
    found_e, found_r = [at[w] for w in effect if w in at], [at[w] for w in reason if w in at]

    def enough(found: list[int], side: set[str]) -> bool:
        return len(found) >= (min(least, len(side)) if least else max(1, len(side) / 2))

    if not enough(found_e, effect) or not enough(found_r, reason):
        return False
    for pattern, reason_after in ((_BECAUSE, True), (_SO, False)):
        for m in pattern.finditer(text):
            if _DESPITE.search(text[max(0, m.start() - 20) : m.start()]):
                continue  # "slower despite using fewer operations": "using" gives no reason there
            link = len(text[: m.start()].split())
            comma = text.find(",", m.end())
            if reason_after and not _OPENER.sub("", text[: m.start()]).strip(" ,") and comma > 0:
                # "Due to X, Y": the reason up to the comma, the effect after it
                cut = len(text[:comma].split())
                # the reason mostly before the comma, the effect mostly after it (of the effect's words, those
                # the reason does not share: "large datasets" may be in both)
                own = [at[w] for w in effect - reason if w in at] or found_e
                reason_first = sum(p < cut for p in found_r) >= len(found_r) / 2 > 0
                if reason_first and sum(p < cut for p in own) < len(own) / 2:
                    return True
                continue
            after_r = sum(p >= link for p in found_r) / len(found_r)
            after_e = sum(p >= link for p in found_e) / len(found_e)
            if (after_r >= 0.5 > after_e) if reason_after else (after_e >= 0.5 > after_r):
                return True
    return False


# a source's own link between a reason and what it brings about: the reason after the word ("due to X"), or
# before it ("X, which prevents ...", "X. This would hinder ...")
_LINK = re.compile(
    r"\b(?P<after>because(?: of)?|due to|thanks to|owing to|since|driven by|stems? from|attributed to|"
    r"as a result of|motivated by|inspired by)\b|"
    r"\b(?P<before>leads? to|led to|leading to|results? in|resulting in|therefore|thus|hence|consequently|"
    r"so that|making|makes|hinder\w*|prevent\w*|enabl\w*|allow\w*|limit(?:s|ing)|to address|to tackle|"
    r"to improve|to reduce|to boost|to speed up|in order to|"
    r"to this end|to overcome)\b",
    re.IGNORECASE,
)


def claim_sides(claim: str) -> tuple[str, str] | None:
    """(what is caused, the cause) as the claim writes them, when it gives a reason.

    Example:
        >>> claim_sides("It is fast because it is small")
        ('It is fast', 'it is small')
        >>> claim_sides("Because it is small, it is fast")
        ('it is fast', 'it is small')
        >>> claim_sides("The authors note that because it is small, it is fast")
        ('it is fast', 'it is small')
    """
    found = cause(claim)
    if not found:
        return None
    m = next(x for x in _CAUSE.finditer(claim) if x.group(1) == found[0])
    before, after = claim[: m.start()].strip(" ,"), claim[m.end() :].strip(" ,.")
    if _frame_only(before + " "):
        before = ""  # "The authors note that because X, Y": as "Because X, Y"
    word = m.group(1).lower()
    reason_after = word.endswith("result of") or "from" in word or word in (
        "caused by", "driven by", "attributed to", "stems from", "because", "because of", "due to",
        "thanks to", "owing to", "as a result of", "since")  # fmt: skip
    if not before and "," in after:  # "Because X, Y"
        reason, effect = after.split(",", 1)
        return effect.strip(" ,."), reason.strip()
    return (before, after) if reason_after else (after, before)


def _sides_at(sentence: str, m: re.Match[str]) -> tuple[str, str] | None:
    """(what is brought about, the reason) on either side of the link `m`, or None.

    Example:
        >>> text = "Corpora are small due to the cost of curation."
        >>> _sides_at(text, _LINK.search(text))
        ('Corpora are small', 'the cost of curation.')
        >>> text = "Due to their size, large models are hard to explain."
        >>> _sides_at(text, _LINK.search(text))
        ('large models are hard to explain.', 'their size')
    """
    head, tail = sentence[: m.start()].strip(" ,"), sentence[m.end() :].strip(" ,")
    after = bool(m.group("after"))
    if after and not _OPENER.sub("", head).strip(" ,") and "," in tail:
        # "Due to X, Y": the reason up to the comma, what it brings about after it
        reason, _, effect = tail.partition(",")
        return (effect.strip(" ,"), reason.strip()) if effect.strip(" ,.") and reason.strip() else None
    # each half up to a contrast: "..., while generalization suffers from label noise" is another cause
    tail = _CONTRAST.split(tail)[0].strip(" ,")
    head = _CONTRAST.split(head)[-1].strip(" ,")
    if not head or not tail:
        return None
    effect, reason = (head, tail) if after else (tail, head)
    if _CAUSE.search(effect):
        return None  # the effect half gives a cause of its own
    return effect, reason


def source_pairs(sentences: list[str], j: int) -> list[tuple[str, str]]:
    """Each (what is brought about, the reason) that sentence `j` links, alone or with a neighbour that
    follows on from the sentence before it ("X. Consequently, Y", "X. This would hinder Y").

    Example:
        >>> source_pairs(["Training ignores modularity.", "Consequently, it cannot adapt its cost."], 1)
        [('it cannot adapt its cost.', 'Training ignores modularity.')]
        >>> source_pairs(["Corpora are small due to cost.", "This would hinder generalization."], 0)[0]
        ('Corpora are small', 'cost.')
        >>> source_pairs(["Curation is hard.", "This is primarily due to the cost."], 0)
        [('Curation is hard. This is primarily', 'the cost.')]
    """
    # each link of the sentence: "partitions X to enable Y to improve Z" gives Z a reason as well as Y
    pairs = [one for m in _LINK.finditer(sentences[j]) if (one := _sides_at(sentences[j], m))]
    if j + 1 < len(sentences) and _FOLLOW_ON.match(sentences[j + 1]):
        # "X. This is primarily due to Y": a link in the sentence that follows on, read across both
        joined = sentences[j] + " " + sentences[j + 1]
        start = len(sentences[j]) + 1
        pairs += [one for m in _LINK.finditer(joined, start) if (one := _sides_at(joined, m))]
    for k in (j, j + 1):  # the follow-on is the claim's sentence, or the one after it
        if 0 < k < len(sentences) and (m := _SO_OPENER.match(sentences[k]) or _WOULD.match(sentences[k])):
            effect = _CONTRAST.split(sentences[k][m.end() :])[0].strip(" ,")  # up to a contrast, as above
            if effect and not _CAUSE.search(effect.split(",")[0]):
                pairs.append((effect, sentences[k - 1]))
    return pairs


# "This would hinder Y", "Such a design prevents Y": the sentence before is the reason
_WOULD = re.compile(
    r"^(?:this|these|such|that)\b[^,.;]{0,40}?\b(?:would |will |can |may |might |could )?"
    r"(?:hinders?|prevents?|limits?|leads? to|results? in|causes?|makes?|allows?|enables?)\b",
    re.I,
)


_CONTRAST = re.compile(r";|,\s*(?:while|whereas|but)\b|\b(?:instead|rather)\b", re.IGNORECASE)
