"""What the cleaning benchmarks share: the models of the folds by site, the kept text of a page.

`fold_models` and `html_fold_models` train, for every group of sites, the line model
(`train_cleaner.py`) and the model putting back the lines trafilatura missed
(`train_html_lines.py`) on the other sites only. With `cache` (a folder outside the repository)
they are kept on disk and trafilatura's reading of each page too, so that a second run (the same
data, seed and code) skips the training.
"""

from __future__ import annotations

import atexit
import hashlib
import pickle
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import train_cleaner
import train_html_lines
from claimx.clean import boilerplate, html_lines, line_classifier
from claimx.clean.cleaner import clean_document
from claimx.clean.html_lines import HtmlLineModel
from claimx.clean.line_classifier import FEATURE_NAMES, LineModel
from claimx.read import html, html_text
from claimx.read.document import InputDocument
from claimx.records import Source
from cleaning_sets import Page
from train_cleaner import Example, _folds, train
from train_html_lines import html_examples
from train_html_lines import train as train_html

T = TypeVar("T")
# The code each kind of fold model depends on (the HTML one on the line features only).
_LINE_CODE = (train_cleaner, line_classifier, boilerplate)
_HTML_CODE = (train_html_lines, html_lines, boilerplate, html_text)


def body_of(document: InputDocument) -> str:
    """The document text with its boilerplate ranges cut out."""
    kept, position = [], 0
    for bp in sorted(document.boilerplate, key=lambda b: b.start):
        kept.append(document.text[position : bp.start])
        position = max(position, bp.end)
    kept.append(document.text[position:])
    return "".join(kept)


def cleaned(page_id: str, text: str, model: LineModel | None) -> InputDocument:
    document = InputDocument(id=page_id, text=text, source=Source(path=page_id, format="text"))
    return clean_document(document, model=model)


def _cached(path: Path | None, make: Callable[[], T]) -> T:
    if path is not None and path.is_file():
        with path.open("rb") as stored:
            return pickle.load(stored)  # type: ignore[no-any-return]
    value = make()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            pickle.dump(value, out)
    return value


def _key(modules: Sequence[ModuleType], *parts: object) -> str:
    """A digest of `parts` and of the code (`modules`) that trains the models."""
    code = [Path(module.__file__ or "").read_bytes() for module in modules]
    return hashlib.sha256(repr((parts, code)).encode()).hexdigest()[:12]


def _per_site(
    items: Sequence[Any], folds: int, fit: Callable[[list[Any]], tuple[T, object]], label: str
) -> dict[str, T]:
    """For every site (`item.site`), the model `fit` makes of the other folds' items only."""
    models: dict[str, T] = {}
    for number, (train_idx, test_idx) in enumerate(_folds(items, folds)):
        started = time.perf_counter()
        model, setting = fit([items[i] for i in train_idx])
        for i in test_idx:
            models[items[i].site] = model
        print(
            f"  {label} {number + 1}/{folds}: {len({items[i].site for i in test_idx})} sites "
            f"out, {setting}, {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return models


def fold_models(
    items: Sequence[Example], folds: int, seed: int, cache: Path | None = None
) -> dict[str, LineModel]:
    """For every site, the model trained on the other folds' sites only."""

    def make() -> dict[str, LineModel]:
        return _per_site(items, folds, lambda part: train(part, seed), "fold")

    ids = sorted((item.page.id, item.clean, float(item.weights.sum())) for item in items)
    path = cache / f"fold_models_{_key(_LINE_CODE, ids, folds, seed)}.pkl" if cache else None
    return _cached(path, make)


def html_fold_models(
    pages: Sequence[Page], folds: int, seed: int, tf_weight: float, cache: Path | None = None
) -> dict[str, HtmlLineModel]:
    """For every site, the model putting back missed lines trained on the other sites only."""

    def make() -> dict[str, HtmlLineModel]:
        def fit(part: list[Any]) -> tuple[HtmlLineModel, str]:
            model = train_html(part, seed)
            return model, f"threshold {model.threshold}"

        return _per_site(html_examples(pages, tf_weight), folds, fit, "html fold")

    ids = sorted(page.id for page in pages)
    key = _key(_HTML_CODE, ids, folds, seed, tf_weight, FEATURE_NAMES)
    path = cache / f"html_fold_models_{key}.pkl" if cache else None
    return _cached(path, make)


def cache_trafilatura(cache_dir: Path | None) -> None:
    """trafilatura's reading of each page once per run (and across runs with a cache folder):
    every HTML row starts from it (`html.read_html` is looked up at call time)."""
    read = html.read_html
    stored: dict[str, html.HtmlArticle | None] = {}
    path = cache_dir / "trafilatura.pkl" if cache_dir else None
    if path is not None and path.is_file():
        with path.open("rb") as handle:
            stored = pickle.load(handle)

    def save() -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                pickle.dump(stored, handle)

    @cache
    def cached_read(markup: str) -> html.HtmlArticle | None:
        key = hashlib.sha256(markup.encode("utf-8", errors="replace")).hexdigest()
        if key not in stored:
            stored[key] = read(markup)
            if len(stored) % 50 == 0:
                save()
        return stored[key]

    atexit.register(save)

    html.read_html = cached_read  # type: ignore[assignment]
    html.recall_text = cache(html.recall_text)  # type: ignore[method-assign]
