"""What follows a name in a byline, wherever the byline was read: trafilatura's author string
(read.html) or a line of plain text (clean.metadata)."""

from __future__ import annotations

import re

# What may follow the name in a byline: a role ("Staff Writer", ", IGN Staff", ",
# Correspondent", "is a reporter for ..."), a handle ("@cgartenberg").
_ROLE_TAIL = re.compile(
    r"(?:(?:,\s*[\w .&'-]{1,30})?[\s,]+staff(?:\s+(?:writer|reporter))?"
    r"|,\s*(?:contributor|contributing writer|correspondent|reporter|columnist)"
    r"|\s+is\s+an?\s+[^;]*|\s+@\w+)$",
    re.IGNORECASE,
)


def without_role(name: str) -> str:
    """A byline's name without the role or handle after it: "Evan Halper Staff Writer"."""
    while (tail := _ROLE_TAIL.search(name)) is not None and tail.start() > 0:
        name = name[: tail.start()]
    return name
