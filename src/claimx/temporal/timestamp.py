"""Reading one stated date and time, as an article's dateline gives it, into ISO 8601."""

from __future__ import annotations

from claimx.temporal.mentions import Calendar, Clock
from claimx.temporal.spans import find_mentions

# How far after a date its time of day may be written: "Nov. 7, 2025, at 5:53 p.m. EST".
_CLOCK_GAP = 12


def parse_timestamp(text: str) -> str | None:
    """The first complete date in `text`, with the time of day written right after it.

    "2025-11-07, 5:53pm" -> "2025-11-07T17:53"; "Nov. 7, 2025" -> "2025-11-07";
    None when no date with day, month and year is written.
    """
    mentions = find_mentions(text)
    for i, mention in enumerate(mentions):
        spec = mention.spec
        if not isinstance(spec, Calendar) or None in (spec.year, spec.month, spec.day):
            continue
        assert spec.year is not None and spec.month is not None and spec.day is not None
        stamp = f"{spec.year:04d}-{spec.month:02d}-{spec.day:02d}"
        if spec.time and spec.time[1:2].isdigit():
            return stamp + spec.time
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            following is not None
            and isinstance(following.spec, Clock)
            and following.start - mention.end <= _CLOCK_GAP
        ):
            clock = following.spec
            return f"{stamp}T{clock.hour:02d}:{clock.minute or 0:02d}"
        return stamp
    return None
