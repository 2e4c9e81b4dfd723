"""GitLab Code Quality: a JSON array of issues, which GitLab shows in merge requests.

Each issue has the fields GitLab requires: ``description``, ``check_name`` (the rule code),
``fingerprint`` (the finding's own, stable across runs and edits elsewhere in the file, see
``factcheck.engine.fingerprints``), ``severity`` in GitLab's names and ``location`` with a path
relative to the repository and the first line. A finding without a passage (FC000) is placed on
the first line of the first document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from factcheck.engine.fingerprints import fingerprint
from factcheck.model import Document, Finding, Report, Severity
from factcheck.report.common import Locator, one_line

# GitLab's scale is info, minor, major, critical, blocker. An error is a statement that cannot
# be true as printed: major, as linters rate a definite bug; critical and blocker are left for
# what a newsroom decides is worse, through its own tooling.
SEVERITIES: dict[Severity, str] = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    issues = [_issue(f, locator) for f in report.findings]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _issue(finding: Finding, locator: Locator) -> dict[str, Any]:
    path, line, _ = locator.anchor(finding)
    primary = locator.primary(finding)
    lines = {"begin": line, "end": primary.end_line if primary else line}
    return {
        "type": "issue",
        "check_name": finding.rule,
        "description": _description(finding, locator),
        "categories": ["Bug Risk"],
        "fingerprint": finding.fingerprint or fingerprint(finding),
        "severity": SEVERITIES[finding.severity],
        "location": {"path": path, "lines": lines},
    }


def _description(finding: Finding, locator: Locator) -> str:
    said = f"{finding.rule} {finding.name}: {one_line(finding.message)}"
    others = [f"{o.path}:{o.line} “{one_line(o.span.text)}”" for o in locator.related(finding)]
    return f"{said} (other passage: {'; '.join(others)})" if others else said
