"""The whole text of an HTML page, one block a line, as a copy of the page in a browser gives.

When trafilatura keeps too little of a page, the plain-text cleaner reads this text instead.
Scripts, styles and hidden templates are left out; the page title comes first; block elements
(paragraphs, headings, list items, table rows, divs) start lines and paragraphs get a blank
line around them. One pass over the parsed tree, no recursion (pages nest deeply).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "object", "head", "select",
     "button", "input", "textarea", "canvas", "map"}
)  # fmt: skip
# Elements that stand apart from the text around them by a blank line (as html-text does)...
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "figure"}
)
# ...and elements that start a line of their own.
_LINE = frozenset(
    {"article", "aside", "dd", "details", "div", "dt", "fieldset", "figcaption", "footer", "form",
     "header", "hr", "legend", "li", "main", "nav", "table", "tr", "section", "caption",
     "address", "summary", "option", "center"}
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
# Whitespace in the markup, line breaks included, is one space, as a browser shows it.
_WHITESPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")
# lxml refuses a str that declares its encoding (XHTML pages open with one): it is dropped.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _breaks(tag: str) -> int:
    """Line breaks around the element: 2 (a blank line), 1 or 0."""
    if tag in _PARAGRAPH:
        return 2
    if tag in _LINE:
        return 1
    return 0


class _Writer:
    """Text with breaks: a break waits for the next text, and breaks in a row are one (the
    widest), as a browser collapses empty blocks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0

    def text(self, value: str | None) -> None:
        value = _WHITESPACE.sub(" ", value) if value else ""
        if not value.strip():
            if value and self.pending == 0:
                self.parts.append(" ")
            return
        if self.pending and self.parts:
            self.parts.append("\n" * self.pending)
        self.pending = 0
        self.parts.append(value)

    def brk(self, count: int) -> None:
        self.pending = max(self.pending, count)


def page_text(markup: str) -> str:
    """The page's visible text, one block a line; "" when the markup cannot be parsed."""
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1))
    except (etree.ParserError, ValueError):
        return ""
    out = _Writer()
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        out.text(title.text_content().strip())
        out.brk(2)
    skipping = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None:  # comments, processing instructions: only their tail is text
            if event == "end" and not skipping:
                out.text(element.tail)
            continue
        if event == "start":
            if tag in _SKIP or skipping:
                skipping += tag in _SKIP
                continue
            out.brk(1 if tag == "br" else _breaks(tag))
            out.text(element.text)
        elif tag in _SKIP:
            skipping -= 1
            if not skipping:
                out.text(element.tail)
        elif not skipping:
            out.brk(_breaks(tag))
            out.text(element.tail)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(out.parts).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"
