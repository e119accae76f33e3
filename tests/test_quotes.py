"""Quotes: the quotation-mark scanner and the component on parsed Docs."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimx.nlp.build import quote_records
from claimx.nlp.components.attribution_model import (
    AttributionModel,
    CueDetector,
    cue_features,
    default_model,
)
from claimx.nlp.components.continuation_model import (
    ContinuationModel,
    default_continuation_model,
)
from claimx.nlp.components.quote_marks import find_quotations
from claimx.nlp.components.quote_spans import Placed, outermost, untangle
from claimx.nlp.components.quotes import QuoteExtractor
from claimx.nlp.components.speaker_model import (
    SpeakerModel,
    default_speaker_model,
    speaker_features,
)
from claimx.nlp.extensions import ENTITIES, QUOTES


def quoted_texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will win,” and left.", ["“we will win,”"]),
        ('He said "we will win," and left.', ['"we will win,"']),
        ("“Outer “inner” end,” she said.", ["“Outer “inner” end,”"]),
        # The outer quotation never closes: the inner pair's closer ends both.
        (
            "“Joining helps, and “two states,” the statement reads.",
            ["“Joining helps, and “two states,”"],
        ),
        # An unclosed quotation ends with its paragraph.
        ("He said “we will win\nNext paragraph.", ["“we will win"]),
        # One quotation over paragraphs: each opens with a mark, only the last closes.
        ("“First part.\n\n“Second part.”\n\nAfter.", ["“First part.\n\n“Second part.”"]),
        ("> “A block quote.”", ["“A block quote.”"]),
        # Doubled apostrophes of newspaper archives, and a closing mark misused to open.
        ("''This isn't reform,'' he said.", ["''This isn't reform,''"]),
        ("”We will win.” ― Jane Doe", ["”We will win.”"]),
        # Markup left in the text quotes nothing.
        ('<tweet author="someone">Hello</tweet>', []),
        ("No quotation here, it’s plain.", []),
    ],
)
def test_quote_marks_pairs_messy_quotations(text: str, expected: list[str]) -> None:
    assert quoted_texts(text) == expected


@given(st.text(alphabet=st.sampled_from(list('ab “”"\n>,.')), max_size=60))
def test_quote_marks_never_raises_and_returns_ordered_disjoint_spans(text: str) -> None:
    quotations = find_quotations(text)
    for quotation in quotations:
        assert 0 <= quotation.start < quotation.end <= len(text)
    for first, second in itertools.pairwise(quotations):
        assert first.end <= second.start


@dataclass(frozen=True)
class Tok:
    """One hand-parsed token: text, head (absolute index), dep, POS, lemma, space after."""

    text: str
    head: int
    dep: str
    pos: str
    lemma: str
    space: bool = True


def parsed(nlp: Language, tokens: list[Tok], entities: list[tuple[int, int, str, str]] = ()) -> Doc:  # type: ignore[assignment]
    """A Doc with the parse given, and entity mentions (start, end, label, canonical)."""
    doc = Doc(
        nlp.vocab,
        words=[t.text for t in tokens],
        spaces=[t.space for t in tokens],
        heads=[t.head for t in tokens],
        deps=[t.dep for t in tokens],
        pos=[t.pos for t in tokens],
        lemmas=[t.lemma for t in tokens],
    )
    spans = []
    for start, end, label, canonical in entities:
        span = Span(doc, start, end, label=label)
        span._.claimx_canonical = canonical
        spans.append(span)
    doc.ents = spans
    doc.spans[ENTITIES] = spans
    return doc


def quotes_of(doc: Doc) -> list[tuple[str, str, str, str | None, str | None]]:
    """(kind, text, cue, speaker as written, speaker entity) of each quote."""
    QuoteExtractor()(doc)
    result = []
    for span in doc.spans[QUOTES]:
        speaker = span._.claimx_speaker
        result.append(
            (
                span.label_,
                span.text,
                span._.claimx_cue.text,
                speaker.text if speaker is not None else None,
                span._.claimx_speaker_entity,
            )
        )
    return result


def _direct_then_cue() -> list[Tok]:
    # “We will win,” Trump said.
    return [
        Tok("“", 7, "punct", "PUNCT", "“", False),
        Tok("We", 3, "nsubj", "PRON", "we"),
        Tok("will", 3, "aux", "AUX", "will"),
        Tok("win", 7, "ccomp", "VERB", "win", False),
        Tok(",", 7, "punct", "PUNCT", ",", False),
        Tok("”", 7, "punct", "PUNCT", "”"),
        Tok("Trump", 7, "nsubj", "PROPN", "Trump"),
        Tok("said", 7, "ROOT", "VERB", "say", False),
        Tok(".", 7, "punct", "PUNCT", "."),
    ]


def test_quotes_finds_direct_quote_with_speaker_entity(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, _direct_then_cue(), [(6, 7, "PERSON", "Donald Trump")])
    assert quotes_of(doc) == [("direct", "We will win", "said", "Trump", "Donald Trump")]


def test_quotes_extends_quote_interrupted_by_its_cue(blank_nlp: Language) -> None:
    # “We will win,” Trump said. “They will lose.”
    tokens = _direct_then_cue()
    tokens[-1] = Tok(".", 7, "punct", "PUNCT", ".")
    tokens += [
        Tok("“", 12, "punct", "PUNCT", "“", False),
        Tok("They", 12, "nsubj", "PRON", "they"),
        Tok("will", 12, "aux", "AUX", "will"),
        Tok("lose", 12, "ROOT", "VERB", "lose"),
        Tok("this", 14, "det", "DET", "this"),
        Tok("time", 12, "npadvmod", "NOUN", "time", False),
        Tok(".", 12, "punct", "PUNCT", ".", False),
        Tok("”", 12, "punct", "PUNCT", "”", False),
    ]
    doc = parsed(blank_nlp, tokens, [(6, 7, "PERSON", "Donald Trump")])
    [(kind, text, cue, speaker, entity)] = quotes_of(doc)
    assert text.startswith("We will win") and text.endswith("They will lose this time.")
    assert (kind, cue, speaker, entity) == ("direct", "said", "Trump", "Donald Trump")
    # The quoted words alone: the text also spans '” Trump said. “' between them.
    [quote] = doc.spans[QUOTES]
    assert [part.text for part in quote._.claimx_parts] == [
        "We will win",
        "They will lose this time.",
    ]
    [record] = quote_records(doc)
    assert record.quoted_text == "We will win … They will lose this time."
    assert [
        (p.text, record.text[p.start - record.start : p.end - record.start])
        for p in record.parts or []
    ] == [
        ("We will win", "We will win"),
        ("They will lose this time.", "They will lose this time."),
    ]


def test_quotes_one_quotation_has_no_parts(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, _direct_then_cue(), [(6, 7, "PERSON", "Donald Trump")])
    QuoteExtractor()(doc)
    [quote] = doc.spans[QUOTES]
    assert quote._.claimx_parts is None
    [record] = quote_records(doc)
    assert (record.parts, record.quoted_text) == (None, "We will win")


def test_quotes_attributes_pronoun_to_previous_speaker(blank_nlp: Language) -> None:
    # Tokayev spoke. He said that talks continue.
    tokens = [
        Tok("Tokayev", 1, "nsubj", "PROPN", "Tokayev"),
        Tok("spoke", 1, "ROOT", "VERB", "speak", False),
        Tok(".", 1, "punct", "PUNCT", "."),
        Tok("He", 4, "nsubj", "PRON", "he"),
        Tok("said", 4, "ROOT", "VERB", "say"),
        Tok("that", 7, "mark", "SCONJ", "that"),
        Tok("talks", 7, "nsubj", "NOUN", "talk"),
        Tok("continue", 4, "ccomp", "VERB", "continue", False),
        Tok(".", 4, "punct", "PUNCT", ".", False),
    ]
    doc = parsed(blank_nlp, tokens, [(0, 1, "PERSON", "Kassym-Jomart Tokayev")])
    assert quotes_of(doc) == [("indirect", "talks continue", "said", "He", "Kassym-Jomart Tokayev")]


def test_quotes_a_pronoun_refers_to_a_subject_the_tagger_cut_short(blank_nlp: Language) -> None:
    # The grid Operator, which serves California, said plants shut. It said imports fell.
    # "It" was California: the tagger's "grid" (ORG) left out "Operator", the subject.
    tokens = [
        Tok("The", 2, "det", "DET", "the"),
        Tok("grid", 2, "compound", "PROPN", "grid"),
        Tok("Operator", 8, "nsubj", "PROPN", "Operator", False),
        Tok(",", 2, "punct", "PUNCT", ","),
        Tok("which", 5, "nsubj", "PRON", "which"),
        Tok("serves", 2, "relcl", "VERB", "serve"),
        Tok("California", 5, "dobj", "PROPN", "California", False),
        Tok(",", 2, "punct", "PUNCT", ","),
        Tok("said", 8, "ROOT", "VERB", "say"),
        Tok("plants", 10, "nsubj", "NOUN", "plant"),
        Tok("shut", 8, "ccomp", "VERB", "shut", False),
        Tok(".", 8, "punct", "PUNCT", "."),
        Tok("It", 13, "nsubj", "PRON", "it"),
        Tok("said", 13, "ROOT", "VERB", "say"),
        Tok("imports", 15, "nsubj", "NOUN", "import"),
        Tok("fell", 13, "ccomp", "VERB", "fall", False),
        Tok(".", 13, "punct", "PUNCT", ".", False),
    ]
    entities = [(1, 2, "ORG", "Grid"), (6, 7, "GPE", "California")]
    doc = parsed(blank_nlp, tokens, entities)
    speakers = [(text, entity) for _, _, _, text, entity in quotes_of(doc)]
    # The same entity both times, the name the entities list gives it.
    assert speakers == [("The grid Operator", "Grid"), ("It", "Grid")]


def _they_say(nlp: Language, subject: Tok, subject_entity: tuple[int, int, str, str] | None) -> Doc:
    # <Subject> see trouble. Turnout in Ohio is low, they say.
    tokens = [
        subject,
        Tok("see", 1, "ROOT", "VERB", "see"),
        Tok("trouble", 1, "dobj", "NOUN", "trouble", False),
        Tok(".", 1, "punct", "PUNCT", "."),
        Tok("Turnout", 7, "nsubj", "NOUN", "turnout"),
        Tok("in", 4, "prep", "ADP", "in"),
        Tok("Ohio", 5, "pobj", "PROPN", "Ohio"),
        Tok("is", 11, "ccomp", "AUX", "be"),
        Tok("low", 7, "acomp", "ADJ", "low", False),
        Tok(",", 11, "punct", "PUNCT", ","),
        Tok("they", 11, "nsubj", "PRON", "they"),
        Tok("say", 11, "ROOT", "VERB", "say", False),
        Tok(".", 11, "punct", "PUNCT", ".", False),
    ]
    entities = [(6, 7, "GPE", "Ohio")]
    if subject_entity is not None:
        entities.insert(0, subject_entity)
    doc = parsed(nlp, tokens, entities)
    doc[0].set_morph("Number=Plur")
    return doc


def test_quotes_they_is_never_a_place_nor_the_plural_subject_before_it(
    blank_nlp: Language,
) -> None:
    # "Others" (no entity) are the likeliest "they"; Ohio, a place, never is.
    doc = _they_say(blank_nlp, Tok("Others", 1, "nsubj", "NOUN", "other"), None)
    [(_, text, _, speaker, entity)] = quotes_of(doc)
    assert (text, speaker, entity) == ("Turnout in Ohio is low", "they", None)


def test_quotes_they_is_a_named_group_that_was_the_subject(blank_nlp: Language) -> None:
    doc = _they_say(
        blank_nlp, Tok("Democrats", 1, "nsubj", "PROPN", "Democrats"), (0, 1, "NORP", "Democrats")
    )
    [(_, _, _, speaker, entity)] = quotes_of(doc)
    assert (speaker, entity) == ("they", "Democrats")


def test_quotes_a_party_before_a_title_describes_the_speaker_it_does_not_name(
    blank_nlp: Language,
) -> None:
    # The Conservative MP said taxes rose. (The speaker's entity was "Conservative".)
    tokens = [
        Tok("The", 2, "det", "DET", "the"),
        Tok("Conservative", 2, "compound", "PROPN", "Conservative"),
        Tok("MP", 3, "nsubj", "PROPN", "MP"),
        Tok("said", 3, "ROOT", "VERB", "say"),
        Tok("taxes", 5, "nsubj", "NOUN", "tax"),
        Tok("rose", 3, "ccomp", "VERB", "rise", False),
        Tok(".", 3, "punct", "PUNCT", ".", False),
    ]
    doc = parsed(blank_nlp, tokens, [(1, 2, "NORP", "Conservative")])
    [(_, text, _, speaker, entity)] = quotes_of(doc)
    assert (text, speaker, entity) == ("taxes rose", "The Conservative MP", None)


def _the_noun_said(first: list[Tok], entity: tuple[int, int, str, str], noun: str) -> Doc:
    """<first sentence> The <noun> said he waited."""
    at = len(first)
    tokens = [
        *first,
        Tok("The", at + 1, "det", "DET", "the"),
        Tok(noun, at + 2, "nsubj", "NOUN", noun.lower()),
        Tok("said", at + 2, "ROOT", "VERB", "say"),
        Tok("he", at + 4, "nsubj", "PRON", "he"),
        Tok("waited", at + 2, "ccomp", "VERB", "wait", False),
        Tok(".", at + 2, "punct", "PUNCT", ".", False),
    ]
    return parsed(spacy.blank("en"), tokens, [entity])


def test_quotes_a_title_refers_to_the_person_it_was_given() -> None:
    # President Tokayev spoke. The president said he waited.
    first = [
        Tok("President", 1, "compound", "PROPN", "President"),
        Tok("Tokayev", 2, "nsubj", "PROPN", "Tokayev"),
        Tok("spoke", 2, "ROOT", "VERB", "speak", False),
        Tok(".", 2, "punct", "PUNCT", "."),
    ]
    doc = _the_noun_said(first, (1, 2, "PERSON", "Kassym-Jomart Tokayev"), "president")
    [(_, _, _, speaker, entity)] = quotes_of(doc)
    assert (speaker, entity) == ("The president", "Kassym-Jomart Tokayev")


def test_quotes_a_noun_near_a_name_is_no_title_of_it() -> None:
    # A man entered the Copperfield salon. The man said he waited. (The man was "Copperfield",
    # which the tagger read as a person, as "man" stood four words before it.)
    first = [
        Tok("A", 1, "det", "DET", "a"),
        Tok("man", 2, "nsubj", "NOUN", "man"),
        Tok("entered", 2, "ROOT", "VERB", "enter"),
        Tok("the", 5, "det", "DET", "the"),
        Tok("Copperfield", 5, "compound", "PROPN", "Copperfield"),
        Tok("salon", 2, "dobj", "NOUN", "salon", False),
        Tok(".", 2, "punct", "PUNCT", "."),
    ]
    doc = _the_noun_said(first, (4, 5, "PERSON", "Copperfield"), "man")
    [(_, _, _, speaker, entity)] = quotes_of(doc)
    assert (speaker, entity) == ("The man", None)


def test_quotes_keeps_anonymous_source_without_entity(blank_nlp: Language) -> None:
    # A U.S. official confirmed that talks continue.
    tokens = [
        Tok("A", 2, "det", "DET", "a"),
        Tok("U.S.", 2, "compound", "PROPN", "U.S."),
        Tok("official", 3, "nsubj", "NOUN", "official"),
        Tok("confirmed", 3, "ROOT", "VERB", "confirm"),
        Tok("that", 6, "mark", "SCONJ", "that"),
        Tok("talks", 6, "nsubj", "NOUN", "talk"),
        Tok("continue", 3, "ccomp", "VERB", "continue", False),
        Tok(".", 3, "punct", "PUNCT", ".", False),
    ]
    doc = parsed(blank_nlp, tokens, [(1, 2, "GPE", "United States")])
    assert quotes_of(doc) == [("indirect", "talks continue", "confirmed", "A U.S. official", None)]


def test_quotes_reads_according_to_as_cue(blank_nlp: Language) -> None:
    # Talks continue, according to Axios.
    tokens = [
        Tok("Talks", 1, "nsubj", "NOUN", "talk"),
        Tok("continue", 1, "ROOT", "VERB", "continue", False),
        Tok(",", 1, "punct", "PUNCT", ","),
        Tok("according", 1, "prep", "VERB", "accord"),
        Tok("to", 3, "prep", "ADP", "to"),
        Tok("Axios", 4, "pobj", "PROPN", "Axios", False),
        Tok(".", 1, "punct", "PUNCT", ".", False),
    ]
    doc = parsed(blank_nlp, tokens, [(5, 6, "ORG", "Axios")])
    assert quotes_of(doc) == [("indirect", "Talks continue", "according to", "Axios", "Axios")]


@pytest.mark.parametrize(
    ("last", "content"),
    [
        # The percent sign is part of the figure: the quote read "... fell to 35".
        (["35", "%"], "Support fell to 35%"),
        # A closing bracket whose opening one is inside stays; a stray one goes.
        (["the", "agency", "(", "EPA", ")"], "Support fell to the agency (EPA)"),
    ],
)
def test_quotes_end_after_a_percent_sign_and_a_closed_bracket(
    blank_nlp: Language, last: list[str], content: str
) -> None:
    # Support fell to <last>, a poll shows.
    verb = 3 + len(last) + 3  # "shows"
    tokens = [
        Tok("Support", 1, "nsubj", "NOUN", "support"),
        Tok("fell", verb, "ccomp", "VERB", "fall"),
        Tok("to", 1, "prep", "ADP", "to"),
    ]
    for word, after in zip(last, [*last[1:], ","], strict=True):
        space = after not in ("%", ")", ",") and word != "("
        tokens.append(Tok(word, 2, "pobj", "NOUN", word.lower(), space))
    tokens += [
        Tok(",", verb, "punct", "PUNCT", ","),
        Tok("a", verb - 1, "det", "DET", "a"),
        Tok("poll", verb, "nsubj", "NOUN", "poll"),
        Tok("shows", verb, "ROOT", "VERB", "show", False),
        Tok(".", verb, "punct", "PUNCT", ".", False),
    ]
    doc = parsed(blank_nlp, tokens)
    [(kind, text, cue, _, _)] = quotes_of(doc)
    assert (kind, text, cue) == ("indirect", content, "shows")


def test_quotes_finds_mixed_quote_in_characterisation(blank_nlp: Language) -> None:
    # Trump described it as a “bold step”: what is described is part of the content.
    tokens = [
        Tok("Trump", 1, "nsubj", "PROPN", "Trump"),
        Tok("described", 1, "ROOT", "VERB", "describe"),
        Tok("it", 1, "dobj", "PRON", "it"),
        Tok("as", 1, "prep", "ADP", "as"),
        Tok("a", 7, "det", "DET", "a"),
        Tok("“", 7, "punct", "PUNCT", "“", False),
        Tok("bold", 7, "amod", "ADJ", "bold"),
        Tok("step", 3, "pobj", "NOUN", "step", False),
        Tok("”", 7, "punct", "PUNCT", "”", False),
        Tok(".", 1, "punct", "PUNCT", ".", False),
    ]
    doc = parsed(blank_nlp, tokens, [(0, 1, "PERSON", "Donald Trump")])
    assert quotes_of(doc) == [
        ("mixed", "it as a “bold step”", "described", "Trump", "Donald Trump")
    ]


def test_quotes_attributes_block_quote_to_introducing_cue(blank_nlp: Language) -> None:
    # Trump stated:\n\n> “We will win this fight.”
    tokens = [
        Tok("Trump", 1, "nsubj", "PROPN", "Trump"),
        Tok("stated", 1, "ROOT", "VERB", "state", False),
        Tok(":", 1, "punct", "PUNCT", ":", False),
        Tok("\n\n", 2, "dep", "SPACE", "\n\n", False),
        Tok(">", 8, "punct", "PUNCT", ">"),
        Tok("“", 8, "punct", "PUNCT", "“", False),
        Tok("We", 8, "nsubj", "PRON", "we"),
        Tok("will", 8, "aux", "AUX", "will"),
        Tok("win", 8, "ROOT", "VERB", "win"),
        Tok("this", 10, "det", "DET", "this"),
        Tok("fight", 8, "dobj", "NOUN", "fight", False),
        Tok(".", 8, "punct", "PUNCT", ".", False),
        Tok("”", 8, "punct", "PUNCT", "”", False),
    ]
    doc = parsed(blank_nlp, tokens, [(0, 1, "PERSON", "Donald Trump")])
    assert quotes_of(doc) == [
        ("direct", "We will win this fight.", "stated", "Trump", "Donald Trump")
    ]


def test_quotes_end_reported_clause_before_a_set_off_report_that_introduces_a_quote(
    blank_nlp: Language,
) -> None:
    # Rubio said the deal goes beyond trade, noting,\n\n“It is a partnership.”
    words = "Rubio said the deal goes beyond trade , noting , \n\n “ It is a partnership . ”"
    heads = [1, 1, 3, 4, 1, 4, 5, 4, 4, 8, 9, 13, 13, 13, 15, 13, 13, 13]
    deps = "nsubj ROOT det nsubj ccomp prep pobj punct advcl punct dep punct nsubj ROOT det attr"
    pos = "PROPN VERB DET NOUN VERB ADP NOUN PUNCT VERB PUNCT SPACE PUNCT PRON AUX DET NOUN"
    lemmas = "Rubio say the deal go beyond trade , note , \n\n “ it be a partnership . ”"
    glued = {6, 7, 8, 9, 10, 11, 15, 16, 17}  # no space after these tokens
    tokens = [
        Tok(word, head, dep, tag, lemma, i not in glued)
        for i, (word, head, dep, tag, lemma) in enumerate(
            zip(
                words.split(" "),
                heads,
                [*deps.split(), "punct", "punct"],
                [*pos.split(), "PUNCT", "PUNCT"],
                lemmas.split(" "),
                strict=True,
            )
        )
    ]
    doc = parsed(blank_nlp, tokens, [(0, 1, "PERSON", "Marco Rubio")])
    assert quotes_of(doc) == [
        ("indirect", "the deal goes beyond trade", "said", "Rubio", "Marco Rubio"),
        ("direct", "It is a partnership.", "noting", "Rubio", "Marco Rubio"),
    ]


def test_quotes_attributes_labelled_quotation_to_the_name_after_a_dash(
    blank_nlp: Language,
) -> None:
    # “We will build it now.” ― Jane Doe
    tokens = [
        Tok("“", 3, "punct", "PUNCT", "“", False),
        Tok("We", 3, "nsubj", "PRON", "we"),
        Tok("will", 3, "aux", "AUX", "will"),
        Tok("build", 3, "ROOT", "VERB", "build"),
        Tok("it", 3, "dobj", "PRON", "it"),
        Tok("now", 3, "advmod", "ADV", "now", False),
        Tok(".", 3, "punct", "PUNCT", ".", False),
        Tok("”", 3, "punct", "PUNCT", "”"),
        Tok("―", 10, "punct", "PUNCT", "―"),
        Tok("Jane", 10, "compound", "PROPN", "Jane"),
        Tok("Doe", 10, "ROOT", "PROPN", "Doe", False),
    ]
    doc = parsed(blank_nlp, tokens, [(9, 11, "PERSON", "Jane Doe")])
    assert quotes_of(doc) == [("direct", "We will build it now.", "―", "Jane Doe", "Jane Doe")]


def test_quotes_resolves_nationality_government_to_its_country(blank_nlp: Language) -> None:
    # Kazakhstan spoke. The Kazakh government said that talks continue.
    tokens = [
        Tok("Kazakhstan", 1, "nsubj", "PROPN", "Kazakhstan"),
        Tok("spoke", 1, "ROOT", "VERB", "speak", False),
        Tok(".", 1, "punct", "PUNCT", "."),
        Tok("The", 5, "det", "DET", "the"),
        Tok("Kazakh", 5, "amod", "ADJ", "Kazakh"),
        Tok("government", 6, "nsubj", "NOUN", "government"),
        Tok("said", 6, "ROOT", "VERB", "say"),
        Tok("that", 9, "mark", "SCONJ", "that"),
        Tok("talks", 9, "nsubj", "NOUN", "talk"),
        Tok("continue", 6, "ccomp", "VERB", "continue", False),
        Tok(".", 6, "punct", "PUNCT", ".", False),
    ]
    entities = [(0, 1, "GPE", "Kazakhstan"), (4, 5, "NORP", "Kazakh")]
    doc = parsed(blank_nlp, tokens, entities)
    assert quotes_of(doc) == [
        ("indirect", "talks continue", "said", "The Kazakh government", "Kazakhstan")
    ]


def test_quotes_skips_passive_report_without_agent(blank_nlp: Language) -> None:
    # He was told that talks continue.
    tokens = [
        Tok("He", 2, "nsubjpass", "PRON", "he"),
        Tok("was", 2, "auxpass", "AUX", "be"),
        Tok("told", 2, "ROOT", "VERB", "tell"),
        Tok("that", 5, "mark", "SCONJ", "that"),
        Tok("talks", 5, "nsubj", "NOUN", "talk"),
        Tok("continue", 2, "ccomp", "VERB", "continue", False),
        Tok(".", 2, "punct", "PUNCT", ".", False),
    ]
    doc = parsed(blank_nlp, tokens)
    doc[2].tag_ = "VBN"
    assert quotes_of(doc) == []


def test_quotes_ignores_documents_without_a_parse(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(["“", "Unbalanced", "quote", ",", "he", "said"])
    QuoteExtractor()(doc)
    assert list(doc.spans[QUOTES]) == []


ARTICLE = """Leaders Meet to Discuss the Accords

