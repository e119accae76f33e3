"""Temporal expressions: finding them (spans), resolving them (resolve)."""

from __future__ import annotations

from claimx.temporal.mentions import Mention
from claimx.temporal.resolve import Resolver, parse_reference
from claimx.temporal.spans import find_mentions

__all__ = ["Mention", "Resolver", "find_mentions", "parse_reference"]
