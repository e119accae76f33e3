"""The public contract: the records claimx writes, one module per output.

- `article`: what `claimx extract` writes, one record per input document;
- `comparison`: what `claimx compare` writes;
- `match`: what `claimx match` writes.

`from claimx.records import ArticleRecord` keeps working: the article records are re-exported
here.
"""

from claimx.records.article import (
    SCHEMA_VERSION,
    ArticleRecord,
    BoilerplateRange,
    Claim,
    Claimant,
    DateExpression,
    DateType,
    Entity,
    Mention,
    Modality,
    Quote,
    QuoteKind,
    Record,
    RecordError,
    Source,
    Speaker,
    TextSpan,
    record_json_schema,
)

__all__ = [
    "SCHEMA_VERSION",
    "ArticleRecord",
    "BoilerplateRange",
    "Claim",
    "Claimant",
    "DateExpression",
    "DateType",
    "Entity",
    "Mention",
    "Modality",
    "Quote",
    "QuoteKind",
    "Record",
    "RecordError",
    "Source",
    "Speaker",
    "TextSpan",
    "record_json_schema",
]
