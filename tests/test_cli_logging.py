"""What `claimx extract` says on stderr: nothing but warnings by default, its steps with -v,
debug details with -vv; and --boilerplate's listing in table output.

No statistical model: `spacy.load` gives a blank English pipeline standing in for one (a
sentencizer named `parser`, an entity ruler named `ner`), so that claimx's own
`load_pipeline` (and its log line) runs as it does for users.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from claimx.cli import app
from claimx.run.engines import LocalEngine
from claimx.run.options import ExtractOptions
from claimx.run.worker import Extractor

runner = CliRunner()

MODEL = "stand_in_model"
PARAGRAPHS = [
    "The city council approved the new budget on Tuesday after a long debate about "
    "spending on schools, roads and the public library.",
    "Council members said the plan would raise property taxes by two percent, the first "
    "increase in five years, to pay for repairs that had been put off.",
    "Residents who spoke at the meeting were divided, with several asking the council to "
    "delay the vote until an independent audit of the accounts is finished.",
]
ARTICLE = "Home\nWorld\nPolitics\n\n" + "\n\n".join(
    [PARAGRAPHS[0], "Advertisement", *PARAGRAPHS[1:]]
)
BOOM = "The council met. boom. The vote was close.\n"


@Language.component("test_cli_logging_boom")
def _breaks_on_boom(doc: Doc) -> Doc:
    if "boom" in doc.text:
        raise ValueError("boom")
    return doc


@pytest.fixture(scope="module")
def stand_in_pipeline() -> Language:
    """Made once (a blank pipeline costs a tenth of a second); claimx's parts are taken out
    again before each load, so that `load_pipeline` adds them afresh."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", name="parser")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": "ORG", "pattern": "council"}])  # type: ignore[attr-defined]
    nlp.add_pipe("test_cli_logging_boom")
    return nlp


@pytest.fixture(autouse=True)
def stand_in_model(
    monkeypatch: pytest.MonkeyPatch, stand_in_pipeline: Language
) -> Iterator[list[str]]:
    """`spacy.load` gives the stand-in pipeline, as it came; the names it was asked for."""
    loaded: list[str] = []
    tokenizer = stand_in_pipeline.tokenizer

    def load(name: str) -> Language:
        loaded.append(name)
        for component in stand_in_pipeline.pipe_names:
            if component.startswith("claimx_"):
                stand_in_pipeline.remove_pipe(component)
        stand_in_pipeline.tokenizer = tokenizer
        return stand_in_pipeline

    monkeypatch.setattr(spacy, "load", load)
    yield loaded


@pytest.fixture(autouse=True)
def restored_logger() -> Iterator[None]:
    """The CLI sets the `claimx` logger's level and handler: other tests see it as it was."""
    logger = logging.getLogger("claimx")
    state = (logger.level, list(logger.handlers), logger.propagate)
    yield
    logger.setLevel(state[0])
    logger.handlers[:] = state[1]
    logger.propagate = state[2]


def _input(tmp_path: Path, name: str = "a.txt", text: str = ARTICLE) -> str:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def _extract(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["extract", *args, "--model", MODEL, "--no-cache"])
    return result.exit_code, result.stdout, result.stderr


# -v, -vv


def test_without_v_a_clean_run_says_nothing(tmp_path: Path, stand_in_model: list[str]) -> None:
    code, stdout, stderr = _extract(_input(tmp_path), "-f", "jsonl")
    assert code == 0, stderr
    assert stand_in_model == [MODEL]  # the pipeline was loaded, quietly
    assert len(stdout.splitlines()) == 1
    assert stderr == ""


def test_v_says_which_pipeline_is_loaded(tmp_path: Path) -> None:
    code, stdout, stderr = _extract(_input(tmp_path), "-f", "jsonl", "-v")
    assert code == 0, stderr
    assert f"claimx: loading spaCy pipeline {MODEL}" in stderr.splitlines()
    assert len(stdout.splitlines()) == 1  # the records are unchanged: logs go to stderr only
    assert "claimx:" not in stdout


def test_long_option_and_its_place_after_the_paths(tmp_path: Path) -> None:
    code, _, stderr = _extract("--verbose", _input(tmp_path), "-f", "jsonl")
    assert code == 0, stderr
    assert f"claimx: loading spaCy pipeline {MODEL}" in stderr.splitlines()


def test_debug_details_need_vv(tmp_path: Path) -> None:
    good, bad = _input(tmp_path), _input(tmp_path, "boom.txt", BOOM)
    _, _, quiet = _extract(good, bad, "-f", "jsonl")
    _, _, steps = _extract(good, bad, "-f", "jsonl", "-v")
    _, _, details = _extract(good, bad, "-f", "jsonl", "-vv")
    failed = f"claimx: {bad}: ValueError: boom"  # the failure's line shows at every level
    debug = f"claimx: processing {bad} failed"
    assert quiet.splitlines() == [failed]
    assert failed in steps.splitlines()
    assert debug not in steps
    assert f"claimx: loading spaCy pipeline {MODEL}" in details.splitlines()
    assert debug in details.splitlines()
    assert "Traceback" in details  # the debug line carries the exception's traceback
    assert "Traceback" not in steps


def test_the_level_of_one_run_does_not_carry_over_to_the_next(tmp_path: Path) -> None:
    path = _input(tmp_path)
    _extract(path, "-f", "jsonl", "-vv")
    code, _, stderr = _extract(path, "-f", "jsonl")
    assert code == 0
    assert stderr == ""


_BLANK = spacy.blank("en")


class _InProcessPool(LocalEngine):
    """Stands in for the worker pool: the same records, in this process, no model."""

    def __init__(self, options: ExtractOptions) -> None:
        super().__init__(options, Extractor(options, nlp=_BLANK))


def test_v_says_which_engine_runs_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimx.run.extract.PoolEngine", _InProcessPool)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    path = _input(tmp_path)
    code, stdout, stderr = _extract(path, "-f", "jsonl", "-j", "2", "-v")
    assert code == 0, stderr
    assert "claimx: running the pipeline in 2 worker processes" in stderr.splitlines()
    assert len(stdout.splitlines()) == 1
    _, _, quiet = _extract(path, "-f", "jsonl", "-j", "2")
    assert quiet == ""


def test_warnings_show_without_v(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimx.run.extract.PoolEngine", _InProcessPool)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    code, _, stderr = _extract(_input(tmp_path), "-f", "jsonl", "-j", "8")
    assert code == 0, stderr
    assert stderr.splitlines() == ["claimx: -j 8: using 2 worker processes, one per core"]


# --boilerplate


def test_boilerplate_lists_the_ranges_in_table_output(tmp_path: Path) -> None:
    path = _input(tmp_path)
    code, listed, stderr = _extract(path, "-f", "table", "--boilerplate")
    assert code == 0, stderr
    _, plain, _ = _extract(path, "-f", "table")
    assert "Boilerplate" in listed
    start = ARTICLE.index("Advertisement")
    assert re.search(rf"{start}-{start + len('Advertisement')}\s.*advertisement", listed)
    assert "Boilerplate" not in plain
    assert "boilerplate chars dropped" in plain  # the header still counts them
    # The listing comes last, after the same tables.
    assert listed.startswith(plain.rstrip("\n") + "\n")
    assert len(listed) > len(plain)


def test_boilerplate_leaves_json_lines_alone(tmp_path: Path) -> None:
    path = _input(tmp_path)
    _, plain, _ = _extract(path, "-f", "jsonl")
    _, listed, _ = _extract(path, "-f", "jsonl", "--boilerplate")
    assert listed == plain
    assert '"reason":"advertisement"' in plain.replace(" ", "")
