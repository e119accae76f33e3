"""Where articles disagree: the same fact given different values.

Facts are read off a claim's wording: counts ("five leaders"), ordinals ("the sixth country"),
resolved dates, and lists of named entities of one kind ("Israel, the UAE, Bahrain and
Morocco"). Two facts are about the same thing when they count the same noun, or list the
same kind of entity with most names in common; they conflict when articles give values that
do not overlap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from claimx.compare.similarity import stem
from claimx.records.article import ArticleRecord
from claimx.records.comparison import Conflict, ConflictKind, ConflictValue

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
}  # fmt: skip
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
# Entity labels whose names make up the lists worth comparing, with what to call the items.
LIST_LABELS = {
    "GPE": "countries or places",
    "NORP": "groups",
    "ORG": "organisations",
    "PERSON": "people",
    "LOC": "places",
}
# Nouns an ordinal counts entities of a label with: "the sixth country to join".
MEMBER_NOUNS = {
    "GPE": ("country", "nation", "state"),
    "ORG": ("company", "organization", "organisation", "member"),
    "PERSON": ("person", "man", "woman", "leader"),
}
# Labels whose names say whose figure or list it is: two polls of different states are two slots.
OWNER_LABELS = ("PERSON", "GPE", "ORG", "NORP")
MIN_LIST = 3  # names of one kind that make a list rather than a passing mention
MAX_LIST_GAP_WORDS = 4  # "the UAE and Bahrain established ties with Israel": still one list

CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen"}

_NUMBER = re.compile(
    r"([$€£¥])?(?<![\w.,])(\d+(?:[.,]\d+)*|" + "|".join(NUMBER_WORDS) + r")"
    r"(?:\s+(" + "|".join(SCALES) + r"))?\b",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"\b(\d+(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*|[^\sA-Za-z]")
_STOP = {"of", "the", "a", "an", "in", "to", "for", "and", "or", "more", "than", "about", "some"}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOUN_WINDOW = 3  # words after a number searched for what it counts


@dataclass(frozen=True)
class Named:
    """An entity mention inside a wording: offsets are relative to the wording."""

    name: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    """One wording of a claim in one article, with what conflict detection needs of it."""

    article: str
    text: str
    start: int
    end: int
    dates: tuple[str, ...] = ()
    entities: tuple[Named, ...] = ()  # each entity mention inside, in text order
    masked: tuple[tuple[int, int], ...] = ()  # spans of `text` that hold dates, not counts

    def is_masked(self, start: int, end: int) -> bool:
        return any(start < m_end and m_start < end for m_start, m_end in self.masked)


@dataclass
class _Fact:
    kind: ConflictKind
    nouns: frozenset[str]
    value: str
    statement: Statement
    names: frozenset[str] = field(default_factory=frozenset)
    phrase: str = ""  # what is counted, as written: "Central Asian leaders"
    at: int = -1  # where the figure starts in the wording, for numbers and ordinals


def statement_entities(record: ArticleRecord, start: int, end: int) -> tuple[Named, ...]:
    """The entity mentions between `start` and `end` of the record's text, in text order."""
    inside = [
        Named(entity.name, entity.label, mention.start - start, mention.end - start)
        for entity in record.entities
        for mention in entity.mentions
        if start <= mention.start and mention.end <= end
    ]
    return tuple(sorted(inside, key=lambda n: n.start))


def entity_lists(statement: Statement) -> list[tuple[str, list[str]]]:
    """Runs of names of one kind close together: 'Israel and the UAE, Bahrain, and Morocco'.

    Names of one label whose neighbours are at most a few words away make a run; a run of
    MIN_LIST names or more is a list. Names scattered over a long sentence are not.
    """
    lists = []
    for label in LIST_LABELS:
        mentions = [n for n in statement.entities if n.label == label]
        run: list[Named] = []
        for mention in [*mentions, None]:
            if mention is not None and (not run or _close(statement.text, run[-1], mention)):
                run.append(mention)
                continue
            names = list(dict.fromkeys(n.name for n in run))
            if len(names) >= MIN_LIST:
                lists.append((label, names))
            run = [mention] if mention is not None else []
    return lists


def _close(text: str, before: Named, after: Named) -> bool:
    gap = text[before.end : after.start]
    return len(gap.split()) <= MAX_LIST_GAP_WORDS and not re.search(r"[.;:!?]", gap)


def _counted_nouns(text: str, after: int) -> tuple[frozenset[str], str]:
    """Stems of the words right after a number, what it counts ('Central Asian leaders'),
    and those words as written."""
    nouns: list[str] = []
    written: list[str] = []
    for word in _WORD.findall(text[after:]):
        if not word[0].isalpha():
            break
        written.append(word)
        if word.lower() in _STOP:
            continue
        nouns.append(stem(word.lower()))
        if len(nouns) == _NOUN_WINDOW:
            break
    return frozenset(nouns), " ".join(written)


