"""Speed benchmark for ``factcheck.check()`` and the ``factcheck`` command.

Run with the project's virtualenv (shown from the repository root; any directory works)::

    .venv/bin/python benchmarks/speed.py            # full run, under ~3 minutes
    .venv/bin/python benchmarks/speed.py --quick    # small sizes, a few seconds (smoke test)
    .venv/bin/python benchmarks/speed.py --json     # the results as JSON on stdout
    .venv/bin/python benchmarks/speed.py --profile  # cProfile of check(): where the time goes

It measures and prints, never asserts: throughput on one long article, milliseconds per
article and per short pair of texts, the CLI's cold start (with ``-X importtime``), and how
the cost grows with the number of documents and with the length of one document. Every timed
call runs under a time limit, so a size the engine cannot handle in time is reported as
"stopped after N s" instead of hanging.
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
import resource
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
CONTRADOC = ROOT.parent / "shared" / "benchmarks" / "dev" / "contradoc-dev.jsonl"
NEWSNLI = ROOT.parent / "shared" / "benchmarks" / "dev" / "newsnli-dev.jsonl"
SEED_ARG = "../shared/seed/article.txt"  # how the CLI is given the seed, relative to ROOT
FIXTURES = ROOT / "fixtures" / "documents"
TARGET_WORDS_PER_S = 100_000
TARGET_CLI_S = 0.4
TARGET_PAIR_S = 0.0015  # a short draft and its source: no more than issue 11 found (~1.5 ms)


@dataclass(frozen=True)
class Plan:
    """Sizes, repeat counts and time budgets (seconds) of one benchmark run."""

    long_words: int
    long_runs: int
    long_budget: float
    seed_runs: int
    fixture_runs: int
    cli_runs: int
    import_runs: int
    batch_sizes: tuple[int, ...]
    growth_words: tuple[int, ...]
    size_budget: float  # per scaling size, and the limit on any single timed call there
    row_limit: int | None  # ContraDoc dev rows checked one by one (None: all of them)
    row_runs: int


FULL = Plan(
    long_words=100_000,
    long_runs=5,
    long_budget=75.0,
    seed_runs=200,
    fixture_runs=30,
    cli_runs=15,
    import_runs=5,
    batch_sizes=(1, 10, 100, 1000),
    growth_words=(1_000, 10_000, 100_000),
    size_budget=40.0,
    row_limit=None,
    row_runs=3,
)
QUICK = Plan(
    long_words=5_000,
    long_runs=3,
    long_budget=10.0,
    seed_runs=20,
    fixture_runs=3,
    cli_runs=3,
    import_runs=1,
    batch_sizes=(1, 10, 30),
    growth_words=(1_000, 5_000),
    size_budget=5.0,
    row_limit=20,
    row_runs=1,
)


# -- timing -------------------------------------------------------------------------------------


class Overrun(BaseException):
    """A timed call ran past its limit and was stopped.

    A BaseException, like KeyboardInterrupt, because the engine turns any Exception raised
    inside a rule into an FC000 finding and carries on: the run would not stop.
    """


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
    """Wall and CPU times (seconds) of the runs that finished; ``stopped_after`` if one was cut
    off. CPU time is this process's own, so it is less disturbed by other work on the machine."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    stopped_after: float | None = None

    @property
    def best(self) -> float | None:
        return min(self.times) if self.times else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def best_cpu(self) -> float | None:
        return min(self.cpu) if self.cpu else None

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None


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
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            with deadline(left):
                fn()
        except Overrun:
            timing.stopped_after = left
            break
        elapsed = time.perf_counter() - start
        timing.cpu.append(time.process_time() - start_cpu)
        timing.times.append(elapsed)
        spent += elapsed
    return timing


