"""Measure the checker against labelled benchmark files (``../shared/benchmarks/README.md``).

Each line of a benchmark file is one JSON row: a ``pair`` of documents (does one contradict the
other?) or a single ``document`` (does it contradict itself?), labelled ``contradiction`` or
``consistent``. A row is predicted a contradiction when ``check()`` returns at least one finding
at ``warning`` or above. ``evaluate()`` scores whole files; ``main_eval()`` is the command line
(``factcheck eval`` and ``python -m factcheck.evaluate``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, NoReturn

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from factcheck.errors import FactcheckError, InputError
from factcheck.evaluate_report import (
    Case,
    EvalResult,
    FileResult,
    ProgressBar,
    Recall,
    baseline,
    render_markdown,
    render_text,
)
from factcheck.model import SEVERITY_RANK, Document, Finding
from factcheck.options import add_processes_option, whole_number
from factcheck.pipeline import check
from factcheck.text.segment import split_sentences

Progress = Callable[[int, int], None]

UNTYPED = "untyped"  # the bucket of contradictions whose row gives no ``type``


# -- the input rows -----------------------------------------------------------------------------


class BenchDocument(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    published_at: date | datetime | None = None


class BenchRow(BaseModel):
    """One benchmark line; fields the scoring does not use (``dataset``, ``note``) are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str
    task: Literal["pair", "document"]
    documents: list[BenchDocument] = Field(min_length=1)
    label: Literal["contradiction", "consistent"]
    type: str | None = None
    evidence: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> BenchRow:
        if self.task == "pair" and len(self.documents) != 2:
            raise ValueError(f"a pair row needs 2 documents, not {len(self.documents)}")
        ids = [d.id for d in self.documents]
        if len(set(ids)) != len(ids):
            raise ValueError("two documents of the row share an id")
        return self

    @property
    def types(self) -> list[str]:
        """Contradiction types, a combined type like ``content|numeric`` split into each."""
        parts = [t.strip() for t in (self.type or "").split("|") if t.strip()]
        return parts or [UNTYPED]

    def to_documents(self) -> list[Document]:
        """The row as ``check()`` input: in a pair the first text (``a``) is the draft and the
        second (``b``) its source; a single document is a draft."""
        return [
            Document(
                id=d.id,
                text=d.text,
                published_at=d.published_at,
                role="source" if self.task == "pair" and i == 1 else "draft",
            )
            for i, d in enumerate(self.documents)
        ]


