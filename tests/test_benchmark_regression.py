"""Hold the engine to the precision and recall committed in ``benchmarks/accuracy.json``.

The dev sets are not part of the repository: they are read from ``../shared/benchmarks/dev``
next to the checkout, or from the folder named by ``FACTCHECK_BENCHMARKS`` (the benchmarks
folder or its ``dev`` folder). Where neither exists the tests skip, saying so.

A change that moves the figures on purpose updates the baseline in the same commit:
``python -m factcheck.evaluate ../shared/benchmarks/dev/*.jsonl
--write-baseline benchmarks/accuracy.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from factcheck.evaluate import EvalResult, FileResult, evaluate

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "benchmarks" / "accuracy.json"
ENV = "FACTCHECK_BENCHMARKS"
EPSILON = 1e-9  # the committed figures are rounded down, so only float noise needs room
REGENERATE = (
    "if the change is deliberate, regenerate the baseline with `python -m factcheck.evaluate "
    "../shared/benchmarks/dev/*.jsonl --write-baseline benchmarks/accuracy.json`"
)


def _baseline() -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = json.loads(BASELINE.read_text(encoding="utf-8"))["files"]
    return files


def _dev_folder() -> Path | None:
    """The folder of dev files, or None when there is none on this machine."""
    configured = os.environ.get(ENV)
    root = Path(configured) if configured else REPO.parent / "shared" / "benchmarks"
    for folder in (root / "dev", root):
        if folder.is_dir() and any(folder.glob("*.jsonl")):
            return folder
    if configured:  # a wrong explicit setting is a mistake to report, not a reason to skip
        pytest.fail(f"{ENV}={configured}: no benchmark .jsonl files there or in its dev folder")
    return None


NAMES = sorted(_baseline())


@pytest.fixture(scope="module")
def measured() -> EvalResult:
    folder = _dev_folder()
    if folder is None:
        pytest.skip(
            f"no benchmark dev sets: {REPO.parent / 'shared' / 'benchmarks' / 'dev'} does not "
            f"exist and {ENV} is not set"
        )
    paths = [folder / f"{name}.jsonl" for name in NAMES]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        pytest.skip(f"{folder} lacks {', '.join(missing)}")
    return evaluate(paths)


def _file(result: EvalResult, name: str) -> FileResult:
    return next(f for f in result.files if f.name == name)


@pytest.mark.parametrize("name", NAMES)
def test_same_rows_as_the_baseline(measured: EvalResult, name: str) -> None:
    rows = _baseline()[name]["rows"]
    assert _file(measured, name).rows == rows, (
        f"{name} has changed since the baseline was measured; figures are not comparable"
    )


@pytest.mark.parametrize("name", NAMES)
def test_no_row_crashes(measured: EvalResult, name: str) -> None:
    result = _file(measured, name)
    failures = [f"{c.id}: {c.error}" for c in result.error_rows[:5]]
    assert result.errors == 0, f"check() failed on {result.errors} rows of {name}: {failures}"


@pytest.mark.parametrize("name", NAMES)
def test_precision_holds(measured: EvalResult, name: str) -> None:
    floor = _baseline()[name]["precision"]
    precision = _file(measured, name).precision
    if floor is None or precision is None:
        # Nothing flagged: no false alarm, so precision cannot have fallen.
        return
    assert precision >= floor - EPSILON, (
        f"precision on {name} fell from {floor:.3f} to {precision:.3f}; {REGENERATE}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_recall_holds(measured: EvalResult, name: str) -> None:
    floor = _baseline()[name]["recall"]
    recall = _file(measured, name).recall
    if floor is None:
        return
    assert recall is not None and recall >= floor - EPSILON, (
        f"recall on {name} fell from {floor:.3f} to {recall}; {REGENERATE}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_recall_per_type_holds(measured: EvalResult, name: str) -> None:
    result = _file(measured, name)
    fallen = {
        kind: (floor, result.recall_by_type[kind].recall)
        for kind, floor in _baseline()[name].get("recall_by_type", {}).items()
        if (result.recall_by_type[kind].recall or 0.0) < floor - EPSILON
    }
    assert not fallen, f"recall per type on {name} fell (baseline, now): {fallen}; {REGENERATE}"


@pytest.mark.parametrize("name", NAMES)
def test_recall_on_changed_numbers_holds(measured: EvalResult, name: str) -> None:
    floor = _baseline()[name].get("number_changed")
    changed = _file(measured, name).number_changed
    if floor is None:
        return
    assert changed is not None and (changed.recall or 0.0) >= floor - EPSILON, (
        f"recall on pairs whose claim changes a number fell on {name}; {REGENERATE}"
    )


# The acceptance figures of the accuracy issue: the baseline may move, these may not.
TARGETS = [
    ("contradoc-dev", "numeric recall", 0.5),
    ("vitaminc-sample", "changed-number recall", 0.4),
    *((name, "precision", 0.9) for name in ("contradoc-dev", "rte-dev", "vitaminc-sample")),
]


@pytest.mark.parametrize(("name", "figure", "target"), TARGETS)
def test_acceptance_targets(measured: EvalResult, name: str, figure: str, target: float) -> None:
    result = _file(measured, name)
    if figure == "numeric recall":
        value = result.recall_by_type["numeric"].recall
    elif figure == "changed-number recall":
        value = result.number_changed.recall if result.number_changed else None
    else:
        value = result.precision
    assert value is not None and value >= target, f"{figure} on {name} is {value}, below {target}"
