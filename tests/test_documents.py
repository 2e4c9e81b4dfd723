"""Whole articles: the seed article and the golden files in fixtures/documents/.

Each ``NAME.txt`` has a ``NAME.expected.yml`` listing every finding at warning or above that
``check()`` must report for it; anything more is a false alarm and fails the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck import Document, check
from tests.test_rule_cases import matches

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "fixtures" / "documents"
SEED = ROOT.parent / "shared" / "seed" / "article.txt"


def articles() -> list[Any]:
    params = []
    for path in sorted(DOCUMENTS.glob("*.txt")):
        expected = yaml.safe_load(path.with_suffix(".expected.yml").read_text(encoding="utf-8"))
        reason = (expected or {}).get("xfail")
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


@pytest.mark.parametrize("path", articles())
def test_golden_article(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = yaml.safe_load(path.with_suffix(".expected.yml").read_text(encoding="utf-8"))
    report = check([Document(id="draft", text=text)])
    got = report.at_least("warning")
    explain = "\n".join(f"  {f.rule} {f.severity} {f.message}" for f in got) or "  (none)"
    wanted = expected.get("findings") or []
    assert len(got) == len(wanted), f"expected {len(wanted)} findings, got:\n{explain}"
    for exp in wanted:
        hits = [f for f in got if f.rule == exp["rule"] and matches(f, exp, {"draft": text})]
        assert hits, f"no {exp['rule']} finding matches {exp}:\n{explain}"


@pytest.fixture(scope="module")
def seed_report() -> Any:
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    return text, check([Document(id="seed", text=text, path=str(SEED))])


def test_seed_has_exactly_the_known_conflict(seed_report: Any) -> None:
    _, report = seed_report
    serious = report.at_least("warning")
    assert len(serious) == 1, [f.message for f in serious]
    finding = serious[0]
    assert (finding.rule, finding.name, finding.severity) == ("FC101", "numeric.conflict", "error")
    assert [s.text for s in finding.spans] == ["at least 32", "nearly 30"]
    assert finding.spans[0].line == 5 and finding.spans[1].line == 9
    assert finding.explanation["a"]["hard"] == "[32, ∞)"
    assert finding.explanation["b"]["hard"] == "[25.5, 30)"


def test_seed_does_not_pair_the_32_with_other_figures(seed_report: Any) -> None:
    _, report = seed_report
    paired = {s.text for f in report.findings for s in f.spans}
    for other in ("two", "300,000", "at least the eighth"):
        assert other not in paired, f"{other!r} was paired in a finding"


def test_seed_claims_are_read_as_intended(seed_report: Any) -> None:
    _, report = seed_report
    figures = {c.span.text: c for c in report.claims if c.kind == "quantity"}
    assert figures["two"].scope.kind == "incident"
    assert str(figures["300,000"].scope.time) == "last year"
    assert figures["300,000"].in_quote and figures["300,000"].attribution == "trump"
    assert figures["at least the eighth"].measure.family == "events"
    assert figures["at least 32"].scope.since == "early september"
