"""Entities: one label and one canonical name per real-world entity in an article.

spaCy's NER labels mention by mention, so the same name can be a PERSON in one sentence and a
LAW in the next, and titles, possessives and articles make one person look like several. This
component trims each mention to the name itself, groups mentions of the same entity (exact
name, surname or given name of a full name, acronym of a longer name, common aliases), and
gives each group the label most of its mentions carry and its fullest name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from claimx.nlp.components.line_breaks import is_title_case_line
from claimx.nlp.components.speaker_labels import speaking_label
from claimx.nlp.doc_text import doc_text, span_text
from claimx.nlp.extensions import ENTITIES, register_extensions
from claimx.nlp.names import (
    TITLE_WORDS,
    acronym_key,
    alias_key,
    alias_name,
    demonym_matches,
    initials,
    name_key,
)

# Numbers, dates and times are not entities here: dates have their own records.
NON_ENTITY_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
)
# When votes tie, the label that is most often right for proper names in news.
LABEL_PRIORITY = ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT")
# Head words that make a name a law or agreement, or an organisation, whatever the tagger says.
LAW_HEADS = frozenset(
    {
        "accord",
        "accords",
        "act",
        "treaty",
        "agreement",
        "convention",
        "protocol",
        "pact",
        "charter",
        "amendment",
        "resolution",
        "doctrine",
    }
)
ORG_HEADS = frozenset(
    {
        "ministry",
        "department",
        "council",
        "committee",
        "party",
        "agency",
        "bank",
        "university",
        "administration",
        "commission",
        "parliament",
        "congress",
        "senate",
        "court",
        "army",
        "police",
        "news",
        "times",
        "post",
        "journal",
        "institute",
        "foundation",
        "company",
        "corporation",
        "inc",
        "corp",
        "group",
        "union",
        "association",
        "organization",
        "organisation",
        "forces",
    }
)
EVENT_HEADS = frozenset(
    {
        "summit",
        "conference",
        "war",
        "election",
        "elections",
        "olympics",
        "games",
        "crisis",
        "festival",
        "championship",
        "cup",
    }
)
_POSSESSIVE = re.compile(r"(?:['’]s?)$")
_DETERMINERS = frozenset({"the", "a", "an"})
# Title words that also open names of offices and agencies ("State Department").
_NOT_TITLE_STARTS = frozenset({"of", "state", "foreign", "defense", "defence", "office"})
_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP", "VB", "VBG", "VBN"})


@dataclass
class _Group:
    """Mentions believed to name one entity; `found` are re-found names that NER missed,
    which join the entity but do not vote on its label."""

    mentions: list[Span] = field(default_factory=list)
    found: list[Span] = field(default_factory=list)

    def forms(self) -> list[str]:
        return [span_text(m) for m in self.mentions]

    def votes(self) -> Counter[str]:
        """Label votes; the full name counts most, since NER is surest on full names."""
        full = choose_name(self.forms())
        votes: Counter[str] = Counter()
        modifiers: Counter[str] = Counter()
        for m in self.mentions:
            if _modifies_a_noun(m):
                modifiers[m.label_] += 1
                continue
            votes[m.label_] += 4 if span_text(m) == full and len(m) > 1 else 1
        return votes or modifiers


def _modifies_a_noun(mention: Span) -> bool:
    """'the Trump campaign', 'a White House official': the tagger labels such a name by the
    phrase it modifies, so it says less about the entity than the name standing alone."""
    root = mention.root
    return root.dep_ == "compound" and root.head.i >= mention.end


def trim_mention(span: Span) -> Span | None:
    """The name inside an entity span: no leading article or title, no possessive, no
    trailing headline verb ("Kazakhstan Announces"). None when nothing name-like is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_space or doc[start].lower_ in _DETERMINERS):
        start += 1
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].is_punct or _POSSESSIVE.fullmatch(doc[end - 1].text)
    ):
        end -= 1
    if any("\n" in doc[i].text or doc[i].like_email or doc[i].like_url for i in range(start, end)):
        # A line break inside: the tagger joined a line's last word to the next line's first
        # ("Server\nDocker" in a menu); an address is no name.
        return None
    while end - start > 1 and doc[start].tag_ in _VERB_TAGS:  # "Joining the ..." headlines
        start += 1
        while start < end and doc[start].lower_ in _DETERMINERS:
            start += 1
    label = span.label_
    after_title = _skip_titles(doc, start, end)
    if after_title > start and _head_label(doc[after_title:end].text) is None:
        # A person's title precedes the name: that is better evidence than the tagger's label.
        start, label = after_title, "PERSON"
    elif start > 0 and _is_title(doc[start - 1]) and doc[start - 1].lower_ not in _NOT_TITLE_STARTS:
        label = "PERSON"  # "President Kassym-Jomart Tokayev" with the title outside the span
    # Title case headlines glue a verb to a name: "Kazakhstan Announces", "Trump Confirms".
    while end - start > 1 and doc[end - 1].tag_ in _VERB_TAGS:
        end -= 1
    if start >= end:
        return None
    trimmed = doc[start:end]
    if not any(ch.isalpha() for ch in trimmed.text) or all(_is_title(t) for t in trimmed):
        return None
    if label != "NORP" and not any(ch.isupper() for ch in trimmed.text):
        # Names are capitalised; the small model's lower-case "names" are words it misread
        # ("n’t" as a place, "us" as the US, a @handle). Groups may be written lower case
        # ("conservatives").
        return None
    return Span(doc, start, end, label=label)


