"""The first-character guard and the word-start scan of the date patterns: the same matches,
found faster."""

from __future__ import annotations

import re

import pytest

from claimx.nlp.temporal.pattern_guard import WordStartScan, guarded
from claimx.nlp.temporal.spans import _SCAN, PATTERNS

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
    pattern = PATTERNS[index][0]
    scanned = guarded(pattern)
    assert scanned is not pattern  # a pattern left unguarded would be slow again
    for text in TEXTS:
        assert spans(scanned, text) == spans(pattern, text)


def scan_spans(scan: WordStartScan, text: str) -> list[tuple[int, tuple[int, int], dict[str, str]]]:
    return [(index, m.span(), m.groupdict()) for index, m in scan.finditer(text)]


def test_the_word_start_scan_finds_what_each_pattern_finds_in_order() -> None:
    for text in TEXTS:
        expected = [
            (index, m.span(), m.groupdict())
            for index, (pattern, _builder) in enumerate(PATTERNS)
            for m in pattern.finditer(text)
        ]
        assert scan_spans(_SCAN, text) == expected


def test_most_date_patterns_are_tried_at_word_starts_only() -> None:
    # The year's look-behind refuses a word character, as `\b` does; the short decade
    # (an apostrophe first), the bare units (a look-behind for a phrase) and the 24-hour
    # clock (a digit after a letter) can start inside or outside a word.
    scanned = [i for i in range(len(PATTERNS)) if not _SCAN.at_word_starts(i)]
    assert len(scanned) <= 3


def test_word_start_first_characters_are_word_characters_whatever_the_case() -> None:
    # The scan relies on it: a match that starts with a word character after `\b` starts
    # a word. Case folding must not let a non-word character in (checked on every one).
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    non_word = "".join(re.findall(r"\W", every))
    for index, (pattern, _builder) in enumerate(PATTERNS):
        starter = _SCAN._starters[index]
        if starter is not None:
            assert starter.search(non_word) is None, pattern.pattern


def test_matches_inside_words_are_not_taken_for_word_starts() -> None:
    scan = WordStartScan([re.compile(r"\bday\b", re.IGNORECASE), re.compile(r"\d+")])
    text = "Monday, DAY 12 day3 today day"
    assert scan.at_word_starts(0) and not scan.at_word_starts(1)
    assert scan_spans(scan, text) == [
        (0, (8, 11), {}),
        (0, (26, 29), {}),
        (1, (12, 14), {}),
        (1, (18, 19), {}),
    ]


def test_a_pattern_is_tried_again_only_after_its_last_match() -> None:
    # Overlapping candidates: finditer resumes where the last match ended.
    scan = WordStartScan([re.compile(r"\b\w+ \w+")])
    assert [m.group() for _i, m in scan.finditer("a b c d e")] == ["a b", "c d"]


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
