"""Turn a core ``Analysis`` into the JSON the /v1 endpoints return.

The report is ``Report.model_dump(mode="json")`` (the CLI's ``--format json``) with, on top:
``apiVersion``, ``warnings.incompleteResults`` (true when a rule failed; the other rules'
findings stand), each span's ``context`` (the passage with some
text either side, as LanguageTool gives it) and each finding's ``rule_info``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from factcheck.engine.registry import Registry
from factcheck.model import Document, Report

from .schemas import API_VERSION

CONTEXT_RADIUS = 40  # codepoints either side of a passage
_BLANKS = str.maketrans("\n\r\t\f\v", "     ")

# FC000 is not declared in YAML: the runner makes it when a rule raises.
_INTERNAL_RULE = {
    "code": "FC000",
    "name": "internal.rule-error",
    "severity": "error",
    "summary": "A rule failed while checking; the other rules' findings still stand.",
    "url": None,
}


def context(text: str, start: int, end: int, radius: int = CONTEXT_RADIUS) -> dict[str, Any]:
    """The passage ``text[start:end]`` with up to ``radius`` codepoints either side, on one line
    (line breaks become spaces, so offsets stay valid)."""
    lo = max(0, start - radius)
    hi = min(len(text), end + radius)
    return {"text": text[lo:hi].translate(_BLANKS), "offset": start - lo, "length": end - start}


def rule_info(registry: Registry, code: str) -> dict[str, Any]:
    bound = registry.get(code)
    if bound is None:
        if code == "FC000":
            return dict(_INTERNAL_RULE)
        return {"code": code, "name": "", "severity": None, "summary": "", "url": None}
    spec = bound.spec
    return {
        "code": spec.code,
        "name": spec.name,
        "severity": spec.severity,
        "summary": spec.summary,
        "url": f"/v1/rules/{spec.code}",
    }


def rule_errors(report: Report) -> bool:
    """A rule that raised (FC000) leaves the report incomplete, as a timeout does."""
    return any(f.rule == "FC000" for f in report.findings)


def check_payload(
    report: Report,
    documents: Mapping[str, Document],
    registry: Registry,
    *,
    include_claims: bool = True,
) -> dict[str, Any]:
    data = report.model_dump(mode="json", exclude=None if include_claims else {"claims"})
    infos: dict[str, dict[str, Any]] = {}
    for finding in data["findings"]:
        code = finding["rule"]
        if code not in infos:
            infos[code] = rule_info(registry, code)
        finding["rule_info"] = infos[code]
        for span in finding["spans"]:
            doc = documents.get(span["document_id"])
            text = doc.text if doc is not None else span["text"]
            start = span["start"] if doc is not None else 0
            end = span["end"] if doc is not None else len(text)
            span["context"] = context(text, start, end)
    data.setdefault("claims", [])
    return {
        "apiVersion": API_VERSION,
        **data,
        "warnings": {"incompleteResults": rule_errors(report)},
    }


def claims_payload(report: Report) -> dict[str, Any]:
    data = report.model_dump(mode="json", include={"documents", "claims"})
    return {"apiVersion": API_VERSION, **data, "warnings": {"incompleteResults": False}}


def graph_payload(graph: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API_VERSION, "graph": graph, "warnings": {"incompleteResults": False}}


def rules_payload(registry: Registry) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "rules": [spec.model_dump(mode="json") for spec in registry.specs],
    }
