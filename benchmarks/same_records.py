"""Are the records byte-identical to a saved run? The check behind changes that must not
change the output (moving code, speeding it up).

    python benchmarks/same_records.py save  BASE --polnear ../shared/data/polnear/dev.jsonl
    python benchmarks/same_records.py check BASE --polnear ../shared/data/polnear/dev.jsonl

Three outputs, each run by the installed claimx in a fresh process without the cache:
- `claimx extract corpus/ -f jsonl`;
- `claimx extract` on the first --limit (200) articles of the PolNeAR file, as JSON Lines;
- `claimx compare corpus/ -f json`.
`save` writes them to BASE (outside the repository); `check` runs them again and exits 1 on the
first difference, naming the output and the first line that differs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

CLAIMX = [sys.executable, "-c", "from claimx.cli import main; main()"]
REPOSITORY = Path(__file__).resolve().parent.parent


def first_lines(source: Path, limit: int, target: Path) -> Path:
    with source.open(encoding="utf-8") as stream, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(stream):
            if number >= limit:
                break
            out.write(line)
    return target


def run(arguments: list[str], folder: Path = REPOSITORY) -> bytes:
    """claimx's stdout, run in `folder` on relative paths: records name their file as given."""
    done = subprocess.run(
        [*CLAIMX, *arguments, "--no-cache", "--quiet"], capture_output=True, check=False, cwd=folder
    )
    if done.returncode != 0:
        sys.exit(f"claimx {' '.join(arguments)} failed ({done.returncode}): {done.stderr.decode()}")
    return done.stdout


def outputs(polnear: Path, limit: int) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        first_lines(polnear.resolve(), limit, Path(folder) / "polnear.jsonl")
        return {
            "extract-corpus.jsonl": run(["extract", "corpus", "-f", "jsonl"]),
            "extract-polnear.jsonl": run(["extract", "polnear.jsonl", "-f", "jsonl"], Path(folder)),
            "compare-corpus.json": run(["compare", "corpus", "-f", "json"]),
        }


def first_difference(before: bytes, after: bytes) -> str:
    for number, (old, new) in enumerate(
        zip(before.splitlines(), after.splitlines(), strict=False), start=1
    ):
        if old != new:
            return f"line {number}: {old[:200]!r} became {new[:200]!r}"
    return f"{len(before.splitlines())} lines became {len(after.splitlines())}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("base", type=Path, help="Folder of the saved outputs.")
    parser.add_argument("--polnear", type=Path, required=True, help="PolNeAR dev.jsonl.")
    parser.add_argument("--limit", type=int, default=200)
    options = parser.parse_args()
    current = outputs(options.polnear, options.limit)
    if options.action == "save":
        options.base.mkdir(parents=True, exist_ok=True)
        for name, data in current.items():
            (options.base / name).write_bytes(data)
            print(f"saved {name}: {len(data.splitlines())} lines")
        return
    differences = 0
    for name, data in current.items():
        saved = (options.base / name).read_bytes()
        if saved == data:
            print(f"same {name}: {len(data.splitlines())} lines")
        else:
            differences += 1
            print(f"DIFFERENT {name}: {first_difference(saved, data)}")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
