"""Quantities a text states: the value, what it counts, how exactly it is written, and its hedge.

"about 84%" agrees with 84.2%, "over 80,000" with 80,863 and "roughly 7x" with 6.6x; "84%" agrees
with 84.2% because 84.2 rounds to it, but "84.0%" does not. "2 steps" does not agree with "2-4
steps" (one end of a range), "2x" does not agree with "up to 2x", and "0.5 ms" is another
quantity than "0.5 seconds".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

# "1024×1024", "256 x 256" -> two numbers
_DIMS = re.compile(r"(\d[kK]?)\s*[x×]\s*(?=\d)|\b(\d{2,4}) times (?=\2\b)")  # "64 times 64", as scraped
NUMBER = re.compile(
    r"(?<![\w.])(?<![A-JL-WYZa-jl-wyz]-)(?<!(?<!\d)[kKMB]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)"
    r"(\s*(?:%|percent\b|per cent\b|×|x\b|times\b|-?fold\b|[kKMBT]\b|thousand\b|million\b|billion\b|trillion\b)"  # noqa: E501
    r"|(?:GB|MB|KB|TB|ms|s|h)\b)?"
    r"(?![\w])"
)
_SCALE = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12
}  # fmt: skip
_ONES = "one two three four five six seven eight nine".split()  # noqa: SIM905
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()  # noqa: SIM905
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
# "one" is too often not a count ("one of the", "one-step")
WORD_NUMBERS = (
    {w: i for i, w in enumerate(_ONES, 1) if i >= 2}
    | {w: i for i, w in enumerate(_TEENS, 10)}
    | {w: 10 * i for i, w in enumerate(_TENS, 2)}
    | {"hundred": 100, "dozen": 12}
)
_DENOMINATORS = r"(?:halves|half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)"
_TENS_OR = "|".join(_TENS)
_ONES_OR = "|".join(_ONES)
_SMALL_OR = "|".join(w for w in WORD_NUMBERS if w not in _TENS)
# a count in words: "twelve", "twenty-one", "fifty three", "three hundred"; not "two thirds", a share
_WORD_NUMBER = re.compile(
    rf"\b(?:(?P<tens>{_TENS_OR})(?:[- ](?P<unit>{_ONES_OR})(?!-))?|(?P<small>{_SMALL_OR}))"
    rf"(?:[ -](?P<hundred>hundred)\b(?![ -]{_DENOMINATORS}))?"
    rf"\b(?![ -]{_DENOMINATORS}\b)(?![ -](?:hundredths?|thousandths?)\b)",
    re.IGNORECASE,
)
# hundreds with a rest: "a hundred and sixty", "three hundred twenty-five"
_HUNDREDS = re.compile(
    rf"\b(a|one|{_ONES_OR})[ -]hundred(?:(?:\s+and)?[ -]"
    rf"(?P<rest>(?:{_TENS_OR})(?:[- ](?:{_ONES_OR}))?|{'|'.join(_TEENS)}|{_ONES_OR})"
    rf"(?![\w-]|\s+(?:hundred|thousand|million|billion)\b))?"
    rf"\b(?![ -]{_DENOMINATORS})",
    re.IGNORECASE,
)


def _hundreds(m: re.Match[str]) -> str:
    """The digits of "a hundred and sixty" (160) or "three hundred twenty-five" (325)."""
    head = m.group(1).lower()
    rest = re.split(r"[- ]", (m.group("rest") or "").lower())
    value = 100 * (1 if head in ("a", "one") else WORD_NUMBERS[head])
    return str(value + sum(WORD_NUMBERS.get(w, 1 if w == "one" else 0) for w in rest))


def _and_a_half(m: re.Match[str]) -> str:
    return f"{(1 if m.group(1).lower() == 'one' else int(m.group(1))) + 0.5:g}"


# "ties the two together", "neither of the three": a count that stands for things named before, no number
_PRONOUN_COUNT = re.compile(
    r"\b(the|these|those|both|all)\s+(two|three)\b(?=\s+(?:together|apart|of them|alike)\b)",
    re.IGNORECASE,
)
_GROUP = {"two": "pair", "three": "trio"}


def _word_value(m: re.Match[str]) -> str:
    """The digits of a count said in words ("twenty-one": 21, "three hundred": 300)."""
    if m.group("tens"):
        value = WORD_NUMBERS[m.group("tens").lower()] + (
            _ONES.index(m.group("unit").lower()) + 1 if m.group("unit") else 0
        )
    else:
        value = WORD_NUMBERS[m.group("small").lower()]
    if m.group("hundred") and value < 100:
        value *= 100
    return str(value)


_FOLD = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")fold\b", re.IGNORECASE)
# "doubles the throughput" is 2x; not "doubles to 3,000 tokens" (a change to a value) or "tennis doubles"
_TIMES_WORD = re.compile(
    r"(?<!tennis )\b(doubl|tripl|quadrupl)(?:es|ed|ing)\b(?!\s+(?:to|from)\s+\d)", re.IGNORECASE
)
_TIMES = {"doubl": "2x", "tripl": "3x", "quadrupl": "4x"}
# "double- and triple-annotated pages": done two and three times (not "double-blind", "double-buffered")
_DOUBLE_DASH = re.compile(
    r"\b(double|triple)-(?=(?:\s*(?:and|or)\s+[a-z]+-)?(?:annotat|label|check|count|review|verifi)\w*ed\b)",
    re.IGNORECASE,
)
_VAGUE_WORDS = re.compile(r"\b(several|a few) (hundred|dozen)\b", re.IGNORECASE)
_DIMENSIONS = re.compile(r"\b(one|two|three|four|[1-4])[- ]dimension(?:s|al)\b", re.IGNORECASE)
_DIM_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4"}


def named_dimensions(text: str) -> str:
    """`text` with a count of dimensions written as its name: no number to check, a sibling of the others.

    Example:
        >>> named_dimensions("projected to two dimensions, a three-dimensional or 2-dimensional one")
        'projected to 2D, a 3D or 2D one'
    """
    return _DIMENSIONS.sub(lambda m: _DIM_WORDS.get(m.group(1).lower(), m.group(1)) + "D", text)
_VAGUE_PLURAL = re.compile(
    r"(?<!of )\b(hundred|dozen)s\b(?!\s+of\s+(?:thousands|millions|billions)\b)(?:\s+of\b)?\s*", re.I
)
_VAGUE_MARK = "\ue000"  # a private-use character before the digits of a vague count (not "≈",
# which people write for "about")
_STOP_UNIT = frozenset(
    "a an the and or of to in on for with by at from than as is are was were be it its this that "  # noqa: SIM905
    "which while whereas but also more less fewer over under up without before after via".split()
)

# the hedge before a number, and the family it belongs to
_QUALIFIERS = [
    ("about", r"about|around|approximately|approx\.?|roughly|some|circa|~|≈|on the order of|close to"),
    ("nearly", r"nearly|almost|just under|just shy of"),
    ("over", r"over|more than|above|at least|upwards of|greater than|in excess of|exceeding|beyond|north of"),
    (
        "under",
        r"up to|under|less than|below|fewer than|at most|as much as|as many as|as high as|no more than|"
        r"within",
    ),
    ("least", r"as few as|as little as|as low as"),
]
_ARTICLE = r"(?:\s+an?(?:\s+(?:further|additional|extra))?)?"  # "roughly a 1.5-point gain"
_AT_MOST = re.compile(r"\b(?:up to|as (?:much|many|high) as|at most)" + _ARTICLE + r"\s*\+?\s*$", re.I)
_QUALIFIER = [
    (
        name,
        re.compile(r"(?:^|[\s(])(?:" + pat + r")" + _ARTICLE + r"\s*\+?\s*$", re.I),
    )
    for name, pat in _QUALIFIERS
]
# shares said in words or as a fraction: "a third", "two fifths", "1/10 of the data", "in half"
_PARTS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
          "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
          "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10, "twentieth": 20, "twentieths": 20,
          "hundredth": 100, "hundredths": 100, "thousandth": 1000, "thousandths": 1000}  # fmt: skip
_FRACTION = re.compile(
    r"\b(?:(a|one|two|three|four|five|six|seven|eight|nine)[ -](third|thirds|quarter|quarters|fifth|fifths|"
    r"sixths?|sevenths?|eighths?|ninths?|tenth|tenths|twentieths?|hundredths?|thousandths?)|"
    r"(?:in|by) (half)|"
    # "half of its FLOPs", "half the memory"; not "the first half of"
    r"(?<!\bin )(?<!\bby )(?<!first )(?<!second )(?<!other )(?<!latter )(?<!former )(?<!upper )(?<!lower )"
    r"(?<!top )(?<!bottom )(?<!last )(?<!a )"
    r"(half)(?=\s+(?:of|its|their|the)\b))\b"
    r"|(?<![\d/.])(\d{1,2})/(\d{1,3})(?![\d/])(?=\s+(?:of|the)\b)",
    re.IGNORECASE,
)
# "one in five", "7 in 10", "one in every hundred": a share; read after normal() has written the counts as
# digits
_SHARE_IN = re.compile(
    r"(?<![\w-])(one|[1-9])(?: [a-z]+)? in (?:every )?(\d{1,3})\b(?!\s*(?:%|percent|x\b|times|-?fold))"
    r"(?:\s+(\w+))?",
    re.IGNORECASE,
)  # "one document in twenty"; not "top-1 in 5 benchmarks"
# "an order of magnitude", "two orders of magnitude": a loose factor of ten each
MAGNITUDE = re.compile(
    r"\b(?:(one|two|three|[123])\s*(?:to|-|–|or)\s*)?(an|one|two|three|four|[1234])\s+orders?\s+of\s+magnitude\b",
    re.IGNORECASE,
)  # "two to three orders of magnitude": one span
_AND_A_HALF = re.compile(r"\b(one|\d+) and a half\b", re.IGNORECASE)
# how far from a factor of ten an order of magnitude reaches, by its hedge: "well over", "nearly"
_MAGNITUDE_SPAN = {"over": (1.0, 100.0), "nearly": (0.5, 1.0), "under": (0.1, 1.0)}
# "twice as fast", "twice the throughput": 2x; "halves the latency": by half
_TWICE = re.compile(r"\btwice\b(?!-|\s+(?:a|per|daily)\b)", re.IGNORECASE)
# the verb ("halves the latency"), not the noun ("two halves", "into halves")
_HALVES = re.compile(
    r"(?<!\btwo )(?<!\binto )(?<!\bthe )(?<!\bboth )(?<!\bin )\bhalv(?:es|ed|ing)\b"
    r"(?!\s+(?:to|from)\s+\d|\s*[,.;:)]|\s+(?:of|and|are|is|were|was)\b)",
    re.IGNORECASE,
)
_OF_A_UNIT = re.compile(
    r"\s+of\s+an?\s+(point|second|minute|hour|day|percentage point|percent|step)\b", re.IGNORECASE
)
_COUNT = {"a": 1, "one": 1} | {w: i for i, w in enumerate(_ONES, 1) if i >= 2}
_ORDERS = {"an": 1, "1": 1, "2": 2, "3": 3, "4": 4} | _COUNT  # how many orders of magnitude
_HALF_UNIT = re.compile(
    r"\bhalf an? (millisecond|second|minute|hour|day|week|month|year|point|percent)\b", re.IGNORECASE
)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|and|up to)\s*(?:about|nearly|almost|roughly|around|~)?\s*$")

# canonical units, by family: a value in one unit of a family is another quantity in another
UNITS = {
    "%": ("%", "share"), "percent": ("%", "share"), "per cent": ("%", "share"),
    "points": ("points", "share"), "point": ("points", "share"), "pp": ("points", "share"),
    "×": ("x", "ratio"), "x": ("x", "ratio"), "times": ("x", "ratio"), "fold": ("x", "ratio"),
    "-fold": ("x", "ratio"),
    "ms": ("ms", "time"), "millisecond": ("ms", "time"), "milliseconds": ("ms", "time"),
    "s": ("s", "time"), "sec": ("s", "time"), "secs": ("s", "time"), "second": ("s", "time"),
    "seconds": ("s", "time"), "min": ("min", "time"), "mins": ("min", "time"), "minute": ("min", "time"),
    "minutes": ("min", "time"), "h": ("h", "time"), "hr": ("h", "time"), "hrs": ("h", "time"),
    "hour": ("h", "time"), "hours": ("h", "time"), "day": ("day", "time"), "days": ("day", "time"),
    "week": ("week", "time"), "weeks": ("week", "time"), "month": ("month", "time"),
    "months": ("month", "time"), "year": ("year", "time"), "years": ("year", "time"),
    "kb": ("kb", "bytes"), "mb": ("mb", "bytes"), "gb": ("gb", "bytes"), "tb": ("tb", "bytes"),
    "token": ("token", "items"), "tokens": ("token", "items"), "word": ("word", "items"),
    "words": ("word", "items"), "page": ("page", "items"), "pages": ("page", "items"),
    "image": ("image", "items"), "images": ("image", "items"), "video": ("video", "items"),
    "videos": ("video", "items"), "frame": ("frame", "items"), "frames": ("frame", "items"),
    "document": ("document", "items"), "documents": ("document", "items"),
    "character": ("character", "items"), "characters": ("character", "items"),
    "pixel": ("pixel", "items"), "pixels": ("pixel", "items"), "px": ("pixel", "items"),
    "resolution": ("pixel", "items"),  # "at 1536 resolution": 1536 pixels a side
    "gpu": ("gpu", "hardware"), "gpus": ("gpu", "hardware"), "tpu": ("tpu", "hardware"),
    "tpus": ("tpu", "hardware"), "cpu": ("cpu", "hardware"), "cpus": ("cpu", "hardware"),
    "step": ("step", "steps"), "steps": ("step", "steps"), "epoch": ("epoch", "steps"),
    "epochs": ("epoch", "steps"), "layer": ("layer", "layers"), "layers": ("layer", "layers"),
    "language": ("language", "languages"), "languages": ("language", "languages"),
    "parameter": ("param", "params"), "parameters": ("param", "params"), "params": ("param", "params"),
    "domain": ("domain", "domains"), "domains": ("domain", "domains"),
    "flops": ("flops", "compute"),
}  # fmt: skip
_COMPUTE = {"gpu", "gpus", "tpu", "tpus", "a100", "h100", "v100"}
GPU = _GPU = r"(?:A100|A800|H100|H800|H200|V100|P100|A6000|A10G?|L4|T4)"  # not "T5", a model
_GPU_MODEL = re.compile(_GPU + r"s")  # "eight A100s" counts GPUs
_ONE_GPU_MODEL = re.compile(_GPU)  # "1 A100" (from "a single A100") counts one
# "on a single A100 GPU": one GPU; not "a single A100 eight-GPU server", one server
_ONE_DEVICE = re.compile(
    r"\b(?:a single|one single|one)\s+(?=(?:" + _GPU + r"|GPU|TPU)\b"
    r"(?!\s+(?:\S+-)?(?:gpus?\s+)?(?:server|node|machine|cluster)))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Number:
    """A number as written and its value.

    Example:
        >>> n = numbers("80,863 pages")[0]
        >>> n.text, n.value, n.unit
        ('80,863', 80863.0, 'pages')
    """

    text: str
    value: float
    unit: str  # the word after it, when it names what is counted: "seconds", "%", "tokens"
    step: float = 0.0  # the place of its last written digit: 0.1 for "84.2", 1e6 for "4M" (0: exact)
    qualifier: str = ""  # about | nearly | over | under | least | ""
    partner: float | None = None  # the other end of the range it belongs to ("2-4 steps")
    start: int = 0  # offsets in normal(text)
    end: int = 0
    most: bool = field(
        default=False, compare=False
    )  # an "under" that gives the most ("up to 2.2x", "as many as 160"), not a bound below it

    @property
    def canonical(self) -> tuple[str, str]:
        """(unit, family) when the unit is one this module knows, else (the word, singular, "")."""
        word = self.unit.lower()
        if word not in UNITS and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            # "8 A100s" and "1 A100 GPU" count the same things; "classes" is "class", "entries" "entry"
            word = (
                word[:-3] + "y"
                if word.endswith("ies")
                else word[:-2]
                if word.endswith(("sses", "xes", "ches", "shes"))
                else word[:-1]
            )
        return UNITS.get(word, (word, ""))


FLOPS = re.compile(r"([kKMGTP])FLOPs?")  # a compute count with its scale: KFLOPs ... PFLOPs
_PREFIX = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15}
_FACTOR = re.compile(r"\bfactor\s+(?:of\s+|times\s+)?(\d+(?:\.\d+)?)(?![\d.x×%])", re.IGNORECASE)
# one of a unit of time said in words; not "a second", which is as often "another"
_ONE_STEP = re.compile(
    r"\b(?:a single|one single)\s+([\w-]+\s+)?(steps?|passes|pass|epochs?|iterations?)\b",
    re.IGNORECASE,
)
_ONE_UNIT = re.compile(
    r"\b(within|in|about|around|under|over|than|for|after|takes?|took|just|only|roughly|nearly)\s+"
    r"(?:a single|an|a|one)\s+(hour|day|week|month|year)\b",
    re.IGNORECASE,
)


def _flops_scale(word: str) -> float | None:
    """The scale of a prefixed FLOPs unit ("GFLOPs": 1e9), or None for any other word.

    Example:
        >>> _flops_scale("GFLOPs"), _flops_scale("tokens")
        (1000000000.0, None)
    """
    m = FLOPS.fullmatch(word.strip(".,;:)"))
    return _PREFIX[m.group(1).upper()] if m else None


_LATEX_ABOUT = re.compile(r"\$?\\(?:sim|approx)\s*")
_MATH_DOLLAR = re.compile(r"(?<=[\d%])\$|\$(?=[~\d])")
_HYPHEN_UNIT = re.compile(
    r"(\d)-(points?|steps?|layers?|days?|hours?|minutes?|seconds?|epochs?|tokens?|bits?|shots?|gpus?)\b", re.I
)
# an uncertainty after a value, as printed or as scraped: "8.81 ± 0.10", "8.81pm0.10", "8.81\\pm0.10"
_SPREAD = re.compile(r"(\d)\s*(?:±|\+/-|\\?pm)\s*\d+(?:\.\d+)?")


def normal(text: str) -> str:
    """Counts spelled out become digits, dimensions become two numbers.

    Example:
        >>> normal("two GPUs at 256x256, IS=8.81pm0.10")
        '2 GPUs at 256, 256, IS=8.81'
        >>> normal("speeds training up by a factor times 5 within a single day")
        'speeds training up by a factor of 5x within 1 day'
        >>> normal("in half a second")
        'in 0.5 second'
        >>> normal("it ties the two together")
        'it ties the pair together'
    """
    text = _FOLD.sub(lambda m: f"{WORD_NUMBERS[m.group(1).lower()]}-fold", text)  # "tenfold"
    text = named_dimensions(text)  # "in two dimensions": 2D, a name
    text = _TIMES_WORD.sub(lambda m: _TIMES[m.group(1).lower()], text)  # "doubles": 2x
    text = _TWICE.sub("2x", text)  # "twice as fast"
    text = _DOUBLE_DASH.sub(lambda m: _TIMES[m.group(1).lower()[:5]] + " ", text)  # "double-annotated": 2x
    text = _HALVES.sub("by half", text)  # "halves the latency": a share, as "by half" is
    # "several hundred", "a few dozen": a vague count, marked so no written "several 12-layer models" is one
    text = _VAGUE_WORDS.sub(lambda m: f"{m.group(1)} {_VAGUE_MARK}{WORD_NUMBERS[m.group(2).lower()]}", text)
    # "hundreds of iterations" is as vague as "several hundred iterations"
    text = _VAGUE_PLURAL.sub(lambda m: f"many {_VAGUE_MARK}{WORD_NUMBERS[m.group(1).lower()]} ", text)
    text = _HUNDREDS.sub(_hundreds, text)  # "a hundred and sixty": 160
    text = _PRONOUN_COUNT.sub(lambda m: f"{m.group(1)} {_GROUP[m.group(2).lower()]}", text)
    text = _WORD_NUMBER.sub(_word_value, text)
    text = _AND_A_HALF.sub(_and_a_half, text)  # "two and a half": 2.5
    text = _FACTOR.sub(r"factor of \1x", text)  # "by a factor (of|times) 5": 5x
    text = _HALF_UNIT.sub(r"0.5 \1", text)  # "in half a second": 0.5 second, no share
    text = _ONE_UNIT.sub(r"\1 1 \2", text)  # "within a single day", "about an hour": 1 day, 1 hour
    text = _ONE_BOUND.sub(r"\1 1 \2", text)  # "in under a second": under 1 second
    text = _SUB_UNIT.sub(r"under 1 \1", text)  # "sub-millisecond latency": under 1 millisecond
    text = _A_SCALE.sub(r"1 \1", text)  # "around a trillion parameters": 1 trillion
    text = _ONE_DEVICE.sub("1 ", text)  # "on a single A100 GPU": 1 GPU
    text = _ONE_STEP.sub(lambda m: f"{m.group(1) or ''}1 {m.group(2)}", text)  # "a single inference step"
    text = _LATEX_ABOUT.sub("~", text)  # "$\\sim99%$", as scraped: about 99%
    text = _MATH_DOLLAR.sub("", text)
    text = _HYPHEN_UNIT.sub(r"\1 \2", text)  # "a 1.5-point gain", "a 3-step sampler"
    text = _SPREAD.sub(r"\1", text)
    return _DIMS.sub(lambda m: (m.group(1) or m.group(2)) + ", ", text)


def numbers(text: str) -> list[Number]:
    """The numbers a text states, normalised.

    Example:
        >>> [n.value for n in numbers("80,863 pages, 63.2 percent, 7× faster, 15.7M, 1024×1024")]
        [80863.0, 63.2, 7.0, 15700000.0, 1024.0, 1024.0]
    """
    text = normal(text)
    found: list[Number] = []
    for m in NUMBER.finditer(text):
        raw, suffix = m.group(1), (m.group(2) or "").strip()
        scale = _SCALE.get(suffix.lower(), 1.0) if suffix not in ("%", "×", "x") else 1.0
        value = float(raw.replace(",", "")) * scale
        after = text[m.end() : m.end() + 32].split()
        unit = (
            suffix
            if suffix in ("%", "×", "x") or suffix.lower().lstrip("-").startswith(("per", "times", "fold"))
            else ""
        )
        if suffix in ("GB", "MB", "KB", "TB", "ms", "s", "h"):
            unit, scale = suffix, 1.0
        # what it counts is in its own clause: "11 classes, and some pages" counts classes
        ends = next((i for i, w in enumerate(after[:4]) if w[-1] in ".,;:)"), 3)
        words = [w.strip(".,;:)") for w in after[: ends + 1]]
        word = words[0] if words else ""
        known = next((w for w in words[:4] if w.lower() in UNITS and w.lower() not in ("s", "h", "x")), "")
        if not unit and _GPU_MODEL.fullmatch(word) and not (len(words) > 1 and words[1].lower() in UNITS):
            unit = "gpus"  # "eight A100s" counts GPUs
        elif (
            not unit
            and value == 1
            and _ONE_GPU_MODEL.fullmatch(word)
            and not (len(words) > 1 and words[1].lower() in UNITS)
        ):  # noqa: E501
            unit = "gpus"  # "a single A100", as normal() writes it: 1 A100
        elif (
            not unit
            and word.lower() in _COMPUTE
            and (time := next((w for w in words[1:3] if UNITS.get(w.lower(), ("", ""))[1] == "time"), ""))
            and all(w.lower() in _COMPUTE for w in words[1 : words.index(time)])
        ):
            unit = "gpu " + time.lower()  # "GPU hours", "A100 GPU hours": compute, not a count of GPUs
        elif not unit and known and all(not w[:1].isdigit() for w in words[: words.index(known)]):
            unit = known  # "80,863 manually annotated pages" counts pages
            points = known.lower() in ("point", "points")
            if points and words.index(known) == 1 and _METRIC.fullmatch(words[0]):
                unit = words[0]  # "3 AP points" are points of AP, as "2.8 AP" are
        # the word after a number names what it counts ("seconds", "pages"), unless it is an adverb
        elif not unit and word.isalpha() and word.lower() not in _STOP_UNIT and not word.endswith("ly"):
            unit = word
            for w in words[1:3]:  # "200 arXiv papers", "194 relevant papers": both count papers
                if not _describes(unit) or not w.replace("-", "").isalpha() or w.lower() in _STOP_UNIT:
                    break
                unit = w
        step, shown, hedge = _step(raw) * scale, m.group(0).strip(), _qualifier(text[: m.start()])
        at_most = hedge == "under" and bool(_AT_MOST.search(text[max(0, m.start() - 24) : m.start()]))
        if text[m.start() - 1 : m.start()] == _VAGUE_MARK:
            # "several hundred times": any of 200 to 900 times ("a few": 200 to 500), and only a count as
            # vague agrees with it
            before = text[: m.start() - 1].rstrip().lower()
            said = next((w for w in ("several", "many") if before.endswith(w)), "a few")
            # "hundreds of sub-networks" may be 160 of them
            low, high = {"several": (2, 9), "a few": (2, 5), "many": (1, 9)}[said]
            value, step, hedge = value * (low + high) / 2, value * (high - low), "vague"
            shown = (f"{_SPELLED[raw]}s" if said == "many" else f"{said} {_SPELLED[raw]} {suffix}").strip()
        if flops := _flops_scale(unit):  # "0.2 GFLOPs" is 200 MFLOPs
            scale, unit = flops, "FLOPs"
            value, step = value * scale, step * scale
        found.append(
            Number(shown, round(value, 6), unit, step, hedge, None, m.start(), m.end(), at_most)
        )  # fmt: skip
    for m in _FRACTION.finditer(text):
        if m.group(5):  # "1/10 of"
            share = int(m.group(5)) / max(int(m.group(6)), 1)
        else:
            part = m.group(2) or m.group(3) or m.group(4)
            share = _COUNT[(m.group(1) or "a").lower()] / _PARTS[part.lower()]
        found = [n for n in found if not m.start() <= n.start < m.end()]  # "1/10": one share, not 1 and 10
        hedge = _qualifier(text[: m.start()]) or ("" if m.group(5) else "about")
        if part_of := _OF_A_UNIT.match(text, m.end()):  # "a quarter of a point": 0.25 points, no share
            unit = part_of.group(1)
            found.append(Number(m.group(0), round(share, 4), unit, 0.05, hedge, None, m.start(), m.end()))
            continue
        found.append(Number(m.group(0), round(100 * share, 1), "%", 5.0 if not m.group(5) else 0.1,
                            hedge, None, m.start(), m.end()))  # fmt: skip
    for m in _SHARE_IN.finditer(text):  # "one in five": 20%
        num, den = (1 if m.group(1).lower() == "one" else int(m.group(1))), int(m.group(2))
        if not num < den or UNITS.get((m.group(3) or "").lower(), ("", ""))[1] in ("time", "steps", "bytes"):
            continue
        found = [n for n in found if not m.start() <= n.start < m.end()]
        found.append(Number(m.group(0), round(100 * num / den, 1), "%", 5.0 if den <= 20 else 0.1,
                            _qualifier(text[: m.start()]), None, m.start(), m.end()))  # fmt: skip
    for m in MAGNITUDE.finditer(text):  # "an order of magnitude": a vague factor of ten, from 5x to 30x
        top = 10.0 ** _ORDERS[m.group(2).lower()]
        bottom = 10.0 ** _ORDERS[m.group(1).lower()] if m.group(1) else top
        below, above = _MAGNITUDE_SPAN.get(_qualifier(text[: m.start()]), (0.5, 3.0))
        found = [n for n in found if not m.start() <= n.start < m.end()]
        least, most = bottom * below, top * above
        found.append(
            Number(m.group(0), (least + most) / 2, "x", most - least, "vague", None, m.start(), m.end())
        )
    for m in _SCALE_WORD.finditer(text):
        value = _SCALE[m.group(1).lower()]
        found.append(Number(m.group(0), value, "scale", value, "", None, m.start(), m.end()))
    return _ranges(text, sorted(found, key=lambda n: n.start))


_SPELLED = {"12": "dozen", "100": "hundred"}
_MEASURES = frozenset(
    ["map", "miou", "db", "fid", "ap", "iou", "psnr", "ssim", "lpips", "bleu", "rouge", "cider"]
)  # "2.1 mAP gain"
# words that say which of a counted noun, not what is counted
_DESCRIBING = frozenset(
    "relevant different distinct diverse unique additional new separate public popular common standard "  # noqa: SIM905
    "existing open real main key other total widely well".split()
)
_A_SCALE = re.compile(
    r"\b(?:a|one)\s+(thousand|million|billion|trillion)\b(?!-param\w*|[- ](?:scale|level|sized?)\b)",
    re.IGNORECASE,
)
_SCALE_WORD = re.compile(r"\b(thousand|million|billion|trillion)[- ](scale|level|sized?|parameter)\b", re.I)


_METRIC = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z][A-Za-z0-9@-]*")  # "AP", "mIoU", "BLEU": two capitals


def _describes(word: str) -> bool:
    """Whether a word after a number says which things it counts rather than what: "relevant", "arXiv".

    Example:
        >>> _describes("arXiv"), _describes("relevant"), _describes("MFLOPs"), _describes("papers")
        (True, True, False, False)
    """
    named = any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)
    measure = word.lower() in UNITS or word.lower() in _MEASURES or _flops_scale(word) is not None
    return word.lower() in _DESCRIBING or (named and not measure)


def _step(raw: str) -> float:
    """The place of the last written digit (trailing zeros of 1,000 and up count as rounding).

    Example:
        >>> _step("84.2"), _step("80,000"), _step("84")
        (0.1, 10000.0, 1.0)
    """
    digits = raw.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1])
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0**zeros if int(digits or 0) >= 1000 and zeros < len(digits) else 1.0


_SUB_UNIT = re.compile(r"\bsub-(millisecond|second|minute|hour)\b", re.IGNORECASE)
# "under a second", "more than one point": a bound on one unit whose word also means "next" ("a second
# stage") or a place ("a point where"), so only after a bound and before what ends a measure
_ONE_BOUND = re.compile(
    r"\b(under|over|than|within|about|around|roughly|nearly|almost)\s+(?:a|one)\s+"
    r"(millisecond|second|minute|point|percentage point)"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:of|on|in|per|and|or|to|for|at|with|while|each|faster|slower)\b)",
    re.IGNORECASE,
)


def _qualifier(before: str) -> str:
    """The hedge just before a number; a bound before an "about" is the one that counts.

    Example:
        >>> _qualifier("retaining up to ~"), _qualifier("reaching about "), _qualifier("~"), _qualifier("≈ ")
        ('under', 'about', 'about', 'about')
    """
    before = re.sub(r"\s*\ba factor of\s*$", " ", before)  # "more than a factor of 10x": more than 10x
    tail = before[-24:]
    for name, pattern in _QUALIFIER:
        if m := pattern.search(tail):
            # what comes before the hedge, with the space or bracket that sets it off
            ahead = tail[: m.start() + (tail[m.start() : m.start() + 1] in " \t\n(")]
            if name == "about" and ahead and (bound := _qualifier(ahead)) in ("under", "over", "least"):
                return bound  # "up to ~99%": at most about 99%
            return name
    return ""


# "from A to B" after a word of change is a change ("raises FID from 4.19 to 9.96"); otherwise a range
# ("sizes from 200 to 1000 MFLOPs")
_CHANGE = re.compile(
    r"\b(?:improv|increas|rais|reduc|decreas|drop|ris|rose|grow|grew|cut|boost|lift|go|goes|went|shrink|"
    r"lower|fell|fall|jump|climb|push|bring|brought|speed|accelerat|compress|gain|declin|shorten|"
    r"chang|mov|shift|upgrad|degrad|improvement|increment)\w*\b(?:(?!\bto\b)[^.;])*\bfrom\b",
    re.IGNORECASE,
)


def _ranges(text: str, found: list[Number]) -> list[Number]:
    """Numbers joined by "-", "to" or "between ... and" are the two ends of one range."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        between = text[a.end : b.start]
        if not _RANGE_JOIN.match(between) or b.value <= a.value:
            continue
        if between.strip() == "and" and not re.search(
            r"between\s+(?:(?:about|around|roughly|approximately|~)\s*)?$", text[: a.start], re.IGNORECASE
        ):  # "between about 1.5 and 3 points"
            continue
        if between.strip() == "to" and _CHANGE.search(text[max(0, a.start - 80) : a.start]):
            continue  # "improve it from 35.5% to 44.5%, and 27.6% to 36.2%": changes, not ranges
        unit = a.unit or b.unit
        shared = _SCALE.get(b.text.split()[-1].lower().lstrip("0123456789.,"), 1.0)
        if shared > 1 and a.text.replace(".", "").isdigit() and a.value * shared < b.value:
            # "between 10 and 30 thousand": both ends in thousands
            word = b.text.split()[-1].lstrip("0123456789.,") or b.text[-1]
            a = replace(
                a,
                text=f"{a.text} {word}".replace(" k", "k"),
                value=round(a.value * shared, 6),
                step=a.step * shared,
            )
        if not a.unit and (scale := _flops_scale(text[b.end :].split()[0] if text[b.end :].split() else "")):
            # "0.2 to 1 GFLOPs": both ends in GFLOPs
            a = Number(
                a.text, round(a.value * scale, 6), unit, a.step * scale, a.qualifier, None, a.start, a.end
            )
        out[i] = Number(a.text, a.value, unit, a.step, a.qualifier, b.value, a.start, a.end)
        out[i + 1] = Number(b.text, b.value, b.unit, b.step, b.qualifier, a.value, b.start, b.end)
    return out


