"""The fault catalogue: what goes wrong on a user's machine and a user's inputs, one test each.

Every case here once ended a run, lost records or hung. The tests run on a blank pipeline
(`load_pipeline` is replaced), so they need no statistical model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from typer.testing import CliRunner

from claimx.cli import app

runner = CliRunner()

ARTICLE = "The council approved the budget on Tuesday. The mayor said it was fair.\n"
PAGE = (
    "<!DOCTYPE html><html><head><title>Budget</title></head><body><article>"
    "<p>The council approved the budget on Tuesday after a long debate about spending on "
    "schools, roads and the public library.</p></article></body></html>"
)


@pytest.fixture(autouse=True)
def blank_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run in this file uses spaCy's blank English pipeline instead of the model."""

    def load(options: object) -> Language:
        return spacy.blank("en")

    monkeypatch.setattr("claimx.pipeline.load_pipeline", load)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.html").write_text(PAGE, encoding="utf-8")
    (folder / "c.jsonl").write_text(json.dumps({"id": "c1", "text": ARTICLE}) + "\n", "utf-8")
    return folder


def _records(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _run(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = runner.invoke(app, ["extract", *args, "-f", "jsonl", "--no-cache"])
    return result.exit_code, _records(result.stdout), result.stderr


def test_a_failing_html_reader_costs_only_its_own_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(markup: str) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr("claimx.html.read_html", broken)
    code, records, stderr = _run(str(_folder(tmp_path)))
    assert code == 1
    assert [r["id"] for r in records] == [
        str(tmp_path / "in" / "a.txt"),
        str(tmp_path / "in" / "b.html"),
        "c1",
    ]
    errors = [r["error"] for r in records if r["error"]]
    assert errors == [
        {"type": "internal", "message": "internal error: RuntimeError: parser exploded"}
    ]
    assert stderr.splitlines() == [
        f"claimx: {tmp_path / 'in' / 'b.html'}: internal error: RuntimeError: parser exploded"
    ]
    assert "Traceback" not in stderr


def test_missing_html_support_names_the_package_and_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(markup: str) -> None:
        raise ImportError(
            "lxml.html.clean module is now a separate project lxml_html_clean",
            name="lxml.html.clean",
        )

    monkeypatch.setattr("claimx.html.read_html", missing)
    code, records, stderr = _run(str(_folder(tmp_path)))
    assert code == 1
    assert len(records) == 3
    (error,) = [r["error"] for r in records if r["error"]]
    assert error["type"] == "missing-dependency"  # type: ignore[index]
    assert "pip install 'lxml_html_clean'" in error["message"]  # type: ignore[index]
    assert len(stderr.splitlines()) == 1


def test_a_failing_cleaner_costs_only_its_own_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimx.extract

    real_clean = claimx.extract.clean_document

    def clean(document):  # type: ignore[no-untyped-def]
        if document.id.endswith("a.txt"):
            raise ValueError("bad layout")
        return real_clean(document)

    monkeypatch.setattr(claimx.extract, "clean_document", clean)
    code, records, _ = _run(str(_folder(tmp_path)))
    assert code == 1
    assert [r["error"]["type"] for r in records if r["error"]] == ["internal"]  # type: ignore[index]
    assert sum(1 for r in records if not r["error"]) == 2


def test_a_failing_record_build_costs_only_its_own_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimx.build

    real_build = claimx.build.record_from_doc

    def build(doc, document, *, include_text):  # type: ignore[no-untyped-def]
        if document.id == "c1":
            raise KeyError("span")
        return real_build(doc, document, include_text=include_text)

    monkeypatch.setattr(claimx.build, "record_from_doc", build)
    code, records, stderr = _run(str(_folder(tmp_path)))
    assert code == 1
    assert [(r["id"], bool(r["error"])) for r in records][-1] == ("c1", True)
    assert sum(1 for r in records if not r["error"]) == 2
    assert stderr.count("\n") == 1


def test_an_unexpected_error_is_one_line_without_traceback_unless_debugging(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from claimx.cli import main

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret article text\nsecond line")

    monkeypatch.setattr("claimx.extract.extract_paths", explode)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["claimx", "extract", str(tmp_path / "a.txt")])
    monkeypatch.delenv("CLAIMX_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "claimx: internal error: RuntimeError: secret article text second line "
        "(run with --debug for the traceback)"
    ]
    monkeypatch.setenv("CLAIMX_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main()
