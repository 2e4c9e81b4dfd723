"""A standalone HTML report for editors: one file, inline CSS, no scripts.

The page opens with the list of findings, each linking to its card. A card shows the passages
side by side, the figure highlighted inside its sentence, then "Why" in words (from
``factcheck.report.why``, as the text and Markdown reports say it) and a link to the rule's
documentation. Every piece of text, from the documents or the engine, goes through
``html.escape``: a draft is untrusted input and the report may be opened in a browser. A
Content-Security-Policy allows the page's own stylesheet (by its hash) and nothing else, so
even a mistake in escaping could not run a script or load anything.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from html import escape

from factcheck.model import Claim, Document, Finding, Report, Span
from factcheck.report.common import (
    Locator,
    omitted_note,
    plural,
    rule_doc_uri,
    rule_specs,
    severity_summary,
)
from factcheck.report.why import Why, claims_by_id, explain

_CSS = """
:root { --error: #b42318; --warning: #b54708; --info: #175cd3; --line: #d0d5dd; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1.5rem;
       color: #101828; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.summary { color: #475467; margin: 0 0 1rem; }
.docs { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.docs li { border: 1px solid var(--line); border-radius: .375rem; padding: .125rem .5rem; }
.error { --sev: var(--error); } .warning { --sev: var(--warning); } .info { --sev: var(--info); }
#findings ol { padding-left: 1.5rem; } #findings li { margin: .25rem 0; }
#findings li::marker { color: var(--sev); font-weight: 600; }
.finding { border: 1px solid var(--line); border-left: .375rem solid var(--sev);
           border-radius: .5rem; padding: 1rem; margin: 1rem 0; scroll-margin-top: 1rem; }
.finding:target { box-shadow: 0 0 0 3px #fec84b; }
.finding h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
.badge { color: #fff; background: var(--sev); border-radius: .25rem; padding: 0 .375rem;
         font-size: .8rem; text-transform: uppercase; vertical-align: middle; }
.passages { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
.passage { margin: 0; border: 1px solid var(--line); border-radius: .375rem; padding: .75rem; }
.passage figcaption { font: .85rem ui-monospace, monospace; color: #475467; }
.passage blockquote { margin: .5rem 0 0; }
mark { background: #fef0c7; border-bottom: 2px solid var(--sev); padding: 0 .125rem; }
.why { margin-top: .75rem; } .why h3 { font-size: .95rem; margin: 0; }
.why p { margin: .25rem 0; } .why ul { margin: .25rem 0; }
.links { font-size: .85rem; margin: .75rem 0 0; }
footer { color: #667085; font-size: .85rem; margin-top: 2rem; }
"""


def _style_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


# Nothing but the page's own stylesheet: no scripts, images, fonts, frames or form targets.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src '{_style_hash(_CSS)}'; base-uri 'none'; form-action 'none'"
)


def render(report: Report, documents: Sequence[Document]) -> str:
    locator = Locator(report, documents)
    claims = claims_by_id(report)
    documented = set(rule_specs())
    docs = "".join(
        f"<li>{escape(locator.path(d.id))} <small>({escape(d.role)})</small></li>"
        for d in report.documents
    )
    cards = "".join(
        _finding(i, f, locator, claims, documented) for i, f in enumerate(report.findings, 1)
    )
    cards += "".join(
        f'<p class="summary">… {escape(omitted_note(o, locator.path(o.document_id)))}</p>\n'
        for o in report.omitted
    )
    if not report.findings:
        cards = "<p>No claims that cannot all be true were found.</p>"
    checked = plural(len(report.documents), "document")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>factcheck report</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        "<header>\n<h1>factcheck report</h1>\n"
        f'<p class="summary">{escape(severity_summary(report.findings))} in '
        f"{escape(checked)}</p>\n"
        f'<ul class="docs">{docs}</ul>\n</header>\n'
        f"{_contents(report.findings, locator)}"
        f"<main>\n{cards}\n</main>\n"
        f"<footer>factcheck {escape(report.version)}</footer>\n"
        "</body>\n</html>\n"
    )


def _contents(findings: Sequence[Finding], locator: Locator) -> str:
    """The list of findings at the top, each a link to its card."""
    if not findings:
        return ""
    items = []
    for i, f in enumerate(findings, 1):
        primary = locator.primary(f)
        where = f"{primary.path}:{primary.line}" if primary else "the whole check"
        items.append(
            f'<li class="{escape(f.severity)}"><a href="#finding-{i}">'
            f"{escape(f.rule)} {escape(f.severity)}: {escape(f.message)}</a> "
            f"<small>{escape(where)}</small></li>"
        )
    return (
        '<nav id="findings" aria-labelledby="findings-title">\n'
        '<h2 id="findings-title">Findings</h2>\n'
        f"<ol>{''.join(items)}</ol>\n</nav>\n"
    )


def _finding(
    i: int, finding: Finding, locator: Locator, claims: Mapping[str, Claim], documented: set[str]
) -> str:
    severity = escape(finding.severity)
    passages = "".join(_passage(span, locator) for span in finding.spans)
    rule = f"{escape(finding.rule)} <code>{escape(finding.name)}</code>"
    docs = ""
    if finding.rule in documented:
        href = escape(rule_doc_uri(finding.rule))
        rule = f'<a class="rule" href="{href}">{rule}</a>'
        docs = f' · <a class="rule-doc" href="{href}">what {escape(finding.rule)} checks</a>'
    return (
        f'<article class="finding {severity}" id="finding-{i}">\n'
        f'<h2><span class="badge">{severity}</span> {rule}</h2>\n'
        f"<p>{escape(finding.message)}</p>\n"
        f'<div class="passages">{passages}</div>\n'
        f"{_why(explain(finding, claims))}"
        f'<p class="links"><a href="#findings">back to the list</a>{docs}</p>\n'
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


def _why(why: Why) -> str:
    if not (why.clash or why.same_thing):  # no words beyond the message above
        return ""
    parts = [f'<p class="clash">{escape(why.clash)}</p>'] if why.clash else []
    if why.pairs:
        parts.append("<ul>" + "".join(f"<li>{escape(p)}</li>" for p in why.pairs) + "</ul>")
    if why.same_thing:
        parts.append(f'<p class="same-thing">{escape(why.same_thing)}</p>')
    return f'<section class="why"><h3>Why</h3>{"".join(parts)}</section>\n'
