"""How much the HTML report costs beside JSON Lines, and how fast a browser opens it.

    python benchmarks/report_speed.py --data ../shared/data/polnear/train.jsonl [--limit 500]

On the first --limit articles (JSON Lines input written to a temporary folder, never into the
repository):
- end to end, fresh processes, no cache: `claimx extract -f jsonl --include-text` (the same
  pipeline work as the report, which needs the text), `-f jsonl` (without the text), and
  `-f html`; interleaved, --repeats runs each, the median wall time;
- the writers alone, in process, on the records read back: JSON Lines against the report
  (best of 5);
- the report of all --limit articles in headless Chromium (`/usr/bin/chromium`): the page's
  own time from navigation start to the end of its script (`data-ready-ms`) and to the end of
  its load event (`data-load-ms`), and the wall time of `chromium --screenshot` against that of
  an empty page (Chromium's start-up and shut-down).
`--keep DIR` keeps the inputs and outputs there; `--records FILE` (JSON Lines records with their
text) skips the end-to-end runs and times the rest on those records.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

CLAIMX = [sys.executable, "-c", "from claimx.cli import main; main()"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def write_input(data: Path, limit: int, folder: Path) -> Path:
    path = folder / "articles.jsonl"
    with data.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i >= limit:
                break
            item = json.loads(line)
            article = {
                "id": item["doc_id"],
                "title": item.get("title"),
                "published": item.get("publication_date"),
                "outlet": item.get("publisher"),
                "text": item["text"],
            }
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*CLAIMX, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def chromium(page: Path, profile: Path, action: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", action, page.as_uri()],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=profile.parent,
    )
    return time.perf_counter() - start, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--records", type=Path, default=None)
    args = parser.parse_args()

    from claimx.output.records import write_jsonl
    from claimx.output.report_html import write_html
    from claimx.records import ArticleRecord

    with tempfile.TemporaryDirectory(prefix="claimx-report-") as tmp:
        folder = Path(tmp) if args.keep is None else args.keep
        folder.mkdir(parents=True, exist_ok=True)
        if args.records is None:
            end_to_end(args, folder)
        records_path = args.records or folder / "r.jsonl"
        lines = records_path.read_text(encoding="utf-8").splitlines()
        records = [ArticleRecord.model_validate_json(line) for line in lines]
        print(f"{len(records)} articles:")
        writers = {"jsonl": write_jsonl, "html": write_html}
        for name, writer in writers.items():
            best = min(
                _timed(lambda w=writer: deque(w(records, io.StringIO()), maxlen=0))
                for _ in range(5)
            )
            print(f"  writer alone, {name:<5} {best * 1000:7.0f} ms")
        report = folder / "report.html"
        with report.open("w", encoding="utf-8") as stream:
            deque(write_html(records, stream), maxlen=0)
        size, jsonl_size = report.stat().st_size / 1e6, records_path.stat().st_size / 1e6
        print(f"  report size {size:.1f} MB, JSON Lines with text {jsonl_size:.1f} MB")

        blank = folder / "blank.html"
        blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
        walls, blank_walls, ready, load = [], [], [], []
        for i in range(3):
            blank_walls.append(chromium(blank, folder / f"pb{i}", "--screenshot")[0])
            walls.append(chromium(report, folder / f"pr{i}", "--screenshot")[0])
            dom = chromium(report, folder / f"pd{i}", "--dump-dom")[1]
            found = re.search(r'data-ready-ms="(\d+)" data-load-ms="(\d+)"', dom)
            ready.append(int(found.group(1)) if found else -1)
            load.append(int(found.group(2)) if found else -1)
        print("In headless Chromium (median of 3):")
        print(
            f"  page script done {statistics.median(ready)} ms, load event done "
            f"{statistics.median(load)} ms after navigation start"
        )
        print(
            f"  chromium --screenshot wall: report {statistics.median(walls):.2f} s, "
            f"empty page {statistics.median(blank_walls):.2f} s"
        )


def end_to_end(args: argparse.Namespace, folder: Path) -> None:
    """Fresh `claimx extract` processes, interleaved; the records with text kept in r.jsonl."""
    source = write_input(args.data, args.limit, folder)
    common = ["extract", str(source), "--no-cache", "-q"]
    runs: dict[str, list[float]] = {"jsonl+text": [], "jsonl": [], "html": []}
    for _ in range(args.repeats):
        runs["jsonl+text"].append(
            run([*common, "-f", "jsonl", "--include-text", "-o", str(folder / "r.jsonl")])
        )
        runs["jsonl"].append(run([*common, "-f", "jsonl", "-o", str(folder / "plain.jsonl")]))
        runs["html"].append(run([*common, "-f", "html", "-o", str(folder / "r.html")]))
    median = {name: statistics.median(times) for name, times in runs.items()}
    print(f"{args.limit} articles, end to end (median of {args.repeats}):")
    for name, seconds in median.items():
        print(f"  claimx extract -f {name:<11} {seconds:7.1f} s")
    print(f"  html / jsonl+text: {median['html'] / median['jsonl+text'] - 1:+.1%}")
    print(f"  html / jsonl:      {median['html'] / median['jsonl'] - 1:+.1%}")


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
