"""Speakers: the mention as written and the entity it refers to.

The entity comes from the entity layer (`doc.spans["claimx_entities"]`, canonical names in
`span._.claimx_canonical`). A speaker that is not itself an entity mention is resolved by
kind: a pronoun to the most recent compatible subject; "the Kazakh government" through the
entity that modifies it; "the ministry's statement" through its issuer; "the Central Asian
republic" or "the ministry" to the most recent matching entity. Anonymous sources ("a U.S.
official", "observers") keep their mention and get no entity.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimx.nlp.components.quote_cues import word_set
from claimx.nlp.extensions import ENTITIES

PERSON_LABELS = frozenset({"PERSON"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they"})
# What each group pronoun may stand for: a place is "it", a people or a party "they".
_PRONOUN_LABELS = {
    "it": frozenset({"ORG", "GPE"}),
    "they": frozenset({"ORG", "NORP"}),
}
# "Graham, who has vowed ...": the speaker as written is "who", the entity its antecedent.
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# Nouns naming an organisation that a modifying entity identifies: "the Kazakh government".
ORGANISATION_NOUNS = word_set(
    """
    administration agency army authorities cabinet campaign committee company council court
    delegation department embassy firm foundation government leadership military ministry
    newspaper office outlet parliament party police presidency regime spokesman spokesperson
    spokeswoman team
    """
)
# Nouns for a country already named: "the Central Asian republic".
COUNTRY_NOUNS = frozenset({"country", "nation", "republic", "state", "kingdom", "emirate"})
# Texts that speak for whoever issued them: "the statement reads" is the issuer speaking.
# Not quote_cues.PUBLISHED_TEXT_NOUNS: that list is of texts whose publisher is the speaker.
ISSUED_TEXT_NOUNS = word_set(
    """
    announcement communique declaration document filing letter memo notice post readout
    release report statement tweet
    """
)
# Endings that turn a country's name into its nationality word: Israel-i, Chin-ese, Kazakh.
_DEMONYM_SUFFIXES = ("ese", "ian", "ish", "an", "i")
_MODIFIER_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod"})
_RIGHT_DEPS = frozenset({"appos", "compound", "flat", "nummod", "case"})
_PUNCT_BETWEEN = frozenset({",", "(", ")", "—", "–"})
# Subjects this many tokens back still count as the likely antecedent of a pronoun.
_ANTECEDENT_WINDOW = 400


def speaker_span(head: Token) -> Span:
    """The speaker's noun phrase as written, without relative clauses or trailing phrases."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in _MODIFIER_DEPS or child.dep_ == "case":
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in _RIGHT_DEPS or (child.dep_ == "prep" and child.lower_ == "of"):
            end = child.right_edge.i + 1
        elif not (child.is_punct and child.text in _PUNCT_BETWEEN):
            break
    # A parenthesis after the name ("Kasich (R-OH)", "the Organization (WHO)") annotates it:
    # the speaker ends before it, never inside it.
    for i in range(head.i + 1, end):
        if doc[i].text == "(":
            end = i
            break
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    # A parse that runs over a line break (a subhead above) must not drag it in.
    for i in range(head.i - 1, start - 1, -1):
        if "\n" in doc[i].text_with_ws:
            start = i + 1
            break
    while start < head.i and doc[start].is_space:  # blanked boilerplate (a dateline) before it
        start += 1
    return doc[start:end]


# Tokens a parenthesis after a name may hold: "(R-OH)", "(D-Calif.)", "(WHO)".
_PARENTHESIS_WINDOW = 6


def outside_parentheses(head: Token) -> Token:
    """The name a parenthesis annotates when `head` lies inside it: the parser sometimes
    makes "OH" of "Gov. John Kasich (R-OH), said" the subject; the speaker is Kasich."""
    doc = head.doc
    opening = None
    for i in range(head.i - 1, max(head.i - _PARENTHESIS_WINDOW, 0) - 1, -1):
        if doc[i].text in {"(", ")"}:
            opening = i if doc[i].text == "(" else None
            break
    if opening is None or opening == 0:
        return head
    closes = any(
        doc[i].text == ")" for i in range(head.i + 1, min(head.i + _PARENTHESIS_WINDOW, len(doc)))
    )
    named = doc[opening - 1]
    return named if closes and named.pos_ == "PROPN" else head


