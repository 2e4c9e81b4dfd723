"""Cross-validate the alignment model on this tree and on another commit, over several seeds,
and print the figures side by side: whether a change of reading helps, told apart from the
noise of retraining itself (``docs/accuracy.md``, "Why small readings cannot land").

    .venv/bin/python scripts/compare_training.py                       # against HEAD, seeds 0-2
    .venv/bin/python scripts/compare_training.py --against 2bb8efa --seeds 0 1 2 3 4 5
    .venv/bin/python scripts/compare_training.py --null 3      # and 3 null perturbations of HEAD
    .venv/bin/python scripts/compare_training.py --null 2 --null-shares 70  # nulls of ~160 pairs

Each side runs ``scripts/train_alignment.py --check`` of its own tree (the other commit is
unpacked with ``git archive`` into a temporary folder), so nothing is written in either tree.
About 45 seconds a seed for each side on two cores.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT.parent / "shared" / "benchmarks" / "dev"
LEVELS = (("error", "error"), ("warning", "W+E"))

Figures = dict[str, dict[str, dict[str, Any]]]  # file → level → flagged, precision …


class CompareError(Exception):
    """A commit that cannot be unpacked or a training that fails: one line, exit code 2."""


def unpack(ref: str, into: Path) -> None:
    """The tree of ``ref`` in the folder ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise CompareError(f"no commit {ref!r}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(into, filter="data")
        else:
            tar.extractall(into)  # our own repository's archive


NULL_SHARES = 2000  # ``train_alignment.py``'s default: a null leaves out one pair in this many


def cross_validate(
    tree: Path, seed: int, benchmarks: Path, drop: int | None = None, shares: int = NULL_SHARES
) -> Figures:
    """The cross-validated figures of ``tree``'s model at ``seed``; with ``drop``, of a null
    perturbation of it (``train_alignment.py --drop-pairs``, one of ``shares``)."""
    script = tree / "scripts" / "train_alignment.py"
    extra = [] if drop is None else ["--drop-pairs", str(drop)]
    if drop is not None and shares != NULL_SHARES:  # a commit before the option knows only 2000
        extra += ["--null-shares", str(shares)]
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            "--check",
            "--seed",
            str(seed),
            "--benchmarks",
            str(benchmarks),
            *extra,
        ],
        env={**os.environ, "PYTHONPATH": str(tree)},  # that tree's factcheck, not the installed one
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no message)"]
        raise CompareError(f"training failed in {tree}: {tail[0]}")
    figures: Figures = json.loads(done.stdout)["cross_validated"]
    return figures


def _cell(c: dict[str, Any]) -> str:
    precision = c.get("precision")
    return f"{c['flagged']} @ {'–' if precision is None else f'{precision:.3f}'}"


def render(
    ref: str,
    seeds: Sequence[int],
    before: list[Figures],
    after: list[Figures],
    nulls: Sequence[list[Figures]] = (),
) -> str:
    """One Markdown table: per file and level, each seed's figure before → after, and the
    total flagged and mean precision over the seeds; with ``nulls`` (per null perturbation of
    ``ref``, its figures at each seed), the range those totals take under no change at all."""
    spread = " | null perturbations of it" if nulls else ""
    lines = [
        f"Cross-validated, `{ref}` → this tree, seeds {', '.join(map(str, seeds))}",
        "",
        "| file | level | " + " | ".join(f"seed {s}" for s in seeds) + " | flagged, all seeds "
        f"| mean precision{spread} |",
        "| :-- | :-- | "
        + " | ".join(":--" for _ in seeds)
        + " | :-- | :--"
        + (" | :--" if nulls else "")
        + " |",
    ]
    for name in sorted(before[0]):
        for level, label in LEVELS:
            old = [run[name][level] for run in before]
            new = [run[name][level] for run in after]
            cells = [f"{_cell(o)} → {_cell(n)}" for o, n in zip(old, new, strict=True)]
            totals = f"{sum(c['flagged'] for c in old)} → {sum(c['flagged'] for c in new)}"
            row = (
                f"| {name} | {label} | {' | '.join(cells)} | {totals} "
                f"| {_mean_precision(old)} → {_mean_precision(new)}"
            )
            if nulls:
                row += f" | {_spread([[run[name][level] for run in null] for null in nulls])}"
            lines.append(row + " |")
    return "\n".join(lines)


def _spread(nulls: Sequence[Sequence[dict[str, Any]]]) -> str:
    """The range of the total flagged and of the mean precision over null perturbations."""
    totals = [sum(c["flagged"] for c in cells) for cells in nulls]
    means = [_mean_precision(cells) for cells in nulls]
    known = sorted(m for m in means if m != "–")
    precision = f"{known[0]}–{known[-1]}" if known else "–"
    return f"{min(totals)}–{max(totals)} @ {precision}"


def _mean_precision(cells: Sequence[dict[str, Any]]) -> str:
    values = [c["precision"] for c in cells if c.get("precision") is not None]
    return f"{statistics.mean(values):.3f}" if values else "–"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="HEAD", metavar="REF", help="default: HEAD")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], metavar="N")
    parser.add_argument("--benchmarks", type=Path, default=BENCHMARKS)
    parser.add_argument(
        "--null",
        type=int,
        default=0,
        metavar="N",
        help="also train N null perturbations of REF (each leaves out about 1 training pair "
        "in --null-shares) and show the range their figures take: the noise a change must beat",
    )
    parser.add_argument(
        "--null-shares",
        type=int,
        default=NULL_SHARES,
        metavar="K",
        help="each null perturbation leaves out about 1 pair in K (default 2,000): for a change "
        "that moves many pairs, the number of training pairs divided by that many; a commit "
        "from before stop 37 knows only the default",
    )
    args = parser.parse_args(argv)
    if args.null < 0 or args.null_shares < 2 or args.null >= args.null_shares:
        print(
            "compare_training: --null must be 0 or more and under --null-shares, which must be "
            "2 or more",
            file=sys.stderr,
        )
        return 2
    if not any(args.benchmarks.glob("*.jsonl")):
        print(f"compare_training: no benchmark files in {args.benchmarks}", file=sys.stderr)
        return 2
    before: list[Figures] = []
    after: list[Figures] = []
    nulls: list[list[Figures]] = [[] for _ in range(args.null)]
    try:
        with tempfile.TemporaryDirectory(prefix="factcheck-compare-") as tmp:
            other = Path(tmp)
            unpack(args.against, other)
            for seed in args.seeds:
                print(f"seed {seed}: {args.against} …", file=sys.stderr)
                before.append(cross_validate(other, seed, args.benchmarks))
                print(f"seed {seed}: this tree …", file=sys.stderr)
                after.append(cross_validate(ROOT, seed, args.benchmarks))
                for k, null in enumerate(nulls, start=1):
                    print(f"seed {seed}: {args.against}, null perturbation {k} …", file=sys.stderr)
                    null.append(cross_validate(other, seed, args.benchmarks, k, args.null_shares))
    except CompareError as exc:
        print(f"compare_training: {exc}", file=sys.stderr)
        return 2
    print(render(args.against, args.seeds, before, after, nulls))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
