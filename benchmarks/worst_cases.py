"""Synthetic worst cases for the linear-time promise: texts of any size that once made a
component quadratic (issue 12). Each maker returns a text of about `size` characters."""

from __future__ import annotations

from collections.abc import Callable


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def short_lines(size: int) -> str:
    """Many one-word lines: every line break is a sentence-start decision."""
    return _repeat("word\n", size)


def quotation_marks(size: int) -> str:
    """Many one-word quotations, each of which looks for a cue."""
    return _repeat("“a” ", size)


def opening_marks(size: int) -> str:
    """A cue followed by one long run of opening quotation marks: one huge token."""
    return "said " + "“" * max(1, size - 5)


def attributed_quotations(size: int) -> str:
    """Many quotations, each with its cue and speaker, in one paragraph."""
    return _repeat("“The plan will fail badly,” she said. ", size)


def long_paragraph(size: int) -> str:
    """One paragraph of reported speech, no line break."""
    return _repeat(
        "The minister said the plan would cost 5 million dollars, and critics said it would "
        "fail by March. ",
        size,
    )


def many_entities(size: int) -> str:
    """Sentences full of names of people, places, organisations and dates."""
    return _repeat(
        "Anna Smith met John Jones in Paris with officials of Google and the United Nations "
        "on Monday, June 3. ",
        size,
    )


WORST_CASES: dict[str, Callable[[int], str]] = {
    "short lines": short_lines,
    "quotation marks": quotation_marks,
    "opening marks": opening_marks,
    "attributed quotations": attributed_quotations,
    "long paragraph": long_paragraph,
    "many entities": many_entities,
}
