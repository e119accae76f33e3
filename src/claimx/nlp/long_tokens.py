"""A tokenizer guard: text with no space in it for hundreds of characters is cut in pieces.

spaCy's tokenizer splits a whitespace-delimited chunk by peeling prefixes and suffixes off
one at a time, each time searching the rest again: quadratic in the chunk's length. A run of
20,000 quotation marks took 35 s. No word, number or address is that long, so a run longer
than MAX_RUN_CHARS is tokenized MAX_RUN_CHARS characters at a time; every other text is
tokenized as spaCy does, and the Doc's text is always exactly the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from claimx.nlp.doc_text import remember_text

# Longer than any word or web address a news text holds, short enough to tokenize at once.
MAX_RUN_CHARS = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


class GuardedTokenizer:
    """Wraps a spaCy tokenizer; the wrapped one does all the work on ordinary text."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        runs = list(_LONG_RUN.finditer(text))
        if not runs:
            return remember_text(self.tokenizer(text), text)
        pieces: list[Doc] = []
        position = 0
        for run in runs:
            if position < run.start():
                pieces.append(self.tokenizer(text[position : run.start()]))
            pieces.extend(
                self.tokenizer(text[start : min(start + MAX_RUN_CHARS, run.end())])
                for start in range(run.start(), run.end(), MAX_RUN_CHARS)
            )
            position = run.end()
        if position < len(text):
            pieces.append(self.tokenizer(text[position:]))
        return remember_text(Doc.from_docs(pieces, ensure_whitespace=False), text)

    def __getattr__(self, name: str) -> object:
        # The rest of the tokenizer's interface (vocab, rules, serialisation) is the wrapped one's.
        return getattr(self.tokenizer, name)
