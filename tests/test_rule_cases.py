"""Every case in fixtures/rules/FCxxx.yml, and every rule's documented examples, as tests.

A case lists the findings of its rule that the text must produce (``expect: []`` means the
rule must stay silent). A finding's ``severity`` is one level, or a list of the levels it may
take where the model's score sits at a band's edge and a retraining may move it across. Run
one rule's cases with ``pytest -k FC101``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck import Document, check
from factcheck.engine.registry import load_registry
from factcheck.model import CheckConfig, Finding, Report
from tests.conftest import allowed_severities

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"


def load_cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("FC*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            # A case the engine cannot handle yet says why under `xfail:`; it stays visible
            # and turns into a failure (strict) the day the engine starts passing it.
            marks = (
                [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
            )
            params.append(
                pytest.param(data["rule"], case, id=f"{data['rule']}_{case['name']}", marks=marks)
            )
    return params


def run_case(
    text: str,
    sources: list[str] = (),  # type: ignore[assignment]
    published_at: str | None = None,
    unsure: bool = False,
) -> Report:
    docs = [Document(id="draft", text=text, published_at=published_at)]
    docs += [Document(id=f"source{i}", text=s, role="source") for i, s in enumerate(sources)]
    return check(docs, CheckConfig(unsure=unsure))


def covers(finding: Finding, passage: str, report_docs: dict[str, str]) -> bool:
    """True when one of the finding's spans overlaps an occurrence of ``passage``."""
    for span in finding.spans:
        text = report_docs[span.document_id]
        pos = text.find(passage)
        while pos != -1:
            if span.start < pos + len(passage) and pos < span.end:
                return True
            pos = text.find(passage, pos + 1)
    return False


def matches(finding: Finding, expected: dict[str, Any], texts: dict[str, str]) -> bool:
    return finding.severity in allowed_severities(expected["severity"]) and all(
        covers(finding, passage, texts) for passage in expected["spans"]
    )


@pytest.mark.parametrize(("rule", "case"), load_cases())
def test_rule_case(rule: str, case: dict[str, Any]) -> None:
    sources = case.get("sources") or []
    # `unsure: true` runs the case as `--unsure` does, for pairs reported only when asked.
    report = run_case(case["text"], sources, case.get("published_at"), case.get("unsure", False))
    texts = {"draft": case["text"], **{f"source{i}": s for i, s in enumerate(sources)}}
    got = [f for f in report.findings if f.rule == rule]
    expected = case["expect"]
    explain = "\n".join(f"  {f.severity} {f.message}" for f in got) or "  (none)"
    assert len(got) == len(expected), f"expected {len(expected)} {rule} findings, got:\n{explain}"
    for exp in expected:
        assert any(matches(f, exp, texts) for f in got), f"no finding matches {exp}:\n{explain}"


@pytest.mark.parametrize("spec", load_registry().specs, ids=lambda s: s.code)
def test_documented_examples(spec: Any) -> None:
    """The example in a rule's docs is flagged; its 'use instead' is not."""
    flagged = [f for f in run_case(spec.example).findings if f.rule == spec.code]
    assert flagged, f"{spec.code}: its own example is not flagged"
    clean = [f for f in run_case(spec.use_instead).findings if f.rule == spec.code]
    assert not clean, f"{spec.code}: its 'use instead' text is flagged: {clean[0].message}"
