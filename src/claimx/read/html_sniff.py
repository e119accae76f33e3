"""Whether a text is HTML: cheap to ask (no trafilatura), so every JSON Lines body and every
file of unknown kind can be asked."""

from __future__ import annotations

import re

# How far into a text the HTML markers must show up: a document starts with them.
_SNIFF_CHARS = 2048
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b")
_HTML_SECTION = re.compile(r"<(?:head|body)\b[^>]*>")
# A fragment ("<article><p>...") counts when it opens with a tag and is full of them.
_TAG_FIRST = re.compile(r"^\s*<[a-z]")
_MARKUP_TAG = re.compile(r"</?(?:p|div|article|section|span|a|br|h[1-6]|ul|ol|li|table|img)\b")
_FRAGMENT_MIN_TAGS = 3


def looks_like_html(text: str) -> bool:
    """True for an HTML document (a doctype or <html> first, or a <head>/<body> near the top)
    or a fragment that opens with a tag and is full of them; plain text that merely mentions
    a tag is not HTML."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff").lower()
    if _HTML_START.match(head) or _HTML_SECTION.search(head):
        return True
    return bool(_TAG_FIRST.match(head)) and len(_MARKUP_TAG.findall(head)) >= _FRAGMENT_MIN_TAGS
