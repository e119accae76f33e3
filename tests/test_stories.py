"""Sparse neighbours, story grouping and same-claim features on hand-made records (issue 19)."""

from __future__ import annotations

import numpy as np
import pytest

from claimx.compare.comparison import CompareOptions, compare
from claimx.compare.equivalence import FEATURES, features, numbers_disagree, read, same_claim_graph
from claimx.compare.neighbours import Graph, average_linkage, lexical_neighbours
from claimx.compare.similarity import Similarity
from claimx.compare.stories import article_day, group_stories
from claimx.records import ArticleRecord, Source
from test_compare import article

TEXTS = [
    "Kazakhstan will join the Abraham Accords, the White House said.",
    "Kazakhstan is joining the Abraham Accords, the White House announced.",
    "Heavy rain flooded the centre of Almaty overnight.",
    "The government approved a new budget for schools.",
    "Rain flooded Almaty overnight, officials said.",
]


def test_neighbours_keep_the_dense_scores_of_every_pair_sharing_a_term() -> None:
    dense = Similarity(TEXTS, "lexical").among_documents()
    graph = lexical_neighbours(TEXTS)
    for i in range(len(TEXTS)):
        for j in range(len(TEXTS)):
            assert graph.get(i, j) == pytest.approx(float(dense[i, j]), abs=1e-6)


def test_neighbours_keep_only_the_k_best_of_each_text() -> None:
    texts = [f"budget vote number {i} in the senate" for i in range(30)]
    graph = lexical_neighbours(texts, k=5)
    # Each text keeps itself and its five best; a pair kept by one side is kept by both.
    assert all(len(row) >= 6 for row in graph.edges)
    assert all(graph.get(j, i) == v for i, row in enumerate(graph.edges) for j, v in row.items())
    assert sum(len(row) for row in graph.edges) < 30 * 30


def test_sparse_clusters_match_dense_average_linkage_and_do_not_chain() -> None:
    similarity = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.8], [0.0, 0.8, 1.0]], dtype=np.float32)
    assert average_linkage(Graph.from_dense(similarity), 0.5) == [[0, 1], [2]]


def test_sparse_clusters_count_a_default_score_for_unknown_pairs() -> None:
    graph = Graph(2)
    graph.set(0, 1, 0.3)
    assert average_linkage(graph, 0.28, known=[True, False], default_unknown=-0.05) == [[0], [1]]
    assert average_linkage(graph, 0.28) == [[0, 1]]


def _named(article_id: str, sentences: list[str], names: dict[str, str], published: str | None):  # type: ignore[no-untyped-def]
    record = article(article_id, sentences, names={k: (k, v) for k, v in names.items()})
    return record.model_copy(update={"published": published})


KAZ = {"Kazakhstan": "GPE", "Abraham Accords": "LAW", "White House": "ORG"}
ALMATY = {"Almaty": "GPE"}


def test_stories_group_articles_of_one_event_apart_from_others() -> None:
    records = [
        _named("a", [TEXTS[0]], KAZ, "2025-11-06"),
        _named("b", [TEXTS[2]], ALMATY, "2025-11-06"),
        _named("c", [TEXTS[1]], KAZ, "2025-11-07"),
        _named("d", [TEXTS[4]], ALMATY, "2025-11-07"),
        _named("e", [TEXTS[3]], {}, None),
    ]
    stories = group_stories(records)
    assert [s.articles for s in stories] == [["a", "c"], ["b", "d"], ["e"]]
    assert stories[0].id == "story-1"
    assert "Kazakhstan" in stories[0].entities
    assert (stories[0].date_from, stories[0].date_to) == ("2025-11-06", "2025-11-07")


def test_stories_keep_articles_far_apart_in_time_apart() -> None:
    records = [
        _named("a", [TEXTS[0]], KAZ, "2025-11-06"),
        _named("c", [TEXTS[1]], KAZ, "2024-01-01"),
    ]
    assert [s.articles for s in group_stories(records)] == [["a"], ["c"]]


def test_stories_date_an_article_by_its_text_when_unpublished() -> None:
    record = ArticleRecord(id="x", source=Source(path="x", format="text"), published=None)
    assert article_day(record) is None
    assert str(article_day(record.model_copy(update={"published": "2016-03-01T10:00"}))) == (
        "2016-03-01"
    )


def test_compare_names_the_story_of_every_group_and_compares_only_inside_it() -> None:
    records = [
        _named("a", [TEXTS[0]], KAZ, "2025-11-06"),
        _named("b", [TEXTS[1]], KAZ, "2024-01-01"),  # the same words, another time
    ]
    comparison = compare(records, CompareOptions(matcher="lexical"))
    assert len(comparison.stories) == 2
    assert all(g.count == 1 for g in comparison.claims)
    assert {g.story for g in comparison.claims} == {"story-1", "story-2"}
    together = compare(records, CompareOptions(matcher="lexical", stories=False))
    assert [g.count for g in together.claims] == [2]


