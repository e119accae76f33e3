"""claimx compare: grouping claims and quotes across articles, conflicts, output, the command."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

import claimx.cli.compare  # noqa: F401  # registers the command on the app
from claimx.cli.app import app
from claimx.compare.comparison import CompareOptions, average_linkage_groups, compare
from claimx.compare.conflicts import (
    Statement,
    entity_lists,
    find_conflicts,
    find_count_conflicts,
    statement_entities,
)
from claimx.output.comparison import render, write_json, write_jsonl
from claimx.read.record_files import read_record_file
from claimx.records import (
    ArticleRecord,
    Claim,
    Claimant,
    Entity,
    Mention,
    Quote,
    RecordError,
    Source,
    Speaker,
    TextSpan,
)
from claimx.records.comparison import Comparison
from claimx.run.extract import records_of
from claimx.run.options import ExtractOptions

LEXICAL = CompareOptions(matcher="lexical")
COUNTRIES = ("Israel", "the United Arab Emirates", "Bahrain", "Morocco", "Sudan")


def article(
    article_id: str,
    sentences: list[str],
    *,
    names: dict[str, tuple[str, str]] | None = None,
    quotes: Sequence[tuple[str, str | None]] = (),
    outlet: str | None = None,
) -> ArticleRecord:
    """A record whose claims are its sentences; `names` maps surface text to (name, label)."""
    text = " ".join(sentences)
    claims = []
    for sentence in sentences:
        start = text.index(sentence)
        claims.append(
            Claim(
                text=sentence,
                start=start,
                end=start + len(sentence),
                claimant=Claimant(name=None, kind="outlet"),
                entities=[],
                dates=[],
                modality="asserted",
                negated=False,
                checkworthiness=0.8,
            )
        )
    entities: dict[str, Entity] = {}
    for surface, (name, label) in (names or {}).items():
        position = text.find(surface)
        while position != -1:
            entity = entities.setdefault(name, Entity(name=name, label=label, mentions=[]))
            entity.mentions.append(
                Mention(text=surface, start=position, end=position + len(surface))
            )
            position = text.find(surface, position + 1)
    quote_records = []
    for content, speaker in quotes:
        text += f" “{content},” {speaker or 'someone'} said."
        start = text.index(content)
        speaker_start = start + len(content) + 3
        quote_records.append(
            Quote(
                text=content,
                start=start,
                end=start + len(content),
                kind="direct",
                cue=TextSpan(text="said", start=len(text) - 5, end=len(text) - 1),
                speaker=Speaker(
                    text=speaker or "someone",
                    start=speaker_start,
                    end=speaker_start + len(speaker or "someone"),
                    entity=speaker,
                ),
            )
        )
    return ArticleRecord(
        id=article_id,
        source=Source(path=article_id, format="text"),
        outlet=outlet,
        entities=list(entities.values()),
        quotes=quote_records,
        claims=claims,
    )


# --- clustering ---------------------------------------------------------------------------


def test_compare_cluster_groups_close_items_and_keeps_others_apart() -> None:
    similarity = np.array([[1.0, 0.9, 0.1], [0.9, 1.0, 0.2], [0.1, 0.2, 1.0]], dtype=np.float32)
    assert average_linkage_groups(similarity, 0.5) == [[0, 1], [2]]


def test_compare_cluster_does_not_chain_through_a_middle_item() -> None:
    # A is close to B, B to C, but A and C are unrelated: average linkage keeps C out.
    similarity = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.8], [0.0, 0.8, 1.0]], dtype=np.float32)
    assert average_linkage_groups(similarity, 0.5) == [[0, 1], [2]]


@settings(max_examples=60, deadline=2000)
@given(
    points=st.lists(
        st.lists(st.floats(-1, 1, allow_nan=False), min_size=3, max_size=3),
        min_size=1,
        max_size=40,
    ),
    threshold=st.floats(0.0, 0.9),
)
def test_compare_cluster_partitions_items_into_groups_close_on_average(
    points: list[list[float]], threshold: float
) -> None:
    vectors = np.array(points) + 0.01
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    similarity = (vectors @ vectors.T).astype(np.float32)
    clusters = average_linkage_groups(similarity, threshold)
    assert sorted(i for c in clusters for i in c) == list(range(len(points)))
    for members in clusters:
        if len(members) > 1:
            block = similarity[np.ix_(members, members)]
            pairs = (block.sum() - np.trace(block)) / (len(members) * (len(members) - 1))
            assert pairs >= threshold - 1e-4


def test_compare_cluster_of_nothing_is_empty() -> None:
    assert average_linkage_groups(np.zeros((0, 0), dtype=np.float32), 0.5) == []


# --- claim and quote groups -----------------------------------------------------------------

JOIN_A = "Kazakhstan will join the Abraham Accords, the White House announced on Thursday."
JOIN_B = "Kazakhstan is joining the Abraham Accords, the White House said."
RAIN = "Heavy rain flooded the centre of Almaty overnight."
BUDGET = "The government approved a new budget for schools."


def test_compare_groups_one_claim_across_articles_with_each_wording() -> None:
    records = [
        article("a", [JOIN_A, RAIN], outlet="Daily A"),
        article("b", [BUDGET, JOIN_B], outlet="Daily B"),
    ]
    comparison = compare(records, LEXICAL)
    shared = [g for g in comparison.claims if g.count > 1]
    assert len(shared) == 1
    group = shared[0]
    assert group.articles == ["a", "b"]
    assert [w.text for w in group.wordings] == [JOIN_A, JOIN_B]
    assert group.credited == ["Daily A", "Daily B"]
    assert comparison.claims[0] == group  # shared claims come first


def test_compare_keeps_claims_of_one_article_as_single_groups() -> None:
    comparison = compare([article("a", [JOIN_A, RAIN]), article("b", [BUDGET])], LEXICAL)
    singles = sorted(g.claim for g in comparison.claims if g.count == 1)
    assert singles == sorted([JOIN_A, RAIN, BUDGET])


def test_compare_wording_offsets_index_the_article_text() -> None:
    record = article("a", [RAIN, JOIN_A])
    text = " ".join([RAIN, JOIN_A])
    comparison = compare([record, article("b", [JOIN_B])], LEXICAL)
    wording = next(w for g in comparison.claims for w in g.wordings if w.article == "a")
    assert text[wording.start : wording.end] == wording.text


STATEMENT_A = "Our accession represents a natural and logical continuation of our foreign policy"
STATEMENT_B = "Our expected accession represents a natural and logical continuation of our policy"


def test_compare_groups_a_quote_worded_differently_by_two_outlets() -> None:
    records = [
        article("a", [RAIN], quotes=[(STATEMENT_A, "Kazakhstan")]),
        article("b", [BUDGET], quotes=[(STATEMENT_B, "Kazakhstan")]),
    ]
    quotes = [g for g in compare(records, LEXICAL).quotes if g.count > 1]
    assert len(quotes) == 1
    assert quotes[0].speaker == "Kazakhstan"
    assert not quotes[0].same_wording
    assert [w.text for w in quotes[0].wordings] == [STATEMENT_A, STATEMENT_B]


def test_compare_marks_a_quote_worded_alike() -> None:
    records = [
        article("a", [RAIN], quotes=[(STATEMENT_A, "Kazakhstan")]),
        article("b", [BUDGET], quotes=[(STATEMENT_A.upper() + "!", "Kazakhstan")]),
    ]
    (group,) = [g for g in compare(records, LEXICAL).quotes if g.count > 1]
    assert group.same_wording


def test_compare_never_groups_quotes_of_different_speakers() -> None:
    records = [
        article("a", [RAIN], quotes=[(STATEMENT_A, "Kazakhstan")]),
        article("b", [BUDGET], quotes=[(STATEMENT_A, "Uzbekistan")]),
    ]
    assert all(g.count == 1 for g in compare(records, LEXICAL).quotes)


def _spoken_by(record: ArticleRecord, description: str) -> ArticleRecord:
    """The record with its one quote's speaker written as `description`, resolved to nobody."""
    (quote,) = record.quotes
    assert quote.speaker is not None
    speaker = quote.speaker.model_copy(update={"text": description, "entity": None})
    return record.model_copy(update={"quotes": [quote.model_copy(update={"speaker": speaker})]})


