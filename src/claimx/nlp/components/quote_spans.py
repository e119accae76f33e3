"""Quote spans a reader accepts: whole words at the edges, no tangled overlaps.

The parse decides where a reported clause ends, and a parse can stop halfway through a
compound written with a hyphen or a dash ("US–Central Asia relations") or let one report run
on into the speaker's next one ("X confirmed that A, describing it as B"). These functions mend
the token ranges the cues give, before they become spans.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimx.nlp.components.quote_cues import trim_end

# Marks that join the words of a compound when written without spaces around them.
JOINERS = frozenset({"-", "–", "—", "‐", "‑", "/"})
# Marks that set a clause off from the one before it.
_SET_OFF = frozenset({",", ";", "—", "–", "--", "-"})


def _glued(doc: Doc, left: int) -> bool:
    """Whether tokens `left` and `left + 1` are written with nothing between them."""
    return 0 <= left < len(doc) - 1 and not doc[left].whitespace_


def _joined_at(doc: Doc, i: int) -> bool:
    """Whether token `i` is a joiner glued to words on both sides: 'US–Central'."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in JOINERS
        and _glued(doc, i - 1)
        and _glued(doc, i)
        and not doc[i - 1].is_punct
        and not doc[i + 1].is_punct
    )


def _phrase_end(token: Token, limit: int) -> int:
    """The end of the phrase a compound word after a joiner belongs to: climb while the head
    lies further right ('Central' -> 'Asia' -> 'relations'), then that head's right edge."""
    current = token
    while current.head.i > current.i and current.head.i < limit:
        current = current.head
    return min(max(current.right_edge.i, token.i) + 1, limit)


def whole_compounds(doc: Doc, start: int, end: int, limit: tuple[int, int]) -> tuple[int, int]:
    """The token range [start, end) grown so that neither edge falls inside a compound
    written with a joiner; `limit` bounds the growth (the sentence)."""
    low, high = limit
    while high > end + 1 > low and _joined_at(doc, end):
        end = _phrase_end(doc[end + 1], high)
    while start - 1 > low and _joined_at(doc, start - 1):
        start = max(doc[start - 2].left_edge.i, low)
    return start, end


@dataclass
class Placed:
    """One quote's token ranges (end exclusive) as the overlap rules see them."""

    content: tuple[int, int]
    cue: tuple[int, int]
    speaker: int | None
    direct: bool


def _inside(i: int | None, span: tuple[int, int]) -> bool:
    return i is not None and span[0] <= i < span[1]


def _clause_start(doc: Doc, item: Placed, within: tuple[int, int]) -> int:
    """Where the clause of `item`'s cue begins inside `within`: the cue verb's left edge."""
    verb = doc[item.cue[0]]
    start = min(verb.left_edge.i, verb.i)
    # ', with sources indicating that ...': the report's clause opens at the preposition.
    holder = verb.head.head if verb.dep_ == "acl" and verb.head.dep_ == "pobj" else verb.head
    if holder.pos_ == "ADP" and holder.i < start:
        start = holder.i
    return max(start, within[0])


def untangle(
    doc: Doc, items: list[Placed], reports: Iterable[Placed] = ()
) -> list[tuple[int, int] | None]:
    """Each item's content with overlaps the text does not make removed (None: dropped).

    When an inner report is set off by a comma or dash, the speaker's next one ('X confirmed A,
    describing it as B') or another's ('X confirmed A, with sources indicating B'), the outer
    content ends before it. `reports` are cues with a speaker whose content the parse did not
    give ('So when X signaled that A, Barrett said, “B”'): they end an outer content the same
    way, and yield none of their own. Two contents that
    overlap without nesting are split at the second: the first ends where the second begins.
    A content that still lies inside another's is dropped (`outermost`).
    """
    contents: list[tuple[int, int] | None] = [item.content for item in items]
    by_cue = sorted([*items, *reports], key=lambda item: item.cue[0])
    cue_starts = [item.cue[0] for item in by_cue]
    for i, outer in enumerate(items):
        if outer.direct:
            continue
        first, last = outer.content
        for inner in by_cue[bisect_left(cue_starts, first) : bisect_left(cue_starts, last)]:
            current = contents[i]
            if inner is outer or current is None or not _inside(inner.cue[0], current):
                continue
            cut = _clause_start(doc, inner, current)
            if cut <= current[0] or doc[cut - 1].text not in _SET_OFF:
                continue
            end = trim_end(doc, current[0], cut)
            contents[i] = (current[0], end) if end > current[0] else None
    order = sorted(
        (i for i, c in enumerate(contents) if c is not None),
        key=lambda i: contents[i],  # type: ignore[arg-type, return-value]
    )
    for first, second in itertools.pairwise(order):
        a, b = contents[first], contents[second]
        if a is None or b is None or items[first].direct:
            continue
        if a[0] < b[0] < a[1] < b[1] and not _inside(items[second].cue[0], a):
            end = trim_end(doc, a[0], b[0])
            contents[first] = (a[0], end) if end > a[0] else None
    return outermost(contents)


def outermost(contents: list[tuple[int, int] | None]) -> list[tuple[int, int] | None]:
    """`contents` without those inside a longer one (None in their place). A report nested in
    another's content ('X said that Y called it Z') is read in the outer quote: PolNeAR marks
    the inner one in few cases (in train, of 1,214 quotes inside another, 237 match a gold
    attribution with its speaker), and a reader reads the same words once."""
    order = sorted(
        (i for i, c in enumerate(contents) if c is not None),
        key=lambda i: (contents[i][0], -contents[i][1]),  # type: ignore[index]
    )
    widest: tuple[int, int] | None = None
    kept = list(contents)
    for i in order:
        current = contents[i]
        assert current is not None
        if widest is not None and widest[1] >= current[1] and widest != current:
            kept[i] = None
        elif widest is None or current[1] > widest[1]:
            widest = current
    return kept