def read_rows(path: Path, limit: int | None = None) -> list[BenchRow]:
    """Parse a benchmark file; any bad line is an ``InputError`` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a benchmark file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    rows: list[BenchRow] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if limit is not None and len(rows) >= limit:
            break
        if not line.strip():
            continue
        rows.append(_parse_line(path, number, line))
    if not rows:
        raise InputError(f"{path}: no benchmark rows (expected one JSON object a line)")
    return rows


def _parse_line(path: Path, number: int, line: str) -> BenchRow:
    where = f"{path}:{number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(data).__name__}")
    try:
        return BenchRow.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(f"{where}: {field + ': ' if field else ''}{message}{more}") from None


# -- scoring ------------------------------------------------------------------------------------


def evaluate(
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    limit: int | None = None,
    jobs: int = 1,
) -> EvalResult:
    """Run ``check()`` on every row of every file and score it; ``limit`` caps rows per file.

    Every file is read before any is checked, so a malformed line fails fast. A row on which
    ``check()`` raises is counted and listed in ``error_rows``, and the run goes on. With
    ``jobs`` above one the rows are checked by that many worker processes (rows are
    independent); they are scored in file order all the same, so the result is the same.
    """
    files = [(Path(p), read_rows(Path(p), limit)) for p in paths]
    # Load the rules and lexicons before the clock starts: words per second is the steady rate.
    # Forked workers inherit them loaded.
    with contextlib.suppress(Exception):  # a broken engine shows up, row by row, below
        check([Document(id="warm-up", text="Two boats sank.")])
    total = sum(len(rows) for _, rows in files)
    done = 0
    results = []
    with _checker(min(jobs, total)) as checked:
        for path, rows in files:
            scorer = _FileScorer(path)
            documents = [row.to_documents() for row in rows]  # read once, checked and scored
            for row, docs, outcome in zip(rows, documents, checked(documents), strict=True):
                scorer.add(row, docs, outcome)
                done += 1
                if progress is not None:
                    progress(done, total)
            results.append(scorer.result())
    return EvalResult(files=results)


@dataclass(frozen=True)
class _Checked:
    """What checking one row gave: its findings and how long ``check()`` took, or the error
    it raised."""

    findings: list[Finding]
    seconds: float
    error: str | None = None


def _check_row(documents: list[Document]) -> _Checked:
    started = time.perf_counter()
    try:
        report = check(documents)
    except Exception as exc:  # one bad row must not stop a benchmark run: list it instead
        return _Checked([], 0.0, f"{type(exc).__name__}: {exc}")
    return _Checked(report.findings, time.perf_counter() - started)


@contextlib.contextmanager
def _checker(jobs: int) -> Iterator[Callable[[list[list[Document]]], Iterable[_Checked]]]:
    """Each row's documents → what checking them gave, in order: here, or in ``jobs`` worker
    processes."""
    if jobs <= 1:
        yield lambda rows: map(_check_row, rows)
        return
    # Fork where the platform has it: a worker starts with the engine the parent loaded.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        # Rows go out in chunks: one at a time, the messages cost more than a short pair.
        yield lambda rows: pool.map(_check_row, rows, chunksize=8)


class _FileScorer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self.counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
        self.by_type: dict[str, Recall] = {}
        self.number_changed: Recall | None = None
        self.evidence_checked = 0
        self.evidence_overlap = 0
        self.words = 0
        self.seconds = 0.0
        self.misses: list[Case] = []
        self.false_alarms: list[Case] = []
        self.error_rows: list[Case] = []

    def add(self, row: BenchRow, documents: list[Document], checked: _Checked) -> None:
        self.rows += 1
        if row.task == "pair" and self.number_changed is None:
            self.number_changed = Recall()
        if checked.error is not None:
            self.error_rows.append(_case(row, [], [], checked.error))
            return
        findings = checked.findings
        self.seconds += checked.seconds
        self.words += sum(len(d.text.split()) for d in documents)
        # A rule that raised shows up as an FC000 finding: an engine failure, not a prediction.
        crashed = [f for f in findings if f.rule == "FC000"]
        if crashed:
            self.error_rows.append(_case(row, [], findings, crashed[0].message))
            return
        flagged = _flagged(findings)
        predicted, contradiction = bool(flagged), row.label == "contradiction"
        key = ("t" if predicted == contradiction else "f") + ("p" if predicted else "n")
        self.counts[key] += 1
        if contradiction:
            for t in row.types:
                self.by_type.setdefault(t, Recall()).add(predicted)
            # In a pair the second text is the claim (VitaminC) or hypothesis (RTE).
            if (
                self.number_changed is not None
                and row.task == "pair"
                and _states_new_number(row.documents[-1].text, row.documents[0].text)
            ):
                self.number_changed.add(predicted)
            if predicted:
                self._score_overlap(row, documents, flagged)
            else:
                self.misses.append(_case(row, row.evidence, findings))
        elif predicted:
            passages = _finding_passages(documents, flagged)
            self.false_alarms.append(_case(row, passages, findings))

    def _score_overlap(
        self, row: BenchRow, documents: Sequence[Document], flagged: Sequence[Finding]
    ) -> None:
        located = locate_evidence(row.evidence, documents)
        if not located:
            return
        self.evidence_checked += 1
        hit = any(
            span.document_id == doc_id and span.start < end and start < span.end
            for f in flagged
            for span in f.spans
            for doc_id, start, end in located
        )
        self.evidence_overlap += int(hit)

    def result(self) -> FileResult:
        tp, fp, fn = self.counts["tp"], self.counts["fp"], self.counts["fn"]
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        f1 = None
        if precision is not None and recall is not None and precision + recall > 0:
            f1 = 2 * precision * recall / (precision + recall)
        return FileResult(
            path=str(self.path),
            name=file_name(self.path),
            rows=self.rows,
            errors=len(self.error_rows),
            tp=tp,
            fp=fp,
            fn=fn,
            tn=self.counts["tn"],
            precision=precision,
            recall=recall,
            f1=f1,
            recall_by_type=dict(sorted(self.by_type.items())),
            number_changed=self.number_changed,
            evidence_checked=self.evidence_checked,
            evidence_overlap=self.evidence_overlap,
            words=self.words,
            seconds=self.seconds,
            misses=self.misses,
            false_alarms=self.false_alarms,
            error_rows=self.error_rows,
        )


def _flagged(findings: Sequence[Finding]) -> list[Finding]:
    floor = SEVERITY_RANK["warning"]
    return [f for f in findings if SEVERITY_RANK[f.severity] >= floor]


def _case(
    row: BenchRow, passages: Sequence[str], findings: Sequence[Finding], error: str | None = None
) -> Case:
    return Case(
        id=row.id,
        label=row.label,
        types=row.types if row.label == "contradiction" else [],
        passages=list(passages),
        findings=list(findings),
        error=error,
    )


def file_name(path: Path) -> str:
    """A benchmark file's name as the reports give it: ``rte-dev`` for ``rte-dev.jsonl``."""
    name = path.name
    return name[: -len(".jsonl")] if name.endswith(".jsonl") else path.stem


