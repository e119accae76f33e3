"""claimx.nlp.build: a processed Doc turned into its record, offsets into the original text.

Docs are made on a blank pipeline from the text as cleaning leaves it (boilerplate blanked,
same length); the span groups are filled by hand as the components would fill them.
"""

from __future__ import annotations

import pydantic
import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimx import records
from claimx.nlp.build import (
    claim_records,
    count_word_tokens,
    date_records,
    entity_records,
    error_record,
    locate,
    located,
    quote_records,
    record_from_doc,
)
from claimx.nlp.extensions import CLAIMS, DATES, ENTITIES, QUOTES
from claimx.read.document import InputDocument

MENU = "Home | News | Sport"
BODY = "The mayor said taxes rose by 5% in Zürich."
FOOTER = "Share this article"
ORIGINAL = f"{MENU}\n{BODY}\n{FOOTER}"


def _document(text: str = ORIGINAL, *, blank: tuple[str, ...] = (MENU, FOOTER)) -> InputDocument:
    boilerplate = [
        records.BoilerplateRange(
            start=text.index(part), end=text.index(part) + len(part), reason="menu"
        )
        for part in blank
    ]
    return InputDocument(
        id="a",
        text=text,
        source=records.Source(path="a.txt", format="text"),
        boilerplate=boilerplate,
    )


