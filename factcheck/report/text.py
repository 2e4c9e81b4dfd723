"""Plain-text output for people at a terminal: findings, extracted claims and rule docs.

A finding reads like a compiler message, ``path:line:col: FC101 error message``, followed by
the passage it points at with the claim underlined, then each related passage (the other side
of the conflict) with its own location. ANSI colour is added only when the caller asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from factcheck.model import (
    Claim,
    DateClaim,
    Document,
    EntityClaim,
    Finding,
    PolarityClaim,
    QuantityClaim,
    Report,
    Span,
)
from factcheck.report.common import (
    SEVERITIES,
    Locator,
    display_path,
    omitted_note,
    one_line,
    plural,
    rule_help_markdown,
    severity_counts,
)
from factcheck.report.why import alignment_words, group_words

if TYPE_CHECKING:
    from factcheck.engine.registry import RuleSpec

_SEVERITY_COLOUR = {"error": "31", "warning": "33", "info": "36"}  # red, yellow, cyan
# A sentence ends at . ! ? (and closing quotes or brackets) before a space and anything but a
# lowercase word, so "the U.S. military" stays whole; a line break ends it too.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?![a-z])|\n")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r" ([.,;:!?])")
_CONTEXT = 70  # characters of excerpt kept on each side of a passage
_INDENT = "    "


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text


def _squash(text: str) -> str:
    # One space per run of whitespace (Markdown's blanked markup leaves long runs), none
    # before punctuation.
    return _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text))


def excerpt(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around ``text[start:end]``, trimmed to a readable width, on one line.

    Returns the excerpt, where the passage starts in it and how long it is there.
    """
    left = max(0, start - 400)
    for before_end in _SENTENCE_END.finditer(text, left, start):
        left = before_end.end()
    after_end = _SENTENCE_END.search(text, end)
    right = after_end.end() if after_end else len(text)
    before = _squash(text[left:start]).lstrip()
    passage = _squash(text[start:end])
    after = _squash(text[end:right]).rstrip()
    if len(before) > _CONTEXT:
        cut = before.find(" ", len(before) - _CONTEXT)
        before = "…" + before[cut + 1 if cut != -1 else len(before) - _CONTEXT :]
    if len(after) > _CONTEXT:
        cut = after.rfind(" ", 0, _CONTEXT)
        after = after[: cut if cut > 0 else _CONTEXT] + "…"
    return before + passage + after, len(before), max(1, len(passage))


class _FindingWriter:
    def __init__(self, locator: Locator, style: _Style) -> None:
        self.locator = locator
        self.style = style

    def where(self, span: Span) -> str:
        loc = self.locator.locate(span)
        return f"{loc.path}:{loc.line}:{loc.column}"

    def passage(self, span: Span) -> list[str]:
        doc = self.locator.documents.get(span.document_id)
        if doc is None or doc.text[span.start : span.end] != span.text:
            return [f"{_INDENT}| {one_line(span.text)}"]
        line, at, width = excerpt(doc.text, span.start, span.end)
        carets = " " * at + self.style("^" * width, "1;35")
        return [f"{_INDENT}| {line}", f"{_INDENT}| {carets}"]

    def finding(self, f: Finding) -> list[str]:
        s = self.style
        head = f"{s(f.rule, '1')} {s(f.severity, _SEVERITY_COLOUR[f.severity])} {f.message}"
        if not f.spans:  # a rule crashed (FC000): there is no passage to point at
            return [f"factcheck: {head}"]
        primary, *related = f.spans
        lines = [f"{s(self.where(primary), '1')}: {head}", *self.passage(primary)]
        for span in related:
            lines.append(f"  {self.where(span)}: related")
            lines.extend(self.passage(span))
        why = alignment_words(f) or group_words(f)
        if why:
            lines.append(f"  why: {why}")
        return lines


def summary(report: Report, files: int) -> str:
    if not report.findings:
        return f"No findings in {plural(files, 'file')}."
    counts = severity_counts(report.findings)
    parts = ", ".join(plural(counts[sev], sev) for sev in SEVERITIES if counts[sev])
    line = f"{plural(len(report.findings), 'finding')} ({parts}) in {plural(files, 'file')}"
    left_out = sum(o.count for o in report.omitted)
    return f"{line}, {left_out} more not shown" if left_out else line


def render_text(report: Report, documents: Sequence[Document], *, color: bool = False) -> str:
    """Every finding with its passages, then a one-line summary."""
    writer = _FindingWriter(Locator(report, documents), _Style(color))
    blocks = ["\n".join(writer.finding(f)) for f in report.findings]
    locator = writer.locator
    blocks += [f"… {omitted_note(o, locator.path(o.document_id))}" for o in report.omitted]
    files = len(documents) or len(report.documents)
    return "\n\n".join([*blocks, summary(report, files)]) + "\n"