def test_compare_never_credits_a_described_speakers_quote_to_a_named_one() -> None:
    # "analysts expect renewed momentum ..." was listed as a wording of Donald Trump's quote.
    records = [
        article("a", [RAIN], quotes=[(STATEMENT_A, "Donald Trump")]),
        _spoken_by(article("b", [BUDGET], quotes=[(STATEMENT_A, "x")]), "analysts"),
    ]
    assert all(g.count == 1 for g in compare(records, LEXICAL).quotes)


@pytest.mark.parametrize("pronoun", ["he", "They"])
def test_compare_lets_an_unresolved_pronoun_join_a_named_speaker(pronoun: str) -> None:
    records = [
        article("a", [RAIN], quotes=[(STATEMENT_A, "Donald Trump")]),
        _spoken_by(article("b", [BUDGET], quotes=[(STATEMENT_A, "x")]), pronoun),
    ]
    (group,) = [g for g in compare(records, LEXICAL).quotes if g.count > 1]
    assert group.speaker == "Donald Trump"


def test_compare_groups_two_described_speakers() -> None:
    records = [
        _spoken_by(article("a", [RAIN], quotes=[(STATEMENT_A, "x")]), "a U.S. official"),
        _spoken_by(article("b", [BUDGET], quotes=[(STATEMENT_A, "x")]), "an official"),
    ]
    assert [g.count for g in compare(records, LEXICAL).quotes] == [2]


