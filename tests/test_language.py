"""A text in another language than the pipeline's is refused with a clear error, not read into
plausible, wrong entities, quotes and claims; texts in its language are read as before."""

from __future__ import annotations

import pytest
import spacy
from spacy.lang.en.stop_words import STOP_WORDS

from claimx.nlp import language
from claimx.nlp.language import other_language
from claimx.read.document import InputDocument
from claimx.records import Source
from claimx.run.extract import extract
from claimx.run.options import ExtractOptions
from claimx.run.worker import Extractor

GERMAN = (
    "Die Regierung hat am Donnerstag angekündigt, dass das Land dem Abkommen beitreten wird. "
    "Der Außenminister sagte, die Entscheidung sei das Ergebnis langer Gespräche mit den "
    "Nachbarstaaten gewesen. Kritiker warfen ihm vor, das Parlament nicht rechtzeitig "
    "informiert zu haben, und forderten eine Abstimmung noch vor dem Ende des Jahres."
)
ENGLISH = (
    "The government announced on Thursday that the country would join the agreement. The "
    "foreign minister said the decision was the result of long talks with the neighbouring "
    "states. Critics accused him of failing to inform parliament in time and called for a "
    "vote before the end of the year."
)
# Few stop words, as in the results tables at the end of sports and market reports.
RESULTS = "\n".join(
    ["Arsenal 0 Chelsea 0", "Everton 3 Fulham 2", "Leeds 1 Wolves 1", "Newcastle 4 Burnley 0"] * 5
)


def test_a_german_text_is_named_for_the_english_pipeline() -> None:
    assert other_language(GERMAN, "en", STOP_WORDS) == "de"


def test_an_english_text_never_loads_the_language_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def never() -> None:
        raise AssertionError("the model was loaded for an English text")

    monkeypatch.setattr(language, "language_identifier", never)
    assert other_language(ENGLISH, "en", STOP_WORDS) is None


def test_an_english_results_table_is_not_refused() -> None:
    assert other_language(RESULTS, "en", STOP_WORDS) is None


def test_a_few_foreign_words_are_too_few_to_tell() -> None:
    assert other_language("Die Regierung hat am Donnerstag angekündigt.", "en", STOP_WORDS) is None


def test_a_german_text_is_read_by_a_german_pipeline() -> None:
    german = spacy.blank("de")
    assert other_language(GERMAN, "de", german.Defaults.stop_words) is None


def _records(nlp_lang: str) -> dict[str, tuple[str | None, int]]:
    documents = [
        InputDocument(id=name, text=text, source=Source(path=name, format="text"))
        for name, text in (("de.txt", GERMAN), ("en.txt", ENGLISH))
    ]
    options = ExtractOptions(cache_dir=None)
    extractor = Extractor(options, nlp=spacy.blank(nlp_lang))
    return {
        r.id: (r.error.type if r.error else None, r.words)
        for r in extract(documents, options, extractor=extractor)
    }


def test_the_run_refuses_the_german_article_and_reads_the_english_one() -> None:
    records = _records("en")
    assert records["de.txt"] == ("language", 0)
    assert records["en.txt"][0] is None and records["en.txt"][1] > 0


def test_a_multilingual_pipeline_reads_every_language() -> None:
    assert _records("xx")["de.txt"][0] is None
