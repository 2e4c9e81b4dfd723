"""Fuzz the readers (and the check), one target at a time, with a one-line summary for each.

    python fuzz/run.py [NAME ...] [-runs=N] [-max_len=N] [-timeout=S] [-seed=N] [--out DIR]
                       [--keep-going]
    python fuzz/run.py --list

NAME is a target (``--list``), all of them when none is named. Flags of the form ``-name=value``
go to libFuzzer, over the defaults below. Each target starts from its seeds (fuzz/corpus/NAME)
with an empty working corpus, so a run does not depend on the one before. A crashing input is
saved under DIR/crashes/ (fuzz/crashes by default) and the run exits 1; inputs that a reader's
catch-all turned into an InputError are saved under DIR/crashes/masked/NAME/ and counted.
With --keep-going a failing input does not stop the run: the first input of each distinct
failure is saved under DIR/crashes/failures/NAME/, and each counts as one crash.

This process lowers its own priority to the lowest (nice 19) before it starts the fuzzer:
fuzzing takes a whole core for as long as it runs, and should not take it from anyone else.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"
DEFAULTS = {
    "-runs": "100000",
    "-max_len": "4096",
    "-timeout": "5",  # seconds on one input: a hang, for inputs of a few KiB
    "-rss_limit_mb": "2048",
    "-print_final_stats": "1",
}


@dataclass
class Outcome:
    name: str
    runs: int
    crashes: list[str]  # the saved inputs
    masked: int
    seconds: float
    max_len: str
    seed: str
    log: Path

    def summary(self) -> str:
        rate = self.runs / self.seconds if self.seconds else 0.0
        return (
            f"{self.name}: {self.runs} inputs, {len(self.crashes)} crashes, {self.masked} masked, "
            f"{self.seconds:.0f} s, {rate:.0f} exec/s, max_len {self.max_len}, seed {self.seed}"
        )


def _flags(given: list[str]) -> dict[str, str]:
    flags = dict(DEFAULTS)
    for flag in given:
        key, sep, value = flag.partition("=")
        if not sep or not key.startswith("-") or key.startswith("--"):
            raise SystemExit(f"not a libFuzzer flag of the form -name=value: {flag}")
        flags[key] = value
    return flags


def _runs(log: str) -> int:
    done = re.search(r"^stat::number_of_executed_units: *(\d+)", log, re.MULTILINE)
    if done:
        return int(done.group(1))
    # Killed before its final statistics: the last status line libFuzzer printed.
    status = re.findall(r"^#(\d+)\s", log, re.MULTILINE)
    return int(status[-1]) if status else 0


def fuzz(name: str, flags: dict[str, str], out: Path, keep_going: bool = False) -> Outcome:
    from fuzz.targets import TARGETS

    target = TARGETS[name]
    work = out / "work" / name
    crashes = out / "crashes"
    masked = crashes / "masked" / name
    failures = crashes / "failures" / name
    for folder in (work, masked, failures):
        shutil.rmtree(folder, ignore_errors=True)
    work.mkdir(parents=True)
    crashes.mkdir(parents=True, exist_ok=True)
    log = out / "work" / f"{name}.log"
    options = {**flags, "-artifact_prefix": f"{crashes}/{name}-"}
    if target.dictionary:
        options.setdefault("-dict", str(FUZZ / "dicts" / f"{target.dictionary}.dict"))
    command = [
        sys.executable, "-m", "fuzz.harness", "--reader", name, "--masked", str(masked),
        *(["--keep-going", str(failures)] if keep_going else []),
        *(f"{key}={value}" for key, value in options.items()),
        str(work), str(target.corpus),  # new inputs go to the first folder, not the seeds'
    ]  # fmt: skip
    start = time.perf_counter()
    with log.open("wb") as sink:
        sink.write(("$ " + " ".join(command) + "\n").encode())
        sink.flush()
        code = subprocess.run(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - start
    text = log.read_text(encoding="utf-8", errors="replace")
    saved = re.findall(r"Test unit written to (\S+)", text)
    saved += sorted(str(path) for path in failures.glob("*.input"))
    if code != 0 and not saved:
        saved = [f"(exit status {code}, no input saved; see {log})"]
    seed = re.search(r"INFO: Seed: (\d+)", text)
    return Outcome(
        name=name,
        runs=_runs(text),
        crashes=saved,
        masked=len(list(masked.glob("*.input"))) if masked.is_dir() else 0,
        seconds=seconds,
        max_len=options["-max_len"],
        seed=seed.group(1) if seed else "?",
        log=log,
    )


def _traceback(log: Path) -> str:
    """What the harness printed about the crash: the Python exception, or libFuzzer's alarm."""
    text = log.read_text(encoding="utf-8", errors="replace")
    start = max(text.find("=== Uncaught Python exception"), text.find("ALARM:"), 0)
    return text[start:][-4000:]


def main(argv: list[str] | None = None) -> int:
    if str(ROOT) not in sys.path:  # run as a script: the fuzz package is found from the top
        sys.path.insert(0, str(ROOT))
    from fuzz.targets import TARGETS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="targets (default: all)")
    parser.add_argument("--list", action="store_true", help="list the targets and stop")
    parser.add_argument("--out", type=Path, default=FUZZ, help="where work/ and crashes/ go")
    parser.add_argument(
        "--keep-going", action="store_true", help="save failing inputs and go on fuzzing"
    )
    args, rest = parser.parse_known_args(argv)
    if args.list:
        print("\n".join(TARGETS))
        return 0
    unknown = [name for name in args.names if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; one of {', '.join(TARGETS)}")
    flags = _flags(rest)
    os.nice(max(0, 19 - os.nice(0)))
    failed = False
    for name in args.names or list(TARGETS):
        outcome = fuzz(name, flags, args.out.resolve(), args.keep_going)
        print(outcome.summary(), flush=True)
        if outcome.crashes:
            failed = True
            for path in outcome.crashes:
                print(f"  crash: {path}", flush=True)
            if not args.keep_going:  # else each saved input has its traceback beside it
                print(_traceback(outcome.log), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