def test_compare_reads_an_interrupted_quotes_quoted_words() -> None:
    # Wordings were compared and shown with the speaker's words between the parts in them.
    record = article("b", [BUDGET], quotes=[(STATEMENT_A, "Kazakhstan")])
    (quote,) = record.quotes
    half = len(STATEMENT_A) // 2
    interrupted = quote.model_copy(
        update={
            "text": STATEMENT_A[:half] + "” the ministry said. “" + STATEMENT_A[half:],
            "parts": [
                TextSpan(text=STATEMENT_A[:half], start=0, end=half),
                TextSpan(text=STATEMENT_A[half:], start=half + 21, end=len(STATEMENT_A) + 21),
            ],
        }
    )
    records = [
        article("a", [RAIN], quotes=[(STATEMENT_A, "Kazakhstan")]),
        record.model_copy(update={"quotes": [interrupted]}),
    ]
    (group,) = [g for g in compare(records, LEXICAL).quotes if g.count > 1]
    assert [w.parts for w in group.wordings] == [None, interrupted.parts]
    assert group.wordings[1].quoted_text == f"{STATEMENT_A[:half]} … {STATEMENT_A[half:]}"


def test_compare_lists_failed_records_but_leaves_them_out() -> None:
    failed = ArticleRecord(
        id="broken",
        source=Source(path="broken", format="text"),
        error=RecordError(type="decode", message="not text"),
    )
    comparison = compare([article("a", [JOIN_A]), failed], LEXICAL)
    assert [a.id for a in comparison.articles] == ["a", "broken"]
    assert all(g.articles == ["a"] for g in comparison.claims)


def test_compare_of_no_records_is_empty() -> None:
    comparison = compare([], LEXICAL)
    assert (comparison.articles, comparison.claims, comparison.conflicts) == ([], [], [])


# --- conflicts ------------------------------------------------------------------------------


def _statement(article_id: str, text: str, names: dict[str, str] | None = None) -> Statement:
    record = article(article_id, [text], names={k: (k, v) for k, v in (names or {}).items()})
    entities = statement_entities(record, 0, len(text))
    return Statement(article=article_id, text=text, start=0, end=len(text), entities=entities)


GPE = dict.fromkeys(COUNTRIES, "GPE")


def test_conflicts_find_different_lists_of_the_same_entities() -> None:
    five = (
        "The accords were signed by Israel, the United Arab Emirates, Bahrain, Morocco and Sudan."
    )
    four = "The accords saw the United Arab Emirates and Bahrain join Israel, followed by Morocco."
    conflicts = find_conflicts([_statement("a", five, GPE), _statement("b", four, GPE)], "accords")
    assert [c.kind for c in conflicts] == ["list"]
    values = {v.article: v.value for v in conflicts[0].values}
    assert "Sudan" in values["a"]
    assert "Sudan" not in values["b"]
    assert conflicts[0].differing == ["Sudan"]