def _span(doc: Doc, text: str, label: str = "", *, occurrence: int = 0) -> Span:
    """The span of the `occurrence`-th appearance of `text` in the Doc."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text), label=label)
    assert span is not None, f"{text!r} is not on token boundaries"
    return span


def _cleaned_doc(nlp: Language, document: InputDocument) -> Doc:
    doc = nlp(document.body_text())
    assert len(doc.text) == len(document.text)  # what the offset promise rests on
    return doc


# locate / located


def test_every_token_located_in_a_cleaned_doc_is_the_original_text(blank_nlp: Language) -> None:
    document = _document()
    doc = _cleaned_doc(blank_nlp, document)
    words = [t for t in doc if not t.is_space]
    assert [t.text for t in words] == BODY.replace("5%", "5 %").replace(".", " .").split()
    for token in words:
        text, start, end = locate(doc[token.i : token.i + 1], ORIGINAL)
        assert (text, start, end) == (token.text, token.idx, token.idx + len(token))
        assert ORIGINAL[start:end] == text


def test_a_span_over_blanked_boilerplate_is_trimmed_to_the_body(blank_nlp: Language) -> None:
    doc = _cleaned_doc(blank_nlp, _document())
    text, start, end = locate(doc[:], ORIGINAL)  # starts in the menu, ends in the footer
    assert text == BODY
    assert start == ORIGINAL.index(BODY)
    assert end == start + len(BODY)
    assert ORIGINAL[start:end] == text


def test_boilerplate_inside_a_span_stays_so_the_offsets_still_hold(blank_nlp: Language) -> None:
    text = "Taxes rose. ADVERTISEMENT The mayor said so."
    document = _document(text, blank=("ADVERTISEMENT",))
    doc = _cleaned_doc(blank_nlp, document)
    found, start, end = locate(doc[:], text)
    assert (found, start, end) == (text, 0, len(text))


def test_spans_at_the_very_start_and_end_of_the_text(blank_nlp: Language) -> None:
    text = "Taxes rose again."
    doc = blank_nlp(text)
    assert locate(doc[:1], text) == ("Taxes", 0, 5)
    assert locate(doc[-1:], text) == (".", len(text) - 1, len(text))
    assert locate(doc[:], text) == (text, 0, len(text))


def test_a_span_of_blanked_text_only_is_empty_and_inside_the_span(blank_nlp: Language) -> None:
    document = _document()
    doc = _cleaned_doc(blank_nlp, document)
    menu = doc.char_span(0, len(MENU), alignment_mode="expand")
    assert menu is not None and menu.text.strip() == ""
    text, start, end = locate(menu, ORIGINAL)
    assert text == ""
    assert start == end
    assert menu.start_char <= start <= menu.end_char


def test_offsets_count_characters_not_bytes(blank_nlp: Language) -> None:
    text = "Café 😀 Zürich: the mayor resigned."
    doc = blank_nlp(text)
    found, start, end = locate(_span(doc, "mayor"), text)
    assert found == "mayor"
    assert (start, end) == (text.index("mayor"), text.index("mayor") + 5)


def test_located_is_locate_as_the_fields_of_a_text_span(blank_nlp: Language) -> None:
    doc = _cleaned_doc(blank_nlp, _document())
    span = _span(doc, "taxes rose")
    fields = located(span, ORIGINAL)
    assert fields == dict(zip(("text", "start", "end"), locate(span, ORIGINAL), strict=True))
    assert records.TextSpan(**fields).text == "taxes rose"


# entity_records


def _entity(doc: Doc, text: str, label: str, canonical: str | None, occurrence: int = 0) -> Span:
    span = _span(doc, text, label, occurrence=occurrence)
    span._.claimx_canonical = canonical
    return span


def test_one_entity_per_canonical_name_in_order_of_first_mention(blank_nlp: Language) -> None:
    text = "Jane Smith told the City Council that Smith and the council disagree with Acme."
    doc = blank_nlp(text)
    # The group is deliberately not in text order: records follow the text, not the group.
    doc.spans[ENTITIES] = [
        _entity(doc, "council", "ORG", "City Council"),
        _entity(doc, "Smith", "PERSON", "Jane Smith", occurrence=1),
        _entity(doc, "Acme", "ORG", None),
        _entity(doc, "City Council", "ORG", "City Council"),
        _entity(doc, "Jane Smith", "PERSON", "Jane Smith"),
    ]
    entities = entity_records(doc)
    assert [(e.name, e.label) for e in entities] == [
        ("Jane Smith", "PERSON"),
        ("City Council", "ORG"),
        ("Acme", "ORG"),  # no canonical name: the mention as written
    ]
    assert [[m.text for m in e.mentions] for e in entities] == [
        ["Jane Smith", "Smith"],
        ["City Council", "council"],
        ["Acme"],
    ]
    for entity in entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_entity_mentions_index_the_original_text(blank_nlp: Language) -> None:
    text = "MENU\nJane Smith spoke."
    doc = _cleaned_doc(blank_nlp, _document(text, blank=("MENU",)))
    doc.spans[ENTITIES] = [_entity(doc, "Jane Smith", "PERSON", "Jane Smith")]
    (entity,) = entity_records(doc, text)
    (mention,) = entity.mentions
    assert (mention.text, mention.start, mention.end) == ("Jane Smith", 5, 15)


def test_mentions_built_without_validation_are_what_validation_gives(blank_nlp: Language) -> None:
    text = "MENU\nJane Smith met Smith’s aides in Zürich."
    doc = _cleaned_doc(blank_nlp, _document(text, blank=("MENU",)))
    doc.spans[ENTITIES] = [
        _entity(doc, "Jane Smith", "PERSON", "Jane Smith"),
        _entity(doc, "Smith", "PERSON", "Jane Smith", occurrence=1),
        _entity(doc, "Zürich", "GPE", None),
    ]
    for entity in entity_records(doc, text):
        for mention in entity.mentions:
            validated = records.Mention.model_validate(mention.model_dump())
            assert validated == mention
            assert [type(v) for v in mention.model_dump().values()] == [str, int, int]


def test_no_entity_group_no_entities(blank_nlp: Language) -> None:
    doc = blank_nlp("Nothing was found here.")
    assert entity_records(doc) == []
    assert quote_records(doc) == []
    assert date_records(doc) == []
    assert claim_records(doc, []) == []


# quote_records

QUOTED = 'MENU\n"Taxes will rise," Jane Smith said. Officials said it was fair.'


def _quotes_doc(nlp: Language) -> tuple[Doc, list[Span]]:
    doc = _cleaned_doc(nlp, _document(QUOTED, blank=("MENU",)))
    direct = _span(doc, "Taxes will rise,", "direct")
    direct._.claimx_cue = _span(doc, "said")
    direct._.claimx_speaker = _span(doc, "Jane Smith")
    direct._.claimx_speaker_entity = "Jane Smith"
    indirect = _span(doc, "it was fair", "indirect")
    indirect._.claimx_cue = _span(doc, "said", occurrence=1)
    indirect._.claimx_speaker = None
    doc.spans[QUOTES] = [direct, indirect]
    return doc, [direct, indirect]


def test_quotes_with_their_kind_cue_and_speaker(blank_nlp: Language) -> None:
    doc, _ = _quotes_doc(blank_nlp)
    direct, indirect = quote_records(doc, QUOTED)
    assert (direct.kind, direct.text, direct.cue.text) == ("direct", "Taxes will rise,", "said")
    assert direct.speaker is not None
    assert (direct.speaker.text, direct.speaker.entity) == ("Jane Smith", "Jane Smith")
    assert (indirect.kind, indirect.text, indirect.speaker) == ("indirect", "it was fair", None)
    assert indirect.cue.start == QUOTED.index("said", QUOTED.index("Officials"))
    for span in (direct, direct.cue, direct.speaker, indirect, indirect.cue):
        assert QUOTED[span.start : span.end] == span.text


def test_a_quote_of_an_unknown_kind_is_refused(blank_nlp: Language) -> None:
    doc, (direct, _) = _quotes_doc(blank_nlp)
    rumour = Span(doc, direct.start, direct.end, label="rumour")
    doc.spans[QUOTES] = [rumour]
    with pytest.raises(pydantic.ValidationError):
        quote_records(doc, QUOTED)


# date_records


def test_dates_with_type_value_and_mod(blank_nlp: Language) -> None:
    text = "MENU\nOn Tuesday, about three years ago, prices rose."
    doc = _cleaned_doc(blank_nlp, _document(text, blank=("MENU",)))
    tuesday = _span(doc, "Tuesday", "DATE")
    tuesday._.claimx_value = "2025-11-04"
    years = _span(doc, "about three years ago", "DATE")
    years._.claimx_value = "2022"
    years._.claimx_mod = "APPROX"
    doc.spans[DATES] = [tuesday, years]
    first, second = date_records(doc, text)
    assert (first.text, first.type, first.value, first.mod) == (
        "Tuesday",
        "DATE",
        "2025-11-04",
        None,
    )
    assert (second.type, second.value, second.mod) == ("DATE", "2022", "APPROX")
    assert text[second.start : second.end] == "about three years ago"


# claim_records

CLAIMED = "MENU\nSmith said taxes rose 5% in 2024 in Ohio. Jones denied it in 2023."


def _claims_doc(nlp: Language) -> tuple[Doc, Span, Span]:
    doc = _cleaned_doc(nlp, _document(CLAIMED, blank=("MENU",)))
    doc.spans[ENTITIES] = [
        _entity(doc, "Smith", "PERSON", "John Smith"),
        _entity(doc, "Ohio", "GPE", None),
        _entity(doc, "Jones", "PERSON", "Ann Jones"),
    ]
    y2024 = _span(doc, "2024", "DATE")
    y2024._.claimx_value = "2024"
    y2023 = _span(doc, "2023", "DATE")
    y2023._.claimx_value = None  # unresolved: no value to list
    doc.spans[DATES] = [y2024, y2023]
    quote = _span(doc, "taxes rose 5% in 2024 in Ohio", "indirect")
    quote._.claimx_cue = _span(doc, "said")
    doc.spans[QUOTES] = [quote]
    reported = _span(doc, "taxes rose 5% in 2024 in Ohio.")
    reported._.claimx_quote = Span(doc, quote.start, quote.end, label="indirect")
    reported._.claimx_claimant = "John Smith"
    reported._.claimx_claimant_kind = "speaker"
    reported._.claimx_modality = "reported"
    reported._.claimx_negated = False
    reported._.claimx_checkworthiness = 0.8
    denied = _span(doc, "Jones denied it in 2023.")
    doc.spans[CLAIMS] = [reported, denied]
    return doc, reported, denied


def test_claims_point_at_their_quote_and_list_what_they_contain(blank_nlp: Language) -> None:
    doc, _, _ = _claims_doc(blank_nlp)
    reported, denied = claim_records(doc, list(doc.spans[QUOTES]), CLAIMED)
    assert reported.text == "taxes rose 5% in 2024 in Ohio."
    assert CLAIMED[reported.start : reported.end] == reported.text
    assert reported.claimant == records.Claimant(name="John Smith", kind="speaker", quote=0)
    assert reported.entities == ["Ohio"]  # Smith is outside the claim
    assert reported.dates == ["2024"]
    assert (reported.modality, reported.negated, reported.checkworthiness) == (
        "reported",
        False,
        0.8,
    )
    assert denied.entities == ["Ann Jones"]
    assert denied.dates == []  # its date has no value


def test_a_claim_without_annotations_gets_the_defaults(blank_nlp: Language) -> None:
    doc, _, _ = _claims_doc(blank_nlp)
    _, denied = claim_records(doc, list(doc.spans[QUOTES]), CLAIMED)
    assert denied.claimant == records.Claimant(name=None, kind="outlet", quote=None)
    assert (denied.modality, denied.negated, denied.checkworthiness) == ("asserted", False, 0.0)


def test_a_claim_whose_quote_is_not_listed_has_no_quote_index(blank_nlp: Language) -> None:
    doc, _, _ = _claims_doc(blank_nlp)
    reported, _ = claim_records(doc, [], CLAIMED)
    assert reported.claimant.quote is None


def test_entities_and_dates_of_a_claim_are_listed_once(blank_nlp: Language) -> None:
    text = "Ohio and Ohio grew in 2024 and in 2024 again."
    doc = blank_nlp(text)
    doc.spans[ENTITIES] = [
        _entity(doc, "Ohio", "GPE", "Ohio"),
        _entity(doc, "Ohio", "GPE", "Ohio", occurrence=1),
    ]
    first = _span(doc, "2024", "DATE")
    second = _span(doc, "2024", "DATE", occurrence=1)
    first._.claimx_value = second._.claimx_value = "2024"
    doc.spans[DATES] = [first, second]
    doc.spans[CLAIMS] = [doc[:]]
    (claim,) = claim_records(doc, [])
    assert (claim.entities, claim.dates) == (["Ohio"], ["2024"])


def test_an_entity_crossing_the_claim_boundary_is_not_inside_it(blank_nlp: Language) -> None:
    text = "They met New York officials."
    doc = blank_nlp(text)
    doc.spans[ENTITIES] = [_entity(doc, "New York", "GPE", "New York")]
    doc.spans[CLAIMS] = [_span(doc, "They met New")]
    (claim,) = claim_records(doc, [])
    assert claim.entities == []


def test_a_claim_lists_its_entities_in_the_group_order_not_by_position(
    blank_nlp: Language,
) -> None:
    text = "Ohio and Iowa met Utah."
    doc = blank_nlp(text)
    doc.spans[ENTITIES] = [
        _entity(doc, "Utah", "GPE", "Utah"),
        _entity(doc, "Ohio", "GPE", "Ohio"),
        _entity(doc, "Iowa", "GPE", "Iowa"),
    ]
    doc.spans[CLAIMS] = [doc[:], _span(doc, "Ohio and Iowa")]
    whole, part = claim_records(doc, [])
    assert whole.entities == ["Utah", "Ohio", "Iowa"]
    assert part.entities == ["Ohio", "Iowa"]


def test_entities_at_the_claim_edges(blank_nlp: Language) -> None:
    text = "Ohio met Iowa. Utah"
    doc = blank_nlp(text)
    doc.spans[ENTITIES] = [
        _entity(doc, "Ohio", "GPE", "Ohio"),
        _entity(doc, "Iowa", "GPE", "Iowa"),
        _entity(doc, "Utah", "GPE", "Utah"),
    ]
    doc.spans[CLAIMS] = [_span(doc, "Ohio met Iowa"), _span(doc, "Utah")]
    first, last = claim_records(doc, [])
    assert (first.entities, last.entities) == (["Ohio", "Iowa"], ["Utah"])


def test_a_claim_points_at_the_first_of_equal_quotes(blank_nlp: Language) -> None:
    doc, _reported, _ = _claims_doc(blank_nlp)
    quote = doc.spans[QUOTES][0]
    other = _span(doc, "Jones denied it", "indirect")
    claim = claim_records(doc, [other, quote, quote], CLAIMED)[0]
    assert claim.claimant.quote == 1


# count_word_tokens


def test_words_leave_out_punctuation_white_space_and_blanked_boilerplate(
    blank_nlp: Language,
) -> None:
    text = "MENU ONE TWO\nThe mayor said: taxes   rose!\n\nShare"
    doc = _cleaned_doc(blank_nlp, _document(text, blank=("MENU ONE TWO", "Share")))
    assert count_word_tokens(doc) == 5
    assert count_word_tokens(blank_nlp(text)) == 9  # the same text uncleaned


# error_record and record_from_doc


def _failed(text: str) -> InputDocument:
    return InputDocument(
        id="bad.txt",
        text=text,
        source=records.Source(path="bad.txt", format="text"),
        title="A title",
        outlet="The Daily",
        error=records.RecordError(type="processing", message="ValueError: boom"),
    )


def test_an_error_record_has_its_error_and_nothing_else() -> None:
    record = error_record(_failed("Some text."), include_text=False)
    assert record.error == records.RecordError(type="processing", message="ValueError: boom")
    assert (record.id, record.source.path) == ("bad.txt", "bad.txt")
    assert (record.title, record.outlet, record.text, record.words) == (None, None, None, 0)
    assert (record.entities, record.quotes, record.dates, record.claims) == ([], [], [], [])


def test_an_error_record_keeps_the_text_only_when_asked_and_there_is_some() -> None:
    assert error_record(_failed("Some text."), include_text=True).text == "Some text."
    assert error_record(_failed(""), include_text=True).text is None


def test_the_record_of_an_html_page_always_carries_its_text(blank_nlp: Language) -> None:
    text = "The mayor resigned."
    doc = blank_nlp(text)
    page = InputDocument(id="p", text=text, source=records.Source(path="p.html", format="html"))
    plain = InputDocument(id="t", text=text, source=records.Source(path="t.txt", format="text"))
    assert record_from_doc(doc, page, include_text=False).text == text
    assert record_from_doc(doc, plain, include_text=False).text is None
    assert record_from_doc(doc, plain, include_text=True).text == text
    assert record_from_doc(doc, plain, include_text=False).words == 3
