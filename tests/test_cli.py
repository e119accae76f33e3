"""The command line: version, help, schema, exit codes and error lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx import __version__
from claimx.cli import app

runner = CliRunner()


def test_cli_prints_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"claimx {__version__}"


@pytest.mark.parametrize("command", [[], ["extract"], ["schema"]])
def test_cli_help_for_every_command_has_examples_or_usage(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_cli_help_does_not_import_spacy() -> None:
    code = "import sys; from claimx.cli import app; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_schema_is_json_schema_of_the_record() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "ArticleRecord"
    assert {"id", "entities", "quotes", "dates", "claims"} <= set(schema["properties"])


def test_cli_rejects_a_malformed_reference_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text")
    result = runner.invoke(app, ["extract", str(tmp_path), "--reference-date", "06/11/2025"])
    assert result.exit_code == 2


def test_cli_refuses_table_format_into_a_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text")
    result = runner.invoke(
        app, ["extract", str(tmp_path), "-f", "table", "-o", str(tmp_path / "out.txt")]
    )
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["extract", "compare", "match", "index"])
def test_help_keeps_each_paragraph_whole(command: str) -> None:
    """A docstring's source line breaks do not break the help's sentences."""
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "1000"})
    assert result.exit_code == 0
    paragraphs = [line.strip() for line in result.output.splitlines() if line.strip()]
    description = next(line for line in paragraphs if line.startswith(("PATHS", "The index")))
    assert description.endswith("."), description
