"""HTML pages where trafilatura keeps too little fall back to the plain-text cleaner."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from claimx.clean.fallback_decision import (
    FALLBACK_FEATURES,
    FallbackModel,
    fallback_features,
    load_fallback_model,
)
from claimx.clean.html_lines import coverage
from claimx.clean.line_classifier import page_lines
from claimx.read.html_fallback import read_html_page

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


def _decision(bias: float) -> FallbackModel:
    n = len(FALLBACK_FEATURES)
    return FallbackModel(np.zeros(n), np.ones(n), np.zeros(n), bias)


def _teaser_page() -> str:
    # The article's body sits in a block trafilatura takes for comments: it keeps one paragraph.
    rest = "".join(f"<div>{p}</div>" for p in PARAGRAPHS[1:])
    return (
        f"<html><body><div class='teaser'><p>{PARAGRAPHS[0]}</p></div>"
        f"<div class='comments'>{rest}</div></body></html>"
    )


def test_the_learned_decision_chooses_the_reading() -> None:
    markup = _teaser_page()
    fallen = read_html_page(markup, decision=_decision(10.0))
    kept = read_html_page(markup, decision=_decision(-10.0))
    assert fallen is not None and kept is not None
    assert fallen.extraction == "text"
    assert kept.extraction == "trafilatura"
    assert PARAGRAPHS[0] in kept.text


def test_fallback_features_compare_trafilatura_with_the_cleaners_body() -> None:
    text = "\n\n".join(["Home News Sport", *PARAGRAPHS])
    layout = page_lines(text).rules
    share = coverage(layout.lines, PARAGRAPHS[0])
    features = dict(
        zip(
            FALLBACK_FEATURES,
            fallback_features(PARAGRAPHS[0], PARAGRAPHS[0], layout, share.tolist(), 0.5),
            strict=True,
        )
    )
    body = sum(line.words for line in layout.lines[1:])
    assert features["cleaned_words"] == pytest.approx(math.log1p(body))
    # trafilatura kept one of the body's four paragraphs, and nothing outside it.
    assert 0.2 < features["cleaned_covered"] < 0.3
    assert features["kept_in_cleaned"] == 1.0
    assert features["merged_vs_cleaned"] < math.log(0.3)


def test_a_decision_trained_on_other_features_is_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "fallback.json"
    _decision(0.0).save(path, {})
    assert load_fallback_model(path) is not None
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "features": ["kept_words"]}), encoding="utf-8")
    load_fallback_model.cache_clear()
    assert load_fallback_model(path) is None


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


def test_html_fallback_reads_the_whole_page_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimx.read import html

    monkeypatch.setattr(html, "read_html", lambda markup: None)
    article = read_html_page(_teaser_page(), decision=_decision(-10.0))
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


def test_trafilatura_reads_a_page_for_recall_too() -> None:
    from claimx.read.html import recall_text

    markup = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article></body></html>"
    )
    assert PARAGRAPHS[0] in recall_text(markup)
    assert recall_text("") == ""


def test_html_keeps_the_words_of_links_set_in_elements_of_class_link() -> None:
    # trafilatura's precise reading drops class="link" elements: CBS News sets its links in
    # them, and a paragraph read "organizers are pulling for , and ."
    linked = (
        'Young organizers are pulling for <span class="link"><a href="/w">Elizabeth Warren'
        '</a></span>, <span class="link"><a href="/s">Bernie Sanders</a></span> and Pete '
        "Buttigieg, and they spent the whole weekend knocking on doors across the city."
    )
    markup = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in [*PARAGRAPHS[:2], linked, *PARAGRAPHS[2:]])
        + "</article></body></html>"
    )
    article = read_html_page(markup)
    assert article is not None
    assert "pulling for Elizabeth Warren, Bernie Sanders and Pete Buttigieg, and" in article.text
    assert all(p in article.text for p in PARAGRAPHS)


@pytest.mark.parametrize(
    ("precise", "recall", "expected"),
    [
        # Words cut out of a paragraph come back; lines the same in both stay.
        (
            "First line stays as it is.\nThey are pulling for , and the rest of it .",
            "First line stays as it is.\nThey are pulling for Ann, Bo and the rest of it.",
            "First line stays as it is.\nThey are pulling for Ann, Bo and the rest of it.",
        ),
        # A short label is not a paragraph with holes, nor a small part of a longer line.
        ("Nordex SE\nA line", "About Nordex SE\nA line", "Nordex SE\nA line"),
        (
            "Ann said that it rained.",
            "Ann said that it rained on the fair, then snowed for a week, and then it all froze.",
            "Ann said that it rained.",
        ),
        # Nothing to mend from.
        ("They are pulling for , and the rest .", "", "They are pulling for , and the rest ."),
    ],
)
def test_with_inline_text_mends_only_paragraphs_with_words_cut_out(
    precise: str, recall: str, expected: str
) -> None:
    from claimx.read.html import with_inline_text

    assert with_inline_text(precise, recall) == expected


def test_html_gives_a_paragraph_back_the_initial_set_apart_as_a_drop_cap() -> None:
    # The Evening Standard sets the first letter apart: its article began "urkey, Poland ...".
    opening = (
        "urkey, Poland and the Caribbean islands of Bonaire, St Eustatius and Saba have been "
        "removed from the list of travel corridors, the transport secretary said on Thursday."
    )
    markup = (
        '<html><body><article><div><span class="initial">T</span>'
        f"<p>{opening}</p></div>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article></body></html>"
    )
    article = read_html_page(markup)
    assert article is not None
    assert article.text.startswith("Turkey, Poland and the Caribbean islands")


def test_with_drop_caps_leaves_lines_that_start_in_lower_case_elsewhere() -> None:
    from claimx.read.html import with_drop_caps

    page = "Menu\nT\n\nurkey, Poland and more.\niPhone sales rose.\nB\n"
    article = "urkey, Poland and more.\niPhone sales rose."
    assert with_drop_caps(article, page) == "Turkey, Poland and more.\niPhone sales rose."
    assert with_drop_caps("iPhone sales rose.", page) == "iPhone sales rose."
