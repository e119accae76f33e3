"""Extraction on a Dask cluster: the same records, byte for byte, in the same order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy

from claimx.errors import ClaimxError
from claimx.output.records import record_json
from claimx.read.document import InputDocument
from claimx.records import Source
from claimx.run import worker as worker_module
from claimx.run.extract import extract, extract_paths
from claimx.run.options import ExtractOptions
from claimx.run.worker import Extractor

distributed = pytest.importorskip("distributed")

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture
def threaded_cluster() -> Iterator[str]:
    """Two workers as threads of this process, so they share its (blank) pipelines."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address=":0",  # None still takes port 8787: a second run then fails
    ) as cluster:
        yield cluster.scheduler_address


def documents() -> list[InputDocument]:
    return [
        InputDocument(
            id=f"doc{n}",
            text=" ".join(["word"] * (n % 7 + 1)),
            source=Source(path=f"doc{n}.txt", format="text"),
        )
        for n in range(23)
    ]


def test_cluster_returns_the_local_records_in_input_order(
    threaded_cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    local_options = ExtractOptions(batch_size=3)
    blank = Extractor(local_options, nlp=spacy.blank("en"))
    monkeypatch.setitem(worker_module._extractors, local_options.for_records, blank)
    local = [record_json(r) for r in extract(documents(), local_options, extractor=blank)]
    options = ExtractOptions(batch_size=3, dask=threaded_cluster)
    on_cluster = [record_json(r) for r in extract(documents(), options)]
    assert on_cluster == local


def test_cluster_that_cannot_be_reached_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("claimx.run.dask_engine.CONNECT_SECONDS", 1.0)
    options = ExtractOptions(dask="tcp://127.0.0.1:9")
    with pytest.raises(ClaimxError, match="cannot reach a Dask scheduler"):
        list(extract(documents(), options))


@pytest.mark.model
@pytest.mark.slow
def test_cluster_of_two_worker_processes_matches_a_local_run_byte_for_byte() -> None:
    local = [record_json(r) for r in extract_paths([str(CORPUS)], ExtractOptions())]
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # None still takes port 8787: a second run then fails
    ) as cluster:
        options = ExtractOptions(batch_size=2, dask=cluster.scheduler_address)
        on_cluster = [record_json(r) for r in extract_paths([str(CORPUS)], options)]
    assert on_cluster == local
