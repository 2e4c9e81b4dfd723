"""Reporting a clash between two claims, the same way for every rule that pairs claims."""

from __future__ import annotations

from typing import Any

from factcheck.alignment import clash_severity
from factcheck.engine.base import FindingBuilder
from factcheck.model import ClaimBase, Severity


def report_clash(
    out: FindingBuilder,
    first: ClaimBase,
    second: ClaimBase,
    message: str,
    explanation: dict[str, Any],
    severity: Severity | None = None,
) -> None:
    """Add a finding for two claims that cannot both hold: the rule's severity (or the one
    given), lowered when the text attributes them to two named sources or hedges one (the
    reason is appended to the message and kept in the explanation), the claims' spans, and
    their ids."""
    graph = out.ctx.graph
    texts = [graph.document(d).text for d in {first.document_id, second.document_id}]
    base = severity or out.ctx.severity
    severity, lowered = clash_severity(first, second, base, texts, graph.lexicon)
    if lowered:
        message += f" ({lowered})"
    out.add(
        message,
        [first.span, second.span],
        {"claims": [first.id, second.id], **explanation, "lowered": lowered or None},
        severity,
    )
