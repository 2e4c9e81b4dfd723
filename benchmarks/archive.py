"""Archive benchmark: ``archive check`` over generated archives of growing size.

The articles come from the ledger benchmark's generator (``benchmarks/ledger.py``: stories
followed over several days, ~250 words and ~15 claims an article), written as Markdown files
with their publication date in the front matter. Each size is checked from scratch (read,
block, compare) and timed; each doubling's cost ratio is printed (linear work doubles, 2.0).
Then the first size again on one Dask worker, for the speed-up of two::

    .venv/bin/python benchmarks/archive.py                       # 10k, 20k, 40k articles
    .venv/bin/python benchmarks/archive.py --quick               # 500, 1k, 2k: a smoke run
    .venv/bin/python benchmarks/archive.py --engine local --sizes 2000

It measures and prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger import articles  # the ledger benchmark's generator

from factcheck.archive.commands import run
from factcheck.archive.progress import Progress
from factcheck.archive.sources import folder_parts, partitions
from factcheck.ledger.articles import files_of


def write_archive(folder: Path, count: int, seed: int) -> list[str]:
    """``count`` generated articles as files (kept when already there), in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text, published, _ in articles(count, seed):
        path = folder / name
        if not path.exists():
            path.write_text(f"---\npublished_at: {published.isoformat()}\n---\n\n{text}", "utf-8")
    return list(files_of([str(folder)]))[:count]


def measure(paths: list[str], engine: str, workers: int, progress: bool) -> dict[str, Any]:
    parts = folder_parts(paths, partitions(len(paths), workers if engine == "dask" else 1))
    bar = Progress(sys.stderr, enabled=progress)
    started = time.perf_counter()
    result = run(parts, (), engine, None, workers, bar)
    seconds = time.perf_counter() - started
    return {
        "articles": result.article_count,
        "claims": result.claims,
        "findings": len(result.findings),
        "seconds": round(seconds, 2),
        "partitions": len(parts),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,20000,40000", help="articles, comma-separated")
    parser.add_argument("--quick", action="store_true", help="sizes 500,1000,2000")
    parser.add_argument("--engine", choices=("local", "dask"), default="dask")
    parser.add_argument("--workers", type=int, default=2)
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
        row = measure(every[:size], args.engine, args.workers, args.progress)
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
                f"{row['seconds']:8.1f} s{ratio}",
                flush=True,
            )
    if args.engine == "dask" and args.workers > 1 and not args.no_speedup:
        one = measure(every[: sizes[0]], "dask", 1, args.progress)
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
