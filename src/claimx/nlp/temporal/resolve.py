"""Resolving mentions to TIMEX3 values against a reference date and the date in focus.

The reference is the article's publication date. The focus is the last date the text put in
view ("In 1990, ... later that year"); anaphoric expressions resolve against it. The tense of
the clause decides the direction of underspecified dates: "said Thursday" is the Thursday on or
before the reference, "will meet Monday" the Monday on or after it, "planned to leave Thursday"
(prospective: ahead of a clause that may itself be past) the nearest Thursday.
Deictic expressions ("Thursday", "in March") resolve against the reference, not the last date
mentioned: in news, following the narrative's date measured worse on TimeBank and AQUAINT.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Literal

# Qualified: the spec kinds read as what they are beside the calendar module's Calendar.
from claimx.nlp.temporal import mentions

# "prospective": ahead of a clause that may itself be past ("planned to leave Thursday").
Tense = Literal["past", "present", "future", "prospective"]
Granularity = Literal["D", "W", "WE", "M", "Q", "H", "Y", "DE", "CE"]
# A TIMEX3 value, and the focus it sets (granularity, date) if it names a date.
Resolved = tuple[str, tuple[str, date] | None]

_UNKNOWN = {
    "D": "XXXX-XX-XX",
    "W": "XXXX-WXX",
    "WE": "XXXX-WXX-WE",
    "M": "XXXX-XX",
    "Q": "XXXX-QX",
    "H": "XXXX-HX",
    "Y": "XXXX",
    "DE": "XXX",
    "CE": "XX",
}


def parse_reference(reference: str | None) -> date | None:
    """The date of an ISO 8601 date or datetime string; None when absent or unreadable."""
    if not reference:
        return None
    text = reference.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    digits = text[:8]
    if len(digits) == 8 and digits.isdigit():  # TimeML's compact 19980108
        try:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            return None
    return None


def format_value(unit: str, day: date) -> str:
    """The TIMEX3 value of the `unit`-long period holding `day`."""
    if unit in {"W", "WE"}:
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if unit == "WE" else "")
    if unit == "D":
        return day.isoformat()
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "H":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if unit == "DE":
        return f"{day.year // 10:03d}"
    if unit == "CE":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def shift_date(day: date, unit: str, count: int) -> date:
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}
    if unit in months:
        year, month = divmod(day.year * 12 + day.month - 1 + months[unit] * count, 12)
        return _safe_date(year, month + 1, day.day)
    return day + timedelta(days=count * (7 if unit in {"W", "WE"} else 1))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth `weekday` (0 Monday) of the month; nth -1 is the last."""
    days = [
        week[weekday]
        for week in calendar.Calendar().monthdatescalendar(year, month)
        if week[weekday].month == month
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def _safe_date(year: int, month: int, day: int) -> date:
    """The date, or the month's last day when `day` overshoots (Feb. 30 -> Feb. 28)."""
    year = min(max(year, 1), 9999)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


class Resolver:
    """Resolves the mentions of one document, in text order."""

    def __init__(self, reference: date | None) -> None:
        self.reference = reference
        self.focus: tuple[str, date] | None = None
        self.day: date | None = None  # the last day spoken of: times of day fall on it
        # The last quarter or half spoken of, and where: "a year earlier" right after
        # "third-quarter profit" is that quarter a year before.
        self.part: tuple[int, str, date] | None = None
        self.position = 0

    def resolve(self, mention: mentions.Mention, tense: Tense | None = None) -> str:
        self.position = mention.start
        try:
            value, focus = self._value(mention.spec, tense)
        except (ValueError, OverflowError):
            # Far outside the calendar ("a million days ago"): what is known, nothing more.
            return _UNKNOWN["D"] if mention.type in {"DATE", "TIME"} else "PXX"
        counted = isinstance(mention.spec, mentions.Shift) and mention.spec.counted
        if focus is not None and mention.type in {"DATE", "TIME"} and not counted:
            self.focus = focus
            if focus[0] == "D":
                self.day = focus[1]
            if isinstance(mention.spec, mentions.Part):
                self.part = (mention.end, *focus)
        return value

    def _value(self, spec: mentions.Spec, tense: Tense | None) -> Resolved:
        if isinstance(spec, mentions.Fixed):
            return spec.value, None
        if isinstance(spec, mentions.Calendar):
            return self._calendar(spec, tense)
        if isinstance(spec, mentions.NthWeekday):
            return self._nth_weekday(spec, tense)
        if isinstance(spec, mentions.Weekday):
            return self._weekday(spec, tense)
        if isinstance(spec, mentions.Shift):
            return self._shift(spec, tense)
        if isinstance(spec, mentions.Season):
            return self._season(spec)
        if isinstance(spec, mentions.Part):
            return self._part(spec)
        return self._clock(spec)

    def _calendar(self, spec: mentions.Calendar, tense: Tense | None) -> Resolved:
        unit = "Y" if spec.month is None else "M" if spec.day is None else "D"
        unit = "W" if spec.week and unit == "D" else unit
        time = spec.time or ""
        if spec.year_shift is not None and self.reference is not None:
            year = self.reference.year + spec.year_shift
        elif spec.year is None and spec.month is not None:
            if self.reference is None:
                if unit == "W":
                    return "XXXX-WXX", None
                day = f"-{spec.day:02d}" if spec.day else ""
                return f"XXXX-{spec.month:02d}{day}{time}", None
            year = self._year_of(spec.month, spec.day, spec.direction, tense)
        else:
            year = spec.year or 1
        anchor = _safe_date(year, spec.month or 1, spec.day or 1)
        return format_value(unit, anchor) + time, (unit, anchor)

    def _year_of(
        self, month: int, day: int | None, direction: int | None, tense: Tense | None
    ) -> int:
        """The year of a month (and day) written without one: the nearest, unless the
        wording ("last November") or the tense says which side of the reference it is on."""
        assert self.reference is not None
        ref = self.reference
        if direction == 0:
            return ref.year
        candidates = [_safe_date(ref.year + k, month, day or 1) for k in (-1, 0, 1)]
        here = ref if day else ref.replace(day=1)
        if direction == -1:
            return max(c for c in candidates if c < here).year
        if direction == 1:
            return min(c for c in candidates if c > here).year
        # News reports the past more than it announces: a date ahead of the reference
        # counts as further away than one behind, unless the clause is in the future.
        ahead, behind = _DISTANCE_WEIGHTS.get(tense, (2, 1))
        return min(
            candidates,
            key=lambda c: (c - here).days * ahead if c > here else (here - c).days * behind,
        ).year

    def _nth_weekday(self, spec: mentions.NthWeekday, tense: Tense | None) -> Resolved:
        year = spec.year
        if year is None:
            if self.reference is None:
                return f"XXXX-{spec.month:02d}-XX", None
            year = self._year_of(spec.month, 15, spec.direction, tense)
        day = nth_weekday(year, spec.month, spec.weekday, spec.nth)
        return day.isoformat(), ("D", day)

    def _weekday(self, spec: mentions.Weekday, tense: Tense | None) -> Resolved:
        time = spec.time or ""
        if self.reference is None:
            return f"XXXX-WXX-{spec.weekday + 1}{time}", None
        ref = self.reference
        back = (ref.weekday() - spec.weekday) % 7
        forward = (spec.weekday - ref.weekday()) % 7
        if spec.shift == -1:
            offset = -(back or 7)
        elif spec.shift == 1:
            offset = forward or 7
        elif tense == "prospective" and spec.shift is None:
            offset = forward if forward <= back else -back
        elif tense == "future" or (spec.shift == 0 and tense != "past"):
            offset = forward
        else:
            offset = -back
        day = ref + timedelta(days=offset)
        return day.isoformat() + time, ("D", day)

    def _shift(self, spec: mentions.Shift, tense: Tense | None) -> Resolved:
        time = spec.time or ""
        focus = self.focus if spec.from_focus else None
        if (
            spec.counted
            and spec.unit == "Y"
            and self.part is not None
            and self.position - self.part[0] < _PART_IN_VIEW
        ):
            focus = self.part[1:]
        if focus is not None:
            focus_unit, focus_day = focus
            unit = focus_unit if spec.counted and focus_unit in {"Q", "H"} else spec.unit
            if spec.offset == 0 and unit != focus_unit and _finer(unit, focus_unit):
                unit = focus_unit  # "that day" after "1990" keeps what is known: 1990
            day = shift_date(focus_day, spec.unit, spec.offset)
            return format_value(unit, day) + time, (unit, day)
        if self.reference is None:
            return _UNKNOWN.get(spec.unit, "XXXX") + time, None
        offset = spec.offset
        if spec.unit == "WE" and offset == 0 and self.reference.weekday() < 5 and tense != "future":
            offset = -1  # "the weekend" of a weekday's report is the one just past
        day = shift_date(self.reference, spec.unit, offset)
        return format_value(spec.unit, day) + time, (spec.unit, day)

    def _season(self, spec: mentions.Season) -> Resolved:
        if spec.year is not None:
            return f"{spec.year:04d}-{spec.season}", None
        if self.reference is None:
            return f"XXXX-{spec.season}", None
        # "last fall" is the fall of last year, as "last year" is; "this fall" this year's.
        year = self.reference.year + (spec.offset or 0)
        return f"{year:04d}-{spec.season}", None

    def _part(self, spec: mentions.Part) -> Resolved:
        months = 3 if spec.unit == "Q" else 6
        if spec.number is None and spec.year is not None:
            # "the 1988 quarter": the quarter in view, or the last completed, of that year.
            known = self.focus if self.focus is not None and self.focus[0] == spec.unit else None
            if known is None and self.reference is not None:
                known = (spec.unit, shift_date(self.reference, spec.unit, -1))
            month = known[1].month if known is not None else 1
            day = date(spec.year, month, 1)
            return format_value(spec.unit, day), (spec.unit, day)
        if spec.number is None:
            if self.focus is not None and self.focus[0] == spec.unit:
                return format_value(spec.unit, self.focus[1]), self.focus
            if self.reference is None:
                return _UNKNOWN[spec.unit], None
            # "the quarter" of a results story is the last one completed.
            day = shift_date(self.reference, spec.unit, -1)
            return format_value(spec.unit, day), (spec.unit, day)
        year = spec.year
        if year is None:
            if self.reference is None:
                return f"XXXX-{spec.unit}{spec.number}", None
            current = (self.reference.month - 1) // months + 1
            year = self.reference.year if spec.number <= current else self.reference.year - 1
        day = date(year, (spec.number - 1) * months + 1, 1)
        return f"{year:04d}-{spec.unit}{spec.number}", (spec.unit, day)

    def _clock(self, spec: mentions.Clock) -> Resolved:
        time = f"T{spec.hour:02d}:{spec.minute or 0:02d}"
        if self.day is not None:
            return self.day.isoformat() + time, None
        if self.reference is None:
            return "XXXX-XX-XX" + time, None
        return self.reference.isoformat() + time, None


# Weights of the distance ahead of and behind the reference, by tense.
_DISTANCE_WEIGHTS: dict[str | None, tuple[int, int]] = {
    "past": (4, 1),
    "future": (1, 2),
    "prospective": (1, 1),
}
# How many characters back a quarter stays in view for "a year earlier".
_PART_IN_VIEW = 300
_ORDER = ["D", "W", "WE", "M", "Q", "H", "Y", "DE", "CE"]


def _finer(unit: str, other: str) -> bool:
    return _ORDER.index(unit) < _ORDER.index(other) if other in _ORDER else False
