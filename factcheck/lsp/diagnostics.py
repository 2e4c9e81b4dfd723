"""Findings as LSP diagnostics: the range of the finding's passage in this buffer, the rule's
code and docs link (the same link SARIF's ``helpUri`` gives), and the other passages as
related information, in another file's URI when they come from a source."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp

from factcheck.lsp.analysis import Checked, position
from factcheck.lsp.positions import Encoding, Lines
from factcheck.model import Finding, Severity, Span
from factcheck.report.common import TOOL_NAME, one_line, rule_doc_uri, rule_specs

SEVERITIES: dict[Severity, lsp.DiagnosticSeverity] = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}


def docs_link(rule: str, rule_paths: list[str]) -> str | None:
    """The rule's documentation, for the rules the registry knows (not FC000)."""
    if rule not in rule_specs(rule_paths):
        return None
    return rule_doc_uri(rule)


def uri_of(checked: Checked, doc_id: str) -> str:
    """The URI of a document: the editor's own for the buffer (it may spell a path
    differently: percent-escapes, a drive letter's case), a file URI for a source."""
    if doc_id == checked.draft.id and checked.uri:
        return checked.uri
    doc = checked.documents.get(doc_id)
    path = Path(doc.path) if doc and doc.path else checked.project.root / doc_id
    return path.absolute().as_uri()


def span_range(checked: Checked, span: Span, encoding: Encoding) -> lsp.Range:
    """Where a span stands in its file, in the client's units."""
    (line, column), (end_line, end_column) = position(span, checked.documents)
    lines = Lines(checked.texts.get(span.document_id, ""))
    start = lines.to_lsp(line, column, encoding)
    end = lines.to_lsp(end_line, end_column, encoding)
    return lsp.Range(
        start=lsp.Position(line=start.line, character=start.character),
        end=lsp.Position(line=end.line, character=end.character),
    )


def primary_span(checked: Checked, finding: Finding) -> Span | None:
    """The finding's passage in this buffer: its first span, unless that lies in a source."""
    return next((s for s in finding.spans if s.document_id == checked.draft.id), None)


def to_diagnostic(checked: Checked, finding: Finding, encoding: Encoding) -> lsp.Diagnostic | None:
    primary = primary_span(checked, finding)
    if primary is None:  # FC000 (a rule that failed) has no passage to point at
        return None
    href = docs_link(finding.rule, checked.project.config.rule_paths)
    related = [
        lsp.DiagnosticRelatedInformation(
            location=lsp.Location(
                uri=uri_of(checked, span.document_id),
                range=span_range(checked, span, encoding),
            ),
            message=f"the other side: {one_line(span.text)}",
        )
        for span in finding.spans
        if span is not primary
    ]
    return lsp.Diagnostic(
        range=span_range(checked, primary, encoding),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=lsp.CodeDescription(href=href) if href else None,
        source=TOOL_NAME,
        related_information=related or None,
        data={"fingerprint": finding.fingerprint},
    )


def to_diagnostics(checked: Checked, encoding: Encoding) -> list[lsp.Diagnostic]:
    found = (to_diagnostic(checked, f, encoding) for f in checked.findings)
    return [d for d in found if d is not None]
