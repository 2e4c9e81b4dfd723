"""Benchmark scores and their presentation: the result models ``factcheck.evaluate`` fills,
text and Markdown tables, the cases asked for with ``--show``, the baseline figures and the
progress bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import Any, TextIO

from pydantic import BaseModel, computed_field

from factcheck.model import Finding
from factcheck.version import VERSION


class Recall(BaseModel):
    """How many of a group of contradictions were detected."""

    contradictions: int = 0
    detected: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        return self.detected / self.contradictions if self.contradictions else None

    def add(self, detected: bool) -> None:
        self.contradictions += 1
        self.detected += int(detected)


class Case(BaseModel):
    """A row worth studying: a miss, a false alarm, or a row on which ``check()`` failed.

    ``passages`` are the evidence sentences for a contradiction, and the sentences the findings
    point at for a false alarm; ``findings`` are all of the row's findings, info included.
    """

    id: str
    label: str
    types: list[str]
    passages: list[str]
    findings: list[Finding]
    error: str | None = None


class FileResult(BaseModel):
    path: str
    name: str
    rows: int
    errors: int
    tp: int
    fp: int
    fn: int
    tn: int
    precision: float | None  # None: nothing was flagged, so there is no false alarm to count
    recall: float | None
    f1: float | None
    recall_by_type: dict[str, Recall]
    # Pair rows only: contradictions whose second text (the claim) states a number that the
    # first (the evidence) does not contain. None for files without pair rows.
    number_changed: Recall | None
    # Detected contradictions whose finding spans overlap an evidence sentence, out of those
    # whose evidence could be found in the text.
    evidence_checked: int
    evidence_overlap: int
    words: int
    seconds: float
    misses: list[Case]
    false_alarms: list[Case]
    error_rows: list[Case]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def overlap_share(self) -> float | None:
        return self.evidence_overlap / self.evidence_checked if self.evidence_checked else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def words_per_second(self) -> float | None:
        return self.words / self.seconds if self.seconds > 0 else None


class EvalResult(BaseModel):
    version: str = VERSION
    files: list[FileResult]


Show = Sequence[tuple[str, int]]  # ("fp" | "fn", how many per file)

NUMBER_CHANGED = "claim states a number its evidence lacks"
_TITLES = {"fp": "False alarms", "fn": "Misses"}
_HEADER = (
    "file",
    "rows",
    "errors",
    "TP",
    "FP",
    "FN",
    "TN",
    "precision",
    "recall",
    "F1",
    "overlap",
    "words/s",
)


def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def speed(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def score_rows(result: EvalResult) -> list[list[str]]:
    """One row of headline figures per file, in ``_HEADER`` order."""
    return [
        [
            f.name,
            str(f.rows),
            str(f.errors),
            str(f.tp),
            str(f.fp),
            str(f.fn),
            str(f.tn),
            ratio(f.precision),
            ratio(f.recall),
            ratio(f.f1),
            ratio(f.overlap_share),
            speed(f.words_per_second),
        ]
        for f in result.files
    ]


def recall_rows(result: EvalResult) -> list[list[str]]:
    """file, group, detected, contradictions, recall: per type, then the number-changed pairs."""
    rows = []
    for f in result.files:
        groups: list[tuple[str, Recall]] = list(f.recall_by_type.items())
        if f.number_changed is not None:
            groups.append((NUMBER_CHANGED, f.number_changed))
        for name, r in groups:
            rows.append([f.name, name, str(r.detected), str(r.contradictions), ratio(r.recall)])
    return rows


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> list[str]:
    """Columns padded to width; the first ``left`` columns aligned left, the rest right."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(header), *(line(r) for r in rows)]


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int) -> list[str]:
    align = [":--" if i < left else "--:" for i in range(len(header))]
    return [f"| {' | '.join(r)} |" for r in [header, align, *rows]]


def _cases(result: EvalResult, show: Show) -> list[tuple[str, list[Case]]]:
    """Per requested kind and file: a heading and the first cases."""
    out = []
    for kind, count in show:
        for f in result.files:
            cases = f.false_alarms if kind == "fp" else f.misses
            out.append(
                (
                    f"{_TITLES[kind]} in {f.name}: {min(count, len(cases))} of {len(cases)}",
                    cases[:count],
                )
            )
    return out


