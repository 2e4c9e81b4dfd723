"""Run the selected rules over a claim graph and finish their findings.

Finishing means: severity overrides from the config, the minimum severity, line and column
for every span, a fingerprint, the pairs of one rule that link three or more claims grouped
into one finding (factcheck.engine.groups), a stable order. A rule that raises does not stop
the run: it becomes one FC000 finding naming the rule.
"""

from __future__ import annotations

from factcheck.cancel import checkpoint
from factcheck.engine.base import RuleContext
from factcheck.engine.fingerprints import digest, fingerprint
from factcheck.engine.groups import group_pairs
from factcheck.engine.registry import BoundRule, Registry, RuleSpec
from factcheck.errors import FactcheckError
from factcheck.graph import ClaimGraph
from factcheck.model import SEVERITY_RANK, CheckConfig, Finding, Span


def matches(spec: RuleSpec, patterns: list[str]) -> bool:
    """A pattern names a rule by code (FC101), code prefix (FC1), name or name family."""
    for raw in patterns:
        p = raw.strip()
        if not p:
            continue
        if p.upper() == spec.code or (
            p.upper().startswith("FC") and spec.code.startswith(p.upper())
        ):
            return True
        if p == spec.name or spec.name.startswith(p.rstrip(".") + "."):
            return True
    return False


def selected(registry: Registry, config: CheckConfig) -> list[BoundRule]:
    return [
        r
        for r in registry.rules
        if (not config.select or matches(r.spec, config.select))
        and not matches(r.spec, config.ignore)
    ]


def run_rules(registry: Registry, graph: ClaimGraph, config: CheckConfig) -> list[Finding]:
    findings: list[Finding] = []
    for rule in selected(registry, config):
        checkpoint()
        spec = rule.spec
        severity = config.severity.get(spec.code) or config.severity.get(spec.name) or spec.severity
        ctx = RuleContext(
            graph=graph,
            code=spec.code,
            name=spec.name,
            severity=spec.severity,
            unsure=config.unsure,
        )
        try:
            produced = list(rule.impl.check(ctx))
        except FactcheckError:
            raise  # a broken install (a model file, say) is the user's to fix, with its message
        except Exception as exc:  # a broken rule must not take the whole report down
            findings.append(_internal_error(spec, exc))
            continue
        for f in produced:
            # The configured severity replaces the rule's own; a finding the rule lowered (a
            # dispute, a hedge) keeps its lower level, but never stands above the configured one.
            if f.severity == spec.severity:
                wanted = severity
            else:
                wanted = min(f.severity, severity, key=SEVERITY_RANK.__getitem__)
            if wanted != f.severity:
                f = f.model_copy(update={"severity": wanted})
            findings.append(f)
    floor = SEVERITY_RANK[config.min_severity]
    findings = [f for f in findings if SEVERITY_RANK[f.severity] >= floor]
    locate = _Locator(graph)
    findings = [_finish(f, locate) for f in findings]
    graph.add_conflicts(findings)  # every clashing pair, before pairs are grouped
    findings = group_pairs(findings, graph.claims, list(graph.documents))
    return in_report_order(findings, list(graph.documents))


def in_report_order(findings: list[Finding], document_ids: list[str]) -> list[Finding]:
    """Documents in the order given, then text order; rule and fingerprint break ties."""
    order = {doc_id: i for i, doc_id in enumerate(document_ids)}
    return sorted(
        findings,
        key=lambda f: (
            order.get(f.spans[0].document_id, 0) if f.spans else -1,
            f.spans[0].start if f.spans else 0,
            f.rule,
            f.fingerprint,
        ),
    )


def _internal_error(spec: RuleSpec, exc: Exception) -> Finding:
    message = f"rule {spec.code} ({spec.name}) failed: {type(exc).__name__}: {exc}"
    return Finding(
        rule="FC000",
        name="internal.rule-error",
        severity="error",
        message=message,
        spans=[],
        explanation={"rule": spec.code, "error": type(exc).__name__},
        fingerprint=digest(["FC000", spec.code, type(exc).__name__]),
    )


class _Locator:
    """Line and column for each passage, worked out once per passage: a figure or a quote
    met in many pairs stands in many findings."""

    def __init__(self, graph: ClaimGraph) -> None:
        self.graph = graph
        self._done: dict[tuple[str, int, int, str], Span] = {}

    def __call__(self, span: Span) -> Span:
        key = (span.document_id, span.start, span.end, span.text)
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = self._locate(span)
        return found

    def _locate(self, span: Span) -> Span:
        doc = self.graph.documents.get(span.document_id)
        if doc is None:
            return span
        line, column = doc.locate(span.start)
        end_line, end_column = doc.locate(span.end)
        return span.model_copy(
            update={"line": line, "column": column, "end_line": end_line, "end_column": end_column}
        )


def _finish(finding: Finding, locate: _Locator) -> Finding:
    return finding.model_copy(
        update={
            "spans": [locate(s) for s in finding.spans],
            "fingerprint": finding.fingerprint or fingerprint(finding),
        }
    )