@pytest.mark.parametrize(
    ("first", "second", "disagree"),
    [
        ("The deal is worth $9.99.", "The deal is worth $9.95.", True),
        ("Turnout was 40 percent.", "Turnout was 40%.", False),
        ("It rose 2.1 percent in 2004.", "It rose 2.1 percent in 2004 to $30.6 billion.", False),
        ("He won.", "He won 12 states.", False),
    ],
)
def test_equivalence_numbers_disagree_only_when_each_side_gives_another(
    first: str, second: str, disagree: bool
) -> None:
    assert numbers_disagree(read(first), read(second)) is disagree


def test_equivalence_features_see_names_dates_and_negation() -> None:
    same = features(
        read("Obama met Merkel in Berlin on Monday."),
        read("Obama met Merkel in Berlin on Monday."),
        1.0,
    )
    other = features(
        read("Obama did not meet Merkel in Paris on Friday."),
        read("Obama met Merkel in Berlin on Monday."),
        0.5,
    )
    index = {name: FEATURES.index(name) for name in FEATURES}
    assert same[index["names_dice"]] == 1.0 > other[index["names_dice"]]
    assert other[index["dates_disagree"]] == 1.0
    assert other[index["negation_differs"]] == 1.0
    assert same[index["negation_differs"]] == 0.0


def test_equivalence_never_joins_claims_that_disagree_on_a_number() -> None:
    records = [
        article("a", ["Kazakhstan will send 500 troops to the border, officials said."]),
        article("b", ["Kazakhstan will send 800 troops to the border, officials said."]),
    ]
    comparison = compare(records, CompareOptions(matcher="lexical", stories=False))
    assert all(g.count == 1 for g in comparison.claims)
    items = [record.claims[0] for record in records]
    graph = Graph(2)
    graph.set(0, 1, 0.9)
    assert same_claim_graph(items, graph).get(0, 1) == 0.0


def test_compare_table_shows_stories_first() -> None:
    from io import StringIO

    from rich.console import Console

    from claimx.output.comparison import write_tables

    records = [_named("a", [TEXTS[0]], KAZ, "2025-11-06"), _named("c", [TEXTS[1]], KAZ, None)]
    stream = StringIO()
    write_tables(
        compare(records, CompareOptions(matcher="lexical")), Console(file=stream, width=80)
    )
    text = stream.getvalue()
    assert "Stories" in text
    assert text.index("Stories") < text.index("Claims in several articles")


def test_neighbours_fuse_embedding_scores_found_block_by_block() -> None:
    from claimx.compare.similarity import fuse

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(TEXTS), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    graph = lexical_neighbours(TEXTS, semantic=vectors)
    dense = fuse(Similarity(TEXTS, "lexical").among_documents(), vectors @ vectors.T)
    for i, row in enumerate(graph.edges):
        for j, value in row.items():
            assert value == pytest.approx(float(dense[i, j]), abs=1e-5)


def test_fused_neighbours_keep_each_pairs_tfidf_cosine_apart() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(TEXTS), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    fused = lexical_neighbours(TEXTS, semantic=vectors)
    dense = Similarity(TEXTS, "lexical").among_documents()
    assert fused.lexical is not None
    for i, row in enumerate(fused.edges):
        for j in row:
            assert fused.lexical_score(i, j) == pytest.approx(float(dense[i, j]), abs=1e-6)
    assert lexical_neighbours(TEXTS).lexical is None  # the edges are that cosine already


def test_judged_decision_reads_the_tfidf_cosine_not_the_fused_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same-claim model was fitted on TF-IDF cosines: a score fused with embeddings,
    # higher for paraphrases, would read as more shared wording than there is.
    from claimx.compare import equivalence

    seen: list[float] = []

    def recorded(pairs, model=None, cosines=None):  # type: ignore[no-untyped-def]
        seen.extend(score for _, _, score in pairs)
        return [True] * len(pairs)

    monkeypatch.setattr(equivalence, "same_claim", recorded)
    vectors = np.ones((len(TEXTS), 4), dtype=np.float32) / 2.0  # every cosine 1
    graph = lexical_neighbours(TEXTS[:2], semantic=vectors[:2])
    same_claim_graph([Item(t) for t in TEXTS[:2]], graph, 0.0, judged=True)
    dense = Similarity(TEXTS[:2], "lexical").among_documents()
    assert seen == [pytest.approx(float(dense[0, 1]), abs=1e-6)]
    assert graph.get(0, 1) > seen[0]


class Item:
    def __init__(self, text: str) -> None:
        self.text = text
