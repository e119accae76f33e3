"""The Doc and Span extension attributes claimx's components share, registered once.

Doc-level inputs (set before the pipeline runs, from the reading and cleaning steps):
- `doc._.claimx_reference`: ISO date or datetime relative dates resolve against, or None.
- `doc._.claimx_outlet`: the publishing outlet, when known (the claimant of the article's
  own assertions).

Span groups written by the components:
- `doc.spans["claimx_entities"]`: one span per entity mention; `span.label_` is the entity's
  single label, `span._.claimx_canonical` its canonical name.
- `doc.spans["claimx_quotes"]`: the content of each quote; `span.label_` is the kind
  (direct, mixed, indirect); `span._.claimx_cue` the cue Span; `span._.claimx_speaker` the
  speaker mention Span or None; `span._.claimx_speaker_entity` the canonical name or None;
  `span._.claimx_parts` the quoted stretches of a direct quote its cue or speaker interrupts
  (“A,” she said. “B.”), each a Span, or None.
- `doc.spans["claimx_dates"]`: each temporal expression; `span.label_` is the TIMEX3 type,
  `span._.claimx_value` the TIMEX3 value, `span._.claimx_mod` the mod or None.
- `doc.spans["claimx_claims"]`: each claim; `span._.claimx_modality`, `span._.claimx_negated`,
  `span._.claimx_checkworthiness`, `span._.claimx_claimant`, `span._.claimx_claimant_kind`,
  `span._.claimx_quote` (the quote Span it comes from, or None).

Each span group can also be read as a Doc extension of its name (`doc._.claimx_quotes`: the
group, or None before its component ran). The components' `assigns` and `requires` name the
groups that way, since spaCy can name an extension but not one key of `doc.spans`; so
`nlp.analyze_pipes()` sees that quotes read the entities' spans and claims read the quotes'.
"""

from __future__ import annotations

from functools import partial

from spacy.tokens import Doc, Span, SpanGroup

ENTITIES = "claimx_entities"
QUOTES = "claimx_quotes"
DATES = "claimx_dates"
CLAIMS = "claimx_claims"
SPAN_GROUPS = (ENTITIES, QUOTES, DATES, CLAIMS)

_DOC_ATTRS = ("claimx_reference", "claimx_outlet")
_SPAN_ATTRS = (
    "claimx_canonical",
    "claimx_cue",
    "claimx_speaker",
    "claimx_speaker_entity",
    "claimx_parts",
    "claimx_value",
    "claimx_mod",
    "claimx_modality",
    "claimx_negated",
    "claimx_checkworthiness",
    "claimx_claimant",
    "claimx_claimant_kind",
    "claimx_quote",
)


def _span_group(name: str, doc: Doc) -> SpanGroup | None:
    return doc.spans.get(name)


def register_extensions() -> None:
    """Register every claimx extension attribute; safe to call any number of times."""
    for name in _DOC_ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in SPAN_GROUPS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=partial(_span_group, name))
    for name in _SPAN_ATTRS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()
