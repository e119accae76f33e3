"""claimx.compare.figures: two wordings disagree on figures only where both cannot be true."""

from __future__ import annotations

import pytest

from claimx.compare.equivalence import numbers_disagree, read
from claimx.compare.figures import Figure, compatible, figures


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("It will sell 1.5 million shares.", "It will sell 1,500,000 shares."),
        ("The bill gives some $65 billion.", "The bill gives $64.7 billion."),
        ("Earnings were $3.3 million.", "Earnings were $3,312,000."),
        ("More than 2,000 rebels took part.", "2,100 rebels took part."),
        ("Shares fell 96 cents.", "Shares fell $0.96."),
        ("Shares fell 13 cents to $19.72.", "Shares fell 1.5 percent."),  # other kinds of figure
        ("They met at 11 a.m. on Oct. 10.", "They met at 10 a.m. on Oct. 12."),  # dates, times
        ("Sales rose in 2002.", "Sales rose in 2003."),
        ("Three men were arrested.", "3 men were arrested."),
    ],
)
def test_figures_that_can_both_be_true_do_not_disagree(first: str, second: str) -> None:
    assert not numbers_disagree(read(first), read(second))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Turnout was 40 percent.", "Turnout was 43%."),
        ("Profit was $1.70 a share.", "Profit was $1.69 a share."),
        ("At least 770 people died.", "643 people died."),
        ("Three men were arrested.", "Four men were arrested."),
        ("The index fell about 1.3% in May.", "The index fell roughly 0.4 percent in May."),
    ],
)
def test_figures_that_cannot_both_be_true_disagree(first: str, second: str) -> None:
    assert numbers_disagree(read(first), read(second))


def test_figures_read_kind_value_step_and_hedge() -> None:
    assert figures("nearly $2.5 billion") == {Figure("money", 2.5e9, 1e8, "about")}
    assert figures("up to 12 percent") == {Figure("percent", 12.0, 1.0, "below")}
    assert figures("at 12:01 p.m. on Jan. 5, 2004") == frozenset()


def test_figures_of_other_kinds_are_never_set_against_each_other() -> None:
    assert compatible(Figure("money", 5.0, 1.0, None), Figure("percent", 7.0, 1.0, None))


def test_figures_in_different_units_or_at_times_of_day_are_not_set_against_each_other() -> None:
    assert not numbers_disagree(
        read("Galileo travelled about 4.6 billion kilometres."),
        read("Galileo travelled about 2.8 billion miles."),
    )
    assert not numbers_disagree(read("Shares were up by 1018 GMT."), read("Up by 0835 GMT."))
    assert numbers_disagree(read("The storm moved 12 miles."), read("The storm moved 15 miles."))


def test_figures_read_a_scale_written_on_the_number_and_bounds_stay_near_their_value() -> None:
    assert figures("raised $64.8million") == {Figure("money", 64.8e6, 1e5, None)}
    assert numbers_disagree(
        read("Those earning less than $300,000 would pay $78,000 more."),
        read("Those in the middle would pay $2,700 less."),
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Sixty-one people were killed.", "At least 61 people were killed."),
        ("Ninety-five percent of cargo comes by ship.", "Ships carry 95 percent of cargo."),
        ("Rates are taxed at as much as 38.6 percent.", "Rates are taxed at up to 38.6 percent."),
        ("They won a $165,000 settlement.", "They won a £90,000 settlement."),
        ("Peterson, 31, is charged with murder.", "Peterson is charged with two counts."),
        ("Fletcher, a three-term congressman, had 57 percent.", "Fletcher had 88,747 votes."),
        ("They lost between 30 and 80 pounds.", "They lost between 14 and 36 kilograms."),
    ],
)
def test_figures_read_as_written_do_not_disagree_where_both_can_be_true(
    first: str, second: str
) -> None:
    assert not numbers_disagree(read(first), read(second))


def test_figures_read_written_numbers_ages_joined_words_and_the_ends_of_a_range() -> None:
    assert figures("Twenty-eight people") == {Figure("count", 28.0, 1.0, None)}
    assert figures("Paul Durousseau, 30, was charged") == {Figure("age", 30.0, 1.0, None)}
    assert figures("a 27-year-old") == {Figure("count year", 27.0, 1.0, None)}
    assert figures("as many as 200") == {Figure("count", 200.0, 1.0, "below")}
    assert figures("between 1 and 2 million") == {
        Figure("count", 1e6, 1e6, None),
        Figure("count", 2e6, 1e6, None),
    }
    assert numbers_disagree(read("Durousseau, 30, was charged."), read("Durousseau, 32, was."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The market will grow 2.9 percent in 2003 and 43 percent in 2004.",
            {Figure("percent", 2.9, 0.1, None), Figure("percent", 43.0, 1.0, None)},
        ),
        (
            "Median income declined 1.1 percent between 2001 and 2002 to $42,409.",
            {Figure("percent", 1.1, 0.1, None), Figure("money", 42409.0, 1.0, None)},
        ),
    ],
)
def test_figures_take_no_year_for_the_first_end_of_a_range(
    text: str, expected: set[Figure]
) -> None:
    assert figures(text) == expected
