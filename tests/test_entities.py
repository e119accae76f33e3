"""Entities: one label and one canonical name per real-world entity."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from claimx.nlp.build import entity_records
from claimx.nlp.components.entities import EntityLinker, choose_label, choose_name
from claimx.nlp.names import alias_key, demonym_matches, is_acronym_of


def _entities(doc: Doc) -> dict[str, tuple[str, list[str]]]:
    EntityLinker()(doc)
    return {e.name: (e.label, [m.text for m in e.mentions]) for e in entity_records(doc)}


def test_entities_group_surname_title_and_possessive_under_full_name(
    make_doc: Callable[..., Doc],
) -> None:
    words = [
        "US",
        "President",
        "Donald",
        "Trump",
        "spoke",
        ".",
        "Trump",
        "’s",
        "envoy",
        "met",
        "Trump",
        ".",
    ]
    doc = make_doc(words, [(0, 4, "PERSON"), (6, 8, "ORG"), (10, 11, "ORG")])
    assert _entities(doc) == {
        "Donald Trump": ("PERSON", ["Donald Trump", "Trump", "Trump"]),
    }


def test_entities_merge_aliases_and_acronyms_of_one_country(
    make_doc: Callable[..., Doc],
) -> None:
    words = [
        "The",
        "U.S.",
        "and",
        "the",
        "United",
        "States",
        "and",
        "US",
        "officials",
        "and",
        "the",
        "UAE",
        "and",
        "the",
        "United",
        "Arab",
        "Emirates",
        ".",
    ]
    doc = make_doc(
        words,
        [(1, 2, "GPE"), (3, 6, "GPE"), (7, 8, "GPE"), (11, 12, "ORG"), (13, 17, "GPE")],
    )
    entities = _entities(doc)
    assert entities["United States"] == ("GPE", ["U.S.", "United States", "US"])
    assert entities["United Arab Emirates"][1] == ["UAE", "United Arab Emirates"]
    assert len(entities) == 2


def test_entities_drop_numbers_dates_and_times(make_doc: Callable[..., Doc]) -> None:
    words = ["16", "views", "on", "Thursday", "at", "12:37", "in", "Paris"]
    doc = make_doc(words, [(0, 1, "CARDINAL"), (3, 4, "DATE"), (5, 6, "TIME"), (7, 8, "GPE")])
    assert list(_entities(doc)) == ["Paris"]


def test_entities_never_cross_a_line_break_nor_take_an_address(
    make_doc: Callable[..., Doc],
) -> None:
    # A menu's "Server\nDocker" was one ORG, "William Chow\n" a name ending in a line break,
    # and an MP's e-mail address a NORP.
    words = ["Server", "\n", "Docker", "William", "Chow", "\n", "mp@parliament.uk", "Paris"]
    ents = [(0, 3, "ORG"), (3, 6, "PERSON"), (6, 7, "NORP"), (7, 8, "GPE")]
    assert _entities(make_doc(words, ents)) == {
        "William Chow": ("PERSON", ["William Chow"]),
        "Paris": ("GPE", ["Paris"]),
    }


def test_entities_drop_lower_case_words_the_tagger_took_for_names(
    make_doc: Callable[..., Doc],
) -> None:
    # "n’t" was listed as a place (GPE) on a New York Times page, "us" as the US.
    words = ["They", "do", "n’t", "want", "us", "in", "Paris", ",", "conservatives", "said"]
    ents = [(2, 3, "GPE"), (4, 5, "GPE"), (6, 7, "GPE"), (8, 9, "NORP")]
    assert list(_entities(make_doc(words, ents))) == ["Paris", "conservatives"]


def test_entities_label_laws_by_head_word_not_by_votes(make_doc: Callable[..., Doc]) -> None:
    words = [
        "the",
        "Abraham",
        "Accords",
        "and",
        "Abraham",
        "Accords",
        "and",
        "the",
        "Abraham",
        "Accords",
    ]
    doc = make_doc(words, [(0, 3, "PERSON"), (4, 6, "PERSON"), (7, 10, "ORG")])
    assert _entities(doc) == {
        "Abraham Accords": ("LAW", ["Abraham Accords", "Abraham Accords", "Abraham Accords"])
    }


def test_entities_find_mentions_ner_missed(make_doc: Callable[..., Doc]) -> None:
    words = ["Steve", "Witkoff", "arrived", ".", "Witkoff", "left", "and", "Witkoff", "spoke"]
    doc = make_doc(words, [(0, 2, "PERSON"), (4, 5, "PERSON")])
    assert _entities(doc)["Steve Witkoff"][1] == ["Steve Witkoff", "Witkoff", "Witkoff"]


def test_entities_keep_distinct_people_who_share_a_surname(
    make_doc: Callable[..., Doc],
) -> None:
    words = ["Joe", "Biden", "and", "Jill", "Biden", "met", "Biden", "."]
    doc = make_doc(words, [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON")])
    assert set(_entities(doc)) == {"Joe Biden", "Jill Biden", "Biden"}


def test_entities_group_a_given_name_under_the_one_full_name_it_opens(
    make_doc: Callable[..., Doc],
) -> None:
    # A story that calls its subject by his given name (The Haitian Times: "Mekhi").
    words = ["Mekhi", "Gbedey", "plays", ".", "Mekhi", "won", "and", "Mekhi", "left", "."]
    doc = make_doc(words, [(0, 2, "PERSON"), (4, 5, "PERSON"), (7, 8, "PERSON")])
    assert _entities(doc) == {"Mekhi Gbedey": ("PERSON", ["Mekhi Gbedey", "Mekhi", "Mekhi"])}


def test_entities_keep_a_given_name_that_opens_two_full_names_apart(
    make_doc: Callable[..., Doc],
) -> None:
    words = ["Donald", "Trump", "and", "Donald", "Tusk", "met", "Donald", "."]
    doc = make_doc(words, [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON")])
    assert set(_entities(doc)) == {"Donald Trump", "Donald Tusk", "Donald"}


def test_entities_person_title_outside_span_votes_person(make_doc: Callable[..., Doc]) -> None:
    words = ["President", "Kassym-Jomart", "Tokayev", "said", "."]
    doc = make_doc(words, [(1, 3, "ORG")])
    assert _entities(doc) == {"Kassym-Jomart Tokayev": ("PERSON", ["Kassym-Jomart Tokayev"])}


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["Trump", "Donald Trump", "Trump"], "Donald Trump"),
        (["US", "U.S."], "United States"),
        (["UAE", "United Arab Emirates"], "United Arab Emirates"),
    ],
)
def test_entities_choose_fullest_name(forms: list[str], expected: str) -> None:
    assert choose_name(forms) == expected


def test_entities_choose_label_majority_with_priority_on_ties() -> None:
    from collections import Counter

    assert choose_label(Counter({"ORG": 2, "PERSON": 2}), ["Smith"]) == "PERSON"
    assert choose_label(Counter({"ORG": 3, "PERSON": 1}), ["Acme"]) == "ORG"


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("UAE", "United Arab Emirates", True),
        ("U.S.", "United States", True),
        ("US", "Ukraine", False),
        ("Un", "United Nations", False),
    ],
)
def test_names_acronyms(short: str, long: str, expected: bool) -> None:
    assert is_acronym_of(short, long) is expected


@pytest.mark.parametrize(
    ("adjective", "place", "expected"),
    [
        ("Kazakh", "Kazakhstan", True),
        ("Israeli", "Israel", True),
        ("Saudi", "Saudi Arabia", True),
        ("American", "America", True),
        ("German", "Kazakhstan", False),
    ],
)
def test_names_demonyms(adjective: str, place: str, expected: bool) -> None:
    assert demonym_matches(adjective, place) is expected


def test_names_alias_key_folds_dots_case_and_articles() -> None:
    assert alias_key("the U.S.") == alias_key("United States") == alias_key("USA")


def test_entities_label_a_nationality_word_norp_not_org(make_doc: Callable[..., Doc]) -> None:
    words = ["the", "Kazakh", "government", "said", "Kazakhstan", "will", "join"]
    doc = make_doc(words, [(1, 2, "ORG"), (4, 5, "GPE")])
    assert _entities(doc) == {
        "Kazakh": ("NORP", ["Kazakh"]),
        "Kazakhstan": ("GPE", ["Kazakhstan"]),
    }


def test_entities_drop_a_lone_headline_word_taken_for_a_person(
    make_doc: Callable[..., Doc],
) -> None:
    words = ["Symbolic", "but", "Strategic", "Move", "\n\n", "Rubio", "praised", "Kazakhstan"]
    doc = make_doc(words, [(0, 1, "PERSON"), (5, 6, "PERSON"), (7, 8, "GPE")])
    assert set(_entities(doc)) == {"Rubio", "Kazakhstan"}


def test_entities_keep_a_headline_person_the_body_names_too(
    make_doc: Callable[..., Doc],
) -> None:
    words = ["Tokayev", "Backs", "the", "Accords", "\n\n", "Tokayev", "said", "yes"]
    doc = make_doc(words, [(0, 1, "PERSON"), (5, 6, "PERSON")])
    assert _entities(doc) == {"Tokayev": ("PERSON", ["Tokayev", "Tokayev"])}


@pytest.mark.parametrize(
    ("words", "heads", "deps", "span", "tagged", "expected"),
    [
        # Axios reported that talks continue: an outlet the tagger took for a nationality.
        (
            ["Axios", "reported", "that", "talks", "continue", "."],
            [1, 1, 4, 4, 1, 1],
            ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
            (0, 1),
            "NORP",
            "ORG",
        ),
        # Talks continue, according to Politico Europe.
        (
            ["Talks", "continue", ",", "according", "to", "Politico", "Europe", "."],
            [1, 1, 1, 1, 3, 6, 4, 1],
            ["nsubj", "ROOT", "punct", "prep", "prep", "compound", "pobj", "punct"],
            (5, 7),
            "LOC",
            "ORG",
        ),
        # Democrats said that talks continue: people named by party stay NORP.
        (
            ["Democrats", "said", "that", "talks", "continue", "."],
            [1, 1, 4, 4, 1, 1],
            ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
            (0, 1),
            "NORP",
            "NORP",
        ),
        # Talks continue at the White House: a building that says nothing stays FAC.
        (
            ["Talks", "continue", "at", "the", "White", "House", "."],
            [1, 1, 1, 5, 5, 2, 1],
            ["nsubj", "ROOT", "prep", "det", "compound", "pobj", "punct"],
            (4, 6),
            "FAC",
            "FAC",
        ),
    ],
)
def test_entities_label_a_name_that_speaks_an_organisation(
    make_doc: Callable[..., Doc],
    words: list[str],
    heads: list[int],
    deps: list[str],
    span: tuple[int, int],
    tagged: str,
    expected: str,
) -> None:
    lemmas = [{"reported": "report", "said": "say"}.get(w, w.lower()) for w in words]
    pos = ["VERB" if w in ("reported", "said", "continue") else "PROPN" for w in words]
    tags = ["NNPS" if w == "Democrats" else "" for w in words]
    doc = make_doc(
        words, [(*span, tagged)], heads=heads, deps=deps, lemmas=lemmas, pos=pos, tags=tags
    )
    [(label, _)] = _entities(doc).values()
    assert label == expected


def test_entities_label_a_name_by_its_mentions_that_stand_alone(
    make_doc: Callable[..., Doc],
) -> None:
    """'the Trump campaign' is tagged by the phrase the name modifies: such mentions do not
    outvote the name standing alone."""
    words = [
        "The",
        "Trump",
        "campaign",
        "said",
        ".",
        "Trump",
        "campaign",
        "aides",
        "left",
        ".",
        "Trump",
        "spoke",
        ".",
    ]
    heads = [2, 2, 3, 3, 3, 6, 7, 8, 8, 8, 11, 11, 11]
    deps = ["det", "compound", "nsubj", "ROOT", "punct", "compound", "compound", "nsubj"]
    deps += ["ROOT", "punct", "nsubj", "ROOT", "punct"]
    doc = make_doc(
        words, [(1, 2, "ORG"), (5, 6, "ORG"), (10, 11, "PERSON")], heads=heads, deps=deps
    )
    assert _entities(doc) == {"Trump": ("PERSON", ["Trump", "Trump", "Trump"])}


def test_entities_label_a_name_that_only_modifies_by_those_mentions(
    make_doc: Callable[..., Doc],
) -> None:
    words = ["The", "Trump", "campaign", "said", "."]
    doc = make_doc(
        words,
        [(1, 2, "ORG")],
        heads=[2, 2, 3, 3, 3],
        deps=["det", "compound", "nsubj", "ROOT", "punct"],
    )
    assert _entities(doc) == {"Trump": ("ORG", ["Trump"])}


@pytest.mark.parametrize(
    "words",
    [
        ["Superintendent", "Robert", "Runcie", "spoke", "."],
        ["Congressman", "Robert", "Runcie", "spoke", "."],
        ["Attorney", "General", "Robert", "Runcie", "spoke", "."],
        ["Coach", "Robert", "Runcie", "spoke", "."],
    ],
)
def test_entities_leave_a_title_out_of_the_name(
    make_doc: Callable[..., Doc], words: list[str]
) -> None:
    doc = make_doc(words, [(0, len(words) - 2, "PERSON")])
    assert list(_entities(doc)) == ["Robert Runcie"]
