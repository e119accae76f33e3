"""Long texts: the statistical pipeline runs on paragraph-aligned pieces, claimx's on the whole.

spaCy refuses texts over `nlp.max_length` (a million characters) and its parser's memory
grows with the text. The tagger, parser and NER look a few words around each token, so a
text cut at paragraph breaks loses nothing that matters; the pieces are joined back into one
Doc (offsets exact) before claimx's own components, which link mentions and speakers across
the whole article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:
    from spacy.language import Language

# Texts longer than this go through the statistical pipeline in pieces of at most this size.
PIECE_CHARS = 100_000
# The components that run on the whole Doc: they read across paragraphs.
WHOLE_DOC_PREFIX = "claimx_"
PIECEWISE = ("claimx_line_breaks",)


def pieces(text: str, limit: int = PIECE_CHARS) -> Iterator[str]:
    """`text` in consecutive pieces of at most `limit` characters, cut after a paragraph
    break where there is one, else after a line break, else after a space."""
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = -1
        for separator in ("\n\n", "\n", " "):
            found = text.rfind(separator, start + 1, window_end)
            if found != -1:
                cut = found + len(separator)
                break
        end = cut if cut > start else window_end
        yield text[start:end]
        start = end
    yield text[start:]


def whole_doc_components(nlp: Language) -> list[str]:
    return [
        name
        for name in nlp.pipe_names
        if name.startswith(WHOLE_DOC_PREFIX) and name not in PIECEWISE
    ]


def pipe_in_pieces(nlp: Language, text: str, prepare: Callable[[Doc], Doc]) -> Doc:
    """`nlp` on a long text: statistical components per piece, then claimx's on the whole.

    `prepare` sets the Doc extensions on the joined Doc, as `make_doc` does for short texts.
    """
    whole = whole_doc_components(nlp)
    piecewise = [name for name in nlp.pipe_names if name not in whole]
    with nlp.select_pipes(enable=piecewise):
        parsed = list(nlp.pipe(nlp.make_doc(piece) for piece in pieces(text)))
    doc = prepare(Doc.from_docs(parsed, ensure_whitespace=False))
    for name in whole:
        doc = nlp.get_pipe(name)(doc)
    return doc