def test_conflicts_ignore_names_scattered_over_a_sentence() -> None:
    text = (
        "Israel had been in talks with Bahrain about trade before the war, which Morocco "
        "and many others watched closely from afar for many months."
    )
    assert entity_lists(_statement("a", text, GPE)) == []


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        ("Trump met five Central Asian leaders.", "Trump met six Central Asian leaders.", "number"),
        ("It is the sixth country to sign.", "It is the fifth country to sign.", "ordinal"),
        ("The deal is worth $17 billion.", "The deal is worth 12 billion dollars.", "number"),
    ],
)
def test_conflicts_find_different_counts_of_the_same_thing(
    first: str, second: str, kind: str
) -> None:
    conflicts = find_conflicts([_statement("a", first), _statement("b", second)], "context")
    assert [c.kind for c in conflicts] == [kind]
    assert len({v.value for v in conflicts[0].values}) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Trump met five Central Asian leaders.", "Trump met 5 Central Asian leaders."),
        ("Trump met five Central Asian leaders.", "The deal covers six sectors."),
        ("The accords were signed in 2020.", "The accords were signed in 2021 again."),
    ],
)
def test_conflicts_leave_agreeing_or_unrelated_figures_alone(first: str, second: str) -> None:
    assert find_conflicts([_statement("a", first), _statement("b", second)], "context") == []


def test_conflicts_need_two_articles() -> None:
    statements = [_statement("a", "Five leaders came."), _statement("a", "Six leaders came.")]
    assert find_conflicts(statements, "context") == []


def test_conflicts_compare_resolved_dates() -> None:
    first = Statement(article="a", text="released on Nov. 7", start=0, end=18,
                      dates=("2025-11-07",), masked=((12, 18),))  # fmt: skip
    second = Statement(article="b", text="released on Thursday", start=0, end=20,
                       dates=("2025-11-06",), masked=((12, 20),))  # fmt: skip
    (conflict,) = find_conflicts([first, second], "the statement")
    assert conflict.kind == "date"
    assert {v.value for v in conflict.values} == {"2025-11-07", "2025-11-06"}


def test_compare_reports_list_conflict_between_related_claims() -> None:
    five = (
        "The Abraham Accords were signed in 2020 by Israel, the United Arab Emirates, "
        "Bahrain, Morocco, and Sudan."
    )
    four = (
        "The Abraham Accords were launched in 2020 by the United Arab Emirates, Bahrain, "
        "Israel and Morocco."
    )
    gpe = {c: (c.removeprefix("the "), "GPE") for c in COUNTRIES}
    # A list conflict needs what the names are listed for named (one slot, issue 19).
    gpe["Abraham Accords"] = ("Abraham Accords", "LAW")
    records = [article("a", [five, RAIN], names=gpe), article("b", [BUDGET, four], names=gpe)]
    conflicts = compare(records, LEXICAL).conflicts
    assert [c.kind for c in conflicts] == ["list"]
    assert {v.article for v in conflicts[0].values} == {"a", "b"}


# --- reading records back, output, the command ----------------------------------------------


def test_compare_reads_back_extract_output_as_jsonl_and_json(tmp_path: Path) -> None:
    records = [article("a", [JOIN_A]), article("b", [JOIN_B])]
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    array = tmp_path / "records.json"
    array.write_text(json.dumps([r.model_dump(mode="json") for r in records]), encoding="utf-8")
    assert read_record_file(jsonl) == records
    assert read_record_file(array) == records


def test_compare_reads_a_records_file_named_twice_once(tmp_path: Path) -> None:
    # 'claimx compare records.jsonl records.jsonl' listed every article twice.
    records = [article("a", [JOIN_A]), article("b", [JOIN_B])]
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    read = list(records_of([str(jsonl), str(jsonl)], ExtractOptions()))
    assert [r.id for r in read] == ["a", "b"]


@pytest.mark.parametrize(
    "content",
    ['{"id": "1", "text": "An article to extract."}\n', "not json at all\n", ""],
)
def test_compare_leaves_article_files_to_extract(tmp_path: Path, content: str) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text(content, encoding="utf-8")
    assert read_record_file(path) is None


