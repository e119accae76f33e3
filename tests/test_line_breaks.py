"""Line breaks: sentence starts set before the parser, at paragraph and complete-line ends."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimx.nlp.components.line_breaks import LineBreaks, is_title_case_line


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # A blank line ends a paragraph, punctuated or not.
        ("Regional Outlook\n\nObservers believe it", ["Observers"]),
        # A single line break after a complete line.
        ("The talks ended.\nNobody said more", ["Nobody"]),
        # A title-case headline over its article.
        ("Kazakhstan Joins the Accords\nKazakhstan will join", ["Kazakhstan"]),
        # Hard-wrapped text breaks a sentence across lines: no start there.
        ("The minister said that the\ntalks would go on", []),
    ],
)
def test_line_breaks_starts_sentences_after_complete_lines(
    blank_nlp: Language, text: str, starts: list[str]
) -> None:
    doc = LineBreaks()(blank_nlp.make_doc(text))
    marked = [t.text for t in doc[1:] if t.is_sent_start]
    assert marked == starts


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kazakhstan Announces It Will Join the Abraham Accords", True),
        ("Symbolic but Strategic Move", True),
        ("Trump stated:", False),
        ("The ministry said the decision was final.", False),
        ("Trump", False),
    ],
)
def test_line_breaks_title_case_line_is_short_and_capitalised(line: str, expected: bool) -> None:
    assert is_title_case_line(line) is expected
