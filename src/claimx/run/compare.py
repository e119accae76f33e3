"""The compare step: the comparison of records (extracted, or read back)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from claimx.compare.comparison import CompareOptions, compare
from claimx.read.record_files import BAD_RECORD
from claimx.records.article import ArticleRecord
from claimx.records.comparison import Comparison

log = logging.getLogger(__name__)


def compare_records(
    records: Iterable[ArticleRecord], options: CompareOptions
) -> tuple[Comparison, list[ArticleRecord]]:
    """The comparison of the articles among `records` (extracted, or read back by
    `records_of`), and all the records (failed ones too).

    A bad line of a records file is no article: it is reported, not compared.
    """
    every = list(records)
    articles = [r for r in every if r.error is None or r.error.type != BAD_RECORD]
    log.info("comparing %d articles", len(articles))
    return compare(articles, options), every
