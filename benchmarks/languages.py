"""The language check of `extract` on the whole page text of the two cleaning sets: how many
pages it refuses for the English pipeline, by the language py3langid reads from the whole page.

    python benchmarks/languages.py --data-ae PATH/article-extraction --data-tf PATH/trafilatura-eval

Prints a line per set and language, then one JSON line {"english_refused", "english",
"other_refused", "other"}. English pages refused are the errors that cost a user an article.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from claimx.nlp.language import language_identifier, other_language


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-ae", type=Path, required=True, help="article-extraction")
    parser.add_argument("--data-tf", type=Path, required=True, help="trafilatura-eval")
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    for name, folder in (("article-extraction", args.data_ae), ("trafilatura-eval", args.data_tf)):
        by_language: Counter[tuple[str, bool]] = Counter()
        for page in sorted((folder / "pages").glob("*")):
            text = page.read_text("utf-8", errors="replace")
            reference, _ = language_identifier().classify(text)
            refused = other_language(text, "en", STOP_WORDS) is not None
            by_language[(reference, refused)] += 1
            side = "english" if reference == "en" else "other"
            totals[side] += 1
            totals[f"{side}_refused"] += refused
        for lang in sorted({lang for lang, _ in by_language}):
            done = by_language[(lang, True)]
            print(f"{name} {lang}: {done} of {done + by_language[(lang, False)]} refused")
    keys = ("english_refused", "english", "other_refused", "other")
    print(json.dumps({key: totals[key] for key in keys}))


if __name__ == "__main__":
    main()
