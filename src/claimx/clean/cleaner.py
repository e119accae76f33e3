"""Cleaning plain text: boilerplate ranges and the metadata the text states.

Nothing is cut out of the text: page furniture is recorded as `boilerplate` ranges of the
original text (blanked before spaCy runs), so every offset still indexes the input as read.
"""

from __future__ import annotations

from dataclasses import replace

from claimx.clean.line_classifier import LineModel, clean_layout
from claimx.clean.metadata import PageMetadata, read_metadata
from claimx.read.document import InputDocument
from claimx.records.article import BoilerplateRange


def boilerplate_ranges(
    lines: list[tuple[int, int]], reasons: dict[int, str]
) -> list[BoilerplateRange]:
    """One range per run of consecutive non-body lines (`lines`: their offsets) with the same
    reason."""
    ranges: list[BoilerplateRange] = []
    previous = -2
    for index in sorted(reasons):
        (start, end), reason = lines[index], reasons[index]
        if ranges and index == previous + 1 and ranges[-1].reason == reason:
            ranges[-1] = ranges[-1].model_copy(update={"end": end})
        else:
            ranges.append(BoilerplateRange(start=start, end=end, reason=reason))
        previous = index
    return ranges


def _with_dateline(ranges: list[BoilerplateRange], meta: PageMetadata) -> list[BoilerplateRange]:
    if meta.dateline_span is None:
        return ranges
    start, end = meta.dateline_span
    if any(r.start <= start and end <= r.end for r in ranges):
        return ranges
    dateline = BoilerplateRange(start=start, end=end, reason="dateline")
    return sorted([*ranges, dateline], key=lambda r: r.start)


def clean_document(document: InputDocument, *, model: LineModel | None = None) -> InputDocument:
    """Fill `boilerplate` and the metadata the text states; fields already set win. The body is
    found by the shipped line classifier (`model` replaces it, for cross-validation)."""
    layout = clean_layout(document.text, model)
    meta = read_metadata(layout)
    reasons = {**layout.reasons, **meta.line_reasons}
    offsets = [(line.start, line.end) for line in layout.lines]
    return replace(
        document,
        boilerplate=_with_dateline(boilerplate_ranges(offsets, reasons), meta),
        title=document.title or meta.title,
        published=document.published or meta.published,
        outlet=document.outlet or meta.outlet,
        byline=document.byline or meta.byline,
        dateline=document.dateline or meta.dateline,
    )
