"""Claims: claim units, modality and negation rules, the component on hand-built Docs, and
the choice of check-worthiness model (the `minilm` one is scored only where the extra is)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimx.errors import ClaimxError
from claimx.nlp import minilm, openvino_encoder
from claimx.nlp.checkworthiness.linear import N_BUCKETS, CheckworthinessModel, feature_buckets
from claimx.nlp.checkworthiness.minilm import MINILM_DIR, MiniLMCheckworthiness
from claimx.nlp.components import claims
from claimx.nlp.components.claims import ClaimExtractor, claim_units, is_unpunctuated_line, trim
from claimx.nlp.extensions import CLAIMS, QUOTES
from claimx.nlp.modality import is_negated, modality
from claimx.nlp.openvino_encoder import openvino_available


def sentencized(nlp: Language, text: str) -> Doc:
    """A blank-pipeline Doc split into sentences by punctuation."""
    doc = nlp.make_doc(text)
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text in {".", "?", "!", "\n"}
    return doc


def whole(doc: Doc) -> Span:
    return doc[0 : len(doc)]


def model_from(weights: dict[str, float], *, bias: float) -> CheckworthinessModel:
    """A model over the given features (IDF 1), threshold 0.5."""
    idf = np.zeros(N_BUCKETS, dtype=np.float32)
    dense = np.zeros(N_BUCKETS, dtype=np.float32)
    for feature, weight in weights.items():
        (bucket,) = feature_buckets([feature])
        idf[bucket], dense[bucket] = 1.0, weight
    return CheckworthinessModel(idf, dense, bias=bias, threshold=0.5)


def always(score: float) -> CheckworthinessModel:
    """A model giving every sentence `score`: no features, only the bias."""
    return model_from({}, bias=math.log(score / (1 - score)))


def word_model(word: str) -> CheckworthinessModel:
    """A model that finds a sentence check-worthy exactly when it contains `word`."""
    return model_from({f"w:{word}": 8.0}, bias=-4.0)


def add_quote(doc: Doc, content: tuple[int, int], cue: tuple[int, int], **attrs: object) -> Span:
    quote = Span(doc, *content, label=str(attrs.pop("kind", "indirect")))
    quote._.claimx_cue = doc[cue[0] : cue[1]]
    quote._.claimx_speaker_entity = attrs.pop("entity", None)
    doc.spans[QUOTES] = [*doc.spans.get(QUOTES, []), quote]
    return quote


@pytest.mark.parametrize(
    ("text", "attributed", "expected"),
    [
        ("The economy grew by 3 percent last year.", False, "asserted"),
        ("The economy grew by 3 percent last year.", True, "reported"),
        ("The economy grew, according to the central bank.", False, "reported"),
        ("Kazakhstan will become the sixth country to join.", False, "future"),
        ("Kazakhstan won't join the pact.", False, "future"),
        ("The company plans to hire 500 workers.", False, "future"),
        ("The summit is set to begin on Monday.", False, "future"),
        ("The ministers are going to meet in Astana.", False, "future"),
        ("The deal is expected to close in March.", False, "hedged"),
        ("The talks could resume next week.", False, "hedged"),
        ("Prices may rise again.", False, "hedged"),
        ("Tokayev reportedly lobbied the White House.", False, "hedged"),
        ("Saudi Arabia has long been rumored as an addition.", False, "hedged"),
        # Uncertainty outranks both prediction and attribution.
        ("The bill will likely pass.", True, "hedged"),
        # A prediction outranks the attribution.
        ("Sales will double by 2030.", True, "future"),
        # "due to" gives a cause, not a schedule; "plan" as a noun is no intention.
        ("The delay was due to the storm.", False, "asserted"),
        ("The plan cost 5 billion dollars.", False, "asserted"),
    ],
)
def test_modality_follows_cues_with_hedged_future_reported_precedence(
    blank_nlp: Language, text: str, attributed: bool, expected: str
) -> None:
    assert modality(whole(blank_nlp(text)), attributed=attributed) == expected


@pytest.mark.parametrize(
    ("words", "tags", "deps"),
    [
        (["The", "will", "of", "voters", "prevailed"], ["DT", "NN", "IN", "NNS", "VBD"], None),
        (["The", "plan", "to", "expand", "failed"], ["DT", "NN", "TO", "VB", "VBD"], None),
        (
            ["Trump", "leads", "among", "likely", "voters"],
            ["NNP", "VBZ", "IN", "JJ", "NNS"],
            ["nsubj", "ROOT", "prep", "amod", "pobj"],
        ),
    ],
)
def test_modality_ignores_nouns_and_adjectives_that_look_like_cues(
    blank_nlp: Language, words: list[str], tags: list[str], deps: list[str] | None
) -> None:
    heads = [1, 1, 1, 4, 2] if deps else None
    doc = Doc(blank_nlp.vocab, words=words, tags=tags, heads=heads, deps=deps)
    assert modality(whole(doc), attributed=False) == "asserted"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran refused to join the pact.", True),
        ("The ministry denied the report.", True),
        ("Israel's isolation is no longer theoretical.", True),
        ("The agreement has not seen any additions.", True),
        ("He didn't attend the summit.", True),
        ("Turnout has never been lower.", True),
        ("Iran joined the pact in 2020.", False),
        ("There is no doubt the economy grew.", False),
        ("She declined the award in 2019.", False),
    ],
)
def test_negation_detects_negators_and_refusals(
    blank_nlp: Language, text: str, expected: bool
) -> None:
    assert is_negated(whole(blank_nlp(text))) is expected


def test_negation_uses_the_neg_dependency(blank_nlp: Language) -> None:
    words = ["Nobody", "hardly", "ever", "came", "."]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        heads=[3, 3, 3, 3, 3],
        deps=["nsubj", "neg", "advmod", "ROOT", "punct"],
    )
    assert is_negated(whole(doc))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  “The economy grew,” ", "The economy grew"),
        ("• The economy grew. ", "The economy grew."),
        ("$17 billion in deals were signed", "$17 billion in deals were signed"),
        # Edge quotation marks stay when others are inside: the mixed quote reads as written.
        ("“outcry” left “Israel isolated”", "“outcry” left “Israel isolated”"),
        (" | ", None),
        # A closing bracket stays when its opening one is inside; a stray one goes.
        ("rules set by the agency (EPA)", "rules set by the agency (EPA)"),
        ("rules set by the agency)", "rules set by the agency"),
        ("prices rose by 35%", "prices rose by 35%"),
    ],
)
def test_trim_strips_edge_punctuation_and_keeps_what_reads(
    blank_nlp: Language, text: str, expected: str | None
) -> None:
    trimmed = trim(whole(blank_nlp(text)))
    assert (trimmed.text if trimmed is not None else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kazakhstan Moves to Join Abraham Accords\nThe body starts here.", True),
        ("Read the full article here", True),
        ("The body starts here.\nMore body.", False),
        ("“We will join,” he said.\nMore.", False),
    ],
)
def test_claims_headline_is_an_unpunctuated_line_of_its_own(
    blank_nlp: Language, text: str, expected: bool
) -> None:
    doc = blank_nlp(text)
    first_line = doc[0 : next((t.i for t in doc if "\n" in t.text), len(doc))]
    assert is_unpunctuated_line(first_line) is expected


def test_claim_units_skip_headlines_questions_fragments_and_blanked_boilerplate(
    blank_nlp: Language,
) -> None:
    text = (
        "Kazakhstan Moves to Join the Abraham Accords\n"
        "Kazakhstan will become the sixth country to join the accords. "
        "Will others follow soon after this? "
        "Read more.\n"
        "                                   \n"
        "The agreement was struck in 2020 between Israel and the UAE."
    )
    units = [unit.span.text for unit in claim_units(sentencized(blank_nlp, text))]
    assert units == [
        "Kazakhstan will become the sixth country to join the accords.",
        "The agreement was struck in 2020 between Israel and the UAE.",
    ]


def test_claims_attribute_quote_content_to_the_speaker(blank_nlp: Language) -> None:
    doc = sentencized(blank_nlp, "The ministry said the economy grew by 3 percent last year.")
    quote = add_quote(doc, (3, 11), (2, 3), entity="Finance Ministry")
    doc._.claimx_outlet = "Daily Planet"
    ClaimExtractor(always(0.9))(doc)
    (claim,) = doc.spans[CLAIMS]
    assert claim.text == "the economy grew by 3 percent last year"
    assert claim._.claimx_claimant == "Finance Ministry"
    assert claim._.claimx_claimant_kind == "speaker"
    assert claim._.claimx_quote == quote
    assert claim._.claimx_modality == "reported"
    assert claim._.claimx_checkworthiness == 0.9


def test_claims_of_an_interrupted_quotation_are_its_quoted_words(blank_nlp: Language) -> None:
    # The claim was '“Prices rose ... year,” the minister said.': the speaker's words in it.
    text = "“Prices rose by 3 percent last year,” the minister said. “Wages fell by 2 percent.”"
    doc = sentencized(blank_nlp, text)
    words = [t.text for t in doc]
    first, cut, second = words.index("Prices"), words.index(","), words.index("Wages")
    quote = add_quote(doc, (first, len(doc) - 1), (words.index("said"),) * 2, kind="direct")
    quote._.claimx_cue = doc[words.index("said") : words.index("said") + 1]
    quote._.claimx_parts = [doc[first:cut], doc[second : len(doc) - 1]]
    ClaimExtractor(always(0.9))(doc)
    assert [c.text for c in doc.spans[CLAIMS]] == [
        "Prices rose by 3 percent last year",
        "Wages fell by 2 percent.",
    ]
    assert all(c._.claimx_quote == quote for c in doc.spans[CLAIMS])


def test_claims_give_a_confirmed_statement_to_the_outlet(blank_nlp: Language) -> None:
    text = "Kazakhstan will join the pact on Thursday, an official confirmed to the paper."
    doc = sentencized(blank_nlp, text)
    quote = add_quote(doc, (0, 7), (10, 11))
    doc._.claimx_outlet = "Daily Planet"
    ClaimExtractor(always(0.9))(doc)
    (claim,) = doc.spans[CLAIMS]
    assert claim.text == text
    assert (claim._.claimx_claimant, claim._.claimx_claimant_kind) == ("Daily Planet", "outlet")
    assert claim._.claimx_quote == quote
    assert claim._.claimx_modality == "future"


def test_claims_take_the_reporting_sentence_when_the_content_is_no_clause(
    blank_nlp: Language,
) -> None:
    words = ["The", "ministry", "announced", "its", "accession", "to", "the", "accords", "."]
    pos = ["DET", "NOUN", "VERB", "PRON", "NOUN", "ADP", "DET", "NOUN", "PUNCT"]
    spaces = [True] * 7 + [False, False]
    doc = Doc(blank_nlp.vocab, words=words, spaces=spaces, pos=pos, sent_starts=[1] + [-1] * 8)
    quote = add_quote(doc, (3, 8), (2, 3), entity="Foreign Ministry")
    doc._.claimx_outlet = "Daily Planet"
    ClaimExtractor(always(0.9))(doc)
    (claim,) = doc.spans[CLAIMS]
    assert claim.text == "The ministry announced its accession to the accords."
    assert (claim._.claimx_claimant, claim._.claimx_claimant_kind) == ("Daily Planet", "outlet")
    assert claim._.claimx_quote == quote


def _reported(nlp: Language, words: list[str], heads: list[int], deps: list[str]) -> Doc:
    """ "<Speaker> <cue> <content> ." parsed as given, the content (from word 2) a quote."""
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True] * (len(words) - 2) + [False, False],
        heads=heads,
        deps=deps,
        sent_starts=[1] + [-1] * (len(words) - 1),
    )
    add_quote(doc, (2, len(doc) - 1), (1, 2), entity="Pat Doe")
    doc._.claimx_outlet = "Daily Planet"
    ClaimExtractor(always(0.9))(doc)
    return doc


def test_claims_of_an_embedded_question_are_the_reporting_sentence(blank_nlp: Language) -> None:
    # "whether the vote would pass" asks; it states nothing its speaker could be checked on.
    words = ["Doe", "asked", "whether", "the", "vote", "would", "pass", "today", "."]
    heads = [1, 1, 6, 4, 6, 6, 1, 6, 1]
    deps = ["nsubj", "ROOT", "mark", "det", "nsubj", "aux", "ccomp", "npadvmod", "punct"]
    (claim,) = _reported(blank_nlp, words, heads, deps).spans[CLAIMS]
    assert claim.text == "Doe asked whether the vote would pass today."
    assert claim._.claimx_claimant_kind == "outlet"


def test_claims_of_a_clause_opened_by_a_free_relative_are_the_speakers(
    blank_nlp: Language,
) -> None:
    # "what he did" is the subject: the content states that it was legal.
    words = ["Doe", "said", "what", "he", "did", "was", "legal", "then", "."]
    heads = [1, 1, 4, 4, 5, 1, 5, 5, 1]
    deps = ["nsubj", "ROOT", "dobj", "nsubj", "csubj", "ccomp", "acomp", "advmod", "punct"]
    (claim,) = _reported(blank_nlp, words, heads, deps).spans[CLAIMS]
    assert claim.text == "what he did was legal then"
    assert (claim._.claimx_claimant, claim._.claimx_claimant_kind) == ("Pat Doe", "speaker")


def test_claims_of_an_unknown_outlet_have_no_claimant_name(blank_nlp: Language) -> None:
    doc = sentencized(blank_nlp, "The agreement was struck in 2020 between five nations.")
    ClaimExtractor(always(0.9))(doc)
    (claim,) = doc.spans[CLAIMS]
    assert (claim._.claimx_claimant, claim._.claimx_claimant_kind) == (None, "outlet")
    assert claim._.claimx_quote is None


def test_claims_keep_only_sentences_at_or_above_the_threshold(blank_nlp: Language) -> None:
    text = "Unemployment fell to four percent in May. We are so glad to be here with you."
    doc = sentencized(blank_nlp, text)
    ClaimExtractor(word_model("unemployment"))(doc)
    assert [c.text for c in doc.spans[CLAIMS]] == ["Unemployment fell to four percent in May."]
    assert doc.spans[CLAIMS][0]._.claimx_checkworthiness > 0.9


def test_claims_degrade_to_none_on_empty_and_blank_docs(blank_nlp: Language) -> None:
    for text in ["", "   \n\n  ", "?!"]:
        doc = sentencized(blank_nlp, text)
        ClaimExtractor(always(0.9))(doc)
        assert list(doc.spans[CLAIMS]) == []


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list('ab Cd “”"?.,\n|')), max_size=80),
    quote=st.tuples(st.integers(0, 40), st.integers(0, 40)),
)
def test_claims_never_raise_and_stay_inside_the_doc(
    blank_nlp: Language, text: str, quote: tuple[int, int]
) -> None:
    doc = sentencized(blank_nlp, text)
    start, end = sorted(q % (len(doc) + 1) for q in quote)
    if start < end:
        add_quote(doc, (start, end), (start, start + 1))
    ClaimExtractor(always(0.9))(doc)
    for claim in doc.spans[CLAIMS]:
        assert 0 <= claim.start_char < claim.end_char <= len(text)
        assert claim.text.strip() == claim.text


@pytest.mark.model
def test_claims_on_corpus_give_the_outlet_the_sixth_country_prediction() -> None:
    from pathlib import Path

    from claimx.read.inputs import read_path
    from claimx.run.extract import extract
    from claimx.run.options import ExtractOptions

    path = Path(__file__).resolve().parent.parent / "corpus" / "003_b96608d910deb6ef.txt"
    (record,) = extract(read_path(str(path)), ExtractOptions())
    claims = [c for c in record.claims if "sixth country to sign onto the pact" in c.text]
    assert len(claims) == 1
    claim = claims[0]
    assert claim.claimant.kind == "outlet"
    assert claim.claimant.name == record.outlet
    assert claim.modality == "future"
    assert not claim.negated
    assert "Kazakhstan" in claim.entities
    # The headline-like deck above it is no claim, and neither is the closing link.
    assert all("Read the full article" not in c.text for c in record.claims)
    assert all(
        not c.text.startswith("The Trump administration sees the move") for c in record.claims
    )


@dataclass(frozen=True)
class FixedEncoder(MiniLMCheckworthiness):
    """The blend around an encoder that gives every sentence the same probability."""

    fixed: float = 0.0

    def encoder_probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        return np.full(len(texts), self.fixed)


def blended(linear: CheckworthinessModel, *, encoder: float, share: float) -> FixedEncoder:
    return FixedEncoder(
        encoder=None,
        tokenizer=None,
        head_weight=np.zeros(384, dtype=np.float32),
        head_bias=0.0,
        linear=linear,
        linear_share=share,
        threshold=0.5,
        fixed=encoder,
    )


def test_minilm_blends_the_encoder_with_the_linear_model_by_its_share(
    blank_nlp: Language,
) -> None:
    doc = sentencized(blank_nlp, "Unemployment fell to four percent. We are glad to be here.")
    sentences = list(doc.sents)
    linear = [round(p, 6) for p in word_model("unemployment").score(sentences)]
    model = blended(word_model("unemployment"), encoder=0.2, share=0.25)
    expected = [0.75 * 0.2 + 0.25 * p for p in linear]
    assert model.score(sentences) == pytest.approx(expected, abs=1e-5)
    assert model.score([]) == []


def test_claims_component_builds_the_claim_model_its_config_names(
    blank_nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def scorer(name: str) -> CheckworthinessModel:
        asked.append(name)
        return always(0.9)

    monkeypatch.setattr(claims, "shipped_scorer", scorer)
    nlp = blank_nlp.from_config(blank_nlp.config)
    nlp.add_pipe("claimx_claims", config={"claim_model": "minilm"})
    doc = nlp(sentencized(nlp, "Unemployment fell to four percent in May."))
    assert asked == ["minilm"]
    assert [c.text for c in doc.spans[CLAIMS]] == ["Unemployment fell to four percent in May."]


def test_minilm_without_the_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(minilm, "MODEL_PACKAGE", "claimx_tests_no_such_package")
    assert not minilm.minilm_available()
    with pytest.raises(ClaimxError, match=r"--claim-model minilm needs .*claimx\[embeddings\]"):
        minilm.minilm_package("--claim-model minilm")


def test_minilm_ships_a_small_adapter_with_a_sane_threshold() -> None:
    size = sum(f.stat().st_size for f in MINILM_DIR.iterdir())
    assert size < 5_000_000
    meta = json.loads((MINILM_DIR / "meta.json").read_text(encoding="utf-8"))
    assert 0.2 < meta["threshold"] < 0.9
    assert 0.0 <= meta["linear_share"] <= 0.5


@pytest.mark.slow
def test_minilm_scores_the_same_on_openvino_as_on_pytorch(monkeypatch: pytest.MonkeyPatch) -> None:
    # OpenVINO runs the encoder in float32, a few sentences a pass: the threshold was chosen
    # on PyTorch's probabilities, so they must come out the same, each in its sentence's row.
    pytest.importorskip(minilm.MODEL_PACKAGE)
    if not openvino_available():  # not importorskip: a plain import starts its telemetry
        pytest.skip("OpenVINO is not installed")
    texts = [
        "Unemployment fell to 3.5 percent in September, the lowest rate since 1969.",
        "Thank you all for coming tonight.",
        "The senator voted against the bill twice.",
        "What a wonderful crowd.",
        "Exports to China rose by a third last year, to $120 billion.",
        "We will win.",
        "Crime in the city has doubled since 2010, according to police figures released Monday.",
        "I think so.",
        "The company paid no federal income tax in 2018 despite $4 billion in profits.",
        "Good evening.",
    ]  # more than one pass, of unlike lengths
    model = MiniLMCheckworthiness.load()
    assert model.compiled is not None
    on_openvino = model.encoder_probabilities(texts)
    monkeypatch.setattr(openvino_encoder, "openvino_available", lambda: False)
    on_pytorch = MiniLMCheckworthiness.load().encoder_probabilities(texts)
    assert np.allclose(on_openvino, on_pytorch, atol=1e-5)
    assert on_pytorch.max() - on_pytorch.min() > 0.3  # the texts do differ in their scores


def test_statement_tests_read_once_per_doc_agree_with_the_token_by_token_ones(
    blank_nlp: Language,
) -> None:
    words = [
        "Prices",
        "rose",
        "by",
        "ten",
        "percent",
        ".",
        "Did",
        "prices",
        "rise",
        "at",
        "all",
        "?",
    ]
    pos = ["NOUN", "VERB", "ADP", "NUM", "NOUN", "PUNCT", "AUX", "NOUN", "VERB", "ADV", "ADV"]
    tagged = Doc(blank_nlp.vocab, words=words, pos=[*pos, "PUNCT"])
    nouns = Doc(blank_nlp.vocab, words=words, pos=["NOUN"] * len(words))
    untagged = Doc(blank_nlp.vocab, words=words)
    for doc in (tagged, nouns, untagged):
        tests = claims._SpanTests(doc)
        for start in range(len(doc)):
            for end in range(start + 1, len(doc) + 1):
                span = doc[start:end]
                assert tests.has_verb(span) == claims.has_verb(span)
                assert tests.is_question(span) == claims.is_question(span)
                assert claims.is_statement(span, tests) == claims.is_statement(span)
    assert claims.is_statement(tagged[0:6], claims._SpanTests(tagged))
    assert not claims.is_statement(tagged[6:12], claims._SpanTests(tagged))  # a question
    assert not claims.is_statement(nouns[0:6], claims._SpanTests(nouns))  # no verb


class _RecordingScorer:
    """`always(0.9)`, recording how many sentences each call scores."""

    def __init__(self) -> None:
        self.model = always(0.9)
        self.threshold = self.model.threshold
        self.batches: list[int] = []

    def score(self, spans: Sequence[Span | Doc]) -> list[float]:
        self.batches.append(len(spans))
        return self.model.score(spans)


def test_claims_of_a_long_text_are_scored_in_bounded_batches(blank_nlp: Language) -> None:
    """The scorer's feature matrices grow with its batch: a book's sentences at once took 200 MB."""
    from claimx.nlp.components.claims import SCORE_BATCH

    sentence = "The agreement was struck in 2020 between Israel and the UAE. "
    doc = sentencized(blank_nlp, sentence * 600)
    scorer = _RecordingScorer()
    ClaimExtractor(scorer)(doc)
    assert len(doc.spans[CLAIMS]) == 600
    assert {claim._.claimx_checkworthiness for claim in doc.spans[CLAIMS]} == {0.9}
    assert sum(scorer.batches) == 600
    assert max(scorer.batches) <= SCORE_BATCH