def _finding_lines(finding: Finding) -> list[str]:
    lines = [f"{finding.rule} {finding.severity}: {finding.message}"]
    for span in finding.spans:
        lines.append(f'  {span.document_id} {span.start}-{span.end}: "{span.text}"')
    return lines


def _case_lines(case: Case, indent: str) -> list[str]:
    kind = case.label + (f" ({', '.join(case.types)})" if case.types else "")
    lines = [f"{case.id}: {kind}"]
    if case.error:
        lines.append(f"{indent}check() failed: {case.error}")
    lines.append(f"{indent}passages:" if case.passages else f"{indent}passages: none given")
    lines.extend(f"{indent}{indent}{p}" for p in case.passages)
    lines.append(f"{indent}findings:" if case.findings else f"{indent}findings: none")
    for finding in case.findings:
        lines.extend(f"{indent}{indent}{line}" for line in _finding_lines(finding))
    return lines


def _errors(result: EvalResult) -> list[tuple[str, list[Case]]]:
    return [
        (f"check() failed in {f.name}: {len(f.error_rows)} rows", f.error_rows)
        for f in result.files
        if f.error_rows
    ]


def _render(
    result: EvalResult,
    show: Show,
    table: Callable[[Sequence[str], Sequence[Sequence[str]], int], list[str]],
    heading: Callable[[str], str],
    item: Callable[[list[str]], list[str]],
) -> str:
    lines = [
        f"factcheck {result.version}: a row is flagged when check() reports a warning or an error.",
        "overlap: the share of detected contradictions whose finding spans touch an evidence "
        "sentence.",
        "",
        *table(_HEADER, score_rows(result), 1),
        "",
        heading("Recall per contradiction type"),
        "",
        *table(("file", "type", "detected", "of", "recall"), recall_rows(result), 2),
    ]
    for title, cases in [*_errors(result), *_cases(result, show)]:
        lines += ["", heading(title), ""]
        for case in cases:
            lines += item(_case_lines(case, "  "))
        if not cases:
            lines.append("(none)")
    return "\n".join(lines) + "\n"


def render_text(result: EvalResult, show: Show = ()) -> str:
    """The tables of figures as aligned columns, then the cases ``show`` asks for."""
    return _render(
        result,
        show,
        _table,
        lambda t: t,
        lambda lines: ["- " + lines[0]] + ["  " + line for line in lines[1:]],
    )


def render_markdown(result: EvalResult, show: Show = ()) -> str:
    """The same as ``render_text`` in GitHub Markdown (the tables of ``docs/accuracy.md``)."""

    def item(lines: list[str]) -> list[str]:
        return [f"- `{lines[0]}`", "", "  ```", *("  " + line for line in lines[1:]), "  ```"]

    return _render(result, show, _md_table, lambda t: f"### {t}", item)


def floor3(value: float) -> float:
    """``value`` rounded down to 3 decimals, so a committed figure never exceeds the measured."""
    return float(Decimal(repr(value)).quantize(Decimal("0.001"), rounding=ROUND_FLOOR))


def baseline(result: EvalResult) -> dict[str, Any]:
    """The figures ``tests/test_benchmark_regression.py`` holds the engine to, per file."""
    files = {}
    for f in result.files:
        files[f.name] = {
            "rows": f.rows,
            "precision": None if f.precision is None else floor3(f.precision),
            "recall": None if f.recall is None else floor3(f.recall),
            "recall_by_type": {
                kind: floor3(r.recall)
                for kind, r in sorted(f.recall_by_type.items())
                if r.recall is not None
            },
            "number_changed": (
                None
                if f.number_changed is None or f.number_changed.recall is None
                else floor3(f.number_changed.recall)
            ),
        }
    return {
        "note": "precision and recall per dev file (overall, per contradiction type, and on "
        "pairs whose claim states a number its evidence lacks), rounded down to 3 decimals; "
        "regenerate with "
        "`python -m factcheck.evaluate ../shared/benchmarks/dev/*.jsonl "
        "--write-baseline benchmarks/accuracy.json`",
        "version": result.version,
        "files": files,
    }


class ProgressBar:
    """A one-line bar redrawn with ``\\r``; redraws only when the shown percentage changes."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}% {done}/{total} rows")
        self.stream.flush()

    def close(self) -> None:
        if self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()
