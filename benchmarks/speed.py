"""Speed benchmark for ``factcheck.check()`` and the ``factcheck`` command.

Run from anywhere with the project's virtualenv::

    .venv/bin/python benchmarks/speed.py            # full run, under ~3 minutes
    .venv/bin/python benchmarks/speed.py --quick    # small sizes, a few seconds (smoke test)
    .venv/bin/python benchmarks/speed.py --json     # the results as JSON on stdout
    .venv/bin/python benchmarks/speed.py --profile  # cProfile of check(): where the time goes

It measures and prints, never asserts: throughput on one long article, milliseconds per
article, the CLI's cold start (with ``-X importtime``), and how the cost grows with the number
of documents and with the length of one document. Every timed call runs under a time limit, so
a size the engine cannot handle in time is reported as "stopped after N s" instead of hanging.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import itertools
import json
import math
import os
import platform
import pstats
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from factcheck import Document, Report, check

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
SEED_ARG = "../shared/seed/article.txt"  # how the CLI is given the seed, relative to ROOT
FIXTURES = ROOT / "fixtures" / "documents"
TARGET_WORDS_PER_S = 100_000
TARGET_CLI_S = 0.4


@dataclass(frozen=True)
class Plan:
    """Sizes, repeat counts and time budgets (seconds) of one benchmark run."""

    long_words: int
    long_runs: int
    long_budget: float
    seed_runs: int
    fixture_runs: int
    cli_runs: int
    batch_sizes: tuple[int, ...]
    growth_words: tuple[int, ...]
    size_budget: float  # per scaling size, and the limit on any single timed call there


FULL = Plan(
    long_words=100_000,
    long_runs=5,
    long_budget=75.0,
    seed_runs=200,
    fixture_runs=30,
    cli_runs=15,
    batch_sizes=(1, 10, 100, 1000),
    growth_words=(1_000, 10_000, 100_000),
    size_budget=40.0,
)
QUICK = Plan(
    long_words=5_000,
    long_runs=3,
    long_budget=10.0,
    seed_runs=20,
    fixture_runs=3,
    cli_runs=3,
    batch_sizes=(1, 10, 30),
    growth_words=(1_000, 5_000),
    size_budget=5.0,
)


# -- timing -------------------------------------------------------------------------------------


class Overrun(Exception):
    """A timed call ran past its limit and was stopped."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block with ``Overrun`` after ``seconds`` (SIGALRM; a no-op without it)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Overrun

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Timing:
    """Wall times (seconds) of the runs that finished; ``stopped_after`` if one was cut off."""

    times: list[float] = field(default_factory=list)
    stopped_after: float | None = None

    @property
    def best(self) -> float | None:
        return min(self.times) if self.times else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def timed_runs(fn: Callable[[], object], runs: int, budget: float) -> Timing:
    """Run ``fn`` up to ``runs`` times within ``budget`` seconds; the first run always starts.

    A further run starts only if the fastest so far would still fit in what is left, so a slow
    engine gives fewer runs (the count is reported) rather than an endless benchmark.
    """
    timing = Timing()
    spent = 0.0
    for _ in range(runs):
        left = budget - spent
        if timing.times and min(timing.times) > left:
            break
        start = time.perf_counter()
        try:
            with deadline(left):
                fn()
        except Overrun:
            timing.stopped_after = left
            break
        elapsed = time.perf_counter() - start
        timing.times.append(elapsed)
        spent += elapsed
    return timing


def timing_fields(t: Timing) -> dict[str, Any]:
    return {
        "runs": len(t.times),
        "best_s": t.best,
        "median_s": t.median,
        "stopped_after_s": t.stopped_after,
    }


