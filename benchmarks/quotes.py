"""Quote extraction on PolNeAR: content match, speaker end to end, and the time it adds.

    python benchmarks/quotes.py --data ../shared/data/polnear/dev.jsonl

A predicted quote matches a gold attribution when their content characters, spaces and
quotation marks aside, have a Dice coefficient of at least 0.5 (one to one, best first); it is
right end to end when the syntactic head of the predicted speaker lies inside the gold source.
Scored against all attributions, and against the quoted ones (gold `quoted`) with the
predicted direct and mixed quotes. The time is the quote component's beside the bare spaCy
pipeline's on the same texts, measured in alternation. On dev, the entity labels of the
speakers are scored against the hand-labelled set `labels/speaker-labels.tsv` (see its `.md`).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimx.nlp.components.quote_marks import QUOTE_CHARS
from claimx.nlp.extensions import ENTITIES, QUOTES
from claimx.nlp.pipeline import ALL_COMPONENTS, PipelineOptions, load_pipeline

IGNORED = frozenset(QUOTE_CHARS)
DICE_THRESHOLD = 0.5


@dataclass(frozen=True)
class Item:
    """One quote or attribution: its content characters and where its speaker may be."""

    content: frozenset[int]
    sources: tuple[tuple[int, int], ...]
    speaker_head: int | None
    quoted: bool


@dataclass
class Score:
    true: int = 0
    predicted: int = 0
    gold: int = 0
    end_to_end: int = 0
    matched_speakers: list[bool] = field(default_factory=list)

    def add(self, predicted: list[Item], gold: list[Item]) -> None:
        self.predicted += len(predicted)
        self.gold += len(gold)
        for pred, ref in match(predicted, gold):
            self.true += 1
            right = speaker_right(pred, ref)
            self.end_to_end += right
            self.matched_speakers.append(right)

    def lines(self, name: str) -> list[str]:
        def prf(true: int) -> str:
            p = true / self.predicted if self.predicted else 0.0
            r = true / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return f"P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}"

        accuracy = sum(self.matched_speakers) / max(len(self.matched_speakers), 1)
        return [
            f"{name}: {self.gold} gold, {self.predicted} predicted",
            f"  content     {prf(self.true)}",
            f"  end to end  {prf(self.end_to_end)}",
            f"  speaker accuracy on matched content: {100 * accuracy:.1f}",
        ]


def content_chars(text: str, pieces: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(
        i
        for start, end in pieces
        for i in range(start, end)
        if not text[i].isspace() and text[i] not in IGNORED
    )


def dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def match(predicted: list[Item], gold: list[Item]) -> list[tuple[Item, Item]]:
    """One-to-one pairs of Dice >= 0.5, highest Dice first."""
    pairs = sorted(
        (
            (dice(p.content, g.content), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if p.content & g.content
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for score, i, j in pairs:
        if score < DICE_THRESHOLD:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((predicted[i], gold[j]))
    return matched


def speaker_right(pred: Item, ref: Item) -> bool:
    if pred.speaker_head is None:
        return not ref.sources
    return any(start <= pred.speaker_head < end for start, end in ref.sources)


def gold_items(article: dict[str, object]) -> list[Item]:
    text = str(article["text"])
    items = []
    for attribution in article["attributions"]:  # type: ignore[attr-defined]
        pieces = [(c["start"], c["end"]) for c in attribution["content"]]
        sources = tuple((s["start"], s["end"]) for s in attribution["source"])
        items.append(Item(content_chars(text, pieces), sources, None, attribution["quoted"]))
    return items


def predicted_items(doc: Doc) -> list[Item]:
    items = []
    for span in doc.spans[QUOTES]:
        speaker = span._.claimx_speaker
        head = speaker.root.idx if speaker is not None else None
        content = content_chars(doc.text, [(span.start_char, span.end_char)])
        items.append(Item(content, (), head, span.label_ != "indirect"))
    return items


def speaker_labels(doc: Doc) -> Counter[str]:
    """The entity labels of the speakers that are entity mentions (an outlet or office that
    speaks should be ORG, not NORP, LOC or FAC)."""
    labels = {i: span.label_ for span in doc.spans[ENTITIES] for i in range(span.start, span.end)}
    counts: Counter[str] = Counter()
    for span in doc.spans[QUOTES]:
        speaker = span._.claimx_speaker
        if speaker is not None and speaker.root.i in labels:
            counts[labels[speaker.root.i]] += 1
    return counts


SPEAKER_LABELS = Path(__file__).with_name("labels") / "speaker-labels.tsv"


def speaker_entities(doc: Doc) -> dict[str, str]:
    """The label of each entity that speaks a quote of the Doc, by canonical name."""
    labels = {span._.claimx_canonical or span.text: span.label_ for span in doc.spans[ENTITIES]}
    return {
        entity: labels[entity]
        for span in doc.spans[QUOTES]
        if (entity := span._.claimx_speaker_entity) is not None and entity in labels
    }


def speaker_label_accuracy(
    predicted: Iterable[tuple[str, dict[str, str]]], path: Path = SPEAKER_LABELS
) -> str:
    """Right labels among the speakers the hand-labelled set covers, and how many it does not."""
    with path.open(encoding="utf-8") as lines:
        next(lines)
        gold = {
            (doc_id, entity): label
            for doc_id, entity, label in (line.rstrip("\n").split("\t") for line in lines)
        }
    right = covered = missing = 0
    for doc_id, entities in predicted:
        for entity, label in entities.items():
            if (doc_id, entity) not in gold:
                missing += 1
                continue
            covered += 1
            right += gold[doc_id, entity] == label
    share = 100 * right / covered if covered else 0.0
    return (
        f"speaker entity labels right (hand-labelled set, {path.name}): {share:.1f}% "
        f"({right} of {covered}; {missing} speakers not in the set)"
    )


def timed(nlp: Language, texts: list[str], quotes: object) -> tuple[float, float, list[Doc]]:
    """Seconds of the bare pipeline, seconds of the quote component, and the Docs."""
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    bare = time.perf_counter() - started
    entities = nlp.get_pipe("claimx_entities")
    docs = [entities(doc) for doc in docs]
    started = time.perf_counter()
    docs = [quotes(doc) for doc in docs]  # type: ignore[operator]
    return bare, time.perf_counter() - started, docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR JSON Lines file")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (best is kept)")
    args = parser.parse_args()

    with args.data.open(encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines if line.strip()]
    articles = articles[: args.limit]
    texts = [a["text"] for a in articles]

    nlp = load_pipeline(PipelineOptions(components=("entities", "quotes")))
    quotes = nlp.get_pipe("claimx_quotes")
    # The bare pipeline: everything before claimx's own components after the NER.
    claimx_names = [f"claimx_{c}" for c in ALL_COMPONENTS if f"claimx_{c}" in nlp.pipe_names]
    bare_times, quote_times = [], []
    docs: list[Doc] = []
    for _ in range(args.rounds):
        with nlp.select_pipes(disable=claimx_names):
            bare, quote_time, docs = timed(nlp, texts, quotes)
        bare_times.append(bare)
        quote_times.append(quote_time)

    everything, quoted = Score(), Score()
    labels: Counter[str] = Counter()
    for article, doc in zip(articles, docs, strict=True):
        labels += speaker_labels(doc)
        gold, predicted = gold_items(article), predicted_items(doc)
        everything.add(predicted, gold)
        quoted.add([p for p in predicted if p.quoted], [g for g in gold if g.quoted])

    print(f"PolNeAR {args.data.name}: {len(articles)} articles")
    for line in everything.lines("all attributions (direct, mixed, indirect)"):
        print(line)
    for line in quoted.lines("quoted attributions (predicted direct and mixed)"):
        print(line)
    named = ", ".join(f"{label} {count}" for label, count in labels.most_common())
    print(f"speaker entity labels (quotes whose speaker is an entity mention): {named}")
    if args.data.name == "dev.jsonl":
        predicted = [
            (a["doc_id"], speaker_entities(d)) for a, d in zip(articles, docs, strict=True)
        ]
        print(speaker_label_accuracy(predicted))
    bare, quote_time = min(bare_times), min(quote_times)
    print(
        f"time: bare spaCy pipeline {bare:.2f} s, quote extraction {quote_time:.2f} s "
        f"(+{100 * quote_time / bare:.1f}%), best of {args.rounds} rounds"
    )


if __name__ == "__main__":
    main()
