"""Quotes: direct, mixed and indirect, each with its cue and speaker.

Two sources of evidence meet here. The parse gives reporting cues with their speaker and the
clause they report (`quote_cues`); the quotation-mark scanner gives the quotations, however
badly balanced (`quote_marks`). A reported clause that is one quotation is a direct quote, one
that holds quotation marks is mixed, one without any is indirect. A quotation no cue reports
directly takes the cue of its own sentence or of an "X said:" just before it; one that carries
on the previous quote (later in its paragraph, or opening the next paragraph) extends it.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimx.components.quote_cues import Attribution, find_attributions, word_set
from claimx.components.quote_marks import QUOTE_CHARS, Quotation, find_quotations
from claimx.components.quote_speakers import SpeakerResolver, speaker_span
from claimx.extensions import QUOTES, register_extensions

logger = logging.getLogger(__name__)

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
# Short function words a title-case headline leaves in lower case.
_MINOR_WORDS = word_set(
    "a an and as at but by for from in into of on or over the to up via vs with"
)
# A quotation shorter than this, with no cue of its own, is a scare quote, not a quote.
_MIN_FREE_QUOTE_WORDS = 4


@dataclass
class _Found:
    """A quote before its speaker is resolved; token offsets, end exclusive."""

    content: tuple[int, int]
    kind: str
    cue: tuple[int, int]
    speaker: int | None
    quotation: Quotation | None = None


def is_headline(line: str) -> bool:
    """A line in title case with few words: a headline or subhead, not body text."""
    words = _WORD.findall(line)
    if not 2 <= len(words) <= 25:
        return False
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    capitalised = sum(1 for w in major if w[0].isupper())
    return bool(major) and capitalised / len(major) >= 0.8


class QuoteExtractor:
    """Writes `doc.spans["claimx_quotes"]`: one span per quote's content."""

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc.spans[QUOTES] = self.extract(doc)
        except Exception:  # a parse we did not foresee must not cost the user the article
            logger.warning("quote extraction failed; no quotes for this document", exc_info=True)
            doc.spans[QUOTES] = []
        return doc

    def extract(self, doc: Doc) -> list[Span]:
        if not doc.has_annotation("DEP"):
            return []  # cues and speakers come from the parse: without one, no quotes
        text = doc.text
        blocked = [False] * len(doc)
        quoted = [False] * len(doc)
        token_starts = [t.idx for t in doc]
        for line in _LINE.finditer(text):
            if is_headline(line.group()):
                for i in range(*_token_range(token_starts, line.start(), line.end())):
                    blocked[i] = True
        quotations = []
        for quotation in find_quotations(text):
            start, end = _token_range(token_starts, quotation.start, quotation.end)
            if start >= end or blocked[start]:
                continue
            quotations.append((quotation, start, end))
            for i in range(start, end):
                quoted[i] = True
                blocked[i] = True

        attributions: list[tuple[Attribution, Span]] = []
        for sent in doc.sents:
            for attribution in find_attributions(sent, blocked.__getitem__):
                attributions.append((attribution, sent))

        found = self._reported(doc, attributions, quotations)
        found += self._free_quotations(doc, attributions, quotations, found)
        return self._spans(doc, found, quoted)

    def _reported(
        self,
        doc: Doc,
        attributions: list[tuple[Attribution, Span]],
        quotations: list[tuple[Quotation, int, int]],
    ) -> list[_Found]:
        """Quotes whose content the parse ties to a cue."""
        found: list[_Found] = []
        seen: set[tuple[int, int]] = set()
        for attribution, _sent in attributions:
            if attribution.content is None:
                continue
            start, end = attribution.content
            if sum(1 for t in doc[start:end] if not t.is_punct) < 2:
                continue
            overlapping = [q for q in quotations if q[1] < end and start < q[2]]
            kind, quotation = "indirect", None
            if overlapping:
                first, last = overlapping[0], overlapping[-1]
                outside = [*doc[start : first[1]], *doc[first[2] : end]]
                if len(overlapping) == 1 and all(t.is_punct or t.is_space for t in outside):
                    kind, quotation = "direct", first[0]
                    start, end = first[1], first[2]
                else:
                    kind = "mixed"
                    start, end = min(start, first[1]), max(end, last[2])
            if (start, end) in seen:
                continue
            seen.add((start, end))
            found.append(
                _Found((start, end), kind, attribution.cue, attribution.speaker, quotation)
            )
        return found

    def _free_quotations(
        self,
        doc: Doc,
        attributions: list[tuple[Attribution, Span]],
        quotations: list[tuple[Quotation, int, int]],
        found: list[_Found],
    ) -> list[_Found]:
        """Quotations no reported clause covers: find the cue that introduces them."""
        covered = [f.content for f in found]
        extra: list[_Found] = []
        previous: _Found | None = None
        for quotation, start, end in quotations:
            if any(s <= start and end <= e for s, e in covered):
                previous = next(
                    (f for f in found if f.content[0] <= start and end <= f.content[1]), previous
                )
                continue
            words = sum(1 for t in doc[start:end] if t.is_alpha)
            cue = self._nearby_cue(doc, attributions, start, end)
            if cue is None and words >= _MIN_FREE_QUOTE_WORDS:
                cue = self._introducing_cue(doc, attributions, start)
            long_enough = words >= _MIN_FREE_QUOTE_WORDS
            if cue is None and long_enough and previous and _continues(doc, previous, start):
                # '“A,” she said. “B.”', or B opening the next paragraph: one quotation
                # the writer interrupted, as PolNeAR marks it.
                previous.content = (previous.content[0], end)
                if previous.quotation is not None:
                    previous.quotation = Quotation(previous.quotation.start, quotation.end)
                continue
            if cue is None:
                continue
            record = _Found((start, end), "direct", cue.cue, cue.speaker, quotation)
            extra.append(record)
            previous = record
        return extra

    @staticmethod
    def _nearby_cue(
        doc: Doc, attributions: list[tuple[Attribution, Span]], start: int, end: int
    ) -> Attribution | None:
        """A cue in the quotation's own sentences, or just after it: '“...” he said.'"""
        first, last = doc[start].sent, doc[end - 1].sent
        after = doc[last.end].sent if last.end < len(doc) else None
        candidates = []
        for attribution, sent in attributions:
            if attribution.speaker is None:
                continue
            same = first.start <= sent.start <= last.start
            follows = after is not None and sent == after and _same_paragraph(doc, end, sent.start)
            if not (same or follows):
                continue
            content = attribution.content
            if content is not None and not (content[0] < end and start < content[1]):
                continue
            cue_start = attribution.cue[0]
            distance = start - cue_start if cue_start < start else cue_start - end
            candidates.append((distance, attribution))
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    @staticmethod
    def _introducing_cue(
        doc: Doc, attributions: list[tuple[Attribution, Span]], start: int
    ) -> Attribution | None:
        """'Trump stated:' (or 'noting,') ending the sentence right before the quotation."""
        if start == 0:
            return None
        before = doc[start - 1]
        while before.i > 0 and (before.is_space or before.text == ">"):
            before = doc[before.i - 1]
        if before.text not in (":", ","):
            return None
        sent = before.sent
        for attribution, cue_sent in reversed(attributions):
            if cue_sent != sent or attribution.speaker is None:
                continue
            if attribution.content is None or attribution.content[1] <= start:
                return attribution
        return None

    @staticmethod
    def _spans(doc: Doc, found: list[_Found], quoted: list[bool]) -> list[Span]:
        resolver = SpeakerResolver(doc, quoted)
        spans = []
        for record in sorted(found, key=lambda f: (f.cue[0], f.content[0])):
            start, end = record.content
            content = Span(doc, start, end, label=record.kind)
            if record.quotation is not None:
                char_start, char_end = record.quotation.content_bounds(doc.text)
                content = (
                    doc.char_span(char_start, char_end, label=record.kind, alignment_mode="expand")
                    or content
                )
            content._.claimx_cue = Span(doc, *record.cue)
            speaker = record.speaker
            if speaker is None:
                speaker = _nearest_subject(doc, record.cue[0], quoted)
            if speaker is not None:
                head = doc[speaker]
                entity = resolver.resolve(head)
                content._.claimx_speaker = speaker_span(head)
                content._.claimx_speaker_entity = entity
                if entity is not None:
                    resolver.remember(head.i, entity)
            spans.append(content)
        spans.sort(key=lambda s: (s.start, s.end))
        return spans


