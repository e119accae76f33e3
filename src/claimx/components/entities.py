"""Entities: one label and one canonical name per real-world entity (being built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimx.extensions import ENTITIES, register_extensions


class EntityLinker:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[ENTITIES] = list(doc.ents)
        for span in doc.spans[ENTITIES]:
            span._.claimx_canonical = span.text
        return doc


@Language.factory(
    "claimx_entities",
    assigns=["doc.spans"],
    requires=["doc.ents"],
)
def make_entity_linker(nlp: Language, name: str) -> EntityLinker:
    register_extensions()
    return EntityLinker()
