"""Quotes: direct, mixed and indirect, each with its cue and speaker.

Two sources of evidence meet here. The parse gives reporting cues with their speaker and the
clause they report (`quote_cues`); the quotation-mark scanner gives the quotations, however
badly balanced (`quote_marks`). A reported clause that is one quotation is a direct quote, one
that holds quotation marks is mixed, one without any is indirect. A quotation no cue reports
directly takes the cue of its own sentence or of an "X said:" just before it; one that carries
on the previous quote (later in its paragraph, or opening the next paragraph) extends it, when
the learned carry-on decision (`continuation_model`) agrees.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from heapq import heappop, heappush
from itertools import accumulate

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimx.nlp.components.attribution_model import LearnedCues, default_model
from claimx.nlp.components.continuation_model import (
    ContinuationModel,
    continuation_features,
    default_continuation_model,
)
from claimx.nlp.components.line_breaks import is_title_case_line
from claimx.nlp.components.quote_cues import (
    Attribution,
    cue_range,
    find_attributions,
)
from claimx.nlp.components.quote_marks import QUOTE_CHARS, Quotation, find_quotations
from claimx.nlp.components.quote_spans import Placed, untangle, whole_compounds
from claimx.nlp.components.quote_speakers import (
    SpeakerResolver,
    outside_parentheses,
    speaker_span,
)
from claimx.nlp.components.speaker_model import (
    SpeakerModel,
    default_speaker_model,
    speaker_features,
)
from claimx.nlp.doc_text import doc_text
from claimx.nlp.extensions import QUOTES, register_extensions

logger = logging.getLogger(__name__)

_LINE = re.compile(r"[^\n]+")
# A quotation shorter than this, with no cue of its own, is a scare quote, not a quote.
_MIN_FREE_QUOTE_WORDS = 4
# A reported content needs this many tokens besides punctuation: one word is not a quote.
MIN_CONTENT_TOKENS = 2
# A dateline opening a sentence ("LONDON (Reuters) -") ends within this many tokens.
DATELINE_TOKENS = 12
# Consecutive quotations continue one quote across at most one blank line.
CONTINUATION_BREAKS = 2


@dataclass
class _Found:
    """A quote before its speaker is resolved; token offsets, end exclusive."""

    content: tuple[int, int]
    kind: str
    cue: tuple[int, int]
    speaker: int | None
    quotation: Quotation | None = None


class QuoteExtractor:
    """Writes `doc.spans["claimx_quotes"]`: one span per quote's content. `model`, when
    given, adds the attributions it finds for verbs the rules do not take as cues;
    `speakers`, when given, leaves without a speaker the attributions it judges to have none
    in the text ("the plant is expected to close"); `continuations`, when given, decides
    whether a quotation no cue introduces carries on the quote before it (without it, every
    one that may does)."""

    def __init__(
        self,
        model: LearnedCues | None = None,
        speakers: SpeakerModel | None = None,
        continuations: ContinuationModel | None = None,
    ) -> None:
        self.model = model
        self.speakers = speakers
        self.continuations = continuations

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
        text = doc_text(doc)
        blocked = [False] * len(doc)
        quoted = [False] * len(doc)
        token_starts = doc.to_array([IDX]).tolist()
        line_of = [(0, len(doc))] * len(doc)
        for line in _LINE.finditer(text):
            first, last = _token_range(token_starts, line.start(), line.end())
            headline = is_title_case_line(line.group())
            for i in range(first, last):
                line_of[i] = (first, last)
                blocked[i] = blocked[i] or headline
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
        sentences = _Sentences(doc)
        for sent in sentences.spans:
            found_here = list(find_attributions(sent, blocked.__getitem__))
            if self.model is not None:
                taken = {i for a in found_here if a.content for i in range(*a.cue)}
                found_here += self.model.extra(sent, blocked.__getitem__, taken)
            for attribution in found_here:
                attributions.append((_within_line(attribution, line_of), sent))
        sentences.index(attributions)

        found = self._reported(doc, attributions, quotations)
        found += self._free_quotations(doc, sentences, quotations, found, line_of)
        # Cues the parse gave a speaker but no content still end a content they stand in.
        reports = [a for a, _ in attributions if _own_report(doc, a)]
        mended = _mended(doc, found, line_of, reports)
        return self._spans(doc, mended, quoted, line_of, sentences, [q for q, _, _ in quotations])

    def _reported(
        self,
        doc: Doc,
        attributions: list[tuple[Attribution, Span]],
        quotations: list[tuple[Quotation, int, int]],
    ) -> list[_Found]:
        """Quotes whose content the parse ties to a cue."""
        found: list[_Found] = []
        seen: set[tuple[int, int]] = set()
        # Quotations are disjoint and in order: those overlapping a content are found by bisection.
        quotation_starts = [q[1] for q in quotations]
        quotation_ends = [q[2] for q in quotations]
        for attribution, _sent in attributions:
            if attribution.content is None:
                continue
            start, end = attribution.content
            if sum(1 for t in doc[start:end] if not t.is_punct) < MIN_CONTENT_TOKENS:
                continue
            first_overlap = bisect_right(quotation_ends, start)
            last_overlap = bisect_left(quotation_starts, end)
            overlapping = quotations[first_overlap:last_overlap]
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
                    if _adjunct_follows(doc, last[2], end):
                        end = last[2]
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
        sentences: _Sentences,
        quotations: list[tuple[Quotation, int, int]],
        found: list[_Found],
        line_of: list[tuple[int, int]],
    ) -> list[_Found]:
        """Quotations no reported clause covers: find the cue that introduces them."""
        covered = _Cover(f.content for f in found)
        ended = _EndedBefore(found)
        extra: list[_Found] = []
        for quotation, start, end in quotations:
            if covered.covers(start, end):
                continue
            words = sum(1 for t in doc[start:end] if t.is_alpha)
            long_enough = words >= _MIN_FREE_QUOTE_WORDS
            cue = self._nearby_cue(doc, sentences, start, end)
            if cue is None and long_enough:
                cue = _trailing_cue(doc, end, line_of[end - 1][1])
            if cue is None and long_enough:
                cue = self._introducing_cue(doc, sentences, start)
            if cue is None and long_enough:
                cue = _labelled(doc, start, end, line_of)
            if cue is None and long_enough:
                previous = ended.last(start)
                if (
                    previous is not None
                    and _continues(doc, sentences.text, previous, start)
                    and self._carries_on(doc, sentences, previous, start, end)
                ):
                    # '“A,” she said. “B.”', B opening the next paragraph, or 'X said that
                    # A, but “B”': one quotation the writer interrupted, as PolNeAR marks it.
                    previous.content = (previous.content[0], end)
                    if previous.quotation is not None:
                        previous.quotation = Quotation(previous.quotation.start, quotation.end)
                    elif previous.kind == "indirect":
                        previous.kind = "mixed"
                    ended.extended(previous)
                    continue
            if cue is None:
                continue
            same_cue = ended.first_with_cue(cue.cue, start)
            same_paragraph = same_cue is not None and _same_paragraph(
                doc, sentences.text, same_cue.content[1] - 1, start
            )
            if same_cue is not None and same_paragraph:
                # '“A,” Spencer said, as ... “B.”': the rest of the same quotation.
                same_cue.content = (same_cue.content[0], end)
                if same_cue.quotation is not None:
                    same_cue.quotation = Quotation(same_cue.quotation.start, quotation.end)
                elif same_cue.kind == "indirect":
                    same_cue.kind = "mixed"  # its content now holds a quotation
                ended.extended(same_cue)
                continue
            later = ended.first_with_cue_after(cue.cue, end)
            if (
                later is not None
                and later.kind != "indirect"
                and _same_paragraph(doc, sentences.text, end - 1, later.content[0])
            ):
                # '“A,” Gidley said, “B.”', B the parse's content of the cue: A opens it. A
                # content without quotation marks after the cue is a clause the parse
                # misplaced ('said Farid, who co-developed …'): A stands on its own.
                later.content = (start, later.content[1])
                if later.quotation is not None:
                    later.quotation = Quotation(quotation.start, later.quotation.end)
                continue
            extra.append(self._quoted(doc, sentences, cue, quotation, start, end, long_enough))
            ended.add(extra[-1])
        return extra

    def _carries_on(
        self, doc: Doc, sentences: _Sentences, previous: _Found, start: int, end: int
    ) -> bool:
        if self.continuations is None:
            return True
        features = continuation_features(
            doc,
            sentences.text,
            sentences.number,
            (previous.kind, previous.content, previous.speaker is not None),
            (start, end),
        )
        return self.continuations.carries_on(features, previous.content, (start, end))

    @staticmethod
    def _quoted(
        doc: Doc,
        sentences: _Sentences,
        cue: Attribution,
        quotation: Quotation,
        start: int,
        end: int,
        long: bool,
    ) -> _Found:
        """A quotation its cue introduces: direct when they are adjacent, else mixed (the
        words between the cue and the quotation belong to the content)."""
        cue_end = cue.cue[1]
        if cue_end <= start:
            if _has_words(doc[cue_end:start]):
                return _Found((cue_end, end), "mixed", cue.cue, cue.speaker)
        else:
            sent_start = sentences.spans[sentences.number(start)].start
            if not long and _has_words(doc[sent_start:start]):
                # '... a “burn bag,” the Times reported': a few quoted words inside a report.
                return _Found((sent_start, end), "mixed", cue.cue, cue.speaker)
        return _Found((start, end), "direct", cue.cue, cue.speaker, quotation)

    @staticmethod
    def _nearby_cue(doc: Doc, sentences: _Sentences, start: int, end: int) -> Attribution | None:
        """A cue in the quotation's own sentences, or just after it: '“...” he said.'"""
        first, last = sentences.number(start), sentences.number(end - 1)
        candidates = []
        for number, attribution, sent in sentences.attributions(first, last + 1):
            follows = number > last
            if follows and not _same_paragraph(doc, sentences.text, end, sent.start):
                continue
            content = attribution.content
            if content is not None and not (content[0] < end and start < content[1]):
                continue
            cue_start = attribution.cue[0]
            distance = start - cue_start if cue_start < start else cue_start - end
            candidates.append((distance, attribution))
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    @staticmethod
    def _introducing_cue(doc: Doc, sentences: _Sentences, start: int) -> Attribution | None:
        """'Trump stated:' (or 'noting,') ending the sentence right before the quotation."""
        if start == 0:
            return None
        before = doc[start - 1]
        while before.i > 0 and (before.is_space or before.text == ">"):
            before = doc[before.i - 1]
        if before.text not in (":", ","):
            return None
        number = sentences.number(before.i)
        sent = sentences.spans[number]
        for _, attribution, _ in reversed(sentences.attributions(number, number)):
            if attribution.speaker is None:
                continue
            if attribution.content is None or attribution.content[1] <= start:
                return attribution
        root = sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if before.text == ":" and root.pos_ == "VERB" and subject is not None and root.i < before.i:
            # 'Trump went even further: “...”': a colon hands the word to the subject.
            return Attribution(cue=(root.i, root.i + 1), speaker=subject.i, content=None)
        if before.text == ":":
            # 'As Cornyn put it: “...”': the root may lie inside the quotation; the nearest
            # verb before the colon with a subject of its own hands the word on.
            for verb in reversed(doc[sent.start : before.i]):
                subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if verb.pos_ == "VERB" and subject is not None and subject.i < before.i:
                    return Attribution(cue=(verb.i, before.i), speaker=subject.i, content=None)
        return None

    def _spans(
        self,
        doc: Doc,
        found: list[_Found],
        quoted: list[bool],
        line_of: list[tuple[int, int]],
        sentences: _Sentences,
        quotations: list[Quotation],
    ) -> list[Span]:
        resolver = SpeakerResolver(doc, quoted)
        quotation_starts = [q.start for q in quotations]
        spans = []
        for record in sorted(found, key=lambda f: (f.cue[0], f.content[0])):
            start, end = record.content
            content = Span(doc, start, end, label=record.kind)
            parts = None
            if record.quotation is not None:
                char_start, char_end = record.quotation.content_bounds(sentences.text)
                content = (
                    doc.char_span(char_start, char_end, label=record.kind, alignment_mode="expand")
                    or content
                )
                if record.kind == "direct":
                    parts = _quoted_parts(
                        doc, sentences.text, record.quotation, quotations, quotation_starts
                    )
            content._.claimx_parts = parts
            content._.claimx_cue = Span(doc, *record.cue)
            speaker = record.speaker
            cue_sentence = sentences.spans[sentences.number(record.cue[0])]
            after = max(_dateline_end(cue_sentence), line_of[record.cue[0]][0])
            if speaker is None or speaker < after:
                # A reported clause around its cue is what is reported on; a quotation
                # around it ('“A,” she said, “B”') is interrupted by its speaker's words.
                around = record.content if record.kind == "indirect" else (0, 0)
                speaker = _nearest_subject(doc, record.cue[0], quoted, after, around)
            if speaker is not None:
                speaker = outside_parentheses(doc[speaker]).i
            if speaker is not None and self.speakers is not None:
                head_i = speaker_span(doc[speaker]).root.i
                features = speaker_features(doc, record.cue, head_i, record.kind)
                if self.speakers.no_speaker(features):
                    speaker = None
            # Span extensions live in the Doc by offsets: a rerun must not find stale ones.
            content._.claimx_speaker = content._.claimx_speaker_entity = None
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