def _number_value(number: str, scale: str | None) -> str | None:
    word = number.lower()
    if word in NUMBER_WORDS:
        value = float(NUMBER_WORDS[word])
    else:
        try:
            value = float(number.replace(",", ""))
        except ValueError:
            return None
    if scale:
        value *= SCALES[scale.lower()]
    if value >= 1e15:
        return None
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def _is_year(number: str, scale: str | None) -> bool:
    return scale is None and number.isdigit() and len(number) == 4 and 1800 <= int(number) <= 2100


def facts(statement: Statement) -> list[_Fact]:
    """The comparable facts of one wording."""
    text = statement.text
    found: list[_Fact] = []
    for match in _NUMBER.finditer(text):
        currency, number, scale = match.group(1), match.group(2), match.group(3)
        value = _number_value(number, scale)
        nouns, phrase = _counted_nouns(text, match.end())
        if currency:  # "$17 billion" counts dollars, like "17 billion dollars"
            nouns |= {stem(CURRENCIES[currency])}
            phrase = phrase or CURRENCIES[currency]
        if statement.is_masked(match.start(), match.end()) or _is_year(number, scale):
            continue
        if value is not None and nouns:
            found.append(_Fact("number", nouns, value, statement, phrase=phrase, at=match.start()))
    for match in _ORDINAL.finditer(text):
        if statement.is_masked(match.start(), match.end()):
            continue
        word = match.group(1).lower()
        value = str(ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word)))
        nouns, phrase = _counted_nouns(text, match.end())
        if nouns:
            written = f"{match.group(1)} {phrase}"
            found.append(
                _Fact("ordinal", nouns, value, statement, phrase=written, at=match.start())
            )
    days = sorted({d for d in statement.dates if _DAY.match(d)})
    if days:
        found.append(_Fact("date", frozenset(), ", ".join(days), statement))
    for label, names in entity_lists(statement):
        listed = frozenset(names)
        value = ", ".join(sorted(listed))
        found.append(_Fact("list", frozenset({label}), value, statement, names=listed))
    return found


def _same_subject(a: _Fact, b: _Fact) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "list":
        shared = len(a.names & b.names)
        return a.nouns == b.nouns and shared >= 2 and shared * 2 >= min(len(a.names), len(b.names))
    if a.kind == "date":
        return True
    return bool(a.nouns & b.nouns)


def _joins(
    group: Sequence[_Fact], fact: _Fact, same_slot: Callable[[_Fact, _Fact], bool] | None
) -> bool:
    """A fact joins a group about the same thing as one member; with a slot test, filling one
    slot with that member (of another article), and naming the same owners as every member
    ('Trump won A, B, C' and 'Clinton won A, B, D' are never joined through a third list)."""
    if same_slot is None:
        return any(_same_subject(member, fact) for member in group)
    if any(_owners_clash(member, fact) for member in group):
        return False
    return any(
        _same_subject(member, fact)
        and (member.statement.article == fact.statement.article or same_slot(member, fact))
        for member in group
    )


def owners(statement: Statement) -> dict[str, frozenset[str]]:
    """The names of each owner label (OWNER_LABELS) a wording gives."""
    found: dict[str, set[str]] = {}
    for named in statement.entities:
        if named.label in OWNER_LABELS:
            found.setdefault(named.label, set()).add(named.name)
    return {label: frozenset(names) for label, names in found.items()}


def _owners_clash(a: _Fact, b: _Fact) -> bool:
    """Two lists whose wordings name different owners of a kind other than the listed one."""
    if a.kind != "list" or b.kind != "list" or a.statement.article == b.statement.article:
        return False
    listed = a.nouns | b.nouns
    first, second = owners(a.statement), owners(b.statement)
    return any(
        first[label] != second[label]
        for label in first.keys() & second.keys()
        if label not in listed
    )


def _about(kind: ConflictKind, group: Sequence[_Fact], context: str) -> str:
    if kind == "list":
        label = next(iter(group[0].nouns))
        return f"which {LIST_LABELS[label]}: {context}"
    if kind == "date":
        return f"when: {context}"
    question = "how many" if kind == "number" else "which rank"
    return f"{question} ({group[0].phrase}): {context}"


def _disagree(group: Sequence[_Fact]) -> bool:
    """Articles disagree when two of them give value sets with nothing in common; lists of
    the same names (one written shorter: 'Korea', 'South Korea') are one value."""
    per_article: dict[str, list[_Fact]] = defaultdict(list)
    for fact in group:
        per_article[fact.statement.article].append(fact)
    sets = list(per_article.values())
    return any(
        not any(_same_value(x, y) for x in a for y in b)
        for i, a in enumerate(sets)
        for b in sets[i + 1 :]
    )


