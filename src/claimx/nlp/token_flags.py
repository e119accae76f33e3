"""Lexical flags of a Doc's tokens, read once per Doc with `Doc.to_array`.

Reading `token.is_space` makes a Token object and looks its lexeme up, and the claims
component asks such questions of every token several times (lines, trimming, counting
words). The flags depend on a token's text alone, so they are read once for the whole Doc;
counts over a span are then a subtraction of running totals. A Doc whose tokens changed
since (retokenized: another number of tokens) has them read again.
"""

from __future__ import annotations

from itertools import accumulate
from weakref import WeakKeyDictionary

from spacy.attrs import IS_ALPHA, IS_QUOTE, IS_SPACE, LIKE_NUM
from spacy.tokens import Doc


class TokenFlags:
    """Per token: white space or not; running totals of quotation marks and of words or
    numbers (`is_alpha or like_num`) before each token."""

    def __init__(self, doc: Doc) -> None:
        space, quote, alpha, number = doc.to_array([IS_SPACE, IS_QUOTE, IS_ALPHA, LIKE_NUM]).T
        self.is_space: list[bool] = (space != 0).tolist()
        self._quotes = [0, *accumulate((quote != 0).tolist())]
        self._words = [0, *accumulate(((alpha != 0) | (number != 0)).tolist())]

    def __len__(self) -> int:
        return len(self.is_space)

    def quotes(self, start: int, end: int) -> int:
        """Quotation-mark tokens among tokens start..end-1 (none when end <= start)."""
        return self._quotes[end] - self._quotes[start] if end > start else 0

    def words(self, start: int, end: int) -> int:
        """Tokens among start..end-1 that are words or numbers."""
        return self._words[end] - self._words[start] if end > start else 0


_FLAGS: WeakKeyDictionary[Doc, TokenFlags] = WeakKeyDictionary()


def token_flags(doc: Doc) -> TokenFlags:
    """The Doc's flags, read on first use."""
    flags = _FLAGS.get(doc)
    if flags is None or len(flags) != len(doc):
        flags = _FLAGS[doc] = TokenFlags(doc)
    return flags
