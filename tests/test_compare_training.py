"""``scripts/compare_training.py``: the side-by-side table a reading change is judged by."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import repo_script

REPO = Path(__file__).resolve().parent.parent


def _figures(flagged: int, precision: float | None) -> dict[str, dict[str, dict[str, object]]]:
    cell = {"flagged": flagged, "precision": precision}
    return {"vitaminc-real-dev": {"error": cell, "warning": cell}}


def test_each_seed_before_and_after_then_totals_and_mean_precision() -> None:
    table = repo_script("scripts/compare_training.py").render(
        "HEAD",
        [0, 1],
        [_figures(10, 0.9), _figures(12, 1.0)],
        [_figures(11, 0.8), _figures(9, None)],
    )
    row = next(line for line in table.splitlines() if "| error |" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == [
        "vitaminc-real-dev",
        "error",
        "10 @ 0.900 → 11 @ 0.800",
        "12 @ 1.000 → 9 @ –",
        "22 → 20",
        "0.950 → 0.800",
    ]


def test_an_unknown_commit_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    (tmp_path / "rows.jsonl").write_text("{}\n")
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "compare_training.py"),
            "--against",
            "no-such-commit",
            "--benchmarks",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("compare_training: no commit 'no-such-commit'")
    assert done.stdout == ""
