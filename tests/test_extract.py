"""The extraction path: order, streaming, failures isolated, worker processes, CLI plumbing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from claimx.cli import app
from claimx.errors import ModelNotFoundError
from claimx.output.records import record_json
from claimx.read.document import InputDocument
from claimx.records import RecordError, Source
from claimx.run.extract import extract, extract_paths
from claimx.run.options import ExtractOptions
from claimx.run.worker import Extractor

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
runner = CliRunner()


def document(number: int, text: str | None = None) -> InputDocument:
    return InputDocument(
        id=f"doc{number}",
        text=text if text is not None else " ".join(["word"] * (number + 1)),
        source=Source(path=f"doc{number}.txt", format="text"),
    )


def unreadable(number: int) -> InputDocument:
    return InputDocument(
        id=f"bad{number}",
        text="",
        source=Source(path=f"bad{number}.txt", format="text"),
        error=RecordError(type="binary", message="binary content, not text"),
    )


@pytest.fixture
def blank_extractor() -> Extractor:
    return Extractor(ExtractOptions(), nlp=spacy.blank("en"))


def test_extract_yields_records_in_input_order_across_batches(
    blank_extractor: Extractor,
) -> None:
    documents = [document(n) for n in range(7)]
    records = list(extract(documents, ExtractOptions(batch_size=2), extractor=blank_extractor))
    assert [r.id for r in records] == [f"doc{n}" for n in range(7)]
    assert [r.words for r in records] == [n + 1 for n in range(7)]


def test_extract_streams_a_batch_at_a_time(blank_extractor: Extractor) -> None:
    read: list[int] = []

    def documents() -> Iterator[InputDocument]:
        for n in range(100):
            read.append(n)
            yield document(n)

    records = extract(documents(), ExtractOptions(batch_size=4), extractor=blank_extractor)
    first = next(records)
    assert first.id == "doc0"
    assert len(read) <= 5  # one batch, and the look-ahead that ends it


def test_extract_isolates_a_document_that_breaks_the_pipeline() -> None:
    nlp = spacy.blank("en")

    @Language.component("test_breaks_on_boom")
    def breaks_on_boom(doc: Doc) -> Doc:
        if "boom" in doc.text:
            raise ValueError("boom")
        return doc

    nlp.add_pipe("test_breaks_on_boom")
    documents = [document(0), document(1, "it goes boom"), document(2)]
    records = list(extract(documents, extractor=Extractor(ExtractOptions(), nlp=nlp)))
    assert [r.error is None for r in records] == [True, False, True]
    assert records[1].error is not None
    assert records[1].error.type == "processing"


def test_extract_loads_no_pipeline_for_inputs_that_could_not_be_read() -> None:
    # A model that cannot load: loading it at all would raise.
    options = ExtractOptions(model="/nonexistent/model")
    records = list(extract([unreadable(0), unreadable(1)], options))
    assert [r.error.type if r.error else None for r in records] == ["binary", "binary"]


def test_extract_reports_a_worker_that_cannot_load_its_pipeline() -> None:
    options = ExtractOptions(model="/nonexistent/model", jobs=2)
    with pytest.raises(ModelNotFoundError):
        list(extract([document(0), document(1)], options))


def test_extract_options_for_records_drop_how_the_work_runs() -> None:
    options = ExtractOptions(reference_date="2025-01-02", jobs=4, batch_size=3, dask="tcp://x:1")
    assert options.for_records == ExtractOptions(reference_date="2025-01-02")


@pytest.mark.model
@pytest.mark.slow
def test_extract_with_worker_processes_matches_a_local_run() -> None:
    local = [record_json(r) for r in extract_paths([str(CORPUS)], ExtractOptions())]
    pooled = [
        record_json(r) for r in extract_paths([str(CORPUS)], ExtractOptions(jobs=2, batch_size=2))
    ]
    assert pooled == local


def test_extract_imports_spacy_without_pytorch() -> None:
    # thinc imports PyTorch when installed (seconds, in every worker); claimx needs none.
    code = (
        "import sys; from claimx.nlp.spacy_import import import_spacy; import_spacy(); "
        "import thinc.compat; print('spacy' in sys.modules, 'torch' in sys.modules, "
        "thinc.compat.has_torch)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "False"]


def test_the_extract_run_imports_no_spacy_before_the_pipeline_does() -> None:
    # The run's modules load before its pipeline, which imports spaCy without PyTorch; one of
    # them importing spaCy itself (entity labels, session 30) loaded PyTorch in every extract
    # where the embeddings extra is installed: 2 s and 200 MB for nothing.
    code = "import sys, claimx.run.extract; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_help_imports_neither_spacy_nor_the_record_models() -> None:
    code = (
        "import sys; from claimx.cli import app; "
        "print(sorted(m for m in ('spacy', 'pydantic', 'claimx.records') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_extract_says_in_one_line_when_the_dask_scheduler_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr("claimx.run.dask_engine.CONNECT_SECONDS", 1.0)
    (tmp_path / "a.txt").write_text("Some text.")
    result = runner.invoke(
        app, ["extract", str(tmp_path), "--no-cache", "--dask", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    assert "cannot reach a Dask scheduler at tcp://127.0.0.1:9" in result.output
