"""The README's option tables are generated from the commands (`docs/cli_reference.py`): the
committed README must be what the script writes, and a changed option must show as drift."""

import copy
import importlib.util
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pytest
import typer

ROOT = Path(__file__).resolve().parent.parent


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "docs" / "cli_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cli_reference = _load_script()


class Colour(str, Enum):
    red = "red"
    blue = "blue"


def _commands(*, verbose_help: str = "More logs on stderr (-vv: debug).") -> dict[str, Any]:
    """A small command line like claimx's: a group, an `extract` and a `schema` command."""
    app = typer.Typer(rich_markup_mode="rich", add_completion=False)

    @app.callback()
    def root(
        debug: Annotated[
            bool, typer.Option("--debug", envvar="X_DEBUG", help="Tracebacks.")
        ] = False,
    ) -> None:
        """The root."""

    @app.command("extract")
    def extract(
        paths: Annotated[list[str] | None, typer.Argument(help="Files.")] = None,
        verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help=verbose_help)] = 0,
        boilerplate: Annotated[
            bool,
            typer.Option(
                "--boilerplate", help="List the boilerplate ranges.", rich_help_panel="Output"
            ),
        ] = False,
        colour: Annotated[
            Colour,
            typer.Option("--colour", "-c", help="Needs x\\[colour] | [bold]care[/bold]."),
        ] = Colour.red,
        clean: Annotated[bool, typer.Option("--clean/--no-clean", help="Clean.")] = True,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Workers.")] = 1,
        globs: Annotated[
            list[str] | None, typer.Option("--glob", help="Patterns like *.txt.")
        ] = None,
        cache: Annotated[
            Path | None, typer.Option("--cache", file_okay=False, help="Cache folder.")
        ] = None,
    ) -> None:
        """Extract."""

    @app.command("schema")
    def schema(match: Annotated[bool, typer.Option("--match", help="Match.")] = False) -> None:
        """Schema."""

    return cli_reference.cli_commands(typer.main.get_command(app))


TEMPLATE = """# tool

Prose before.

<!-- options: extract -->
<!-- /options: extract -->

Prose between.

<!-- options: schema -->
| stale |
<!-- /options: schema -->

<!-- options: claimx -->
<!-- /options: claimx -->
"""


def _tables(commands: dict[str, Any]) -> dict[str, str]:
    return {name: cli_reference.option_table(command) for name, command in commands.items()}


def test_cli_reference_readme_tables_are_those_of_the_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    problems = cli_reference.drifted(readme, _tables(cli_reference.app_commands()))
    assert problems == [], "README.md's option tables drifted: run `python docs/cli_reference.py`"


def test_cli_reference_names_the_command_whose_option_list_changed() -> None:
    commands = cli_reference.app_commands()
    readme = cli_reference.render((ROOT / "README.md").read_text("utf-8"), _tables(commands))
    extract = copy.copy(commands["extract"])
    extract.params = [param for param in extract.params if param.name != "quiet"]
    problems = cli_reference.drifted(readme, _tables({**commands, "extract": extract}))
    assert [name for name, _ in problems] == ["extract"]


def test_cli_reference_rewrites_then_checks_and_catches_a_changed_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(TEMPLATE, "utf-8")
    assert cli_reference.main(["--readme", str(readme)], commands=_commands()) == 0
    written = readme.read_text("utf-8")
    assert "Prose before.\n\n<!-- options: extract -->\n\n| option | meaning | default |" in written
    assert "| stale |" not in written
    assert cli_reference.main(["--check", "--readme", str(readme)], commands=_commands()) == 0
    capsys.readouterr()

    changed = _commands(verbose_help="Info logs on stderr; -vv: debug logs.")
    assert cli_reference.main(["--check", "--readme", str(readme)], commands=changed) == 1
    err = capsys.readouterr().err
    assert "`claimx extract`" in err
    assert "schema" not in err
    assert readme.read_text("utf-8") == written  # --check changes nothing


def test_cli_reference_rows_of_counts_flags_choices_and_panels() -> None:
    table = cli_reference.option_table(_commands()["extract"])
    rows = table.strip().splitlines()
    assert rows[:2] == ["| option | meaning | default |", "| --- | --- | --- |"]
    assert rows[2:] == [
        "| **Arguments** | | |",
        "| `PATHS...` | Files. |  |",
        "| **Options** | | |",
        "| `-v, --verbose` | More logs on stderr (-vv: debug). |  |",
        "| `-c, --colour red\\|blue` | Needs x[colour] \\| care. | `red` |",
        "| `--clean / --no-clean` | Clean. | `--clean` |",
        "| `-j, --jobs INTEGER` | Workers. | `1` |",
        "| `--glob TEXT` | Patterns like \\*.txt. |  |",
        "| `--cache DIR` | Cache folder. |  |",
        "| **Output** | | |",
        "| `--boilerplate` | List the boilerplate ranges. |  |",
    ]


def test_cli_reference_root_options_and_one_panel_tables() -> None:
    commands = _commands()
    assert cli_reference.option_table(commands["claimx"]).strip().splitlines()[2:] == [
        "| `--debug` | Tracebacks. (env `X_DEBUG`) |  |"
    ]
    assert "**" not in cli_reference.option_table(commands["schema"])


def test_cli_reference_reports_missing_and_unknown_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    text = TEMPLATE.replace("schema -->", "gone -->")
    readme.write_text(text, "utf-8")
    assert cli_reference.main(["--readme", str(readme)], commands=_commands()) == 1
    err = capsys.readouterr().err
    assert "`claimx gone`" in err
    assert "`claimx schema`: no option table" in err
