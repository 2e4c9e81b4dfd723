"""``scripts/retraining_noise.py``: how far retraining on a few pairs fewer moves the scores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = str(REPO / "scripts" / "retraining_noise.py")


def test_no_benchmarks_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, SCRIPT, "--benchmarks", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("retraining_noise: no benchmark files")


def test_every_way_of_fitting_is_measured(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="the dev extra (scikit-learn) fits the models")
    (tmp_path / "pairs-dev.jsonl").write_text(
        '{"id": "p-1", "task": "pair", "label": "contradiction", "type": "numeric", '
        '"documents": [{"id": "a", "text": "The storm killed 12 people in Velm on Monday."}, '
        '{"id": "b", "text": "The storm killed 19 people in Velm on Monday."}]}\n'
    )
    done = subprocess.run(
        [sys.executable, SCRIPT, "--benchmarks", str(tmp_path), "--nulls", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "--" not in line]
    assert [row.split(" | ")[0] for row in rows[1:]] == [
        "| shipped",
        "| half rate, twice the trees",
        "| no second round",
        "| mean of 5 bootstrap fits",
    ]
