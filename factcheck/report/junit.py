"""JUnit XML, the test report every CI server shows (Jenkins, GitLab, Azure, CircleCI …),
in the widely read shape of Jenkins' junit-10 schema.

One ``<testsuite>`` per document checked, named by its path; each finding is a
``<testcase>`` in the suite of its first passage, and a clean document has one passing
``<testcase>``, so that a dashboard counts it too. A finding at or above the run's
``--fail-on`` severity is a ``<failure>``; one below it is ``<skipped>``, with the same text,
so that the dashboard is red exactly when the job fails and still lists what to look at.
A test is named by rule and fingerprint, which stay the same from run to run while the
passages do, so a CI server can follow one finding's history. The text holds everything an
editor needs: where, the other passage, why, and the rule's documentation. A rule that
failed (FC000) is an ``<error>`` in a suite of its own: the check did not run there, which
is not the same as a finding.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from factcheck.engine.fingerprints import fingerprint
from factcheck.model import (
    DEFAULT_FAIL_ON,
    SEVERITY_RANK,
    Claim,
    Document,
    Finding,
    Report,
    Severity,
)
from factcheck.report.common import TOOL_NAME, Locator, one_line, rule_doc_uri
from factcheck.report.why import claims_by_id, explain
from factcheck.report.xmlout import element, serialise, xml_text

CLEAN_TEST = "no claims that cannot all be true"
RULES_SUITE = f"{TOOL_NAME} rules"


def render(
    report: Report, documents: Sequence[Document], *, fail_on: Severity = DEFAULT_FAIL_ON
) -> str:
    locator = Locator(report, documents)
    claims = claims_by_id(report)
    by_document: dict[str, list[Finding]] = {d.id: [] for d in report.documents}
    failed_rules: list[Finding] = []
    for f in report.findings:
        if f.spans:
            by_document.setdefault(f.spans[0].document_id, []).append(f)
        else:
            failed_rules.append(f)
    root = element("testsuites", name=TOOL_NAME)
    for doc_id, findings in by_document.items():
        root.append(_suite(locator.path(doc_id), findings, locator, claims, fail_on))
    if failed_rules:
        root.append(_rules_suite(failed_rules))
    _count(root, root.findall("testsuite"))
    return serialise(root)


def _suite(
    path: str,
    findings: Sequence[Finding],
    locator: Locator,
    claims: Mapping[str, Claim],
    fail_on: Severity,
) -> ET.Element:
    suite = element("testsuite", name=path)
    if not findings:
        element("testcase", suite, name=CLEAN_TEST, classname=path, file=path)
    for f in findings:
        _, line, _ = locator.anchor(f)
        case = element("testcase", suite, name=_test_name(f), classname=path, file=path, line=line)
        if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]:
            outcome = element("failure", case, message=one_line(f.message), type=f.rule)
        else:
            message = f"{f.severity}, below --fail-on {fail_on}: {one_line(f.message)}"
            outcome = element("skipped", case, message=message, type=f.rule)
        outcome.text = xml_text(_details(f, locator, claims))
    _count(suite, [suite])
    return suite


def _rules_suite(findings: Sequence[Finding]) -> ET.Element:
    suite = element("testsuite", name=RULES_SUITE)
    for f in findings:
        rule = str(f.explanation.get("rule", f.rule))
        case = element("testcase", suite, name=f"rule {rule} runs", classname=RULES_SUITE)
        error = element("error", case, message=one_line(f.message), type=f.rule)
        error.text = xml_text(f.message)
    _count(suite, [suite])
    return suite


def _test_name(f: Finding) -> str:
    return f"{f.rule} {f.name} {f.fingerprint or fingerprint(f)}"


def _details(f: Finding, locator: Locator, claims: Mapping[str, Claim]) -> str:
    """The failure's body: where, what, the other passages, why, and where to read more."""
    lines = []
    for i, loc in enumerate([*filter(None, [locator.primary(f)]), *locator.related(f)]):
        label = "at" if i == 0 else "other passage at"
        lines.append(f"{label} {loc.path}:{loc.line}:{loc.column}: “{one_line(loc.span.text)}”")
    lines.append(f"{f.severity}: {one_line(f.message)}")
    why = explain(f, claims)
    if why.clash:
        lines += [f"why: {why.clash}", *(f"  - {p}" for p in why.pairs)]
    if why.same_thing:
        lines.append(why.same_thing)
    lines.append(f"rule: {rule_doc_uri(f.rule)}")
    return "\n".join(lines)


def _count(target: ET.Element, suites: Sequence[ET.Element]) -> None:
    """Set the counts junit readers expect on a suite or on the whole: tests, failures and
    errors, and on a suite (junit-10 has it there only) the skipped ones."""
    cases = [case for suite in suites for case in suite.findall("testcase")]
    target.set("tests", str(len(cases)))
    target.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    target.set("errors", str(sum(c.find("error") is not None for c in cases)))
    if target.tag == "testsuite":
        target.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
