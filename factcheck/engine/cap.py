"""The per-document cap on findings, and the summary of what it left out.

A report is capped last, after baselines, inline ignores and ``--diff`` have removed what they
remove: a cap applied earlier would spend its places on findings that are then hidden, and a
baseline written from a capped report would miss the rest. ``check()`` therefore returns every
finding; the CLI (and the API) call ``cap_findings`` just before rendering.

Each document keeps its ``max_findings`` most severe findings, ties broken by text order, and
they are shown in text order. A finding belongs to the document of its first span; findings
without a span (FC000, a rule that failed) are never left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from factcheck.model import SEVERITY_RANK, Finding, Omitted, Report, Severity

_SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def cap_findings(report: Report, max_findings: int) -> Report:
    """``report`` with at most ``max_findings`` findings per document (0: no cap) and, in
    ``omitted``, what each capped document left out."""
    if max_findings <= 0:
        return report
    by_document: dict[str, list[int]] = {}
    for i, finding in enumerate(report.findings):
        if finding.spans:
            by_document.setdefault(finding.spans[0].document_id, []).append(i)
    dropped: set[int] = set()
    omitted: dict[str, list[Finding]] = {}
    for doc_id, indices in by_document.items():
        if len(indices) <= max_findings:
            continue
        # Python's sort is stable: within one severity the report's (text) order stays.
        ranked = sorted(indices, key=lambda i: -SEVERITY_RANK[report.findings[i].severity])
        dropped.update(ranked[max_findings:])
        omitted[doc_id] = [report.findings[i] for i in ranked[max_findings:]]
    if not dropped:
        return report
    kept = [f for i, f in enumerate(report.findings) if i not in dropped]
    return report.model_copy(
        update={"findings": kept, "omitted": _merge(report.omitted, _summaries(report, omitted))}
    )


def summarise(document_id: str, findings: Sequence[Finding]) -> Omitted:
    """Counts by severity (most severe first) and by rule (by code) of findings left out."""
    return _omitted(
        document_id, Counter(f.severity for f in findings), Counter(f.rule for f in findings)
    )


def _omitted(document_id: str, severities: Counter[str], rules: Counter[str]) -> Omitted:
    return Omitted(
        document_id=document_id,
        count=sum(severities.values()),
        by_severity={s: severities[s] for s in _SEVERITIES if severities[s]},
        by_rule=dict(sorted(rules.items())),
    )


def _summaries(report: Report, omitted: dict[str, list[Finding]]) -> list[Omitted]:
    order = {d.id: i for i, d in enumerate(report.documents)}
    ids = sorted(omitted, key=lambda d: (order.get(d, len(order)), d))
    return [summarise(doc_id, omitted[doc_id]) for doc_id in ids]


def _merge(earlier: Sequence[Omitted], later: Sequence[Omitted]) -> list[Omitted]:
    """A report capped twice (a smaller cap on a capped report) adds up both summaries."""
    merged = {o.document_id: o for o in earlier}
    for o in later:
        before = merged.get(o.document_id)
        if before is not None:
            o = _omitted(
                o.document_id,
                Counter(before.by_severity) + Counter(o.by_severity),
                Counter(before.by_rule) + Counter(o.by_rule),
            )
        merged[o.document_id] = o
    return list(merged.values())
