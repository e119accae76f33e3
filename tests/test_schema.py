"""The record schema is a public contract: the committed copy must match the code."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from claimx.records import ArticleRecord, RecordError, Source, record_json_schema

COMMITTED = Path(__file__).resolve().parent.parent / "schema" / "record.schema.json"


def test_schema_committed_copy_matches_the_models() -> None:
    committed = json.loads(COMMITTED.read_text("utf-8"))
    assert committed == record_json_schema(), (
        "schema/record.schema.json is stale: run `claimx schema > schema/record.schema.json`"
    )


def test_schema_accepts_an_error_record_and_refuses_unknown_kinds() -> None:
    record = ArticleRecord(
        id="x.txt",
        source=Source(path="x.txt", format="text"),
        error=RecordError(type="empty", message="the file is empty"),
    ).model_dump(mode="json")
    jsonschema.validate(record, record_json_schema())
    record["quotes"] = [
        {
            "text": "a",
            "start": 0,
            "end": 1,
            "kind": "rumour",
            "cue": {"text": "said", "start": 2, "end": 6},
            "speaker": None,
        }
    ]
    validator = jsonschema.Draft202012Validator(record_json_schema())
    assert any("rumour" in e.message for e in validator.iter_errors(record))
