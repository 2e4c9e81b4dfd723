"""A standalone HTML report: one file, inline CSS, no scripts.

Each finding shows its passages side by side, the figure highlighted inside its sentence, with
the reason under a disclosure. Every piece of text, from the documents or the engine, goes
through ``html.escape``: a draft is untrusted input and the report may be opened in a browser.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

from factcheck.model import Document, Finding, Report, Span
from factcheck.report.common import SEVERITIES, Locator, omitted_note, plural, severity_counts

_CSS = """
:root { --error: #b42318; --warning: #b54708; --info: #175cd3; --line: #d0d5dd; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1.5rem;
       color: #101828; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.summary { color: #475467; margin: 0 0 1rem; }
.docs { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.docs li { border: 1px solid var(--line); border-radius: .375rem; padding: .125rem .5rem; }
.finding { border: 1px solid var(--line); border-left: .375rem solid var(--sev);
           border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
.finding.error { --sev: var(--error); } .finding.warning { --sev: var(--warning); }
.finding.info { --sev: var(--info); }
.finding h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
.badge { color: #fff; background: var(--sev); border-radius: .25rem; padding: 0 .375rem;
         font-size: .8rem; text-transform: uppercase; vertical-align: middle; }
.passages { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
.passage { margin: 0; border: 1px solid var(--line); border-radius: .375rem; padding: .75rem; }
.passage figcaption { font: .85rem ui-monospace, monospace; color: #475467; }
.passage blockquote { margin: .5rem 0 0; }
mark { background: #fef0c7; border-bottom: 2px solid var(--sev); padding: 0 .125rem; }
details { margin-top: .75rem; } dt { font-weight: 600; } dd { margin: 0 0 .25rem 1rem; }
footer { color: #667085; font-size: .85rem; margin-top: 2rem; }
"""


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    counts = severity_counts(report.findings)
    summary = ", ".join(plural(counts[s], s if s != "info" else "note") for s in SEVERITIES)
    docs = "".join(
        f"<li>{escape(locator.path(d.id))} <small>({escape(d.role)})</small></li>"
        for d in report.documents
    )
    body = "".join(_finding(i, f, locator) for i, f in enumerate(report.findings, 1))
    body += "".join(
        f'<p class="summary">… {escape(omitted_note(o, locator.path(o.document_id)))}</p>\n'
        for o in report.omitted
    )
    if not report.findings:
        body = "<p>No claims that cannot all be true were found.</p>"
    checked = plural(len(report.documents), "document")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>factcheck report</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        "<header>\n<h1>factcheck report</h1>\n"
        f'<p class="summary">{escape(summary)} in {escape(checked)}</p>\n'
        f'<ul class="docs">{docs}</ul>\n</header>\n'
        f"<main>\n{body}\n</main>\n"
        f"<footer>factcheck {escape(report.version)}</footer>\n"
        "</body>\n</html>\n"
    )


def _finding(i: int, finding: Finding, locator: Locator) -> str:
    severity = escape(finding.severity)
    passages = "".join(_passage(span, locator) for span in finding.spans)
    return (
        f'<article class="finding {severity}" id="finding-{i}">\n'
        f'<h2><span class="badge">{severity}</span> {escape(finding.rule)} '
        f"<code>{escape(finding.name)}</code></h2>\n"
        f"<p>{escape(finding.message)}</p>\n"
        f'<div class="passages">{passages}</div>\n'
        f"{_explanation(finding.model_dump(mode='json')['explanation'])}"
        "</article>\n"
    )


def _passage(span: Span, locator: Locator) -> str:
    loc = locator.locate(span)
    passage = locator.passage(span)
    role = ""
    doc = locator.documents.get(span.document_id)
    if doc is not None:
        role = f" · {escape(doc.role)}"
    return (
        '<figure class="passage">'
        f"<figcaption>{escape(loc.path)}:{loc.line}:{loc.column}{role}</figcaption>"
        f"<blockquote>{escape(passage.before)}<mark>{escape(passage.figure)}</mark>"
        f"{escape(passage.after)}</blockquote></figure>"
    )


def _explanation(explanation: dict[str, Any]) -> str:
    if not explanation:
        return ""
    rows = "".join(
        f"<dt>{escape(str(key))}</dt><dd>{escape(_value(value))}</dd>"
        for key, value in explanation.items()
    )
    return f"<details><summary>Why</summary><dl>{rows}</dl></details>\n"


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
