"""Quotation marks: a tolerant scanner that pairs them into quotations over plain text.

Real news text mixes curly and straight marks, nests quotes, runs one quotation over several
paragraphs (each opens with a mark, only the last closes it) and sometimes forgets a closing
mark. The scanner never fails: an opening mark left unclosed at the end of its paragraph is
carried on when the next paragraph opens with a mark; otherwise it is closed at the
paragraph's last closing mark after it (so a nested pair that stole the outer closer is
absorbed), else at the paragraph's end. Only outermost quotations are returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = frozenset({"“", "„", "«", "``"})
CLOSING = frozenset({"”", "»"})
# Every mark; those in neither set above open or close by context: straight quotes, and the
# doubled apostrophes of newspaper archives (''This isn't reform,'' he said).
_MARKS = re.compile(r"''|``|[“„«”»\"]")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# A paragraph is a line: corpus text uses one or two newlines between paragraphs alike.
_PARAGRAPH = re.compile(r"[^\n]+")
# Where a quotation may start inside its paragraph: blockquote markers and spaces before it.
_LEADER = re.compile(r"[ \t>\u00a0]*")
# Characters after which a straight mark opens rather than closes a quotation.
_OPENS_AFTER = frozenset(" \t\n\u00a0([{—–-:/")
# Characters a mark strips from the ends of a quotation's content.
QUOTE_CHARS = "“”„«»\"'‘’`"


@dataclass(frozen=True)
class Quotation:
    """A quotation's characters, marks included: `text[start:end]`."""

    start: int
    end: int

    def content_bounds(self, text: str) -> tuple[int, int]:
        """The offsets of the quoted words: marks, spaces and a trailing comma stripped."""
        start, end = self.start, self.end
        while start < end and (text[start] in QUOTE_CHARS or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in QUOTE_CHARS or text[end - 1] in " \t\n,"):
            end -= 1
        return start, end


def _is_opening(text: str, start: int, end: int, open_count: int) -> bool:
    mark = text[start:end]
    if mark in OPENING:
        return True
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if mark in CLOSING:
        # A closing mark misused to open: at a paragraph's or word's start, before a word.
        return open_count == 0 and before in _OPENS_AFTER and after.isalnum()
    if before in _OPENS_AFTER and not after.isspace():
        return True
    if after.isspace() or not after.isalnum():
        return False
    # Letters on both sides ('a"b'): whichever balances the marks seen so far.
    return open_count == 0


def _starts_with_opening(text: str, start: int, end: int) -> int | None:
    """The offset of the opening mark that begins the paragraph, if it begins with one."""
    lead = _LEADER.match(text, start, end)
    i = lead.end() if lead else start
    mark = _MARKS.match(text, i, end)
    if mark is not None and _is_opening(text, mark.start(), mark.end(), 0):
        return i
    return None


def _paragraph_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quotations(text: str) -> list[Quotation]:
    """Every outermost quotation of the text, in order; never raises."""
    # Markup left in the text ('<tweet author="x">') holds marks that quote nothing.
    text = _TAG.sub(lambda tag: " " * len(tag.group()), text)
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    found: list[Quotation] = []
    # Start of a quotation left open by the previous paragraph, which this one re-opens.
    carried: int | None = None
    for index, (par_start, par_end) in enumerate(paragraphs):
        opener_at_start = _starts_with_opening(text, par_start, par_end)
        if opener_at_start is None:
            carried = None
        stack: list[int] = []
        closers: list[int] = []
        for match in _MARKS.finditer(text, par_start, par_end):
            i = match.start()
            if _is_opening(text, i, match.end(), len(stack)):
                stack.append(i)
                continue
            closers.append(match.end())
            if stack:
                opened = stack.pop()
                if opened == opener_at_start and carried is not None:
                    opened, carried = carried, None
                found.append(Quotation(opened, match.end()))
        if not stack:
            continue
        outer = stack[0]
        outer_start = carried if outer == opener_at_start and carried is not None else outer
        carried = None
        next_opens = index + 1 < len(paragraphs) and (
            _starts_with_opening(text, *paragraphs[index + 1]) is not None
        )
        if next_opens:
            carried = outer_start
            continue
        later = [c for c in closers if c > outer + 1]
        end = later[-1] if later else _paragraph_end(text, par_start, par_end)
        found.append(Quotation(outer_start, end))
    return _outermost(found)


def _outermost(quotations: list[Quotation]) -> list[Quotation]:
    ordered = sorted(set(quotations), key=lambda q: (q.start, -q.end))
    kept: list[Quotation] = []
    for quotation in ordered:
        if kept and quotation.start < kept[-1].end:
            if quotation.end > kept[-1].end:
                kept[-1] = Quotation(kept[-1].start, quotation.end)
            continue
        kept.append(quotation)
    return kept