def _quoted_parts(
    doc: Doc,
    text: str,
    outer: Quotation,
    quotations: list[Quotation],
    starts: list[int],
) -> list[Span] | None:
    """The quotations a direct quote spans, when there are several ('“A,” she said. “B.”'):
    the quoted words without the speaker's words between them; None for one quotation."""
    first = bisect_left(starts, outer.start)
    last = bisect_left(starts, outer.end, lo=first)
    inside = [q for q in quotations[first:last] if q.end <= outer.end]
    if len(inside) < 2:
        return None
    parts = [
        doc.char_span(*quotation.content_bounds(text), alignment_mode="expand")
        for quotation in inside
    ]
    kept = [part for part in parts if part is not None and len(part) > 0]
    return kept if len(kept) > 1 else None


def _mended(
    doc: Doc,
    found: list[_Found],
    line_of: list[tuple[int, int]],
    reports: Iterable[Attribution] = (),
) -> list[_Found]:
    """The quotes with whole compounds at their edges and no overlaps the text does not make
    (`reports`: cues without content, which end a content they stand in)."""
    for record in found:
        if record.quotation is None:
            start, end = record.content
            record.content = whole_compounds(doc, start, end, line_of[start])
    placed = [Placed(f.content, f.cue, f.speaker, f.quotation is not None) for f in found]
    kept = []
    cuts = [Placed(r.cue, r.cue, r.speaker, False) for r in reports]
    for record, content in zip(found, untangle(doc, placed, cuts), strict=True):
        if content is not None:
            record.content = content
            kept.append(record)
    return kept


