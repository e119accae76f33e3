"""Stories: articles about one event, grouped before their claims are compared.

An article is described by the named entities it mentions and the words of its title,
claims and quotes, both weighted by TF-IDF over the articles compared, and by its day (the
publication date, else the day its text dates most often). Two articles are close by the mean
of the cosine of their entities and of their words; candidates come from the postings of
entities and words no more common than a share of the articles, never from all pairs. Articles
whose days lie more than STORY_DAYS apart are not close at all. Stories are the clusters of
average linkage on that graph: a story grows only by articles close to all of it on average, so
two stories that share a famous name do not chain into one.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

import numpy as np

from claimx.compare.neighbours import Graph, average_linkage, term_tuple
from claimx.records.article import ArticleRecord
from claimx.records.comparison import Story

STORY_SIMILARITY = 0.25  # mean article closeness that makes one story
STORY_DAYS = 10  # articles further apart than this are about different events
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)
ENTITY_WEIGHT = 0.5  # of the entity cosine in the closeness; the word cosine has the rest
COMMON_SHARE = 0.02  # a feature in more articles than this share (and COMMON_MIN) finds none
COMMON_MIN = 50
FEATURES = 400  # heaviest entities, and words, kept of each article
STORY_NEIGHBOURS = 50  # candidate articles kept per article
MAIN_ENTITIES = 5
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")

Vector = dict[str, float]


def article_day(record: ArticleRecord) -> date | None:
    """The publication day, else the fully resolved day the article's dates name most."""
    if record.published and (day := _day(record.published)):
        return day
    days = Counter(d.value[:10] for d in record.dates if d.value and _DAY.match(d.value))
    for value, _ in days.most_common():
        if day := _day(value):
            return day
    return None


def _day(value: str) -> date | None:
    match = _DAY.match(value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _entity_counts(record: ArticleRecord) -> Counter[str]:
    return Counter(
        {
            entity.name: len(entity.mentions)
            for entity in record.entities
            if entity.label in ENTITY_LABELS and entity.mentions
        }
    )


def _word_counts(record: ArticleRecord) -> Counter[str]:
    texts = [record.title or "", *(c.text for c in record.claims), *(q.text for q in record.quotes)]
    return Counter(t for text in texts for t in term_tuple(text))


def _tfidf(counts: Sequence[Counter[str]]) -> tuple[list[Vector], Counter[str]]:
    """Unit TF-IDF vectors, each cut to its FEATURES heaviest features."""
    frequency: Counter[str] = Counter()
    for c in counts:
        frequency.update(c.keys())
    n = len(counts)
    vectors = []
    for c in counts:
        weighted = {
            t: (1 + math.log(f)) * (math.log((1 + n) / (1 + frequency[t])) + 1)
            for t, f in c.items()
        }
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        heaviest = heapq.nlargest(FEATURES, weighted.items(), key=lambda tw: (tw[1], tw[0]))
        vectors.append({t: w / norm for t, w in heaviest})
    return vectors, frequency


def article_graph(records: Sequence[ArticleRecord]) -> Graph:
    """Articles' closeness to their nearest candidates (see the module docstring)."""
    n = len(records)
    graph = Graph(n)
    entities, entity_df = _tfidf([_entity_counts(r) for r in records])
    words, word_df = _tfidf([_word_counts(r) for r in records])
    named = np.array([bool(e) for e in entities])
    features = [
        {**{("e", k): v for k, v in e.items()}, **{("w", k): v for k, v in w.items()}}
        for e, w in zip(entities, words, strict=True)
    ]
    days = [article_day(r) for r in records]
    ordinals = np.array([d.toordinal() if d else 0 for d in days], dtype=np.int64)
    common = max(COMMON_MIN, COMMON_SHARE * n)
    lists: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
    for i, vector in enumerate(features):
        for feature, weight in vector.items():
            df = entity_df[feature[1]] if feature[0] == "e" else word_df[feature[1]]
            if df <= common:
                docs, weights = lists.setdefault(feature, ([], []))
                docs.append(i)
                weights.append(weight)
    postings = {
        f: (np.array(d, dtype=np.int64), np.array(w, dtype=np.float64))
        for f, (d, w) in lists.items()
    }
    rows = {"e": np.zeros(n, dtype=np.float64), "w": np.zeros(n, dtype=np.float64)}
    for i, vector in enumerate(features):
        touched = []
        for feature, weight in vector.items():
            if feature in postings:
                docs_of, weights_of = postings[feature]
                rows[feature[0]][docs_of] += weight * weights_of
                touched.append(docs_of)
        if not touched:
            continue
        candidates = np.unique(np.concatenate(touched))
        by_names, by_words = rows["e"][candidates], rows["w"][candidates]
        rows["e"][candidates] = 0.0
        rows["w"][candidates] = 0.0
        # Entities and words weigh alike; an article without names is judged by its words.
        scores = np.where(
            named[candidates] & named[i],
            ENTITY_WEIGHT * by_names + (1 - ENTITY_WEIGHT) * by_words,
            by_words,
        )
        if days[i]:  # articles days apart are about different events
            apart = (ordinals[candidates] > 0) & (
                np.abs(ordinals[candidates] - ordinals[i]) > STORY_DAYS
            )
            scores[apart] = 0.0
        keep = (scores > 0) & (candidates != i)
        candidates, scores = candidates[keep], scores[keep]
        best = np.lexsort((candidates, -scores))[:STORY_NEIGHBOURS]
        for j, score in zip(candidates[best].tolist(), scores[best].tolist(), strict=True):
            graph.set(i, j, score)
    for i in range(n):
        graph.set(i, i, 1.0)
    return graph


def group_stories(records: Sequence[ArticleRecord]) -> list[Story]:
    """The records' stories: most articles first, then in input order of their first article."""
    if not records:
        return []
    graph = article_graph(records)
    clusters = average_linkage(graph, STORY_SIMILARITY)
    clusters.sort(key=lambda members: (-len(members), members[0]))
    return [
        _story(f"story-{number}", [records[i] for i in members], graph, members)
        for number, members in enumerate(clusters, start=1)
    ]


def one_story(records: Sequence[ArticleRecord]) -> list[Story]:
    """All the records as one story (`compare --no-stories`)."""
    if not records:
        return []
    members = list(range(len(records)))
    return [_story("story-1", records, Graph(len(records)), members)]


def _story(
    story_id: str, records: Sequence[ArticleRecord], graph: Graph, members: Sequence[int]
) -> Story:
    inside = set(members)
    centrality = [sum(v for j, v in graph.edges[i].items() if j in inside) for i in members]
    titled = [(c, -k) for k, (c, r) in enumerate(zip(centrality, records, strict=True)) if r.title]
    title = records[-max(titled)[1]].title if titled else None
    in_articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for record in records:
        counts = _entity_counts(record)
        in_articles.update(counts.keys())
        mentions.update(counts)
    ranked = sorted(in_articles, key=lambda name: (-in_articles[name], -mentions[name], name))
    days = sorted(d for d in (article_day(r) for r in records) if d)
    return Story(
        id=story_id,
        articles=[r.id for r in records],
        title=title,
        entities=ranked[:MAIN_ENTITIES],
        date_from=days[0].isoformat() if days else None,
        date_to=days[-1].isoformat() if days else None,
    )
