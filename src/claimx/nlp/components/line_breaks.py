"""Line breaks: sentence starts the parser must respect, set before it runs.

spaCy's parser happily runs a sentence over a line break, gluing a headline or subhead onto
the first sentence below it, which then gets the wrong subject ("Regional Outlook Observers
believe..."). A token starts a sentence when the line before it ends a paragraph (a blank
line), ends with sentence-final punctuation, is a title-case headline, or is longer than
hard-wrapped text makes its lines. Any other line break is kept inside the sentence:
hard-wrapped text breaks lines mid-sentence.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from claimx.nlp.doc_text import doc_text

# Hard-wrapped text keeps its lines shorter than this: a longer line is a whole paragraph.
_WRAP_WIDTH = 90
# A headline or subhead has this many words; fewer is a label, more a sentence.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 25
# Share of its major words (not "of", "the"...) a title-case line capitalises.
TITLE_CASE_SHARE = 0.8
# This many line breaks in a row end a paragraph whatever the line before looks like.
PARAGRAPH_BREAKS = 2
_FINAL = frozenset(".!?:;…”\"'’)")
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on"}
    | {"or", "over", "the", "to", "up", "via", "vs", "with"}
)


def is_title_case_line(line: str) -> bool:
    """A line in title case with few words: a headline or subhead, not body text."""
    words = _WORD.findall(line)
    if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS:
        return False
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    capitalised = sum(1 for w in major if w[0].isupper())
    return bool(major) and capitalised / len(major) >= TITLE_CASE_SHARE


def _ends_sentence(text: str, line_end: int) -> bool:
    """Whether the line ending at `line_end` (exclusive, before its newline) is complete."""
    line_start = text.rfind("\n", 0, line_end) + 1
    line = text[line_start:line_end].rstrip()
    return not line or line[-1] in _FINAL or is_title_case_line(line) or len(line) > _WRAP_WIDTH


class LineBreaks:
    """Marks the first token after a paragraph break or a complete line as a sentence start."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        starts = []
        # A line break is always in a white-space token of its own (a token's trailing
        # white space is one space at most), so only the tokens after one need a look.
        space = doc.to_array([IS_SPACE])
        for i in np.flatnonzero((space[:-1] == 1) & (space[1:] == 0)).tolist():
            previous = doc[i]
            gap = previous.text_with_ws
            if "\n" not in gap:
                continue
            breaks = gap.count("\n")
            if breaks >= PARAGRAPH_BREAKS or _ends_sentence(text, previous.idx):
                starts.append(i + 1)
        if starts:
            # All at once: setting `is_sent_start` token by token makes spaCy rescan the Doc
            # each time, quadratic in the number of lines.
            values = doc.to_array([SENT_START])
            values[starts] = 1
            doc.from_array([SENT_START], values)  # type: ignore[arg-type]
        return doc


@Language.factory("claimx_line_breaks", assigns=["token.is_sent_start"])
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    return LineBreaks()
