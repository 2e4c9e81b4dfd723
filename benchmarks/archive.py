"""Archive benchmark: ``archive check`` over generated archives of growing size.

The articles come from the ledger benchmark's generator (``benchmarks/ledger.py``: stories
followed over several days, ~250 words and ~15 claims an article), written as Markdown files
with their publication date in the front matter. Each size is checked from scratch (cluster
start, read, block, compare and render on the workers, write on the client: to the null
device, so that no disk is timed) and timed, with each stage's share; each doubling's cost
ratio is printed (linear work doubles, 2.0). Then the first size again on one Dask worker,
for the speed-up of two::

    .venv/bin/python benchmarks/archive.py                       # 10k, 20k, 40k articles
    .venv/bin/python benchmarks/archive.py --quick               # 500, 1k, 2k: a smoke run
    .venv/bin/python benchmarks/archive.py --engine local --sizes 2000

It measures and prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger import articles  # the ledger benchmark's generator

from factcheck.archive.commands import run
from factcheck.archive.output import writing
from factcheck.archive.sources import folder_parts, partitions
from factcheck.ledger.articles import files_of
from factcheck.progress import Progress


def write_archive(folder: Path, count: int, seed: int) -> list[str]:
    """``count`` generated articles as files (kept when already there), in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text, published, _ in articles(count, seed):
        path = folder / name
        if not path.exists():
            path.write_text(f"---\npublished_at: {published.isoformat()}\n---\n\n{text}", "utf-8")
    return list(files_of([str(folder)]))[:count]


STAGES = {"reading": "read", "blocking": "shuffle", "comparing": "compare", "writing": "write"}


def measure(
    paths: list[str], engine: str, workers: int, fmt: str, progress: bool
) -> dict[str, Any]:
    parts = folder_parts(paths, partitions(len(paths), workers if engine == "dask" else 1))
    bar = Progress(sys.stderr, enabled=progress)
    started, cpu = time.perf_counter(), _cpu()
    with open(os.devnull, "w", encoding="utf-8") as sink, writing(fmt, sink) as take:
        result = run(parts, (), fmt, engine, None, workers, bar, take)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    stages = {short: round(bar.seconds.get(label, 0.0), 1) for label, short in STAGES.items()}
    # The rest: the cluster's start and stop, and (SARIF) the log around the results.
    stages["rest"] = round(seconds - sum(bar.seconds.values()), 1)
    return {
        "articles": result.article_count,
        "claims": result.claims,
        "findings": result.findings,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 1),
        "stages": stages,
        "partitions": len(parts),
    }


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended: a LocalCluster's
    workers are counted once ``run`` has closed it. A figure that a busy machine (the load of
    others) disturbs less than the time on the clock; not counted: a remote scheduler's."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,20000,40000", help="articles, comma-separated")
    parser.add_argument("--quick", action="store_true", help="sizes 500,1000,2000")
    parser.add_argument("--engine", choices=("local", "dask"), default="dask")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--format", choices=("jsonl", "sarif"), default="jsonl")
    parser.add_argument("--folder", help="where the generated articles go (default: temporary)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-speedup", action="store_true", help="skip the one-worker run")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--progress", action="store_true", help="a progress bar on stderr")
    args = parser.parse_args(argv)
    sizes = [500, 1000, 2000] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    folder = Path(args.folder or tempfile.mkdtemp(prefix="factcheck-archive-"))
    every = write_archive(folder, sizes[-1], args.seed)
    rows: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for size in sizes:
        row = measure(every[:size], args.engine, args.workers, args.format, args.progress)
        row["engine"], row["workers"] = args.engine, args.workers
        if previous is not None:
            row["ratio"] = round(row["seconds"] / previous["seconds"], 2)
        rows.append(row)
        previous = row
        if not args.json:
            ratio = ""
            if "ratio" in row:
                ratio = f"  ×{row['ratio']:.2f} for ×{size / rows[-2]['articles']:.0f}"
            print(
                f"{args.engine} ({args.workers} workers) {row['articles']:>7,} articles "
                f"{row['claims']:>9,} claims {row['findings']:>7,} findings "
                f"{row['seconds']:8.1f} s{ratio}  (cpu {row['cpu_seconds']:.0f} s)",
                flush=True,
            )
            print(
                "    " + ", ".join(f"{k} {v:.1f} s" for k, v in row["stages"].items()),
                flush=True,
            )
    if args.engine == "dask" and args.workers > 1 and not args.no_speedup:
        one = measure(every[: sizes[0]], "dask", 1, args.format, args.progress)
        speedup = round(one["seconds"] / rows[0]["seconds"], 2)
        rows.append({**one, "engine": "dask", "workers": 1, "speedup": speedup})
        if not args.json:
            print(
                f"dask (1 worker)  {one['articles']:>7,} articles {one['seconds']:8.1f} s: "
                f"{args.workers} workers are ×{speedup:.2f} faster",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
