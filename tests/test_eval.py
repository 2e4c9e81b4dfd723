"""The benchmark harness: scoring of hand-written rows, bad input, and the ``eval`` command."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import evaluate as ev
from factcheck.errors import InputError
from factcheck.evaluate import evaluate, main_eval
from factcheck.evaluate_report import ProgressBar, floor3

EVAL = Path(__file__).resolve().parent.parent / "fixtures" / "eval"
PAIRS = EVAL / "pairs.jsonl"
DOCUMENTS = EVAL / "documents.jsonl"
MALFORMED = EVAL / "malformed.jsonl"


@pytest.fixture(scope="module")
def scored() -> ev.EvalResult:
    return evaluate([PAIRS, DOCUMENTS])


def test_counts_per_file(scored: ev.EvalResult) -> None:
    pairs, docs = scored.files
    assert (pairs.name, pairs.rows, pairs.errors) == ("pairs", 5, 0)
    assert (pairs.tp, pairs.fp, pairs.fn, pairs.tn) == (1, 1, 1, 2)
    assert pairs.precision == pytest.approx(0.5)
    assert pairs.recall == pytest.approx(0.5)
    assert pairs.f1 == pytest.approx(0.5)
    assert (docs.tp, docs.fp, docs.fn, docs.tn) == (2, 0, 1, 1)
    assert docs.precision == pytest.approx(1.0)
    assert docs.recall == pytest.approx(2 / 3)
    assert docs.f1 == pytest.approx(0.8)


def test_recall_per_type_splits_combined_types(scored: ev.EvalResult) -> None:
    pairs, docs = scored.files
    by_type = {k: (r.detected, r.contradictions) for k, r in docs.recall_by_type.items()}
    assert by_type == {"content": (1, 1), "numeric": (2, 2), ev.UNTYPED: (0, 1)}
    assert {k: r.recall for k, r in pairs.recall_by_type.items()} == {
        "negation": 0.0,
        "numeric": 1.0,
    }


def test_number_changed_pairs_only(scored: ev.EvalResult) -> None:
    pairs, docs = scored.files
    # Only the numeric pair's claim states a figure ("30") its evidence lacks.
    assert pairs.number_changed is not None
    assert (pairs.number_changed.detected, pairs.number_changed.contradictions) == (1, 1)
    assert docs.number_changed is None


def test_evidence_overlap_counts_only_located_evidence(scored: ev.EvalResult) -> None:
    pairs, docs = scored.files
    assert (pairs.evidence_overlap, pairs.evidence_checked) == (1, 1)
    # doc-moved-evidence is detected but its evidence is not in the text: left out.
    assert (docs.evidence_overlap, docs.evidence_checked) == (1, 1)
    assert docs.overlap_share == 1.0


def test_evidence_elsewhere_does_not_overlap() -> None:
    doc = ev.Document(id="doc", text="Alpha beta.  Gamma\ndelta. Epsilon.")
    located = ev.locate_evidence(["Gamma delta.", "Not there."], [doc])
    assert located == [("doc", 13, 25)]


def test_misses_and_false_alarms_carry_passages_and_findings(scored: ev.EvalResult) -> None:
    pairs, docs = scored.files
    assert [c.id for c in pairs.misses] == ["pair-negation"]
    assert pairs.misses[0].passages[0] == "The bridge reopened to traffic on Friday."
    assert [c.id for c in pairs.false_alarms] == ["pair-mislabelled"]
    alarm = pairs.false_alarms[0]
    assert alarm.passages == [
        "[a] Since early September the strikes have killed at least 32 people.",
        "[b] The strikes have killed nearly 30 people so far.",
    ]
    assert any(f.severity in ("warning", "error") for f in alarm.findings)
    assert [c.id for c in docs.misses] == ["doc-weather"]


def test_words_counted_over_every_document(scored: ev.EvalResult) -> None:
    rows = [json.loads(line) for line in PAIRS.read_text().splitlines()]
    words = sum(len(d["text"].split()) for r in rows for d in r["documents"])
    assert scored.files[0].words == words


def test_progress_reports_every_row_across_files() -> None:
    calls: list[tuple[int, int]] = []
    evaluate([PAIRS, DOCUMENTS], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 9) for i in range(1, 10)]


def test_worker_processes_score_the_same_in_the_same_order(scored: ev.EvalResult) -> None:
    """``--jobs``: the rows are checked elsewhere, scored here in file order, progress too."""
    calls: list[tuple[int, int]] = []
    result = evaluate(
        [PAIRS, DOCUMENTS], jobs=2, progress=lambda done, total: calls.append((done, total))
    )
    timeless = {"files": {"__all__": {"seconds", "words_per_second"}}}
    assert result.model_dump(exclude=timeless) == scored.model_dump(exclude=timeless)
    assert calls == [(i, 9) for i in range(1, 10)]


def test_a_row_that_crashes_in_a_worker_is_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(documents: list[ev.Document]) -> ev.Report:
        raise RuntimeError("boom")

    monkeypatch.setattr(ev, "check", broken)  # forked workers inherit the patch
    result = evaluate([PAIRS], jobs=2, limit=2)
    assert [c.error for c in result.files[0].error_rows] == ["RuntimeError: boom"] * 2


def test_limit_caps_rows_per_file() -> None:
    result = evaluate([PAIRS, DOCUMENTS], limit=2)
    assert [f.rows for f in result.files] == [2, 2]


def test_a_row_that_crashes_is_listed_and_the_run_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_check = ev.check

    def flaky(documents: list[ev.Document]) -> ev.Report:
        if "bridge" in documents[0].text:
            raise RuntimeError("boom")
        return real_check(documents)

    monkeypatch.setattr(ev, "check", flaky)
    result = evaluate([PAIRS])
    (pairs,) = result.files
    assert pairs.errors == 1
    assert [c.id for c in pairs.error_rows] == ["pair-negation"]
    assert pairs.error_rows[0].error == "RuntimeError: boom"
    assert (pairs.tp, pairs.fp, pairs.fn, pairs.tn) == (1, 1, 0, 2)
    assert main_eval([str(PAIRS)]) == 1


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{not json", "bad.jsonl:2: not valid JSON"),
        ("[1, 2]", "bad.jsonl:2: expected a JSON object, got list"),
        ('{"id": "x", "task": "pair", "label": "consistent"}', "bad.jsonl:2: documents: "),
        (
            '{"id": "x", "task": "pair", "label": "consistent", '
            '"documents": [{"id": "a", "text": "One."}]}',
            "bad.jsonl:2: a pair row needs 2 documents, not 1",
        ),
        (
            '{"id": "x", "task": "document", "label": "maybe", '
            '"documents": [{"id": "a", "text": "One."}]}',
            "bad.jsonl:2: label: ",
        ),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path: Path, line: str, expected: str) -> None:
    good = PAIRS.read_text().splitlines()[0]
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{good}\n{line}\n")
    with pytest.raises(InputError) as caught:
        evaluate([path])
    message = str(caught.value)
    assert message.startswith(str(path.parent) + "/" + expected)
    assert "\n" not in message


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([str(MALFORMED)], "malformed.jsonl:2: not valid JSON"),
        (["missing.jsonl"], "missing.jsonl: no such file"),
        ([], "give at least one benchmark file"),
        (["--show", "xx", str(PAIRS)], "expected fp or fn"),
        (["--limit", "0", str(PAIRS)], "'0' is not a whole number >= 1"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert main_eval(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("factcheck: error: ")
    assert expected in captured.err
    assert captured.err.count("\n") == 1


def test_empty_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n")
    with pytest.raises(InputError, match="no benchmark rows"):
        evaluate([path])


def test_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_eval([str(PAIRS), str(DOCUMENTS)]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("file "))
    assert header.split() == [
        "file", "rows", "errors", "TP", "FP", "FN", "TN",
        "precision", "recall", "F1", "overlap", "words/s",
    ]  # fmt: skip
    row = next(line for line in out.splitlines() if line.startswith("pairs "))
    assert row.split()[:10] == ["pairs", "5", "0", "1", "1", "1", "2", "0.500", "0.500", "0.500"]
    assert "numeric" in out
    assert "False alarms" not in out  # only with --show


def test_json_output_parses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_eval([str(PAIRS), str(DOCUMENTS), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    pairs, docs = data["files"]
    assert (pairs["tp"], pairs["fp"], pairs["fn"], pairs["tn"]) == (1, 1, 1, 2)
    assert pairs["precision"] == 0.5
    assert docs["recall_by_type"]["numeric"] == {"contradictions": 2, "detected": 2, "recall": 1.0}
    assert pairs["number_changed"]["recall"] == 1.0
    assert (docs["evidence_overlap"], docs["evidence_checked"], docs["overlap_share"]) == (
        1,
        1,
        1.0,
    )
    assert pairs["words_per_second"] > 0
    assert pairs["false_alarms"][0]["findings"][0]["rule"].startswith("FC")
    assert pairs["misses"][0]["id"] == "pair-negation"


@pytest.mark.parametrize("order", ["show-first", "show-last"])
def test_show_false_alarms_prints_passages_and_findings(
    capsys: pytest.CaptureFixture[str], order: str
) -> None:
    show = ["--show", "fp", "5"]
    args = [*show, str(PAIRS)] if order == "show-first" else [str(PAIRS), *show]
    assert main_eval(args) == 0
    out = capsys.readouterr().out
    assert "False alarms in pairs: 1 of 1" in out
    assert "pair-mislabelled" in out
    assert "[b] The strikes have killed nearly 30 people so far." in out
    assert '"at least 32"' in out
    assert "Misses in" not in out


def test_show_misses_respects_count(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_eval([str(DOCUMENTS), "--show", "fn", "0", "--show", "fn"]) == 0
    out = capsys.readouterr().out
    assert "Misses in documents: 0 of 1" in out
    assert "Misses in documents: 1 of 1" in out
    assert "Heavy rain soaked the county all morning." in out


def test_markdown_output_has_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_eval([str(PAIRS), "--format", "markdown", "--show", "fn"]) == 0
    out = capsys.readouterr().out
    assert "| file | rows | errors |" in out
    assert "| pairs | 5 | 0 | 1 | 1 | 1 | 2 | 0.500 | 0.500 | 0.500 |" in out
    assert "### Misses in pairs: 1 of 1" in out


def test_progress_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_eval([str(PAIRS), "--progress"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("\r[")
    assert err.rstrip().endswith("100% 5/5 rows")
    assert main_eval([str(PAIRS), "--no-progress"]) == 0
    assert capsys.readouterr().err == ""


def test_progress_bar_redraws_one_line() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    for done in range(1, 5):
        bar(done, 4)
    bar.close()
    text = stream.getvalue()
    assert text.count("\n") == 1
    assert text.count("\r") == 4
    assert text.split("\r")[-1] == "[##########] 100% 4/4 rows\n"


def test_write_baseline_rounds_down(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "accuracy.json"
    assert main_eval([str(DOCUMENTS), "--write-baseline", str(target)]) == 0
    figures = json.loads(target.read_text())["files"]["documents"]
    assert figures == {
        "rows": 4,
        "precision": 1.0,
        "recall": 0.666,
        "recall_by_type": {"content": 1.0, "numeric": 1.0, "untyped": 0.0},
        "number_changed": None,
    }


@pytest.mark.parametrize(
    ("value", "expected"), [(2 / 3, 0.666), (0.5, 0.5), (0.9999, 0.999), (0.289, 0.289)]
)
def test_floor3(value: float, expected: float) -> None:
    assert floor3(value) == expected


def test_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "factcheck.evaluate", str(PAIRS), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"][0]["name"] == "pairs"
