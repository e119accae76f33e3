"""What a page's text says about its article: headline, dateline, byline, outlet, timestamp.

All of it is read around the body `boilerplate.page_layout` found: the headline and byline
sit in the few lines above it, the dateline opens its first paragraph, the outlet signs off
below it or follows the headline in the page title ("Headline - Outlet"). Patterns of news
pages in general; no site's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from claimx.clean.boilerplate import Line, PageLayout, furniture_reason, normalise
from claimx.clean.timestamps import Timestamp, find_timestamp
from claimx.read.bylines import without_role

# The headline, byline and timestamp are looked for this many lines above the body.
HEADER_LINES = 10
# A headline has this many words, give or take.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
# A line shares this much of its words with the page title to be taken for the headline.
TITLE_MIN_OVERLAP = 0.5
# How far above the body a line like the page title is looked for.
TITLE_SEARCH_LINES = 40
# A byline is a handful of words once the date is taken out.
BYLINE_MAX_WORDS = 6
# A line repeating the headline is dropped with it if it adds at most this many characters
# (a section label or " | Outlet"); a longer one is a sentence that quotes the headline.
TITLE_LINE_EXTRA_CHARS = 40
# A dateline ("WASHINGTON (Reuters) -") names a place in at most this many words.
DATELINE_MAX_WORDS = 8
# The byline and date may also sit in the first lines of the body...
BODY_LINES = 3
# ...as a line this short.
METADATA_LINE_MAX_WORDS = 14
# Past those lines, a block of lines this short goes on being read, up to this many more
# ("By", a name, a handle, a second name, the date: one field a line).
METADATA_BLOCK_MAX_WORDS = 6
METADATA_BLOCK_MORE_LINES = 6
# An outlet name has at most this many words.
OUTLET_MAX_WORDS = 5
# A sign-off ("... only on X News.") is a short line among the last lines of the article.
SIGN_OFF_LINES = 3
SIGN_OFF_MAX_WORDS = 30

# "Headline - Outlet", "Headline | Outlet": the page title as browsers show it.
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:·•]{1,2}\s+")
_BULLET = tuple("•·▪►▶*>-–—|")
_BY = re.compile(r"(?:^|\s)(?:by|von|por|par|di|door|av|af)\s+(?=\w)", re.IGNORECASE)
# Words around a byline that are not the name: "Posted Monday by ...", "... Updated".
_NOT_A_NAME = re.compile(
    r"\b(?:posted|published|updated|last updated|on|at|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|mon|tue|wed|thu|fri|sat|sun|today|yesterday|an? \w+ ago|\d+ \w+ ago)\b",
    re.IGNORECASE,
)
# Trailing time zones and connectives left over once a timestamp is cut out of a byline.
_TIME_ZONE = re.compile(r"\b(?:[A-Z]{1,4}T|GMT|UTC|IST)(?:[+-]\d{1,2}(?::?\d{2})?)?\b")
_SEPARATORS = " \t,;:|•·-–—/()"
# "WASHINGTON —", "ASTANA ( WNAM MONITIRONG):", "LONDON (Reuters) -", "Washington (CNN) -".
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][a-z]+\.?)?"
_TITLE_PLACE = r"[A-Z][a-z]+(?:[ ,]+[A-Z][a-z.]+){0,2}"
_AGENCY = r"\s*\(\s*[^()\n]{1,40}\)"
_DATELINE = re.compile(
    rf"^(?:{_CAPS_PLACE}(?:{_AGENCY})?|{_TITLE_PLACE}{_AGENCY})\s*(?:—|–|--?|:)(?=\s+\S)"
)
# Kickers that look like datelines but are not places.
_KICKERS = frozenset(
    {"breaking", "breaking news", "update", "updated", "watch", "exclusive", "opinion",
     "analysis", "live", "video", "photos", "editorial", "editor's note", "note", "correction",
     "urgent", "just in"}
)  # fmt: skip
# "Copyright", "©" and years around an outlet's name.
_COPYRIGHT_WORDS = re.compile(r"(?:©|\(c\)|\bcopyright\b|\b(?:19|20)\d{2}\b)", re.IGNORECASE)
# A line that is only a handle, or only a name of two to four capitalised words.
_HANDLE = re.compile(r"@\w{2,30}")
_NAME_LINE = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}")
# Lines of share bars and menus: not counted among the lines above the body.
_BARS = frozenset({"share", "navigation", "subscribe"})
# Markup copied with the text ("<iframe src=...>", "EMBED <>") or a breadcrumb ("Home >
# News"): a line holding angle brackets is no headline.
_MARKUP = re.compile(r"[<>]")
_BY_ALONE = re.compile(r"by:?", re.IGNORECASE)
_NOT_A_BYLINE = re.compile(r"^(?:source|credit|photo|image)s?\b|/|getty images", re.IGNORECASE)
# Sign-offs and credits that name the outlet.
_SIGN_OFF = re.compile(
    r"\b(?:only|exclusively|originally published) on\s+"
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})"
)
_SOURCE_LINE = re.compile(r"^(?:source|courtesy|via)\s*:\s*(?P<name>[^\n]{2,60})$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*)?,?\s*"
    r"(?P<name>\w[\w&'’. -]{1,50}?)\s*(?:[,.|;]\s|[,.|;]?\s*all rights|[,.|;]?$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PageMetadata:
    """What the text states, and the lines (index -> reason) that state only that."""

    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    outlet: str | None = None
    published: str | None = None
    line_reasons: dict[int, str] = field(default_factory=dict)
    dateline_span: tuple[int, int] | None = None
    """Offsets of the dateline prefix in the text: metadata, while its paragraph is body."""


def _header(layout: PageLayout) -> list[int]:
    """Indices of the lines just above the body, nearest first: HEADER_LINES of them, not
    counting the lines of share bars and menus between (up to TITLE_SEARCH_LINES in all)."""
    lines: list[int] = []
    counted = 0
    for index in range(
        layout.body_start - 1, max(-1, layout.body_start - 1 - TITLE_SEARCH_LINES), -1
    ):
        lines.append(index)
        counted += layout.reasons.get(index) not in _BARS
        if counted == HEADER_LINES:
            break
    return lines


def _is_headline_shaped(line: Line) -> bool:
    words = line.text.split()
    return (
        HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS
        and not line.text.startswith(_BULLET)
        and sum(w.isdigit() or w.startswith("@") for w in words) * 3 < len(words)
        and furniture_reason(line) is None
        and find_timestamp(line.text) is None
        and not _BY.match(line.text)
        and _MARKUP.search(line.text) is None
    )


def _page_title_parts(layout: PageLayout) -> tuple[str, str] | None:
    """(headline, outlet) when the first line reads "Headline - Outlet"."""
    if not layout.lines:
        return None
    parts = _TITLE_SEPARATOR.split(layout.lines[0].text)
    if len(parts) < 2 or not 1 <= len(parts[-1].split()) <= OUTLET_MAX_WORDS:
        return None
    return " - ".join(parts[:-1]).strip(), parts[-1].strip()


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(normalise(a).split()), set(normalise(b).split())
    return len(words_a & words_b) / len(words_a | words_b) if words_a and words_b else 0.0


def _find_title(layout: PageLayout) -> tuple[str | None, str | None]:
    """(headline, outlet named after it in the page title). The headline is the line above
    the body that repeats the page title (first line), else the nearest headline-shaped one."""
    page_title = _page_title_parts(layout)
    if page_title is not None:
        headline = normalise(page_title[0])
        for line in layout.lines[1 : layout.body_start + 1]:
            if headline and normalise(line.text) == headline:
                return line.text, page_title[1]
    if layout.body_start > 0:
        # The line most like the page title, further up than the nearest lines too: share
        # bars, captions and bylines may stand between the headline and the body.
        first = page_title[0] if page_title is not None else layout.lines[0].text
        above = range(layout.body_start - 1, max(0, layout.body_start - 1 - TITLE_SEARCH_LINES), -1)
        similar = [layout.lines[i] for i in above if _is_headline_shaped(layout.lines[i])]
        best = max(similar, key=lambda line: _overlap(line.text, first), default=None)
        if best is not None and _overlap(best.text, first) >= TITLE_MIN_OVERLAP:
            return best.text, None
    candidates = [layout.lines[i] for i in _header(layout) if _is_headline_shaped(layout.lines[i])]
    if not candidates:
        return None, None
    return candidates[0].text, None


def _title_lines(layout: PageLayout, title: str) -> dict[int, str]:
    """Every copy of the headline above and at the top of the body (pages repeat it)."""
    reasons = {}
    for index, line in enumerate(layout.lines[: layout.body_start + 1]):
        if title in line.text and len(line.text) <= len(title) + TITLE_LINE_EXTRA_CHARS:
            reasons[index] = "title"
    return reasons


def _byline_from(line: Line, timestamp: Timestamp | None) -> str | None:
    text = line.text
    if timestamp is not None:
        text = text[: timestamp.start] + " " + text[timestamp.end :]
    text = _NOT_A_NAME.sub(" ", _TIME_ZONE.sub(" ", text)).strip(_SEPARATORS)
    has_by = _BY.search(text) is not None
    text = _BY.split(text, maxsplit=1)[-1].strip(_SEPARATORS)
    words = text.split()
    if not words or len(words) > BYLINE_MAX_WORDS or not text[0].isupper():
        return None
    if any(char.isdigit() for char in text) or _NOT_A_BYLINE.search(text):
        return None
    if not has_by and timestamp is None:
        return None
    return without_role(" ".join(words)) or None


def _find_byline_and_date(
    layout: PageLayout,
) -> tuple[str | None, Timestamp | None, dict[int, str]]:
    byline, published, reasons = None, None, {}
    top_of_body = list(
        range(layout.body_start, min(layout.body_end, layout.body_start + BODY_LINES))
    )
    after = layout.body_start + len(top_of_body)
    block = []
    for index in range(after, min(layout.body_end, after + METADATA_BLOCK_MORE_LINES)):
        if layout.lines[index].words > METADATA_BLOCK_MAX_WORDS:
            break
        block.append(index)
    candidates = [*top_of_body, *block, *_header(layout)]
    for index in candidates:
        line = layout.lines[index]
        inside_body = index >= layout.body_start
        if inside_body and line.words > METADATA_LINE_MAX_WORDS:
            continue
        timestamp = find_timestamp(line.text)
        by_alone = _BY_ALONE.fullmatch(line.text) is not None and index + 1 < len(layout.lines)
        if by_alone and byline is None:
            # "By" on a line of its own, the name on the next.
            name = layout.lines[index + 1]
            line_byline = _byline_from(replace(name, text=f"By {name.text}"), None)
            if line_byline is not None:
                byline = line_byline
                reasons[index] = reasons[index + 1] = "byline"
            continue
        line_byline = _byline_from(line, timestamp) if byline is None else None
        if index in block and not _BY.match(line.text):
            line_byline = None  # further down, only a line that opens with "By" names one
        if timestamp is not None and published is None:
            published = timestamp
            reasons[index] = "date"
        if line_byline is not None:
            byline = line_byline
            reasons[index] = "byline"
        if byline is not None and published is not None:
            break
    return _more_names(layout, byline, reasons), published, reasons


def _more_names(layout: PageLayout, byline: str | None, reasons: dict[int, str]) -> str | None:
    """The byline with the names and handles set one a line between it and the date below it
    ("By / April Roach / @aprilroach28 / Daniel O'Mahony / 01 October 2020"), which become
    byline lines too."""
    marked = sorted(reasons)
    if byline is None or len(marked) < 2:
        return byline
    first, last = marked[0], marked[-1]
    if (
        reasons[first] != "byline"
        or reasons[last] != "date"
        or last - first > METADATA_BLOCK_MORE_LINES
    ):
        return byline
    names = [byline]
    for index in range(first + 1, last):
        if index in reasons:
            continue
        text = layout.lines[index].text
        if _HANDLE.fullmatch(text):
            reasons[index] = "byline"
        elif _NAME_LINE.fullmatch(text):
            reasons[index] = "byline"
            names.append(text)
        else:
            return byline  # something else stands between: leave it be
    return "; ".join(names)


def _find_dateline(layout: PageLayout) -> tuple[str | None, tuple[int, int] | None]:
    if layout.body_start >= layout.body_end:
        return None, None
    first = layout.lines[layout.body_start]
    match = _DATELINE.match(first.text)
    if match is None:
        return None, None
    place = match.group(0).split("(")[0].strip(_SEPARATORS).lower()
    if place in _KICKERS or len(match.group(0).split()) > DATELINE_MAX_WORDS:
        return None, None
    return match.group(0).strip(), (first.start, first.start + match.end())


def _clean_outlet(name: str) -> str | None:
    """The name alone: no "©", years, or what follows a comma ("Vox Media, LLC", a date)."""
    name = _COPYRIGHT_WORDS.sub(" ", name).split(",")[0].strip(" .;:|-–—").strip()
    words = name.split()
    if not words or len(words) > OUTLET_MAX_WORDS:
        return None
    return name


def _find_outlet(layout: PageLayout, title_outlet: str | None) -> tuple[str | None, dict[int, str]]:
    """The outlet the text names: a sign-off or "Source:" line at the end of the article, the
    page title's suffix, else a copyright line (last: it often names the parent company).
    A sign-off line is furniture too."""
    copyright_name = None
    for index, line in enumerate(layout.lines):
        at_end = index >= layout.body_end - SIGN_OFF_LINES
        match = (_SIGN_OFF.search(line.text) or _SOURCE_LINE.match(line.text)) if at_end else None
        if match and line.words <= SIGN_OFF_MAX_WORDS and (name := _clean_outlet(match["name"])):
            return name, {index: "sign-off"}
        if copyright_name is None and (match := _COPYRIGHT.search(line.text)):
            copyright_name = _clean_outlet(match.group("name"))
    return title_outlet or copyright_name, {}


def read_metadata(layout: PageLayout) -> PageMetadata:
    """The headline, byline, dateline, outlet and timestamp the page states, if any."""
    title, title_outlet = _find_title(layout)
    byline, published, reasons = _find_byline_and_date(layout)
    if title is not None:
        reasons = {**_title_lines(layout, title), **reasons}
    dateline, dateline_span = _find_dateline(layout)
    outlet, sign_off = _find_outlet(layout, title_outlet)
    return PageMetadata(
        title=title,
        byline=byline,
        dateline=dateline,
        outlet=outlet,
        published=published.value if published is not None else None,
        line_reasons={**reasons, **sign_off},
        dateline_span=dateline_span,
    )
