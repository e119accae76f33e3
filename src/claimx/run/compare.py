"""The compare loop: the records of the inputs (extracted, or read back), then their comparison."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from claimx.compare.comparison import CompareOptions, compare
from claimx.read.inputs import FileKey
from claimx.read.record_files import BAD_RECORD
from claimx.records.article import ArticleRecord
from claimx.records.comparison import Comparison
from claimx.run.extract import records_of
from claimx.run.options import ExtractOptions

log = logging.getLogger(__name__)


def compare_inputs(
    paths: Iterable[str],
    extract_options: ExtractOptions,
    options: CompareOptions,
    *,
    globs: tuple[str, ...] = (),
    skip: frozenset[FileKey] = frozenset(),
) -> tuple[Comparison, list[ArticleRecord]]:
    """The comparison of the articles under `paths`, and all their records (failed ones too).

    A bad line of a records file is no article: it is reported, not compared.
    """
    records = list(records_of(paths, extract_options, globs=globs, skip=skip))
    articles = [r for r in records if r.error is None or r.error.type != BAD_RECORD]
    log.info("comparing %d articles", len(articles))
    return compare(articles, options), records
