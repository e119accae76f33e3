"""Temporal expressions: finding them (spans), resolving them (resolve), reading timestamps."""

from __future__ import annotations

from claimx.temporal.mentions import Mention
from claimx.temporal.resolve import Resolver, parse_reference
from claimx.temporal.spans import find_mentions
from claimx.temporal.timestamp import parse_timestamp

__all__ = ["Mention", "Resolver", "find_mentions", "parse_reference", "parse_timestamp"]
