"""The words of temporal expressions and the TIMEX3 codes they stand for."""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

# Parts of the day, as TIMEX3 writes them after the date: 2025-11-07TMO.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

# Calendar units and their TIMEX3 duration letters; time units go after a "T".
UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "WE",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
    "centuries": "CE",
}  # fmt: skip
TIME_UNITS = frozenset({"second", "minute", "hour"})

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip

_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS: dict[str, int] = {word: n for n, word in enumerate(_SMALL)}
NUMBER_WORDS.update({word: 20 + 10 * n for n, word in enumerate(_TENS)})
NUMBER_WORDS.update({"a": 1, "an": 1, "one hundred": 100, "a hundred": 100, "a dozen": 12})
NUMBER_WORDS.update({"hundred": 100, "dozen": 12, "a couple of": 2, "a couple": 2})
NUMBER_WORDS.update({"couple of": 2, "couple": 2})

# Quantities too vague for a number: their durations are written with an X (PXY).
VAGUE_QUANTITIES = frozenset(
    {"several", "a few", "few", "some", "many", "the past few", "a number of", "the next few"}
)

# Adverbs and nouns that refer to the present, the past or the future as a whole.
REFERENCES: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "at present": "PRESENT_REF", "the present": "PRESENT_REF",
    "these days": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "formerly": "PAST_REF", "recent years": "PAST_REF",
    "recent months": "PAST_REF", "recent weeks": "PAST_REF", "recent days": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the coming years": "FUTURE_REF",
    "the coming months": "FUTURE_REF", "the coming weeks": "FUTURE_REF",
    "the coming days": "FUTURE_REF", "coming years": "FUTURE_REF", "coming months": "FUTURE_REF",
    "coming weeks": "FUTURE_REF", "coming days": "FUTURE_REF", "the years ahead": "FUTURE_REF",
    "the months ahead": "FUTURE_REF", "the weeks ahead": "FUTURE_REF",
    "the days ahead": "FUTURE_REF", "the near term": "FUTURE_REF",
}  # fmt: skip

# Modifiers written before an expression, and the TIMEX3 mod each one sets.
MODIFIERS: dict[str, str] = {
    "early": "START", "the beginning of": "START", "the start of": "START",
    "the first part of": "START", "earlier": "", "later": "",
    "mid": "MID", "mid-": "MID", "the middle of": "MID", "the mid": "MID",
    "the early": "START", "the late": "END",
    "late": "END", "the end of": "END", "the close of": "END", "the last part of": "END",
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "nearly": "APPROX", "almost": "APPROX", "some": "APPROX",
    "more than": "MORE_THAN", "less than": "LESS_THAN", "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}  # fmt: skip

# Modifiers that set a mod without joining the extent, as TimeBank marks them:
# "about two weeks" is the expression "two weeks", approximately; bounds such as "at least"
# are part of the expression.
UNMARKED_MODIFIERS = frozenset(
    {"about", "around", "roughly", "approximately", "nearly", "almost", "some"}
)

# Holidays at fixed dates.
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
    "halloween": (10, 31), "valentine's day": (2, 14), "veterans day": (11, 11),
}  # fmt: skip

# Holidays on the nth weekday of a month (-1: the last): (month, weekday, nth).
WEEKDAY_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "labor day": (9, 0, 1),
    "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3),
    "martin luther king jr. day": (1, 0, 3), "presidents' day": (2, 0, 3),
    "mother's day": (5, 6, 2), "father's day": (6, 6, 3),
}  # fmt: skip
