"""One finding per line, ``path:line:col:FC101:message``: for editors' and grep's errorformat."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.model import Document, Report
from factcheck.report.common import Locator, omitted_note, one_line


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    # A finding without a span (FC000: a rule failed) points at the first document.
    fallback = locator.path(report.documents[0].id) if report.documents else "-"
    lines = []
    for finding in report.findings:
        primary = locator.primary(finding)
        where = f"{primary.path}:{primary.line}:{primary.column}" if primary else f"{fallback}:1:1"
        lines.append(f"{where}:{finding.rule}:{one_line(finding.message)}\n")
    for o in report.omitted:  # on the file's first line, where an editor lists it with the rest
        path = locator.path(o.document_id)
        lines.append(f"{path}:1:1:max-findings:{omitted_note(o, path)}\n")
    return "".join(lines)
