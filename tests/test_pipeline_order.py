"""The components declare what they read and write, so spaCy can tell a pipeline in the wrong
order: quotes read the entity layer's spans, claims read the quotes and their speakers."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimx.nlp.components import claims, dates, entities, quotes  # noqa: F401  (factories)
from claimx.nlp.extensions import QUOTES, register_extensions


def _claimx_problems(nlp: Language) -> dict[str, list[str]]:
    """The unmet requirements on claimx's own attributes (a blank pipeline has no parser or
    tagger, so the statistical ones are unmet whatever the order)."""
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    return {
        name: [attr for attr in attrs if "._.claimx_" in attr]
        for name, attrs in problems.items()
        if any("._.claimx_" in attr for attr in attrs)
    }


def _blank_with(*components: str) -> Language:
    nlp = spacy.blank("en")
    for component in components:
        nlp.add_pipe(f"claimx_{component}")
    return nlp


def test_the_shipped_order_meets_every_claimx_requirement() -> None:
    assert _claimx_problems(_blank_with("entities", "quotes", "dates", "claims")) == {}


def test_quotes_before_entities_is_flagged() -> None:
    problems = _claimx_problems(_blank_with("quotes", "entities"))
    assert "doc._.claimx_entities" in problems["claimx_quotes"]


def test_claims_before_quotes_is_flagged() -> None:
    problems = _claimx_problems(_blank_with("entities", "claims", "quotes"))
    assert set(problems["claimx_claims"]) >= {
        "doc._.claimx_quotes",
        "span._.claimx_speaker_entity",
    }
    assert "claimx_quotes" not in problems


def test_a_span_group_reads_as_the_doc_extension_of_its_name() -> None:
    register_extensions()
    doc = Doc(spacy.blank("en").vocab, words=["He", "said", "so"])
    assert doc._.claimx_quotes is None
    doc.spans[QUOTES] = [Span(doc, 2, 3, label="indirect")]
    assert [span.text for span in doc._.claimx_quotes] == ["so"]
