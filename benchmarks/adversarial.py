"""Adversarial benchmark: does ``factcheck`` stay linear on hostile plain text?

Run with the project's virtualenv from the repository root::

    .venv/bin/python benchmarks/adversarial.py                  # 10k → 20k → 40k → 80k words
    .venv/bin/python benchmarks/adversarial.py --quick          # 2k → 4k → 8k words
    .venv/bin/python benchmarks/adversarial.py --only numbers_spaced --only ranges
    .venv/bin/python benchmarks/adversarial.py --list           # the generators and what they make

Each generator makes a plain-text document of about N words (a "word" is one whitespace
separated token; ``long_token`` is one token of 12·N characters). For each size the document is
analysed by ``factcheck.pipeline.analyse`` in a fresh child process, so that one size's peak
memory is not hidden by another's:

- **time** is the CPU time of the child's ``analyse`` call (the minimum of up to 3 runs while
  they fit in a second), with its wall time beside it. CPU time is used for the ratios because
  it moves much less than wall time on a shared machine.
- **memory** is the child's peak resident set (``ru_maxrss``) after the call, less its peak
  before it (after imports and a warm-up call): the growth the call itself caused. It counts
  what the C allocator really took, unlike ``tracemalloc``, and does not slow the call down.

The ratio is time(2N) / time(N). A linear generator shows ≈ 2, a quadratic one ≈ 4. The run
fails (exit 1) if any ratio exceeds ``--max-ratio`` (2.3). Ratios between two times that are
both under ``--floor`` seconds (0.05) are printed but not judged: they are noise. A size that
runs past ``--timeout`` seconds is stopped; that generator fails and its larger sizes are
skipped.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FULL_SIZES = (10_000, 20_000, 40_000, 80_000)
QUICK_SIZES = (2_000, 4_000, 8_000)
MAX_RATIO = 2.3
FLOOR_S = 0.05
TIMEOUT_S = 120.0

# -- the generators ------------------------------------------------------------------------------
# Each takes a word count and returns the text. They are deterministic (seeded) so runs compare.

_PROSE = (
    "officials said the storm that swept across the coast overnight left roads flooded and "
    "power lines down while rescue crews worked through the rain to reach villages cut off by "
    "the water and residents waited for news of relatives"
).split()
_NOUNS = ("people", "homes", "boats", "strikes", "children", "soldiers", "votes", "jobs")
_CUES = ("killed", "injured", "destroyed", "evacuated", "arrested", "sank", "lost", "cut")
_GIVEN = ("Anna", "Drew", "Maria", "Jon", "Stacy", "Pete", "Mark", "Nina", "Omar", "Lena")
_SURNAMES = ("Peterson", "Hegseth", "Rutte", "Maduro", "Voss", "Kell", "Roe", "Smith", "Okafor")
_MONTHS = ("Jan.", "March", "April", "June", "Sept.", "October", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _cycle_words(words: list[str], n: int) -> str:
    return " ".join(words[i % len(words)] for i in range(n))


def numbers_spaced(n: int) -> str:
    """`"1 " * n`: one sentence of nothing but figures."""
    return "1 " * n


def number_list(n: int) -> str:
    """A comma list of numbers in one sentence: "12, 7, 304, …"."""
    rng = random.Random(1)
    return ", ".join(str(rng.randint(1, 999)) for _ in range(n)) + "."


def ranges(n: int) -> str:
    """Ranges in a comma list: "3-4, 5-6, …"."""
    return ", ".join(f"{2 * i + 1}-{2 * i + 2}" for i in range(n)) + "."


def numbers_in_prose(n: int) -> str:
    """Unpunctuated prose with a counted figure every few words and no full stop."""
    rng = random.Random(2)
    out: list[str] = []
    while len(out) < n:
        out += [rng.choice(_CUES), "at", "least", str(rng.randint(2, 500)), rng.choice(_NOUNS)]
        out += rng.sample(_PROSE, 4)
    return " ".join(out[:n])


def long_token(n: int) -> str:
    """One word of 12·n characters (about 1 MB at 80k): no space, no punctuation."""
    return "a" * (12 * n)


def long_token_digits(n: int) -> str:
    """One token of 12·n digits and commas: a number that never ends."""
    return ("123," * (3 * n))[:-1]


def nested_brackets(n: int) -> str:
    """Brackets nested n/2 deep around a figure, then closed: "(a [b (c … 5 people … ) ] )"."""
    half = n // 2
    opens = " ".join(("(", "[", "{")[i % 3] + _PROSE[i % len(_PROSE)] for i in range(half))
    closes = " ".join((")", "]", "}")[(half - 1 - i) % 3] for i in range(half))
    return f"{opens} killed 5 people {closes}."


def nested_quotes(n: int) -> str:
    """Quotes nested inside quotes, alternating marks, never closed in order."""
    marks = ("“", "‘", '"', "'")
    return " ".join(f"{marks[i % 4]}{_PROSE[i % len(_PROSE)]} said" for i in range(n // 2))


def many_quotes(n: int) -> str:
    """Short attributed quotations, sentence after sentence, some with figures."""
    rng = random.Random(3)
    return " ".join(
        f"“We lost {rng.randint(2, 90)} homes,” {rng.choice(_GIVEN)} said." for _ in range(n // 8)
    )


def quotes_one_sentence(n: int) -> str:
    """Closed quotations, a reporting verb before each, with no full stop or line between."""
    return " ".join(
        f"{_GIVEN[i % len(_GIVEN)]} said “{_PROSE[i % len(_PROSE)]}”" for i in range(n // 3)
    )


def one_quote_many_speakers(n: int) -> str:
    """The same words quoted again and again, each time from another named speaker."""
    rng = random.Random(9)

    def name() -> str:
        return rng.choice("ABDFGKLMNPRSTV") + "".join(rng.choice("aeiourstnl") for _ in range(6))

    return " ".join(
        f"“We will rebuild every home in the valley,” {name()} {name()} said."
        for _ in range(n // 12)
    )


def unbalanced_quotes(n: int) -> str:
    """One sentence of words each opening a quote that is never closed."""
    return " ".join(f"“{_PROSE[i % len(_PROSE)]}" for i in range(n)) + "."


def many_dates(n: int) -> str:
    """Dates in every form, run together in one long sentence."""
    rng = random.Random(4)
    out: list[str] = []
    while len(out) < n:
        out += [
            "on",
            rng.choice(_WEEKDAYS) + ",",
            rng.choice(_MONTHS),
            f"{rng.randint(1, 28)},",
            str(rng.randint(1990, 2030)),
            "and",
            "since",
            "early",
            rng.choice(_MONTHS[1:]),
            "and",
        ]
    return " ".join(out[:n]) + "."


def dates_and_events(n: int) -> str:
    """Events and their dates in one sentence: "the strike on Monday, the raid on March 3 …"."""
    events = ("strike", "raid", "attack", "flood", "crash", "protest")
    rng = random.Random(8)
    parts = [
        f"the {rng.choice(events)} on {rng.choice(_WEEKDAYS)}, {rng.choice(_MONTHS)} {i % 28 + 1}"
        for i in range(n // 6)
    ]
    return ", ".join(parts) + "."


def punctuation_run(n: int) -> str:
    """A run of full stops between two words: 6·n characters of "."."""
    return "Storm" + "." * (6 * n) + "killed 5 people."


def glued_quotes(n: int) -> str:
    """Sentences glued to the quotation after them, all on one line: 'said."The …'."""
    return " ".join('the mayor said."The storm' for _ in range(n // 4))


def many_names(n: int) -> str:
    """Capitalised words only: given names and surnames, no punctuation."""
    rng = random.Random(5)
    return " ".join(rng.choice(_GIVEN if i % 2 == 0 else _SURNAMES) for i in range(n))


def names_then_quote(n: int) -> str:
    """A run of capitalised names, then a short attributed quotation."""
    return many_names(n) + " “we lost 5 homes” said Tam."


def names_and_figures(n: int) -> str:
    """A name, a figure, a name, a figure …, on one line with no full stop."""
    return " ".join(f"{_SURNAMES[i % len(_SURNAMES)]} {i % 97 + 2}" for i in range(n // 2))


def times_and_ordinals(n: int) -> str:
    """Counts of events and ranks in one sentence: "struck 3 times, the 4th in the city, …"."""
    return (
        ", ".join(
            f"struck {i % 50 + 2} times and the {i % 50 + 2}th in the city" for i in range(n // 9)
        )
        + "."
    )


def part_of_the_things(n: int) -> str:
    """A long sentence of counted figures, then sentences opening "Of the people, …"."""
    first = " ".join(f"{i % 90 + 2} people died" for i in range(n // 6)) + "."
    return first + " Of the people, 5 died." * (n // 10)


def polarity_flipflop(n: int) -> str:
    """One statement asserted and denied, sentence after sentence."""
    said = "The council approved the plan on Monday."
    denied = "The council did not approve the plan on Monday."
    return " ".join(denied if i % 2 else said for i in range(n // 8))


def table_as_prose(n: int) -> str:
    """A table pasted as text: rows of a name and figures, one row a line, no full stops."""
    rng = random.Random(6)
    rows = []
    for i in range(n // 8):
        figures = " ".join(str(rng.randint(0, 9999)) for _ in range(5))
        rows.append(f"Region {_SURNAMES[i % len(_SURNAMES)]} {i} {figures} {rng.randint(0, 99)}%")
    return "\n".join(rows)


def toll_repeats(n: int) -> str:
    """The same toll, sentence after sentence, each with a different number."""
    return " ".join(f"The storm killed {i + 2} people on Monday." for i in range(n // 7))


def long_prose_sentence(n: int) -> str:
    """Very long sentence of ordinary prose: clauses joined by commas, one full stop."""
    rng = random.Random(7)
    out: list[str] = []
    while len(out) < n:
        out += rng.sample(_PROSE, 7)
        out[-1] += ","
        if rng.random() < 0.3:
            out += ["killing", str(rng.randint(2, 99)), "people,"]
    return " ".join(out[:n]) + "."


def news_copy(n: int) -> str:
    """The seed article repeated: the baseline of ordinary text."""
    path = ROOT.parent / "shared" / "seed" / "article.txt"
    seed = path.read_text(encoding="utf-8") if path.exists() else " ".join(_PROSE) + ". "
    words = seed.split(" ")
    return _cycle_words(words, n)


GENERATORS: dict[str, Callable[[int], str]] = {
    g.__name__: g
    for g in (
        numbers_spaced,
        number_list,
        ranges,
        numbers_in_prose,
        long_token,
        long_token_digits,
        nested_brackets,
        nested_quotes,
        many_quotes,
        quotes_one_sentence,
        one_quote_many_speakers,
        unbalanced_quotes,
        many_dates,
        dates_and_events,
        punctuation_run,
        glued_quotes,
        many_names,
        names_then_quote,
        names_and_figures,
        times_and_ordinals,
        part_of_the_things,
        polarity_flipflop,
        table_as_prose,
        toll_repeats,
        long_prose_sentence,
        news_copy,
    )
}


# -- measuring one size, in a child process ------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    cpu: float  # seconds, min over runs
    wall: float  # seconds, min over runs
    mem_mb: float  # peak RSS growth during the call(s)
    runs: int
    claims: int
    findings: int


def _max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _child(name: str, words: int) -> None:
    """Run in the child: analyse the document and print one JSON line."""
    from factcheck.model import Document
    from factcheck.pipeline import analyse

    analyse([Document(id="warm-up", text="The storm killed 12 people on Monday.")])
    text = GENERATORS[name](words)
    doc = Document(id="adv", text=text)
    before = _max_rss_mb()
    cpus: list[float] = []
    walls: list[float] = []
    spent = 0.0
    while len(cpus) < 3 and (not cpus or spent + cpus[-1] < 1.0):
        c0, w0 = time.process_time(), time.perf_counter()
        report = analyse([doc]).report
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
        spent += walls[-1]
    sample = Sample(
        cpu=min(cpus),
        wall=min(walls),
        mem_mb=_max_rss_mb() - before,
        runs=len(cpus),
        claims=len(report.claims),
        findings=len(report.findings),
    )
    print(json.dumps(sample.__dict__))


def measure(name: str, words: int, timeout: float) -> Sample | None:
    """One size in a fresh process; None if it ran past the timeout."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, str(words)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=True, env=env
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"{name} at {words} words failed:\n{exc.stderr}") from None
    return Sample(**json.loads(out.stdout.strip().splitlines()[-1]))


