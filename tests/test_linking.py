"""Canonical names across the articles of one run."""

from __future__ import annotations

from claimx.link.canonical_names import CanonicalNames
from claimx.records import ArticleRecord, Entity, Mention, Quote, Source, Speaker, TextSpan


def _record(doc_id: str, *entities: tuple[str, str], speaker: str | None = None) -> ArticleRecord:
    quotes = []
    if speaker:
        quotes.append(
            Quote(
                text="x",
                start=0,
                end=1,
                kind="direct",
                cue=TextSpan(text="said", start=2, end=6),
                speaker=Speaker(text=speaker, start=7, end=8, entity=speaker),
            )
        )
    return ArticleRecord(
        id=doc_id,
        source=Source(path=doc_id, format="text"),
        entities=[
            Entity(name=n, label=lab, mentions=[Mention(text=n, start=0, end=len(n))])
            for n, lab in entities
        ],
        quotes=quotes,
    )


def test_linking_names_a_later_surname_after_an_earlier_full_name() -> None:
    names = CanonicalNames()
    names.apply(_record("a", ("Donald Trump", "PERSON")))
    later = names.apply(_record("b", ("Trump", "PERSON"), speaker="Trump"))
    assert [e.name for e in later.entities] == ["Donald Trump"]
    assert later.quotes[0].speaker is not None
    assert later.quotes[0].speaker.entity == "Donald Trump"


def test_linking_leaves_ambiguous_surnames_alone() -> None:
    names = CanonicalNames()
    names.apply(_record("a", ("Joe Biden", "PERSON"), ("Jill Biden", "PERSON")))
    later = names.apply(_record("b", ("Biden", "PERSON")))
    assert [e.name for e in later.entities] == ["Biden"]


def test_linking_merges_entities_that_become_one() -> None:
    names = CanonicalNames()
    names.apply(_record("a", ("United Arab Emirates", "GPE")))
    later = names.apply(_record("b", ("UAE", "GPE"), ("United Arab Emirates", "GPE")))
    assert [(e.name, len(e.mentions)) for e in later.entities] == [("United Arab Emirates", 2)]


def test_an_organisation_that_spoke_earlier_in_the_run_keeps_its_label() -> None:
    """The tagger reads "at the White House" as a building; once the White House has spoken
    as an organisation in the run, it is one in the articles after."""
    names = CanonicalNames()
    first = names.apply(_record("a", ("White House", "FAC")))
    names.apply(_record("b", ("White House", "ORG"), speaker="White House"))
    later = names.apply(_record("c", ("White House", "FAC"), ("Pentagon", "FAC")))
    assert [e.label for e in first.entities] == ["FAC"]
    assert [(e.name, e.label) for e in later.entities] == [
        ("White House", "ORG"),
        ("Pentagon", "FAC"),
    ]


def test_a_country_or_an_organisation_that_never_spoke_keeps_the_taggers_label() -> None:
    names = CanonicalNames()
    names.apply(_record("a", ("Kazakhstan", "GPE"), speaker="Kazakhstan"))
    names.apply(_record("b", ("White House", "ORG")))
    later = names.apply(_record("c", ("Kazakhstan", "GPE"), ("White House", "FAC")))
    assert [e.label for e in later.entities] == ["GPE", "FAC"]
