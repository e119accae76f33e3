"""The real model on the sample corpus: what a user sees end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from claimx.records import record_json_schema

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def corpus_records() -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-m", "claimx", "extract", str(CORPUS), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def _spans(record: dict) -> list[dict]:  # type: ignore[type-arg]
    spans = []
    for entity in record["entities"]:
        spans.extend(entity["mentions"])
    for quote in record["quotes"]:
        spans.append(quote)
        spans.append(quote["cue"])
        if quote["speaker"]:
            spans.append(quote["speaker"])
    spans.extend(record["dates"])
    spans.extend(record["claims"])
    return spans


def test_corpus_gives_five_valid_records_with_exact_offsets(
    corpus_records: list[dict],  # type: ignore[type-arg]
) -> None:
    assert len(corpus_records) == 5
    schema = record_json_schema()
    for record in corpus_records:
        jsonschema.validate(record, schema)
        assert record["error"] is None
        text = Path(record["source"]["path"]).read_text("utf-8")
        for span in _spans(record):
            assert text[span["start"] : span["end"]] == span["text"]


def test_corpus_names_donald_trump_as_one_person_everywhere(
    corpus_records: list[dict],  # type: ignore[type-arg]
) -> None:
    for record in corpus_records:
        text = Path(record["source"]["path"]).read_text("utf-8")
        entities = {e["name"]: e for e in record["entities"]}
        if "Donald Trump" not in text:
            continue
        trump = entities["Donald Trump"]
        assert trump["label"] == "PERSON"
        assert "Trump" in {m["text"] for m in trump["mentions"]}
        assert not any(
            n != "Donald Trump" and "Trump" in n
            for n in entities
            if entities[n]["label"] == "PERSON"
        )


def test_corpus_never_makes_abraham_accords_a_person(
    corpus_records: list[dict],  # type: ignore[type-arg]
) -> None:
    for record in corpus_records:
        labels = {e["label"] for e in record["entities"] if "Abraham Accords" in e["name"]}
        assert labels and "PERSON" not in labels


@pytest.mark.parametrize(
    ("article", "furniture"),
    [
        ("000", "16 views"),
        ("000", "+A -A"),
        ("001", "LEAVE A REPLY"),
        ("001", "Please enter your name here"),
        ("001", "Privacy Overview"),
    ],
)
def test_corpus_finds_no_entity_in_page_furniture(
    corpus_records: list[dict],
    article: str,
    furniture: str,  # type: ignore[type-arg]
) -> None:
    record = next(r for r in corpus_records if Path(r["id"]).name.startswith(article))
    text = Path(record["source"]["path"]).read_text("utf-8")
    start = text.index(furniture)
    end = start + len(furniture)
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert mention["end"] <= start or mention["start"] >= end, entity["name"]


def test_corpus_resolves_dates_against_the_reference_date() -> None:
    article = next(CORPUS.glob("003_*.txt"))
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimx",
            "extract",
            str(article),
            "-f",
            "jsonl",
            "--reference-date",
            "2025-11-06",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    record = json.loads(out.stdout)
    assert record["reference_date"] == "2025-11-06"
    values = {(d["text"], d["value"]) for d in record["dates"]}
    assert {("Thursday", "2025-11-06"), ("two years", "P2Y")} <= values


def test_corpus_reads_the_stated_publication_time(
    corpus_records: list[dict],  # type: ignore[type-arg]
) -> None:
    record = next(r for r in corpus_records if Path(r["id"]).name.startswith("004"))
    assert record["published"] == "2025-11-07T17:53"
    assert ("2020", "2020") in {(d["text"], d["value"]) for d in record["dates"]}


def test_html_record_carries_the_extracted_text_its_offsets_index(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>{p}</p>"
        for p in (
            "The city council approved the new budget on Tuesday after a long debate about "
            "spending on schools, roads and the public library, officials said.",
            "“This budget fixes our roads,” Mayor Jane Porter said after the vote.",
        )
    )
    page.write_text(
        "<html><head><title>Budget passes - City Daily</title></head><body>"
        "<nav>Home | News | Sport</nav><article><h1>Budget passes</h1>"
        f"{paragraphs}</article><footer>Copyright 2025 City Daily</footer></body></html>",
        "utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "claimx", "extract", str(page), "-f", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    record = json.loads(out.stdout)
    assert record["source"]["format"] == "html"
    assert "Home | News" not in record["text"]
    assert record["quotes"]
    for span in _spans(record):
        assert record["text"][span["start"] : span["end"]] == span["text"]


def test_the_readme_example_record_is_what_extract_writes(
    corpus_records: list[dict],  # type: ignore[type-arg]
) -> None:
    # The README's record is the public contract users read first: it had drifted (a
    # check-worthiness of an older model, three fields missing).
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = json.loads(readme.split("A record (abridged")[1].split("```json\n")[1].split("```")[0])
    name = Path(shown["id"]).name
    [record] = [r for r in corpus_records if Path(str(r["id"])).name == name]
    assert list(shown) == list(record)  # every field, in the order written
    for key, value in shown.items():
        if key == "id":
            continue
        actual = record[key]
        if key == "source":  # the README's paths are relative
            assert {**value, "path": None} == {**actual, "path": None}  # type: ignore[dict-item]
        else:
            assert _shown_in(value, actual), key


def _shown_in(shown: object, actual: object) -> bool:
    """Whether an abridged value is part of the real one: same keys, a list's items among
    the real list's (each itself abridged), the same scalars."""
    if isinstance(shown, dict):
        return (
            isinstance(actual, dict)
            and list(shown) == list(actual)
            and all(_shown_in(v, actual[k]) for k, v in shown.items())
        )
    if isinstance(shown, list):
        return isinstance(actual, list) and all(
            any(_shown_in(item, candidate) for candidate in actual) for item in shown
        )
    return shown == actual
