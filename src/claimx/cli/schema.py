"""`claimx schema`: the JSON Schema of the record, of a comparison or of a match line."""

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
    comparison: Annotated[
        bool,
        typer.Option(
            "--comparison",
            help="The schema of `claimx compare --format json` output instead.",
        ),
    ] = False,
) -> None:
    """Print the JSON Schema of the records `claimx extract` writes.

    [bold]Example[/bold]: claimx schema > record.schema.json
    """
    if match and comparison:
        raise typer.BadParameter("give --match or --comparison, not both", param_hint="--match")
    if match:
        from claimx.records.match import match_json_schema

        schema = match_json_schema()
    elif comparison:
        from claimx.records.comparison import comparison_json_schema

        schema = comparison_json_schema()
    else:
        from claimx.records.article import record_json_schema

        schema = record_json_schema()
    typer.echo(json.dumps(schema, indent=2, ensure_ascii=False))