def _same_value(a: _Fact, b: _Fact) -> bool:
    if a.value == b.value:
        return True
    if a.kind != "list" or b.kind != "list" or len(a.names) != len(b.names):
        return False
    return all(any(alias(x, y) for y in b.names) for x in a.names) and all(
        any(alias(y, x) for x in a.names) for y in b.names
    )


def alias(a: str, b: str) -> bool:
    """One name written as the other or shorter: 'Korea' and 'South Korea', 'Clinton' and
    'Hillary Clinton'."""
    first, second = set(a.lower().split()), set(b.lower().split())
    return first <= second or second <= first


def find_conflicts(
    statements: Iterable[Statement],
    context: str,
    *,
    same_slot: Callable[[_Fact, _Fact], bool] | None = None,
) -> list[Conflict]:
    """Conflicts among wordings of one claim (or claims about the same thing).

    `same_slot`, when given, must also hold of two facts of different articles for them to
    be about one thing (claimx.compare.slots)."""
    all_facts = [f for s in statements for f in facts(s)]
    conflicts: list[Conflict] = []
    used: set[int] = set()
    for i, fact in enumerate(all_facts):
        if i in used:
            continue
        group = [fact]
        used.add(i)
        grown = True
        while grown:  # one pass, as ever; with a slot test, until no fact joins
            grown = False
            for j in range(i + 1, len(all_facts)):
                if j not in used and _joins(group, all_facts[j], same_slot):
                    group.append(all_facts[j])
                    used.add(j)
                    grown = same_slot is not None
        position = {id(f): k for k, f in enumerate(all_facts)}
        group.sort(key=lambda f: position[id(f)])
        if len({f.statement.article for f in group}) < 2 or not _disagree(group):
            continue
        values = [
            ConflictValue(
                article=f.statement.article,
                value=f.value,
                text=f.statement.text,
                start=f.statement.start,
                end=f.statement.end,
            )
            for f in group
        ]
        about = _about(fact.kind, group, context)
        listed = [f.names for f in group if f.names]
        differing = (
            sorted(frozenset.union(*listed) - frozenset.intersection(*listed)) if listed else []
        )
        conflicts.append(
            Conflict(
                kind=fact.kind,
                about=about,
                values=_one_per_article_value(values),
                differing=differing,
            )
        )
    return conflicts


def _one_per_article_value(values: list[ConflictValue]) -> list[ConflictValue]:
    """Each (article, value) once: an article repeating a figure is not a second witness."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for value in values:
        if (value.article, value.value) not in seen:
            seen.add((value.article, value.value))
            kept.append(value)
    return kept


def _counted_labels(ordinal: _Fact) -> list[str]:
    return [
        label
        for label, nouns in MEMBER_NOUNS.items()
        if ordinal.nouns & {stem(noun) for noun in nouns}
    ]


def _value(statement: Statement, value: str) -> ConflictValue:
    return ConflictValue(
        article=statement.article,
        value=value,
        text=statement.text,
        start=statement.start,
        end=statement.end,
    )


def find_count_conflicts(
    statements: Sequence[Statement],
    topic_labels: Iterable[str] | None = None,
    least: int = 1,
) -> list[Conflict]:
    """An ordinal against lists of other articles: 'the sixth country' implies five before it.

    The lists compared are those of the entity kind the ordinal counts ('country': places) in
    wordings about the same thing: sharing the name of what is joined ('Abraham Accords').
    Lists whose length is not the ordinal minus one conflict with it. With `topic_labels`,
    only names of those labels count as the shared topic; ordinals below `least` are left out
    ('the first day', 'the first woman' rarely count a list).
    """
    conflicts = []
    all_facts = [f for s in statements for f in facts(s)]
    lists = [f for f in all_facts if f.kind == "list"]
    for ordinal in (f for f in all_facts if f.kind == "ordinal" and int(f.value) >= least):
        labels = _counted_labels(ordinal)
        said = ordinal.statement
        # The shared topic: a treaty, organisation, event... not a person or a place.
        topics = {
            n.name
            for n in said.entities
            if n.label not in ("PERSON", *labels)
            and (topic_labels is None or n.label in topic_labels)
        }
        before = int(ordinal.value) - 1
        values = [
            _value(other.statement, f"{len(other.names)} listed: {other.value}")
            for other in lists
            if other.statement.article != said.article
            and next(iter(other.nouns)) in labels
            and len(other.names) != before
            and topics & {n.name for n in other.statement.entities}
        ]
        if values:
            conflicts.append(
                Conflict(
                    kind="count",
                    about=f"how many came before “the {ordinal.phrase}”",
                    values=[
                        _value(said, f"#{ordinal.value}: {before} before"),
                        *_one_per_article_value(values),
                    ],
                )
            )
    return conflicts
