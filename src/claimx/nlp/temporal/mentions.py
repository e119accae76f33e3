"""What the span finder knows of an expression before it is resolved against a date.

A mention carries its extent, its TIMEX3 type and mod, and a spec: the expression's meaning
with the parts the text leaves open (the year of "Nov. 7", the week of "Thursday") still open.
`claimx.nlp.temporal.resolve` turns specs into TIMEX3 values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fixed:
    """A value the text states whole: P2Y, PRESENT_REF, 1998, 2025-11-07T17:53."""

    value: str


@dataclass(frozen=True)
class Calendar:
    """A calendar date, some of it open: "Nov. 7" has no year, "October 2023" no day."""

    year: int | None
    month: int | None = None
    day: int | None = None
    time: str | None = None  # "T17:53" or a part of the day, "TMO"
    direction: int | None = None  # when the year is open: -1 "last November", +1 "next"
    year_shift: int | None = None  # the year counted from the reference: "June last year"
    week: bool = False  # the week holding the day: "the week of March 6"


@dataclass(frozen=True)
class NthWeekday:
    """The nth weekday of a month, as holidays fall: Thanksgiving is (11, 3, 4); nth -1 is
    the last one. The year, when open, is decided as for Calendar."""

    month: int
    weekday: int
    nth: int
    year: int | None = None
    direction: int | None = None


@dataclass(frozen=True)
class Weekday:
    """A day of the week; shift -1 for "last Friday", +1 for "next Friday", None when bare."""

    weekday: int
    shift: int | None = None
    time: str | None = None


@dataclass(frozen=True)
class Shift:
    """A unit counted from the reference ("last year": Y, -1) or from the date in focus
    ("a year earlier", "that year": anchored on the last date mentioned)."""

    unit: str  # D, W, WE, M, Q, H, Y, DE, CE
    offset: int
    from_focus: bool = False
    time: str | None = None
    counted: bool = False  # "a year ago" counts back a length; "last year" names a year


@dataclass(frozen=True)
class Season:
    season: str  # SP, SU, FA, WI
    year: int | None = None
    offset: int | None = None  # None: the nearest; -1 "last summer"; 0 "this summer"


@dataclass(frozen=True)
class Part:
    """A numbered part of a year: the third quarter (Q, 3), the first half (H, 1).
    Without a year, the latest such part on or before the reference."""

    unit: str  # Q or H
    number: int | None  # None: the part in focus ("the quarter")
    year: int | None = None


@dataclass(frozen=True)
class Clock:
    """A time of day, on the date in focus: "5:53pm" is T17:53."""

    hour: int
    minute: int | None = None


Spec = Fixed | Calendar | NthWeekday | Weekday | Shift | Season | Part | Clock


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    spec: Spec
    mod: str | None = None
