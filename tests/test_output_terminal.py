"""claimx.output.terminal: clipped cells, the shared table style, the console."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from rich.text import Text

from claimx.output.terminal import clip, console, titled_table

SGR = re.compile(r"\x1b\[([0-9;]*)m")
COLOUR_CODES = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}


def _colours(text: str) -> set[int]:
    return {
        int(code)
        for params in SGR.findall(text)
        for code in params.split(";")
        if code and int(code) in COLOUR_CODES
    }


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


# clip


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Taxes rose.", 20, "Taxes rose."),
        ("Taxes rose.", 11, "Taxes rose."),  # exactly the limit: kept whole
        ("Taxes rose.", 10, "Taxes ros…"),
        ("Taxes  rose\nsharply", 11, "Taxes rose…"),
        ("abcd efgh", 6, "abcd…"),  # no white space left before the ellipsis
        ("  Taxes\n\n\trose.  ", 20, "Taxes rose."),
        ("", 5, ""),
    ],
)
def test_clip_puts_text_on_one_line_within_the_limit(text: str, limit: int, expected: str) -> None:
    clipped = clip(text, limit)
    assert clipped == expected
    assert len(clipped) <= limit
    assert "\n" not in clipped


def test_clip_counts_the_limit_after_white_space_is_collapsed() -> None:
    assert clip("a" + " " * 50 + "b", 3) == "a b"


# titled_table


def test_titled_table_titles_on_the_left_and_folds_every_column() -> None:
    table = titled_table(
        "Quotes",
        [("speaker", {"max_width": 24}), ("score", {"justify": "right"})],
        show_lines=True,
        expand=True,
    )
    assert (table.title, table.title_justify) == ("Quotes", "left")
    assert (table.show_lines, table.expand) == (True, True)
    assert [c.header for c in table.columns] == ["speaker", "score"]
    assert all(c.overflow == "fold" for c in table.columns)
    assert (table.columns[0].max_width, table.columns[1].justify) == (24, "right")
    plain = titled_table("Dates", [("text", {})])
    assert (plain.show_lines, plain.expand) == (False, False)


def test_a_long_cell_folds_onto_more_lines_and_loses_nothing() -> None:
    word = "x" * 70
    table = titled_table("Claims", [("claim", {}), ("score", {})])
    table.add_row(word, "0.75")
    out = io.StringIO()
    Console(file=out, width=40).print(table)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Claims")
    assert all(len(line) <= 40 for line in lines)
    assert "…" not in out.getvalue()
    assert out.getvalue().count("x") == 70


# console


def test_console_writes_to_its_stream() -> None:
    stream = io.StringIO()
    console(stream, color=True).print("Taxes rose.")
    assert stream.getvalue() == "Taxes rose.\n"


def test_console_colours_a_terminal_only_when_colour_is_on() -> None:
    on, off = Terminal(), Terminal()
    console(on, color=True).print(Text("conflict", style="bold red"))
    console(off, color=False).print(Text("conflict", style="bold red"))
    assert _colours(on.getvalue()) == {31}
    assert _colours(off.getvalue()) == set()
    assert SGR.sub("", off.getvalue()) == "conflict\n"


def test_no_color_in_the_environment_turns_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    console(stream, color=True).print(Text("conflict", style="red"))
    assert _colours(stream.getvalue()) == set()


@pytest.mark.parametrize("color", [True, False])
def test_console_writes_no_escapes_to_what_is_no_terminal(color: bool) -> None:
    stream = io.StringIO()
    console(stream, color=color).print(Text("conflict", style="bold red"))
    assert stream.getvalue() == "conflict\n"
