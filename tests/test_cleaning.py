"""Cleaning plain text: the article body, boilerplate ranges and stated metadata."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimx.clean.boilerplate import best_segment, page_layout
from claimx.clean.cleaner import clean_document
from claimx.clean.timestamps import find_timestamp
from claimx.read.document import InputDocument
from claimx.records import Source

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

PARAGRAPHS = [
    "The city council approved the new budget on Tuesday after a long debate about "
    "spending on schools, roads and the public library.",
    "Council members said the plan would raise property taxes by two percent, the first "
    "increase in five years, to pay for repairs that had been put off.",
    "Residents who spoke at the meeting were divided, with several asking the council to "
    "delay the vote until an independent audit of the accounts is finished.",
    "The mayor is expected to sign the budget next week, and the new rates take effect in "
    "January for every household and business in the city.",
]
BODY = "\n\n".join(PARAGRAPHS)


def _document(text: str, **fields: str) -> InputDocument:
    return InputDocument(id="t", text=text, source=Source(path="t", format="text"), **fields)


def _page(header: str, footer: str, body: str = BODY) -> str:
    return f"{header}\n\n{body}\n\n{footer}\n"


def _cut(document: InputDocument) -> str:
    """The text with the boilerplate ranges removed, as the benchmark scores it."""
    kept, position = [], 0
    for bp in sorted(document.boilerplate, key=lambda b: b.start):
        kept.append(document.text[position : bp.start])
        position = bp.end
    return "".join([*kept, document.text[position:]])


def _reasons(document: InputDocument) -> dict[str, str]:
    return {document.text[b.start : b.end]: b.reason for b in document.boilerplate}


@pytest.mark.parametrize(
    ("header", "footer", "furniture"),
    [
        (
            "Home\nWorld\nPolitics\nSports\nSearch",
            "LEAVE A REPLY\nPlease enter your comment!",
            "LEAVE A REPLY",
        ),
        (
            "Menu\nSubscribe\nSign in",
            "Related articles\nFive things to know\nA new park opens",
            "Related articles",
        ),
        (
            "Skip to content",
            "This website uses cookies so that we can give you the best experience "
            "possible and understand which parts of the site you find most useful.",
            "uses cookies",
        ),
        ("Menu", "© 2025 Example Media. All rights reserved.", "All rights reserved"),
    ],
)
def test_cleaning_keeps_the_body_and_drops_the_page_around_it(
    header: str, footer: str, furniture: str
) -> None:
    document = clean_document(_document(_page(header, footer)))
    kept = _cut(document)
    assert all(paragraph in kept for paragraph in PARAGRAPHS)
    assert furniture not in kept
    assert header.splitlines()[0] not in kept


@pytest.mark.parametrize(
    "report",
    [
        "Regulators said the company's privacy policy and terms of service had changed "
        "without notice, and that its news site uses cookies to follow readers across the web.",
        "In a blog post on Friday, the network said threats had long been against its terms "
        "of use, and that accounts which broke them would be suspended without warning.",
    ],
)
def test_cleaning_keeps_an_article_paragraph_that_reports_on_policies(report: str) -> None:
    # A paragraph that names a privacy policy or cookies is news, not the site's notice: it
    # and the paragraphs after it stay.
    body = "\n\n".join([*PARAGRAPHS[:2], report, *PARAGRAPHS[2:]])
    document = clean_document(_document(_page("Menu\nSearch", "LEAVE A REPLY", body)))
    kept = _cut(document)
    assert report in kept
    assert all(paragraph in kept for paragraph in PARAGRAPHS)


@pytest.mark.parametrize(
    "notice",
    [
        "By clicking Confirm, I agree to the terms of service and privacy policy of Example Media.",
        "About Careers Press Terms Content policy Privacy policy",
    ],
)
def test_cleaning_drops_consent_lines_and_policy_links(notice: str) -> None:
    document = clean_document(_document(_page("Menu\nSearch", f"{notice}\nLEAVE A REPLY")))
    assert notice not in _cut(document)


def test_cleaning_does_not_blank_a_text_of_one_long_line_that_names_cookies() -> None:
    # A text pasted without line breaks is one line: a notice's phrase in it does not make
    # the whole article a cookie notice.
    text = " ".join([*PARAGRAPHS, "Critics said the site uses cookies.", *PARAGRAPHS] * 3)
    document = clean_document(_document(text))
    assert document.boilerplate == []


def test_cleaning_ranges_index_the_original_text_and_blank_it_for_spacy() -> None:
    text = _page("Home\nNews\nSport", "Share this\nLEAVE A REPLY")
    document = clean_document(_document(text))
    assert document.text == text
    body = document.body_text()
    assert len(body) == len(text)
    assert "LEAVE A REPLY" not in body
    assert "Home" not in body
    assert PARAGRAPHS[0] in body
    for bp in document.boilerplate:
        assert 0 <= bp.start < bp.end <= len(text)
        assert text[bp.start : bp.end].strip() == text[bp.start : bp.end]


def test_cleaning_keeps_short_lines_inside_the_article() -> None:
    body = "\n\n".join([*PARAGRAPHS[:2], "What comes next", *PARAGRAPHS[2:]])
    document = clean_document(_document(_page("Home\nNews", "Tags\nbudget", body)))
    assert "What comes next" in _cut(document)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("16 views", "counter"),
        ("+A -A", "counter"),
        ("5 min read", "counter"),
        ("Advertisement", "advertisement"),
        ("Share this article", "share"),
    ],
)
def test_cleaning_drops_counters_and_buttons_inside_the_body(line: str, reason: str) -> None:
    body = "\n\n".join([PARAGRAPHS[0], line, *PARAGRAPHS[1:]])
    document = clean_document(_document(_page("Home", "Comments", body)))
    assert _reasons(document).get(line) == reason
    assert PARAGRAPHS[1] in _cut(document)


def test_cleaning_marks_every_copy_of_the_headline_as_title() -> None:
    headline = "Council Approves Budget After Long Debate"
    text = _page(f"{headline}\n\nToday, 12:37\n16 views\n+A -A\n{headline}", "Comments")
    document = clean_document(_document(text))
    assert document.title == headline
    titles = [b for b in document.boilerplate if b.reason == "title"]
    assert len(titles) == 2
    assert headline not in _cut(document)


def test_cleaning_takes_headline_and_outlet_from_the_page_title() -> None:
    headline = "Council approves budget after a long debate"
    text = _page(f"{headline} - The Daily Example\n\nMenu\nNews\n{headline}", "Comments")
    document = clean_document(_document(text))
    assert document.title == headline
    assert document.outlet == "The Daily Example"


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("WASHINGTON — ", "WASHINGTON —"),
        ("ASTANA ( WNAM MONITORING): ", "ASTANA ( WNAM MONITORING):"),
        ("LONDON (Reuters) - ", "LONDON (Reuters) -"),
        ("CLEVELAND, Ohio – ", "CLEVELAND, Ohio –"),
        ("Washington (CNN) — ", "Washington (CNN) —"),
    ],
)
def test_cleaning_marks_only_the_dateline_prefix_as_metadata(opening: str, dateline: str) -> None:
    text = _page("Home\nNews", "Comments", opening + BODY)
    document = clean_document(_document(text))
    assert document.dateline == dateline
    kept = _cut(document)
    assert dateline not in kept
    assert PARAGRAPHS[0] in kept


@pytest.mark.parametrize("opening", ["BREAKING: ", "UPDATE — ", "The city — "])
def test_cleaning_does_not_take_kickers_or_prose_for_a_dateline(opening: str) -> None:
    document = clean_document(_document(_page("Home\nNews", "Comments", opening + BODY)))
    assert document.dateline is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("GreenWatch Desk: International 2025-11-07, 5:53pm", "2025-11-07T17:53"),
        ("Nov 7, 2025 10:32 AM ET", "2025-11-07T10:32"),
        ("Published: 7 November 2025", "2025-11-07"),
        ("Chris Doe - Nov. 19, 2019, 10:31 pm CST", "2019-11-19T22:31"),
        ("October 9, 2018 at 12:02 am", "2018-10-09T00:02"),
        ("2019-11-20T15:23:11Z", "2019-11-20T15:23:11"),
        ("23/08/2018", "2018-08-23"),
        ("11/19/19 06:56 AM", "2019-11-19T06:56"),
        ("Today, 12:37", None),
        ("03/04/2025", None),
        ("February 30, 2025", None),
        ("Nov 7, 2025 25:61", "2025-11-07"),
    ],
)
def test_timestamps_read_stated_dates_strictly(text: str, value: str | None) -> None:
    found = find_timestamp(text)
    assert (found.value if found else None) == value


def test_cleaning_reads_byline_and_published_above_the_body() -> None:
    header = "Home\nNews\nCouncil Approves Budget\n\nMetro Desk: City Hall 2025-11-07, 5:53pm"
    document = clean_document(_document(_page(header, "Comments")))
    assert document.byline == "Metro Desk: City Hall"
    assert document.published == "2025-11-07T17:53"
    assert document.title == "Council Approves Budget"
    assert _reasons(document)["Metro Desk: City Hall 2025-11-07, 5:53pm"] == "byline"


def test_cleaning_finds_the_headline_like_the_page_title_above_a_share_bar() -> None:
    # Los Angeles Times, copied: the headline stands above a caption, the byline and two
    # share bars; the nearest headline-shaped line was "Copy Link URL Copied!".
    share = "Facebook\nTwitter\nLinkedIn\nEmail\nCopy Link URL Copied!\nPrint"
    header = "\n".join(
        [
            "Council approves budget after long debate - The Daily Example",
            "Home\nNews\nSport",
            "Council approves the new budget after a long debate",
            "The council chamber on Tuesday.\n(Jane Roe / The Daily Example)",
            "By Jane Doe\nNov. 7, 2025",
            share,
            "Show more sharing options",
            share,
        ]
    )
    document = clean_document(_document(_page(header, "Comments")))
    assert document.title == "Council approves the new budget after a long debate"
    # The byline and date above the share bars are read too.
    assert (document.byline, document.published) == ("Jane Doe", "2025-11-07")


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe Staff Writer", "Jane Doe"),
        ("By Jane Doe, Example News Staff", "Jane Doe"),
        ("By Jane Doe @janedoe", "Jane Doe"),
        ("By Jane Staffer", "Jane Staffer"),
    ],
)
def test_cleaning_leaves_the_role_and_handle_out_of_the_byline(line: str, byline: str) -> None:
    header = f"Home\nNews\nCouncil Approves Budget\n{line}\nNov. 7, 2025"
    document = clean_document(_document(_page(header, "Comments")))
    assert document.byline == byline


def test_cleaning_takes_no_markup_for_a_headline() -> None:
    header = (
        "Home\nNews\nCouncil Approves Budget\nBy Jane Doe\nEMBED <> More Videos\n"
        '<iframe width="476" height="267" src="https://example.org/embed/?pid=1"></iframe>'
    )
    document = clean_document(_document(_page(header, "Comments")))
    assert document.title == "Council Approves Budget"


def test_cleaning_reads_a_byline_and_date_set_one_field_a_line_below_the_standfirst() -> None:
    # The Evening Standard's page copied: "By" alone, the names, a handle, then the date,
    # below the standfirst that opens the body; neither was found.
    standfirst = (
        "Penalties for those who refuse to isolate are to be raised to a maximum of 10,000 "
        "pounds for repeat offenders, the minister said."
    )
    block = "Close\n\nBy\nJane Doe\n@janedoe\nJohn Roe\n07 November 2025"
    body = "\n\n".join([standfirst, block, *PARAGRAPHS])
    document = clean_document(_document(_page("Home\nNews\nCouncil Approves Budget", "", body)))
    # The second name and the handle between the byline and the date are bylines too.
    assert (document.byline, document.published) == ("Jane Doe; John Roe", "2025-11-07")
    reasons = _reasons(document)
    assert reasons["By\nJane Doe\n@janedoe\nJohn Roe"] == "byline"
    assert reasons["07 November 2025"] == "date"
    assert standfirst in _cut(document)


@pytest.mark.parametrize(
    ("footer", "outlet"),
    [
        (
            "Stay updated with the latest stories and breaking headlines only on Example News.",
            "Example News",
        ),
        ("Source: Example Wire", "Example Wire"),
        ("© 2025 Example Media. All rights reserved.", "Example Media"),
    ],
)
def test_cleaning_finds_the_outlet_in_sign_offs_and_credits(footer: str, outlet: str) -> None:
    document = clean_document(_document(_page("Home\nNews", footer)))
    assert document.outlet == outlet
    assert outlet not in _cut(document)


def test_cleaning_lets_input_fields_win() -> None:
    header = "Home\nCouncil Approves Budget\nBy Jane Doe | Nov 7, 2025"
    document = clean_document(
        _document(
            _page(header, "© 2025 Example Media"),
            title="Given title",
            published="2024-01-02",
            outlet="Given outlet",
        )
    )
    assert (document.title, document.published, document.outlet) == (
        "Given title",
        "2024-01-02",
        "Given outlet",
    )
    assert document.byline == "Jane Doe"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "one line",
        "\x00\x01 binary \ufffd junk",
        "Home\nMenu\nSearch",
        "©",
        "a\r\nb\rc",
    ],
)
def test_cleaning_never_raises_on_messy_text(text: str) -> None:
    document = clean_document(_document(text))
    assert len(document.body_text()) == len(text)
    assert all(0 <= b.start <= b.end <= len(text) for b in document.boilerplate)


def test_page_layout_relaxes_for_pages_of_short_lines() -> None:
    recipe = "\n".join(f"Step {i}: stir the sauce gently" for i in range(1, 30))
    layout = page_layout(recipe)
    assert layout.body_end > layout.body_start


def _corpus(name: str) -> InputDocument:
    path = next(CORPUS.glob(f"{name}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return clean_document(
        InputDocument(id=path.name, text=text, source=Source(path=str(path), format="text"))
    )


def test_cleaning_corpus_metadata() -> None:
    assert _corpus("000").title is not None
    assert _corpus("000").title.startswith("Kazakhstan Announces It Will Join")  # type: ignore[union-attr]
    assert _corpus("001").title == (
        "Kazakhstan Set to Join Abraham Accords, Trump Confirms New Diplomatic Expansion"
    )
    assert _corpus("001").outlet == "GRY News"
    assert _corpus("001").dateline == "WASHINGTON —"
    assert _corpus("002").dateline is not None
    assert _corpus("002").dateline.startswith("ASTANA")  # type: ignore[union-attr]
    assert _corpus("004").title == "Kazakhstan Moves to Join Abraham Accords with Israel"
    assert _corpus("004").published == "2025-11-07T17:53"


@pytest.mark.parametrize(
    ("name", "furniture"),
    [
        ("000", "16 views"),
        ("000", "+A -A"),
        ("001", "LEAVE A REPLY"),
        ("001", "Please enter your name here"),
        ("001", "Privacy Overview"),
        ("001", "This website uses cookies"),
        ("001", "only on GRY News"),
        ("003", "Read the full article here"),
        ("004", "Brazil Launches Fund"),
        ("004", "img-20251107"),
    ],
)
def test_cleaning_corpus_furniture_is_blanked(name: str, furniture: str) -> None:
    document = _corpus(name)
    assert furniture in document.text
    assert furniture not in document.body_text()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Protesters gathered outside the court on Monday morning (Image: GETTY )", "caption"),
        ("Image caption The mayor speaks to reporters at city hall", "caption"),
        ("Photo: Jane Doe for The Example", "caption"),
        ("[Related: Five things to know about the new budget]", "related-link"),
        ("READ MORE: Council votes on the school repair plan", "related-link"),
        ("Read the full article here", "related-link"),
        (
            "Subscribe to The Example and stay informed with more of your favourite writers.",
            "promotion",
        ),
    ],
)
def test_cleaning_drops_captions_links_and_calls_to_action_from_the_body(
    line: str, reason: str
) -> None:
    body = "\n\n".join([PARAGRAPHS[0], PARAGRAPHS[1], line, *PARAGRAPHS[2:]])
    document = clean_document(_document(_page("Home", "Comments", body)))
    assert _reasons(document).get(line) == reason
    assert all(paragraph in _cut(document) for paragraph in PARAGRAPHS)


def test_cleaning_stops_the_body_at_a_comment_thread_however_long() -> None:
    comment = (
        "I think the council is wrong about this, and the taxes will only go up again next "
        "year while the roads stay exactly as bad as they are now."
    )
    thread = "\n".join(f"reader{i}\n2 days ago at 07:5{i} am\n{comment}" for i in range(9))
    text = _page("Home\nNews", f"[ 167 comments ]\nTop Rated Comments\n{thread}")
    kept = _cut(clean_document(_document(text)))
    assert all(paragraph in kept for paragraph in PARAGRAPHS)
    assert comment not in kept


def test_cleaning_does_not_take_a_long_menu_line_for_prose() -> None:
    menu = (
        "Latest News Applications Cloud Components Data Center Internet Of Things Managed "
        "Services Networking Security Software Storage Mobility Channel Programs Events"
    )
    document = clean_document(_document(_page(f"Home\n{menu}\nSearch", "Comments")))
    assert menu not in _cut(document)


@pytest.mark.parametrize("width", [60, 72, 80])
def test_cleaning_reads_hard_wrapped_text_as_paragraphs(width: int) -> None:
    wrapped = "\n\n".join(textwrap.fill(paragraph, width) for paragraph in PARAGRAPHS)
    document = clean_document(_document(_page("Home\nNews\nSport", "LEAVE A REPLY", wrapped)))
    kept = " ".join(_cut(document).split())
    assert all(paragraph in kept for paragraph in PARAGRAPHS)
    assert "LEAVE A REPLY" not in kept


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*PARAGRAPHS, "Home", "LEAVE A REPLY", "16 views", "", "©"]))
       .map("\n".join) | st.text())  # fmt: skip
def test_cleaning_ranges_are_ordered_disjoint_and_inside_any_text(text: str) -> None:
    document = clean_document(_document(text))
    previous_end = 0
    for bp in document.boilerplate:
        assert previous_end <= bp.start < bp.end <= len(text)
        previous_end = bp.end
    assert len(document.body_text()) == len(text)


def test_cleaning_keeps_a_numbered_list_that_follows_the_article() -> None:
    items = [f"{n}) Product number {n}\nhttp://example.org/{n}" for n in range(1, 8)]
    body = "\n\n".join([*PARAGRAPHS, *items])
    document = clean_document(_document(_page("Home\nNews", "Comments", body)))
    kept = _cut(document)
    assert "1) Product number 1" in kept
    assert "7) Product number 7" in kept


def test_cleaning_leaves_an_unnumbered_menu_after_the_article_out() -> None:
    menu = "\n".join(["World", "Politics", "Business", "Technology", "Science", "Health"])
    document = clean_document(_document(_page("Home\nNews", menu)))
    assert "Technology" not in _cut(document)


def test_best_segment_finds_the_stretch_of_largest_sum() -> None:
    assert best_segment([-5, 3, 4, -2, 6, -20, 12]) == (6, 7, 12)
    assert best_segment([-5, 3, 4, -2, 6, -1]) == (1, 5, 11)
    assert best_segment([-1, -2])[2] == 0.0
