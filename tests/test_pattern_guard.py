"""The first-character guard in front of the date patterns: the same matches, found faster."""

from __future__ import annotations

import re

import pytest

from claimx.nlp.temporal.pattern_guard import guarded
from claimx.nlp.temporal.spans import _SCANNED, PATTERNS

# Case variants `re` folds and `str.lower` does not (long s, Kelvin sign), other scripts'
# digits, curly apostrophes, and expressions of every kind the patterns find.
TEXTS = [
    "On Monday, Sept. 3, 2024 at 10 p.m. EST, the ſecond quarter of 2023 ended; ſunday too.",
    "THE NEXT THREE DAYS, last week, the past 18 months, 2 1/2 years ago, the ’90s, the 1990s.",
    "In the spring of nineteen ninety-four, for years, within weeks, a year earlier: 12:30 UTC.",
    "٣/٤/٢٠٢٠ and 2020-11-06T10:30, every other week, half an hour, the 21st century, noon.",
    "Christmas Eve 2019, Labor Day, next Thanksgiving, today, tonight, this morning, daily.",
    "3 dayſ later, 10 \u212aelvins, the year-end, this year’s third quarter, the same period.",
    "",
    "no date here at all",
]


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("index", range(len(PATTERNS)))
def test_every_date_pattern_is_guarded_and_finds_the_same(index: int) -> None:
    pattern, scanned = PATTERNS[index][0], _SCANNED[index][0]
    assert scanned is not pattern  # a pattern left unguarded would be slow again
    for text in TEXTS:
        assert spans(scanned, text) == spans(pattern, text)


def test_optional_prefixes_add_their_first_characters() -> None:
    pattern = guarded(re.compile(r"\b(?:the\s+)?(?:(?:last|next)\s+)?year\b", re.IGNORECASE))
    found = [m.group() for m in pattern.finditer("The year, last year, NEXT YEAR, the next year")]
    assert found == ["The year", "last year", "NEXT YEAR", "the next year"]


def test_case_folding_is_the_patterns_own() -> None:
    original = re.compile(r"\bsept\b|\bk\b", re.IGNORECASE)
    text = "ſept SEPT \u212a k"
    assert spans(guarded(original), text) == spans(original, text)
    assert len(spans(original, text)) == 4


def test_patterns_it_cannot_read_are_left_alone() -> None:
    for source in (r"x*", r"[^a]b", r"(?i:a)b", r".b"):
        pattern = re.compile(source)
        assert guarded(pattern) is pattern
