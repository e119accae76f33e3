"""Cleaning plain text: boilerplate ranges and metadata (issue 5: to be built)."""

from __future__ import annotations

from claimx.document import InputDocument


def clean_document(document: InputDocument) -> InputDocument:
    """Fill `boilerplate` and the metadata the text states; input-given fields win."""
    return document