def _own_report(doc: Doc, attribution: Attribution) -> bool:
    """A cue without content that reports in a clause of its own: a finite verb with its
    own subject ('Barrett said'), not a participle ('both maintaining ties')."""
    if attribution.content is not None or attribution.speaker is None:
        return False
    verb = doc[attribution.cue[0]]
    return verb.tag_ in ("VBD", "VBZ", "VBP") and doc[attribution.speaker].head.i == verb.i


def _within_line(attribution: Attribution, line_of: list[tuple[int, int]]) -> Attribution:
    """The attribution cut to its cue's line: a parse that runs over a line break (a
    headline glued to the sentence below it) must not take its speaker or content there."""
    first, last = line_of[attribution.cue[0]]
    speaker = attribution.speaker
    if speaker is not None and not first <= speaker < last:
        speaker = None
    content = attribution.content
    if content is not None:
        start, end = max(content[0], first), min(content[1], last)
        content = (start, end) if start < end else None
    return replace(attribution, speaker=speaker, content=content)


def _token_range(token_starts: list[int], start: int, end: int) -> tuple[int, int]:
    """Tokens overlapping the characters [start, end)."""
    first = max(bisect_right(token_starts, start) - 1, 0)
    last = bisect_right(token_starts, end - 1)
    return first, last


