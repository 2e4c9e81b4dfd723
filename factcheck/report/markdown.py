"""A Markdown summary for a pull-request comment: counts, a table, then each conflict with its
passages quoted and the figures in bold.

Every piece of text from the documents is escaped so that a passage cannot open a link, a
table cell, an HTML tag, a heading or a list; ``@`` and ``:`` are escaped too, against
mentions and emoji codes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from factcheck.model import Claim, Document, Finding, Report
from factcheck.report.common import (
    Location,
    Locator,
    omitted_note,
    one_line,
    plural,
    rule_doc_uri,
    rule_specs,
    severity_summary,
)
from factcheck.report.why import claims_by_id, explain

# Characters that mean something to GitHub-flavoured Markdown wherever they stand. A
# backslash before any ASCII punctuation shows the character itself.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#@:!])")
# What only means something at the start of a line: list markers, setext underlines, "1.".
_LINE_START = re.compile(r"[-+=]|\d+(?=[.)])")
_SPACES = re.compile(r"\s+")


def _inline(text: str) -> str:
    return _INLINE.sub(r"\\\1", _SPACES.sub(" ", text))


def _block_safe(text: str) -> str:
    text = text.strip()
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group().isdigit():  # escape the "." or ")" after the number
        return text[: match.end()] + "\\" + text[match.end() :]
    return "\\" + text


def escape(text: str) -> str:
    """Text shown literally, on one line."""
    return _block_safe(_inline(text))


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    head = severity_summary(report.findings)
    out = [f"## factcheck: {head}" if report.findings else "## factcheck: no findings", ""]
    if report.documents:
        checked = ", ".join(f"`{_code(locator.path(d.id))}` ({d.role})" for d in report.documents)
        out += [f"Checked {plural(len(report.documents), 'document')}: {checked}.", ""]
    if not report.findings:
        out.append("No claims that cannot all be true were found.")
        return "\n".join(out) + "\n"
    out += ["| # | Severity | Rule | Where | Finding |", "|---|---|---|---|---|"]
    for i, finding in enumerate(report.findings, 1):
        primary = locator.primary(finding)
        where = f"`{_code(_where(primary))}`" if primary else "—"
        out.append(
            f"| {i} | {finding.severity} | {finding.rule} `{finding.name}` | {where} "
            f"| {escape(finding.message)} |"
        )
    claims, documented = claims_by_id(report), set(rule_specs())
    for i, finding in enumerate(report.findings, 1):
        out += ["", *_details(i, finding, locator, claims, documented)]
    for o in report.omitted:
        out += ["", f"_…{escape(omitted_note(o, locator.path(o.document_id)))}_"]
    return "\n".join(out) + "\n"


def _code(text: str) -> str:
    """Text inside a one-backtick code span (no escapes work there; backticks cannot close it
    if they are replaced)."""
    return one_line(text).replace("`", "ʼ").replace("|", "¦")


def _where(loc: Location | None) -> str:
    return f"{loc.path}:{loc.line}:{loc.column}" if loc else ""


def _details(
    i: int, finding: Finding, locator: Locator, claims: Mapping[str, Claim], documented: set[str]
) -> list[str]:
    out = [f"### {i}. {finding.rule} {finding.name} ({finding.severity})", ""]
    out += [escape(finding.message), ""]
    why = explain(finding, claims)
    if why.clash:
        out += [f"**Why:** {escape(why.clash)}", ""]
    out += [f"- {escape(pair)}" for pair in why.pairs] + ([""] if why.pairs else [])
    if why.same_thing:
        out += [escape(why.same_thing), ""]
    if finding.rule in documented:
        out += [f"[About {finding.rule}]({rule_doc_uri(finding.rule)})", ""]
    for span in finding.spans:
        loc = locator.locate(span)
        passage = locator.passage(span)
        figure = _inline(passage.figure.strip())
        # Keep the spacing around the figure: bold must hug its text to render.
        lead = " " if passage.figure[:1].isspace() else ""
        trail = " " if passage.figure[-1:].isspace() else ""
        bold = f"{lead}**{figure}**{trail}" if figure else " "
        quote = f"{_inline(passage.before)}{bold}{_inline(passage.after)}"
        out += [f"`{_code(_where(loc))}`", "", f"> {_block_safe(quote)}", ""]
    return out[:-1]