def _comparison() -> Comparison:
    records = [
        article("a", [JOIN_A, RAIN], quotes=[(STATEMENT_A, "Kazakhstan")]),
        article("b", [BUDGET, JOIN_B], quotes=[(STATEMENT_B, "Kazakhstan")]),
    ]
    return compare(records, LEXICAL)


def test_compare_output_json_round_trips_to_the_model() -> None:
    stream = io.StringIO()
    write_json(_comparison(), stream)
    assert Comparison.model_validate_json(stream.getvalue()) == _comparison()


def test_compare_output_json_is_written_as_json_dumps_writes_the_whole_comparison() -> None:
    # Written a list item at a time, to keep an archive's comparison out of one big dict.
    comparison = _comparison()
    assert comparison.claims and comparison.quotes and not comparison.conflicts
    stream = io.StringIO()
    write_json(comparison, stream)
    whole = json.dumps(comparison.model_dump(mode="json"), ensure_ascii=False, indent=2)
    assert stream.getvalue() == whole + "\n"


def test_compare_output_jsonl_has_a_header_then_one_line_per_group() -> None:
    stream = io.StringIO()
    comparison = _comparison()
    write_jsonl(comparison, stream)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["type"] == "comparison"
    assert lines[0]["schema_version"] == 1
    types = [line["type"] for line in lines[1:]]
    assert types.count("claim") == len(comparison.claims)
    assert types.count("quote") == len(comparison.quotes)


def test_compare_output_table_fits_an_80_column_terminal() -> None:
    console = Console(file=io.StringIO(), width=80, no_color=True)
    console.print(render(_comparison()))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert max(len(line) for line in output.splitlines()) <= 80
    assert "Claims in several articles" in output
    assert "worded differently" in output


def _pair_records(tmp_path: Path) -> Path:
    """Two articles' records, as extract writes them, in a JSON Lines file."""
    records = tmp_path / "records.jsonl"
    pair = [article("a", [JOIN_A]), article("b", [JOIN_B])]
    records.write_text("".join(r.model_dump_json() + "\n" for r in pair), encoding="utf-8")
    return records