# -- claims (factcheck claims FILE) -------------------------------------------------------------


def _quantity_fields(c: QuantityClaim) -> list[str]:
    measure = c.measure.family + (f"/{c.measure.counted}" if c.measure.counted else "")
    if c.measure.anchor:
        measure += f" ({c.measure.anchor})"
    fields = [measure, f"qualifier={c.qualifier}", f"hard={c.hard}", f"soft={c.soft}"]
    where = {
        "time": c.scope.time,
        "since": c.scope.since,
        "place": c.scope.where,
        "event": c.scope.event,
    }
    scope = [c.scope.kind, *(f"{k}={v}" for k, v in where.items() if v)]
    fields.append("scope=" + ",".join(scope))
    if c.ordinal:
        fields.append("ordinal")
    return fields


def _date_fields(claim: DateClaim) -> list[str]:
    """When the date resolved to, how precisely, and the event it dates (debugging FC2xx)."""
    if claim.start is None:
        when = "unresolved"
    elif claim.start == claim.end:
        when = str(claim.start)
    else:
        when = f"{claim.start}..{claim.end}"
    fields = [f"when={when}", f"precision={claim.precision}"]
    if claim.weekday:
        fields.append(f"weekday={claim.weekday}")
    if claim.relation != "at":
        fields.append(f"relation={claim.relation}")
    if claim.event:
        fields.append(f"event={claim.event}")
    return fields


def claim_line(claim: Claim, where: str) -> str:
    """One claim on one line: where, kind, the words, then what the extractor made of them."""
    words = one_line(claim.span.text)
    if len(words) > 80:
        words = words[:79] + "…"
    fields = [where, claim.kind, f'"{words}"']
    if isinstance(claim, QuantityClaim):
        fields += _quantity_fields(claim)
    elif isinstance(claim, DateClaim):
        fields += _date_fields(claim)
    elif isinstance(claim, EntityClaim):
        fields += [f"{claim.entity_type}={claim.key}", f"mention={claim.mention}"]
        if claim.title:
            fields.append(f"title={claim.title!r}")
    elif isinstance(claim, PolarityClaim):
        fields += [f"proposition={claim.proposition!r}", "negated" if claim.negated else "asserted"]
    if claim.attribution:
        fields.append(f"by={claim.attribution}")
    if claim.modality != "asserted":
        fields.append(f"modality={claim.modality}")
    if claim.in_quote:
        fields.append("in-quote")
    return "  ".join(fields)


def render_claims(claims: Sequence[Claim], document: Document) -> str:
    path = display_path(document.path) if document.path else document.id
    lines = []
    for claim in claims:
        line, column = document.locate(claim.span.start)
        lines.append(claim_line(claim, f"{path}:{line}:{column}"))
    lines.append(f"{plural(len(claims), 'claim')} in {path}")
    return "\n".join(lines) + "\n"


# -- rule documentation (factcheck rules) -------------------------------------------------------


def render_rule_list(specs: Sequence[RuleSpec], *, markdown: bool = False) -> str:
    if markdown:
        rows = ["| Code | Name | Severity | Summary |", "|---|---|---|---|"]
        for r in specs:
            summary_cell = one_line(r.summary).replace("|", "\\|")
            rows.append(f"| {r.code} | `{r.name}` | {r.severity} | {summary_cell} |")
        return "\n".join(rows) + "\n"
    width = max((len(r.name) for r in specs), default=0)
    rows = [f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}" for r in specs]
    return "\n".join([*rows, plural(len(specs), "rule")]) + "\n"


def render_rule(spec: RuleSpec, *, markdown: bool = False) -> str:
    options = [f"{k} = {v!r}" for k, v in sorted(spec.options.items())] or ["(none)"]
    if markdown:
        parts = [
            f"## {spec.code} `{spec.name}`",
            f"Severity: **{spec.severity}** · type: `{spec.kind}`",
            rule_help_markdown(spec),
            "### Options\n\n" + "\n".join(f"- `{o}`" for o in options),
        ]
        return "\n\n".join(parts) + "\n"
    parts = [
        f"{spec.code} {spec.name} ({spec.severity}; type {spec.kind})",
        spec.summary.strip(),
        f"Why:\n{_INDENT}{one_line(spec.why)}",
        f"Example (flagged):\n{_INDENT}{one_line(spec.example)}",
        f"Use instead:\n{_INDENT}{one_line(spec.use_instead)}",
        "Options:\n" + "\n".join(_INDENT + o for o in options),
    ]
    return "\n\n".join(parts) + "\n"
