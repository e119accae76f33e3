"""A Doc's text, made once per Doc: spaCy's `Doc.text` joins it token by token on every call.

The guarded tokenizer (claimx.nlp.long_tokens) remembers the text it was given, so no component
rebuilds it; a Doc made another way (joined pieces of a long text, a test's Doc) has its text
built on first use. A Doc's text never changes (retokenizing keeps it), so the cache is never
stale; it holds Docs weakly, so it keeps none alive.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span

_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def remember_text(doc: Doc, text: str) -> Doc:
    """Record `text` as the text of `doc`, which the caller has just made from it."""
    _TEXTS[doc] = text
    return doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, built at most once per Doc."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def span_text(span: Span | Doc) -> str:
    """`span.text`, sliced from the Doc's text: `Span.text` joins the span's tokens anew."""
    if isinstance(span, Doc):
        return doc_text(span)
    return doc_text(span.doc)[span.start_char : span.end_char]
