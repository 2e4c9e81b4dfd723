"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`` (``warning``,
``notice`` for info). The runner reads one command per line, so the message escapes ``%``,
CR and LF, and property values additionally escape ``:`` and ``,``, which delimit them.
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.model import Document, Finding, Omitted, Report, Severity
from factcheck.report.common import Locator, omitted_note, one_line

COMMANDS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    lines = [_command(f, locator) for f in report.findings]
    lines += [_omitted(o, locator) for o in report.omitted]
    return "".join(line + "\n" for line in lines)


def _omitted(omitted: Omitted, locator: Locator) -> str:
    """One notice on the file for what the per-document cap left out."""
    path = locator.path(omitted.document_id)
    props = f"file={escape_property(path)},title={escape_property('factcheck: more findings')}"
    return f"::notice {props}::{escape_data(omitted_note(omitted, path))}"


def _command(finding: Finding, locator: Locator) -> str:
    props: list[tuple[str, str]] = []
    primary = locator.primary(finding)
    if primary is not None:
        props += [("file", primary.path), ("line", str(primary.line))]
        # The runner drops columns unless the annotation starts and ends on one line.
        if primary.end_line == primary.line:
            end = max(primary.end_column - 1, primary.column)  # GitHub's end column is inclusive
            props += [("col", str(primary.column))]
            props += [("endLine", str(primary.end_line)), ("endColumn", str(end))]
        else:
            props += [("endLine", str(primary.end_line))]
    props.append(("title", f"{finding.rule} {finding.name}"))
    lines = [one_line(finding.message)]
    for other in locator.related(finding):
        where = f"{other.path}:{other.line}:{other.column}"
        lines.append(f"Other passage ({where}): {one_line(other.span.text)}")
    properties = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    message = escape_data("\n".join(lines))
    return f"::{COMMANDS[finding.severity]} {properties}::{message}"
