#!/usr/bin/env python3
"""How far the alignment model's scores move when a few training pairs are left out.

Every change of reading moves some training pairs, and the retrained model then scores pairs
it never saw differently: that noise, not the change, often decides whether a pair crosses a
band. This script fits the final model (``scripts/train_alignment.py``'s ``fit``) on every
unsealed dev pair, and again with about one pair in ``--null-shares`` left out, for several
ways of fitting, and reports per way how many pairs' scores moved by more than 0.05 and how
many crossed 0.8 (near the warning bands), averaged over ``--nulls`` perturbations:

    .venv/bin/python scripts/retraining_noise.py            # about a minute on two cores

The ways: the shipped parameters; half the learning rate with twice the trees; no second
(multiple-instance) round; and the mean of five fits on bootstrap resamples of the rows.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread a fit: the workers share two cores
ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "train_alignment", ROOT / "scripts" / "train_alignment.py"
)
assert _spec is not None and _spec.loader is not None
train: Any = importlib.util.module_from_spec(_spec)
sys.modules["train_alignment"] = train
_spec.loader.exec_module(train)

SHIPPED = dict(train.PARAMS)
_ROWS: list[Any] = []
_PAIRS: list[list[float]] = []


def _scores(model: Any) -> list[float]:
    return [float(s) for s in model.predict_proba(_PAIRS)[:, 1]]


def _bagged(rows: Sequence[Any], fits: int = 5) -> list[float]:
    total = [0.0] * len(_PAIRS)
    for b in range(fits):
        draw = random.Random(b)
        sample = [rows[draw.randrange(len(rows))] for _ in rows]
        total = [t + s for t, s in zip(total, _scores(train.fit(sample, 0)), strict=True)]
    return [t / fits for t in total]


WAYS: dict[str, tuple[dict[str, Any], Callable[[Sequence[Any]], list[float]]]] = {
    "shipped": ({}, lambda rows: _scores(train.fit(rows, 0))),
    "half rate, twice the trees": (
        {"learning_rate": SHIPPED["learning_rate"] / 2, "max_iter": SHIPPED["max_iter"] * 2},
        lambda rows: _scores(train.fit(rows, 0)),
    ),
    "no second round": ({}, lambda rows: _scores(train.fit_round(rows, 0))),
    "mean of 5 bootstrap fits": ({}, _bagged),
}


def _run(task: tuple[str, int | None, int]) -> tuple[str, int | None, list[float]]:
    way, drop, shares = task
    params, score = WAYS[way]
    train.PARAMS.clear()
    train.PARAMS.update({**SHIPPED, **params})
    train._DROP, train._SHARES = drop, shares
    return way, drop, score(_ROWS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmarks", type=Path, default=train.BENCHMARKS)
    parser.add_argument("--nulls", type=int, default=3, help="perturbations per way")
    parser.add_argument("--null-shares", type=int, default=50, metavar="N")
    args = parser.parse_args(argv)
    paths = sorted(args.benchmarks.glob("*.jsonl"))
    if not paths or args.nulls < 1 or args.null_shares < 2:
        print(
            "retraining_noise: no benchmark files, or --nulls < 1 or --null-shares < 2",
            file=sys.stderr,
        )
        return 2
    from factcheck.compare.dataset import own_cases, records_of_own

    records = train.build(paths, 2)
    own = records_of_own(own_cases(ROOT / "fixtures"))
    _ROWS[:] = [r for r in records if not r.sealed and not r.tainted] + own
    _PAIRS[:] = [p.x for r in _ROWS for p in r.pairs]
    drops: list[int | None] = [None, *range(args.nulls)]
    tasks = [(way, drop, args.null_shares) for way in WAYS for drop in drops]
    with ProcessPoolExecutor(2) as pool:  # forked: the workers share the rows
        scored = {(way, drop): s for way, drop, s in pool.map(_run, tasks)}
    print(f"{len(_PAIRS)} pairs; each null leaves out about 1 in {args.null_shares}")
    print("| way of fitting | pairs moved > 0.05 | pairs crossing 0.8 | mean move |")
    print("| :-- | --: | --: | --: |")
    for way in WAYS:
        full = scored[(way, None)]
        moved, crossed, mean = [], [], []
        for drop in range(args.nulls):
            other = scored[(way, drop)]
            moves = [abs(a - b) for a, b in zip(full, other, strict=True)]
            moved.append(sum(m > 0.05 for m in moves))
            crossed.append(sum((a >= 0.8) != (b >= 0.8) for a, b in zip(full, other, strict=True)))
            mean.append(statistics.mean(moves))
        print(
            f"| {way} | {statistics.mean(moved):.0f} | {statistics.mean(crossed):.0f} | "
            f"{statistics.mean(mean):.4f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