# -- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    name: str
    text: str

    @property
    def words(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    # The same count the report's DocumentInfo.words uses.
    return len(text.split())


def load_articles() -> list[Article]:
    """The seed article first, then the golden articles in ``fixtures/documents``."""
    if not SEED.is_file():
        raise SystemExit(f"speed.py: error: seed article not found: {SEED}")
    articles = [Article("seed", SEED.read_text(encoding="utf-8"))]
    for path in sorted(FIXTURES.glob("*.txt")):
        articles.append(Article(path.stem, path.read_text(encoding="utf-8")))
    return articles


def long_text(articles: Sequence[Article], words: int, seed: int = 7) -> str:
    """At least ``words`` words of paragraphs from all articles, reshuffled on every pass so
    neighbouring paragraphs keep changing (a fixed seed keeps the text the same run to run)."""
    paragraphs = [p.strip() for a in articles for p in re.split(r"\n\s*\n", a.text) if p.strip()]
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < words:
        deck = paragraphs[:]
        rng.shuffle(deck)
        for p in deck:
            out.append(p)
            total += count_words(p)
            if total >= words:
                break
    return "\n\n".join(out)


def one_doc(text: str, doc_id: str = "long") -> list[Document]:
    return [Document(id=doc_id, text=text)]


# -- the machine --------------------------------------------------------------------------------


def _run_quiet(cmd: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def load_average() -> list[float] | None:
    with contextlib.suppress(OSError, AttributeError):
        return [round(x, 2) for x in os.getloadavg()]
    return None


def machine_info() -> dict[str, Any]:
    # Read-only git queries; --no-optional-locks keeps `status` from rewriting the index.
    commit = _run_quiet(["git", "rev-parse", "--short=12", "HEAD"])
    changes = _run_quiet(["git", "--no-optional-locks", "status", "--porcelain", "-uno"])
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit or "unknown",
        "uncommitted_changes": bool(changes) if changes is not None else None,
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_start": load_average(),
    }


# -- 1. throughput on a long article ------------------------------------------------------------


def bench_throughput(articles: Sequence[Article], plan: Plan) -> dict[str, Any]:
    text = long_text(articles, plan.long_words)
    docs = one_doc(text)
    words = count_words(text)
    reports: list[Report] = []
    # The warm-up fills the registry, lexicon and regex caches; it gets half the budget.
    warm = timed_runs(lambda: reports.append(check(docs)), 1, plan.long_budget / 2)
    result: dict[str, Any] = {"words": words, "warmup_s": warm.best}
    if warm.best is None:
        result.update(runs=0, best_s=None, median_s=None, stopped_after_s=warm.stopped_after)
        result.update(words_per_s=None, words_per_s_below=words / plan.long_budget * 2)
        return result
    runs = timed_runs(lambda: check(docs), plan.long_runs, plan.long_budget - warm.best)
    result.update(timing_fields(runs))
    result["words_per_s"] = words / runs.best if runs.best else None
    result["findings"] = len(reports[0].findings)
    result["claims"] = len(reports[0].claims)
    return result


# -- 2. milliseconds per article ----------------------------------------------------------------


def bench_articles(articles: Sequence[Article], plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for article in articles:
        docs = one_doc(article.text, article.name)
        report = check(docs)  # warm-up, and the counts shown next to the times
        runs = plan.seed_runs if article.name == "seed" else plan.fixture_runs
        timing = timed_runs(partial(check, docs), runs, plan.size_budget)
        row = {"article": article.name, "words": article.words, **timing_fields(timing)}
        row["findings"] = len(report.findings)
        row["claims"] = len(report.claims)
        rows.append(row)
    return rows


# -- 3. CLI cold start --------------------------------------------------------------------------


def cli_command() -> tuple[list[str], str]:
    """The command that runs ``factcheck check`` on the seed, and how to show it."""
    script = Path(sys.executable).parent / "factcheck"
    if script.is_file():
        return [str(script), "check", SEED_ARG], f".venv/bin/factcheck check {SEED_ARG}"
    found = shutil.which("factcheck")
    if found:
        return [found, "check", SEED_ARG], f"factcheck check {SEED_ARG}"
    return (
        [sys.executable, "-m", "factcheck.cli", "check", SEED_ARG],
        f"python -m factcheck.cli check {SEED_ARG}",
    )


def _wall(cmd: Sequence[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    return time.perf_counter() - start, done


def _wall_runs(
    cmd: Sequence[str], runs: int
) -> tuple[list[float], subprocess.CompletedProcess[str]]:
    _, done = _wall(cmd)  # not counted: writes any stale .pyc and warms the file cache
    times = []
    for _ in range(runs):
        elapsed, done = _wall(cmd)
        times.append(elapsed)
    return times, done


def import_times(cmd: Sequence[str], top: int = 8) -> list[dict[str, Any]]:
    """The ``top`` imports with the largest cumulative time under ``python -X importtime``."""
    argv = list(cmd)
    if argv[0] != sys.executable:  # a console script is a Python file: run it the same way
        argv = [sys.executable, *argv]
    argv.insert(1, "-X")
    argv.insert(2, "importtime")
    _, done = _wall(argv)
    rows: list[dict[str, Any]] = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "cumulative" in line:
            continue
        name = parts[2].rstrip()
        rows.append(
            {
                "module": name.strip(),
                "depth": (len(name) - len(name.lstrip()) - 1) // 2,
                "self_ms": int(parts[0].split(":")[1]) / 1000,
                "cumulative_ms": int(parts[1]) / 1000,
            }
        )
    total = sum(r["cumulative_ms"] for r in rows if r["depth"] == 0) or 1.0
    rows.sort(key=lambda r: -r["cumulative_ms"])
    return [{**r, "share_of_all_imports": r["cumulative_ms"] / total} for r in rows[:top]]


def bench_cli(plan: Plan) -> dict[str, Any]:
    cmd, shown = cli_command()
    times, done = _wall_runs(cmd, plan.cli_runs)
    baseline, _ = _wall_runs([sys.executable, "-c", "pass"], plan.cli_runs)
    result: dict[str, Any] = {
        "command": shown,
        "runs": len(times),
        "median_s": statistics.median(times),
        "min_s": min(times),
        "exit_code": done.returncode,
        "python_startup_median_s": statistics.median(baseline),
        "imports": import_times(cmd),
    }
    # 0 = no finding, 1 = findings; anything else means the command itself failed.
    if done.returncode not in (0, 1):
        lines = done.stderr.strip().splitlines()
        result["error"] = lines[-1] if lines else f"exit code {done.returncode}"
    return result


# -- 4. scaling ---------------------------------------------------------------------------------


def bench_scaling(articles: Sequence[Article], plan: Plan) -> list[dict[str, Any]]:
    """``check()`` on n articles as n Documents in one call, and as n calls of one each."""
    rows: list[dict[str, Any]] = []
    for n in plan.batch_sizes:
        picked = [articles[i % len(articles)] for i in range(n)]
        docs = [Document(id=f"a{i:04d}-{a.name}", text=a.text) for i, a in enumerate(picked)]
        singles = [one_doc(a.text, a.name) for a in picked]
        runs = 5 if n <= 10 else (3 if n <= 100 else 1)
        counts: dict[str, int] = {}

        def together(docs: list[Document] = docs, counts: dict[str, int] = counts) -> None:
            report = check(docs)
            counts["findings"] = len(report.findings)
            counts["cross_document_findings"] = sum(
                len({s.document_id for s in f.spans}) > 1 for f in report.findings
            )

        def apart(singles: list[list[Document]] = singles) -> None:
            for docs in singles:
                check(docs)

        one_call = timed_runs(together, runs, plan.size_budget)
        many_calls = timed_runs(apart, runs, plan.size_budget)
        rows.append(
            {
                "articles": n,
                "words": sum(a.words for a in picked),
                "one_call": {**timing_fields(one_call), **counts},
                "separate_calls": timing_fields(many_calls),
            }
        )
    for key in ("one_call", "separate_calls"):
        for prev, row in itertools.pairwise(rows):
            a, b = prev[key]["best_s"], row[key]["best_s"]
            row[key]["ratio_to_previous"] = b / a if a and b else None
    return rows


def bench_growth(
    articles: Sequence[Article], plan: Plan, throughput: dict[str, Any]
) -> list[dict[str, Any]]:
    """One document of growing length; the largest size reuses the throughput measurement."""
    rows = []
    for words in plan.growth_words:
        if words == plan.long_words:
            row = {k: throughput.get(k) for k in ("runs", "best_s", "median_s", "stopped_after_s")}
            row.update(words=throughput["words"], findings=throughput.get("findings"))
            row["claims"] = throughput.get("claims")
            row["note"] = "same text and runs as the throughput figure"
        else:
            docs = one_doc(long_text(articles, words))
            report = check(docs)
            timing = timed_runs(partial(check, docs), 5, plan.size_budget)
            row = {"words": count_words(docs[0].text), **timing_fields(timing)}
            row.update(findings=len(report.findings), claims=len(report.claims))
        best = row["best_s"]
        row["us_per_word"] = best / row["words"] * 1e6 if best else None
        rows.append(row)
    return rows


# -- profile ------------------------------------------------------------------------------------


def profile(articles: Sequence[Article], plan: Plan, top: int = 12) -> str:
    """cProfile of the typical case (the seed article, 100 calls) and of the long article."""
    out = io.StringIO()
    seed = one_doc(articles[0].text, "seed")
    long_docs = one_doc(long_text(articles, plan.long_words))
    check(seed)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("seed article, 100 calls", lambda: [check(seed) for _ in range(100)]),
        (
            f"long article, {count_words(long_docs[0].text):,} words, 1 call",
            lambda: check(long_docs),
        ),
    ]
    for title, fn in cases:
        profiler = cProfile.Profile()
        profiler.runcall(fn)
        for order in ("tottime", "cumulative"):
            out.write(f"\n== {title}: top {top} by {order} ==\n")
            stats = pstats.Stats(profiler, stream=out)
            stats.strip_dirs().sort_stats(order).print_stats(top)
    return out.getvalue()


# -- output -------------------------------------------------------------------------------------


def _num(value: float | None, fmt: str, scale: float = 1.0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format(value * scale, fmt)


def _stopped(row: dict[str, Any]) -> str:
    after = row.get("stopped_after_s")
    return f"stopped after {after:.0f} s" if after is not None else ""


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append(
            "  ".join(
                c.rjust(w) if c[:1].isdigit() else c.ljust(w)
                for c, w in zip(r, widths, strict=True)
            )
        )
    return "\n".join(line.rstrip() for line in lines)


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    changes = " (+ uncommitted changes)" if m["uncommitted_changes"] else ""
    parts = [
        f"factcheck speed benchmark ({results['mode']} mode)",
        f"date {m['date']}  commit {m['commit']}{changes}",
        f"cpu {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['platform']}",
        f"load average at start {m['load_average_start']}, at end {m['load_average_end']}",
    ]
    for name, section in results["sections"].items():
        if isinstance(section, dict) and "failed" in section:
            parts.append(f"\n{name}: FAILED: {section['failed']}")
        else:
            parts.append("\n" + RENDERERS[name](section))
    return "\n".join(parts)


def render_throughput(t: dict[str, Any]) -> str:
    wps = t.get("words_per_s")
    verdict = "-" if wps is None else ("met" if wps >= TARGET_WORDS_PER_S else "NOT met")
    row = [
        f"{t['words']:,}",
        _num(t["warmup_s"], ".2f"),
        str(t["runs"]),
        _num(t["best_s"], ".3f"),
        _num(t["median_s"], ".3f"),
        _num(wps, ",.0f"),
        verdict,
        f"{t.get('findings', '-'):,}" if "findings" in t else "-",
        f"{t.get('claims', '-'):,}" if "claims" in t else "-",
        _stopped(t),
    ]
    head = ["words", "warm-up s", "runs", "best s", "median s", "words/s", "≥100k"]
    head += ["findings", "claims", ""]
    return "1. check() throughput on one long article (best of the runs)\n" + table(head, [row])


def render_articles(rows: list[dict[str, Any]]) -> str:
    body = [
        [
            r["article"],
            str(r["words"]),
            str(r["runs"]),
            _num(r["median_s"], ".2f", 1000),
            _num(r["best_s"], ".2f", 1000),
            _num(r["words"] / r["median_s"] if r["median_s"] else None, ",.0f"),
            str(r["findings"]),
            str(r["claims"]),
        ]
        for r in rows
    ]
    head = ["article", "words", "runs", "median ms", "min ms", "words/s", "findings", "claims"]
    return "2. check() per article (one Document per call)\n" + table(head, body)


def render_cli(c: dict[str, Any]) -> str:
    verdict = "met" if c["median_s"] <= TARGET_CLI_S else "NOT met"
    lines = [
        f"3. CLI cold start: {c['command']} (fresh process each run)",
        table(
            ["runs", "median s", "min s", "≤0.4 s", "exit code", "python -c pass, median s"],
            [
                [
                    str(c["runs"]),
                    _num(c["median_s"], ".3f"),
                    _num(c["min_s"], ".3f"),
                    verdict,
                    str(c["exit_code"]),
                    _num(c["python_startup_median_s"], ".3f"),
                ]
            ],
        ),
    ]
    if "error" in c:
        lines.append(f"the command failed: {c['error']}")
    lines.append("\n   top imports by cumulative time (python -X importtime, one run)")
    body = [
        [
            "  " * r["depth"] + r["module"],
            _num(r["cumulative_ms"], ".1f"),
            _num(r["self_ms"], ".1f"),
            _num(r["share_of_all_imports"], ".0%"),
        ]
        for r in c["imports"]
    ]
    lines.append(table(["module", "cumulative ms", "self ms", "of all imports"], body))
    return "\n".join(lines)


def render_scaling(rows: list[dict[str, Any]]) -> str:
    body = []
    for prev, r in zip([None, *rows], rows, strict=False):
        one, many = r["one_call"], r["separate_calls"]
        body.append(
            [
                f"{r['articles']:,}",
                f"{r['articles'] / prev['articles']:.0f}" if prev else "-",
                f"{r['words']:,}",
                _num(one["best_s"], ".3f") if one["best_s"] else _stopped(one),
                _num(one["best_s"] / r["articles"] if one["best_s"] else None, ".2f", 1000),
                _num(one.get("ratio_to_previous"), ".1f"),
                f"{one['findings']:,}" if "findings" in one else "-",
                f"{one['cross_document_findings']:,}" if "findings" in one else "-",
                _num(many["best_s"], ".3f") if many["best_s"] else _stopped(many),
                _num(many["best_s"] / r["articles"] if many["best_s"] else None, ".2f", 1000),
                _num(many.get("ratio_to_previous"), ".1f"),
            ]
        )
    head = ["articles", "×size", "words", "one call s", "ms/article", "ratio", "findings"]
    head += ["cross-doc"]
    head += ["n calls s", "ms/article", "ratio"]
    note = "   ratio = time / time at the previous size: linear when it equals ×size"
    return "4a. scaling with the number of articles (best of the runs)\n" + "\n".join(
        [table(head, body), note]
    )


def render_growth(rows: list[dict[str, Any]]) -> str:
    body = [
        [
            f"{r['words']:,}",
            str(r["runs"]),
            _num(r["best_s"], ".3f") if r["best_s"] else _stopped(r),
            _num(r["us_per_word"], ".1f"),
            _num(r["words"] / r["best_s"] if r["best_s"] else None, ",.0f"),
            f"{r['findings']:,}" if r.get("findings") is not None else "-",
            f"{r['claims']:,}" if r.get("claims") is not None else "-",
        ]
        for r in rows
    ]
    head = ["words", "runs", "best s", "µs/word", "words/s", "findings", "claims"]
    note = "   constant µs/word = linear in the length of the document"
    return "4b. scaling with the length of one document\n" + "\n".join([table(head, body), note])


RENDERERS: dict[str, Callable[[Any], str]] = {
    "throughput": render_throughput,
    "per_article": render_articles,
    "cli": render_cli,
    "scaling_articles": render_scaling,
    "scaling_length": render_growth,
}


# -- main ---------------------------------------------------------------------------------------


def run(plan: Plan, mode: str, progress: Callable[[str], None]) -> dict[str, Any]:
    articles = load_articles()
    results: dict[str, Any] = {"mode": mode, "plan": asdict(plan), "machine": machine_info()}
    sections: dict[str, Any] = {}
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("throughput", lambda: bench_throughput(articles, plan)),
        ("per_article", lambda: bench_articles(articles, plan)),
        ("cli", lambda: bench_cli(plan)),
        ("scaling_articles", lambda: bench_scaling(articles, plan)),
        ("scaling_length", lambda: bench_growth(articles, plan, sections["throughput"])),
    ]
    for name, step in steps:
        progress(f"measuring {name} ...")
        try:
            sections[name] = step()
        except Exception as exc:  # a failing engine is a result to report, not a crash
            sections[name] = {"failed": f"{type(exc).__name__}: {exc}"}
    results["sections"] = sections
    results["machine"]["load_average_end"] = load_average()
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--json", action="store_true", help="write the results as JSON")
    parser.add_argument("--profile", action="store_true", help="profile check() and stop")
    args = parser.parse_args(argv)
    plan, mode = (QUICK, "quick") if args.quick else (FULL, "full")

    if args.profile:
        print(profile(load_articles(), plan))
        return 0

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results = run(plan, mode, progress)
    if args.json:
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(render(results))
    sections = results["sections"].values()
    failed = any(isinstance(s, dict) and ("failed" in s or "error" in s) for s in sections)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
