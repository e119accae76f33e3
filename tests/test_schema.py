"""The schemas are a public contract: each committed copy must match the code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from claimx.cli import app
from claimx.records import ArticleRecord, RecordError, Source, record_json_schema
from claimx.records.comparison import Comparison, comparison_json_schema
from claimx.records.match import match_json_schema

SCHEMAS = Path(__file__).resolve().parent.parent / "schema"

# (committed file, the `claimx schema` flag that prints it, the function behind it)
COMMITTED: list[tuple[str, list[str], Callable[[], dict[str, object]]]] = [
    ("record.schema.json", [], record_json_schema),
    ("match.schema.json", ["--match"], match_json_schema),
    ("comparison.schema.json", ["--comparison"], comparison_json_schema),
]


@pytest.mark.parametrize(("name", "flags", "make_schema"), COMMITTED)
def test_schema_committed_copy_matches_the_models(
    name: str, flags: list[str], make_schema: Callable[[], dict[str, object]]
) -> None:
    committed = json.loads((SCHEMAS / name).read_text("utf-8"))
    command = " ".join(["claimx schema", *flags])
    assert committed == make_schema(), f"schema/{name} is stale: run `{command} > schema/{name}`"
    printed = CliRunner().invoke(app, ["schema", *flags])
    assert printed.exit_code == 0
    assert json.loads(printed.output) == committed


def test_schema_takes_one_alternative_at_a_time() -> None:
    result = CliRunner().invoke(app, ["schema", "--match", "--comparison"])
    assert result.exit_code == 2


def test_schema_of_the_comparison_accepts_an_empty_comparison() -> None:
    empty = Comparison(matcher="lexical", articles=[], claims=[], quotes=[], conflicts=[])
    jsonschema.validate(empty.model_dump(mode="json"), comparison_json_schema())


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
