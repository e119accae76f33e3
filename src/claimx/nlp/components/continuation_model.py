"""A learned decision on quotations no cue introduces: does one carry on the quote before it?

A quotation with no cue of its own, later in the paragraph of a quote or opening the next
paragraph, is usually the rest of that quote ('“A,” she said. “B.”', 'X said that A, but
“B”'), and PolNeAR marks the two as one attribution. Not always: after an indirect report in
an earlier sentence, or after words that hand the floor to someone else ('Then there was the
most obvious change of all: “…”'), it is often another's, or nobody's. A logistic regression
over the quote's kind, the sentences and words between and the quotation's length decides.

Trained on PolNeAR train by `benchmarks/train_continuations.py`, which writes
`models/attributions/continuations.json`: feature weights, bias and threshold. Scoring is a sum
of weights: no dependency beyond the standard library.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from claimx.nlp.components.quote_marks import QUOTE_CHARS
from claimx.nlp.components.speaker_model import LogisticDecision
from claimx.package_data import MODELS_DIR

CONTINUATIONS_FILE = MODELS_DIR / "attributions" / "continuations.json"
# Marks that end the words between a quote and the quotation, as a feature of their own.
_GAP_MARKS = frozenset({":", ",", ".", "—", "-", ";"})


def _bucket(count: int, bounds: tuple[int, ...], names: tuple[str, ...]) -> str:
    return next(
        (name for bound, name in zip(bounds, names, strict=False) if count <= bound), names[-1]
    )


def continuation_features(
    doc: Doc,
    text: str,
    sentence_of: Callable[[int], int],
    previous: tuple[str, tuple[int, int], bool],
    quotation: tuple[int, int],
) -> tuple[str, ...]:
    """The features of one decision: the previous quote (kind, token range, whether it has a
    speaker), the quotation's token range, `text` the Doc's and `sentence_of` a token's
    sentence number."""
    kind, (_, previous_end), has_speaker = previous
    start, end = quotation
    last = previous_end - 1
    gap = doc[previous_end:start]
    sentences = sentence_of(start) - sentence_of(last)
    place = "same" if sentences == 0 else "next" if sentences == 1 else "later"
    words = _bucket(sum(1 for t in gap if t.is_alpha), (0, 3, 10), ("0", "1-3", "4-10", "11+"))
    marks = (t.text for t in reversed(gap) if not t.is_space and t.text not in QUOTE_CHARS)
    last_mark = next(marks, "none")
    quoted_words = sum(1 for t in doc[start:end] if t.is_alpha)
    length = _bucket(quoted_words, (8, 20), ("4-8", "9-20", "21+"))
    newline = "\n" in text[doc[last].idx : doc[start].idx]
    subject = any(t.dep_ == "nsubj" and t.head.pos_ == "VERB" for t in gap)
    return (
        f"kind={kind}",
        f"sent={place}",
        f"kind_sent={kind}|{place}",
        f"gapw={words}",
        f"kind_gapw={kind}|{words}",
        f"gaplast={last_mark if last_mark in _GAP_MARKS else 'other'}",
        f"qw={length}",
        f"newline={newline}",
        f"kind_newline={kind}|{newline}",
        f"gap_subject={subject}",
        f"speaker={has_speaker}",
    )


class ContinuationModel(LogisticDecision):
    """Feature weights, bias and threshold of the carry-on decision."""

    @classmethod
    def load(cls, path: Path = CONTINUATIONS_FILE) -> ContinuationModel:
        return cls.from_file(path)

    def carries_on(
        self, features: tuple[str, ...], previous: tuple[int, int], quotation: tuple[int, int]
    ) -> bool:
        """Whether the quotation (token range) carries on the previous quote's content; the
        ranges are for a training collector, the model reads the features only."""
        return self.probability(features) >= self.threshold


@cache
def default_continuation_model() -> ContinuationModel | None:
    """The shipped model, or None when it is missing (every such quotation carries on)."""
    return ContinuationModel.load() if CONTINUATIONS_FILE.exists() else None
