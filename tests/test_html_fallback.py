"""HTML pages where trafilatura keeps too little fall back to the plain-text cleaner."""

from __future__ import annotations

import pytest

from claimx.read.html_fallback import keeps_too_little, read_html_page

SENTENCE = "The council approved the new budget on Tuesday after a long debate about spending. "
PARAGRAPHS = [
    "The city council approved the new budget on Tuesday after a long debate about spending "
    "on schools, roads and the public library, and the vote was closer than expected.",
    "Council members said the plan would raise property taxes by two percent, the first "
    "increase in five years, to pay for repairs that had been put off for a decade.",
    "Residents who spoke at the meeting were divided, with several asking the council to "
    "delay the vote until an independent audit of the accounts is finished this spring.",
    "The mayor is expected to sign the budget next week, and the new rates take effect in "
    "January for every household and business in the city, officials said on Wednesday.",
]


@pytest.mark.parametrize(
    ("kept", "cleaned_words", "too_little"),
    [
        (SENTENCE * 5, 70, False),  # all of it
        (SENTENCE * 5, 400, True),  # far less than the cleaner's body
        (SENTENCE, 60, True),  # one sentence of a longer body
        (SENTENCE, 10, False),  # the page has no more to give
        (SENTENCE * 4, 100, False),  # more than half of the body
    ],
)
def test_html_fallback_when_trafilatura_keeps_too_little(
    kept: str, cleaned_words: int, too_little: bool
) -> None:
    assert keeps_too_little(kept, cleaned_words) is too_little


def test_html_fallback_keeps_trafilatura_on_an_ordinary_article() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    markup = (
        "<html><head><title>Budget passes</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li></ul></nav>"
        f"<article><h1>Budget passes</h1>{body}</article>"
        "<footer>© 2025 Example Media</footer></body></html>"
    )
    article = read_html_page(markup)
    assert article is not None
    assert article.extraction == "trafilatura"
    assert PARAGRAPHS[0] in article.text


def test_html_fallback_reads_the_whole_page_when_trafilatura_keeps_a_teaser() -> None:
    # The article's body sits in a block trafilatura takes for comments: it keeps one paragraph.
    rest = "".join(f"<div>{p}</div>" for p in PARAGRAPHS[1:])
    markup = (
        f"<html><body><div class='teaser'><p>{PARAGRAPHS[0]}</p></div>"
        f"<div class='comments'>{rest}</div></body></html>"
    )
    article = read_html_page(markup)
    assert article is not None
    assert article.extraction == "text"
    assert all(p in article.text for p in PARAGRAPHS)


def test_page_text_reads_xhtml_with_an_xml_declaration() -> None:
    from claimx.read.html_text import page_text

    markup = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN"'
        ' "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
        f"<html><head><title>Budget</title></head><body><p>{PARAGRAPHS[0]}</p></body></html>"
    )
    assert PARAGRAPHS[0] in page_text(markup)
