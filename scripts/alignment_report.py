"""Print the alignment model's figures (``benchmarks/alignment.json``) as Markdown tables, the
ones ``docs/accuracy.md`` and ``rules/models/alignment.md`` show.

    .venv/bin/python scripts/alignment_report.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FIGURES = Path(__file__).resolve().parent.parent / "benchmarks" / "alignment.json"


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def severity_table(table: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "| file | rows | contradictions | level | flagged | precision | recall | "
        "numeric recall | false alarms / consistent |",
        "| :-- | --: | --: | :-- | --: | --: | --: | --: | --: |",
    ]
    for name, f in sorted(table.items()):
        for level, label in (("error", "error"), ("warning", "warning + error")):
            c = f[level]
            lines.append(
                f"| {name} | {f['rows']} | {f['contradictions']} | {label} | {c['flagged']} | "
                f"{_f(c['precision'])} | {_f(c['recall'])} | {_f(c['numeric_recall'])} | "
                f"{_f(c['false_alarm_rate'])} |"
            )
    return lines


def bands_table(bands: dict[str, dict[str, float]]) -> list[str]:
    lines = ["| stratum | error ≥ | warning ≥ | info ≥ |", "| :-- | --: | --: | --: |"]
    for stratum, b in bands.items():
        error = "never" if b["error"] > 1 else f"{b['error']:.2f}"
        lines.append(f"| {stratum} | {error} | {b['warning']:.2f} | {b['info']:.2f} |")
    return lines


def repeats_table(repeats: dict[str, dict[str, Any]]) -> list[str]:
    """Each repeat of the cross-validation under the shipped bands: how far the figures move
    when only the folds change (the histogram trees draw no subsamples)."""
    lines = [
        "| file | level | " + " | ".join(f"seed {seed}" for seed in repeats) + " |",
        "| :-- | :-- | " + " | ".join("--:" for _ in repeats) + " |",
    ]
    first = next(iter(repeats.values()))
    for name in sorted(first):
        for level, label in (("error", "error"), ("warning", "warning + error")):
            cells = []
            for run in repeats.values():
                c = run[name][level]
                cells.append(f"{c['flagged']}: {_f(c['precision'])} / {_f(c['recall'])}")
            lines.append(f"| {name} | {label} | " + " | ".join(cells) + " |")
    return lines


def reliability_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| score band | clashing pairs | mean score | share labelled a real contradiction |",
        "| :-- | --: | --: | --: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['band']} | {r['pairs']} | {_f(r['mean_score'])} | {_f(r['observed'])} |"
        )
    return lines


def main() -> int:
    data = json.loads(FIGURES.read_text(encoding="utf-8"))
    out = [
        f"Seed {data['seed']}, {data['folds']} folds by source article, repeated "
        f"{data['repeats']} times with reshuffled folds for the bands; {data['rows']} rows, "
        f"{data['pairs']} clashing candidate pairs ({data['positives']} labelled real, "
        f"{data['hand_labelled']} by hand), {data['own_cases']} of our own cases.",
        "",
        "**Bands** (lowest score for each severity, per stratum)",
        "",
        *bands_table(data["bands"]),
        "",
        "**Cross-validated** (every rule; each row scored by a model that did not see it)",
        "",
        *severity_table(data["cross_validated"]),
        "",
        "**Every repeat** (rows flagged: precision / recall, under the shipped bands; the table "
        "above is the first)",
        "",
        *repeats_table(data["cross_validated_repeats"]),
        "",
        "**Sealed fifth** (scored once by the final model; never trained, tuned or read)",
        "",
        *severity_table(data["sealed"]),
        "",
        "**Reliability** (out-of-fold score of each clashing pair against its label)",
        "",
        *reliability_table(data["reliability"]),
        "",
        "**Most used features** (share of the final model's splitting gain)",
        "",
        ", ".join(f"{name} {share:.2f}" for name, share in data["importances"]),
    ]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
