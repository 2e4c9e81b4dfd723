"""Big-document benchmark: time and peak memory of ``factcheck check`` on one huge news file.

The file is generated news copy (``benchmarks/ledger.py``'s articles: storms, floods, strikes,
budgets, with a figure in most sentences) run together into one Markdown file of each size.
Each size is checked by the real command in a fresh process (``--max-bytes 0`` lifts the
input limit, the JSON report goes to a temporary file), and the child's own peak RSS is read
from ``wait4``::

    .venv/bin/python benchmarks/bigdoc.py                    # 1, 2, 4 and 8 MiB, ~2 minutes
    .venv/bin/python benchmarks/bigdoc.py --sizes 1,2,4,8,16,32,50   # ~15 minutes
    .venv/bin/python benchmarks/bigdoc.py --json

It prints seconds, words per second, peak RSS and the growth of each per doubling of the size;
it asserts nothing. A document over two sections (``factcheck.sections``) is read in windows,
so memory should stay flat and time grow linearly.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import ledger  # noqa: E402  (the article generator, beside this file)

MIB = 1024 * 1024


@dataclass(frozen=True)
class Row:
    mib: float
    words: int
    seconds: float | None  # None: stopped at the timeout
    peak_rss_mb: float | None
    exit_code: int | None


def news_file(path: Path, mib: float) -> int:
    """Write about ``mib`` MiB of generated articles to ``path``; returns the word count."""
    want = int(mib * MIB)
    size = words = 0
    with path.open("w", encoding="utf-8") as out:
        for _, text, _, _ in ledger.articles(10**9):
            out.write(text + "\n")
            size += len(text.encode("utf-8")) + 1
            words += len(text.split())
            if size >= want:
                break
    return words


def measure(path: Path, timeout: float) -> tuple[float | None, float | None, int | None]:
    """(seconds, peak RSS in MB, exit code) of one ``factcheck check`` of ``path``."""
    report = path.with_suffix(".json")
    run = "import sys; from factcheck.cli import main; sys.exit(main())"
    cmd = [sys.executable, "-c", run, "check", str(path), "--max-bytes", "0"]
    cmd += ["--format", "json", "--output", str(report)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            seconds = time.perf_counter() - started
            return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)
        if time.perf_counter() > deadline:
            child.kill()
            child.wait()
            return None, None, None
        time.sleep(0.05)


def _ratio(now: float | None, before: float | None) -> str:
    return f"x{now / before:.2f}" if now and before else "-"


def render(rows: list[Row]) -> str:
    lines = [
        "| MiB | words | seconds | words/s | peak RSS MB | time x | RSS x |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    previous: Row | None = None
    for row in rows:
        seconds = f"{row.seconds:.1f}" if row.seconds is not None else "stopped"
        rate = f"{row.words / row.seconds:,.0f}" if row.seconds else "-"
        rss = f"{row.peak_rss_mb:,.0f}" if row.peak_rss_mb is not None else "-"
        doubled = previous is not None and row.mib == 2 * previous.mib
        grow_t = _ratio(row.seconds, previous.seconds) if doubled and previous else "-"
        grow_m = _ratio(row.peak_rss_mb, previous.peak_rss_mb) if doubled and previous else "-"
        lines.append(
            f"| {row.mib:g} | {row.words:,} | {seconds} | {rate} | {rss} | {grow_t} | {grow_m} |"
        )
        previous = row
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="MiB, comma-separated")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds per size")
    parser.add_argument("--json", action="store_true", help="the rows as JSON on stdout")
    args = parser.parse_args(argv)
    try:
        sizes = [float(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes: {args.sizes!r} is not a list of numbers")
    if not sizes or min(sizes) <= 0:
        parser.error("--sizes: each size must be above 0")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="factcheck-bigdoc-") as folder:
        for mib in sizes:
            path = Path(folder) / f"news-{mib:g}.md"
            words = news_file(path, mib)
            seconds, rss, code = measure(path, args.timeout)
            rows.append(Row(mib, words, seconds, rss, code))
            path.unlink()
            if not args.json:
                print(f"{mib:g} MiB: {seconds or 'stopped'} s, {rss} MB", file=sys.stderr)
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        print(render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
