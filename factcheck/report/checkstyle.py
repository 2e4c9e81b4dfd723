"""Checkstyle XML, which Jenkins' Warnings plugin, reviewdog and many code-review tools read:
``<checkstyle><file name><error line column severity message source/></file></checkstyle>``.

Every document checked has its ``<file>``, an empty one when it is clean, so a reader sees what
was checked. A finding that has no passage (a rule that failed, FC000) is placed on the first
line of the first document, as the ``line`` format places it. Severities keep their names:
Checkstyle's own are error, warning and info.
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.model import Document, Finding, Report
from factcheck.report.common import TOOL_NAME, Locator, one_line
from factcheck.report.xmlout import element, serialise


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    root = element("checkstyle", version=f"{TOOL_NAME} {report.version}")
    files = {
        locator.path(d.id): element("file", root, name=locator.path(d.id)) for d in report.documents
    }
    for finding in report.findings:
        path, line, column = locator.anchor(finding)
        parent = files.get(path)
        if parent is None:  # a passage in a document the report does not list (a ledger entry)
            parent = files[path] = element("file", root, name=path)
        element(
            "error",
            parent,
            line=line,
            column=column,
            severity=finding.severity,
            message=_message(finding, locator),
            source=f"{TOOL_NAME}.{finding.rule}",
        )
    return serialise(root)


def _message(finding: Finding, locator: Locator) -> str:
    others = [
        f"{o.path}:{o.line}:{o.column} “{one_line(o.span.text)}”" for o in locator.related(finding)
    ]
    said = f"{finding.rule} {one_line(finding.message)}"
    return f"{said} (other passage: {'; '.join(others)})" if others else said
