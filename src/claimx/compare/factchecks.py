"""Reading fact-check collections: ClaimReview JSON-LD, CSV/TSV, or plain JSON Lines.

A collection is one file in any of these forms:

- schema.org `ClaimReview` JSON-LD: a list of reviews, an object with a `@graph`, one review,
  a DataFeed (`dataFeedElement[].item[]`), or one review per line;
- CSV or TSV (by suffix: .csv, .tsv, .tab) with a header naming the claim column
  (`claim`, `claimReviewed`, `claim_reviewed`, `statement` or `text`);
- JSON Lines of plain objects `{"id", "claim", "rating", "reviewer", "url", "published"...}`.

A fact-check's `id` is its `identifier` (or `id`), else its `@id`, else its `url`, else its
line number in the file (its 1-based position for a JSON array or `@graph`). A fact-check that
cannot be read (no claim text, a broken line) is reported and skipped; the rest are used.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimx.errors import ClaimxError
from claimx.read.delimited import DELIMITERS, header, rows

log = logging.getLogger(__name__)

CLAIM_COLUMNS = ("claim", "claimreviewed", "claim_reviewed", "statement", "text")
ID_FIELDS = ("identifier", "id")
TITLE_FIELDS = ("title", "headline", "name")
RATING_FIELDS = ("rating", "verdict", "label", "textualrating", "textual_rating")
REVIEWER_FIELDS = ("reviewer", "author", "publisher", "factchecker", "fact_checker")
PUBLISHED_FIELDS = ("published", "datepublished", "date_published", "date", "review_date")
CLAIMANT_FIELDS = ("claimant", "speaker")
# Dates as fact-checkers write them besides ISO 8601: "March 12, 2020", "12 March 2020"...
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y")

Warn = Callable[[str], None]


@dataclass(frozen=True)
class FactCheck:
    """One reviewed claim, as the collection gives it."""

    id: str
    claim: str
    title: str | None = None
    rating: str | None = None
    reviewer: str | None = None
    url: str | None = None
    published: str | None = None
    claimant: str | None = None

    @property
    def matching_text(self) -> str:
        """What is matched: the claim, and the review's headline, which often words it again."""
        if self.title and self.title.strip() != self.claim.strip():
            return f"{self.claim} {self.title}"
        return self.claim

    def to_json(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "claim": self.claim,
            "title": self.title,
            "rating": self.rating,
            "reviewer": self.reviewer,
            "url": self.url,
            "published": self.published,
            "claimant": self.claimant,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FactCheck:
        values = {key: data.get(key) for key in cls.__dataclass_fields__}
        return cls(**values)  # type: ignore[arg-type]


class FactCheckError(ValueError):
    """One fact-check that cannot be used."""


def read_factchecks(path: Path, warn: Warn | None = None) -> list[FactCheck]:
    """The usable fact-checks of a collection file; `warn` gets one line per skipped one.

    Raises ClaimxError when the file cannot be read at all.
    """
    report = warn or log.warning
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimxError(f"{path}: cannot read the fact-checks: {exc}") from exc
    delimiter = DELIMITERS.get(path.suffix.lower())
    items = _delimited(text, delimiter) if delimiter else _json_items(text)
    result: list[FactCheck] = []
    for where, item in items:
        if isinstance(item, FactCheckError):
            report(f"{path}:{where}: fact-check skipped: {item}")
            continue
        try:
            factcheck = _plain(item, where) if delimiter else to_factcheck(item, where)
        except FactCheckError as exc:
            report(f"{path}:{where}: fact-check skipped: {exc}")
            continue
        if factcheck is not None:
            result.append(factcheck)
    return result


Items = Iterator[tuple[int, "dict[str, Any] | FactCheckError"]]


def _json_items(text: str) -> Items:
    """Objects of a JSON document (list, @graph, feed, object), else of JSON Lines."""
    stripped = text.strip()
    if not stripped:
        return
    whole: Any = None
    if stripped[0] in "[{":
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None  # JSON Lines, or a broken document: read line by line
    if isinstance(whole, list):
        yield from _positions(whole)
        return
    if isinstance(whole, dict):
        nodes = _nodes(whole)
        if nodes is not None:
            yield from _positions(nodes)
        else:
            yield 1, whole
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, FactCheckError(f"not JSON ({exc.msg})")
            continue
        if isinstance(item, dict) and (nodes := _nodes(item)) is not None:
            for node in nodes:
                yield number, node if isinstance(node, dict) else FactCheckError("not an object")
        elif isinstance(item, dict):
            yield number, item
        else:
            yield number, FactCheckError("not a JSON object")


def _nodes(document: dict[str, Any]) -> list[Any] | None:
    """The nodes of a JSON-LD `@graph` or of a DataFeed, else None."""
    if isinstance(document.get("@graph"), list):
        return list(document["@graph"])
    feed = document.get("dataFeedElement")
    if isinstance(feed, list):
        nodes: list[Any] = []
        for element in feed:
            items = element.get("item") if isinstance(element, dict) else None
            if isinstance(items, list):
                nodes.extend(items)
            elif isinstance(items, dict):
                nodes.append(items)
            else:
                nodes.append(element)
        return nodes
    return None


def _positions(items: list[Any]) -> Items:
    for position, item in enumerate(items, start=1):
        yield position, item if isinstance(item, dict) else FactCheckError("not a JSON object")


def _delimited(text: str, delimiter: str) -> Items:
    lines = text.splitlines(keepends=True)
    names = header(lines, delimiter)
    if names and not {n.lower() for n in names} & set(CLAIM_COLUMNS):
        raise ClaimxError(
            "the header names no claim column (one of: " + ", ".join(CLAIM_COLUMNS) + ")"
        )
    for number, row in rows(lines, delimiter):
        yield number, FactCheckError(row) if isinstance(row, str) else row


def to_factcheck(item: dict[str, Any], where: int) -> FactCheck | None:
    """A fact-check from a ClaimReview or a plain object; None for other JSON-LD nodes."""
    if "claimReviewed" in item or _is_claim_review(item):
        return _claim_review(item, where)
    kind = item.get("@type")
    if kind is not None and "claim" not in item:
        return None  # another node of a @graph (an Organization, a WebPage...)
    return _plain(item, where)


def _is_claim_review(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds


def _claim_review(item: dict[str, Any], where: int) -> FactCheck:
    claim = _text(item.get("claimReviewed"))
    if not claim:
        raise FactCheckError("no claimReviewed")
    rating = item.get("reviewRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    verdict = None
    if isinstance(rating, dict):
        verdict = _text(rating.get("alternateName")) or _text(rating.get("ratingValue"))
    elif rating is not None:
        verdict = _text(rating)
    reviewed = item.get("itemReviewed")
    claimant = _name(reviewed.get("author")) if isinstance(reviewed, dict) else None
    url = _text(item.get("url"))
    return FactCheck(
        id=_text(item.get("identifier")) or _text(item.get("@id")) or url or str(where),
        claim=claim,
        title=_text(item.get("headline")) or _text(item.get("name")),
        rating=verdict,
        reviewer=_name(item.get("author")) or _name(item.get("publisher")),
        url=url,
        published=iso_date(_text(item.get("datePublished"))),
        claimant=claimant,
    )


def _plain(item: dict[str, Any], where: int) -> FactCheck:
    fields = {key.lower(): value for key, value in item.items()}

    def first(names: tuple[str, ...]) -> str | None:
        for name in names:
            value = fields.get(name)
            text = _name(value) if isinstance(value, dict | list) else _text(value)
            if text:
                return text
        return None

    claim = first(CLAIM_COLUMNS)
    if not claim:
        raise FactCheckError("no claim text")
    url = first(("url", "link"))
    return FactCheck(
        id=first(ID_FIELDS) or first(("@id",)) or url or str(where),
        claim=claim,
        title=first(TITLE_FIELDS),
        rating=first(RATING_FIELDS),
        reviewer=first(REVIEWER_FIELDS),
        url=url,
        published=iso_date(first(PUBLISHED_FIELDS)),
        claimant=first(CLAIMANT_FIELDS),
    )


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _name(value: Any) -> str | None:
    """A person or organisation: a string, `{"name": ...}`, or the first of a list of them."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("alternateName"))
    return _text(value)


def iso_date(value: str | None) -> str | None:
    """A date as ISO 8601 (YYYY-MM-DD, or with its time); unparseable text is kept as given."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, form).date().isoformat()
        except ValueError:
            continue
    return value


def day(value: str | None) -> dt.date | None:
    """The calendar day of an ISO date or date-time, else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
