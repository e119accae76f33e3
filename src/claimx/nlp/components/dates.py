"""Dates: every temporal expression, typed and resolved to a TIMEX3 value (issue 4).

The expressions are found in the text by claimx's own patterns (claimx.nlp.temporal.spans); the
parse supplies what patterns cannot see: the tense that decides whether a bare "Thursday" is
the one before or after the reference, and numbers that are counts, not years ("2000 people").
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimx.nlp.doc_text import doc_text
from claimx.nlp.extensions import DATES, register_extensions
from claimx.nlp.temporal.mentions import Calendar, Mention, Weekday
from claimx.nlp.temporal.resolve import Resolver, Tense, parse_reference
from claimx.nlp.temporal.spans import find_mentions

_FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})
# Words before a date that put it ahead, whatever the tense: deadlines and earliest dates.
_LOOKING_AHEAD: tuple[list[str], ...] = (
    ["until"], ["till"], ["through"], ["effective"], ["as", "early", "as"], ["as", "soon", "as"],
)  # fmt: skip
_MODALS = frozenset({"would", "could", "might", "may", "can", "should", "must"})
# What lies between a date and a weekday set beside it: "Dec. 18, a Wednesday".
_APPOSED_WEEKDAY = re.compile(r",\s*(?:an?\s+)?", re.IGNORECASE)
# What lies between a weekday and the date it opens: "Saturday 3 October", "Saturday, Oct. 3".
_WEEKDAY_BEFORE_DATE = re.compile(r",?\s+")
# Nouns a year may modify and still be a year: "1990 levels", "the 1998 season".
_TIME_NOUNS = frozenset({"levels", "prices", "figures", "results", "earnings", "sales", "rates"})


def clause_tense(span: Span) -> Tense | None:
    """The tense of the clause an expression sits in, from its governing verb.

    A deadline or an earliest date looks ahead whatever the tense: "postponed until Tuesday",
    "could arrive as early as Tuesday"; "by February" too, unless the clause reports it past
    ("had filed by May"). An infinitive or a modal other than "will" speaks of an event still
    ahead of its governing clause, itself perhaps past: "is scheduled to close Monday" is
    future, "planned to leave Thursday" prospective (the nearest Thursday).
    """
    before = [token.lower_ for token in span.doc[max(0, span.start - 3) : span.start]]
    if any(before[-len(words) :] == words for words in _LOOKING_AHEAD):
        return "future"
    by_deadline = before[-1:] == ["by"]
    token: Token = span.root
    for _ in range(4):
        if token.pos_ in {"VERB", "AUX"} or token.head is token:
            break
        token = token.head
    if token.pos_ not in {"VERB", "AUX"}:
        return "future" if by_deadline else None
    tense = _verb_tense(token)
    if by_deadline and tense != "past":
        return "future"
    if tense is not None:
        return tense
    auxiliaries = [child.lower_ for child in token.children if child.dep_ in {"aux", "auxpass"}]
    if (
        "to" in auxiliaries
        and token.dep_ in {"xcomp", "advcl"}
        and token.head.pos_ in {"VERB", "AUX"}
    ):
        governing = _verb_tense(token.head)
        if governing is None and token.head.dep_ in {"advcl", "xcomp", "conj"}:
            # A participle takes its clause's tense: "is ..., planning to meet on Monday".
            governing = _verb_tense(token.head.head)
        return "future" if governing in {"present", "future"} else "prospective"
    if any(a in _MODALS for a in auxiliaries):
        return "prospective"
    if token.tag_ in {"VBG", "VBN"} and token.dep_ in {"acl", "advcl"}:
        # A participle with no tense of its own takes its clause's: "travellers arriving
        # after 4am on Saturday must self-isolate" speaks of the Saturday ahead.
        governor = token.head if token.dep_ == "advcl" else token.head.head
        if governor is not token and governor.pos_ in {"VERB", "AUX"}:
            modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in governor.children)
            return _verb_tense(governor) or ("prospective" if modal else None)
    return None


def _verb_tense(token: Token) -> Tense | None:
    """The tense a verb's own form and auxiliaries mark; None for bare forms."""
    auxiliaries = [child for child in token.children if child.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in _FUTURE_AUXILIARIES for a in auxiliaries):
        return "future"
    if token.lower_ == "going" or any(a.lower_ == "going" for a in auxiliaries):
        return "future"
    if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"
    if token.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxiliaries):
        return "past"
    if token.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP"} for a in auxiliaries):
        return "present"
    return None


def is_count_not_year(mention: Mention, span: Span) -> bool:
    """A bare four-digit number that counts things: "2000 people" is no year."""
    if not isinstance(mention.spec, Calendar) or mention.spec.month is not None:
        return False
    root = span.root
    return (
        len(span) == 1
        and root.dep_ == "nummod"
        and root.head.tag_ == "NNS"
        and root.head.lower_ not in _TIME_NOUNS
    )


class DateResolver:
    """Writes doc.spans["claimx_dates"]: label the TIMEX3 type, value and mod as extensions."""

    def __call__(self, doc: Doc) -> Doc:
        resolver = Resolver(parse_reference(doc._.claimx_reference))
        text = doc_text(doc)
        spans: list[Span] = []
        previous: Mention | None = None
        for mention in find_mentions(text):
            extent = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if extent is None or not len(extent) or is_count_not_year(mention, extent):
                continue
            span = Span(doc, extent.start, extent.end, label=mention.type)
            span._.claimx_value = resolver.resolve(mention, clause_tense(extent))
            if spans and (day := _apposed_date(text, spans[-1], mention)) is not None:
                span._.claimx_value = day
            if spans and previous is not None:
                _date_after_weekday(text, spans[-1], previous, span._.claimx_value, mention)
            span._.claimx_mod = mention.mod
            spans.append(span)
            previous = mention
        doc.spans[DATES] = spans
        return doc


def _apposed_date(text: str, before: Span, mention: Mention) -> str | None:
    """The date a bare weekday names when it is set beside that date ("on Dec. 18, a
    Wednesday"), if the date falls on it; else None."""
    spec = mention.spec
    value = before._.claimx_value
    if not isinstance(spec, Weekday) or spec.shift is not None or spec.time or not value:
        return None
    if not _APPOSED_WEEKDAY.fullmatch(text, before.end_char, mention.start):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None  # not a whole calendar date ("2019-12", "XXXX-12-18")
    return value if day.weekday() == spec.weekday else None


def _date_after_weekday(
    text: str, weekday: Span, weekday_mention: Mention, value: object, mention: Mention
) -> None:
    """A weekday (at a time or not) followed by the date it falls on, "4am Saturday 3
    October", takes that date: alone it was resolved by tense, perhaps to another week."""
    spec = weekday_mention.spec
    if not isinstance(spec, Weekday) or spec.shift is not None or not isinstance(value, str):
        return
    if not _WEEKDAY_BEFORE_DATE.fullmatch(text, weekday.end_char, mention.start):
        return
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return  # not a whole calendar date
    own = weekday._.claimx_value
    if day.weekday() == spec.weekday and isinstance(own, str) and own[:1].isdigit():
        weekday._.claimx_value = value + own[10:]  # the time of day stays: "T04:00"


@Language.factory(
    "claimx_dates",
    # doc._.claimx_reference is an input set before the pipeline runs, so it is not listed.
    assigns=["doc._.claimx_dates", "span._.claimx_value", "span._.claimx_mod"],
    requires=["token.dep", "token.tag"],
)
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    register_extensions()
    return DateResolver()
