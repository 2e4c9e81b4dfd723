"""libFuzzer entry point for one target (fuzz/run.py starts it; see fuzz/README.md).

    python -m fuzz.harness --reader NAME [--masked DIR] [--keep-going DIR] [libFuzzer flags]
                           [CORPUS_DIR ...]

Run from the repository's top folder. The factcheck modules a target uses are imported inside
``atheris.instrument_imports`` so that their branches guide the fuzzer; the target is run once
on each seed there too, as some modules are only imported on first use (the rule registry,
the YAML front matter reader).

With ``--keep-going`` a failing input is saved to DIR (one per distinct failure) instead of
stopping the run, so that a known bug does not hide the next one. A hang still stops it.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
OURS = tuple(str(ROOT / folder) + "/" for folder in ("factcheck", "fuzz", "tests"))
Recorder = Callable[[str, bytes, BaseException], None]


def _where(exc: BaseException) -> str:
    """The innermost line of this repository that raised: a bug's identity, whatever the input.
    A property's own ``_expect`` helper is skipped: the line that called it tells them apart."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.startswith(OURS) and f.name != "_expect"
    ]
    return f"{Path(frames[-1].filename).name}-{frames[-1].lineno}" if frames else "unknown"


def _recorder(folder: Path) -> Recorder:
    """Save the first input of each distinct failure, with its traceback."""
    seen: set[str] = set()

    def record(target: str, data: bytes, exc: BaseException) -> None:
        key = f"{type(exc).__name__}-{_where(exc)}"
        if key in seen:
            return
        seen.add(key)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{target}-{key}-{hashlib.sha1(data).hexdigest()[:12]}"
        (folder / f"{name}.input").write_bytes(data)
        (folder / f"{name}.txt").write_text(
            "".join(traceback.format_exception(exc)), encoding="utf-8"
        )

    return record


def _kept_going(
    name: str, run: Callable[[bytes], None], record: Recorder
) -> Callable[[bytes], None]:
    def guarded(data: bytes) -> None:
        try:
            run(data)
        except Exception as exc:
            record(name, data, exc)

    return guarded


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--reader", required=True)
    parser.add_argument("--masked", type=Path, default=None)
    parser.add_argument("--keep-going", type=Path, default=None)
    args, libfuzzer_args = parser.parse_known_args(argv[1:])
    with atheris.instrument_imports(include=["factcheck"]):
        from fuzz import targets

        target = targets.TARGETS[args.reader]
        run = target.build()
        for seed in target.seeds():
            run(seed)
    if args.masked is not None:
        targets.masked_hook = _recorder(args.masked)
    if args.keep_going is not None:
        run = _kept_going(args.reader, run, _recorder(args.keep_going))
    atheris.Setup([argv[0], *libfuzzer_args], run)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
