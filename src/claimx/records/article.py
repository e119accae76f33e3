"""The public record: what `claimx extract` writes, one per input document.

These models are a contract with every tool that reads claimx output (jq, pandas, DuckDB...):
field names only ever change by addition, and `schema_version` changes when a meaning does.
`claimx schema` prints the JSON Schema generated from them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal[1] = 1

QuoteKind = Literal["direct", "mixed", "indirect"]
DateType = Literal["DATE", "TIME", "DURATION", "SET"]
Modality = Literal["asserted", "reported", "hedged", "future"]


class Record(BaseModel):
    """Base for every record model: unknown fields are refused, so typos fail loudly."""

    model_config = ConfigDict(extra="forbid")


class TextSpan(Record):
    """A stretch of the document: `text == document_text[start:end]`."""

    text: str
    start: int = Field(ge=0, description="Character offset of the first character.")
    end: int = Field(ge=0, description="Character offset just past the last character.")


class Mention(TextSpan):
    """One place an entity is named."""


class Entity(Record):
    name: str = Field(description="Canonical name, the same for every mention and article.")
    label: str = Field(description="spaCy entity label, one per entity (PERSON, ORG, GPE...).")
    mentions: list[Mention]


class Speaker(TextSpan):
    entity: str | None = Field(
        description="Canonical name of the entity the speaker mention refers to; "
        "null for anonymous sources ('a U.S. official')."
    )


class Quote(TextSpan):
    """Who said what: `text` is the quoted or reported content."""

    kind: QuoteKind
    cue: TextSpan = Field(description="The reporting verb or phrase as written.")
    speaker: Speaker | None
    parts: list[TextSpan] | None = Field(
        default=None,
        description=(
            "A direct quote its cue or speaker interrupts (“A,” she said. “B.”): the quoted "
            "stretches, without the words between them that `text` spans; else null."
        ),
    )

    @property
    def quoted_text(self) -> str:
        """What the speaker said: the parts joined by an ellipsis, else the text."""
        return quoted_words(self.text, self.parts)


def quoted_words(text: str, parts: list[TextSpan] | None) -> str:
    """A quote's words without its speaker's between them: `parts` joined by an ellipsis."""
    return " … ".join(part.text for part in parts) if parts else text


class DateExpression(TextSpan):
    """A temporal expression with its TIMEX3 type and normalised value."""

    type: DateType
    value: str | None = Field(description="TIMEX3 value: 2025-11-06, 2025-W45, P2Y, PRESENT_REF...")
    mod: str | None = Field(default=None, description="TIMEX3 mod: START, END, APPROX...")


class BoilerplateRange(Record):
    """Part of the original text that is page furniture, not article body."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    reason: str


class Claimant(Record):
    name: str | None = Field(description="Speaker entity, the outlet, or null when unknown.")
    kind: Literal["speaker", "outlet"]
    quote: int | None = Field(default=None, description="Index into `quotes` of the source quote.")


class Claim(TextSpan):
    """A check-worthy factual statement of the article."""

    claimant: Claimant
    entities: list[str] = Field(description="Canonical names of the entities inside the claim.")
    dates: list[str] = Field(description="TIMEX3 values of the dates inside the claim.")
    modality: Modality
    negated: bool
    checkworthiness: float = Field(ge=0.0, le=1.0)


class Source(Record):
    path: str = Field(description="The input file, or '-' for standard input.")
    line: int | None = Field(
        default=None,
        description="1-based line number for JSON Lines input; for a CSV, the row's first "
        "line; for a JSON file, the article's position in it.",
    )
    format: Literal["text", "jsonl", "json", "html", "csv"]
    extraction: Literal["trafilatura", "text"] | None = Field(
        default=None,
        description="HTML only: how the article was found: by trafilatura, or by the plain-text "
        "cleaner on the page's whole text when trafilatura kept too little.",
    )


class RecordError(Record):
    type: str = Field(
        description="Short machine-readable kind: decode, binary, empty, language, ..."
    )
    message: str


class ArticleRecord(Record):
    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(description="The JSONL `id`, else the path.")
    source: Source
    title: str | None = None
    published: str | None = Field(default=None, description="ISO 8601, when known.")
    reference_date: str | None = Field(
        default=None, description="The date (ISO 8601) relative dates were resolved against."
    )
    url: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    byline: str | None = None
    words: int = Field(default=0, ge=0, description="Words in the article body.")
    error: RecordError | None = None
    text: str | None = Field(default=None, description="The document text (--include-text).")
    boilerplate: list[BoilerplateRange] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[DateExpression] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


def record_json_schema() -> dict[str, object]:
    """The JSON Schema of ArticleRecord, as `claimx schema` prints it."""
    schema = ArticleRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://claimx.dev/schema/record-v1.json"
    return schema
