"""reviewdog's rdjsonl: one Diagnostic JSON object per line.

reviewdog counts columns in UTF-8 bytes (1-based) and its ranges end exclusively, so the
engine's codepoint columns are converted against the file's own line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from factcheck.model import Document, Finding, Omitted, Report, Severity
from factcheck.report.common import (
    INFORMATION_URI,
    TOOL_NAME,
    Location,
    Locator,
    omitted_note,
    one_line,
    rule_doc_uri,
)

SEVERITIES: dict[Severity, str] = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    diagnostics = [_diagnostic(f, locator) for f in report.findings]
    diagnostics += [_omitted(o, locator) for o in report.omitted]
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in diagnostics)


def _omitted(omitted: Omitted, locator: Locator) -> dict[str, Any]:
    """What the per-document cap left out, as an INFO diagnostic on the file's first line."""
    path = locator.path(omitted.document_id)
    start = {"line": 1, "column": 1}
    return {
        "message": omitted_note(omitted, path),
        "severity": "INFO",
        "source": {"name": TOOL_NAME, "url": INFORMATION_URI},
        "code": {"value": "max-findings"},
        "location": {"path": path, "range": {"start": start, "end": start}},
    }


def _location(loc: Location, locator: Locator) -> dict[str, Any]:
    doc_id = loc.span.document_id
    start = {"line": loc.line, "column": locator.byte_column(doc_id, loc.line, loc.column)}
    end = {
        "line": loc.end_line,
        "column": locator.byte_column(doc_id, loc.end_line, loc.end_column),
    }
    return {"path": loc.path, "range": {"start": start, "end": end}}


def _diagnostic(finding: Finding, locator: Locator) -> dict[str, Any]:
    diagnostic: dict[str, Any] = {
        "message": one_line(finding.message),
        "severity": SEVERITIES[finding.severity],
        "source": {"name": TOOL_NAME, "url": INFORMATION_URI},
        "code": {"value": finding.rule, "url": rule_doc_uri(finding.rule)},
    }
    primary = locator.primary(finding)
    if primary is not None:
        diagnostic["location"] = _location(primary, locator)
    related = locator.related(finding)
    if related:
        diagnostic["related_locations"] = [
            {
                "message": f"the other side: {one_line(loc.span.text)}",
                "location": _location(loc, locator),
            }
            for loc in related
        ]
    return diagnostic
