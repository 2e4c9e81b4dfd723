"""Golden multi-document cases: a draft and two sources in real file formats.

Each folder in ``fixtures/documents/multi/`` holds a draft, its sources and ``expected.yml``:
every finding at warning or above (rule, severity, and each passage with the file it is in and
its 1-based line there), plus findings at info the case must also produce. The files go
through the real loaders and through the command line, so a finding that points at the wrong
file or line of a Markdown or HTML file fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck import check
from factcheck.cli import main
from factcheck.ingest import load_document
from factcheck.model import CheckConfig, Document, Finding, Span
from tests.conftest import allowed_severities

MULTI = Path(__file__).resolve().parent.parent / "fixtures" / "documents" / "multi"
# A draft's clash with its source is often scored only in the info band of its stratum
# (docs/accuracy.md): these cases read the report with the unsure pairs shown.
UNSURE = CheckConfig(unsure=True)
CASES = sorted(p.parent for p in MULTI.glob("*/expected.yml"))


def expected_of(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((case / "expected.yml").read_text(encoding="utf-8"))
    return data


def paths_of(case: Path) -> tuple[str, list[str]]:
    exp = expected_of(case)
    return str(case / exp["draft"]), [str(case / s) for s in exp["sources"]]


def load_case(case: Path) -> list[Document]:
    draft, sources = paths_of(case)
    return [load_document(draft)] + [load_document(s, role="source") for s in sources]


def span_matches(span: Span | dict[str, Any], passage: dict[str, Any], case: Path) -> bool:
    """The span is in the passage's file, on its line, and overlaps the passage's words."""
    s = span if isinstance(span, dict) else span.model_dump()
    text = passage["text"]
    return (
        s["document_id"] == str(case / passage["file"])
        and s["line"] == passage["line"]
        and (text in s["text"] or s["text"] in text)
    )


def finding_matches(finding: Finding | dict[str, Any], exp: dict[str, Any], case: Path) -> bool:
    """Same rule, an allowed severity, and each listed passage, in order, among its spans (a
    finding that groups three figures shows one more than the pair listed)."""
    f = finding if isinstance(finding, dict) else finding.model_dump()
    if f["rule"] != exp["rule"] or f["severity"] not in allowed_severities(exp["severity"]):
        return False
    spans = iter(f["spans"])
    return all(any(span_matches(s, p, case) for s in spans) for p in exp["passages"])


def check_serious(serious: list[Any], exp: dict[str, Any], case: Path) -> None:
    """Every listed finding is reported at warning or above, and nothing else is, but a finding
    listed under ``info`` that may reach warning (at a band's edge)."""
    edge = [
        i
        for i in exp.get("info", [])
        if {"warning", "error"} & set(allowed_severities(i["severity"]))
    ]
    for f in serious:
        assert any(finding_matches(f, w, case) for w in [*exp["findings"], *edge]), (
            f"a finding nobody listed:\n{explain([f])}"
        )
    for wanted in exp["findings"]:
        assert any(finding_matches(f, wanted, case) for f in serious), (
            f"no finding matches {wanted}:\n{explain(serious)}"
        )


def explain(findings: list[Any]) -> str:
    rows = []
    for f in findings:
        f = f if isinstance(f, dict) else f.model_dump()
        where = ", ".join(
            f"{Path(s['document_id']).name}:{s['line']} {s['text']!r}" for s in f["spans"]
        )
        rows.append(f"  {f['rule']} {f['severity']} [{where}] {f['message']}")
    return "\n".join(rows) or "  (none)"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_expected_lines_are_the_files_own(case: Path) -> None:
    """Guards the fixture itself: each passage's first word is on the line it names."""
    exp = expected_of(case)
    for finding in [*exp["findings"], *exp.get("info", [])]:
        for passage in finding["passages"]:
            lines = (case / passage["file"]).read_text(encoding="utf-8").splitlines()
            assert passage["text"].split()[0] in lines[passage["line"] - 1], passage


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_case_through_the_loaders(case: Path) -> None:
    exp = expected_of(case)
    report = check(load_case(case), UNSURE)
    check_serious(report.at_least("warning"), exp, case)
    for wanted in exp.get("info", []):
        assert any(finding_matches(f, wanted, case) for f in report.findings), (
            f"no finding matches {wanted}:\n{explain(report.findings)}"
        )


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_cross_document_findings_point_at_both_files(case: Path) -> None:
    draft, sources = paths_of(case)
    report = check(load_case(case), UNSURE)
    across = [f for f in report.findings if len({s.document_id for s in f.spans}) > 1]
    assert {f.rule for f in across} >= {"FC101", "FC402"}, explain(across)
    for f in across:  # the draft's passages first, then a source's
        assert f.spans[0].document_id == draft
        assert f.spans[-1].document_id in sources


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_case_through_the_command_line(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no project config file changes what runs
    exp = expected_of(case)
    draft, sources = paths_of(case)
    argv = ["check", draft, *(a for s in sources for a in ("--source", s)), "--format", "json"]
    argv.append("--unsure")
    code = main(argv)
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    check_serious(
        [f for f in report["findings"] if f["severity"] in ("warning", "error")], exp, case
    )
    for wanted in exp.get("info", []):
        assert any(finding_matches(f, wanted, case) for f in report["findings"]), (
            f"no finding matches {wanted}:\n{explain(report['findings'])}"
        )


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_text_report_names_both_files_and_lines(
    case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    exp = expected_of(case)
    draft, sources = paths_of(case)
    main(["check", draft, *(a for s in sources for a in ("--source", s)), "--no-color", "--unsure"])
    out = capsys.readouterr().out
    for wanted in [*exp["findings"], *exp.get("info", [])]:
        first, second = wanted["passages"][:2]
        assert f"{case / first['file']}:{first['line']}:" in out, out
        assert f"{case / second['file']}:{second['line']}:" in out, out
