"""A cheap first-character test in front of a regular expression, matches unchanged.

`re` scans a pattern that starts with `\b`, a look-behind or a case-insensitive alternation
by running the whole pattern at every position of the text: each of the date patterns cost
as much as 20 words of parsing per article. Every match of such a pattern starts with one of
a few characters (the first letters of its words), read off the parsed pattern; a look-ahead
for them, `(?=[...])`, fails at once at the other positions. The look-ahead only states what
every match already satisfies, so the matches, their groups and their order are the same.
Where the first characters cannot be read off (an unusual construct, another Python's parser),
the pattern is left as it is.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11 and later
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

_REPEATS = tuple(
    getattr(_sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre, name)
)
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
}


class _UnreadableError(Exception):
    """A construct whose first characters this module does not work out."""


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _first_of_sequence(items: list[Any]) -> tuple[list[str], bool]:
    """The character-class items a match of `items` can start with, and whether it can be
    empty (then what follows it can start the match too)."""
    firsts: list[str] = []
    for op, argument in items:
        found, empty = _first_of_item(op, argument)
        firsts += found
        if not empty:
            return firsts, False
    return firsts, True


def _first_of_item(op: Any, argument: Any) -> tuple[list[str], bool]:
    if op is _sre.LITERAL:
        return [_char(argument)], False
    if op is _sre.IN:
        return [_class_item(*item) for item in argument], False
    if op in _ZERO_WIDTH:
        # Assertions consume nothing; skipping them only widens the set, which stays true.
        return [], True
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, pattern = argument
        if add_flags or del_flags:  # (?i:...) inside: the guard would not share its flags
            raise _UnreadableError
        return _first_of_sequence(pattern.data)
    if op is _sre.BRANCH:
        firsts: list[str] = []
        any_empty = False
        for alternative in argument[1]:
            found, empty = _first_of_sequence(alternative.data)
            firsts += found
            any_empty |= empty
        return firsts, any_empty
    if op in _REPEATS:
        low, _high, pattern = argument
        found, empty = _first_of_sequence(pattern.data)
        return found, empty or low == 0
    raise _UnreadableError


def _class_item(op: Any, argument: Any) -> str:
    if op is _sre.LITERAL:
        return _char(argument)
    if op is _sre.RANGE:
        return f"{_char(argument[0])}-{_char(argument[1])}"
    if op is _sre.CATEGORY and argument in _CATEGORIES:
        return _CATEGORIES[argument]
    raise _UnreadableError  # a negated class, among others


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a look-ahead for the characters its matches start with; `pattern`
    itself where they cannot be read off or a match can be empty."""
    try:
        firsts, empty = _first_of_sequence(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    except _UnreadableError:
        return pattern
    if empty or not firsts:
        return pattern
    guard = "".join(dict.fromkeys(firsts))
    # Same flags, so the guard's letters match case-insensitively exactly where the
    # pattern's do; the pattern's groups keep their numbers behind a non-capturing group.
    return re.compile(f"(?=[{guard}])(?:{pattern.pattern})", pattern.flags)
