"""Turn a processed Doc into its public record: the one place Doc meets pydantic."""

from __future__ import annotations

from bisect import bisect_left
from typing import TypedDict, cast

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span

from claimx import records
from claimx.nlp.doc_text import doc_text, span_text
from claimx.nlp.extensions import CLAIMS, DATES, ENTITIES, QUOTES
from claimx.read.document import InputDocument


def locate(span: Span, original: str) -> tuple[str, int, int]:
    """The span's text and offsets in the original text, without the blanked boilerplate or
    white space a span may start or end with, so that `original[start:end] == text`."""
    masked = span_text(span)
    start = span.start_char + len(masked) - len(masked.lstrip())
    end = max(start, span.start_char + len(masked.rstrip()))
    return original[start:end], start, end


class Located(TypedDict):
    """The fields every records.TextSpan has, as `locate` finds them."""

    text: str
    start: int
    end: int


def located(span: Span, original: str) -> Located:
    """`locate` as the keyword arguments of a TextSpan: `records.Quote(**located(...), ...)`."""
    text, start, end = locate(span, original)
    return {"text": text, "start": start, "end": end}


def _spans(doc: Doc, group: str) -> list[Span]:
    return list(doc.spans[group]) if group in doc.spans else []


def entity_records(doc: Doc, original: str | None = None) -> list[records.Entity]:
    """One Entity per canonical name, in order of first mention."""
    original = doc_text(doc) if original is None else original
    by_name: dict[str, records.Entity] = {}
    for span in sorted(_spans(doc, ENTITIES), key=lambda s: (s.start_char, s.end_char)):
        name = span._.claimx_canonical or span.text
        entity = by_name.setdefault(name, records.Entity(name=name, label=span.label_, mentions=[]))
        # Most of a record's items are mentions, and `located` makes them valid (a str, two
        # offsets >= 0): built without validating, which cost more than the rest of them.
        entity.mentions.append(records.Mention.model_construct(**located(span, original)))
    return list(by_name.values())


def quote_records(doc: Doc, original: str | None = None) -> list[records.Quote]:
    original = doc_text(doc) if original is None else original
    quotes = []
    for span in _spans(doc, QUOTES):
        speaker_span: Span | None = span._.claimx_speaker
        speaker = None
        if speaker_span is not None:
            speaker = records.Speaker(
                **located(speaker_span, original), entity=span._.claimx_speaker_entity
            )
        quotes.append(
            records.Quote(
                **located(span, original),
                kind=cast("records.QuoteKind", span.label_),  # validated by pydantic
                cue=records.TextSpan(**located(span._.claimx_cue, original)),
                speaker=speaker,
                parts=[records.TextSpan(**located(part, original)) for part in parts]
                if (parts := span._.claimx_parts)
                else None,
            )
        )
    return quotes


def date_records(doc: Doc, original: str | None = None) -> list[records.DateExpression]:
    original = doc_text(doc) if original is None else original
    dates = []
    for span in _spans(doc, DATES):
        dates.append(
            records.DateExpression(
                **located(span, original),
                type=cast("records.DateType", span.label_),
                value=span._.claimx_value,
                mod=span._.claimx_mod,
            )
        )
    return dates


class _SpansByStart:
    """The spans of a group, found by the character range they lie in without a scan of the
    whole group per claim (that scan made records quadratic in the length of a text)."""

    def __init__(self, spans: list[Span]) -> None:
        self._order = sorted(range(len(spans)), key=lambda i: spans[i].start_char)
        self._starts = [spans[i].start_char for i in self._order]
        self._spans = spans

    def inside(self, outer: Span) -> list[Span]:
        """The spans within `outer`, in the group's own order."""
        first = bisect_left(self._starts, outer.start_char)
        last = bisect_left(self._starts, outer.end_char, lo=first)
        found = sorted(
            i for i in self._order[first:last] if self._spans[i].end_char <= outer.end_char
        )
        return [self._spans[i] for i in found]


def claim_records(
    doc: Doc, quote_spans: list[Span], original: str | None = None
) -> list[records.Claim]:
    original = doc_text(doc) if original is None else original
    entity_spans = _SpansByStart(_spans(doc, ENTITIES))
    date_spans = _SpansByStart(_spans(doc, DATES))
    quote_indexes: dict[Span, int] = {}
    for index, quote in enumerate(quote_spans):
        quote_indexes.setdefault(quote, index)
    claims = []
    for span in _spans(doc, CLAIMS):
        source_quote: Span | None = span._.claimx_quote
        quote_index = None if source_quote is None else quote_indexes.get(source_quote)
        entities = dict.fromkeys(e._.claimx_canonical or e.text for e in entity_spans.inside(span))
        dates = dict.fromkeys(d._.claimx_value for d in date_spans.inside(span))
        claims.append(
            records.Claim(
                **located(span, original),
                claimant=records.Claimant(
                    name=span._.claimx_claimant,
                    kind=span._.claimx_claimant_kind or "outlet",
                    quote=quote_index,
                ),
                entities=list(entities),
                dates=[d for d in dates if d is not None],
                modality=span._.claimx_modality or "asserted",
                negated=bool(span._.claimx_negated),
                checkworthiness=float(span._.claimx_checkworthiness or 0.0),
            )
        )
    return claims


def count_word_tokens(doc: Doc) -> int:
    """The record's `words`: tokens neither white space nor punctuation (blanked boilerplate
    is white space). Cleaning counts the words of a text line otherwise:
    `claimx.clean.boilerplate.count_words`."""
    flags = doc.to_array([IS_SPACE, IS_PUNCT]).reshape(-1, 2)
    return int(np.count_nonzero(flags.sum(axis=1) == 0))


def record_from_doc(
    doc: Doc, document: InputDocument, *, include_text: bool
) -> records.ArticleRecord:
    """The record of one successfully processed document."""
    return records.ArticleRecord(
        id=document.id,
        source=document.source,
        title=document.title,
        published=document.published,
        reference_date=doc._.claimx_reference,
        url=document.url,
        outlet=document.outlet,
        dateline=document.dateline,
        byline=document.byline,
        words=count_word_tokens(doc),
        # Offsets of an HTML input index the text extracted from it, so it always comes along.
        text=document.text if include_text or document.source.format == "html" else None,
        boilerplate=document.boilerplate,
        entities=entity_records(doc, document.text),
        quotes=quote_records(doc, document.text),
        dates=date_records(doc, document.text),
        claims=claim_records(doc, _spans(doc, QUOTES), document.text),
    )


def error_record(document: InputDocument, *, include_text: bool) -> records.ArticleRecord:
    """The record of a document that could not be processed: its error, nothing else."""
    return records.ArticleRecord(
        id=document.id,
        source=document.source,
        error=document.error,
        text=document.text if include_text and document.text else None,
    )
