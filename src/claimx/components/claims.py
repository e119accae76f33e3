"""Claims: check-worthy factual statements with claimant and modality (issue 6: to be built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimx.extensions import CLAIMS, register_extensions


class ClaimExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[CLAIMS] = []
        return doc


@Language.factory(
    "claimx_claims",
    assigns=["doc.spans"],
    requires=["doc.sents"],
)
def make_claim_extractor(nlp: Language, name: str) -> ClaimExtractor:
    register_extensions()
    return ClaimExtractor()
