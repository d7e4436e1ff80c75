"""Generation hygiene for small models: stop loops, drop echoed scaffolding and restated questions.

SmolLM2-135M echoes its prompt ("Question: ... Answer: 1", "Context:", "The answer is.") and can
repeat one sentence for a page. These sentences state nothing to check; they are dropped before
the verifier sees the answer, and a stream that starts to loop is stopped.
"""

from __future__ import annotations

import re

from assistant import claims as read

# a label the model copied from the prompt, at the start of a sentence: dropped, the rest kept
_LABEL = re.compile(r"^\s*(question|answer|context|sources?|passage|response)\s*\d*\s*:\s*", re.IGNORECASE)
# sentences that are only scaffolding
_EMPTY = re.compile(
    r"^(the )?(answer|response) (is|would be)[.:]?$|^(answer|context|question)[.:]?$|^\d+[.)]?$|^\W*$",
    re.IGNORECASE,
)
# "Based on the provided sources, X ..." -> "X ...": the lead-in states nothing
_LEAD_IN = re.compile(
    r"^(based on|according to|from) (the )?(provided |given )?(sources|passages|context|papers)( provided)?,?\s+",  # noqa: E501
    re.IGNORECASE,
)
NGRAM = 8  # words; an n-gram seen three times means the model is looping


def clean(sentences: list[str], question: str = "") -> list[str]:
    """The sentences that may state something: labels cut, scaffolding, questions and repeats dropped.

    Example:
        >>> clean(["Question: What is X?", "Answer: X is a model [1].", "X is a model [1]."])
        ['X is a model [1].']
    """
    asked = read.content(question)
    seen: set[str] = set()
    kept: list[str] = []
    for raw in sentences:
        text = raw
        while (m := _LABEL.match(text)) is not None:
            text = text[m.end() :]
        text = _LEAD_IN.sub("", text.strip())
        text = text[:1].upper() + text[1:]
        if not text or _EMPTY.match(text) or text.endswith("?"):
            continue
        key = " ".join(re.findall(r"\w+", re.sub(r"\[\d+\]", "", text.lower())))
        if key in seen:
            continue
        seen.add(key)
        words = read.content(text)
        if asked and words and words <= asked and not read.numbers(text):
            continue  # says back what was asked and nothing more
        kept.append(text)
    return kept


def looping(text: str) -> bool:
    """Whether a streamed answer has started to repeat itself.

    True when its last finished sentence already came earlier, or an 8-word sequence has come
    three times.

    Example:
        >>> looping("A b c d e. A b c d e. ")
        True
    """
    from index.chunking import split_sentences

    parts = [" ".join(re.findall(r"\w+", s.lower())) for s in split_sentences(text)]
    finished = parts[:-1] if not text.rstrip().endswith((".", "!", "?")) else parts
    if (
        len(finished) >= 2
        and finished[-1]
        and len(finished[-1].split()) >= 3
        and finished[-1] in finished[:-1]
    ):
        return True
    words = re.findall(r"\w+", text.lower())
    counts: dict[tuple[str, ...], int] = {}
    for i in range(len(words) - NGRAM + 1):
        gram = tuple(words[i : i + NGRAM])
        counts[gram] = counts.get(gram, 0) + 1
        if counts[gram] >= 3:
            return True
    return False
