"""`claimx schema`: the JSON Schema of the record."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from claimx.cli.app import app


@app.command("schema")
def schema_cli(
    match: Annotated[
        bool, typer.Option("--match", help="The schema of a `claimx match` line instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the records `claimx extract` writes.

    [bold]Example[/bold]: claimx schema > record.schema.json
    """
    if match:
        from claimx.records.match import match_json_schema

        typer.echo(json.dumps(match_json_schema(), indent=2, ensure_ascii=False))
        return
    from claimx.records.article import record_json_schema

    typer.echo(json.dumps(record_json_schema(), indent=2, ensure_ascii=False))