def _is_title(token: Token) -> bool:
    return token.text.strip(".").lower() in TITLE_WORDS


def _skip_titles(doc: Doc, start: int, end: int) -> int:
    """Past a leading title ("US President", "Secretary of State", "Israeli Prime Minister"),
    keeping at least one word of the name."""
    i = start
    # A nationality or "former" may stand before the title itself.
    if i + 1 < end and not _is_title(doc[i]) and _is_title(doc[i + 1]):
        i += 1
    if not _is_title(doc[i]) or doc[i].lower_ in _NOT_TITLE_STARTS:
        return start
    while i < end - 1 and _is_title(doc[i]):
        i += 1
    return i


def _head_label(text: str) -> str | None:
    last = text.rsplit(maxsplit=1)[-1].lower().strip(".,")
    if last in LAW_HEADS:
        return "LAW"
    if last in ORG_HEADS:
        return "ORG"
    if last in EVENT_HEADS:
        return "EVENT"
    return None


def choose_label(group_votes: Counter[str], forms: Iterable[str]) -> str:
    """Most votes, priority on ties; a law's, an organisation's or an event's head word
    ("Accords", "Ministry", "Summit") decides over the tagger."""
    forms = list(forms)
    heads = Counter(h for h in (_head_label(f) for f in forms) if h)
    if heads:
        return heads.most_common(1)[0][0]
    return max(group_votes.items(), key=lambda kv: (kv[1], -_priority(kv[0])))[0]


def _priority(label: str) -> int:
    return LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)


def choose_name(forms: Iterable[str]) -> str:
    """The fullest form: most words, then spelled out over acronyms, then most frequent.
    A well-known alias stands for its full name ("US" -> "United States")."""
    counts = Counter(forms)
    for form in list(counts):
        full = alias_name(form)
        if full is not None:
            counts[full] += 0
    return max(
        counts,
        key=lambda f: (len(f.split()), sum(ch.islower() for ch in f), counts[f], -len(f)),
    )


@dataclass
class _Candidate:
    """A group that shorter names may fold into, with what the folding compares."""

    group: _Group
    name: str
    words: list[str]
    person: bool
    # What an acronym of the name equals ("uae"), or None for a one-word name (no acronym
    # stands for it): worked out once, not once per shorter name compared with it.
    acronym: str | None = field(init=False)

    def __post_init__(self) -> None:
        self.acronym = initials(self.name) if len(self.name.split()) >= 2 else None


def group_mentions(mentions: list[Span]) -> list[_Group]:
    """Mentions grouped by entity: same name, alias, surname or given name of a full name,
    or acronym."""
    by_key: dict[str, _Group] = {}
    for mention in mentions:
        by_key.setdefault(alias_key(span_text(mention)), _Group()).mentions.append(mention)
    groups = list(by_key.values())
    # Fold short names into a unique longer one that contains them or that they abbreviate;
    # longest first, so a group's name never changes once others may fold into it.
    groups.sort(key=lambda g: -max(len(f.split()) for f in g.forms()))
    merged: list[_Candidate] = []
    for group in groups:
        name = choose_name(group.forms())
        votes = group.votes()
        target = _unique_container(name, votes.most_common(1)[0][0] == "PERSON", merged)
        if target is None:
            merged.append(_Candidate(group, name, name_key(name).split(), "PERSON" in votes))
        else:
            target.group.mentions.extend(group.mentions)
            target.person = target.person or "PERSON" in votes
    return [candidate.group for candidate in merged]


