"""Token flags read once per Doc: the same answers as asking each token."""

from __future__ import annotations

import spacy

from claimx.nlp.token_flags import token_flags

TEXT = "He said “no” 3 times, twenty-one days ago.\n\n  “Never,” she wrote: $40 … 7%\n"


def test_flags_and_counts_are_the_tokens_own() -> None:
    doc = spacy.blank("en")(TEXT)
    flags = token_flags(doc)
    assert flags.is_space == [t.is_space for t in doc]
    for start in range(len(doc) + 1):
        for end in range(len(doc) + 1):
            span = doc[start:end]
            assert flags.quotes(start, end) == sum(t.is_quote for t in span)
            assert flags.words(start, end) == sum(t.is_alpha or t.like_num for t in span)


def test_a_retokenized_doc_has_its_flags_read_again() -> None:
    doc = spacy.blank("en")("New York is big.")
    assert token_flags(doc).words(0, len(doc)) == 4
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert len(token_flags(doc)) == len(doc) == 4
    assert token_flags(doc).words(0, len(doc)) == sum(t.is_alpha or t.like_num for t in doc) == 2
