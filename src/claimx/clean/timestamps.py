"""Stated publication timestamps: "2025-11-07, 5:53pm", "Nov 7, 2025 10:32 AM ET",
"Published: 7 November 2025". Strict on purpose: a full date must be written out (a bare time
or "Today" is not a timestamp), and 03/04/2025-style dates only count when the order is clear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TIME = (
    r"(?:[,\s]+(?:at\s+|[|•·-]\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?)?)?"
)
_FORMS = (
    rf"\b{_YEAR}-(?P<nmonth>\d{{1,2}})-{_DAY}(?:T(?P<thour>\d{{2}}):(?P<tminute>\d{{2}})(?::(?P<tsecond>\d{{2}}))?)?{_TIME}",
    rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}",
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_TIME}",
    rf"\b(?P<first>\d{{1,2}})(?P<sep>[/.])(?P<second_part>\d{{1,2}})(?P=sep)(?P<year>(?:19|20)?\d{{2}})\b{_TIME}",
)
_PATTERNS = tuple(re.compile(form, re.IGNORECASE) for form in _FORMS)


@dataclass(frozen=True)
class Timestamp:
    """A stated date or date-time: `value` is ISO 8601, `start`/`end` where it was written."""

    value: str
    start: int
    end: int


def _month_and_day(match: re.Match[str]) -> tuple[int, int] | None:
    groups = match.groupdict()
    if groups.get("month"):
        return _MONTHS[groups["month"][:3].lower()], int(groups["day"])
    if groups.get("nmonth"):
        return int(groups["nmonth"]), int(groups["day"])
    first, second = int(groups["first"]), int(groups["second_part"])
    if groups["sep"] == ".":  # 07.11.2025 is day first wherever dots are used
        return second, first
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    return None  # 03/04/2025: the order is anybody's guess


def _time_of(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    hour, minute = groups.get("hour") or groups.get("thour"), groups.get("minute")
    minute = minute or groups.get("tminute")
    if hour is None or minute is None:
        return None
    h, m = int(hour), int(minute)
    ampm = (groups.get("ampm") or "").lower()
    if ampm.startswith("p") and h < 12:
        h += 12
    elif ampm.startswith("a") and h == 12:
        h = 0
    if h > 23 or m > 59:
        return None
    seconds = groups.get("second") or groups.get("tsecond")
    if seconds is not None:
        if int(seconds) > 59:
            return None
        return f"{h:02d}:{m:02d}:{int(seconds):02d}"
    return f"{h:02d}:{m:02d}"


def _timestamp(match: re.Match[str]) -> Timestamp | None:
    month_day = _month_and_day(match)
    if month_day is None:
        return None
    try:
        year = int(match.group("year"))
        day = date(year + 2000 if year < 100 else year, *month_day)
    except ValueError:
        return None
    clock = _time_of(match)
    value = day.isoformat() if clock is None else f"{day.isoformat()}T{clock}"
    return Timestamp(value, match.start(), match.end())


def find_timestamp(text: str) -> Timestamp | None:
    """The first full date (with its time, when stated) written in `text`."""
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if (timestamp := _timestamp(match)) is not None:
                found.append(timestamp)
                break
    return min(found, key=lambda t: (t.start, -t.end)) if found else None
