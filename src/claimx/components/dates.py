"""Dates: temporal expressions resolved to TIMEX3 values (issue 4: to be built)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimx.extensions import DATES, register_extensions


class DateResolver:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[DATES] = []
        return doc


@Language.factory(
    "claimx_dates",
    assigns=["doc.spans"],
    requires=["doc.ents"],
)
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    register_extensions()
    return DateResolver()