def same_unit(a: Number, b: Number) -> bool | None:
    """True: the same unit; False: two units of one family (ms and s); None: it cannot tell.

    Example:
        >>> same_unit(numbers("0.5 ms")[0], numbers("0.5 seconds")[0])
        False
    """
    (ua, fa), (ub, fb) = a.canonical, b.canonical
    if ua == ub and (fa or ua):
        return True
    if fa and fb:  # two known units: ms and s, % and x, seconds and steps
        return False
    if a.unit[:1].isupper() and b.unit[:1].isupper() and ua != ub:
        return False  # "4 English" and "4 German" datasets
    if ua.startswith("gpu ") or ub.startswith("gpu "):
        return False if ua.startswith("gpu ") and ub.startswith("gpu ") else None
    return None


def same_kind(a: Number, b: Number) -> bool:
    """Whether two numbers count the same thing: one unit, or the same word after them.

    Example:
        >>> same_kind(numbers("5.3x")[0], numbers("6.8 times")[0])
        True
    """
    same = same_unit(a, b)
    return same if same is not None else a.canonical[0] == b.canonical[0]


SIZE = re.compile(r"^\d+(?:\.\d+)?\s*[BMK]$")  # "7B", "3.8M": a model's size, an anchor for results


def agrees(claim: Number, source: Number) -> bool:
    """Whether the claim's number, with its hedge, is a fair statement of the source's.

    Example:
        >>> agrees(numbers("about 84%")[0], numbers("84.2%")[0])
        True
        >>> agrees(numbers("over 80,000")[0], numbers("80,863")[0])
        True
        >>> agrees(numbers("84.0%")[0], numbers("84.2%")[0])
        False
        >>> agrees(numbers("about 90%")[0], numbers("99%")[0])  # within a tenth, but 9 points off
        False
        >>> [agrees(numbers(c)[0], numbers("95.87%")[0]) for c in ("almost 99%", "almost 96%")]
        [False, True]
        >>> agrees(numbers("0.5 ms")[0], numbers("0.5 seconds")[0])  # another quantity
        False
        >>> agrees(numbers("1.5 hours")[0], numbers("90 minutes")[0])  # the same, in another unit
        True
        >>> agrees(numbers("under 9 hours")[0], numbers("8 hours")[0])  # a bound
        True
        >>> agrees(numbers("up to 2.2x")[0], numbers("a 1.4x speedup")[0])  # "up to" names the most
        False
    """
    if same_unit(claim, source) is False:
        converted = _in_unit_of(claim, source)
        if converted is None:
            return False  # "0.5 ms" is another quantity than 0.5 seconds, "8 GPUs" than 8 hours
        claim = converted  # "one and a half hours" for 90 minutes
    v, t = claim.value, source.value
    q = claim.qualifier
    if source.qualifier == "vague" or q == "vague":  # "several hundred times": 200 to 900 times
        vague, other = (source, claim) if source.qualifier == "vague" else (claim, source)
        inside = abs(other.value - vague.value) <= vague.step / 2
        return inside and (q == "vague" or source.qualifier != "vague")  # a vague source states no value
    if source.partner is not None and claim.partner is None and q in ("", "about", "nearly"):
        return False  # "2 steps" is not "2-4 steps"
    if source.qualifier == "under" and q not in ("under", "about", "nearly") and _close(v, t, 1e-9):
        return False  # "2x" is not "up to 2x"
    if (
        q
        and q != "least"
        and same_unit(claim, source) is not True
        and claim.unit
        and claim.unit.lower() != source.unit.lower()
    ):
        return False  # a hedge widens the value, not what it counts: "under 9 hours" is not "8 GPUs"
    if source.qualifier in ("nearly", "over", "under") and q == source.qualifier:
        return _close(v, t, 1e-9) or _rounds(t, claim)  # "over 104B" is not "over 150B"
    if q == "about":
        if claim.unit == "%" and source.unit == "%":  # a share is off by points: "about 90%" is no 99%
            return abs(v - t) <= min(5.0, 0.1 * max(abs(t), 1e-9)) or _rounds(t, claim)
        return abs(v - t) <= 0.1 * max(abs(t), 1e-9) or _rounds(t, claim)
    if q == "nearly":  # "almost 45%" for 44.5%, "almost 2%" for 1.7%: below, and rounds up to it
        # a share in digits is off by points: "almost 99%" is no 95.87% ("just under a third" is looser)
        digits = claim.text[:1].isdigit() and claim.unit == "%" and source.unit == "%"
        near = v - min(2.5, 0.1 * v) if digits else v * 0.9
        return t <= v * (1 + 1e-9) and (t >= near or _rounds(t, claim))
    if q == "over":
        return t >= v and t <= max(2 * v, v + 1)
    if q == "under":  # "under 9 hours" for 8 hours; "up to 2.2x" names the most: not 1.4x
        return t <= v * (1 + 1e-9) and (t >= (0.9 * v if claim.most else v / 2) or _rounds(t, claim))
    return _close(v, t, 1e-9) or _rounds(t, claim)