The government of Freedonia said on Monday that it would join the accords.

Mayor Anna Weber described the decision as “a bold and visionary step.”

“We have waited a long time for this,” Weber told reporters. “It is a good day.”

She also warned that “the road ahead is long, and we will need patience.

“But we will get there,” the mayor said.
"""


@pytest.fixture(scope="module")
def quotes_nlp() -> Language:
    from claimx.nlp.pipeline import PipelineOptions, load_pipeline

    return load_pipeline(PipelineOptions(components=("entities", "quotes")))


@pytest.mark.model
def test_quotes_on_real_pipeline_extracts_who_said_what(quotes_nlp: Language) -> None:
    doc = quotes_nlp(ARTICLE)
    quotes = quotes_of(doc)
    assert not any("Leaders Meet" in text for _, text, _, _, _ in quotes)
    by_start = {text[:20]: (kind, speaker) for kind, text, _, speaker, _ in quotes}
    assert by_start["it would join the ac"] == ("indirect", "The government of Freedonia")
    assert by_start["the decision as “a b"] == ("mixed", "Mayor Anna Weber")
    assert by_start["We have waited a lon"] == ("direct", "Weber")
    # The quotation opened after "warned that" runs on into the next paragraph.
    she = next(q for q in quotes if q[3] == "She")
    assert she[1].startswith("the road ahead") and she[1].endswith("we will get there")
    assert she[4] is not None  # the pronoun resolved to the mayor's entity


@pytest.mark.parametrize("verb", [("plans", "plan"), ("seeks", "seek"), ("refused", "refuse")])
def test_quotes_ignores_intentions_and_acts_that_say_nothing(
    blank_nlp: Language, verb: tuple[str, str]
) -> None:
    # Syria plans / seeks / refused to join the accords.
    tokens = [
        Tok("Syria", 1, "nsubj", "PROPN", "Syria"),
        Tok(verb[0], 1, "ROOT", "VERB", verb[1]),
        Tok("to", 3, "aux", "PART", "to"),
        Tok("join", 1, "xcomp", "VERB", "join"),
        Tok("the", 5, "det", "DET", "the"),
        Tok("accords", 3, "dobj", "NOUN", "accord", False),
        Tok(".", 1, "punct", "PUNCT", ".", False),
    ]
    doc = parsed(blank_nlp, tokens, [(0, 1, "GPE", "Syria")])
    assert quotes_of(doc) == []


def _tokens(
    words: str, heads: list[int], deps: str, pos: str, lemmas: str, glued: set[int]
) -> list[Tok]:
    """Hand-parsed tokens from columns; `glued` are the tokens with no space after them."""
    return [
        Tok(word, head, dep, tag, lemma, i not in glued)
        for i, (word, head, dep, tag, lemma) in enumerate(
            zip(words.split(" "), heads, deps.split(), pos.split(), lemmas.split(" "), strict=True)
        )
    ]


def test_quotes_keep_what_a_stance_verbs_object_is_held_to(blank_nlp: Language) -> None:
    # Seoul accused the North of fanatic recklessness: the content is the object with its
    # "of" phrase, not "the North" alone.
    tokens = _tokens(
        "Seoul accused the North of fanatic recklessness .",
        [1, 1, 3, 1, 1, 6, 4, 1],
        "nsubj ROOT det dobj prep amod pobj punct",
        "PROPN VERB DET PROPN ADP ADJ NOUN PUNCT",
        "Seoul accuse the North of fanatic recklessness .",
        {6},
    )
    doc = parsed(blank_nlp, tokens, [(0, 1, "GPE", "Seoul")])
    assert quotes_of(doc) == [
        ("indirect", "the North of fanatic recklessness", "accused", "Seoul", "Seoul")
    ]


def test_quotes_never_end_inside_a_dashed_compound(blank_nlp: Language) -> None:
    # He said talks began in US–Central Asia forums. (the parse hangs the compound elsewhere)
    tokens = _tokens(
        "He said talks began in US – Central Asia forums .",
        [1, 1, 3, 1, 3, 4, 1, 8, 9, 1, 1],
        "nsubj ROOT nsubj ccomp prep pobj punct compound compound npadvmod punct",
        "PRON VERB NOUN VERB ADP PROPN PUNCT PROPN PROPN NOUN PUNCT",
        "he say talk begin in US – Central Asia forum .",
        {5, 6, 9, 10},
    )
    doc = parsed(blank_nlp, tokens)
    [(kind, text, cue, _, _)] = quotes_of(doc)
    assert (kind, text, cue) == ("indirect", "talks began in US–Central Asia forums", "said")


def test_quotes_end_a_report_before_the_same_speakers_next_one(blank_nlp: Language) -> None:
    # Kazakhstan confirmed that talks are final, describing the move as fully consistent.
    tokens = _tokens(
        "Kazakhstan confirmed that talks are final , describing the move as fully consistent .",
        [1, 1, 4, 4, 1, 4, 4, 4, 9, 7, 7, 12, 10, 1],
        "nsubj ROOT mark nsubj ccomp acomp punct advcl det dobj prep advmod pobj punct",
        "PROPN VERB SCONJ NOUN AUX ADJ PUNCT VERB DET NOUN ADP ADV ADJ PUNCT",
        "Kazakhstan confirm that talk be final , describe the move as fully consistent .",
        {5, 12, 13},
    )
    doc = parsed(blank_nlp, tokens, [(0, 1, "GPE", "Kazakhstan")])
    assert quotes_of(doc) == [
        ("indirect", "talks are final", "confirmed", "Kazakhstan", "Kazakhstan"),
        ("indirect", "the move as fully consistent", "describing", "Kazakhstan", "Kazakhstan"),
    ]


@pytest.mark.parametrize(
    ("verb", "lemma"),
    [
        ("said", "say"),
        # 'bark' is in no list of reporting verbs: a quotation whose words end with a comma,
        # set off before its verb and subject, is the subject's.
        ("barked", "bark"),
    ],
)
def test_quotes_a_subject_inside_the_quotation_is_not_the_speaker(
    blank_nlp: Language, verb: str, lemma: str
) -> None:
    # “We are in panic,” said Leslie Wimes.  The parser makes both 'We' and 'Wimes' subjects.
    tokens = _tokens(
        f"“ We are in panic , ” {verb} Leslie Wimes .",
        [7, 7, 7, 2, 3, 7, 7, 7, 9, 7, 7],
        "punct nsubj ccomp prep pobj punct punct ROOT compound nsubj punct",
        "PUNCT PRON AUX ADP NOUN PUNCT PUNCT VERB PROPN PROPN PUNCT",
        f"“ we be in panic , ” {lemma} Leslie Wimes .",
        {0, 4, 5, 9},
    )
    doc = parsed(blank_nlp, tokens, [(8, 10, "PERSON", "Leslie Wimes")])
    assert quotes_of(doc) == [("direct", "We are in panic", verb, "Leslie Wimes", "Leslie Wimes")]


def _praised(object_words: str, object_pos: str, glued: set[int]) -> list[Tok]:
    # Trump praised <object of three or four tokens> .
    words = f"Trump praised {object_words} ."
    count = len(object_words.split(" "))
    head = count  # the object's last word is its head
    heads = [1, 1, *[head] * (count - 1), 1, 1]
    heads[head] = 1
    deps = ["nsubj", "ROOT", *["compound"] * (count - 1), "punct"]
    deps.insert(head, "dobj")
    return _tokens(
        words,
        heads,
        " ".join(deps),
        f"PROPN VERB {object_pos} PUNCT",
        f"Trump praise {object_words.lower()} .",
        glued,
    )


def test_quotes_a_noun_phrase_an_evaluative_verb_judges_is_no_quote(blank_nlp: Language) -> None:
    # Trump praised Tokayev 's decision.
    doc = parsed(blank_nlp, _praised("Tokayev 's decision", "PROPN PART NOUN", {2, 4}))
    assert quotes_of(doc) == []


def test_quotes_a_quotation_an_evaluative_verb_introduces_is_a_quote(blank_nlp: Language) -> None:
    # Trump praised the “ bold step ” .
    doc = parsed(
        blank_nlp,
        _praised("the “ bold step ”", "DET PUNCT ADJ NOUN PUNCT", {3, 5, 6}),
        [(0, 1, "PERSON", "Donald Trump")],
    )
    quotes = quotes_of(doc)
    assert [q[2:] for q in quotes] == [("praised", "Trump", "Donald Trump")]
    assert "bold step" in quotes[0][1]


def test_quote_spans_split_overlapping_contents_at_the_second(blank_nlp: Language) -> None:
    # X said a b c d, Y noted e f.  Two cues whose contents overlap without nesting.
    words = ["X", "said", "a", "b", "c", "d", ",", "Y", "noted", "e", "f", "."]
    doc = Doc(blank_nlp.vocab, words=words)
    first = Placed(content=(2, 6), cue=(1, 2), speaker=0, direct=False)
    second = Placed(content=(4, 11), cue=(8, 9), speaker=7, direct=False)
    assert untangle(doc, [first, second]) == [(2, 4), (4, 11)]


def test_quote_spans_drop_a_report_nested_in_another() -> None:
    # X said that Y called it Z: Y's report is read inside X's; a range equal to another's stays.
    contents = [(2, 9), (5, 9), None, (2, 9), (10, 12)]
    assert outermost(contents) == [(2, 9), None, None, (2, 9), (10, 12)]


def test_quote_spans_end_a_report_before_another_speakers_set_off_one(
    blank_nlp: Language,
) -> None:
    # X confirmed he was leaving, with sources indicating that talks had ended.
    tokens = _tokens(
        "X confirmed he was leaving , with sources indicating that talks had ended .",
        [1, 1, 4, 4, 1, 4, 4, 6, 7, 12, 12, 12, 8, 1],
        "nsubj ROOT nsubj aux ccomp punct prep pobj acl mark nsubj aux ccomp punct",
        "PROPN VERB PRON AUX VERB PUNCT ADP NOUN VERB SCONJ NOUN AUX VERB PUNCT",
        "X confirm he be leave , with source indicate that talk have end .",
        {4, 12},
    )
    doc = parsed(blank_nlp, tokens)
    items = [
        Placed(content=(2, 13), cue=(1, 2), speaker=0, direct=False),
        Placed(content=(10, 13), cue=(8, 9), speaker=7, direct=False),
    ]
    assert untangle(doc, items) == [(2, 5), (10, 13)]
    # A cue the parse gave no content of its own ends the outer content all the same, and
    # yields none ('So when X signaled that A, Barrett said, “B”').
    assert untangle(doc, items[:1], items[1:]) == [(2, 5)]


def _expect_tokens() -> list[Tok]:
    # Officials expect that talks resume soon.
    return _tokens(
        "Officials expect that talks resume soon .",
        [1, 1, 4, 4, 1, 4, 1],
        "nsubj ROOT mark nsubj ccomp advmod punct",
        "NOUN VERB SCONJ NOUN VERB ADV PUNCT",
        "official expect that talk resume soon .",
        {5, 6},
    )


def test_quotes_learned_layer_adds_a_verb_the_rules_do_not_list(blank_nlp: Language) -> None:
    model = AttributionModel({"lemma=expect": 4.0}, bias=-2.0, threshold=0.5)
    doc = parsed(blank_nlp, _expect_tokens())
    assert quotes_of(doc) == []  # "expect" is no reporting verb of the rules
    QuoteExtractor(model)(doc)
    [quote] = doc.spans[QUOTES]
    assert (quote.label_, quote.text, quote._.claimx_cue.text) == (
        "indirect",
        "talks resume soon",
        "expect",
    )
    assert quote._.claimx_speaker.text == "Officials"


def test_quotes_learned_layer_keeps_below_threshold_out(blank_nlp: Language) -> None:
    model = AttributionModel({"lemma=expect": 1.0}, bias=-2.0, threshold=0.5)
    doc = parsed(blank_nlp, _expect_tokens())
    QuoteExtractor(model)(doc)
    assert list(doc.spans[QUOTES]) == []


def test_quotes_learned_layer_takes_no_noun_an_evaluative_verb_judges(
    blank_nlp: Language,
) -> None:
    # Trump lauded Tokayev 's decision: however sure the model, no quote.
    tokens = _praised("Tokayev 's decision", "PROPN PART NOUN", {2, 4})
    tokens[1] = Tok("lauded", 1, "ROOT", "VERB", "laud")
    doc = parsed(blank_nlp, tokens)
    QuoteExtractor(AttributionModel({}, bias=10.0, threshold=0.5))(doc)
    assert list(doc.spans[QUOTES]) == []


def test_quotes_shipped_attribution_model_loads() -> None:
    model = default_model()
    assert model is not None
    assert 0 < model.threshold < 1
    assert model.weights


def _expected_to_close() -> list[Tok]:
    # The plant is expected to close.
    return _tokens(
        "The plant is expected to close .",
        [1, 3, 3, 3, 5, 3, 3],
        "det nsubjpass auxpass ROOT aux xcomp punct",
        "DET NOUN AUX VERB PART VERB PUNCT",
        "the plant be expect to close .",
        {5, 6},
    )


def test_quotes_speaker_model_leaves_an_impersonal_report_without_speaker(
    blank_nlp: Language,
) -> None:
    cues = AttributionModel({"lemma=expect": 4.0}, bias=-2.0, threshold=0.5)
    doc = parsed(blank_nlp, _expected_to_close())
    features = speaker_features(doc, (3, 4), 1, "indirect")
    assert {"lemma=expect", "passive", "spk_dep=nsubjpass"} <= set(features)
    QuoteExtractor(cues)(doc)
    [quote] = doc.spans[QUOTES]
    assert quote._.claimx_speaker.text == "The plant"  # the rules take the subject
    speakers = SpeakerModel({"passive_lemma=expect": 3.0}, bias=-2.0, threshold=0.5)
    QuoteExtractor(cues, speakers)(doc)
    [quote] = doc.spans[QUOTES]
    assert quote.text == "to close"
    assert quote._.claimx_speaker is None
    assert quote._.claimx_speaker_entity is None


def test_quotes_speaker_model_keeps_a_speaker_below_threshold(blank_nlp: Language) -> None:
    speakers = SpeakerModel({"passive_lemma=expect": 3.0}, bias=-2.0, threshold=0.5)
    doc = parsed(blank_nlp, _direct_then_cue(), [(6, 7, "PERSON", "Donald Trump")])
    QuoteExtractor(None, speakers)(doc)
    [quote] = doc.spans[QUOTES]
    assert quote._.claimx_speaker.text == "Trump"


def test_quotes_shipped_speaker_model_loads() -> None:
    model = default_speaker_model()
    assert model is not None
    assert 0 < model.threshold < 1
    assert model.weights


def test_quotes_report_inside_its_content_spans_both_parts(blank_nlp: Language) -> None:
    # This campaign, he says, is different.  (the parser hangs both commas on the cue)
    tokens = _tokens(
        "This campaign , he says , is different .",
        [1, 6, 4, 4, 6, 4, 6, 6, 6],
        "det nsubj punct nsubj parataxis punct ROOT acomp punct",
        "DET NOUN PUNCT PRON VERB PUNCT AUX ADJ PUNCT",
        "this campaign , he say , be different .",
        {1, 4, 7},
    )
    [quote] = quotes_of(parsed(blank_nlp, tokens))
    assert quote[:4] == ("indirect", "This campaign, he says, is different", "says", "he")


def _claim_tokens() -> list[Tok]:
    # His claim that taxes fell was wrong.
    return _tokens(
        "His claim that taxes fell was wrong .",
        [1, 5, 4, 4, 1, 5, 5, 5],
        "poss nsubj mark nsubj acl ROOT acomp punct",
        "PRON NOUN SCONJ NOUN VERB AUX ADJ PUNCT",
        "his claim that tax fall be wrong .",
        {6},
    )


def test_quotes_learned_layer_takes_a_noun_cue_with_its_possessor(blank_nlp: Language) -> None:
    model = AttributionModel({"lemma=n:claim": 4.0}, -2.0, 0.5, ["n:claim|noun_clause"])
    doc = parsed(blank_nlp, _claim_tokens())
    QuoteExtractor(model)(doc)
    [quote] = doc.spans[QUOTES]
    assert (quote.text, quote._.claimx_cue.text, quote._.claimx_speaker.text) == (
        "taxes fell",
        "claim",
        "His",
    )


def test_quotes_learned_filter_rejects_a_pair_never_seen_as_a_cue(blank_nlp: Language) -> None:
    # However high the score, a (lemma, frame) pair outside the filter yields nothing.
    sure = {"lemma=expect": 9.0, "lemma=n:claim": 9.0}
    for tokens in (_expect_tokens(), _claim_tokens()):
        doc = parsed(blank_nlp, tokens)
        QuoteExtractor(AttributionModel(sure, 0.0, 0.5, ["expect|dobj", "n:claim|noun_of"]))(doc)
        assert list(doc.spans[QUOTES]) == []
    doc = parsed(blank_nlp, _expect_tokens())
    QuoteExtractor(AttributionModel(sure, 0.0, 0.5, ["expect|ccomp"]))(doc)
    assert [q.text for q in doc.spans[QUOTES]] == ["talks resume soon"]


def test_quotes_learned_raised_subject_is_content_not_speaker(blank_nlp: Language) -> None:
    # Washington appears weak.  The subject is what the report is about: nobody speaks.
    tokens = _tokens(
        "Washington appears weak .",
        [1, 1, 1, 1],
        "nsubj ROOT acomp punct",
        "PROPN VERB ADJ PUNCT",
        "Washington appear weak .",
        {2},
    )
    model = AttributionModel({"kind=raised": 4.0}, -2.0, 0.5, ["appear|raised", "appear|acomp"])
    doc = parsed(blank_nlp, tokens, [(0, 1, "GPE", "Washington")])
    QuoteExtractor(model)(doc)
    [quote] = doc.spans[QUOTES]
    assert (quote.text, quote._.claimx_cue.text) == ("Washington appears weak", "appears")
    assert quote._.claimx_speaker is None


def test_quotes_learned_object_frame_may_keep_its_prepositional_phrase(
    blank_nlp: Language,
) -> None:
    # Reid likened Trump to a leech: 'Trump' alone is what the object frame gives; the
    # 'dobj_prep' frame keeps what the object is likened to.
    tokens = _tokens(
        "Reid likened Trump to a leech .",
        [1, 1, 1, 1, 5, 3, 1],
        "nsubj ROOT dobj prep det pobj punct",
        "PROPN VERB PROPN ADP DET NOUN PUNCT",
        "Reid liken Trump to a leech .",
        {5},
    )
    model = AttributionModel({"kind=dobj_prep": 4.0}, -2.0, 0.5, ["liken|dobj", "liken|dobj_prep"])
    doc = parsed(blank_nlp, tokens, [(0, 1, "PERSON", "Reid"), (2, 3, "PERSON", "Trump")])
    QuoteExtractor(model)(doc)
    [quote] = doc.spans[QUOTES]
    assert (quote.text, quote._.claimx_cue.text, quote._.claimx_speaker.text) == (
        "Trump to a leech",
        "likened",
        "Reid",
    )


def test_quotes_cue_detector_lets_a_lemma_the_filter_never_saw_yield_any_frame(
    blank_nlp: Language,
) -> None:
    # Officials expect that talks resume soon: 'expect' is not among the filter's lemmas; the
    # cue detector, from what the verb governs (a clause opened by 'that'), lets it through.
    ranker = {"kind=ccomp": 4.0}
    sure = CueDetector({"child_first=that|ccomp": 4.0}, bias=-2.0)
    doc = parsed(blank_nlp, _expect_tokens())
    QuoteExtractor(AttributionModel(ranker, -2.0, 0.5, ["n:claim|noun_clause"]))(doc)
    assert list(doc.spans[QUOTES]) == []  # no detector: the filter keeps 'expect' out
    QuoteExtractor(AttributionModel(ranker, -2.0, 0.5, ["n:claim|noun_clause"], sure, 0.5))(doc)
    assert [(q.text, q._.claimx_cue.text) for q in doc.spans[QUOTES]] == [
        ("talks resume soon", "expect")
    ]
    unsure = CueDetector({"child_first=that|ccomp": 1.0}, bias=-2.0)
    QuoteExtractor(AttributionModel(ranker, -2.0, 0.5, ["n:claim|noun_clause"], unsure, 0.5))(doc)
    assert list(doc.spans[QUOTES]) == []  # below the gate


def test_quotes_cue_features_share_a_stem_between_a_verb_and_its_noun(
    blank_nlp: Language,
) -> None:
    doc = parsed(blank_nlp, _claim_tokens())
    features = cue_features(doc[1], lambda i: False)
    assert {"stem=claim", "pos=NOUN", "lemma=n:claim", "lex_stem|NOUN"} <= set(features)
    assert "subj_dep=poss" in features  # the possessor speaks


def test_quotes_cue_detector_opens_a_frame_the_filter_never_saw_for_a_known_lemma(
    blank_nlp: Language,
) -> None:
    # 'expect' is known to the filter with an object only; a sure detector lets its clause
    # through, an unsure one does not.
    ranker = {"kind=ccomp": 4.0}
    doc = parsed(blank_nlp, _expect_tokens())
    sure = CueDetector({"child_first=that|ccomp": 4.0}, bias=-2.0)
    QuoteExtractor(AttributionModel(ranker, -2.0, 0.5, ["expect|dobj"], sure, 0.5))(doc)
    assert [q.text for q in doc.spans[QUOTES]] == ["talks resume soon"]
    unsure = CueDetector({"child_first=that|ccomp": 1.0}, bias=-2.0)
    QuoteExtractor(AttributionModel(ranker, -2.0, 0.5, ["expect|dobj"], unsure, 0.5))(doc)
    assert list(doc.spans[QUOTES]) == []


def _columns(
    nlp: Language, words: str, heads: list[int], deps: str, pos: str, lemmas: str, glued: set[int]
) -> Doc:
    """A Doc hand-parsed from the columns `_tokens` takes."""
    return parsed(nlp, _tokens(words, heads, deps, pos, lemmas, glued))


def test_quotes_a_reporting_verb_after_a_quotation_speaks_it_whatever_its_parsed_content(
    blank_nlp: Language,
) -> None:
    # “We will win this fight,” said Farid, who built it. (the parse gives "said" the
    # relative clause)
    doc = _columns(
        blank_nlp,
        "“ We will win this fight , ” said Farid , who built it .",
        [8, 3, 3, 8, 5, 3, 8, 8, 8, 8, 9, 12, 8, 12, 8],
        "punct nsubj aux advcl det dobj punct punct ROOT nsubj punct nsubj ccomp dobj punct",
        "PUNCT PRON AUX VERB DET NOUN PUNCT PUNCT VERB PROPN PUNCT PRON VERB PRON PUNCT",
        "“ we will win this fight , ” say Farid , who build it .",
        {0, 5, 6, 9, 13, 14},
    )
    found = [(kind, text, cue, speaker) for kind, text, cue, speaker, _ in quotes_of(doc)]
    assert ("direct", "We will win this fight", "said", "Farid") in found


def test_quotes_a_quotation_before_its_cue_opens_the_cues_next_quotation(
    blank_nlp: Language,
) -> None:
    # “The voters are furious,” Gidley said, “and they are angry.” (the parse gives "said"
    # the second part only): one quote, as the writer interrupted it.
    doc = _columns(
        blank_nlp,
        "“ The voters are furious , ” Gidley said , “ and they are angry . ”",
        [8, 2, 3, 8, 3, 8, 8, 8, 8, 8, 8, 13, 13, 8, 13, 8, 8],
        "punct det nsubj ccomp acomp punct punct nsubj ROOT punct punct cc nsubj ccomp acomp "
        "punct punct",
        "PUNCT DET NOUN AUX ADJ PUNCT PUNCT PROPN VERB PUNCT PUNCT CCONJ PRON AUX ADJ PUNCT PUNCT",
        "“ the voter be furious , ” Gidley say , “ and they be angry . ”",
        {0, 4, 5, 8, 10, 14, 15, 16},
    )
    [(kind, text, cue, speaker, _)] = quotes_of(doc)
    assert text.startswith("The voters are furious") and text.endswith("they are angry.")
    assert (kind, cue, speaker) == ("direct", "said", "Gidley")


def test_quotes_a_colon_hands_the_quotation_to_the_verb_before_it(blank_nlp: Language) -> None:
    # As Cornyn put it: “This person will not be confirmed.” (the root is in the quotation)
    doc = _columns(
        blank_nlp,
        "As Cornyn put it : “ This person will not be confirmed . ”",
        [2, 2, 11, 2, 11, 11, 7, 11, 11, 11, 11, 11, 11, 11],
        "mark nsubj advcl dobj punct punct det nsubjpass aux neg auxpass ROOT punct punct",
        "SCONJ PROPN VERB PRON PUNCT PUNCT DET NOUN AUX PART AUX VERB PUNCT PUNCT",
        "as Cornyn put it : “ this person will not be confirm . ”",
        {3, 5, 11, 12, 13},
    )
    assert quotes_of(doc) == [
        ("direct", "This person will not be confirmed.", "put it", "Cornyn", "Cornyn")
    ]


def test_quotes_a_report_extended_to_its_cues_quotation_is_mixed(blank_nlp: Language) -> None:
    # Cruz would not comment on an executive order “to protect privacy and equality” for
    # workers. The learned layer gives "comment" the order; the quotation, tied to the same
    # cue by the rules, extends it.
    doc = _columns(
        blank_nlp,
        "Cruz would not comment on an executive order “ to protect privacy and equality ” for "
        "workers .",
        [3, 3, 3, 3, 3, 7, 7, 4, 10, 10, 3, 10, 11, 11, 10, 10, 15, 3],
        "nsubj aux neg ROOT prep det amod pobj punct aux advcl dobj cc conj punct prep pobj punct",
        "PROPN AUX PART VERB ADP DET ADJ NOUN PUNCT PART VERB NOUN CCONJ NOUN PUNCT ADP NOUN PUNCT",
        "Cruz would not comment on an executive order “ to protect privacy and equality ” for "
        "worker .",
        {8, 13, 16},
    )
    QuoteExtractor(AttributionModel({"lemma=comment": 4.0}, bias=-2.0, threshold=0.5))(doc)
    kinds = {span.text: span.label_ for span in doc.spans[QUOTES]}
    assert kinds == {"an executive order “to protect privacy and equality”": "mixed"}


def _report_then_quotation(nlp: Language) -> Doc:
    # Jones said that voters backed him. “I will not let you down.” (no cue for the second)
    return _columns(
        nlp,
        "Jones said that voters backed him . “ I will not let you down . ”",
        [1, 1, 4, 4, 1, 4, 1, 11, 11, 11, 11, 11, 11, 11, 11, 11],
        "nsubj ROOT mark nsubj ccomp dobj punct punct nsubj aux neg ROOT dobj prt punct punct",
        "PROPN VERB SCONJ NOUN VERB PRON PUNCT PUNCT PRON AUX PART VERB PRON ADP PUNCT PUNCT",
        "Jones say that voter back he . “ I will not let you down . ”",
        {5, 7, 13, 14, 15},
    )


def test_quotes_continuation_model_decides_whether_a_quotation_carries_on_a_report(
    blank_nlp: Language,
) -> None:
    doc = _report_then_quotation(blank_nlp)
    [(kind, text, _, speaker, _)] = quotes_of(doc)  # without the model, every one carries on
    assert (kind, speaker) == ("mixed", "Jones") and text.endswith("let you down.”")
    doc = _report_then_quotation(blank_nlp)
    against = ContinuationModel({"kind_sent=indirect|next": -10.0}, bias=5.0, threshold=0.5)
    QuoteExtractor(continuations=against)(doc)
    assert [(q.label_, q.text) for q in doc.spans[QUOTES]] == [("indirect", "voters backed him")]


def test_quotes_shipped_continuation_model_loads() -> None:
    model = default_continuation_model()
    assert model is not None and model.weights and 0 < model.threshold < 1


def _kasich(subject_inside_parenthesis: bool) -> list[Tok]:
    # 'Gov. John Kasich (R-OH), said, “We will win.”', parsed the two ways the model does.
    name_dep, name_head = ("dep", 9) if subject_inside_parenthesis else ("nsubj", 9)
    note_dep, note_head = ("nsubj", 9) if subject_inside_parenthesis else ("appos", 2)
    return [
        Tok("Gov.", 2, "compound", "PROPN", "Gov."),
        Tok("John", 2, "compound", "PROPN", "John"),
        Tok("Kasich", name_head, name_dep, "PROPN", "Kasich"),
        Tok("(", 6, "punct", "PUNCT", "(", space=False),
        Tok("R", 6, "compound", "PROPN", "R", space=False),
        Tok("-", 6, "punct", "PUNCT", "-", space=False),
        Tok("OH", note_head, note_dep, "PROPN", "OH", space=False),
        Tok(")", 6, "punct", "PUNCT", ")", space=False),
        Tok(",", 9, "punct", "PUNCT", ","),
        Tok("said", 9, "ROOT", "VERB", "say", space=False),
        Tok(",", 9, "punct", "PUNCT", ","),
        Tok("“", 14, "punct", "PUNCT", "“", space=False),
        Tok("We", 14, "nsubj", "PRON", "we"),
        Tok("will", 14, "aux", "AUX", "will"),
        Tok("win", 9, "ccomp", "VERB", "win", space=False),
        Tok(".", 14, "punct", "PUNCT", ".", space=False),
        Tok("”", 9, "punct", "PUNCT", "”", space=False),
    ]


@pytest.mark.parametrize("subject_inside_parenthesis", [False, True])
def test_quotes_speaker_is_the_name_before_its_party_and_state(
    blank_nlp: Language, subject_inside_parenthesis: bool
) -> None:
    # US news writes "Gov. John Kasich (R-OH)" (221 times in PolNeAR train): the speaker
    # ends before the parenthesis, never inside it ("Gov. John Kasich (R-OH"), and a parse
    # that makes "OH" the subject still gives Kasich.
    entities = [(1, 3, "PERSON", "John Kasich"), (6, 7, "GPE", "Ohio")]
    doc = parsed(blank_nlp, _kasich(subject_inside_parenthesis), entities)
    assert quotes_of(doc) == [("direct", "We will win.", "said", "Gov. John Kasich", "John Kasich")]