def test_compare_command_compares_extract_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["compare", str(_pair_records(tmp_path)), "--matcher", "lexical", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    comparison = Comparison.model_validate_json(result.stdout)
    assert comparison.claims[0].count == 2


@pytest.mark.parametrize(
    "arguments",
    [["--matcher", "fuzzy"], ["--format", "table", "-o", "out.txt"]],
)
def test_compare_command_refuses_bad_options(tmp_path: Path, arguments: list[str]) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(article("a", [JOIN_A]).model_dump_json() + "\n", encoding="utf-8")
    arguments = [a if a != "out.txt" else str(tmp_path / a) for a in arguments]
    result = CliRunner().invoke(app, ["compare", str(records), *arguments])
    assert result.exit_code == 2


SIXTH = "Kazakhstan will be the sixth country to sign the Abraham Accords."
FOUR = "The Abraham Accords were signed by Israel, the United Arab Emirates, Bahrain and Morocco."
TOPIC = {"Kazakhstan": "GPE", "Abraham Accords": "LAW", **GPE}


def test_conflicts_find_an_ordinal_at_odds_with_another_articles_list() -> None:
    statements = [_statement("a", SIXTH, TOPIC), _statement("b", FOUR, TOPIC)]
    (conflict,) = find_count_conflicts(statements)
    assert conflict.kind == "count"
    assert [v.article for v in conflict.values] == ["a", "b"]
    assert conflict.values[0].value.startswith("#6")


@pytest.mark.parametrize(
    ("ordinal", "listed"),
    [
        # Five before the sixth: the list agrees.
        (SIXTH, FOUR.replace(" and Morocco", ", Morocco and Sudan")),
        # Nothing joined in common: another list altogether.
        ("Kazakhstan will be the sixth country to host the games.", FOUR),
    ],
)
def test_conflicts_leave_ordinals_that_agree_or_are_unrelated(ordinal: str, listed: str) -> None:
    topic = {**TOPIC, "Sudan": "GPE"}
    statements = [_statement("a", ordinal, topic), _statement("b", listed, topic)]
    assert find_count_conflicts(statements) == []


def test_cluster_merges_a_chain_once_and_stops_below_the_threshold() -> None:
    # 0-1 merge first, then 2 joins them; 3 matches only 2, too weakly on average.
    similarity = np.array(
        [
            [1.0, 0.9, 0.8, 0.0],
            [0.9, 1.0, 0.7, 0.0],
            [0.8, 0.7, 1.0, 0.6],
            [0.0, 0.0, 0.6, 1.0],
        ],
        dtype=np.float32,
    )
    assert average_linkage_groups(similarity, 0.5) == [[0, 1, 2], [3]]


def test_compare_counts_an_article_whose_closest_statement_went_to_another_group() -> None:
    from claimx.compare.comparison import _also_reporting, _statements

    records = [article(name, [f"Statement {name}."]) for name in "abcd"]
    items = [item for record in records for item in _statements(record)]
    # a and b are one claim; c is closest to d but also close enough to a's and b's claim.
    similarity = np.array(
        [
            [1.0, 0.9, 0.6, 0.1],
            [0.9, 1.0, 0.5, 0.1],
            [0.6, 0.5, 1.0, 0.8],
            [0.1, 0.1, 0.8, 1.0],
        ],
        dtype=np.float32,
    )
    assert average_linkage_groups(similarity, 0.55) == [[0, 1], [2, 3]]
    assert _also_reporting([0, 1], items, similarity, 0.55) == [2]
    # c stands for its own group too, and a's statement is close enough to c: a counts there.
    assert _also_reporting([2, 3], items, similarity, 0.55) == [0]
    assert _also_reporting([2, 3], items, similarity, 0.65) == []


def test_compare_encodes_only_stories_of_several_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    """A story of one article is compared by words: encoding the one-article stories of an
    archive took most of a run, for wordings that no other outlet gave."""
    from claimx.compare import comparison

    encoded: list[str] = []

    def fake_embed(texts: Sequence[str]) -> np.ndarray:
        encoded.extend(texts)
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0

    monkeypatch.setattr(comparison, "embed", fake_embed)
    records = [article("a", [JOIN_A]), article("b", [JOIN_B]), article("c", [BUDGET])]
    result = compare(records, CompareOptions(matcher="embeddings"))
    story_of = {a: s.id for s in result.stories for a in s.articles}
    assert story_of["a"] == story_of["b"] != story_of["c"]
    assert JOIN_A in encoded and JOIN_B in encoded
    assert BUDGET not in encoded
    assert result.matcher == "embeddings"


def test_comparing_records_imports_neither_spacy_nor_pytorch() -> None:
    # compare and match run no pipeline: spaCy cost 70 MB, and PyTorch through thinc 270 MB
    # more when the embeddings extra is installed, a third of the peak on 800 articles.
    code = (
        "import sys; import claimx.compare.comparison, claimx.compare.factcheck_match, "
        "claimx.cli.compare; print('spacy' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_compare_stop_words_are_spacys_english_list() -> None:
    from spacy.lang.en import stop_words as spacy_english

    from claimx.compare.stop_words import STOP_WORDS

    assert spacy_english.STOP_WORDS == STOP_WORDS
    assert {"the", "n't", "’s"} <= STOP_WORDS


def test_compare_keeps_no_readings_of_a_story_once_it_is_compared() -> None:
    # No other story compares its texts; kept, an archive's readings took about 80 MB.
    from claimx.compare import equivalence

    records = [article("a", [JOIN_A, RAIN]), article("b", [JOIN_B]), article("c", [BUDGET])]
    result = compare(records, CompareOptions(matcher="lexical", judged=True))
    assert len(result.stories) >= 2
    assert equivalence.read.cache_info().currsize == 0
    assert equivalence.word_order.cache_info().currsize == 0


def test_compare_command_tracks_its_records_for_the_progress_bar(
    tmp_path: Path, tracked_records: list[str]
) -> None:
    result = CliRunner().invoke(
        app, ["compare", str(_pair_records(tmp_path)), "--matcher", "lexical", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert tracked_records == ["a", "b"]
