"""The figures of a wording, read so that two wordings disagree on them only where their values
cannot both be true.

A figure has a kind (a percentage, an amount of money, a measure in one unit, a count), a
value in plain units ("1.5 million" and "1,500,000" are one value, "three" is 3, "96 cents" is
$0.96), the rounding step it was written with ("$65 billion": a billion; "4.38 percent": 0.01)
and its hedge, if any ("more than", "up to", "about"): together, the values it allows. What
only looks like a figure is left out: a time of day ("11 a.m.", "1018 GMT"), a day of the
month ("Oct. 10") and a bare year ("in 2002"), which are dates, not quantities. What a bare
number is can make it a kind of its own: an age after a name ("Peterson, 31, is"), a number
joined to a word ("a three-term congressman", "a 27-year-old"); each currency is a kind, and the
first end of a range takes the unit of the second ("between 30 and 80 pounds"). One pass of
one regular expression: linear in the text's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12,
}  # fmt: skip
# The tens and the units a written number joins with a hyphen: 'twenty-eight', 'sixty-one'.
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
UNITS = {"one": 1, **{w: NUMBER_WORDS[w] for w in (
    "two", "three", "four", "five", "six", "seven", "eight", "nine")}}  # fmt: skip
# Currencies are kinds of their own: '$165,000' and '£90,000' can both be true.
CURRENCY_KINDS = {"$": "money", "€": "money €", "£": "money £", "¥": "money ¥"}
# Units of measure: a figure in miles is not set against one in kilometres.
MEASURES = {
    "mile": r"miles?", "kilometre": r"kilometers?|kilometres?|km", "foot": r"feet|foot|ft",
    "metre": r"meters?|metres?", "pound": r"pounds?|lbs?", "kilogram": r"kilograms?|kg",
    "acre": r"acres?", "hectare": r"hectares?", "ton": r"tons?|tonnes?", "mph": r"mph",
    "gallon": r"gallons?", "litre": r"liters?|litres?", "barrel": r"barrels?",
}  # fmt: skip
_MEASURE = {name: re.compile(rf"(?:{words})", re.IGNORECASE) for name, words in MEASURES.items()}
# 'one' is left out: 'one of them', 'no one' rarely count anything.
_FIGURE = re.compile(
    r"(?P<currency>[$€£¥])?\s?"
    r"(?P<number>(?<![\w.,/:-])\d+(?:,\d{3})*(?:\.\d+)?"
    rf"(?=(?:{'|'.join(SCALES)})\b|(?![\w:]|[.,/]\d))"
    rf"|\b(?:(?:{'|'.join(TENS)})-(?:{'|'.join(UNITS)})|{'|'.join(NUMBER_WORDS)})\b)"
    rf"(?:[\s-]?(?P<scale>{'|'.join(SCALES)})\b)?"
    r"(?:\s?(?P<unit>%|percent\b|per cent\b|percentage points?\b|cents?\b"
    r"|a\.m\.|p\.m\.|am\b|pm\b|gmt\b|edt\b|est\b|bst\b|cet\b"
    rf"|(?:{'|'.join(MEASURES.values())})\b))?",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?\s+$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# How a figure is hedged: a bound ('more than 2,000') or an estimate ('about 4.6 billion').
_HEDGES = {
    "above": r"over|more than|at least|above|upwards of",
    # 'as many as 200' sets the most there were, as 'up to 200' does.
    "below": r"less than|fewer than|at most|up to|under|below|no more than|as many as|as much as",
    "about": r"about|around|approximately|roughly|nearly|almost|some|close to|estimated",
}
_HEDGE_BEFORE = re.compile(
    "|".join(rf"\b(?P<{name}>{words})\s*[$€£¥]?\s*$" for name, words in _HEDGES.items()),
    re.IGNORECASE,
)
ESTIMATE = 0.1  # an estimate covers values within a tenth of it
BOUND = 2.0  # a bound covers values up to twice ('more than') or half ('less than') of it
_LOOK_BACK = 25  # characters before a figure searched for a month or a hedge
# What joins the two ends of a range: '30 to 80', '30 and 80' (after 'between'), '30-80'.
_RANGE_BETWEEN = re.compile(r"\s+(?:to|and|or)\s+|-")
_AGE_BEFORE = re.compile(r"\b[A-Z][\w'’.-]*, $")
_JOINED_WORD = re.compile(r"-([A-Za-z]+)")


@dataclass(frozen=True)
class Figure:
    kind: str  # 'percent', 'money', 'count' or a unit of MEASURES
    value: float
    step: float  # the rounding step it was written with
    hedge: str | None  # 'above', 'below', 'about' or None

    def bounds(self) -> tuple[float, float]:
        """The values the figure allows: what rounds to it, what its hedge opens up."""
        low, high = self.value - self.step / 2, self.value + self.step / 2
        # News bounds sit near the value: 'less than $300,000' is not said of $2,700.
        if self.hedge == "above":
            return self.value, self.value * BOUND
        if self.hedge == "below":
            return self.value / BOUND, self.value
        if self.hedge == "about":
            return low - ESTIMATE * abs(self.value), high + ESTIMATE * abs(self.value)
        return low, high


def figures(text: str) -> frozenset[Figure]:
    """The figures of a wording."""
    found = set()
    matches = list(_FIGURE.finditer(text))
    for index, match in enumerate(matches):
        number, unit = match["number"], (match["unit"] or "").lower()
        currency, scale_word = match["currency"], match["scale"]
        start = match.start("number")
        before = text[max(0, start - _LOOK_BACK) : start]
        if unit in ("a.m.", "p.m.", "am", "pm", "gmt", "edt", "est", "bst", "cet"):
            continue  # a time of day
        if not currency and _MONTH_BEFORE.search(before):
            continue
        if (
            not (currency or unit or scale_word)
            and index + 1 < len(matches)
            # A year is a date, not the low end of a range: 'in 2003 and 43 percent in 2004'.
            and not _YEAR.fullmatch(number)
        ):
            # The first end of a range takes the unit of the second: 'between 30 and 80 pounds'.
            following = matches[index + 1]
            next_start = following.start("currency" if following["currency"] else "number")
            gap = text[match.end() : next_start]
            if _RANGE_BETWEEN.fullmatch(gap):
                unit, scale_word = (following["unit"] or "").lower(), following["scale"]
                currency = following["currency"]
        digits = number.replace(",", "")
        if (word := number.lower()) in NUMBER_WORDS or "-" in word:
            tens, _, units = word.partition("-")
            value, step = float(NUMBER_WORDS[tens] + UNITS.get(units, 0)), 1.0
        elif _YEAR.fullmatch(number) and not (currency or unit or scale_word):
            continue
        else:
            decimals = len(digits.partition(".")[2])
            value, step = float(digits), 10.0**-decimals
        scale = SCALES.get((scale_word or "").lower(), 1.0)
        value, step = value * scale, step * scale
        if unit.startswith("cent"):
            kind, value, step = "money", value / 100, step / 100
        elif measure := next((n for n, w in _MEASURE.items() if w.fullmatch(unit)), None):
            kind = measure
        elif unit:
            kind = "percent"
        elif currency:
            kind = CURRENCY_KINDS[currency]
        else:
            kind = _count_kind(text, match)
        hedge = _HEDGE_BEFORE.search(before)
        found.add(Figure(kind, value, step, hedge.lastgroup if hedge else None))
    return frozenset(found)


def _count_kind(text: str, match: re.Match[str]) -> str:
    """What a bare number is: an age after a name ('Peterson, 31, is'), a measure of what a
    hyphen joins it to ('a three-term congressman', 'a 27-year-old'), else a count."""
    start = match.start("number")
    if _AGE_BEFORE.search(text[max(0, start - _LOOK_BACK) : start]) and text.startswith(
        ",", match.end()
    ):
        return "age"
    if joined := _JOINED_WORD.match(text, match.end()):
        return f"count {joined.group(1).lower()}"
    return "count"


def compatible(a: Figure, b: Figure) -> bool:
    """Values that can both be true: of another kind, or allowing a value in common ('$65
    billion' and '$64.7 billion', 'more than 2,000' and '2,100'; not '$1.70' and '$1.69')."""
    if a.kind != b.kind:
        return True
    (low_a, high_a), (low_b, high_b) = a.bounds(), b.bounds()
    margin = 1e-9 * max(abs(a.value), abs(b.value), 1.0)  # rounding of the float arithmetic
    return low_a < high_b - margin and low_b < high_a - margin


def disagree(first: frozenset[Figure], second: frozenset[Figure]) -> bool:
    """Both give a figure of one kind that fits none the other gives of that kind: '40 percent'
    against '43 percent'. A wording that adds a figure to all of the other's says more, and
    figures of different kinds (a share against an amount) are of different things."""
    for kind in {f.kind for f in first}:
        ours = [f for f in first if f.kind == kind]
        theirs = [f for f in second if f.kind == kind]
        if (
            ours
            and theirs
            and any(not any(compatible(f, g) for g in theirs) for f in ours)
            and any(not any(compatible(g, f) for f in ours) for g in theirs)
        ):
            return True
    return False