_SUBJECTS = ("nsubj", "nsubjpass")


def _names_its_subject(span: Span) -> bool:
    """A name the tagger cut short of its last word, which is the subject ("The California
    Independent System [Operator] said"); a common noun after it is another subject ("a
    U.S. official said")."""
    root = span.root
    head = root.head
    return (
        root.dep_ == "compound"
        and head.dep_ in _SUBJECTS
        and head.pos_ == "PROPN"
        and span.label_ != "NORP"
    )


def _titles(title: Token, mention: _Mention) -> bool:
    """Whether `title` is said of the name `mention` spans: it modifies a word of the name,
    or the name stands in apposition to it."""
    if mention.start <= title.i < mention.end:
        return True
    if mention.start <= title.head.i < mention.end:
        return True
    return any(
        title.doc[i].head == title and title.doc[i].dep_ == "appos"
        for i in range(mention.start, mention.end)
    )


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    label: str
    canonical: str
    is_subject: bool


class SpeakerResolver:
    """Resolves speaker heads of one Doc to canonical entity names."""

    def __init__(self, doc: Doc, quoted: list[bool]) -> None:
        self.doc = doc
        spans = doc.spans.get(ENTITIES, [])
        mentions = []
        self._entity_at: dict[int, _Mention] = {}
        for span in spans:
            canonical = span._.claimx_canonical or span.text
            is_subject = any(t.dep_ in _SUBJECTS for t in span) or _names_its_subject(span)
            mention = _Mention(span.start, span.end, span.label_, canonical, is_subject)
            for i in range(span.start, span.end):
                self._entity_at[i] = mention
            if not quoted[span.start]:
                mentions.append(mention)
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]
        # Plural common-noun subjects ("Others who tracked him see ..."): a later "they" may
        # be them, who have no entity, rather than an older named group.
        self._plural_subjects = [
            t.i
            for t in doc
            if t.dep_ in _SUBJECTS
            and t.pos_ == "NOUN"
            and t.morph.get("Number", []) == ["Plur"]
            and t.i not in self._entity_at
            and not quoted[t.i]
        ]
        self._speakers: list[tuple[int, str, str]] = []  # (token, canonical, label)

    def remember(self, head: int, canonical: str) -> None:
        """Note a resolved speaker: 'the statement' later refers to its issuer."""
        mention = self._entity_at.get(head)
        label = mention.label if mention is not None else "ORG"
        self._speakers.append((head, canonical, label))

    def resolve(self, head: Token) -> str | None:
        """The canonical name of the entity `head` refers to, or None if anonymous."""
        mention = self._entity_at.get(head.i)
        if mention is not None:
            return mention.canonical
        for child in head.rights:
            if child.dep_ == "appos" and child.i in self._entity_at:
                return self._entity_at[child.i].canonical
        lower, lemma = head.lower_, head.lemma_.lower()
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return self.resolve(head.head.head)
        if lower in PERSON_PRONOUNS:
            return self._antecedent(head.i, PERSON_LABELS)
        if lower in GROUP_PRONOUNS:
            antecedent = self._antecedent_mention(head.i, _PRONOUN_LABELS[lower])
            if lower == "they" and (
                # "They" of a group named only in passing ("the members of the council")
                # is too often someone else: a named group must have been a subject.
                (antecedent is not None and not antecedent.is_subject)
                or self._plural_subject_after(antecedent, head)
            ):
                return None
            return antecedent.canonical if antecedent is not None else None
        definite = self._is_definite(head)
        if lemma in ISSUED_TEXT_NOUNS:
            return self._issuer(head)
        if lemma in ORGANISATION_NOUNS:
            for child in head.children:
                if child.dep_ in ("amod", "compound", "poss") and child.i in self._entity_at:
                    return self._country_of(self._entity_at[child.i])
                if child.dep_ == "prep" and child.lower_ == "of":
                    # "the government of Freedonia"
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and pobj.i in self._entity_at:
                            return self._entity_at[pobj.i].canonical
            if definite:
                return self._named_like(head)
            return None
        if lemma in COUNTRY_NOUNS and definite:
            return self._antecedent(head.i, frozenset({"GPE"}))
        if head.pos_ == "PROPN":
            # A name the tagger cut short of its head word is the entity it did tag; a
            # party or nationality before a title describes a person ("the Conservative MP").
            for child in head.lefts:
                mention = self._entity_at.get(child.i) if child.dep_ == "compound" else None
                if mention is not None and mention.label == "NORP":
                    return self._titled(head) if definite else None
                if mention is not None:
                    return mention.canonical
            return self._name(head)
        if definite and head.pos_ == "NOUN":
            return self._titled(head)
        return None

    @staticmethod
    def _is_definite(head: Token) -> bool:
        return any(
            (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss"
            for c in head.lefts
        )

    def _country_of(self, mention: _Mention) -> str:
        """'the Kazakh government' speaks for Kazakhstan: a nationality word stands for the
        country the article names with that stem, if it names one."""
        if mention.label != "NORP":
            return mention.canonical
        word = mention.canonical
        for suffix in _DEMONYM_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        for other in self._mentions:
            if other.label == "GPE" and other.canonical.startswith(word):
                return other.canonical
        return mention.canonical

    def _name(self, head: Token) -> str:
        """An untagged proper name: its compound words as written."""
        start = min([c.i for c in head.lefts if c.dep_ == "compound"] + [head.i])
        return self.doc[start : head.i + 1].text

    def _antecedent(self, before: int, labels: frozenset[str]) -> str | None:
        mention = self._antecedent_mention(before, labels)
        return mention.canonical if mention is not None else None

    def _antecedent_mention(self, before: int, labels: frozenset[str]) -> _Mention | None:
        """The most recent compatible entity, a subject if one is near enough."""
        index = bisect_left(self._starts, before)
        fallback: _Mention | None = None
        for mention in reversed(self._mentions[:index]):
            if mention.label not in labels:
                continue
            if mention.is_subject:
                return mention
            if fallback is None:
                fallback = mention
            if before - mention.start > _ANTECEDENT_WINDOW:
                break
        return fallback

    def _plural_subject_after(self, antecedent: _Mention | None, head: Token) -> bool:
        """Whether a plural common-noun subject of an earlier sentence comes after the named
        antecedent (if any) and near enough: the likelier referent of "they". Subjects of the
        pronoun's own sentence do not count: they are what it reports on."""
        index = bisect_left(self._plural_subjects, head.sent.start)
        if index == 0:
            return False
        subject = self._plural_subjects[index - 1]
        if head.i - subject > _ANTECEDENT_WINDOW:
            return False
        return antecedent is None or antecedent.start < subject

    def _issuer(self, head: Token) -> str | None:
        """Who issued a statement: its possessor, 'from X', or the last speaker."""
        for child in head.children:
            if child.dep_ == "poss":
                return self.resolve(child)
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.resolve(pobj)
        for token, canonical, label in reversed(self._speakers):
            if token < head.i and label in GROUP_LABELS:
                return canonical
        return None

    def _named_like(self, head: Token) -> str | None:
        """'the ministry': the most recent entity whose name holds that word."""
        word = head.lower_
        index = bisect_left(self._starts, head.i)
        for mention in reversed(self._mentions[:index]):
            if word in self.doc[mention.start : mention.end].text.lower():
                return mention.canonical
        return None

    def _titled(self, head: Token) -> str | None:
        """'the president': the most recent person introduced with that title."""
        word = head.lower_
        index = bisect_left(self._starts, head.i)
        for mention in reversed(self._mentions[:index]):
            if mention.label not in PERSON_LABELS:
                continue
            window = self.doc[max(0, mention.start - 4) : mention.end]
            # The title must go with the name ("President Tokayev", "the president,
            # Tokayev"), not merely stand near it ("the man entering the Copperfield store").
            if any(t.lower_ == word and _titles(t, mention) for t in window):
                return mention.canonical
        return None
