"""`claimx schema`: the JSON Schema of the record."""

from __future__ import annotations

import json

import typer

from claimx.cli.app import app


@app.command("schema")
def schema_cli() -> None:
    """Print the JSON Schema of the records `claimx extract` writes.

    [bold]Example[/bold]: claimx schema > record.schema.json
    """
    from claimx.records import record_json_schema

    typer.echo(json.dumps(record_json_schema(), indent=2, ensure_ascii=False))
