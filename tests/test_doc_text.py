"""A Doc's text made once: remembered by the tokenizer, else built on first use."""

from __future__ import annotations

import gc

import spacy
from spacy.tokens import Doc

from claimx.nlp import doc_text as doc_text_module
from claimx.nlp.doc_text import doc_text
from claimx.nlp.long_tokens import MAX_RUN_CHARS, GuardedTokenizer


def test_the_tokenizer_remembers_the_text_it_was_given() -> None:
    tokenizer = GuardedTokenizer(spacy.blank("en").tokenizer)
    for text in ("Plain words.\n\nA second paragraph.", "x" * (3 * MAX_RUN_CHARS) + " tail"):
        doc = tokenizer(text)
        assert doc_text(doc) is text
        assert doc_text(doc) == doc.text


def test_a_doc_made_otherwise_gets_its_text_built_once() -> None:
    nlp = spacy.blank("en")
    doc = Doc.from_docs([nlp("One."), nlp("Two three.")])
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first


def test_docs_are_not_kept_alive() -> None:
    doc = spacy.blank("en")("Short lived.")
    doc_text(doc)
    before = len(doc_text_module._TEXTS)
    del doc
    gc.collect()
    assert len(doc_text_module._TEXTS) == before - 1


def test_span_text_is_the_spans_own_text() -> None:
    from claimx.nlp.doc_text import span_text

    doc = spacy.blank("en")("  Tokens “with” spaces,\n\nlines  and an end. ")
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert span_text(doc[start:end]) == doc[start:end].text
    assert span_text(doc) == doc.text
