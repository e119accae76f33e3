"""Speaking organisations: a name that reports is labelled ORG, whatever the tagger said.

spaCy's tagger labels outlets and offices by what their names look like: "Axios" a
nationality, "Politico Europe" a place, "White House" a building. A name that speaks ("Axios
reported", "according to Politico Europe", "the White House said") is the organisation behind
it. Groups of people named by nationality or party ("Democrats said", "Russians say") and
countries stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from claimx.nlp.components.quote_cues import word_set
from claimx.nlp.names import ORGANISATION_MISREAD_AS

# Endings of words for members of a nation or party: Republic-an, Chin-ese, Democrat.
_PEOPLE_ENDINGS = ("an", "ese", "ish", "i", "ic", "at", "ist", "im")
# Verbs of saying or publishing: what their subject does, an organisation does by a statement.
# ("The data shows", "White America embracing Obama announced" are no organisations speaking;
# verbs of evidence and thought are left out, and so are misparsed subjects in other clauses.)
SPEECH_VERBS = word_set(
    """
    acknowledge add admit allege announce argue assert claim comment confirm declare deny
    explain insist note post publish reply report respond say state tell tweet warn write
    """
)
# Determiners that make a nationality or party word a person: "another Muslim", "one Republican".
_ONE_OF = frozenset({"a", "an", "another", "one", "every", "each", "any", "no"})


def _reports(verb: Token) -> bool:
    return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in SPEECH_VERBS


def speaks(mention: Span) -> bool:
    """Whether the mention is the source of a report: the subject of a verb of saying,
    'according to X', or 'reported by X'."""
    head = mention.root
    if head.dep_ == "nsubj" and _reports(head.head):
        return True
    if head.dep_ != "pobj":
        return False
    preposition = head.head
    if preposition.lower_ == "to" and preposition.head.lower_ == "according":
        return True
    return preposition.dep_ == "agent" and _reports(preposition.head)


def _names_people(mention: Span) -> bool:
    """'Democrats', 'a Republican', 'Russians': a plural name, or one ending like a word for
    members of a nation or party, stands for people, not an organisation."""
    last = mention[-1]
    word = last.lemma_.lower() if last.tag_ in ("NNPS", "NNS") else last.lower_
    one_of = any(t.lower_ in _ONE_OF for t in mention.root.lefts)
    return one_of or last.tag_ in ("NNPS", "NNS") or word.endswith(_PEOPLE_ENDINGS)


def speaking_label(label: str, mentions: Iterable[Span]) -> str:
    """ORG for a group of mentions the tagger labelled NORP, LOC or FAC when one of them
    speaks and none names people; else the label unchanged."""
    if label not in ORGANISATION_MISREAD_AS:
        return label
    mentions = list(mentions)
    if any(_names_people(m) for m in mentions):
        return label
    return "ORG" if any(speaks(m) for m in mentions) else label