def _unique_container(short: str, is_person: bool, longer: list[_Candidate]) -> _Candidate | None:
    short_words = name_key(short).split()
    acronym = acronym_key(short)
    candidates = []
    for other in longer:
        if len(other.words) <= len(short_words):
            continue
        # "Trump" in "Donald Trump": a person's surname, or the tail of a longer name;
        # "Mekhi" in "Mekhi Gbedey": a person's given name, where stories use it.
        contained = other.words[-len(short_words) :] == short_words and (other.person or is_person)
        given = len(short_words) == 1 and is_person and other.person
        contained = contained or (given and other.words[0] == short_words[0])
        # `is_acronym_of(short, other.name)`, its parts worked out once per name.
        abbreviates = acronym is not None and acronym == other.acronym
        if contained or abbreviates:
            candidates.append(other)
    return candidates[0] if len(candidates) == 1 else None


def _is_demonym(name: str, label: str, places: list[str]) -> bool:
    return (
        label not in ("GPE", "NORP")
        and " " not in name
        and any(place != name and demonym_matches(name, place) for place in places)
    )


def _find_missed_mentions(doc: Doc, groups: list[_Group]) -> None:
    """Add the places NER missed where a group's own name occurs again."""
    matcher = PhraseMatcher(doc.vocab)
    for index, group in enumerate(groups):
        patterns = {
            m.text: Doc(doc.vocab, words=[t.text for t in m])
            for m in group.mentions
            if len(m.text) >= 4 and m.text[0].isupper()
        }
        if patterns:
            matcher.add(str(index), list(patterns.values()))
    taken = {i for group in groups for m in group.mentions for i in range(m.start, m.end)}
    for match_id, start, end in matcher(doc):
        if taken.intersection(range(start, end)):
            continue
        taken.update(range(start, end))
        groups[int(doc.vocab.strings[match_id])].found.append(doc[start:end])


_SENTENCE_END = frozenset(".!?”\"'’")


class _Lines:
    """The lines of a text, found by bisection: looking a line up costs no scan of the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks = [match.start() for match in re.finditer("\n", text)]

    def around(self, start: int, end: int) -> str:
        """The line holding the characters [start, end), its trailing spaces removed."""
        index = bisect_left(self._breaks, start)
        first = self._breaks[index - 1] + 1 if index > 0 else 0
        after = bisect_left(self._breaks, end)
        last = self._breaks[after] if after < len(self._breaks) else len(self.text)
        return self.text[first:last].rstrip()


def _in_headline(span: Span, lines: _Lines) -> bool:
    """Whether the span's line is a title-case headline or subhead: no full stop at its end,
    which a short sentence full of names ("Joe Biden met Jill Biden.") has."""
    line = lines.around(span.start_char, span.end_char)
    return is_title_case_line(line) and line[-1:] not in _SENTENCE_END


def _headline_word_only(mentions: list[Span], label: str, lines: _Lines) -> bool:
    """A lone word of title-case headlines that NER took for a person ("Symbolic but Strategic
    Move"). Title case makes every word look like a name; a person the article is about is
    named in its body too."""
    return label == "PERSON" and all(len(m) == 1 and _in_headline(m, lines) for m in mentions)


class EntityLinker:
    """Writes doc.spans["claimx_entities"]: trimmed mentions with one label and one
    canonical name (span._.claimx_canonical) per entity."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = [
            trimmed
            for ent in doc.ents
            if ent.label_ not in NON_ENTITY_LABELS
            for trimmed in [trim_mention(ent)]
            if trimmed is not None
        ]
        groups = group_mentions(mentions)
        _find_missed_mentions(doc, groups)
        named = [
            (group, choose_name(group.forms()), choose_label(group.votes(), group.forms()))
            for group in groups
        ]
        places = [name for _, name, label in named if label == "GPE"]
        lines = _Lines(doc_text(doc))
        spans = []
        for group, name, voted in named:
            # "Kazakh" in "the Kazakh government" is a nationality, not an organisation.
            # A name that reports ("Axios reported") is an organisation, not a place or people.
            speaking = speaking_label(voted, group.mentions + group.found)
            label = "NORP" if _is_demonym(name, voted, places) else speaking
            if _headline_word_only(group.mentions + group.found, label, lines):
                continue
            for mention in group.mentions + group.found:
                span = Span(doc, mention.start, mention.end, label=label)
                span._.claimx_canonical = name
                spans.append(span)
        doc.spans[ENTITIES] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc


@Language.factory(
    "claimx_entities",
    assigns=["doc._.claimx_entities", "span._.claimx_canonical"],
    requires=["doc.ents"],
)
def make_entity_linker(nlp: Language, name: str) -> EntityLinker:
    register_extensions()
    return EntityLinker()
