"""One slot, values that cannot both be true: what makes two figures a conflict a reader accepts.

Two articles' figures fill one slot when they count the same thing in the same unit (dollars
against dollars, a percentage against a percentage: what `conflicts` reads after the number),
about the same entities (where both wordings name people, or places, or organisations, they
name the same ones, and the wordings share a name), in wordings that state the same fact but
for the value: the learned same-claim decision (claimx.compare.equivalence), told that their
figures or dates agree, holds them the same. The words around the two figures must also say
the same thing of them (what the money is for, who has the share: SLOT_CONTEXT), the figure
closest to a name must be that same name's, a figure of a poll is one of the same pollster
named, and figures of wordings that give different dates are of two times. Dates are the date
of one event: written as a calendar date on both sides (a weekday or 'yesterday' names a day
of its own article's week, not a date to set against another article's) with the same words
around. Two values fill a slot without conflict when one is hedged ('about', 'more than'...)
or when they agree once rounded to the coarser of the two ('$3.3 million' and '$3,312,000').
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from claimx.compare.conflicts import (
    _STOP,
    OWNER_LABELS,
    Named,
    Statement,
    _about,
    _Fact,
    _value,
    facts,
    owners,
)
from claimx.compare.equivalence import FEATURES, features, read, shipped_model
from claimx.compare.similarity import LexicalIndex, stem
from claimx.compare.stop_words import STOP_WORDS
from claimx.records.comparison import Conflict

_HEDGE = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|over|more than|less than|"
    r"fewer than|at least|at most|up to|as many as|as much as|under|above|below|upwards of|"
    r"close to|estimated)\s*[$€£¥]?\s*$",
    re.IGNORECASE,
)
# Labels of what a list of names is a list for: a treaty, an organisation, an event.
TOPIC_LABELS = frozenset({"ORG", "EVENT", "LAW", "FAC", "PRODUCT", "WORK_OF_ART"})
_PERCENT_NOUNS = frozenset({"percent", "percentag", "point"})
NEUTRAL = {"numbers_disagree": 0.0, "dates_disagree": 0.0}
# Words each side of a figure or date that say what it is of: "process 55,000 pages of
# Clinton's correspondence for public release". Two figures fill one slot when the content
# words around them (names, numbers and the counted word aside) are mostly the same.
SLOT_WINDOW = 6
SLOT_CONTEXT = 0.5  # least Dice of the two sets of words around
_FIGURE = re.compile(r"[$€£¥]?\s*[\w.,]+(?:\s+(?:thousand|million|billion|trillion)\b)?")
_CONTEXT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CLAUSE_END = re.compile(r"[;:.!?]\s|\s[-–—]+\s|\(|\)")
# Wordings about a poll: their figures are that poll's, and two polls are two slots.
_POLL = re.compile(
    r"\b(?:polls?|polling|pollsters?|survey(?:s|ed)?|margin of (?:sampling )?error|"
    r"respondents|likely voters|registered voters)\b",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_YEAR = re.compile(r"\b\d{4}\b|['’]\d\d\b")
# A date written out on the calendar: 'Nov. 7', '7 November', '2016-03-01', '3/1/2016'.
_CALENDAR = re.compile(
    rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\d{{1,2}}\s+(?:{_MONTHS})\b|\d{{4}}-\d\d-\d\d|"
    r"\d{1,2}/\d{1,2}/\d{2,4})",
    re.IGNORECASE,
)


def same_entities(a: Statement, b: Statement) -> bool:
    """They share a name, and for every kind of name both give, the same names: 'Clinton
    leads Sanders' and 'Clinton leads Trump' are two match-ups."""
    owners_a, owners_b = owners(a), owners(b)
    shared = {n.name for n in a.entities} & {n.name for n in b.entities}
    if not shared:
        return False
    return all(owners_a[label] == owners_b[label] for label in owners_a.keys() & owners_b.keys())


def _around(statement: Statement, start: int, end: int, skip: str | None = None) -> frozenset[str]:
    """Stems of the content words up to SLOT_WINDOW words before `start` and after `end`, in
    the same clause, leaving out names, figures and `skip` (the counted word)."""
    text = statement.text
    before = _CLAUSE_END.split(text[:start])[-1]
    after = _CLAUSE_END.split(text[end:])[0]
    offset_after = end

    def words(part: str, offset: int) -> list[str]:
        return [
            stem(m.group(0).lower().strip("'’"))
            for m in _CONTEXT_WORD.finditer(part)
            if m.group(0).lower() not in STOP_WORDS
            and not _named(statement.entities, offset + m.start(), offset + m.end())
        ]

    left = words(before, start - len(before))[-SLOT_WINDOW:]
    right = words(after, offset_after)[:SLOT_WINDOW]
    return frozenset(w for w in (*left, *right) if w != skip)