def _dateline_end(sent: Span) -> int:
    """Where a dateline opening the sentence ends ('LONDON (Reuters) -'), else its start."""
    for token in sent[:DATELINE_TOKENS]:
        if token.text in ("—", "–", "-", "--") and token.i > sent.start:
            opening = sent.doc[sent.start : token.i]
            if any(t.is_upper and len(t.text) >= 3 and t.is_alpha for t in opening):
                return token.i + 1
            break
    return sent.start


def _nearest_subject(
    doc: Doc, cue: int, quoted: list[bool], start: int, content: tuple[int, int]
) -> int | None:
    """When the parse gives the cue no subject: the closest subject or name before it,
    after `start`; when the cue stands inside its content ('Washington appears weak'), not in
    the content, whose subject is what is reported on."""
    names = []
    around = content[0] <= cue < content[1]
    for token in reversed(doc[start:cue]):
        if quoted[token.i] or token.is_space or (around and content[0] <= token.i < content[1]):
            continue
        if token.dep_ in ("nsubj", "nsubjpass"):
            return token.i
        if token.ent_type_ in ("PERSON", "ORG") and token.ent_iob_ != "I":
            names.append(token.i)
    return names[-1] if names else None


# Marks that end a quotation's words when the sentence goes on to say who spoke them:
# '“…,” he surmised.', '“Mexico!” the audience screamed back.'
_HANDING_OVER = frozenset({",", "?", "!", "—", "–", "--"})
# A subject between a quotation and its verb is at most this many tokens long.
TRAILING_SUBJECT_TOKENS = 6


