"""Long texts: the statistical pipeline runs on paragraph-aligned pieces, claimx's on the whole.

spaCy refuses texts over `nlp.max_length` (a million characters), and the memory of its
tagger, parser and NER (their activations) grows with the characters of the batch they are
given: a batch of 400 KB took 0.6 GB above the loaded pipeline. So they never see more than
BATCH_CHARS at once: short texts go in batches of at most that many characters, long ones in
pieces of at most that size, one at a time. The tagger, parser and NER look a few words
around each token, so a text cut at paragraph breaks loses nothing that matters; the pieces
are joined back into one Doc (offsets exact) before claimx's own components, which link
mentions and speakers across the whole article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from spacy.tokens import Doc

if TYPE_CHECKING:
    from spacy.language import Language

# The most characters the statistical pipeline is given at once (~8,000 words): a batch of
# short texts, or a piece of a long one. Texts longer than this go in pieces.
BATCH_CHARS = 50_000
PIECE_CHARS = BATCH_CHARS
# The components that run on the whole Doc: they read across paragraphs.
WHOLE_DOC_PREFIX = "claimx_"
PIECEWISE = ("claimx_line_breaks",)

# Where a piece may end, best first.
_CUTS = (("\n\n",), ("\n",), (". ", "? ", "! "), (" ",))

_T = TypeVar("_T")


def batches_by_chars(
    items: Iterable[_T], chars: Callable[[_T], int], limit: int = BATCH_CHARS
) -> Iterator[list[_T]]:
    """`items` in consecutive batches of at most `limit` characters (an item longer than
    that alone), in order."""
    batch: list[_T] = []
    total = 0
    for item in items:
        size = chars(item)
        if batch and total + size > limit:
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += size
    if batch:
        yield batch


def pieces(text: str, limit: int = PIECE_CHARS) -> Iterator[str]:
    """`text` in consecutive pieces of at most `limit` characters, cut after a paragraph
    break where there is one, else after a line break, else after a sentence's end, else
    after a space."""
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = -1
        for separators in _CUTS:
            ends = [
                at + len(s)
                for s in separators
                if (at := text.rfind(s, start + 1, window_end)) != -1
            ]
            if ends:
                cut = max(ends)
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
        parsed = list(nlp.pipe((nlp.make_doc(piece) for piece in pieces(text)), batch_size=1))
    doc = prepare(Doc.from_docs(parsed, ensure_whitespace=False))
    for name in whole:
        doc = nlp.get_pipe(name)(doc)
    return doc
