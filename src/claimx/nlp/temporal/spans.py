"""Finding temporal expressions in text, with TIMEX3 extents, types and open values.

Each pattern is a regular expression over the text and a builder that turns a match into a
Mention (or refuses it). All patterns run; the longest matches win where they overlap, and a
modifier written just before ("early", "the end of", "more than") is taken into the extent with
its TIMEX3 mod; approximators ("about two weeks") set the mod but stay out of the extent, as
TimeBank marks them. Extents follow TIMEX3: determiners in ("the third quarter"), prepositions
out ("in two weeks" is the duration "two weeks").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import replace

from claimx.nlp.temporal.lexicon import (
    DAY_PARTS,
    HOLIDAYS,
    MODIFIERS,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    REFERENCES,
    SEASONS,
    TIME_UNITS,
    UNITS,
    UNMARKED_MODIFIERS,
    VAGUE_QUANTITIES,
    WEEKDAY_HOLIDAYS,
    WEEKDAYS,
)
from claimx.nlp.temporal.mentions import (
    Calendar,
    Clock,
    Fixed,
    Mention,
    NthWeekday,
    Part,
    Season,
    Shift,
    Spec,
    Weekday,
)
from claimx.nlp.temporal.pattern_guard import WordStartScan

Builder = Callable[[re.Match[str], str], Mention | None]

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Sept)"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
_UNIT = (
    r"(?P<unit>seconds?|minutes?|hours?|days?|weekends?|weeks?|months?|quarters?|years?"
    r"|decades?|century|centuries)"
)
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMBER = (
    rf"(?P<number>\d+(?:\.\d+)?|{_TENS}(?:[- ]{_ONES})?|zero|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|(?:a|one) hundred|hundred|a dozen|dozen|(?:a )?couple(?: of)?|a few|a number of"
    r"|few|several|many|a|an)"
)
# A year as it is spoken in broadcast transcripts: "nineteen ninety-four", "two thousand one".
_SPOKEN_YEAR = (
    rf"(?:nineteen[- ](?P<tens>{_TENS}(?:[- ]{_ONES})?|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen)"
    rf"|(?P<thousand>two thousand)(?:\s+(?:and\s+)?(?P<thousand_ones>{_ONES}))?)"
)
_PART = r"(?P<part>morning|afternoon|evening|night|overnight)"
_AMPM = r"(?P<ampm>[ap]\.m\.|[ap]m\b|[ap]\.m\b)"
_ZONE = r"(?:\s+(?P<zone>[ECMP][SD]?T|GMT|UTC))?(?!\w)"
_REFERENCE_WORDS = "|".join(sorted(REFERENCES, key=len, reverse=True))
_MODIFIER = re.compile(
    r"(?:^|(?<=\W))(?P<modifier>"
    + "|".join(sorted((m.rstrip("-") for m in MODIFIERS), key=len, reverse=True))
    + r")(?:\s+|-)$",
    re.IGNORECASE,
)
# Modifiers of points and periods ("early 1990", "the end of the year"), not of amounts.
_PERIOD_MODIFIERS = frozenset(
    {
        "early",
        "late",
        "mid",
        "the beginning of",
        "the start of",
        "the first part of",
        "the middle of",
        "the end of",
        "the close of",
        "the last part of",
        "earlier",
        "later",
        "the early",
        "the late",
        "the mid",
    }
)
# Modifiers of amounts ("about two years", "more than a decade"), and of "...ago".
_AMOUNT_MODIFIERS = frozenset(MODIFIERS) - _PERIOD_MODIFIERS - {"mid-"}
_CLOCK_DAY_GAP = re.compile(r",?\s{1,2}(?:on\s+)?")
# The last words of expressions counted back or forth ("two years ago").
_COUNTED_DIRECTIONS = frozenset({"ago", "earlier", "later", "hence", "back", "now"})
# Words before a "per unit" amount that make "a year" a frequency: "$5 a year", "twice a day".
_FREQUENCY_BEFORE = re.compile(
    r"(?:\d|dollars?|cents?|percent|%|times|twice|once|thrice|barrels|tons|miles|shares)\s*$",
    re.IGNORECASE,
)
_RELATIVE = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "the previous": -1,
    "the past": -1,
    "the last": -1,
    "this past": -1,
    "next": 1,
    "coming": 1,
    "the coming": 1,
    "the next": 1,
    "the following": 1,
    "following": 1,
    "this": 0,
    "current": 0,
    "the current": 0,
    "the latest": 0,
}


def _number(word: str) -> int | None:
    """The count a number word or numeral stands for; None when vague ("several")."""
    word = word.lower().replace("-", " ")
    if word in VAGUE_QUANTITIES:
        return None
    if word.replace(".", "", 1).isdigit():
        return int(float(word)) if "." not in word or word.endswith(".0") else None
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    parts = word.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def _unit_code(unit: str) -> str:
    unit = unit.lower()
    return UNITS.get(unit, UNITS.get(unit.removesuffix("s"), "D"))


def _singular(unit: str) -> str:
    unit = unit.lower()
    return "century" if unit == "centuries" else unit.removesuffix("s")


def duration_value(count: int | None, unit: str, *, half: bool = False) -> str:
    """TIMEX3 duration: P2Y, PT3H, PXM; decades and centuries in years, weekends in days.

    A half more ("2 1/2 years") goes into the next smaller unit where it divides evenly
    (P2Y6M, PT5H30M), else into a decimal fraction, as ISO 8601 allows (P2.5W).
    """
    unit = _singular(unit)
    amount = "X" if count is None else str(count)
    if unit == "decade":
        return "PXDE" if count is None else f"P{10 * count + 5 * half}Y"
    if unit == "century":
        return "PXCE" if count is None else f"P{100 * count + 50 * half}Y"
    if unit == "weekend":
        return "PXWE" if count is None else f"P{2 * count + half}D"
    code = _unit_code(unit)
    prefix = "PT" if unit in TIME_UNITS else "P"
    if half and count is not None:
        return prefix + amount + _HALVES.get(code, ".5" + code)
    return prefix + amount + code


# The half of a unit, in the next smaller one: a year and a half is P1Y6M.
_HALVES = {"Y": "Y6M", "D": "DT12H", "H": "H30M", "M": "M30S"}


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _mention(match: re.Match[str], type_: str, spec: Spec) -> Mention:
    return Mention(match.start(), match.end(), type_, spec)


def _clock_time(hour: int, minute: int | None, ampm: str | None) -> tuple[int, int] | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    if hour > 23 or (minute is not None and minute > 59):
        return None
    return hour, minute or 0


# Builders, one per pattern -------------------------------------------------------------------


def _iso_date(match: re.Match[str], text: str) -> Mention | None:
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if match["hour"]:
        clock = _clock_time(int(match["hour"]), int(match["minute"]), match["ampm"])
        if clock is not None:
            time = f"T{clock[0]:02d}:{clock[1]:02d}"
            return _mention(match, "TIME", Calendar(year, month, day, time))
    end = match.start("clock") if match["clock"] else match.end()
    return Mention(match.start(), end, "DATE", Calendar(year, month, day))


def _slash_date(match: re.Match[str], text: str) -> Mention | None:
    month, day, year = int(match["month"]), int(match["day"]), int(match["year"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year < 100:
        year += 1900 if year > 30 else 2000
    return _mention(match, "DATE", Calendar(year, month, day))


def _month_day(match: re.Match[str], text: str) -> Mention | None:
    month, day = _month(match["month"]), int(match["day"])
    if month is None or not 1 <= day <= 31 or not _capitalised(match["month"]):
        return None
    year = int(match["year"]) if match["year"] else None
    week = bool(match.groupdict().get("week"))
    return _mention(match, "DATE", Calendar(year, month, day, week=week))


def _month_year(match: re.Match[str], text: str) -> Mention | None:
    month = _month(match["month"])
    if month is None or not _capitalised(match["month"]):
        return None
    return _mention(match, "DATE", Calendar(_year_number(match), month))


def _year_number(match: re.Match[str]) -> int:
    """The year of a match, written in digits or spoken."""
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("thousand"):
        ones = groups.get("thousand_ones")
        return 2000 + ((_number(ones) or 0) if ones else 0)
    return 1900 + (_number(groups.get("tens") or "") or 0)


def _month_of_relative_year(match: re.Match[str], text: str) -> Mention | None:
    month = _month(match["month"])
    if month is None or not _capitalised(match["month"]):
        return None
    day = int(match["day"]) if match["day"] else None
    if day is not None and not 1 <= day <= 31:
        return None
    shift = {"last": -1, "this": 0, "next": 1}[match["relative"].lower()]
    return _mention(match, "DATE", Calendar(None, month, day, year_shift=shift))


def _decade_word(match: re.Match[str], text: str) -> Mention | None:
    decades = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies"]
    decades += ["eighties", "nineties"]
    return _mention(match, "DATE", Fixed(f"19{decades.index(match['decade'].lower()) + 2}"))


def _bare_month(match: re.Match[str], text: str) -> Mention | None:
    word = match["month"]
    month = _month(word)
    if month is None or not _capitalised(word):
        return None
    direction = _RELATIVE.get((match["relative"] or "").lower())
    if match["relative"] and direction is None:
        return None
    if word in {"May", "March"} and not match["relative"]:
        # "Theresa May", "May I...", "March on": the modal and the names need a context.
        before = text[max(0, match.start() - 12) : match.start()]
        if not re.search(r"\b(?:in|of|since|until|by|early|late|mid-?|from|through)\s+$", before):
            return None
    return _mention(match, "DATE", Calendar(None, month, direction=direction))


def _year(match: re.Match[str], text: str) -> Mention | None:
    year = int(match["year"])
    if match["decade"]:
        if year % 10:
            return None
        return _mention(match, "DATE", Fixed(f"{year // 10:03d}"))
    # "the 1990 budget": the determiner is the noun's; "the fiscal 1990" keeps it.
    start = (
        match.start("year")
        if match["the"] and match.start("year") - match.start() < 5
        else match.start()
    )
    return Mention(start, match.end(), "DATE", Calendar(year))


def _short_decade(match: re.Match[str], text: str) -> Mention | None:
    decade = int(match["decade"])
    century = 20 if decade < 30 else 19
    return _mention(match, "DATE", Fixed(f"{century}{decade // 10}"))


def _weekday(match: re.Match[str], text: str) -> Mention | None:
    if not _capitalised(match["weekday"]):
        return None
    weekday = WEEKDAYS[match["weekday"].lower()]
    if match["plural"]:
        return _mention(match, "SET", Fixed(f"XXXX-WXX-{weekday + 1}"))
    relative = (match["relative"] or "").lower()
    shift = _RELATIVE.get(relative) if relative else None
    part = DAY_PARTS.get((match["part"] or "").lower())
    time = f"T{part}" if part else None
    return _mention(match, "TIME" if time else "DATE", Weekday(weekday, shift, time))


def _weekday_date(match: re.Match[str], text: str) -> Mention | None:
    if not _capitalised(match["weekday"]):
        return None
    return _month_day(match, text)


def _day_word(match: re.Match[str], text: str) -> Mention | None:
    word = match["word"].lower()
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}
    part = DAY_PARTS.get((match["part"] or "").lower())
    if word == "tonight":
        part = "NI"
    if word == "last" and part != "NI":
        return None  # "last morning" is not an expression; "last night" is
    if word == "this" and part is None:
        return None
    time = f"T{part}" if part else None
    return _mention(match, "TIME" if time else "DATE", Shift("D", offsets[word], time=time))


def _relative_unit(match: re.Match[str], text: str) -> Mention | None:
    relative = " ".join(match["relative"].lower().split())
    unit = match["unit"].lower()
    if relative in {"that", "the same", "that same"}:
        return _mention(match, "DATE", Shift(_period_code(unit), 0, from_focus=True))
    if relative == "the" and unit == "weekend":
        return _mention(match, "DATE", Shift("WE", 0))
    if relative == "the":
        # "the year", "the week": a period only after a modifier ("the end of the year").
        before = text[max(0, match.start() - 20) : match.start()]
        if not re.search(r"(?:end|beginning|start|middle|close|rest) of\s+$", before, re.I):
            return None
        return _mention(match, "DATE", Shift(_period_code(unit), 0, from_focus=True))
    offset = _RELATIVE.get(relative)
    if offset is None:
        return None
    if unit in SEASONS:
        # "this past spring" is this year's, over; "last spring" is last year's.
        offset = 0 if relative == "this past" else offset
        return _mention(match, "DATE", Season(SEASONS[unit], offset=offset))
    # "the following year" follows the year in focus, "next year" the reference's.
    from_focus = relative in {"the following", "following", "the previous"}
    return _mention(match, "DATE", Shift(_period_code(unit), offset, from_focus=from_focus))


def _period_code(unit: str) -> str:
    return {"weekend": "WE", "day": "D"}.get(unit, _unit_code(unit))


def _season(match: re.Match[str], text: str) -> Mention | None:
    year = _year_number(match) if match["year"] or match["tens"] or match["thousand"] else None
    modified = re.search(
        r"\b(?:early|late|mid)[\s-]+$", text[max(0, match.start() - 6) : match.start()], re.I
    )
    if year is None and match["the"] is None and match["of"] is None and not modified:
        return None  # a bare "fall" or "spring" is too often a verb or a noun
    return _mention(match, "DATE", Season(SEASONS[match["season"].lower()], year))


def _ago(match: re.Match[str], text: str) -> Mention | None:
    count = _number(match["number"])
    unit = _singular(match["unit"])
    direction = match["direction"].lower()
    sign = 1 if direction in {"later", "from now", "hence", "after"} else -1
    from_focus = direction in {"earlier", "later", "before", "after"}
    if count is None:
        return _mention(match, "DATE", Fixed("PAST_REF" if sign < 0 else "FUTURE_REF"))
    if unit == "weekend" or unit in TIME_UNITS:
        return None
    shift = Shift(_period_code(unit), sign * count, from_focus=from_focus, counted=True)
    # "a week or so ago": the date, approximately.
    return replace(_mention(match, "DATE", shift), mod="APPROX" if match["or_so"] else None)


def _duration(match: re.Match[str], text: str) -> Mention | None:
    number = match["number"]
    unit = match["unit"]
    count = _number(number)
    if count is None and number.lower() not in VAGUE_QUANTITIES:
        return None
    if number.lower() in {"a", "an"} and (unit.lower().endswith("s") or unit.lower() == "second"):
        return None  # "a second" is mostly "another"
    after = text[match.end() : match.end() + 8]
    if re.match(r"(?:\s+|-)old\b", after):
        return None  # an age: "a 30-year-old", "30 years old"
    if unit.lower().startswith("quarter") and (
        (count == 1 and re.match(r"\s+of\b", after)) or "-" in match.group()
    ):
        return None  # "a quarter of the votes", "three-quarters": fractions
    value = duration_value(count, unit, half=bool(match["half"] or match["half_after"]))
    start = match.start()
    if (
        match["hyphen"]
        and match.group()[:4].lower() == "the "
        and match.start("number") - start == 4
    ):
        start += 4  # "the 30-day period": the determiner is the noun's
    is_frequency = number.lower() in {"a", "an"} and _FREQUENCY_BEFORE.search(
        text[max(0, match.start() - 12) : match.start()]
    )
    type_ = "SET" if is_frequency else "DURATION"
    return Mention(start, match.end(), type_, Fixed(value))


def _half_unit(match: re.Match[str], text: str) -> Mention | None:
    """Half a unit, in the next smaller one: "half an hour" is PT30M, "half a year" P6M."""
    values = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "decade": "P5Y", "century": "P50Y"}
    return _mention(match, "DURATION", Fixed(values[match["unit"].lower()]))


def _bare_units(match: re.Match[str], text: str) -> Mention | None:
    return _mention(match, "DURATION", Fixed(duration_value(None, match["unit"])))


def _quarter(match: re.Match[str], text: str) -> Mention | None:
    ordinal = match["ordinal"].lower()
    unit = "Q" if match["unit"].lower() == "quarter" else "H"
    number = ORDINALS.get(ordinal, 4 if unit == "Q" else 2) if ordinal != "" else None
    if unit == "H" and number is not None and number > 2:
        return None  # "the third half" is no part of a year
    year = match["year"] or match["year_before"]
    if ordinal in {"last", "final"} and not match["year"]:
        return None  # "the last quarter" alone is the one before this: a relative unit
    spec = Part(unit, number, int(year) if year else None)
    if match["the"] and match["hyphen"] == "-":
        # "the third-quarter loss": the determiner belongs to the noun, not the expression.
        return Mention(match.start("ordinal"), match.end(), "DATE", spec)
    return _mention(match, "DATE", spec)


def _the_quarter(match: re.Match[str], text: str) -> Mention | None:
    relative = (match["relative"] or "").lower()
    if match["year"]:
        return _mention(match, "DATE", Part("Q", None, int(match["year"])))
    if relative in {"year-ago", "year-earlier"}:
        return _mention(match, "DATE", Shift("Y", -1, from_focus=True, counted=True))
    if relative == "same":
        return _mention(match, "DATE", Part("Q", None))
    if match["unit"].lower() == "period" and relative not in {"latest", "most recent"}:
        return None  # "the period" alone is any stretch of time
    if match["determiner"].lower() in {"last", "next", "this"} and not relative:
        return None  # "last quarter": a relative unit pattern
    if relative in {"latest", "current", "most recent", "previous", "past", "recent"}:
        # "the latest quarter" is the last one completed, whatever the text spoke of.
        return _mention(match, "DATE", Shift("Q", 0 if relative == "current" else -1))
    return _mention(match, "DATE", Part("Q", None))


def _the_year(match: re.Match[str], text: str) -> Mention | None:
    if re.match(r"\s+(?:ended|ending)\b", text[match.end() : match.end() + 8]):
        # "the year ended June 30": a year-long span up to a date.
        return _mention(match, "DURATION", Fixed("P1Y"))
    return _mention(match, "DATE", Shift("Y", 0))


def _year_end(match: re.Match[str], text: str) -> Mention | None:
    return replace(_mention(match, "DATE", Shift("Y", 0)), mod="END")


def _spoken_year(match: re.Match[str], text: str) -> Mention | None:
    return _mention(match, "DATE", Calendar(_year_number(match)))


def _year_ago_adjective(match: re.Match[str], text: str) -> Mention | None:
    # "a year earlier" counts from the date in focus; "year-ago" results from the reference.
    from_focus = match.group().lower().endswith("earlier")
    return _mention(match, "DATE", Shift("Y", -1, from_focus=from_focus, counted=True))


def _reference(match: re.Match[str], text: str) -> Mention | None:
    word = " ".join(match["word"].lower().split())
    return _mention(match, "DATE", Fixed(REFERENCES[word]))


def _frequency(match: re.Match[str], text: str) -> Mention | None:
    word = match["word"].lower()
    values = {
        "daily": "P1D",
        "nightly": "P1D",
        "weekly": "P1W",
        "biweekly": "P2W",
        "monthly": "P1M",
        "yearly": "P1Y",
        "hourly": "PT1H",
    }
    return _mention(match, "SET", Fixed(values[word]))


def _every(match: re.Match[str], text: str) -> Mention | None:
    count = _number(match["number"]) if match["number"] else 1
    return _mention(match, "SET", Fixed(duration_value(count, match["unit"])))


def _clock(match: re.Match[str], text: str) -> Mention | None:
    minute = int(match["minute"]) if match["minute"] else None
    clock = _clock_time(int(match["hour"]), minute, match.groupdict().get("ampm"))
    if clock is None:
        return None
    return _mention(match, "TIME", Clock(*clock))


def _noon(match: re.Match[str], text: str) -> Mention | None:
    hour = 0 if match["word"].lower() == "midnight" else 12
    return _mention(match, "TIME", Clock(hour, 0))


def _holiday(match: re.Match[str], text: str) -> Mention | None:
    name = " ".join(match["name"].lower().replace("’", "'").split())
    if not _capitalised(match["name"]):
        return None
    year = int(match["year"]) if match["year"] else None
    direction = _RELATIVE.get((match["relative"] or "").lower())
    spec: Spec
    if name in WEEKDAY_HOLIDAYS:
        month, weekday, nth = WEEKDAY_HOLIDAYS[name]
        spec = NthWeekday(month, weekday, nth, year, direction)
    else:
        month, day = HOLIDAYS[name]
        spec = Calendar(year, month, day, direction=direction)
    return _mention(match, "DATE", spec)


def _century(match: re.Match[str], text: str) -> Mention | None:
    number = int(match["number"])
    if not 1 <= number <= 21:
        return None
    return _mention(match, "DATE", Fixed(f"{number - 1:02d}"))


_HOLIDAY_NAMES = "|".join(
    re.escape(name).replace("'", "['’]")
    for name in sorted([*HOLIDAYS, *WEEKDAY_HOLIDAYS], key=len, reverse=True)
)
_RELATIVE_WORDS = (
    r"this past|the previous|the past|the last|the next|the coming|the following|the current"
    r"|the latest|the same|that same|last|past|previous|next|coming|following|current|this"
    r"|that|the"
)

PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    (
        re.compile(
            r"\b(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)(?![\d-])"
            r"(?P<clock>(?:T|,?\s+(?:at\s+)?)(?P<hour>\d{1,2}):(?P<minute>\d\d)(?::\d\d)?"
            rf"(?:\s*{_AMPM})?)?",
            re.IGNORECASE,
        ),
        _iso_date,
    ),
    (
        re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d\d)\b"),
        _slash_date,
    ),
    (
        re.compile(
            rf"\b{_WEEKDAY},?\s+{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?!\d|:\d)", re.IGNORECASE
        ),
        _weekday_date,
    ),
    (
        re.compile(
            rf"\b(?P<week>the\s+week\s+of\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?!\d|[:,]\d)",
            re.IGNORECASE,
        ),
        _month_day,
    ),
    (
        re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?(?!\w)", re.IGNORECASE),
        _month_day,
    ),
    (
        re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?(?:{_YEAR}|{_SPOKEN_YEAR})\b", re.IGNORECASE),
        _month_year,
    ),
    (
        re.compile(
            rf"\b{_MONTH}(?:\s+{_DAY})?,?\s+(?:of\s+)?(?P<relative>this|last|next)\s+year\b",
            re.IGNORECASE,
        ),
        _month_of_relative_year,
    ),
    (
        re.compile(
            r"\bthe\s+(?:nineteen[- ])?(?P<decade>twenties|thirties|forties|fifties|sixties"
            r"|seventies|eighties|nineties)\b",
            re.IGNORECASE,
        ),
        _decade_word,
    ),
    (
        re.compile(
            rf"\b(?:(?P<relative>{_RELATIVE_WORDS})\s+)?{_MONTH}(?!\w)(?!\s+\d)", re.IGNORECASE
        ),
        _bare_month,
    ),
    (
        re.compile(
            rf"(?<![\w$.,])(?:(?P<the>the)\s+)?(?:(?:fiscal|FY)\s*)?{_YEAR}(?P<decade>'?s)?"
            r"(?![\w%]|[.,:]\d)"
        ),
        _year,
    ),
    (re.compile(r"(?:\bthe\s+)?['’](?P<decade>\d0)s\b", re.IGNORECASE), _short_decade),
    (
        re.compile(
            rf"\b(?:(?P<relative>last|this|next|past|coming|previous|that)\s+)?{_WEEKDAY}"
            rf"(?P<plural>s)?(?:\s+{_PART})?\b",
            re.IGNORECASE,
        ),
        _weekday,
    ),
    (
        re.compile(
            rf"\b(?P<word>today|tonight|yesterday|tomorrow|this|last)(?:\s+{_PART})?\b",
            re.IGNORECASE,
        ),
        _day_word,
    ),
    (
        re.compile(
            r"\b(?:(?P<the>the)\s+)?(?:(?P<year_before>(?:1[5-9]|20)\d\d)(?:['’]s)?\s+|this\s+year['’]s\s+)?"
            r"(?:(?:fiscal|calendar)\s+)?"
            r"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th|last|final)(?P<hyphen>[- ])"
            r"(?:(?:fiscal|calendar)\s+)?(?P<unit>quarter|half)"
            rf"(?:\s+(?:of|in)\s+(?:(?:fiscal|calendar)\s+)?{_YEAR})?\b",
            re.IGNORECASE,
        ),
        _quarter,
    ),
    (
        re.compile(
            r"\b(?P<determiner>the|this|last|next)\s+(?:(?:comparable|corresponding)\s+)?"
            r"(?:(?P<year>(?:19|20)\d\d)\s+)?"
            r"(?:(?P<relative>latest|current|year-ago|year-earlier|same|previous|recent"
            r"|most recent|fiscal|past)\s+)?(?:(?:first|second|third|fourth|fiscal)\s+)?"
            r"(?P<unit>quarter|period)\b",
            re.IGNORECASE,
        ),
        _the_quarter,
    ),
    (
        re.compile(
            rf"\b(?P<relative>{_RELATIVE_WORDS})\s+(?P<unit>weekend|week|month|quarter|year"
            r"|decade|century|day|spring|summer|fall|autumn|winter)\b",
            re.IGNORECASE,
        ),
        _relative_unit,
    ),
    (
        re.compile(
            r"\b(?:(?P<the>the)\s+)?(?P<season>spring|summer|fall|autumn|winter)"
            rf"(?:\s+(?P<of>of\s+)?(?:{_YEAR}|{_SPOKEN_YEAR}))?\b",
            re.IGNORECASE,
        ),
        _season,
    ),
    (
        re.compile(
            rf"\b{_NUMBER}\s+{_UNIT}(?P<or_so>\s+or\s+so)?\s+"
            r"(?P<direction>ago|earlier|later|from now|hence|back)\b",
            re.IGNORECASE,
        ),
        _ago,
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(?:(?:first|last|past|next|previous|coming|following|final|latest"
            r"|recent|initial|entire|full|whole|same|remaining|other)\s+)?"
            rf"{_NUMBER}(?P<half>\s+1/2|\s+and\s+a\s+half|-and-a-half)?(?:\s+|(?P<hyphen>-))"
            r"(?:(?:full|straight|consecutive|more|additional|calendar|fiscal)\s+)?"
            rf"{_UNIT}(?:-long)?(?P<half_after>\s+and\s+a\s+half)?\b",
            re.IGNORECASE,
        ),
        _duration,
    ),
    (
        re.compile(
            r"\bhalf(?:-|\s+an?\s+)(?P<unit>hour|day|year|decade|century)\b",
            re.IGNORECASE,
        ),
        _half_unit,
    ),
    (
        re.compile(
            r"(?:(?<=\bfor )|(?<=\bin )|(?<=\bover )|(?<=\bwithin )|(?<=\bfor many )"
            r"|(?<=\bafter ))(?P<unit>years|decades|months|weeks)\b",
            re.IGNORECASE,
        ),
        _bare_units,
    ),
    (
        re.compile(
            r"\bthe\s+(?:(?:full|fiscal|calendar|current|whole)\s+)?year\b(?![-’'])",
            re.IGNORECASE,
        ),
        _the_year,
    ),
    (re.compile(r"\b(?:the\s+)?year(?:[- ]end|['’]s end)\b", re.IGNORECASE), _year_end),
    (
        re.compile(
            rf"\b(?:the\s+year\s+)?{_SPOKEN_YEAR}\b",
            re.IGNORECASE,
        ),
        _spoken_year,
    ),
    (
        re.compile(r"\b(?:year-earlier|year-ago|a year (?:ago|earlier))(?!-)\b", re.IGNORECASE),
        _year_ago_adjective,
    ),
    (re.compile(rf"\b(?P<word>{_REFERENCE_WORDS})\b", re.IGNORECASE), _reference),
    (
        re.compile(
            r"\b(?P<word>daily|nightly|weekly|biweekly|monthly|yearly|hourly)\b",
            re.IGNORECASE,
        ),
        _frequency,
    ),
    (
        re.compile(
            rf"\b(?:every|each|per)\s+(?:(?P<number>other|two|three|four|five|six|\d+)\s+)?"
            rf"{_UNIT}\b",
            re.IGNORECASE,
        ),
        _every,
    ),
    (
        re.compile(
            rf"\b(?P<hour>[012]?\d)(?::(?P<minute>[0-5]\d))?\s*{_AMPM}{_ZONE}", re.IGNORECASE
        ),
        _clock,
    ),
    (
        re.compile(
            rf"(?<![\d:.])(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?![\d:]){_ZONE}",
        ),
        _clock,
    ),
    (re.compile(r"\b(?P<word>noon|midnight|midday)\b", re.IGNORECASE), _noon),
    (
        re.compile(
            rf"\b(?:(?P<relative>last|this|next)\s+)?(?P<name>{_HOLIDAY_NAMES})"
            rf"(?:,?\s+{_YEAR})?\b",
            re.IGNORECASE,
        ),
        _holiday,
    ),
    (
        re.compile(r"\b(?:the\s+)?(?P<number>\d{1,2})(?:st|nd|rd|th)\s+century\b", re.I),
        _century,
    ),
]

# What find_mentions runs: the same patterns, tried where words start with their first
# characters (or scanned behind a test of them).
_SCAN = WordStartScan([pattern for pattern, _builder in PATTERNS])
_BUILDERS = [builder for _pattern, builder in PATTERNS]


def _with_modifier(mention: Mention, text: str) -> Mention:
    """Take a modifier written just before the expression into its extent and mod."""
    before = text[max(0, mention.start - 24) : mention.start]
    found = _MODIFIER.search(before)
    if found is None:
        return mention
    modifier = found["modifier"].lower()
    words = text[mention.start : mention.end].lower().split()
    is_amount = mention.type in {"DURATION", "SET"} or words[-1] in _COUNTED_DIRECTIONS
    allowed = _AMOUNT_MODIFIERS if is_amount else _PERIOD_MODIFIERS
    mod = MODIFIERS.get(modifier) or MODIFIERS.get(modifier + "-") or mention.mod
    if modifier in UNMARKED_MODIFIERS:
        return replace(mention, mod=mod)
    if modifier not in allowed:
        return mention
    start = mention.start - len(before) + found.start()
    return replace(mention, start=start, mod=mod or None)


def find_mentions(text: str) -> list[Mention]:
    """Every temporal expression in `text`, in order, none overlapping."""
    candidates = [
        mention
        for index, match in _SCAN.finditer(text)
        if (mention := _BUILDERS[index](match, text)) is not None
    ]
    # The longest expression wins an overlap; among equals, the earlier pattern.
    candidates.sort(key=lambda m: (m.start - m.end, m.start))
    # What is taken never overlaps, so in start order its ends are in order too: a candidate
    # need only be checked against its neighbours there.
    taken: list[Mention] = []
    starts: list[int] = []
    for mention in candidates:
        index = bisect_left(starts, mention.start)
        if index > 0 and taken[index - 1].end > mention.start:
            continue
        if index < len(taken) and taken[index].start < mention.end:
            continue
        taken.insert(index, mention)
        starts.insert(index, mention.start)
    return list(_modified(_clocks_on_days(taken, text), text))


def _clocks_on_days(mentions: list[Mention], text: str) -> list[Mention]:
    """Join a time of day to the day written right after it: "10 p.m. Wednesday"."""
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and isinstance(previous.spec, Clock)
            and isinstance(mention.spec, Weekday | Calendar | Shift)
            and mention.spec.time is None
            and _CLOCK_DAY_GAP.fullmatch(text[previous.end : mention.start])
            and _is_day(mention.spec)
        ):
            clock = previous.spec
            time = f"T{clock.hour:02d}:{clock.minute or 0:02d}"
            spec = replace(mention.spec, time=time)
            joined[-1] = Mention(previous.start, mention.end, "TIME", spec)
            continue
        joined.append(mention)
    return joined


def _is_day(spec: Weekday | Calendar | Shift) -> bool:
    if isinstance(spec, Calendar):
        return spec.day is not None
    return not isinstance(spec, Shift) or spec.unit == "D"


def _modified(mentions: list[Mention], text: str) -> Iterator[Mention]:
    previous_end = 0
    for mention in mentions:
        modified = _with_modifier(mention, text)
        yield modified if modified.start >= previous_end else mention
        previous_end = mention.end
