"""Reading HTML pages through trafilatura: article text, metadata, and sniffing HTML."""

from __future__ import annotations

import socket

import pytest

from claimx.read.html import read_html
from claimx.read.html_sniff import looks_like_html

PARAGRAPHS = [
    "The city council approved the new budget on Tuesday after a long debate about "
    "spending on schools, roads and the public library.",
    "Council members said the plan would raise property taxes by two percent, the first "
    "increase in five years, to pay for repairs that had been put off.",
    "Residents who spoke at the meeting were divided, with several asking the council to "
    "delay the vote until an independent audit of the accounts is finished.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Council approves budget - The Daily Example</title>
<meta property="og:title" content="Council approves budget">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://example.org/news/budget">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-11-07T17:53:00+00:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Council approves budget</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<footer><p>Copyright 2025 The Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def test_html_reads_the_article_text_without_the_page_around_it() -> None:
    article = read_html(PAGE)
    assert article is not None
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "Privacy policy" not in article.text
    assert "Sport" not in article.text


def test_html_reads_title_date_author_and_site_name() -> None:
    article = read_html(PAGE)
    assert article is not None
    assert article.title == "Council approves budget"
    assert article.published == "2025-11-07"
    assert article.author == "Jane Doe"
    assert article.outlet == "The Daily Example"
    assert article.url == "https://example.org/news/budget"


@pytest.mark.parametrize(
    ("author", "byline"),
    [
        ("Jane Doe", "Jane Doe"),
        # What trafilatura read as the author on real pages (nationnews.com, CBS News, The
        # Haitian Times): a label, a date run into the outlet, the outlet beside a name.
        ("Article by", None),
        ("The Daily Example February", "The Daily Example"),
        ("The Daily Example; J O Haselhoef", "J O Haselhoef"),
        ("By Jane Doe March 3, 2020", "Jane Doe"),
        # A month is a surname too.
        ("Theresa May", "Theresa May"),
        # A role after the name, with the outlet; a sentence about the author.
        ("Adam Aaronson The Daily Example Staff", "Adam Aaronson"),
        ("Phil Helsel is a reporter for The Daily Example", "Phil Helsel"),
        ("Jane Doe, Correspondent", "Jane Doe"),
    ],
)
def test_html_author_is_the_names_of_the_byline(author: str, byline: str | None) -> None:
    article = read_html(PAGE.replace('content="Jane Doe"', f'content="{author}"'))
    assert article is not None
    assert article.author == byline


def test_html_never_fetches_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert read_html(PAGE) is not None


@pytest.mark.parametrize(
    "markup",
    ["", "plain words, no markup at all", "<html><body></body></html>", "<<<>>>\x00", "<p>"],
)
def test_html_gives_none_when_there_is_no_article(markup: str) -> None:
    assert read_html(markup) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PAGE, True),
        ("\ufeff<!doctype html><p>x</p>", True),
        ("  <html><body><p>Hello</p></body></html>", True),
        ("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'></html>", True),
        ("<div class='x'>fragment</div>\n<body>text</body>", True),
        ("<article><h1>Budget</h1><p>One.</p><p>Two.</p></article>", True),
        ("<3 the new budget, said the <b>mayor</b>.", False),
        ("The <b>bold</b> claim was made on Tuesday.", False),
        ("Use the <html> tag to start a page, the tutorial said.", False),
        ("Plain article text.\n\nSecond paragraph.", False),
        ("", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected
