"""Cleaning plain text: boilerplate ranges and the metadata the text states."""

from __future__ import annotations

from dataclasses import replace

from claimx.boilerplate import PageLayout, page_layout
from claimx.document import InputDocument
from claimx.records import BoilerplateRange


def boilerplate_ranges(layout: PageLayout) -> list[BoilerplateRange]:
    """One range per run of consecutive furniture lines with the same reason."""
    ranges: list[BoilerplateRange] = []
    previous = -2
    for index in sorted(layout.reasons):
        line, reason = layout.lines[index], layout.reasons[index]
        if ranges and index == previous + 1 and ranges[-1].reason == reason:
            ranges[-1] = ranges[-1].model_copy(update={"end": line.end})
        else:
            ranges.append(BoilerplateRange(start=line.start, end=line.end, reason=reason))
        previous = index
    return ranges


def clean_document(document: InputDocument) -> InputDocument:
    """Fill `boilerplate` and the metadata the text states; input-given fields win."""
    layout = page_layout(document.text)
    return replace(document, boilerplate=boilerplate_ranges(layout))
