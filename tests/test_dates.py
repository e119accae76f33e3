"""Dates: TIMEX3 extents, types and values, resolved against the reference date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from claimx.nlp.components.dates import DateResolver
from claimx.nlp.extensions import DATES
from claimx.nlp.temporal import Resolver, find_mentions, parse_reference

REFERENCE = date(2025, 11, 6)  # a Thursday


def resolved(text: str, reference: date | None = REFERENCE) -> list[tuple[str, str, str]]:
    """(extent, type, value) of every expression, resolved without a parse."""
    resolver = Resolver(reference)
    return [(text[m.start : m.end], m.type, resolver.resolve(m)) for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It happened on Thursday.", [("Thursday", "DATE", "2025-11-06")]),
        ("The vote is on Nov. 7.", [("Nov. 7", "DATE", "2025-11-07")]),
        ("Prices fell in October 2023.", [("October 2023", "DATE", "2023-10")]),
        ("after two years of war", [("two years", "DURATION", "P2Y")]),
        ("He will visit in two weeks.", [("two weeks", "DURATION", "P2W")]),
        ("published 2025-11-07, 5:53pm", [("2025-11-07, 5:53pm", "TIME", "2025-11-07T17:53")]),
        ("It is now in place.", [("now", "DATE", "PRESENT_REF")]),
        ("Sales rose last year.", [("last year", "DATE", "2024")]),
        ("He left yesterday.", [("yesterday", "DATE", "2025-11-05")]),
        ("They met this morning.", [("this morning", "TIME", "2025-11-06TMO")]),
        ("We meet next week.", [("next week", "DATE", "2025-W46")]),
        ("Profit fell in the third quarter.", [("the third quarter", "DATE", "2025-Q3")]),
        ("in the last half of 1989", [("the last half of 1989", "DATE", "1989-H2")]),
        ("It sold this summer.", [("this summer", "DATE", "2025-SU")]),
        ("Prices were lower in the 1990s.", [("the 1990s", "DATE", "199")]),
        ("He died three years ago.", [("three years ago", "DATE", "2022")]),
        ("for several months", [("several months", "DURATION", "PXM")]),
        ("a five-hour meeting", [("five-hour", "DURATION", "PT5H")]),
        ("The paper is published daily.", [("daily", "SET", "P1D")]),
        ("The talks ended at 10:30 p.m. EST", [("10:30 p.m. EST", "TIME", "2025-11-06T22:30")]),
        ("It started in nineteen ninety-six.", [("nineteen ninety-six", "DATE", "1996")]),
        ("They shop on Thanksgiving Day.", [("Thanksgiving Day", "DATE", "2025-11-27")]),
        ("It opened in June last year.", [("June last year", "DATE", "2024-06")]),
        ("It rained over the weekend.", [("the weekend", "DATE", "2025-W44-WE")]),
        ("He grew up in the nineties.", [("the nineties", "DATE", "199")]),
        ("It lasted 2 1/2 years.", [("2 1/2 years", "DURATION", "P2Y6M")]),
        ("after two and a half hours", [("two and a half hours", "DURATION", "PT2H30M")]),
        ("a minute and a half later", [("a minute and a half", "DURATION", "PT1M30S")]),
        ("for half an hour", [("half an hour", "DURATION", "PT30M")]),
        (
            "a hearing the week of March 6, 2023",
            [("the week of March 6, 2023", "DATE", "2023-W10")],
        ),
        (
            "in January nineteen ninety-seven",
            [("January nineteen ninety-seven", "DATE", "1997-01")],
        ),
        ("the winter of two thousand one", [("the winter of two thousand one", "DATE", "2001-WI")]),
    ],
)
def test_dates_finds_and_resolves_expression(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert resolved(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A range is two expressions.
        ("the 2009-2010 season", ["2009", "2010"]),
        # No leading preposition, determiner kept.
        ("in the third quarter", ["the third quarter"]),
        # Modifiers of the period join it.
        ("in early 2020", ["early 2020"]),
        ("by the end of the year", ["the end of the year"]),
        ("earlier this month", ["earlier this month"]),
        # "at least" bounds the amount and is part of it; "about" stays out.
        ("for at least two years", ["at least two years"]),
        ("for about two years", ["two years"]),
        # An adjective's determiner stays with its noun.
        ("the third-quarter loss", ["third-quarter"]),
        ("the 30-day period", ["30-day"]),
    ],
)
def test_dates_extents_follow_timex3(text: str, expected: list[str]) -> None:
    assert [extent for extent, _, _ in resolved(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "a 30-year-old man",
        "He is 30 years old.",
        "a quarter of the votes",
        "about three-quarters of them",
        "Theresa May said so.",
        "You may go.",
        "It costs $2000.He will march on.",
    ],
)
def test_dates_ignores_what_is_no_date(text: str) -> None:
    assert resolved(text) == []


def test_dates_sets_mod_from_modifier() -> None:
    mentions = find_mentions("in late November and about two weeks later, early 2020")
    assert [m.mod for m in mentions] == ["END", "APPROX", "START"]


def test_dates_resolves_anaphora_against_the_year_in_focus() -> None:
    text = "First launched in 2020, the accords grew later that year."
    assert resolved(text) == [("2020", "DATE", "2020"), ("later that year", "DATE", "2020")]


def test_dates_takes_quarter_in_view_for_a_year_ago() -> None:
    text = "Third-quarter profit rose to $5 million from $4 million a year ago."
    values = [value for _, _, value in resolved(text)]
    assert values == ["2025-Q3", "2024-Q3"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov. 7", "XXXX-11-07"),
        ("Thursday", "XXXX-WXX-4"),
        ("last year", "XXXX"),
        ("October 2023", "2023-10"),
        ("two years", "P2Y"),
    ],
)
def test_dates_keeps_what_is_known_without_reference(text: str, expected: str) -> None:
    assert [value for _, _, value in resolved(text, None)] == [expected]


@pytest.mark.parametrize(
    ("reference", "text", "expected"),
    [
        # The nearest year, with reports of the past weighing more than announcements.
        (date(2025, 1, 10), "Dec. 20", "2024-12-20"),
        (date(2025, 12, 20), "Jan. 5", "2026-01-05"),
        (date(1989, 11, 2), "April", "1989-04"),
        (date(1989, 11, 2), "last November", "1988-11"),
    ],
)
def test_dates_chooses_year_of_month_without_one(reference: date, text: str, expected: str) -> None:
    assert [value for _, _, value in resolved(text, reference)] == [expected]


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("2025-11-07T17:53", date(2025, 11, 7)),
        ("2025-11-07", date(2025, 11, 7)),
        ("19980108", date(1998, 1, 8)),
        ("not a date", None),
        (None, None),
    ],
)
def test_dates_parses_reference(reference: str | None, expected: date | None) -> None:
    assert parse_reference(reference) == expected


def _parsed(make_doc: Callable[..., Doc], words: list[str], tags: list[str], heads: list[int],
            deps: list[str], pos: list[str]) -> Doc:  # fmt: skip
    doc = make_doc(words, tags=tags, heads=heads, deps=deps, pos=pos)
    doc._.claimx_reference = "2025-11-06"  # a Thursday
    return DateResolver()(doc)


def test_dates_reads_past_tense_as_day_before_reference(make_doc: Callable[..., Doc]) -> None:
    doc = _parsed(
        make_doc,
        ["He", "said", "Monday", "."],
        ["PRP", "VBD", "NNP", "."],
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "npadvmod", "punct"],
        ["PRON", "VERB", "PROPN", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("Monday", "2025-11-03")]


def test_dates_reads_future_tense_as_day_after_reference(make_doc: Callable[..., Doc]) -> None:
    doc = _parsed(
        make_doc,
        ["They", "will", "meet", "on", "Monday", "."],
        ["PRP", "MD", "VB", "IN", "NNP", "."],
        [2, 2, 2, 2, 3, 2],
        ["nsubj", "aux", "ROOT", "prep", "pobj", "punct"],
        ["PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("Monday", "2025-11-10")]


def test_dates_reads_purpose_infinitive_of_a_present_clause_as_ahead(
    make_doc: Callable[..., Doc],
) -> None:
    # He is pushing, planning to meet on Monday to talk. ("on Monday" hangs from "talk")
    words = ["He", "is", "pushing", ",", "planning", "to", "meet", "on", "Monday", "to", "talk"]
    doc = _parsed(
        make_doc,
        words,
        ["PRP", "VBZ", "VBG", ",", "VBG", "TO", "VB", "IN", "NNP", "TO", "VB"],
        [2, 2, 2, 2, 2, 6, 4, 10, 7, 10, 2],
        ["nsubj", "aux", "ROOT", "punct", "advcl", "aux", "xcomp", "prep", "pobj", "aux", "advcl"],
        ["PRON", "AUX", "VERB", "PUNCT", "VERB", "PART", "VERB", "ADP", "PROPN", "PART", "VERB"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("Monday", "2025-11-10")]


def test_dates_reads_deadline_as_day_after_reference(make_doc: Callable[..., Doc]) -> None:
    doc = _parsed(
        make_doc,
        ["They", "postponed", "it", "until", "Monday", "."],
        ["PRP", "VBD", "PRP", "IN", "NNP", "."],
        [1, 1, 1, 1, 3, 1],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
        ["PRON", "VERB", "PRON", "ADP", "PROPN", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("Monday", "2025-11-10")]


def test_dates_reads_scheduled_infinitive_as_day_after_reference(
    make_doc: Callable[..., Doc],
) -> None:
    doc = _parsed(
        make_doc,
        ["The", "deal", "is", "scheduled", "to", "close", "Monday", "."],
        ["DT", "NN", "VBZ", "VBN", "TO", "VB", "NNP", "."],
        [1, 3, 3, 3, 5, 3, 5, 3],
        ["det", "nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "npadvmod", "punct"],
        ["DET", "NOUN", "AUX", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("Monday", "2025-11-10")]


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [
        # Planned in the past, the event may lie either side: the nearest day.
        ("Friday", "2025-11-07"),
        ("Tuesday", "2025-11-04"),
    ],
)
def test_dates_reads_past_plan_as_nearest_day(
    make_doc: Callable[..., Doc], weekday: str, expected: str
) -> None:
    doc = _parsed(
        make_doc,
        ["They", "planned", "to", "leave", "on", weekday, "."],
        ["PRP", "VBD", "TO", "VB", "IN", "NNP", "."],
        [1, 1, 3, 1, 3, 4, 1],
        ["nsubj", "ROOT", "aux", "xcomp", "prep", "pobj", "punct"],
        ["PRON", "VERB", "PART", "VERB", "ADP", "PROPN", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [(weekday, expected)]


def test_dates_reads_earliest_date_as_day_after_reference(make_doc: Callable[..., Doc]) -> None:
    doc = _parsed(
        make_doc,
        ["It", "opens", "as", "early", "as", "Monday", "."],
        ["PRP", "VBZ", "RB", "RB", "IN", "NNP", "."],
        [1, 1, 3, 1, 3, 4, 1],
        ["nsubj", "ROOT", "advmod", "advmod", "prep", "pobj", "punct"],
        ["PRON", "VERB", "ADV", "ADV", "ADP", "PROPN", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("Monday", "2025-11-10")]


@pytest.mark.parametrize(
    ("verb", "tag", "expected"),
    [
        # "by Monday" is a deadline ahead, unless the clause reports it met.
        ("finishes", "VBZ", "2025-11-10"),
        ("finished", "VBD", "2025-11-03"),
    ],
)
def test_dates_reads_by_as_deadline_unless_past(
    make_doc: Callable[..., Doc], verb: str, tag: str, expected: str
) -> None:
    doc = _parsed(
        make_doc,
        ["It", verb, "by", "Monday", "."],
        ["PRP", tag, "IN", "NNP", "."],
        [1, 1, 1, 2, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct"],
        ["PRON", "VERB", "ADP", "PROPN", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("Monday", expected)]


def test_dates_drops_count_that_looks_like_year(make_doc: Callable[..., Doc]) -> None:
    doc = _parsed(
        make_doc,
        ["About", "2000", "people", "came", "in", "1990", "."],
        ["RB", "CD", "NNS", "VBD", "IN", "CD", "."],
        [1, 2, 3, 3, 3, 4, 3],
        ["advmod", "nummod", "nsubj", "ROOT", "prep", "pobj", "punct"],
        ["ADV", "NUM", "NOUN", "VERB", "ADP", "NUM", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("1990", "1990")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "a Wednesday" beside the date it names was the Wednesday after the reference.
        ("They were told on Nov. 5, a Wednesday, to go.", "2025-11-05"),
        ("They will meet on Nov. 12, Wednesday.", "2025-11-12"),
        # Beside a date that is no Wednesday, or not beside it: resolved on its own.
        ("They were told on Nov. 4, a Wednesday, to go.", "2025-11-05"),
        ("On Nov. 12 they meet, and on Wednesday they vote.", "2025-11-05"),
    ],
)
def test_dates_a_weekday_beside_a_date_is_that_date(
    blank_nlp: Language, text: str, expected: str
) -> None:
    doc = blank_nlp.make_doc(text)
    doc._.claimx_reference = "2025-11-06"  # a Thursday
    DateResolver()(doc)
    [weekday] = [s for s in doc.spans[DATES] if s.text == "Wednesday"]
    assert weekday._.claimx_value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "4am Saturday" alone was the Saturday before the reference, its date beside it
        # the one after (Evening Standard).
        ("If you arrive from 4am Saturday 8 November, you must isolate.", "2025-11-08T04:00"),
        ("They met on Saturday, Nov. 8, in Astana.", "2025-11-08"),
        # A date that is no Saturday leaves the weekday as it was resolved.
        ("If you arrive from 4am Saturday 9 November, you must isolate.", "2025-11-01T04:00"),
    ],
)
def test_dates_a_weekday_before_the_date_it_falls_on_is_that_date(
    blank_nlp: Language, text: str, expected: str
) -> None:
    doc = blank_nlp.make_doc(text)
    doc._.claimx_reference = "2025-11-06"  # a Thursday
    DateResolver()(doc)
    [weekday] = [s for s in doc.spans[DATES] if "Saturday" in s.text]
    assert weekday._.claimx_value == expected


def test_dates_a_participle_takes_the_tense_of_its_clause(make_doc: Callable[..., Doc]) -> None:
    # Travellers arriving on Saturday must isolate: the Saturday ahead, not the one past.
    doc = _parsed(
        make_doc,
        ["Travellers", "arriving", "on", "Saturday", "must", "isolate", "."],
        ["NNS", "VBG", "IN", "NNP", "MD", "VB", "."],
        [5, 0, 1, 2, 5, 5, 5],
        ["nsubj", "acl", "prep", "pobj", "aux", "ROOT", "punct"],
        ["NOUN", "VERB", "ADP", "PROPN", "AUX", "VERB", "PUNCT"],
    )
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("Saturday", "2025-11-08")]


def test_dates_component_runs_on_blank_pipeline(blank_nlp: Language) -> None:
    doc = blank_nlp.make_doc("Talks ended on Thursday after two years, he said.")
    doc._.claimx_reference = None
    DateResolver()(doc)
    spans = doc.spans[DATES]
    assert [(s.text, s.label_, s._.claimx_value) for s in spans] == [
        ("Thursday", "DATE", "XXXX-WXX-4"),
        ("two years", "DURATION", "P2Y"),
    ]


@pytest.mark.model
def test_dates_resolves_corpus_article(real_nlp: Language) -> None:
    path = next((Path(__file__).parent.parent / "corpus").glob("003_*.txt"))
    doc = real_nlp.make_doc(path.read_text(encoding="utf-8"))
    doc._.claimx_reference = "2025-11-06"
    doc = real_nlp(doc)
    values = {(s.text, s._.claimx_value) for s in doc.spans[DATES]}
    assert ("Thursday", "2025-11-06") in values
    assert ("two years", "P2Y") in values
    assert ("1992", "1992") in values


@pytest.mark.model
def test_dates_keeps_past_year_with_published_reference(real_nlp: Language) -> None:
    doc = real_nlp.make_doc("The Abraham Accords were first launched in 2020.")
    doc._.claimx_reference = "2025-11-07T17:53"
    doc = real_nlp(doc)
    assert [(s.text, s._.claimx_value) for s in doc.spans[DATES]] == [("2020", "2020")]


MESSY_PIECES = [
    *"0123456789 -/:,.apmAPM'",
    *("Nov. ", "Thursday ", "years ago ", "third half ", "the ", "last ", "a million days ago "),
]


@given(st.lists(st.sampled_from(MESSY_PIECES)).map("".join))
def test_dates_never_raises_on_messy_text(text: str) -> None:
    for reference in (REFERENCE, None):
        resolver = Resolver(reference)
        for mention in find_mentions(text):
            assert isinstance(resolver.resolve(mention), str)
