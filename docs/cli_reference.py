"""The README's option tables, generated from the command line's own definitions.

    python docs/cli_reference.py            # rewrite the tables in README.md
    python docs/cli_reference.py --check    # exit 1, naming each command whose table drifted

A table stands between `<!-- options: COMMAND -->` and `<!-- /options: COMMAND -->`; COMMAND is
a command's name (`extract`, `compare`...; a subcommand of a group as `group command`) or
`claimx` for the options given before the command. Every command has one table, and every
table names a command.

The tables are built from the click command objects typer makes (each parameter's names, value,
default, help and help panel), not from the text `--help` prints, which depends on the terminal's
width and on rich's layout. A new option, a count (`-vv`) or a new help panel needs no change
here: rerun the script.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent.parent / "README.md"
ROOT = "claimx"

BLOCK = re.compile(
    r"(?P<open><!-- options: (?P<name>[\w -]+?) -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- /options: (?P=name) -->)",
    re.DOTALL,
)


def cli_commands(root: Any, name: str = ROOT) -> dict[str, Any]:
    """`root` (a click command or group) as `name`, and every visible command under it by its
    name on the command line without the program's: `extract`, `group command`."""
    found = {name: root}

    def walk(group: Any, prefix: str) -> None:
        for sub_name, sub in sorted(getattr(group, "commands", {}).items()):
            if not getattr(sub, "hidden", False):
                found[prefix + sub_name] = sub
                walk(sub, f"{prefix}{sub_name} ")

    walk(root, "")
    return found


def app_commands() -> dict[str, Any]:
    """The commands of claimx's own command line."""
    import typer

    from claimx.cli import app

    return cli_commands(typer.main.get_command(app))


def option_table(command: Any) -> str:
    """One markdown table, `option | meaning | default`, of `command`'s parameters, grouped
    (with a bold row naming the group) by their help panel when they have more than one."""
    groups: dict[str, list[Any]] = {"Arguments": [], "Options": []}
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        default_group = "Arguments" if _is_argument(param) else "Options"
        groups.setdefault(getattr(param, "rich_help_panel", None) or default_group, []).append(
            param
        )
    groups = {group: params for group, params in groups.items() if params}
    lines = ["| option | meaning | default |", "| --- | --- | --- |"]
    for group, params in groups.items():
        if len(groups) > 1:
            lines.append(f"| **{group}** | | |")
        lines.extend(
            f"| {_code(_names(param))} | {_meaning(param)} | {_code(_default(param))} |"
            for param in params
        )
    # Blank lines around it, so that every markdown reader ends the table before the marker.
    return "\n" + "\n".join(lines) + "\n\n"


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", None) == "argument"


def _names(param: Any) -> str:
    """`-f, --format VALUE`, `--clean / --no-clean`, `PATHS...`."""
    if _is_argument(param):
        name = str(param.metavar or param.name.upper())
        return name + ("..." if param.nargs == -1 or param.multiple else "")

    def joined(opts: list[str]) -> str:
        # Short options first, as click's help writes them.
        return ", ".join(sorted(opts, key=lambda opt: len(opt) - len(opt.lstrip("-"))))

    names = joined(param.opts)
    if param.secondary_opts:
        names += " / " + joined(param.secondary_opts)
    value = _value(param)
    return f"{names} {value}" if value else names