def _finding_passages(documents: Sequence[Document], findings: Sequence[Finding]) -> list[str]:
    """The sentences the findings point at, each once, prefixed by its document id."""
    texts = {d.id: d.text for d in documents}
    passages: list[str] = []
    for f in findings:
        for span in f.spans:
            text = texts.get(span.document_id)
            if text is None:
                continue
            sentence = next(
                (s.text for s in split_sentences(text) if s.start <= span.start < s.end),
                span.text,
            )
            passage = f"[{span.document_id}] {sentence}"
            if passage not in passages:
                passages.append(passage)
    return passages


def locate_evidence(
    evidence: Sequence[str], documents: Sequence[Document]
) -> list[tuple[str, int, int]]:
    """Where each evidence sentence is, as (document id, start, end); whitespace may differ.

    Evidence that is not in any text (ContraDoc sometimes gives the sentence as it was before
    the contradiction was inserted) is left out.
    """
    found = []
    for sentence in evidence:
        words = sentence.split()
        if not words:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        for doc in documents:
            match = pattern.search(doc.text)
            if match:
                found.append((doc.id, match.start(), match.end()))
                break
    return found


# Digits (with thousands separators and decimals) and the small number words, so that "three"
# and "3" are the same number when deciding whether a claim states a figure its evidence lacks.
_SMALL = "zero one two three four five six seven eight nine ten eleven twelve".split()
_NUMBER = re.compile(
    r"(?<![\w.])\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_SMALL) + r")\b", re.IGNORECASE
)


def _numbers(text: str) -> set[str]:
    out = set()
    for match in _NUMBER.finditer(text):
        token = match.group().lower().replace(",", "")
        if token in _SMALL:
            token = str(_SMALL.index(token))
        elif "." in token:
            token = token.rstrip("0").rstrip(".")
        out.add(token)
    return out


def _states_new_number(claim: str, evidence: str) -> bool:
    return bool(_numbers(claim) - _numbers(evidence))


# -- the command line ---------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"factcheck: error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(2)


class _ShowAction(argparse.Action):
    """``--show fp|fn [N]``: the kind, then an optional count; any further words are files
    (so ``--show fp 10 dev.jsonl`` works as well as ``dev.jsonl --show fp 10``)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        words = [str(v) for v in (values or [])]
        kind = words.pop(0).lower() if words else ""
        if kind not in ("fp", "fn"):
            parser.error(f"argument --show: expected fp or fn, got {kind!r}")
        count = 10
        if words and words[0].isdigit():
            count = int(words.pop(0))
        namespace.show = [*(getattr(namespace, "show", None) or []), (kind, count)]
        # Kept apart from ``files``: argparse may assign that positional after this action.
        namespace.trailing_files = [*(getattr(namespace, "trailing_files", None) or []), *words]


def build_parser(prog: str = "factcheck eval") -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description="Score the checker on labelled benchmark files (one JSON row a line).",
    )
    parser.add_argument("files", nargs="*", metavar="FILE.jsonl", help="benchmark files")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument(
        "--show",
        action=_ShowAction,
        nargs="+",
        default=[],
        metavar="fp|fn [N]",
        help="also print N (default 10) false alarms (fp) or misses (fn) per file with their "
        "passages and findings; repeatable; text and markdown output only",
    )
    parser.add_argument(
        "--limit", type=whole_number(1), metavar="N", help="only the first N rows of each file"
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar on stderr (default: when stderr is a terminal)",
    )
    add_processes_option(
        parser,
        "--jobs",
        "check rows in N worker processes (default: the CPU count); the scores are the same "
        "for any N",
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="also write the precision and recall per file (rounded down) to FILE, the figures "
        "the regression test holds the engine to",
    )
    return parser


def main_eval(argv: Sequence[str]) -> int:
    """``factcheck eval``: 0 when every row ran, 1 when ``check()`` failed on some row, 2 on bad
    input or usage."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
        args.files = [*(args.files or []), *(getattr(args, "trailing_files", None) or [])]
        if not args.files:
            parser.error("give at least one benchmark file (FILE.jsonl)")
    except SystemExit as exc:  # argparse exits on --help and on usage errors: return the code
        return exc.code if isinstance(exc.code, int) else 2
    show_bar = sys.stderr.isatty() if args.progress is None else args.progress
    bar = ProgressBar(sys.stderr) if show_bar else None
    try:
        result = evaluate(
            [Path(f) for f in args.files], progress=bar, limit=args.limit, jobs=args.jobs
        )
    except FactcheckError as exc:
        sys.stderr.write(f"factcheck: error: {exc}\n")
        return 2
    finally:
        if bar is not None:
            bar.close()
    if args.format == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(result, show=args.show))
    else:
        sys.stdout.write(render_text(result, show=args.show))
    if args.write_baseline:
        target = Path(args.write_baseline)
        try:
            target.write_text(json.dumps(baseline(result), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            sys.stderr.write(f"factcheck: error: {target}: cannot write ({exc.strerror})\n")
            return 2
    return 1 if any(f.errors for f in result.files) else 0


if __name__ == "__main__":
    sys.exit(main_eval(sys.argv[1:]))
