"""Compare articles: the claims and quotes they share, and where their facts disagree.

Claims (and quotes) of all articles are scored against one another with claimx.compare.similarity
and clustered by average linkage: a claim joins a group only if it is, on average, close to every
wording already there, so one loose paraphrase cannot chain two different claims together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from claimx.compare.conflicts import (
    Statement,
    _Fact,
    find_conflicts,
    find_count_conflicts,
    statement_entities,
)
from claimx.compare.equivalence import forget_readings, same_claim_graph
from claimx.compare.neighbours import Graph, average_linkage, lexical_neighbours
from claimx.compare.similarity import FloatMatrix, Matcher, Method, embed, resolve_matcher
from claimx.compare.slots import TOPIC_LABELS, list_slot, value_conflicts
from claimx.compare.stories import group_stories, one_story
from claimx.records.article import ArticleRecord, Claim, Quote
from claimx.records.comparison import (
    ArticleSummary,
    ClaimGroup,
    Comparison,
    Conflict,
    QuoteGroup,
    QuoteWording,
    Story,
    Wording,
)

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
DENSE_GROUP = 300  # a group up to this size finds its representative from a dense block


@dataclass(frozen=True)
class CompareOptions:
    matcher: Matcher = "auto"
    # Group claims only where the learned decision (claimx.compare.equivalence) holds them the same,
    # not merely where their wordings are close on average.
    judged: bool = False
    # Group articles into stories first; off, all articles are one story.
    stories: bool = True


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
            matching_text=_attributed(quote.quoted_text, quote),
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


# A speaker written as one of these and left unresolved may be anyone, a named one too.
_PRONOUNS = frozenset(
    {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me"}
    | {"one", "someone", "somebody", "who"}
)


@dataclass(frozen=True)
class _QuoteItem:
    record: ArticleRecord
    quote: Quote

    @property
    def speaker(self) -> str | None:
        return self.quote.speaker.entity if self.quote.speaker else None

    @property
    def described(self) -> bool:
        """Whether the speaker is a description that named nobody ("analysts", "a U.S.
        official", "several countries"): someone, but not any named speaker."""
        speaker = self.quote.speaker
        return (
            speaker is not None
            and speaker.entity is None
            and speaker.text.strip().lower() not in _PRONOUNS
        )


def _date_spans(record: ArticleRecord, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Where dates sit inside a wording, relative to it: their digits are not counts."""
    return tuple(
        (d.start - start, d.end - start) for d in record.dates if start <= d.start and d.end <= end
    )


def average_linkage_groups(similarity: FloatMatrix | Graph, threshold: float) -> list[list[int]]:
    """Average-linkage clusters: merge the closest pair while its mean similarity >= threshold.

    `similarity` is a sparse graph (claimx.compare.neighbours), or a dense matrix for small inputs.
    """
    graph = similarity if isinstance(similarity, Graph) else Graph.from_dense(similarity)
    return average_linkage(graph, threshold)


def _representative(
    indices: Sequence[int],
    similarity: Graph,
    missing: Callable[[int, int], float] | None = None,
) -> int:
    """The wording closest on average to the others of its group; a pair not in the graph
    scores `missing(i, j)`, else 0."""
    if len(indices) <= DENSE_GROUP:  # summed as a block, as a dense matrix's row would be
        block = np.array(
            [
                [
                    similarity.edges[i].get(j, missing(i, j) if missing and i != j else 0.0)
                    for j in indices
                ]
                for i in indices
            ],
            dtype=np.float32,
        )
        return indices[int(np.argmax(block.sum(axis=1)))]
    inside = set(indices)
    sums = [sum(v for j, v in similarity.edges[i].items() if j in inside) for i in indices]
    return indices[int(np.argmax(sums))]


def _ordered(values: Iterable[str | None]) -> list[str]:
    counts = Counter(v for v in values if v)
    return [v for v, _ in counts.most_common()]


def _also_reporting(
    members: list[int],
    items: Sequence[_ClaimItem],
    similarity: Graph | FloatMatrix,
    threshold: float,
) -> list[int]:
    """For each article outside the group, its statement closest to the group's claim, when
    that is as close as the group's members must be: clustering gives each statement to one
    group, but a sentence can report two facts, and the article then reports both."""
    graph = similarity if isinstance(similarity, Graph) else Graph.from_dense(similarity)
    claims = [i for i in members if items[i].is_claim] or members
    anchor = _representative(claims, graph)
    present = {items[i].record.id for i in members}
    best: dict[str, int] = {}
    row = graph.edges[anchor]
    for i in sorted(row):
        article = items[i].record.id
        if article in present or row[i] < threshold:
            continue
        if article not in best or row[i] > row[best[article]]:
            best[article] = i
    return sorted(best.values())


def _claim_groups(
    items: Sequence[_ClaimItem],
    similarity: Graph,
    method: Method,
    order: dict[str, int],
    story: str | None = None,
    *,
    judged: bool = False,
) -> list[ClaimGroup]:
    threshold = SAME_CLAIM[method]
    # The judged decision reads e5's cosine where embeddings are used (stories of several
    # articles, the extras installed): a story's claims are encoded once, for its pairs.
    same = same_claim_graph(items, similarity, threshold, judged=judged, e5=method == "embeddings")
    clusters = average_linkage_groups(same, threshold)
    extended = [
        (clustered, sorted(clustered + _also_reporting(clustered, items, same, threshold)))
        for clustered in clusters
    ]
    holding: dict[int, list[int]] = {}
    for index, (_, members) in enumerate(extended):
        for member in members:
            holding.setdefault(member, []).append(index)
    groups = []
    for index, (clustered, members) in enumerate(extended):
        # A group whose statements all stand in a larger one says nothing of its own.
        if any(
            other != index and set(members) < set(extended[other][1])
            for other in holding[members[0]]
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
                story=story,
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


def _speaker_adjusted(items: Sequence[_QuoteItem], similarity: Graph) -> Graph:
    """Quote similarity with different known speakers ruled out, and a named speaker against
    a described one ("analysts" are not Donald Trump); the penalty for an unknown speaker is
    added by the clustering, to every pair with one, edge or not."""

    def adjusted(i: int, j: int, value: float) -> float:
        a, b = items[i], items[j]
        if a.speaker and b.speaker:
            return 0.0 if a.speaker != b.speaker else value
        if (a.speaker and b.described) or (b.speaker and a.described):
            return 0.0
        return value

    return similarity.map(adjusted)


def _with_penalty(items: Sequence[_QuoteItem], graph: Graph) -> Graph:
    """The adjusted scores with the unknown-speaker penalty in them, as the representative
    of a group is chosen on."""

    def penalised(i: int, j: int, value: float) -> float:
        known = items[i].speaker and items[j].speaker
        return value if known else float(np.float32(value - UNKNOWN_SPEAKER_PENALTY))

    return graph.map(penalised)


def _comparable(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


def _quote_groups(
    items: Sequence[_QuoteItem],
    similarity: Graph,
    method: Method,
    order: dict[str, int],
    story: str | None = None,
) -> list[QuoteGroup]:
    adjusted = _speaker_adjusted(items, similarity)
    known = [bool(q.speaker) for q in items]
    clusters = average_linkage(
        adjusted, SAME_QUOTE[method], known=known, default_unknown=-UNKNOWN_SPEAKER_PENALTY
    )
    penalised = _with_penalty(items, adjusted)

    def unknown_pair(i: int, j: int) -> float:
        return 0.0 if known[i] and known[j] else -UNKNOWN_SPEAKER_PENALTY

    groups = []
    for members in clusters:
        chosen = [items[i] for i in members]
        articles = sorted({q.record.id for q in chosen}, key=order.__getitem__)
        groups.append(
            QuoteGroup(
                speaker=next(iter(_ordered(q.speaker for q in chosen)), None),
                quote=items[_representative(members, penalised, unknown_pair)].quote.quoted_text,
                story=story,
                articles=articles,
                count=len(articles),
                same_wording=len({_comparable(q.quote.quoted_text) for q in chosen}) == 1,
                wordings=[
                    QuoteWording(
                        article=q.record.id,
                        text=q.quote.text,
                        start=q.quote.start,
                        end=q.quote.end,
                        credited=q.speaker,
                        kind=q.quote.kind,
                        speaker=q.quote.speaker.text if q.quote.speaker else None,
                        parts=q.quote.parts,
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
    items: Sequence[_ClaimItem], similarity: Graph, method: Method, story: str | None = None
) -> list[Conflict]:
    """Conflicts among claims about the same thing (related groups), then counts."""
    conflicts: list[Conflict] = []
    seen: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    for members in average_linkage_groups(similarity, RELATED[method]):
        if len({items[i].record.id for i in members}) < 2:
            continue
        context = _shorten(items[_representative(members, similarity)].text)
        statements = [items[i].statement() for i in members]
        at = {(items[i].record.id, items[i].start): i for i in members}

        def one_list(a: _Fact, b: _Fact, at: dict[tuple[str, int], int] = at) -> bool:
            i = at[(a.statement.article, a.statement.start)]
            j = at[(b.statement.article, b.statement.start)]
            return list_slot(a, b, same_claim=similarity.get(i, j) >= SAME_CLAIM[method])

        for conflict in [
            *find_conflicts(statements, context, same_slot=one_list),
            *value_conflicts(statements, context),
        ]:
            key = (conflict.kind, frozenset((v.article, v.value) for v in conflict.values))
            if key not in seen:
                seen.add(key)
                conflicts.append(conflict)
    # Counts link claims across groups by the names they share, not by their wording.
    conflicts.extend(
        find_count_conflicts(
            [item.statement() for item in items], topic_labels=TOPIC_LABELS, least=2
        )
    )
    return [c.model_copy(update={"story": story}) for c in conflicts]


def _graph(texts: Sequence[str], method: Method) -> Graph:
    """Each text's nearest neighbours among `texts` (claimx.compare.neighbours), never all pairs."""
    semantic = embed(texts) if method == "embeddings" and texts else None
    return lexical_neighbours(texts, semantic=semantic)


def _compare_story(
    story: Story,
    records: Sequence[ArticleRecord],
    method: Method,
    order: dict[str, int],
    *,
    judged: bool = False,
) -> tuple[list[ClaimGroup], list[QuoteGroup], list[Conflict]]:
    """Claims, quotes and conflicts of the articles of one story, compared among themselves."""
    claims = [item for r in records for item in _statements(r)]
    quotes = [_QuoteItem(r, q) for r in records for q in r.quotes]
    claim_similarity = _graph([c.matching_text for c in claims], method)
    quote_similarity = _graph([q.quote.quoted_text for q in quotes], method)
    return (
        _claim_groups(claims, claim_similarity, method, order, story.id, judged=judged),
        _quote_groups(quotes, quote_similarity, method, order, story.id),
        _conflicts(claims, claim_similarity, method, story.id),
    )


def compare(records: Iterable[ArticleRecord], options: CompareOptions | None = None) -> Comparison:
    """Group the claims and quotes of articles across them, and find conflicting facts.

    Records with an error take no part but are listed, so a reader sees what was left out.
    """
    options = options or CompareOptions()
    method = resolve_matcher(options.matcher)
    articles = list(records)
    order = {record.id: i for i, record in enumerate(articles)}
    usable = [r for r in articles if r.error is None]
    stories = group_stories(usable) if options.stories else one_story(usable)
    by_id = {r.id: r for r in usable}
    claims: list[ClaimGroup] = []
    quotes: list[QuoteGroup] = []
    conflicts: list[Conflict] = []
    for story in stories:
        # Embeddings are for the wordings of different outlets; an archive is mostly stories of
        # one article, whose encoding would take most of the run (9 min instead of 13 s on 800
        # PolNeAR articles) for claims that only their own article repeats.
        story_method: Method = method if len(story.articles) > 1 else "lexical"
        found = _compare_story(
            story, [by_id[a] for a in story.articles], story_method, order, judged=options.judged
        )
        claims.extend(found[0])
        quotes.extend(found[1])
        conflicts.extend(found[2])
        forget_readings()
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
        stories=stories,
        claims=sorted(claims, key=lambda g: (-g.count, -g.checkworthiness)),
        quotes=sorted(quotes, key=lambda g: -g.count),
        conflicts=conflicts,
    )