def _named(entities: Sequence[Named], start: int, end: int) -> bool:
    return any(n.start < end and start < n.end for n in entities)


def _context_agrees(first: frozenset[str], second: frozenset[str]) -> bool:
    """Mostly the same words around; nothing around either, or words around one only, is
    agreement only when both have none."""
    if not first or not second:
        return first == second
    return 2 * len(first & second) / (len(first) + len(second)) >= SLOT_CONTEXT


def _figure_end(fact: _Fact) -> int:
    match = _FIGURE.match(fact.statement.text[fact.at :])
    return fact.at + (match.end() if match else 0)


def _nearest_owner(fact: _Fact) -> str | None:
    """The name closest before the figure in its clause: whose figure it is ('Clinton had
    49.9 percent to Sanders' 49.6': Sanders' for 49.6)."""
    text = fact.statement.text
    clause_start = fact.at - len(_CLAUSE_END.split(text[: fact.at])[-1])
    before = [
        n
        for n in fact.statement.entities
        if n.label in OWNER_LABELS and clause_start <= n.start and n.end <= fact.at
    ]
    return before[-1].name if before else None


def _poll_of(statement: Statement) -> frozenset[str] | None:
    """The organisations named in a wording about a poll (its pollster, maybe); None when the
    wording is not about a poll."""
    if not _POLL.search(statement.text):
        return None
    return frozenset(n.name for n in statement.entities if n.label == "ORG")


def _same_poll(a: Statement, b: Statement) -> bool:
    first, second = _poll_of(a), _poll_of(b)
    if first is None and second is None:
        return True
    return bool(first and second and first & second)


def _date_spans(statement: Statement) -> list[tuple[int, int]]:
    return [(start, end) for start, end in statement.masked if start < end]


def _calendar(statement: Statement) -> bool:
    """Every date of the wording is written out as a calendar date."""
    spans = _date_spans(statement)
    return bool(spans) and all(_CALENDAR.search(statement.text[s:e]) for s, e in spans)


def _dates_context(statement: Statement) -> frozenset[str]:
    return frozenset().union(*(_around(statement, s, e) for s, e in _date_spans(statement)))


@lru_cache(maxsize=100_000)
def same_but_value(a: str, b: str) -> bool:
    """The learned decision on two wordings, their figures and dates taken as agreeing."""
    model = shipped_model()
    row = features(read(a), read(b), _lexical(a, b))
    for name, value in NEUTRAL.items():
        row[FEATURES.index(name)] = value
    return bool(model.probability([row])[0] >= model.threshold)


def _lexical(a: str, b: str) -> float:
    index = LexicalIndex([a, b])
    first, second = index.vectors
    return sum(w * second[t] for t, w in first.items() if t in second)


def _unit(fact: _Fact) -> str:
    if fact.nouns & _PERCENT_NOUNS:
        return "percent"
    return "count"


def _head(fact: _Fact) -> str | None:
    """What a figure counts: the first content word after it ('11 delegates and Rubio' ->
    'deleg'); a currency sign counts its currency."""
    currency = re.match(r"[$€£¥]", fact.statement.text[fact.at :]) if fact.at >= 0 else None
    if currency:
        return currency.group(0)
    words = fact.phrase.split()
    for word in words[1:] if fact.kind == "ordinal" else words:
        if word.lower() not in _STOP and word[0].isalpha():
            return stem(word.lower())
    return None


def hedged(fact: _Fact) -> bool:
    """'about 40', 'more than $3 million': a bound or an estimate, not a figure to set against."""
    return fact.at >= 0 and bool(_HEDGE.search(fact.statement.text[: fact.at]))


def _pronoun_one(fact: _Fact) -> bool:
    """'no one', 'one of the three': the word 'one' rarely counts anything."""
    return fact.statement.text[fact.at : fact.at + 3].lower() == "one"


def compatible(a: str, b: str) -> bool:
    """Values that can both be true: equal, or equal once rounded to the coarser one."""
    if a == b:
        return True
    try:
        x, y = float(a.replace(",", "")), float(b.replace(",", ""))
    except ValueError:
        return False
    if x == y:
        return True
    coarse = max(_step(x), _step(y))
    return round(x / coarse) == round(y / coarse)


def _step(value: float) -> float:
    """The rounding step a figure was written with: 3,300,000 -> 100,000; 4.6 -> 0.1."""
    if not value.is_integer():
        decimals = len(f"{value:g}".split(".")[1]) if "." in f"{value:g}" else 0
        return float(10**-decimals)
    digits = f"{int(abs(value))}"
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(10**zeros) if zeros < len(digits) else 1.0