POINTS = frozenset({"point", "points", "pp"})  # points of a percentage, which papers write as "%" too

# how many of the family's base unit each unit is: a time or a size said in another unit of its family
SCALES = {
    "time": {"ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0, "day": 86400.0, "week": 604800.0},
    "bytes": {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12},
}


def _in_unit_of(claim: Number, source: Number) -> Number | None:
    """The claim's number in the source's unit, when both are units of one family this module converts.

    Example:
        >>> _in_unit_of(numbers("1.5 hours")[0], numbers("90 minutes")[0]).value
        90.0
        >>> _in_unit_of(numbers("8 GPUs")[0], numbers("8 hours")[0]) is None
        True
    """
    (cu, cf), (su, sf) = claim.canonical, source.canonical
    scales = SCALES.get(cf, {})
    if cf != sf or cu not in scales or su not in scales:
        return None
    factor = scales[cu] / scales[su]
    return replace(claim, value=round(claim.value * factor, 9), step=claim.step * factor, unit=source.unit)


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _rounds(t: float, claim: Number) -> bool:
    """Whether `t` written to the claim's last digit is the claim's value (84.2 -> "84")."""
    step = claim.step or 1.0
    return (
        abs(t - claim.value) <= step / 2 + 1e-9 * max(1.0, abs(t))
        and step >= 1.0
        or (step < 1.0 and round(t / step) == round(claim.value / step))
    )


def say(n: Number) -> str:
    """A number as written, with its unit after it.

    Example:
        >>> say(Number("0.5", 0.5, "seconds"))
        '0.5 seconds'
    """
    if not n.unit or n.text.endswith(n.unit) or not n.text[-1:].isdigit() or "/" in n.text:
        return n.text  # "a third" and "1/10", not "a third %"
    return f"{n.text} {n.unit}"


def changes(text: str) -> list[Number]:
    """The size of each change "from A to B" in `text`, in points: what "by about 9 points" restates.

    Example:
        >>> [n.value for n in changes("it improves PASS@100 from 35.5% to 44.5% on GSM8K")]
        [9.0]
    """
    out = []
    for a, b in transitions(text):
        size = round(abs(b.value - a.value), 6)
        step = min(a.step or 1.0, b.step or 1.0)
        out.append(Number(f"{size:g} points", size, "points", step, "", None, b.start, b.end))
    return out


def transitions(text: str) -> list[tuple[Number, Number]]:
    """The (start, end) of each change "from A to B" in `text`.

    Example:
        >>> [(a.value, b.value) for a, b in transitions("FID goes from 4.19 to 9.96")]
        [(4.19, 9.96)]
        >>> said = "It improves from 35.5% to 44.5% on A, and 27.6% to 36.2% on B"
        >>> [(a.value, b.value) for a, b in transitions(said)]
        [(35.5, 44.5), (27.6, 36.2)]
    """
    found = numbers(text)
    norm = normal(text)
    out: list[tuple[Number, Number]] = []
    for a, b in zip(found, found[1:], strict=False):
        gap = norm[a.end : b.start]  # "from 256 steps to 2": the unit may stand between
        if a.unit and gap.lstrip().startswith(a.unit):
            gap = gap.lstrip()[len(a.unit) :]
        if a.partner is not None or not re.fullmatch(r"\s*to\s*", gap):
            continue
        # "from 35.5% to 44.5% for GSM8K, and 27.6% to 36.2% for MathQA": the second "from" is left out
        if re.search(r"\bfrom\s*$", norm[max(0, a.start - 10) : a.start]) or (
            out and re.search(r"(?:,|\band|;)\s*$", norm[max(0, a.start - 8) : a.start])
        ):
            out.append((a, b))
    return out


_MAGNITUDE = re.compile(
    r"\b(dozens|hundreds|thousands|millions|billions|trillions)\s+of\s+([a-z][\w-]*)", re.IGNORECASE
)


_MAGNITUDES = {"dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
               "trillions": 1e12}  # fmt: skip


def magnitude_swapped(claim: str, source: str) -> tuple[str, str] | None:
    """(the claim's words, the source's) when both give a magnitude in words of the same thing, and they
    differ: "thousands of texts" for "millions of text".

    Example:
        >>> magnitude_swapped("It was trained on thousands of texts.", "It is trained on millions of text.")
        ('thousands of texts', 'millions of text')
        >>> magnitude_swapped("It saw millions of texts.", "It is trained on millions of text.")
    """
    theirs = [(m.group(1).lower(), m.group(2).lower().rstrip("s"), m.group(0))
              for m in _MAGNITUDE.finditer(source)]  # fmt: skip
    said, stated = normal(source).lower(), numbers(source)
    for m in _MAGNITUDE.finditer(claim):
        scale, noun = m.group(1).lower(), m.group(2).lower().rstrip("s")
        same = [t for t in theirs if t[1] == noun]
        lo = _MAGNITUDES[scale]  # "hundreds of images" beside "keeping 500 images per class"
        fits = any(lo <= n.value < lo * 1000 and noun in said[n.end :][:24] for n in stated)
        if same and all(t[0] != scale for t in same) and not fits:
            return m.group(0), same[0][2]
    return None
