"""SARIF 2.1.0, the format GitHub code scanning and most CI dashboards read.

One run; the driver lists every registered rule with its documentation; each finding is a
result located at its first span, with the other side of the conflict as related locations.
Columns count Unicode code points (``columnKind``), as the engine does. URIs of files are
relative to ``%SRCROOT%`` (the working directory) so that uploads match the repository's files;
a document that is no file (stdin, an upload) keeps its bare id, with no base.

Beyond the results: one invocation (the exit code when the caller knows it, and a notification
for each rule that failed and for what the per-document cap left out), ``automationDetails``
to tell runs apart, and message templates (``messageStrings`` with ``message.id``) naming the
kind of each result (two passages, a group, one passage, a failed rule) so that viewers can
group results by kind; ``message.text`` is always there too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from factcheck.model import Document, Finding, Report, Severity
from factcheck.report.common import (
    INFORMATION_URI,
    TOOL_NAME,
    Location,
    Locator,
    is_url,
    omitted_note,
    one_line,
    rule_doc_uri,
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
# SARIF reads an automation id as "<category>/<run>": everything before the last "/" names
# the kind of analysis (stable from run to run, so a dashboard can compare runs), the last
# part one run of it.
AUTOMATION_CATEGORY = f"{TOOL_NAME}/check"

_INTERNAL_SUMMARY = "A rule failed while running; the check went on without it."
# The kinds of result, as message templates: {0} is always the finding's own message.
MESSAGE_STRINGS: dict[str, str] = {
    "pair": "{0} (“{1}” against “{2}”)",
    "group": "{0} ({1} passages)",
    "single": "{0} (“{1}”)",
}
FAILURE_STRINGS: dict[str, str] = {
    "rule-failed": "The rule {0} failed with {1}; the check went on without it.",
}


def render(
    report: Report,
    documents: Sequence[Document],
    *,
    specs: Mapping[str, RuleSpec] | None = None,
    cwd: Path | None = None,
    exit_code: int | None = None,
    run_id: str | None = None,
) -> str:
    """The SARIF log as JSON. ``specs`` defaults to the bundled rules; ``exit_code`` is the
    one the command will exit with, when known; ``run_id`` defaults to ``default_run_id()``."""
    log = to_sarif(report, documents, specs=specs, cwd=cwd, exit_code=exit_code, run_id=run_id)
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def to_sarif(
    report: Report,
    documents: Sequence[Document],
    *,
    specs: Mapping[str, RuleSpec] | None = None,
    cwd: Path | None = None,
    exit_code: int | None = None,
    run_id: str | None = None,
) -> dict[str, Any]:
    specs = rule_specs() if specs is None else specs
    root = (cwd or Path.cwd()).resolve()
    locator = Locator(report, documents, root)
    rules = [_rule(spec) for _, spec in sorted(specs.items())]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for finding in report.findings:  # rules the registry does not know (FC000, unloaded files)
        if finding.rule not in index:
            index[finding.rule] = len(rules)
            rules.append(ad_hoc_rule(finding))
    driver = {
        "name": TOOL_NAME,
        "version": report.version,
        "semanticVersion": report.version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [_invocation(report, locator, exit_code)],
        "automationDetails": {"id": f"{AUTOMATION_CATEGORY}/{run_id or default_run_id()}"},
    }
    doc_ids = {d.id for d in report.documents} | {d.id for d in documents}
    if any(locator.has_file(d) and not is_url(locator.path(d)) for d in doc_ids):
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}}
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = [result_of(f, index[f.rule], locator) for f in report.findings]
    if report.omitted:
        omitted = [o.model_dump(mode="json") for o in report.omitted]
        run["properties"] = {"omittedFindings": omitted}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def default_run_id(env: Mapping[str, str] | None = None, now: datetime | None = None) -> str:
    """The CI run when there is one (GitHub Actions' run id and attempt, GitLab's pipeline
    id), else the time of the report in UTC, to the second."""
    env = os.environ if env is None else env
    if env.get("GITHUB_RUN_ID"):
        return f"{env['GITHUB_RUN_ID']}-{env.get('GITHUB_RUN_ATTEMPT') or '1'}"
    if env.get("CI_PIPELINE_ID"):
        return env["CI_PIPELINE_ID"]
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def _invocation(report: Report, locator: Locator, exit_code: int | None) -> dict[str, Any]:
    """How the run went. A failed rule does not stop the others, so the run still succeeded;
    its notification (level error) says which rule is missing from the results."""
    invocation: dict[str, Any] = {"executionSuccessful": exit_code in (None, 0, 1)}
    if exit_code is not None:
        invocation["exitCode"] = exit_code
    notes = [_failure_note(f) for f in report.findings if f.rule == "FC000"]
    notes += _omitted_notes(report, locator)
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _failure_note(finding: Finding) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "error",
        "message": {"text": one_line(finding.message)},
        "descriptor": {"id": finding.rule},
    }
    failed = finding.explanation.get("rule")
    if isinstance(failed, str):
        note["associatedRule"] = {"id": failed}
    error = finding.explanation.get("error")
    if isinstance(error, str):
        note["exception"] = {"kind": error}
    return note


def _omitted_notes(report: Report, locator: Locator) -> list[dict[str, Any]]:
    """What the per-document cap left out: a note per document for people; the counts for
    programs are a run property."""
    return [
        {
            "level": "note",
            "message": {"text": omitted_note(o, locator.path(o.document_id))},
            "locations": [
                {"physicalLocation": {"artifactLocation": _artifact(o.document_id, locator)}}
            ],
            "properties": {"omitted": o.model_dump(mode="json")},
        }
        for o in report.omitted
    ]


def _templates(strings: Mapping[str, str]) -> dict[str, Any]:
    return {key: {"text": text} for key, text in strings.items()}


def _rule(spec: RuleSpec) -> dict[str, Any]:
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": one_line(spec.summary)},
        "fullDescription": {"text": one_line(spec.why)},
        "help": {"text": rule_help_text(spec), "markdown": rule_help_markdown(spec)},
        "helpUri": rule_doc_uri(spec.code),
        "defaultConfiguration": {"level": LEVELS[spec.severity]},
        "messageStrings": _templates(MESSAGE_STRINGS),
        "properties": {"tags": [spec.name.split(".")[0], spec.kind]},
    }


def ad_hoc_rule(finding: Finding) -> dict[str, Any]:
    """A rule entry for a finding whose rule has no bundled documentation (FC000, a rule
    from an extra folder): the archive writer streams these too."""
    internal = finding.rule == "FC000"
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": _INTERNAL_SUMMARY if internal else finding.name},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "messageStrings": _templates(FAILURE_STRINGS if internal else MESSAGE_STRINGS),
    }


def _template(finding: Finding) -> tuple[str, list[str]]:
    """Which message template a result uses, and its arguments (escaped like the text)."""
    said = one_line(finding.message)
    if finding.rule == "FC000":
        failed = str(finding.explanation.get("rule", "?"))
        args = [failed, str(finding.explanation.get("error", "an error"))]
        return "rule-failed", [_escape_message(a) for a in args]
    passages = [one_line(s.text) for s in finding.spans]
    if len(passages) == 2:
        key, args = "pair", [said, *passages]
    elif len(passages) > 2:
        key, args = "group", [said, str(len(passages))]
    else:
        key, args = "single", [said, *passages[:1]]
    return key, [_escape_message(a) for a in args]


def _escape_message(text: str) -> str:
    """Plain-text SARIF messages treat ``[text](n)`` as a link: literal brackets are escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def result_of(finding: Finding, rule_index: int, locator: Locator) -> dict[str, Any]:
    """One SARIF result; ``rule_index`` points into the run's rules (-1: not yet known)."""
    message = _escape_message(one_line(finding.message))
    template, arguments = _template(finding)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message, "id": template, "arguments": arguments},
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


def _artifact(doc_id: str, locator: Locator) -> dict[str, Any]:
    path = locator.path(doc_id)
    if is_url(path):  # an article known by its address (a ledger entry): already a URI
        return {"uri": path}
    if Path(path).is_absolute():  # outside the working directory: no base to be relative to
        return {"uri": Path(path).as_uri()}
    if not locator.has_file(doc_id):  # stdin or an upload: a name, with nothing to resolve it
        return {"uri": quote(path)}
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
    return {"artifactLocation": _artifact(loc.span.document_id, locator), "region": region}