def _trailing_cue(doc: Doc, end: int, line_end: int) -> Attribution | None:
    """'“…,” he surmised.' / '“…?” barked Dunn': a quotation whose words end with a comma,
    question or exclamation mark, followed by a verb and its subject, is that subject's
    words, whatever the verb: news sets a quote off so only when saying who spoke it. The
    reporting-verb list cannot know every verb of speech ('surmised', 'jeered', 'screamed'),
    and a verb it knows comes here only when the parse gave it a content elsewhere ('“…,”
    said Hany Farid, chairman …, who co-developed …', the relative clause taken for it)."""
    if end < 2 or end >= line_end or doc[end - 2].text not in _HANDING_OVER:
        return None
    for token in doc[end : min(end + TRAILING_SUBJECT_TOKENS + 1, line_end)]:
        if token.text in QUOTE_CHARS or token.text in (".", ";", ":"):
            return None  # the next quotation, or the sentence ended with no verb
        if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass", "relcl", "acl"):
            continue
        # The parser may make a word of the quotation a subject too: only one after it speaks.
        subject = next((c for c in token.children if c.dep_ == "nsubj" and c.i >= end), None)
        if subject is None or subject.tag_ in ("WDT", "WP"):
            return None  # no subject outside the quotation, or a relative pronoun
        before = subject.i < token.i and subject.left_edge.i == end
        after = token.i == end and subject.i <= end + TRAILING_SUBJECT_TOKENS
        if token.pos_ == "AUX" or not (before or after):
            return None
        return Attribution(cue=cue_range(token), speaker=subject.i, content=None)
    return None


def _name_head(tokens: Span) -> int | None:
    """The head of a short name ('Sonya Herridge', 'Jeffrey M. Jones'), if it is one."""
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    if not 1 <= len(words) <= 6 or not all(t.text[0].isupper() for t in words[:1]):
        return None
    if not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in words):
        return None
    return tokens.root.i


def _labelled(doc: Doc, start: int, end: int, line_of: list[tuple[int, int]]) -> Attribution | None:
    """A quotation labelled with its speaker on its own line, with no verb: 'Jones: “...”'
    or '“...” ― Sonya Herridge', as transcripts and epigraphs set them."""
    line_start, line_end = line_of[start][0], line_of[end - 1][1]
    before = doc[line_start:start]
    if len(before) >= 2 and before[-1].text == ":":
        head = _name_head(before[:-1])
        if head is not None:
            return Attribution(cue=(start - 1, start), speaker=head, content=None)
    after = doc[end:line_end]
    if len(after) >= 2 and after[0].text in ("―", "—", "–", "-", "--"):
        head = _name_head(after[1:])
        if head is not None:
            return Attribution(cue=(end, end + 1), speaker=head, content=None)
    return None


# Words that open an adjunct after a quotation: 'is “peanuts,” compared to ...'.
_ADJUNCT_OPENERS = frozenset(
    {"as", "while", "though", "although", "because", "before", "after", "when", "compared"}
)


def _adjunct_follows(doc: Doc, quotation_end: int, end: int) -> bool:
    """Whether the content goes on past its last quotation only with a set-off adjunct,
    which is the writer's, not the speaker's."""
    if quotation_end >= end:
        return False
    after = doc[quotation_end]
    comma_inside = doc[quotation_end - 2].text == ","  # '... “peanuts,” compared to'
    return after.text == "," or comma_inside or after.lower_ in _ADJUNCT_OPENERS


def _has_words(tokens: Span) -> bool:
    return any(t.is_alpha or t.is_digit for t in tokens)


