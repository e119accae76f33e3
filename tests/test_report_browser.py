"""The HTML reports of `corpus/` in a real headless Chromium (Debian's `chromium` package).

The page is loaded from a file as a reader would open it; `--dump-dom` gives the DOM once its
script has run. Checked: every quote of the records is marked, with the speaker in the mark's
hover text (its `title`); the script ran without a console message; no request left the page
(Chromium's proxy points at a socket that counts connections). Skipped without Chromium.
"""

from __future__ import annotations

import html
import re
import socket
import subprocess
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimx.cli import app
from claimx.output.report_html import article_payload
from claimx.records import ArticleRecord

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package"),
]


# Chromium's own calls home (clock, updates, accounts), made for a blank page as well.
BROWSER_HOSTS = (".google.com", ".googleapis.com", ".gstatic.com", ".gvt1.com")


class _Trap:
    """A listening socket posing as an HTTP proxy: any request the page makes lands here."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.hosts: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            conn.settimeout(2)
            try:
                head = conn.recv(2048).decode("latin-1")
            except OSError:
                head = ""
            conn.close()
            for line in head.split("\r\n"):
                if line.lower().startswith("host:"):
                    self.hosts.append(line.split(":", 2)[1].strip())

    def requests(self) -> list[str]:
        """Hosts the page asked for, Chromium's own services left out."""
        return [h for h in self.hosts if not ("." + h).endswith(BROWSER_HOSTS)]

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.server.close()


@pytest.fixture
def trap() -> Iterator[_Trap]:
    server = _Trap()
    yield server
    server.close()


def _chromium(page: Path, profile: Path, trap: _Trap, fragment: str = "") -> tuple[str, str]:
    """The DOM after load, and Chromium's log (console messages included)."""
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--proxy-server=http://127.0.0.1:{trap.port}",
            "--proxy-bypass-list=<-loopback>",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout, result.stderr


class _Spans(HTMLParser):
    """The marked segments of the rendered articles: id, classes, title, marks and text."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[dict[str, str]] = []
        self.article = ""
        self.current: dict[str, str] | None = None
        self.root: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.root = found
        if tag == "details" and "art" in found.get("class", "").split():
            self.article = found["id"]
        if tag == "span" and "seg" in found.get("class", "").split():
            self.current = {**found, "article": self.article, "text": ""}
            self.spans.append(self.current)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current["text"] += data


EVIL = (
    "Officials said on Monday 🙂 that the page was safe. "
    "<script>document.title = 'pwned'</script><img src=\"http://claimx-test.invalid/x.png\"> "
    "“It is only text,” the minister said. </script><b>bold?</b>"
)


def _inputs(tmp_path: Path) -> Path:
    """The corpus, and an article whose text is full of markup."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "zz_markup.txt").write_text(EVIL, encoding="utf-8")
    return folder


def _records(tmp_path: Path, folder: Path) -> list[ArticleRecord]:
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--include-text"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    return [ArticleRecord.model_validate_json(line) for line in lines]


def _console(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def test_browser_report_marks_every_quote_with_its_speaker(tmp_path: Path, trap: _Trap) -> None:
    folder = _inputs(tmp_path)
    records = _records(tmp_path, folder)
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(report)])
    assert result.exit_code == 0, result.output
    dom, log = _chromium(report, tmp_path / "profile", trap)

    assert _console(log) == []
    assert trap.requests() == []
    parsed = _Spans()
    parsed.feed(dom)
    assert parsed.root.get("data-ready") == "1" and "data-js-errors" not in parsed.root
    # the markup of an article is shown as its text, never run
    assert "<title>claimx report</title>" in dom and "pwned" not in dom.split("<body")[0]
    assert "&lt;script&gt;document.title = 'pwned'&lt;/script&gt;&lt;img" in dom
    assert "<b>bold?</b>" not in dom
    quotes = 0
    for i, record in enumerate(records):
        payload = article_payload(record, i)
        for k, (kind, start, end, _hue, _tip) in enumerate(payload["marks"]):
            if kind != "q":
                continue
            quotes += 1
            covering = [s for s in parsed.spans if str(k) in s["data-m"].split()]
            covering = [s for s in covering if s["article"] == f"a{i}"]
            assert covering, f"{record.id}: quote {record.text[start:end]!r} not marked"
            assert all("m-q" in s["class"].split() for s in covering)
            assert covering[0]["tabindex"] == "0"  # keyboard users reach it
            assert "".join(s["text"] for s in covering) == record.text[start:end]  # type: ignore[index]
            quote = next(q for q in record.quotes if (q.start, q.end) == (start, end))
            said = "no speaker found"
            if quote.speaker is not None:  # an anonymous source is shown as written
                said = quote.speaker.entity or f"“{quote.speaker.text}”"
            assert all(f"speaker: {said}" in s["title"] for s in covering)
    assert quotes == sum(len(r.quotes) for r in records) > 20
    # every kind of mark made it into the page
    classes = {c for s in parsed.spans for c in s["class"].split()}
    assert {"m-q", "m-cue", "m-spk", "m-ent", "m-date", "m-claim", "m-bp"} <= classes


def test_browser_focusing_a_mark_shows_what_the_record_says(tmp_path: Path, trap: _Trap) -> None:
    """A link to a speaker's mark focuses it, as Tab would: the tooltip tells its entity."""
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["extract", str(CORPUS), "-o", str(report)])
    assert result.exit_code == 0, result.output
    records = _records(tmp_path, CORPUS)
    payload = article_payload(records[0], 0)
    k = next(k for k, mark in enumerate(payload["marks"]) if mark[0] == "spk")
    dom, _log = _chromium(report, tmp_path / "profile", trap, f"#a0-m{k}")
    tip = re.search(r'<div id="tip"([^>]*)>([^<]*)<', dom)
    assert tip is not None and "hidden" not in tip.group(1)
    assert payload["marks"][k][4] in html.unescape(tip.group(2)).split("\n")
    assert "Speaker “" in tip.group(2) and " → " in tip.group(2)


def test_browser_comparison_loads_cleanly(tmp_path: Path, trap: _Trap) -> None:
    report = tmp_path / "compare.html"
    result = CliRunner().invoke(app, ["compare", str(CORPUS), "-o", str(report), "-q"])
    assert result.exit_code == 0, result.output
    dom, log = _chromium(report, tmp_path / "profile", trap)
    assert _console(log) == []
    assert trap.requests() == []
    assert 'data-ready="1"' in dom and "data-js-errors" not in dom
    assert dom.count('class="goto"') > 10 and '<mark class="diff">' in dom


def test_browser_trap_sees_a_page_that_makes_a_request(tmp_path: Path, trap: _Trap) -> None:
    """The control: without it, 'no request left the page' could be true of a broken trap."""
    page = tmp_path / "leaky.html"
    page.write_text('<img src="http://claimx-test.invalid/x.png">', encoding="utf-8")
    _chromium(page, tmp_path / "profile", trap)
    assert "claimx-test.invalid" in trap.requests()
