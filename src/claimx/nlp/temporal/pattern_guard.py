r"""Finding the matches of many patterns in one text fast, matches unchanged.

`re` scans a pattern that starts with `\b`, a look-behind or a case-insensitive alternation
by running the whole pattern at every position of the text: each of the date patterns cost
as much as 20 words of parsing per article. Every match of such a pattern starts with one of
a few characters (the first letters of its words), read off the parsed pattern. Two ways to
use them:
- `guarded`: a look-ahead for them, `(?=[...])`, in front of the pattern, so that it fails at
  once at the other positions. It still costs a call of the matcher per position of the text.
- `WordStartScan`: a pattern that also asserts a word boundary where it starts (`\b`, or a
  look-behind refusing a word character) and whose first characters are word characters
  only ever matches where a word starts. The text's word starts are found once, by one scan
  that `re` runs in its fast loop, and each pattern is tried only at those whose first
  character it can start with, as `pattern.match(text, start)`: look-behinds and `\b` still
  see the text before `start`, so a match there is the one `finditer` finds.
Both only use what every match already satisfies, so the matches, their groups and their
order are the same. Where the first characters cannot be read off (an unusual construct,
another Python's parser), the pattern is scanned as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import chain
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
# Categories all of whose characters are word characters (`\d` is part of `\w`).
_WORD_CATEGORIES = frozenset({_sre.CATEGORY_DIGIT, _sre.CATEGORY_WORD})
_WORD_CHARACTER = re.compile(r"\w")
# The runs of word characters: a class first, so `re` finds them in its fast loop.
_WORDS = re.compile(r"\w+")
# A class item of a first character: (op, argument) as the parser gives it.
Item = tuple[Any, Any]


class _UnreadableError(Exception):
    """A construct whose first characters this module does not work out."""


def _first_of_sequence(items: list[Any]) -> tuple[list[Item], bool]:
    """The character-class items a match of `items` can start with, and whether it can be
    empty (then what follows it can start the match too)."""
    firsts: list[Item] = []
    for op, argument in items:
        found, empty = _first_of_item(op, argument)
        firsts += found
        if not empty:
            return firsts, False
    return firsts, True


def _first_of_item(op: Any, argument: Any) -> tuple[list[Item], bool]:
    if op is _sre.LITERAL:
        return [(op, argument)], False
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
        firsts: list[Item] = []
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


def _class_item(op: Any, argument: Any) -> Item:
    if op is _sre.LITERAL or op is _sre.RANGE or (op is _sre.CATEGORY and argument in _CATEGORIES):
        return op, argument
    raise _UnreadableError  # a negated class, among others


def _source(item: Item) -> str:
    """The class item as regular-expression text."""
    op, argument = item
    if op is _sre.LITERAL:
        return f"\\U{argument:08x}"
    if op is _sre.RANGE:
        return f"\\U{argument[0]:08x}-\\U{argument[1]:08x}"
    return _CATEGORIES[argument]


def _is_word_item(item: Item) -> bool:
    """Whether every character of the item is a word character. Case folding keeps it so
    (the case variants of a letter are letters), which the tests check character by character."""
    op, argument = item
    if op is _sre.LITERAL:
        return _WORD_CHARACTER.match(chr(argument)) is not None
    if op is _sre.RANGE:
        low, high = argument
        return high - low < 256 and all(_WORD_CHARACTER.match(chr(c)) for c in range(low, high + 1))
    return argument in _WORD_CATEGORIES


def _first_class(pattern: re.Pattern[str]) -> tuple[list[Item], list[Any]] | None:
    """The class items a match of `pattern` starts with and the parsed pattern; None when a
    match can be empty or the items cannot be read off."""
    parsed = _sre_parse.parse(pattern.pattern, pattern.flags).data
    try:
        firsts, empty = _first_of_sequence(parsed)
    except _UnreadableError:
        return None
    if empty or not firsts:
        return None
    return firsts, list(parsed)


def _class_source(firsts: list[Item]) -> str:
    return "".join(dict.fromkeys(_source(item) for item in firsts))


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a look-ahead for the characters its matches start with; `pattern`
    itself where they cannot be read off or a match can be empty."""
    return _guarded(pattern, _first_class(pattern))