def _topics(statement: Statement) -> frozenset[str]:
    return frozenset(n.name for n in statement.entities if n.label in TOPIC_LABELS)


def list_slot(a: _Fact, b: _Fact, *, same_claim: bool = True) -> bool:
    """Two lists of names fill one slot when their wordings are one claim (`same_claim`: as
    compare groups claims), name the same thing the names are listed for (a treaty, an
    organisation, an event: 'Abraham Accords') or one names it and the other names none ('the
    agreement'), and are about the same people, places... (every other kind of name both
    give, the same names): not merely because names recur."""
    if a.kind != "list" or b.kind != "list" or not same_claim:
        return False
    first, second = _topics(a.statement), _topics(b.statement)
    if not (first & second or bool(first) != bool(second)):
        return False
    # Whose list: 'Trump won Georgia, Virginia...' and 'Clinton won Georgia...' are two.
    listed = next(iter(a.nouns))
    owners_a, owners_b = owners(a.statement), owners(b.statement)
    return all(
        owners_a[label] == owners_b[label]
        for label in owners_a.keys() & owners_b.keys()
        if label != listed
    )


def value_slot(a: _Fact, b: _Fact) -> bool:
    """Two figures (or ranks, or dates) of different articles fill one slot."""
    if a.kind != b.kind or a.kind not in ("number", "ordinal", "date"):
        return False
    if a.kind == "number" and (
        _unit(a) != _unit(b) or any(hedged(f) or _pronoun_one(f) for f in (a, b))
    ):
        return False
    if a.kind == "date":
        if not (_calendar(a.statement) and _calendar(b.statement)):
            return False
        if not _context_agrees(_dates_context(a.statement), _dates_context(b.statement)):
            return False
    else:
        head = _head(a)
        if head is None or head != _head(b) or not _figure_slot(a, b, head):
            return False
    return same_entities(a.statement, b.statement) and same_but_value(
        a.statement.text, b.statement.text
    )


def _figure_slot(a: _Fact, b: _Fact, head: str) -> bool:
    """The same words around both figures, the same name closest before them, the same poll,
    and no two dates apart."""
    around = [_around(f.statement, f.at, _figure_end(f), skip=head) for f in (a, b)]
    if not _context_agrees(*around):
        return False
    if _nearest_owner(a) != _nearest_owner(b) or not _same_poll(a.statement, b.statement):
        return False
    days_a, days_b = set(a.statement.dates), set(b.statement.dates)
    return not (days_a and days_b and not days_a & days_b)


def _incompatible(a: _Fact, b: _Fact) -> bool:
    if a.kind == "date":
        days_a, days_b = set(a.value.split(", ")), set(b.value.split(", "))
        if not (_year_written(a.statement) and _year_written(b.statement)):
            # 'Sept. 11' took its year from its article's date: only month and day are stated.
            days_a, days_b = {d[5:] for d in days_a}, {d[5:] for d in days_b}
        return not days_a & days_b
    return not compatible(a.value, b.value)


def _year_written(statement: Statement) -> bool:
    """Every date of the wording writes its year ('Sept. 11, 2001', 'March 5 '16')."""
    spans = _date_spans(statement)
    return bool(spans) and all(_YEAR.search(statement.text[s:e]) for s, e in spans)


def value_conflicts(statements: Sequence[Statement], context: str) -> list[Conflict]:
    """Pairs of figures, ranks or dates of one slot, from two articles, that cannot both be
    true. An article that also gives a value agreeing with the other's is in no conflict."""
    found = [f for s in statements for f in facts(s) if f.kind in ("number", "ordinal", "date")]
    conflicts = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.statement.article == b.statement.article or not _incompatible(a, b):
                continue
            if not value_slot(a, b):
                continue
            if _agrees_elsewhere(a, b, found) or _agrees_elsewhere(b, a, found):
                continue
            key = frozenset({(a.statement.article, a.value), (b.statement.article, b.value)})
            if key in seen:
                continue
            seen.add(key)
            conflicts.append(
                Conflict(
                    kind=a.kind,
                    about=_about(a.kind, [a, b], context),
                    values=[_value(f.statement, f.value) for f in (a, b)],
                )
            )
    return conflicts


def _agrees_elsewhere(a: _Fact, b: _Fact, found: Sequence[_Fact]) -> bool:
    """Whether a's article also gives, in the same slot, a value b's agrees with."""
    return any(
        other.statement.article == a.statement.article
        and other is not a
        and other.kind == b.kind
        and not _incompatible(other, b)
        and (other.nouns & b.nouns or other.kind == "date")
        for other in found
    )