def _value(param: Any) -> str:
    """What an option takes: its metavar, its choices (`a|b`), else the kind of value."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if param.metavar:
        return str(param.metavar)
    click_type = getattr(param, "type", None)  # click's ParamType (typer before 0.2x)
    descriptor = getattr(param, "type_descriptor", None)  # typer's own core
    choices = getattr(click_type, "choices", None) or getattr(descriptor, "choices", None)
    if choices:
        return "|".join(_plain_value(choice) for choice in choices)
    if descriptor is not None:
        return _typer_value(descriptor)
    if click_type is not None:
        return _click_value(click_type)
    return "VALUE"


def _typer_value(descriptor: Any) -> str:
    info = descriptor.parameter_info
    if descriptor.is_datetime:
        return "|".join(_date_format(f) for f in info.formats or ["%Y-%m-%d"])
    if descriptor.is_path:
        return _path_value(file_okay=info.file_okay, dir_okay=info.dir_okay)
    annotation = descriptor.annotation
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) in (list, tuple) and args:
        annotation = args[0]
    return _KINDS.get(annotation, getattr(annotation, "__name__", "value").upper())


def _click_value(click_type: Any) -> str:
    formats = getattr(click_type, "formats", None)
    if formats:
        return "|".join(_date_format(f) for f in formats)
    if hasattr(click_type, "file_okay") and hasattr(click_type, "dir_okay"):
        return _path_value(file_okay=click_type.file_okay, dir_okay=click_type.dir_okay)
    name = str(getattr(click_type, "name", "value")).removesuffix(" range")
    return {"text": "TEXT", "integer": "INTEGER", "float": "FLOAT"}.get(name, name.upper())


_KINDS: dict[Any, str] = {str: "TEXT", int: "INTEGER", float: "FLOAT"}


def _path_value(*, file_okay: bool, dir_okay: bool) -> str:
    if not dir_okay:
        return "FILE"
    return "DIR" if not file_okay else "PATH"


def _date_format(strftime: str) -> str:
    """`%Y-%m-%d` as people write it: `YYYY-MM-DD`."""
    for code, shown in _DATE_CODES.items():
        strftime = strftime.replace(code, shown)
    return strftime


_DATE_CODES = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "hh", "%M": "mm", "%S": "ss"}


def _meaning(param: Any) -> str:
    text = _markdown(_plain_help(getattr(param, "help", None) or ""))
    envvar = param.envvar
    if envvar:
        names = [envvar] if isinstance(envvar, str) else list(envvar)
        text += " (env " + ", ".join(_code(name) for name in names) + ")"
    if param.required:
        text += " (required)"
    return text.strip()


def _plain_help(help_text: str) -> str:
    """The help as typer shows it, without rich markup (`[bold]`, `\\[`), on one line."""
    from rich.errors import MarkupError
    from rich.text import Text

    with contextlib.suppress(MarkupError):  # not markup after all: shown as written
        help_text = Text.from_markup(help_text).plain
    return " ".join(help_text.split())


def _default(param: Any) -> str:
    """The default as a user would type it; nothing for none, an unset flag or a zero count."""
    show = getattr(param, "show_default", None)
    if isinstance(show, str):
        return show
    default = param.default
    if show is False or callable(default) or _unset(default):
        return ""
    if getattr(param, "is_flag", False) and param.secondary_opts:
        return str((param.opts if default else param.secondary_opts)[-1])
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return "" if not default else _plain_value(default)
    if isinstance(default, list | tuple):
        return " ".join(_plain_value(value) for value in default)
    return _plain_value(default)


def _unset(value: Any) -> bool:
    """No default: None, or the sentinel newer clicks use for it."""
    return value is None or type(value).__name__ in ("Sentinel", "_Unset")


def _plain_value(value: Any) -> str:
    return str(value.value if isinstance(value, Enum) else value)


def _code(text: str) -> str:
    """`text` as inline code in a table cell (a `|` must be escaped even there)."""
    return f"`{text.replace('|', chr(92) + '|')}`" if text else ""


_SPECIAL = re.compile(r"([\\|*<])")


def _markdown(text: str) -> str:
    """Help text as a table cell: what markdown would read as markup is escaped, except in
    `code` spans, where only `|` is."""
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(
        part.replace("|", "\\|") if part.startswith("`") else _SPECIAL.sub(r"\\\1", part)
        for part in parts
    )


def render(readme: str, tables: Mapping[str, str]) -> str:
    """`readme` with the table of each command between its markers."""

    def table(match: re.Match[str]) -> str:
        body = tables.get(match["name"], match["body"])
        return match["open"] + body + match["close"]

    return BLOCK.sub(table, readme)


def drifted(readme: str, tables: Mapping[str, str]) -> list[tuple[str, str]]:
    """What is wrong with `readme`'s tables, as (command, why); none when they are up to date."""
    problems = []
    seen = set()
    for match in BLOCK.finditer(readme):
        name = match["name"]
        seen.add(name)
        if name not in tables:
            problems.append((name, "the README has a table for it, but there is no such command"))
        elif match["body"] != tables[name]:
            problems.append((name, "its option table differs from the command's options"))
    problems.extend(
        (name, f"no option table: add <!-- options: {name} --> <!-- /options: {name} -->")
        for name in tables
        if name not in seen
    )
    return problems


def main(argv: list[str] | None = None, commands: Mapping[str, Any] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the README's option tables.")
    parser.add_argument(
        "--check", action="store_true", help="Change nothing; exit 1 if a table drifted."
    )
    parser.add_argument("--readme", type=Path, default=README, help="Default: README.md.")
    args = parser.parse_args(argv)
    commands = app_commands() if commands is None else commands
    tables = {name: option_table(command) for name, command in commands.items()}
    readme = args.readme.read_text("utf-8")
    if not args.check:
        updated = render(readme, tables)
        if updated != readme:
            args.readme.write_text(updated, "utf-8")
        readme = updated  # what is left is what rewriting cannot mend: missing markers
    problems = drifted(readme, tables)
    for name, why in problems:
        command = ROOT if name == ROOT else f"{ROOT} {name}"
        print(f"{args.readme.name}: `{command}`: {why}", file=sys.stderr)
    if problems and args.check:
        print("run `python docs/cli_reference.py` to regenerate the tables", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
