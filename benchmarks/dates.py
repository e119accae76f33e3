"""Score claimx's dates on TimeML folders with the TempEval-3 metrics, and time it.

    python benchmarks/dates.py --data ../shared/data/timebank

Every `*.tml` file under --data is read: the text of <TEXT> with its tags stripped and XML
entities decoded is processed with each document's creation time as its reference, and the
TIMEX3 spans claimx finds are compared with the gold ones:
- strict: same start and end; relaxed: overlapping, matched one-to-one;
- value F1 (type F1) = relaxed F1 x accuracy of value (type) on the relaxed matches.
The bare spaCy pipeline and the pipeline with claimx_dates run on the same texts, batch by batch,
interleaved, so both see the same machine load.
"""

from __future__ import annotations

import argparse
import html
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimx.nlp.extensions import DATES
from claimx.nlp.pipeline import PipelineOptions, load_pipeline, resolve_model_name

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_DCT = re.compile(r"<DCT>.*?value=\"([^\"]+)\".*?</DCT>", re.DOTALL)
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r"(\w+)=\"([^\"]*)\"")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class TimeMLDocument:
    name: str
    text: str
    creation_time: str
    gold: list[Timex]


def read_timeml(path: Path) -> TimeMLDocument:
    """The plain text of <TEXT> and its TIMEX3 annotations, with offsets into that text."""
    raw = path.read_text(encoding="utf-8")
    body_match = _TEXT.search(raw)
    dct_match = _DCT.search(raw)
    body = body_match.group(1) if body_match else ""
    pieces: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1) == "":
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(Timex(start, length, attrs.get("type", ""), attrs.get("value", ""), ""))
            open_timex = None
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    gold = [Timex(g.start, g.end, g.type, g.value, text[g.start : g.end]) for g in gold]
    creation = dct_match.group(1) if dct_match else ""
    return TimeMLDocument(path.name, text, creation, gold)


def predicted(doc: Doc) -> list[Timex]:
    return [
        Timex(s.start_char, s.end_char, s.label_, s._.claimx_value or "", s.text)
        for s in doc.spans[DATES]
    ]


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def f1(self, hits: float) -> float:
        if not self.gold or not self.predicted or not hits:
            return 0.0
        precision, recall = hits / self.predicted, hits / self.gold
        return 100 * 2 * precision * recall / (precision + recall)


def score(gold: list[Timex], found: list[Timex], scores: Scores, errors: Counter[str]) -> None:
    """Add one document's matches to `scores` and its errors, by category, to `errors`."""
    scores.gold += len(gold)
    scores.predicted += len(found)
    used: set[int] = set()
    for g in gold:
        match = next(
            (
                i
                for i, p in enumerate(found)
                if i not in used and p.start < g.end and g.start < p.end
            ),
            None,
        )
        if match is None:
            errors[f"missed  {g.type:8} {g.value:14} {g.text!r}"] += 1
            continue
        used.add(match)
        p = found[match]
        scores.relaxed += 1
        scores.strict += (p.start, p.end) == (g.start, g.end)
        scores.type += p.type == g.type
        scores.value += p.value == g.value
        if (p.start, p.end) != (g.start, g.end):
            errors[f"extent  {g.text!r} -> {p.text!r}"] += 1
        if p.value != g.value:
            errors[f"value   {g.text!r} {g.value} -> {p.value}"] += 1
            # The kind of value error, digits masked: 9999-Q9 -> 9999 is a quarter read as a year.
            shape = re.sub(r"\d", "9", f"{g.value} -> {p.value}")
            errors[f"shape   {shape}"] += 1
    for i, p in enumerate(found):
        if i not in used:
            errors[f"spurious {p.type:8} {p.value:14} {p.text!r}"] += 1


def timed_runs(
    bare: Language, claimx: Language, documents: list[TimeMLDocument], batch: int
) -> tuple[list[Doc], float, float]:
    """Process every document with both pipelines, batch by batch, alternating which goes first."""
    bare_seconds = claimx_seconds = 0.0
    docs: list[Doc] = []
    for n, first in enumerate(range(0, len(documents), batch)):
        chunk = documents[first : first + batch]
        order = ("bare", "claimx") if n % 2 == 0 else ("claimx", "bare")
        for which in order:
            if which == "bare":
                began = time.perf_counter()
                list(bare.pipe(d.text for d in chunk))
                bare_seconds += time.perf_counter() - began
            else:
                made = []
                for d in chunk:
                    made_doc = claimx.make_doc(d.text)
                    made_doc._.claimx_reference = d.creation_time or None
                    made.append(made_doc)
                began = time.perf_counter()
                docs.extend(claimx.pipe(made))
                claimx_seconds += time.perf_counter() - began
    return docs, bare_seconds, claimx_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of TimeML .tml files")
    parser.add_argument("--errors", type=int, default=0, help="print the N commonest errors")
    parser.add_argument("--batch", type=int, default=16, help="documents per timed batch")
    args = parser.parse_args()

    documents = [read_timeml(p) for p in sorted(args.data.rglob("*.tml"))]
    bare = spacy.load(resolve_model_name(None))
    claimx = load_pipeline(PipelineOptions(components=("dates",)))
    docs, bare_seconds, claimx_seconds = timed_runs(bare, claimx, documents, args.batch)

    scores = Scores()
    errors: Counter[str] = Counter()
    for document, doc in zip(documents, docs, strict=True):
        score(document.gold, predicted(doc), scores, errors)

    relaxed = scores.f1(scores.relaxed)
    accuracy_value = scores.value / scores.relaxed if scores.relaxed else 0.0
    accuracy_type = scores.type / scores.relaxed if scores.relaxed else 0.0
    print(f"documents {len(documents)}  gold {scores.gold}  predicted {scores.predicted}")
    print(f"strict F1   {scores.f1(scores.strict):5.1f}")
    print(f"relaxed F1  {relaxed:5.1f}")
    print(
        f"value F1    {relaxed * accuracy_value:5.1f}  (value accuracy {100 * accuracy_value:.1f})"
    )
    print(f"type F1     {relaxed * accuracy_type:5.1f}  (type accuracy {100 * accuracy_type:.1f})")
    overhead = 100 * (claimx_seconds - bare_seconds) / bare_seconds if bare_seconds else 0.0
    print(
        f"time: bare spaCy {bare_seconds:.2f}s, with claimx_dates {claimx_seconds:.2f}s "
        f"({overhead:+.1f}%)"
    )
    for line, count in errors.most_common(args.errors):
        print(f"{count:4}  {line}")


if __name__ == "__main__":
    main()
