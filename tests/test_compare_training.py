"""``scripts/compare_training.py``: the side-by-side table a reading change is judged by."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.compare.dataset import PairRecord, RowRecord
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


def test_the_training_pairs_are_written_in_order_with_their_labels(tmp_path: Path) -> None:
    """``train_alignment.py --pairs``: the pair-level view that tells a change of reading that
    moves no training pair (the model need not be retrained) from one that does."""
    rows = tmp_path / "bench"
    rows.mkdir()
    (rows / "pairs-dev.jsonl").write_text(
        '{"id": "p-1", "task": "pair", "label": "contradiction", "type": "numeric", '
        '"documents": [{"id": "a", "text": "The storm killed 12 people in Velm on Monday."}, '
        '{"id": "b", "text": "The storm killed 19 people in Velm on Monday."}]}\n'
        '{"id": "p-2", "task": "pair", "label": "consistent", '
        '"documents": [{"id": "a", "text": "The storm killed 12 people in Velm on Monday."}, '
        '{"id": "b", "text": "Twelve people died in the Velm storm on Monday."}]}\n',
        encoding="utf-8",
    )
    out = tmp_path / "pairs.jsonl"
    script = repo_script("scripts/train_alignment.py")
    assert (
        script.main(["--benchmarks", str(rows), "--no-own", "--workers", "1", "--pairs", str(out)])
        == 0
    )
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(f, row, spans, label) for f, row, spans, label, _ in lines] == [
        ("pairs-dev", "p-1", [["a", 17, 19], ["b", 17, 19]], 1)
    ]
    assert len(lines[0][4]) == len(script.FEATURES)


def test_the_null_perturbations_show_as_a_range_of_totals_and_mean_precisions() -> None:
    table = repo_script("scripts/compare_training.py").render(
        "HEAD",
        [0, 1],
        [_figures(10, 0.9), _figures(12, 1.0)],
        [_figures(11, 0.8), _figures(9, None)],
        [[_figures(10, 0.9), _figures(13, 0.8)], [_figures(9, 1.0), _figures(12, 0.9)]],
    )
    head = next(line for line in table.splitlines() if line.startswith("| file"))
    assert head.endswith("| mean precision | null perturbations of it |")
    row = next(line for line in table.splitlines() if "| error |" in line)
    assert row.strip("|").split("|")[-1].strip() == "21–23 @ 0.850–0.950"


def test_a_null_perturbation_leaves_its_share_of_pairs_out_of_training() -> None:
    script = repo_script("scripts/train_alignment.py")
    record = RowRecord(
        file="own", row_id="r", group="r", sealed=False, contradiction=True, types=[],
        noisy=False, others=None,
    )  # fmt: skip
    pairs = [(("a", k, k + 2), ("b", k, k + 2)) for k in range(0, 40, 4)]
    for spans in pairs:
        record.pairs.append(
            PairRecord(
                x=[0.0] * len(script.FEATURES),
                kind="hard",
                strict=True,
                cap="error",
                label=1,
                spans=spans,
                texts=("1", "2"),
            )
        )
    dropped = script._null_share("r", pairs[3])
    try:
        script._DROP = dropped
        kept = len(script.matrix([record])[0])
    finally:
        script._DROP = None
    assert kept == len(pairs) - sum(script._null_share("r", s) == dropped for s in pairs)
    assert kept < len(pairs) == len(script.matrix([record])[0])


def test_a_null_can_be_sized_to_the_change_it_is_weighed_against() -> None:
    """``--null-shares K``: each null leaves out about one pair in K, so a reading that moves
    170 of 11,000 pairs is weighed against nulls of about that size (K = 70), not of 5."""
    script = repo_script("scripts/train_alignment.py")
    keys = [(("a", k, k + 2), ("b", k, k + 2)) for k in range(7000)]
    for shares in (70, 2000):
        left_out = sum(script._null_share("r", spans, shares) == 0 for spans in keys)
        assert abs(left_out - len(keys) / shares) <= 3 * (len(keys) / shares) ** 0.5 + 1


def test_a_null_of_its_own_size_is_asked_of_the_training_only_when_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    compare = repo_script("scripts/compare_training.py")
    asked: list[list[str]] = []

    def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        asked.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, stdout='{"cross_validated": {}}', stderr="")

    monkeypatch.setattr(compare.subprocess, "run", run)
    compare.cross_validate(tmp_path, 0, tmp_path, drop=1)
    compare.cross_validate(tmp_path, 0, tmp_path, drop=1, shares=70)
    assert "--null-shares" not in asked[0]  # a commit from before the option still runs
    assert asked[1][-2:] == ["--null-shares", "70"]


def test_a_null_share_count_under_two_is_one_line_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = repo_script("scripts/train_alignment.py")
    assert script.main(["--benchmarks", str(tmp_path), "--null-shares", "1"]) == 2
    err = capsys.readouterr().err
    assert err == "train_alignment: --null-shares must be 2 or more\n"
