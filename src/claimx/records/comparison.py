"""The public record of `claimx compare`: what several articles share and where they differ.

Like the article records, these models are a contract: fields change only by addition and
`schema_version` changes when a meaning does. In JSON Lines output each group is one line,
told apart by its `type`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from claimx.records.article import QuoteKind, Record, TextSpan, quoted_words

COMPARE_SCHEMA_VERSION: Literal[1] = 1

ConflictKind = Literal["number", "ordinal", "date", "list", "count"]


class Wording(Record):
    """How one article words a claim or quote: `text` indexes that article's text."""

    article: str = Field(description="The article's record `id`.")
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    credited: str | None = Field(
        default=None, description="Who the article credits: speaker entity or outlet, if known."
    )


class QuoteWording(Wording):
    kind: QuoteKind
    speaker: str | None = Field(description="The speaker as written in this article.")
    parts: list[TextSpan] | None = Field(
        default=None, description="The quote's `parts` in this article's record: see Quote."
    )

    @property
    def quoted_text(self) -> str:
        """The quoted words: the parts joined by an ellipsis, else the text."""
        return quoted_words(self.text, self.parts)


class ArticleSummary(Record):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    claims: int = Field(ge=0)
    quotes: int = Field(ge=0)


class ClaimGroup(Record):
    """One claim as reported by one or more articles, paraphrases included."""

    type: Literal["claim"] = "claim"
    claim: str = Field(description="A representative wording.")
    articles: list[str] = Field(description="Ids of the articles that report it, input order.")
    count: int = Field(ge=1, description="How many articles report it.")
    credited: list[str] = Field(description="Who the articles credit with it.")
    entities: list[str] = Field(description="Canonical names of the entities it is about.")
    checkworthiness: float = Field(ge=0.0, le=1.0, description="The highest of its wordings.")
    wordings: list[Wording]
    story: str | None = Field(
        default=None, description="The `id` of the story it belongs to (see `stories`)."
    )


class QuoteGroup(Record):
    """One statement of one speaker as quoted or reported by one or more articles."""

    type: Literal["quote"] = "quote"
    speaker: str | None = Field(description="The speaker's canonical name, when known.")
    quote: str = Field(description="A representative wording.")
    articles: list[str]
    count: int = Field(ge=1)
    same_wording: bool = Field(description="Whether every article words it alike.")
    wordings: list[QuoteWording]
    story: str | None = Field(
        default=None, description="The `id` of the story it belongs to (see `stories`)."
    )


class ConflictValue(Record):
    article: str
    value: str = Field(description="The value as normalised: 6, 2020-11-06, a sorted list...")
    text: str = Field(description="The wording the value comes from.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Conflict(Record):
    """The same fact with different values in different articles."""

    type: Literal["conflict"] = "conflict"
    kind: ConflictKind
    about: str = Field(description="What the values are about, in a few words.")
    values: list[ConflictValue]
    differing: list[str] = Field(
        default_factory=list,
        description="For lists: the names some articles give and others leave out.",
    )
    story: str | None = Field(
        default=None, description="The `id` of the story it belongs to (see `stories`)."
    )


class Story(Record):
    """Articles about one event: claims, quotes and conflicts are compared only inside one."""

    id: str = Field(description="story-1, story-2...: most articles first, then input order.")
    articles: list[str] = Field(description="Ids of its articles, input order.")
    title: str | None = Field(
        default=None, description="The title of its most central article, when it has one."
    )
    entities: list[str] = Field(
        default_factory=list, description="Its main entities: named in most of its articles."
    )
    date_from: str | None = Field(
        default=None, description="The earliest date (ISO 8601) of its articles, when known."
    )
    date_to: str | None = Field(default=None, description="The latest date of its articles.")


class ComparisonHeader(Record):
    """The first line of JSON Lines output: what was compared, before the groups."""

    type: Literal["comparison"] = "comparison"
    schema_version: Literal[1] = COMPARE_SCHEMA_VERSION
    matcher: Literal["lexical", "embeddings"]
    articles: list[ArticleSummary]
    stories: list[Story] = Field(default_factory=list)


class Comparison(Record):
    schema_version: Literal[1] = COMPARE_SCHEMA_VERSION
    matcher: Literal["lexical", "embeddings"] = Field(
        description="The similarity used: lexical alone, or fused with sentence embeddings."
    )
    articles: list[ArticleSummary]
    stories: list[Story] = Field(
        default_factory=list, description="The articles grouped by story, most articles first."
    )
    claims: list[ClaimGroup] = Field(description="Shared claims first, most articles first.")
    quotes: list[QuoteGroup]
    conflicts: list[Conflict]

    def header(self) -> ComparisonHeader:
        return ComparisonHeader(matcher=self.matcher, articles=self.articles, stories=self.stories)

    def lines(self) -> list[ClaimGroup | QuoteGroup | Conflict]:
        """The groups and conflicts, each one JSON Lines record."""
        return [*self.claims, *self.quotes, *self.conflicts]


def comparison_json_schema() -> dict[str, object]:
    """The JSON Schema of `claimx compare --format json` output."""
    schema = Comparison.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://claimx.dev/schema/comparison-v1.json"
    return schema
