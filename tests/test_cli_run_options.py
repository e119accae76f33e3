"""The options every pipeline command shares, declared once (claimx.cli.run_options)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimx.cli import app
from claimx.cli.options import ClaimModelChoice
from claimx.cli.run_options import RunOptions
from claimx.run.cache import default_cache_dir

runner = CliRunner()
SHARED_FLAGS = ("--glob", "--reference-date", "--model", "--claim-model", "--jobs", "--cache")
SHARED_FLAGS += ("--no-cache", "--dask", "--verbose", "--quiet", "--no-color")


def _run(**given: Any) -> RunOptions:
    defaults: dict[str, Any] = {field.name: None for field in fields(RunOptions)}
    defaults.update(claim_model=ClaimModelChoice.linear, jobs=1, no_cache=False, verbose=0)
    defaults.update(quiet=False, no_color=False)
    return RunOptions(**{**defaults, **given})


@pytest.mark.parametrize("command", ["extract", "compare", "match"])
def test_every_pipeline_command_takes_the_shared_options(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for flag in SHARED_FLAGS:
        assert flag in result.output, f"{command} lacks {flag}"


def test_the_command_gets_what_was_given(tmp_path: Path) -> None:
    # A glob matching nothing in the folder: no document, exit status 1, nothing on stdout.
    (tmp_path / "a.txt").write_text("Some text.")
    result = runner.invoke(
        app, ["extract", str(tmp_path), "--glob", "*.none", "--no-cache", "-f", "jsonl", "-q"]
    )
    assert (result.exit_code, result.stdout) == (1, "")


@pytest.mark.parametrize(
    "cache, no_cache, expected",
    [
        (Path("/tmp/records"), False, "/tmp/records"),
        (None, False, str(default_cache_dir())),
        (Path("/tmp/records"), True, None),
        (None, True, None),
    ],
)
def test_cache_options_choose_the_cache_directory(
    cache: Path | None, no_cache: bool, expected: str | None
) -> None:
    options = _run(cache=cache, no_cache=no_cache, jobs=2).extract_options(batch_size=8)
    assert options.cache_dir == expected
    assert (options.jobs, options.batch_size) == (2, 8)


def test_jobs_are_capped_at_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert _run(jobs=64, no_cache=True).extract_options().jobs == 2


def test_command_fields_and_reference_date_reach_the_extract_options() -> None:
    from datetime import datetime

    options = _run(reference_date=datetime(2025, 11, 6), model="m").extract_options(clean=False)
    assert (options.reference_date, options.model, options.clean) == ("2025-11-06", "m", False)
