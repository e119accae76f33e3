"""The public record of `claimx match`: one line per claim, with the fact-checks it matches.

Like the article records, a contract: fields change only by addition, `schema_version`
changes when a meaning does. `article` is the article record's `id` and `claim` its span, so
the lines join with `claimx extract` output.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from claimx.records.article import Record

MATCH_SCHEMA_VERSION: Literal[1] = 1

QueryKind = Literal["claim", "quote", "document", "title"]


class MatchedSpan(Record):
    """What was matched: a claim, a quote, or the whole document when it has no claim."""

    text: str
    start: int | None = Field(
        ge=0,
        description="Offset of the first character in the article text; null for a title "
        "matched in place of a record without text.",
    )
    end: int | None = Field(ge=0, description="Offset just past the last character.")
    kind: QueryKind = Field(
        description="claim; quote (--quotes); document: the whole text of an article in "
        "which no claim was found; title: the title of such a record kept without its text."
    )


class FactCheckMatch(Record):
    """One fact-check of the collection that may answer the claim."""

    id: str = Field(description="The fact-check's identifier or @id, else its URL, else its line.")
    score: float = Field(ge=0.0, le=1.0, description="Similarity to the claim, higher is closer.")
    claim: str = Field(description="The claim the fact-check reviewed.")
    rating: str | None = Field(description="The verdict: alternateName, else ratingValue.")
    reviewer: str | None = Field(description="Who published the fact-check.")
    url: str | None
    published: str | None = Field(description="When the fact-check was published, ISO 8601.")
    claimant: str | None = Field(
        default=None, description="Who made the reviewed claim (itemReviewed.author)."
    )
    before_article: bool | None = Field(
        default=None,
        description="Whether it was published on or before the article's day (so could be "
        "its source); null when either date is unknown.",
    )


class ClaimMatches(Record):
    """One claim of one article and its best fact-checks, best first."""

    schema_version: Literal[1] = MATCH_SCHEMA_VERSION
    article: str = Field(description="The article's record `id`.")
    claim: MatchedSpan
    matches: list[FactCheckMatch]


def match_json_schema() -> dict[str, object]:
    """The JSON Schema of one line of `claimx match` JSON Lines output."""
    schema = ClaimMatches.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://claimx.dev/schema/match-v1.json"
    return schema