def _guarded(
    pattern: re.Pattern[str], found: tuple[list[Item], list[Any]] | None
) -> re.Pattern[str]:
    if found is None:
        return pattern
    # Same flags, so the guard's letters match case-insensitively exactly where the
    # pattern's do; the pattern's groups keep their numbers behind a non-capturing group.
    return re.compile(f"(?=[{_class_source(found[0])}])(?:{pattern.pattern})", pattern.flags)


def _opens_at_word_boundary(parsed: list[Any]) -> bool:
    r"""Whether the pattern asserts first that no word character precedes it: `\b`, or a
    look-behind for one character that is not a word character (`(?<![\w$.,])`)."""
    if not parsed:
        return False
    op, argument = parsed[0]
    if op is _sre.AT:
        return argument is _sre.AT_BOUNDARY
    if op is _sre.ASSERT_NOT:
        direction, body = argument
        if direction != -1 or len(body.data) != 1:
            return False
        body_op, body_argument = body.data[0]
        return body_op is _sre.IN and (_sre.CATEGORY, _sre.CATEGORY_WORD) in body_argument
    return False


class WordStartScan:
    """The matches of several patterns in a text, each as `finditer` finds them.

    A pattern whose matches start only where words start is tried at those word starts that
    begin with a character it can start with; any other pattern is scanned as usual behind
    its first-character guard.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        # Per pattern at word starts: a one-character class test of its first characters
        # (with its own flags); per other pattern, the pattern behind its guard. Each is
        # parsed once and only what is used is compiled: compiling costs start-up time.
        self._starters: list[re.Pattern[str] | None] = []
        self._scanned: list[re.Pattern[str] | None] = []
        for pattern in self.patterns:
            found = _first_class(pattern)
            starter = None
            if found is not None:
                firsts, parsed = found
                if _opens_at_word_boundary(parsed) and all(_is_word_item(i) for i in firsts):
                    starter = re.compile(f"[{_class_source(firsts)}]", pattern.flags)
            self._starters.append(starter)
            self._scanned.append(None if starter is not None else _guarded(pattern, found))
        # Which word-start patterns can start with a character, worked out once per character.
        self._by_character: dict[str, tuple[int, ...]] = {}

    def at_word_starts(self, index: int) -> bool:
        """Whether pattern `index` is tried at word starts only."""
        return self._starters[index] is not None

    def _patterns_starting(self, character: str) -> tuple[int, ...]:
        found = self._by_character.get(character)
        if found is None:
            found = self._by_character[character] = tuple(
                i for i, s in enumerate(self._starters) if s is not None and s.match(character)
            )
        return found

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """(pattern index, match) for every match of every pattern: pattern by pattern, each
        pattern's matches in text order, as its `finditer` gives them."""
        by_first: dict[str, list[int]] = {}
        for word in _WORDS.finditer(text):
            start = word.start()
            by_first.setdefault(text[start], []).append(start)
        starts: list[list[list[int]]] = [[] for _ in self.patterns]
        for character, positions in by_first.items():
            for index in self._patterns_starting(character):
                starts[index].append(positions)
        for index, pattern in enumerate(self.patterns):
            scanned = self._scanned[index]
            if scanned is not None:
                for match in scanned.finditer(text):
                    yield index, match
                continue
            match_at = pattern.match
            end = 0
            for start in sorted(chain.from_iterable(starts[index])):
                # Matches are never empty (their first character is known), and `finditer`
                # looks for the next one where the last ended.
                if start < end:
                    continue
                found = match_at(text, start)
                if found is not None:
                    end = found.end()
                    yield index, found