# -- the table -----------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    samples: list[tuple[int, Sample | None]]
    worst: float | None = None  # worst judged ratio
    failed: bool = False


def judge(row: Row, max_ratio: float, floor: float) -> None:
    """Set the row's worst ratio and whether it fails."""
    done = [s for _, s in row.samples]
    if any(s is None for s in done):
        row.failed = True
    for prev, cur in itertools.pairwise(done):
        if prev is None or cur is None or max(prev.cpu, cur.cpu) < floor:
            continue
        ratio = cur.cpu / max(prev.cpu, 1e-9)
        row.worst = ratio if row.worst is None else max(row.worst, ratio)
        if ratio > max_ratio:
            row.failed = True


def _ratios(samples: list[tuple[int, Sample | None]]) -> Iterator[str]:
    prev: Sample | None = None
    for _, s in samples:
        if s is None:
            yield "stopped"
        elif prev is None:
            yield ""
        else:
            yield f"×{s.cpu / max(prev.cpu, 1e-9):.2f}"
        prev = s


def render(rows: list[Row], sizes: tuple[int, ...], timeout: float) -> str:
    head = ["generator"] + [f"{w // 1000}k words" for w in sizes] + ["worst ×", "ok"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row.name]
        for (_, s), ratio in zip(row.samples, _ratios(row.samples), strict=True):
            if s is None:
                cells.append(f"> {timeout:.0f} s")
            else:
                cells.append(f"{s.cpu:.3f} s {ratio} · {s.mem_mb:.0f} MB".replace("  ", " "))
        cells += ["–"] * (len(sizes) - len(row.samples))
        cells.append(f"{row.worst:.2f}" if row.worst is not None else "–")
        cells.append("FAIL" if row.failed else "ok")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{message}")
        sys.stderr.flush()


