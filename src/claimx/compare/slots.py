"""One slot, values that cannot both be true: what makes two figures a conflict a reader accepts.

Two articles' figures fill one slot when they count the same thing in the same unit (dollars
against dollars, a percentage against a percentage: what `conflicts` reads after the number),
about the same entities (where both wordings name people, or places, or organisations, they
name at least one in common and the wordings share a name), in wordings that state the same
fact but for the value: the learned same-claim decision (claimx.compare.equivalence), told that
their figures or dates agree, holds them the same. Dates are the date of one event on the same
terms. Two values fill a slot without conflict when one is hedged ('about', 'more than'...) or
when they agree once rounded to the coarser of the two ('$3.3 million' and '$3,312,000').
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from claimx.compare.conflicts import _STOP, Statement, _about, _Fact, _value, facts
from claimx.compare.equivalence import FEATURES, features, read, shipped_model
from claimx.compare.similarity import LexicalIndex, stem
from claimx.records.comparison import Conflict

# Labels whose names say whose figure it is: two polls of different states are two slots.
OWNER_LABELS = ("PERSON", "GPE", "ORG", "NORP")
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


def _owners(statement: Statement) -> dict[str, frozenset[str]]:
    owners: dict[str, set[str]] = {}
    for named in statement.entities:
        if named.label in OWNER_LABELS:
            owners.setdefault(named.label, set()).add(named.name)
    return {label: frozenset(names) for label, names in owners.items()}


def same_entities(a: Statement, b: Statement) -> bool:
    """They share a name, and for every kind of name both give, one name at least."""
    owners_a, owners_b = _owners(a), _owners(b)
    shared = {n.name for n in a.entities} & {n.name for n in b.entities}
    if not shared:
        return False
    return all(owners_a[label] & owners_b[label] for label in owners_a.keys() & owners_b.keys())


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
    agreement'), and are about the same people, places...: not merely because names recur."""
    if a.kind != "list" or b.kind != "list" or not same_claim:
        return False
    first, second = _topics(a.statement), _topics(b.statement)
    if not (first & second or bool(first) != bool(second)):
        return False
    # Whose list: 'Trump won Georgia, Virginia...' and 'Clinton won Georgia...' are two.
    listed = next(iter(a.nouns))
    owners_a, owners_b = _owners(a.statement), _owners(b.statement)
    return all(
        owners_a[label] & owners_b[label]
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
    if a.kind != "date" and (_head(a) is None or _head(a) != _head(b)):
        return False
    return same_entities(a.statement, b.statement) and same_but_value(
        a.statement.text, b.statement.text
    )


def _incompatible(a: _Fact, b: _Fact) -> bool:
    if a.kind == "date":
        return not set(a.value.split(", ")) & set(b.value.split(", "))
    return not compatible(a.value, b.value)


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
