"""One finding per line, ``path:line:col:FC101:message``: for editors' and grep's errorformat."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.model import Document, Report
from factcheck.report.common import Locator, one_line


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    # A finding without a span (FC000: a rule failed) points at the first document.
    fallback = locator.path(report.documents[0].id) if report.documents else "-"
    lines = []
    for finding in report.findings:
        primary = locator.primary(finding)
        where = f"{primary.path}:{primary.line}:{primary.column}" if primary else f"{fallback}:1:1"
        lines.append(f"{where}:{finding.rule}:{one_line(finding.message)}\n")
    return "".join(lines)