def timing_fields(t: Timing) -> dict[str, Any]:
    return {
        "runs": len(t.times),
        "best_s": t.best,
        "median_s": t.median,
        "best_cpu_s": t.best_cpu,
        "median_cpu_s": t.median_cpu,
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


def real_text(words: int) -> str | None:
    """About ``words`` words of real copy nobody here wrote: the ContraDoc documents of the
    shared benchmark set (news and encyclopedia articles), whole paragraphs, in file order.
    None when the set is not beside the repository."""
    if not CONTRADOC.is_file():
        return None
    paragraphs: list[str] = []
    total = 0
    for line in CONTRADOC.read_text(encoding="utf-8").splitlines():
        for doc in json.loads(line)["documents"]:
            for p in re.split(r"\n\s*\n", doc["text"]):
                if p.strip() and total < words:
                    paragraphs.append(p.strip())
                    total += count_words(p)
    return "\n\n".join(paragraphs)


def bench_throughput(articles: Sequence[Article], plan: Plan) -> dict[str, Any]:
    """The dense case: paragraphs of the golden articles, about one figure every ten words."""
    return throughput_of(long_text(articles, plan.long_words), plan)


def bench_throughput_real(plan: Plan) -> dict[str, Any]:
    """The ordinary case: real news and encyclopedia text."""
    text = real_text(plan.long_words)
    if text is None:
        return {"skipped": f"the benchmark set is not at {CONTRADOC}"}
    return throughput_of(text, plan)


def bench_rows(plan: Plan) -> dict[str, Any]:
    """ContraDoc dev as ``factcheck eval`` runs it: every document checked on its own, in
    this process and in one worker process per core (``--jobs``). Wall time, best of the
    runs: the words per second a user of the machine sees."""
    if not CONTRADOC.is_file():
        return {"skipped": f"the benchmark set is not at {CONTRADOC}"}
    from factcheck.evaluate import evaluate
    from factcheck.evaluate_report import EvalResult

    cores = os.cpu_count() or 1
    result: dict[str, Any] = {"by_jobs": []}
    for jobs in sorted({1, cores}):
        scored: list[EvalResult] = []

        def once(jobs: int = jobs, into: list[EvalResult] = scored) -> None:
            into.append(evaluate([CONTRADOC], limit=plan.row_limit, jobs=jobs))

        runs = timed_runs(once, plan.row_runs, plan.long_budget)
        if scored:
            (file,) = scored[0].files
            result.update(rows=file.rows, words=file.words)
        words = result.get("words")
        speed = words / runs.best if words and runs.best else None
        result["by_jobs"].append({"jobs": jobs, **timing_fields(runs), "words_per_s": speed})
    return result


def throughput_of(text: str, plan: Plan) -> dict[str, Any]:
    docs = one_doc(text)
    words = count_words(text)
    reports: list[Report] = []
    # The warm-up fills the registry, lexicon and regex caches; it gets half the budget.
    warm = timed_runs(lambda: reports.append(check(docs)), 1, plan.long_budget / 2)
    result: dict[str, Any] = {"words": words, "warmup_s": warm.best}
    runs = warm
    if warm.best is not None:
        runs = timed_runs(partial(check, docs), plan.long_runs, plan.long_budget - warm.best)
        result["findings"] = len(reports[0].findings)
        result["claims"] = len(reports[0].claims)
    result.update(timing_fields(runs))
    result["words_per_s"] = words / runs.best if runs.best else None
    result["words_per_cpu_s"] = words / runs.best_cpu if runs.best_cpu else None
    if runs.best is None and runs.stopped_after:
        result["words_per_s_below"] = words / runs.stopped_after
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


def bench_pair(plan: Plan) -> dict[str, Any]:
    """The cost of one call on a short pair, as an API client or ``factcheck eval`` sends it:
    the first rows of NewsNLI dev (a news sentence as the draft, its headline as the source),
    each checked once after a warm-up pass over them all. The cost depends on how many figures
    a pair holds, so the median and the 90th percentile over the rows, not one row's."""
    if not NEWSNLI.is_file():
        return {"skipped": f"the benchmark set is not at {NEWSNLI}"}
    from factcheck.evaluate import read_rows

    pairs = [row.to_documents() for row in read_rows(NEWSNLI, limit=plan.seed_runs)]
    for docs in pairs:
        check(docs)
    times = []
    for docs in pairs:
        start = time.perf_counter()
        check(docs)
        times.append(time.perf_counter() - start)
    times.sort()
    words = sorted(sum(count_words(d.text) for d in docs) for docs in pairs)
    return {
        "rows": len(pairs),
        "median_words": words[len(words) // 2],
        "median_s": statistics.median(times),
        "p90_s": times[int(0.9 * (len(times) - 1))],
        "max_s": times[-1],
    }


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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# Every run may write and read the bytecode cache, as an installed package has one: a
# PYTHONDONTWRITEBYTECODE inherited from the shell would have each run compile every module
# from source (about 60 ms more here), which no user of an installed factcheck pays.
_CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _wall(cmd: Sequence[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall time and CPU time (user + system) of one fresh process running ``cmd``."""
    start, start_cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, env=_CHILD_ENV)
    return time.perf_counter() - start, _children_cpu() - start_cpu, done


def _wall_runs(cmd: Sequence[str], runs: int) -> tuple[Timing, subprocess.CompletedProcess[str]]:
    _, _, done = _wall(cmd)  # not counted: writes any stale .pyc and warms the file cache
    timing = Timing()
    for _ in range(runs):
        elapsed, cpu, done = _wall(cmd)
        timing.times.append(elapsed)
        timing.cpu.append(cpu)
    return timing, done


def _parse_importtime(stderr: str) -> dict[str, tuple[int, float, float]]:
    """``-X importtime`` lines as module -> (depth, self ms, cumulative ms)."""
    found = {}
    for line in stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "cumulative" in line:
            continue
        name = parts[2].rstrip()
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        found[name.strip()] = (depth, int(parts[0].split(":")[1]) / 1000, int(parts[1]) / 1000)
    return found


def import_times(cmd: Sequence[str], runs: int, top: int = 8) -> list[dict[str, Any]]:
    """The ``top`` imports with the largest cumulative time under ``python -X importtime``,
    each the median over ``runs`` fresh processes."""
    argv = list(cmd)
    if argv[0] != sys.executable:  # a console script is a Python file: run it the same way
        argv = [sys.executable, *argv]
    argv[1:1] = ["-X", "importtime"]
    samples = [_parse_importtime(_wall(argv)[2].stderr) for _ in range(runs)]
    rows: list[dict[str, Any]] = []
    for module, (depth, _, _) in samples[0].items():
        seen = [s[module] for s in samples if module in s]
        rows.append(
            {
                "module": module,
                "depth": depth,
                "self_ms": statistics.median(x[1] for x in seen),
                "cumulative_ms": statistics.median(x[2] for x in seen),
            }
        )
    total = sum(r["cumulative_ms"] for r in rows if r["depth"] == 0) or 1.0
    rows.sort(key=lambda r: -r["cumulative_ms"])
    return [{**r, "share_of_all_imports": r["cumulative_ms"] / total} for r in rows[:top]]


def bench_cli(plan: Plan) -> dict[str, Any]:
    cmd, shown = cli_command()
    timing, done = _wall_runs(cmd, plan.cli_runs)
    baseline, _ = _wall_runs([sys.executable, "-c", "pass"], plan.cli_runs)
    result: dict[str, Any] = {
        "command": shown,
        "runs": len(timing.times),
        "median_s": timing.median,
        "min_s": timing.best,
        "median_cpu_s": timing.median_cpu,
        "exit_code": done.returncode,
        "python_startup_median_s": baseline.median,
        "import_runs": plan.import_runs,
        "imports": import_times(cmd, plan.import_runs),
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
            for time_key, ratio_key in (("best_s", "ratio"), ("best_cpu_s", "cpu_ratio")):
                a, b = prev[key][time_key], row[key][time_key]
                row[key][ratio_key] = b / a if a and b else None
    return rows


def bench_growth(
    articles: Sequence[Article], plan: Plan, throughput: dict[str, Any]
) -> list[dict[str, Any]]:
    """One document of growing length; the largest size reuses the throughput measurement."""
    rows = []
    for words in plan.growth_words:
        if words == plan.long_words and "words" in throughput:
            keys = ("runs", "best_s", "median_s", "best_cpu_s", "median_cpu_s", "stopped_after_s")
            row = {k: throughput.get(k) for k in keys}
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


def _count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _seconds(row: dict[str, Any], key: str = "best_s", fmt: str = ".3f") -> str:
    """A time, or why there is none (the run was stopped at its time limit)."""
    return _num(row[key], fmt) if row[key] is not None else _stopped(row) or "-"


def render_throughput_real(t: dict[str, Any]) -> str:
    title = "1b. the same on real text (ContraDoc news and encyclopedia articles, one document)"
    if "skipped" in t:
        return f"{title}\n   skipped: {t['skipped']}"
    return title + "\n" + render_throughput(t).split("\n", 1)[1]


def render_rows(t: dict[str, Any]) -> str:
    title = "1c. every ContraDoc dev document on its own, as `factcheck eval --jobs N` runs them"
    if "skipped" in t:
        return f"{title}\n   skipped: {t['skipped']}"
    body = []
    for row in t["by_jobs"]:
        wps = row["words_per_s"]
        verdict = "-" if wps is None else "met" if wps >= TARGET_WORDS_PER_S else "NOT met"
        shown = _num(wps, ",.0f")
        body.append([str(row["jobs"]), str(row["runs"]), _seconds(row), shown, verdict])
    counts = f"   {_count(t.get('rows'))} documents, {_count(t.get('words'))} words (wall time)"
    head = ["workers", "runs", "best s", "words/s", "≥100k/s"]
    return title + "\n" + counts + "\n" + table(head, body)


def render_throughput(t: dict[str, Any]) -> str:
    wps = t.get("words_per_s")
    if wps is None:
        below = t.get("words_per_s_below")
        shown = f"< {below:,.0f}" if below else "-"
        verdict = "NOT met" if below and below < TARGET_WORDS_PER_S else "-"
    else:
        shown = f"{wps:,.0f}"
        verdict = "met" if wps >= TARGET_WORDS_PER_S else "NOT met"
    row = [
        _count(t["words"]),
        _num(t["warmup_s"], ".2f") if t["warmup_s"] is not None else _stopped(t),
        str(t["runs"]),
        _seconds(t),
        _num(t["median_s"], ".3f"),
        _num(t["best_cpu_s"], ".3f"),
        shown,
        _num(t.get("words_per_cpu_s"), ",.0f"),
        verdict,
        _count(t.get("findings")),
        _count(t.get("claims")),
    ]
    head = ["words", "warm-up s", "runs", "best s", "median s", "best cpu s", "words/s"]
    head += ["words/cpu s", "≥100k/s", "findings", "claims"]
    title = (
        "1. check() throughput on one long article of the golden articles' paragraphs, "
        "dense in figures (best of the runs after a warm-up)"
    )
    return title + "\n" + table(head, [row])


def render_articles(rows: list[dict[str, Any]]) -> str:
    body = [
        [
            r["article"],
            str(r["words"]),
            str(r["runs"]),
            _num(r["median_s"], ".2f", 1000) if r["median_s"] else _stopped(r) or "-",
            _num(r["best_s"], ".2f", 1000),
            _num(r["median_cpu_s"], ".2f", 1000),
            _num(r["words"] / r["median_s"] if r["median_s"] else None, ",.0f"),
            str(r["findings"]),
            str(r["claims"]),
        ]
        for r in rows
    ]
    head = ["article", "words", "runs", "median ms", "min ms", "median cpu ms", "words/s"]
    head += ["findings", "claims"]
    return "2. check() per article (one Document per call, after a warm-up)\n" + table(head, body)


def render_pair(p: dict[str, Any]) -> str:
    title = "2b. check() on a short pair (NewsNLI dev rows: a draft and its source, one call each)"
    if "skipped" in p:
        return f"{title}\n   skipped: {p['skipped']}"
    verdict = "met" if p["median_s"] <= TARGET_PAIR_S else "NOT met"
    head = ["rows", "median words", "median ms", "p90 ms", "max ms", "≤1.5 ms"]
    body = [
        [
            str(p["rows"]),
            str(p["median_words"]),
            _num(p["median_s"], ".3f", 1000),
            _num(p["p90_s"], ".3f", 1000),
            _num(p["max_s"], ".3f", 1000),
            verdict,
        ]
    ]
    return title + "\n" + table(head, body)


def render_cli(c: dict[str, Any]) -> str:
    verdict = "met" if c["median_s"] <= TARGET_CLI_S else "NOT met"
    head = ["runs", "median s", "min s", "median cpu s", "≤0.4 s", "exit code"]
    head += ["python -c pass, median s"]
    row = [
        str(c["runs"]),
        _num(c["median_s"], ".3f"),
        _num(c["min_s"], ".3f"),
        _num(c["median_cpu_s"], ".3f"),
        verdict,
        str(c["exit_code"]),
        _num(c["python_startup_median_s"], ".3f"),
    ]
    lines = [
        f"3. CLI cold start: {c['command']} (a fresh process each run; a first, uncounted "
        "run writes the bytecode cache)",
        table(head, [row]),
    ]
    if "error" in c:
        lines.append(f"the command failed: {c['error']}")
    runs = "one run" if c["import_runs"] == 1 else f"median of {c['import_runs']} runs"
    lines.append(f"\n   top imports by cumulative time (python -X importtime, {runs})")
    body = [
        [
            r["module"],
            str(r["depth"]),
            _num(r["cumulative_ms"], ".1f"),
            _num(r["self_ms"], ".1f"),
            _num(r["share_of_all_imports"], ".0%"),
        ]
        for r in c["imports"]
    ]
    head = ["module", "depth", "cumulative ms", "self ms", "of all imports"]
    lines.append(table(head, body))
    return "\n".join(lines)


def render_scaling(rows: list[dict[str, Any]]) -> str:
    body = []
    for prev, r in zip([None, *rows], rows, strict=False):
        one, many = r["one_call"], r["separate_calls"]
        body.append(
            [
                _count(r["articles"]),
                f"{r['articles'] / prev['articles']:.0f}" if prev else "-",
                _count(r["words"]),
                _seconds(one),
                _num(one["best_s"] / r["articles"] if one["best_s"] else None, ".2f", 1000),
                _num(one.get("ratio"), ".1f"),
                _num(one.get("cpu_ratio"), ".1f"),
                _count(one.get("findings")),
                _count(one.get("cross_document_findings")),
                _seconds(many),
                _num(many["best_s"] / r["articles"] if many["best_s"] else None, ".2f", 1000),
                _num(many.get("ratio"), ".1f"),
                _num(many.get("cpu_ratio"), ".1f"),
            ]
        )
    head = ["articles", "×size", "words", "one call s", "ms/article", "ratio", "cpu ratio"]
    head += ["findings", "cross-doc", "n calls s", "ms/article", "ratio", "cpu ratio"]
    title = "4a. scaling with the number of articles: n Documents in one check() call, and n calls"
    note = (
        "   ratio = best time / best time at the previous size (cpu ratio: the same in CPU"
        " time);\n   linear when it equals ×size. cross-doc = findings whose spans are in two"
        " documents"
    )
    return "\n".join([title, table(head, body), note])


def render_growth(rows: list[dict[str, Any]]) -> str:
    body = [
        [
            _count(r["words"]),
            str(r["runs"]),
            _seconds(r),
            _num(r["best_cpu_s"], ".3f"),
            _num(r["us_per_word"], ".1f"),
            _num(r["words"] / r["best_s"] if r["best_s"] else None, ",.0f"),
            _count(r.get("findings")),
            _count(r.get("claims")),
        ]
        for r in rows
    ]
    head = ["words", "runs", "best s", "best cpu s", "µs/word", "words/s", "findings", "claims"]
    note = "   constant µs/word = linear in the length of the document"
    title = "4b. scaling with the length of one document (best of the runs)"
    return "\n".join([title, table(head, body), note])


RENDERERS: dict[str, Callable[[Any], str]] = {
    "throughput": render_throughput,
    "throughput_real": render_throughput_real,
    "throughput_rows": render_rows,
    "per_article": render_articles,
    "per_pair": render_pair,
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
        ("throughput_real", lambda: bench_throughput_real(plan)),
        ("throughput_rows", lambda: bench_rows(plan)),
        ("per_article", lambda: bench_articles(articles, plan)),
        ("per_pair", lambda: bench_pair(plan)),
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
    if args.json:  # JSON alone on stdout; the table still goes to the terminal via stderr
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        print(render(results), file=sys.stderr)
    else:
        print(render(results))
    sections = results["sections"].values()
    failed = any(isinstance(s, dict) and ("failed" in s or "error" in s) for s in sections)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
