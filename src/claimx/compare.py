"""Compare articles: the claims and quotes they share, and where their facts disagree.

Claims (and quotes) of all articles are scored against one another with claimx.matching and
clustered by average linkage: a claim joins a group only if it is, on average, close to every
wording already there, so one loose paraphrase cannot chain two different claims together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from claimx.compare_records import (
    ArticleSummary,
    ClaimGroup,
    Comparison,
    Conflict,
    QuoteGroup,
    QuoteWording,
    Wording,
)
from claimx.conflicts import Statement, find_conflicts, find_count_conflicts, statement_entities
from claimx.matching import FloatMatrix, Matcher, Method, Similarity, resolve_matcher
from claimx.reading import FileKey
from claimx.record_files import read_record_file
from claimx.records import ArticleRecord, Claim, Quote

if TYPE_CHECKING:
    from claimx.extract import ExtractOptions

# Average similarity for two wordings to count as one claim, per method: the fused score
# sits higher than the lexical one for the same pair, as embeddings see paraphrase.
SAME_CLAIM = {"lexical": 0.30, "embeddings": 0.47}
# Claims close enough to be about the same thing, where a conflict of facts is worth showing.
RELATED = {"lexical": 0.15, "embeddings": 0.40}
# A quote by the same speaker needs less wording in common than a claim does.
SAME_QUOTE = {"lexical": 0.25, "embeddings": 0.50}
# Taken off the quote score when one side's speaker is unknown.
UNKNOWN_SPEAKER_PENALTY = 0.05
CONTEXT_CHARS = 70
# Files that may hold `claimx extract` output rather than articles.


@dataclass(frozen=True)
class CompareOptions:
    matcher: Matcher = "auto"


@dataclass(frozen=True)
class _ClaimItem:
    """A statement of an article: one of its claims, or a quote no claim covers."""

    record: ArticleRecord
    text: str
    start: int
    end: int
    credited: str | None
    speaker: str | None
    entities: tuple[str, ...]
    dates: tuple[str, ...]
    checkworthiness: float
    is_claim: bool
    matching_text: str

    @classmethod
    def of_claim(cls, record: ArticleRecord, claim: Claim) -> _ClaimItem:
        claimant = claim.claimant
        source = None
        if claimant.kind == "speaker" and claimant.quote is not None:
            source = record.quotes[claimant.quote] if claimant.quote < len(record.quotes) else None
        return cls(
            record=record,
            text=claim.text,
            start=claim.start,
            end=claim.end,
            credited=claimant.name or record.outlet,
            speaker=claimant.name if claimant.kind == "speaker" else None,
            entities=tuple(claim.entities),
            dates=tuple(claim.dates),
            checkworthiness=claim.checkworthiness,
            is_claim=True,
            matching_text=_attributed(claim.text, source),
        )

    @classmethod
    def of_quote(cls, record: ArticleRecord, quote: Quote) -> _ClaimItem:
        speaker = quote.speaker.entity if quote.speaker else None
        return cls(
            record=record,
            text=quote.text,
            start=quote.start,
            end=quote.end,
            credited=speaker or (quote.speaker.text if quote.speaker else None),
            speaker=speaker,
            entities=tuple(
                dict.fromkeys(n.name for n in statement_entities(record, quote.start, quote.end))
            ),
            dates=tuple(
                d.value
                for d in record.dates
                if d.value and quote.start <= d.start and d.end <= quote.end
            ),
            checkworthiness=0.0,
            is_claim=False,
            matching_text=_attributed(quote.text, quote),
        )

    def statement(self) -> Statement:
        return Statement(
            article=self.record.id,
            text=self.text,
            start=self.start,
            end=self.end,
            dates=self.dates,
            entities=statement_entities(self.record, self.start, self.end),
            masked=_date_spans(self.record, self.start, self.end),
        )


def _attributed(text: str, quote: Quote | None) -> str:
    """Reported content as the sentence that reports it: 'Saudi Arabia emphasized it cannot
    normalize...' says who 'it' is, and matches a paraphrase naming Saudi Arabia."""
    if quote is None or quote.speaker is None:
        return text
    return f"{quote.speaker.entity or quote.speaker.text} {quote.cue.text} {text}"


def _statements(record: ArticleRecord) -> list[_ClaimItem]:
    """The article's claims, and the quotes none of its claims comes from or overlaps."""
    items = [_ClaimItem.of_claim(record, claim) for claim in record.claims]
    sources = {claim.claimant.quote for claim in record.claims}
    for index, quote in enumerate(record.quotes):
        covered = index in sources or any(
            claim.start < quote.end and quote.start < claim.end for claim in record.claims
        )
        if not covered:
            items.append(_ClaimItem.of_quote(record, quote))
    return items


@dataclass(frozen=True)
class _QuoteItem:
    record: ArticleRecord
    quote: Quote

    @property
    def speaker(self) -> str | None:
        return self.quote.speaker.entity if self.quote.speaker else None


