"""The corpus reference quotes: is each found, with its speaker entity, and none in boilerplate?

    python benchmarks/corpus_quotes.py --data ../shared/gold/corpus-quotes.json --corpus corpus

A reference quote is found when a predicted quote overlaps its content and, where the reference
names a speaker entity, the predicted speaker's entity is that entity. A miss whose speaker is
the right mention with another entity name is put down to the entity layer.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from claimx.records import ArticleRecord, Quote
from claimx.run.extract import extract_paths
from claimx.run.options import ExtractOptions


def overlaps(quote: Quote, start: int, end: int) -> bool:
    return quote.start < end and start < quote.end


def same_mention(quote: Quote, as_written: str) -> bool:
    if quote.speaker is None:
        return False
    said, expected = quote.speaker.text.lower(), as_written.lower()
    return expected in said or said in expected


def check(reference: dict[str, object], record: ArticleRecord) -> tuple[str, str]:
    """('found' | 'entity layer' | 'speaker' | 'missing', what was predicted)."""
    start, end = int(reference["content_start"]), int(reference["content_end"])  # type: ignore[call-overload]
    canonical = reference["speaker_canonical"]
    candidates = [q for q in record.quotes if overlaps(q, start, end)]
    if not candidates:
        return "missing", "no quote overlaps the content"
    for quote in candidates:
        entity = quote.speaker.entity if quote.speaker is not None else None
        if canonical is None or entity == canonical:
            return "found", describe(quote)
    for quote in candidates:
        if same_mention(quote, str(reference["speaker_as_written"])):
            return "entity layer", describe(quote)
    return "speaker", describe(candidates[0])


def describe(quote: Quote) -> str:
    speaker = quote.speaker
    who = f"{speaker.text!r} -> {speaker.entity!r}" if speaker is not None else "no speaker"
    return f"{quote.kind}, cue {quote.cue.text!r}, speaker {who}"


def in_boilerplate(record: ArticleRecord) -> list[Quote]:
    return [
        q
        for q in record.quotes
        if any(q.start < bp.end and bp.start < q.end for bp in record.boilerplate)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="corpus-quotes.json")
    parser.add_argument("--corpus", type=Path, required=True, help="folder of the articles")
    args = parser.parse_args()

    references = json.loads(args.data.read_text(encoding="utf-8"))["quotes"]
    options = ExtractOptions(components=("entities", "quotes"))
    records = {
        Path(record.source.path).name: record
        for record in extract_paths([str(args.corpus)], options)
    }
    outcomes: dict[str, int] = {}
    for reference in references:
        record = records.get(reference["file"])
        outcome, detail = check(reference, record) if record else ("missing", "article not read")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if outcome != "found":
            print(
                f"{outcome.upper():13} {reference['file'][:3]} {reference['kind']:8} "
                f"{reference['content'][:50]!r} (speaker {reference['speaker_as_written']!r} "
                f"-> {reference['speaker_canonical']!r}): {detail}"
            )
    boilerplate = [(name, q) for name, r in records.items() for q in in_boilerplate(r)]
    for name, quote in boilerplate:
        print(f"BOILERPLATE   {name[:3]} {quote.text[:60]!r}")
    print(
        f"found {outcomes.get('found', 0)} of {len(references)} reference quotes; "
        f"missed for the entity layer {outcomes.get('entity layer', 0)}, for the speaker "
        f"{outcomes.get('speaker', 0)}, not found {outcomes.get('missing', 0)}; "
        f"{len(boilerplate)} quotes in boilerplate; {sum(len(r.quotes) for r in records.values())} "
        "quotes predicted"
    )
    sys.exit(0 if outcomes.get("found", 0) == len(references) and not boilerplate else 1)


if __name__ == "__main__":
    main()
