"""Quotes: direct, mixed and indirect, each with its cue and speaker (issue 3: to be built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimx.extensions import QUOTES, register_extensions


class QuoteExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[QUOTES] = []
        return doc


@Language.factory(
    "claimx_quotes",
    assigns=["doc.spans"],
    requires=["token.dep", "doc.ents"],
)
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    register_extensions()
    return QuoteExtractor()