def _date_spans(record: ArticleRecord, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Where dates sit inside a wording, relative to it: their digits are not counts."""
    return tuple(
        (d.start - start, d.end - start) for d in record.dates if start <= d.start and d.end <= end
    )


def cluster(similarity: FloatMatrix, threshold: float) -> list[list[int]]:
    """Average-linkage clusters: merge the closest pair while its mean similarity >= threshold.

    Clusters never span two components of the graph of pairs >= threshold (a mean is never
    above the largest pair), so each component is clustered on its own, which keeps large
    inputs fast.
    """
    clusters: list[list[int]] = []
    for component in _components(similarity >= threshold):
        block = similarity[np.ix_(component, component)]
        for members in _average_linkage(block, threshold):
            clusters.append([component[i] for i in members])
    return sorted(clusters, key=min)


def _components(adjacent: np.ndarray) -> list[list[int]]:
    n = len(adjacent)
    seen = np.zeros(n, dtype=bool)
    components = []
    for root in range(n):
        if seen[root]:
            continue
        stack, members = [root], []
        seen[root] = True
        while stack:
            node = stack.pop()
            members.append(node)
            for neighbour in np.flatnonzero(adjacent[node] & ~seen):
                seen[neighbour] = True
                stack.append(int(neighbour))
        components.append(sorted(members))
    return components


def _average_linkage(similarity: FloatMatrix, threshold: float) -> list[list[int]]:
    n = len(similarity)
    members = [[i] for i in range(n)]
    totals = similarity.astype(np.float64)  # sum of pair similarities between two clusters
    sizes = np.ones(n)
    active = np.ones(n, dtype=bool)
    means = totals.copy()
    np.fill_diagonal(means, -np.inf)
    while n > 1:
        i, j = np.unravel_index(int(np.argmax(means)), means.shape)
        if means[i, j] < threshold:
            break
        # Merge j into i; only row and column i change, and j leaves.
        totals[i, :] += totals[j, :]
        totals[:, i] = totals[i, :]
        sizes[i] += sizes[j]
        members[i] += members[j]
        members[j] = []
        active[j] = False
        means[i, :] = np.where(active, totals[i, :] / (sizes[i] * sizes), -np.inf)
        means[:, i] = means[i, :]
        means[j, :] = -np.inf
        means[:, j] = -np.inf
        means[i, i] = -np.inf
    return [sorted(m) for m in members if m]


def _representative(indices: Sequence[int], similarity: FloatMatrix) -> int:
    """The wording closest on average to the others of its group."""
    block = similarity[np.ix_(indices, indices)]
    return indices[int(np.argmax(block.sum(axis=1)))]


def _ordered(values: Iterable[str | None]) -> list[str]:
    counts = Counter(v for v in values if v)
    return [v for v, _ in counts.most_common()]


def _also_reporting(
    members: list[int], items: Sequence[_ClaimItem], similarity: FloatMatrix, threshold: float
) -> list[int]:
    """For each article outside the group, its statement closest to the group's claim, when
    that is as close as the group's members must be: clustering gives each statement to one
    group, but a sentence can report two facts, and the article then reports both."""
    claims = [i for i in members if items[i].is_claim] or members
    anchor = _representative(claims, similarity)
    present = {items[i].record.id for i in members}
    best: dict[str, int] = {}
    for i, item in enumerate(items):
        article = item.record.id
        if article in present or similarity[anchor, i] < threshold:
            continue
        if article not in best or similarity[anchor, i] > similarity[anchor, best[article]]:
            best[article] = i
    return sorted(best.values())


def _claim_groups(
    items: Sequence[_ClaimItem], similarity: FloatMatrix, method: Method, order: dict[str, int]
) -> list[ClaimGroup]:
    threshold = SAME_CLAIM[method]
    clusters = cluster(similarity, threshold)
    extended = [
        (clustered, sorted(clustered + _also_reporting(clustered, items, similarity, threshold)))
        for clustered in clusters
    ]
    groups = []
    for index, (clustered, members) in enumerate(extended):
        # A group whose statements all stand in a larger one says nothing of its own.
        if any(
            other != index and set(members) < set(bigger)
            for other, (_, bigger) in enumerate(extended)
        ):
            continue
        chosen = [items[i] for i in members]
        articles = sorted({c.record.id for c in chosen}, key=order.__getitem__)
        if len(articles) < 2 and not any(c.is_claim for c in chosen):
            continue  # a quote that no other article reports is no claim of its own
        claims = [i for i in clustered if items[i].is_claim] or clustered
        groups.append(
            ClaimGroup(
                claim=items[_representative(claims, similarity)].text,
                articles=articles,
                count=len(articles),
                credited=_ordered(c.credited for c in chosen),
                entities=_ordered(e for c in chosen for e in c.entities),
                checkworthiness=max(c.checkworthiness for c in chosen),
                wordings=[
                    Wording(
                        article=c.record.id,
                        text=c.text,
                        start=c.start,
                        end=c.end,
                        credited=c.credited,
                    )
                    for c in sorted(chosen, key=lambda c: (order[c.record.id], c.start))
                ],
            )
        )
    return sorted(groups, key=lambda g: (-g.count, -g.checkworthiness))


def _speaker_adjusted(items: Sequence[_QuoteItem], similarity: FloatMatrix) -> FloatMatrix:
    """Quote similarity with different known speakers ruled out."""
    adjusted = similarity.copy()
    for i, a in enumerate(items):
        for j, b in enumerate(items):
            if a.speaker and b.speaker and a.speaker != b.speaker:
                adjusted[i, j] = 0.0
            elif i != j and not (a.speaker and b.speaker):
                adjusted[i, j] -= UNKNOWN_SPEAKER_PENALTY
    return adjusted


def _comparable(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


def _quote_groups(
    items: Sequence[_QuoteItem], similarity: FloatMatrix, method: Method, order: dict[str, int]
) -> list[QuoteGroup]:
    adjusted = _speaker_adjusted(items, similarity)
    groups = []
    for members in cluster(adjusted, SAME_QUOTE[method]):
        chosen = [items[i] for i in members]
        articles = sorted({q.record.id for q in chosen}, key=order.__getitem__)
        groups.append(
            QuoteGroup(
                speaker=next(iter(_ordered(q.speaker for q in chosen)), None),
                quote=items[_representative(members, adjusted)].quote.text,
                articles=articles,
                count=len(articles),
                same_wording=len({_comparable(q.quote.text) for q in chosen}) == 1,
                wordings=[
                    QuoteWording(
                        article=q.record.id,
                        text=q.quote.text,
                        start=q.quote.start,
                        end=q.quote.end,
                        credited=q.speaker,
                        kind=q.quote.kind,
                        speaker=q.quote.speaker.text if q.quote.speaker else None,
                    )
                    for q in sorted(chosen, key=lambda q: (order[q.record.id], q.quote.start))
                ],
            )
        )
    return sorted(groups, key=lambda g: -g.count)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1].rstrip() + "…"


def _conflicts(
    items: Sequence[_ClaimItem], similarity: FloatMatrix, method: Method
) -> list[Conflict]:
    """Conflicts among claims about the same thing (related groups), then counts."""
    conflicts: list[Conflict] = []
    seen: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    for members in cluster(similarity, RELATED[method]):
        if len({items[i].record.id for i in members}) < 2:
            continue
        context = _shorten(items[_representative(members, similarity)].text)
        for conflict in find_conflicts([items[i].statement() for i in members], context):
            key = (conflict.kind, frozenset((v.article, v.value) for v in conflict.values))
            if key not in seen:
                seen.add(key)
                conflicts.append(conflict)
    # Counts link claims across groups by the names they share, not by their wording.
    conflicts.extend(find_count_conflicts([item.statement() for item in items]))
    return conflicts


def _similarity(texts: Sequence[str], method: Method) -> FloatMatrix:
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return Similarity(texts, method).among_documents()


def compare(records: Iterable[ArticleRecord], options: CompareOptions | None = None) -> Comparison:
    """Group the claims and quotes of articles across them, and find conflicting facts.

    Records with an error take no part but are listed, so a reader sees what was left out.
    """
    method = resolve_matcher((options or CompareOptions()).matcher)
    articles = list(records)
    order = {record.id: i for i, record in enumerate(articles)}
    usable = [r for r in articles if r.error is None]
    claims = [item for r in usable for item in _statements(r)]
    quotes = [_QuoteItem(r, q) for r in usable for q in r.quotes]
    claim_similarity = _similarity([c.matching_text for c in claims], method)
    quote_similarity = _similarity([q.quote.text for q in quotes], method)
    return Comparison(
        matcher=method,
        articles=[
            ArticleSummary(
                id=r.id,
                title=r.title,
                outlet=r.outlet,
                published=r.published,
                claims=len(r.claims),
                quotes=len(r.quotes),
            )
            for r in articles
        ],
        claims=_claim_groups(claims, claim_similarity, method, order),
        quotes=_quote_groups(quotes, quote_similarity, method, order),
        conflicts=_conflicts(claims, claim_similarity, method),
    )


def compare_paths(
    paths: Iterable[str],
    extract_options: ExtractOptions,
    options: CompareOptions | None = None,
    *,
    globs: tuple[str, ...] = (),
    skip: frozenset[FileKey] = frozenset(),
) -> tuple[Comparison, list[ArticleRecord]]:
    """Compare the articles under `paths`, and the records read back from extract output.

    Returns the comparison and the records of the inputs that could not be processed.
    """
    from claimx.extract import extract_paths

    records: list[ArticleRecord] = []
    articles: list[str] = []
    for path in paths:
        read_back = None if path == "-" else read_record_file(Path(path))
        if read_back is None:
            articles.append(path)
            continue
        if articles:
            records.extend(extract_paths(articles, extract_options, globs=globs, skip=skip))
            articles = []
        records.extend(read_back)
    if articles:
        records.extend(extract_paths(articles, extract_options, globs=globs, skip=skip))
    return compare(records, options), [r for r in records if r.error is not None]
