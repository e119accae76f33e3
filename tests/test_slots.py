"""claimx.compare.slots and the strict conflict rules: one slot, values that cannot both be true
(issue 19). Statements are built by hand: no pipeline."""

from __future__ import annotations

import re

import pytest

from claimx.compare.conflicts import Named, Statement, _Fact, alias, facts, find_conflicts
from claimx.compare.slots import value_conflicts, value_slot


def _statement(
    article: str,
    text: str,
    names: dict[str, str] | None = None,
    dates: tuple[str, ...] = (),
    masked: tuple[tuple[int, int], ...] = (),
) -> Statement:
    entities = [
        Named(name, label, m.start(), m.end())
        for name, label in (names or {}).items()
        for m in re.finditer(re.escape(name), text)
    ]
    return Statement(
        article=article,
        text=text,
        start=0,
        end=len(text),
        dates=dates,
        entities=tuple(sorted(entities, key=lambda n: n.start)),
        masked=masked,
    )


def _numbers(statement: Statement) -> list[_Fact]:
    return [f for f in facts(statement) if f.kind == "number"]


def _slot(first: Statement, second: Statement) -> bool:
    return any(value_slot(a, b) for a in _numbers(first) for b in _numbers(second))


PEOPLE = {"Clinton": "PERSON", "Sanders": "PERSON", "Trump": "PERSON"}
DEPARTMENT = {"the State Department": "ORG", "Clinton": "PERSON"}


def test_slots_the_same_count_of_the_same_thing_conflicts() -> None:
    first = _statement("a", "the State Department will release 55,000 pages of Clinton's emails.",
                       DEPARTMENT)  # fmt: skip
    second = _statement("b", "the State Department will release 52,000 pages of Clinton's emails.",
                        DEPARTMENT)  # fmt: skip
    assert _slot(first, second)
    (conflict,) = value_conflicts([first, second], "emails")
    assert {v.value for v in conflict.values} == {"55,000", "52,000"}


def test_slots_keep_apart_figures_of_different_match_ups() -> None:
    first = _statement("a", "Clinton leads Sanders among likely voters, 46 percent to 44 percent.",
                       PEOPLE)  # fmt: skip
    second = _statement("b", "Clinton leads Trump among likely voters, 52 percent to 37 percent.",
                        PEOPLE)  # fmt: skip
    assert not _slot(first, second)


def test_slots_keep_apart_money_spent_on_different_things() -> None:
    first = _statement("a", "Clinton spent $1.2 million on television ads in Iowa.",
                       {"Clinton": "PERSON", "Iowa": "GPE"})  # fmt: skip
    second = _statement("b", "Clinton raised $1.1 million from donors in Iowa.",
                        {"Clinton": "PERSON", "Iowa": "GPE"})  # fmt: skip
    assert not _slot(first, second)


@pytest.mark.parametrize(
    ("pollster_a", "pollster_b", "same"),
    [("Quinnipiac", "Quinnipiac", True), ("Quinnipiac", "Gallup", False), (None, None, False)],
)
def test_slots_take_poll_figures_for_one_slot_only_of_the_same_pollster(
    pollster_a: str | None, pollster_b: str | None, same: bool
) -> None:
    def poll(article: str, pollster: str | None, share: int) -> Statement:
        by = f"the {pollster} poll" if pollster else "the poll"
        names = {"Clinton": "PERSON", **({pollster: "ORG"} if pollster else {})}
        return _statement(article, f"In {by}, Clinton has {share} percent support nationally.",
                          names)  # fmt: skip

    assert _slot(poll("a", pollster_a, 46), poll("b", pollster_b, 41)) is same


def test_slots_keep_apart_figures_of_wordings_dated_differently() -> None:
    text = "Clinton has 11 delegates in Nevada after the caucus on {}."
    names = {"Clinton": "PERSON", "Nevada": "GPE"}
    first = _statement("a", text.format("Feb. 20"), names, dates=("2016-02-20",))
    second = _statement("b", text.format("March 5"), names, dates=("2016-03-05",))
    assert not _slot(first, second)


def _dated(article: str, when: str, value: str) -> Statement:
    text = f"The Nevada caucus is on {when}."
    start = text.index(when)
    return _statement(article, text, {"Nevada": "GPE"}, dates=(value,),
                      masked=((start, start + len(when)),))  # fmt: skip


def test_slots_compare_calendar_dates_of_one_event() -> None:
    first, second = _dated("a", "Feb. 20", "2016-02-20"), _dated("b", "Feb. 23", "2016-02-23")
    (conflict,) = value_conflicts([first, second], "caucus")
    assert conflict.kind == "date"


def test_slots_never_set_a_weekday_against_another_articles_date() -> None:
    first, second = _dated("a", "Tuesday", "2016-02-23"), _dated("b", "Tuesday", "2016-03-01")
    assert value_conflicts([first, second], "caucus") == []


def test_conflicts_take_a_shorter_name_for_the_same_name_in_lists() -> None:
    assert alias("Korea", "South Korea")
    assert not alias("North Korea", "South Korea")
    places = {"China": "GPE", "Korea": "GPE", "Japan": "GPE"}
    first = _statement("a", "The summit brought China, Korea and Japan together.", places)
    places = {"China": "GPE", "South Korea": "GPE", "Japan": "GPE"}
    second = _statement("b", "The summit brought Japan, South Korea and China together.", places)
    lists = [f for s in (first, second) for f in facts(s) if f.kind == "list"]
    assert len(lists) == 2
    assert find_conflicts([first, second], "summit", same_slot=lambda a, b: True) == []


def test_conflicts_never_join_lists_of_different_owners() -> None:
    names = {"Trump": "PERSON", "Clinton": "PERSON", "Georgia": "GPE", "Virginia": "GPE",
             "Alabama": "GPE", "Texas": "GPE", "Ohio": "GPE"}  # fmt: skip
    trump = _statement("a", "Trump won Georgia, Virginia, Alabama and Ohio.", names)
    clinton = _statement("b", "Clinton won Georgia, Virginia, Alabama and Texas.", names)
    assert find_conflicts([trump, clinton], "wins", same_slot=lambda a, b: True) == []
    other = _statement("b", "Trump won Georgia, Virginia, Alabama and Texas.", names)
    assert [
        c.kind for c in find_conflicts([trump, other], "wins", same_slot=lambda a, b: True)
    ] == ["list"]


def test_slots_compare_only_the_parts_of_a_date_both_wordings_write() -> None:
    # 'Sept. 11' takes its year from its article's date: it states no year to set against 2001.
    unstated = _dated("a", "Sept. 11", "2015-09-11")
    assert value_conflicts([unstated, _dated("b", "Sept. 11, 2001", "2001-09-11")], "x") == []
    (conflict,) = value_conflicts([unstated, _dated("b", "Sept. 12, 2015", "2015-09-12")], "x")
    assert conflict.kind == "date"
    (conflict,) = value_conflicts(
        [_dated("a", "Sept. 11, 2015", "2015-09-11"), _dated("b", "Sept. 11, 2001", "2001-09-11")],
        "x",
    )
    assert conflict.kind == "date"