def _token_range(token_starts: list[int], start: int, end: int) -> tuple[int, int]:
    """Tokens overlapping the characters [start, end)."""
    first = max(bisect_right(token_starts, start) - 1, 0)
    last = bisect_right(token_starts, end - 1)
    return first, last


def _nearest_subject(doc: Doc, cue: int, quoted: list[bool]) -> int | None:
    """When the parse gives the cue no subject: the closest subject or name before it."""
    sent = doc[cue].sent
    names = []
    for token in reversed(doc[sent.start : cue]):
        if quoted[token.i] or token.is_space:
            continue
        if token.dep_ in ("nsubj", "nsubjpass"):
            return token.i
        if token.ent_type_ in ("PERSON", "ORG") and token.ent_iob_ != "I":
            names.append(token.i)
    return names[-1] if names else None


def _continues(doc: Doc, previous: _Found, start: int) -> bool:
    """Whether a quotation at `start` carries on the previous quote: later in its paragraph,
    or opening the paragraph right after it."""
    gap = doc.text[doc[previous.content[1] - 1].idx : doc[start].idx]
    if "\n" not in gap:
        return True
    return gap.count("\n") <= 2 and not gap.strip(" \t\n>" + QUOTE_CHARS)


def _same_paragraph(doc: Doc, token: int, other: int) -> bool:
    low, high = sorted((token, other))
    return "\n" not in doc.text[doc[low].idx : doc[min(high, len(doc) - 1)].idx]


@Language.factory(
    "claimx_quotes",
    assigns=["doc.spans"],
    requires=["token.dep", "doc.ents"],
)
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    register_extensions()
    return QuoteExtractor()