def _continues(doc: Doc, text: str, previous: _Found, start: int) -> bool:
    """Whether a quotation at `start` carries on the previous quote: later in its paragraph,
    or opening the paragraph right after it."""
    gap = text[doc[previous.content[1] - 1].idx : doc[start].idx]
    if "\n" not in gap:
        return True
    return gap.count("\n") <= CONTINUATION_BREAKS and not gap.strip(" \t\n>" + QUOTE_CHARS)


def _same_paragraph(doc: Doc, text: str, token: int, other: int) -> bool:
    """Whether no line break stands between the two tokens (`text`: the Doc's, made once:
    `doc.text` rebuilds it token by token)."""
    low, high = sorted((token, other))
    return "\n" not in text[doc[low].idx : doc[min(high, len(doc) - 1)].idx]


@Language.factory(
    "claimx_quotes",
    assigns=[
        "doc._.claimx_quotes",
        "span._.claimx_cue",
        "span._.claimx_speaker",
        "span._.claimx_speaker_entity",
    ],
    # Speakers are resolved to the entity layer's mentions and canonical names.
    requires=[
        "token.dep",
        "doc.sents",
        "doc.ents",
        "doc._.claimx_entities",
        "span._.claimx_canonical",
    ],
)
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    register_extensions()
    return QuoteExtractor(default_model(), default_speaker_model(), default_continuation_model())


class _Sentences:
    """The Doc's sentences, numbered once, and the attributions found in each: finding a
    token's sentence or a sentence's cues is then a look-up, not a scan of the Doc."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        self.spans = list(doc.sents)
        self._of_token = [0] * len(doc)
        for number, sent in enumerate(self.spans):
            self._of_token[sent.start : sent.end] = [number] * (sent.end - sent.start)
        self._cues: list[list[tuple[Attribution, Span]]] = [[] for _ in self.spans]

    def index(self, attributions: list[tuple[Attribution, Span]]) -> None:
        for attribution, sent in attributions:
            self._cues[self._of_token[sent.start]].append((attribution, sent))

    def number(self, token: int) -> int:
        return self._of_token[token]

    def attributions(self, first: int, last: int) -> list[tuple[int, Attribution, Span]]:
        """The attributions of sentences `first` to `last` (inclusive), in document order."""
        return [
            (number, attribution, sent)
            for number in range(first, min(last, len(self.spans) - 1) + 1)
            for attribution, sent in self._cues[number]
        ]


class _Cover:
    """Whether a token range lies inside one of a fixed set of ranges, by bisection."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        index = bisect_right(self._starts, start)
        return index > 0 and self._reach[index - 1] >= end


class _EndedBefore:
    """The quotes found so far, asked in document order for those ending before a quotation.

    Quotations come in order and do not overlap, so a quote extended to the current quotation,
    or added for it, ends after every quote that was eligible before: the latest-ending quote
    is kept up to date without a scan. Ties go to the quote found first, as `max` would.
    """

    def __init__(self, found: list[_Found]) -> None:
        self._order: dict[int, int] = {}
        self._by_cue: dict[tuple[int, int], list[_Found]] = {}
        self._pending: list[tuple[int, int, _Found]] = []
        self._best: _Found | None = None
        for item in found:
            self._register(item)
            heappush(self._pending, (item.content[1], self._order[id(item)], item))

    def _register(self, item: _Found) -> None:
        self._order[id(item)] = len(self._order)
        self._by_cue.setdefault(item.cue, []).append(item)

    def _offer(self, item: _Found) -> None:
        best = self._best
        if best is None or (item.content[1], -self._order[id(item)]) > (
            best.content[1],
            -self._order[id(best)],
        ):
            self._best = item

    def last(self, start: int) -> _Found | None:
        """The quote ending last at or before token `start`."""
        while self._pending and self._pending[0][0] <= start:
            self._offer(heappop(self._pending)[2])
        return self._best

    def first_with_cue(self, cue: tuple[int, int], start: int) -> _Found | None:
        """The first quote of `cue` ending at or before token `start`."""
        return next((f for f in self._by_cue.get(cue, ()) if f.content[1] <= start), None)

    def first_with_cue_after(self, cue: tuple[int, int], end: int) -> _Found | None:
        """The first quote of `cue` starting at or after token `end`."""
        return next((f for f in self._by_cue.get(cue, ()) if f.content[0] >= end), None)

    def extended(self, item: _Found) -> None:
        self._offer(item)

    def add(self, item: _Found) -> None:
        self._register(item)
        self._offer(item)
