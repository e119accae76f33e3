"""Temporal expressions: finding them (spans), resolving them (resolve)."""

from __future__ import annotations

from claimx.nlp.temporal.mentions import Mention
from claimx.nlp.temporal.resolve import Resolver, parse_reference
from claimx.nlp.temporal.spans import find_mentions

__all__ = ["Mention", "Resolver", "find_mentions", "parse_reference"]
