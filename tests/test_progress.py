"""The progress bar: counting inputs cheaply, showing only for runs worth it."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimx.run.progress import (
    HANDFUL,
    ProgressBar,
    StageBar,
    count_documents,
    track,
    wanted,
)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("article.txt", "One article.\nTwo lines.\n", 1),
        ("articles.jsonl", '{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n', 3),
        ("articles.jsonl", '{"text": "a"}\n{"text": "b"}', 2),
        ("empty.jsonl", "", 0),
    ],
)
def test_progress_counts_documents_without_reading_them_as_text(
    tmp_path: Path, name: str, content: str, expected: int
) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert count_documents(str(path)) == expected


def test_progress_cannot_count_stdin() -> None:
    assert count_documents("-") is None


def test_progress_bar_shows_only_past_a_handful_of_documents() -> None:
    bar = ProgressBar()
    bar.grow(HANDFUL)
    assert not bar.shown
    bar.grow(1)
    assert bar.shown
    bar.close()


def test_progress_bar_stays_hidden_once_the_run_is_over() -> None:
    bar = ProgressBar()
    bar.close()
    bar.grow(HANDFUL + 1)
    assert not bar.shown


def test_progress_track_passes_records_through_in_order(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text("text")
    records = list(range(3))
    assert list(track(records, [str(tmp_path)], enabled=True)) == records
    assert list(track(records, [str(tmp_path)], enabled=False)) == records


def test_progress_is_off_with_quiet() -> None:
    assert not wanted(quiet=True)


def test_stage_bar_shows_each_stage_on_stderr_only_when_enabled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with StageBar(enabled=False) as bar:
        bar("encoding with e5", 1, 2)
    assert capsys.readouterr().err == ""
    with StageBar(enabled=True) as bar:
        bar("encoding with e5", 1, 2)
        bar("encoding with e5", 2, 2)
    captured = capsys.readouterr()
    assert "encoding with e5" in captured.err
    assert "2/2" in captured.err
    assert captured.out == ""