def run(
    names: list[str], sizes: tuple[int, ...], timeout: float, max_ratio: float, floor: float
) -> list[Row]:
    rows = []
    for name in names:
        row = Row(name, [])
        for words in sizes:
            _progress(f"{name}: {words} words …")
            sample = measure(name, words, timeout)
            row.samples.append((words, sample))
            if sample is None:
                break  # the next size would only take longer
        judge(row, max_ratio, floor)
        rows.append(row)
    _progress("")
    return rows


def _header(sizes: tuple[int, ...]) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"factcheck adversarial benchmark · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        f" · commit {commit or '?'} · {os.cpu_count()} cores · load {load}\n"
        f"sizes {', '.join(map(str, sizes))} words; each cell: CPU time of analyse(), ×ratio "
        f"to the size before, peak RSS growth"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 2k, 4k, 8k words")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only NAME (repeat)")
    parser.add_argument("--list", action="store_true", help="list the generators and exit")
    parser.add_argument("--max-ratio", type=float, default=MAX_RATIO)
    parser.add_argument("--floor", type=float, default=FLOOR_S)
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per size")
    parser.add_argument("--child", nargs=2, metavar=("NAME", "WORDS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return 0
    if args.list:
        for name, gen in GENERATORS.items():
            print(f"{name:22} {(gen.__doc__ or '').strip()}")
        return 0
    unknown = sorted(set(args.only or ()) - set(GENERATORS))
    if unknown:
        parser.error(f"unknown generator(s): {', '.join(unknown)}; see --list")
    names = args.only or list(GENERATORS)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    print(_header(sizes), flush=True)
    rows = run(names, sizes, args.timeout, args.max_ratio, args.floor)
    print(render(rows, sizes, args.timeout))
    failed = [r.name for r in rows if r.failed]
    if failed:
        print(f"FAIL: above ×{args.max_ratio} per doubling or stopped: {', '.join(failed)}")
        return 1
    print(f"ok: every generator within ×{args.max_ratio} per doubling")
    return 0


if __name__ == "__main__":
    sys.exit(main())
