"""SARIF 2.1.0, the format GitHub code scanning and most CI dashboards read.

One run; the driver lists every registered rule with its documentation; each finding is a
result located at its first span, with the other side of the conflict as related locations.
Columns count Unicode code points (``columnKind``), as the engine does. URIs are relative to
``%SRCROOT%`` (the working directory) so that uploads match the repository's files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from factcheck.model import Document, Finding, Report, Severity
from factcheck.report.common import (
    INFORMATION_URI,
    RULES_DOC_URI,
    TOOL_NAME,
    Location,
    Locator,
    is_url,
    omitted_note,
    one_line,
    rule_help_markdown,
    rule_help_text,
    rule_specs,
)

if TYPE_CHECKING:
    from factcheck.engine.registry import RuleSpec

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "factcheck/v1"
LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}

_INTERNAL_SUMMARY = "A rule failed while running; the check went on without it."


def render(
    report: Report,
    documents: Sequence[Document],
    *,
    specs: Mapping[str, RuleSpec] | None = None,
    cwd: Path | None = None,
) -> str:
    """The SARIF log as JSON. ``specs`` defaults to the bundled rules."""
    log = to_sarif(report, documents, specs=specs, cwd=cwd)
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def to_sarif(
    report: Report,
    documents: Sequence[Document],
    *,
    specs: Mapping[str, RuleSpec] | None = None,
    cwd: Path | None = None,
) -> dict[str, Any]:
    specs = rule_specs() if specs is None else specs
    root = (cwd or Path.cwd()).resolve()
    locator = Locator(report, documents, root)
    rules = [_rule(spec) for _, spec in sorted(specs.items())]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for finding in report.findings:  # rules the registry does not know (FC000, unloaded files)
        if finding.rule not in index:
            index[finding.rule] = len(rules)
            rules.append(_ad_hoc_rule(finding))
    driver = {
        "name": TOOL_NAME,
        "version": report.version,
        "semanticVersion": report.version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule], locator) for f in report.findings],
    }
    if report.omitted:
        run.update(_omitted(report, locator))
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _omitted(report: Report, locator: Locator) -> dict[str, Any]:
    """What the per-document cap left out: a note per document for people (a tool execution
    notification) and the counts for programs (a run property)."""
    notes = [
        {
            "level": "note",
            "message": {"text": omitted_note(o, locator.path(o.document_id))},
            "locations": [
                {"physicalLocation": {"artifactLocation": _artifact(locator.path(o.document_id))}}
            ],
            "properties": {"omitted": o.model_dump(mode="json")},
        }
        for o in report.omitted
    ]
    return {
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
        "properties": {"omittedFindings": [o.model_dump(mode="json") for o in report.omitted]},
    }


def _rule(spec: RuleSpec) -> dict[str, Any]:
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": one_line(spec.summary)},
        "fullDescription": {"text": one_line(spec.why)},
        "help": {"text": rule_help_text(spec), "markdown": rule_help_markdown(spec)},
        "helpUri": f"{RULES_DOC_URI}#{spec.code.lower()}",
        "defaultConfiguration": {"level": LEVELS[spec.severity]},
        "properties": {"tags": [spec.name.split(".")[0], spec.kind]},
    }


def _ad_hoc_rule(finding: Finding) -> dict[str, Any]:
    summary = _INTERNAL_SUMMARY if finding.rule == "FC000" else finding.name
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": summary},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def _escape_message(text: str) -> str:
    """Plain-text SARIF messages treat ``[text](n)`` as a link: literal brackets are escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _result(finding: Finding, rule_index: int, locator: Locator) -> dict[str, Any]:
    message = _escape_message(one_line(finding.message))
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
    }
    primary = locator.primary(finding)
    if primary is not None:
        result["locations"] = [{"physicalLocation": _physical(primary, locator)}]
    related = locator.related(finding)
    if related:
        links = ", ".join(
            f"[{_escape_message(one_line(loc.span.text))}]({i})" for i, loc in enumerate(related, 1)
        )
        result["message"]["text"] = f"{message} Conflicting passage: {links}."
        result["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": _physical(loc, locator),
                "message": {"text": _escape_message(f"the other side: {one_line(loc.span.text)}")},
            }
            for i, loc in enumerate(related, 1)
        ]
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    explanation = finding.model_dump(mode="json")["explanation"]
    if explanation:
        result["properties"] = {"explanation": explanation}
        alignment = explanation.get("alignment")
        if alignment:  # how sure the checker is that the two figures are one thing, and why
            result["properties"]["alignmentScore"] = alignment["score"]
            result["properties"]["alignmentReasons"] = alignment["reasons"]
    return result


def _artifact(path: str) -> dict[str, Any]:
    if is_url(path):  # an article known by its address (a ledger entry): already a URI
        return {"uri": path}
    if Path(path).is_absolute():  # outside the working directory: no base to be relative to
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def _physical(loc: Location, locator: Locator) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": max(loc.end_column, 1),
    }
    chars = locator.char_range(loc.span)
    if chars is not None:
        region["charOffset"], region["charLength"] = chars
    region["snippet"] = {"text": loc.span.text}
    return {"artifactLocation": _artifact(loc.path), "region": region}
