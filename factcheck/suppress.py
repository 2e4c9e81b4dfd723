"""Hiding findings an editor has acknowledged: inline comments and a baseline file.

Inline, in the file itself (HTML comments, so Markdown and HTML renderers hide them)::

    <!-- factcheck: ignore FC101 -->        the next paragraph, for FC101
    <!-- factcheck: ignore FC101 FC102 -->  several rules (commas work too; names too)
    <!-- factcheck: ignore -->              the next paragraph, every rule
    <!-- factcheck: ignore-file FC301 -->   the whole file (every rule without codes)

Anything after the codes is a free-text reason. A finding is hidden when any of its passages
lies in an ignored stretch: the editor vouched for that passage.

A baseline is a JSON file of finding fingerprints, written by ``factcheck baseline``. The
fingerprint hashes the rule and the passages' words, not their positions, so a finding stays
acknowledged when text elsewhere in the file changes; a new contradiction has a new one.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from factcheck.engine.groups import regroup
from factcheck.errors import ConfigError
from factcheck.model import Document, Finding, Report
from factcheck.report.common import Locator

BASELINE_VERSION = 1

# The opening of a directive; its end is the next "-->", found with str.find so that a file
# full of unclosed openers is read once, not once per opener.
_DIRECTIVE_OPEN = re.compile(r"<!--\s*factcheck:\s*(ignore-file|ignore)(?=\s|-->)", re.I)
_SPACE = re.compile(r"\s*")
_RULE_TOKEN = re.compile(r"^(FC\d{3}|[a-z]+\.[a-z][a-z-]*)$", re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Ignored:
    """Lines ``first``..``last`` (1-based, inclusive) of one document, for some rules (all
    when ``rules`` is empty)."""

    document_id: str
    first: int
    last: int
    rules: frozenset[str]

    def covers(self, finding: Finding, document_id: str, first: int, last: int) -> bool:
        if document_id != self.document_id or last < self.first or first > self.last:
            return False
        return not self.rules or bool({finding.rule.upper(), finding.name.upper()} & self.rules)


def _rules(text: str) -> frozenset[str]:
    """The leading codes or names of a directive; the rest is the reason."""
    rules = []
    for token in re.split(r"[\s,]+", text.strip()):
        if not _RULE_TOKEN.match(token):
            break
        rules.append(token.upper())
    return frozenset(rules)


def _comments(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Each directive's start and end offsets, its kind and the text after the kind."""
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        opening = _DIRECTIVE_OPEN.match(text, start)
        if opening is None:
            pos = start + 1
            continue
        close = text.find("-->", opening.end())
        if close < 0:  # nothing after this can be closed either
            return
        yield start, close + 3, opening[1].lower(), text[opening.end() : close]
        pos = close + 3


def _after_space(text: str, pos: int) -> int:
    space = _SPACE.match(text, pos)
    return space.end() if space else pos


def _lines_at(text: str, offsets: Iterable[int]) -> dict[int, int]:
    """The 1-based line of each offset, counting the text once however many offsets."""
    lines: dict[int, int] = {}
    pos, line = 0, 1
    for offset in sorted(set(offsets)):
        line += text.count("\n", pos, offset)
        pos = offset
        lines[offset] = line
    return lines


def directives(document_id: str, text: str) -> list[Ignored]:
    """The stretches of ``text`` (the file as written) that its comments ignore."""
    stretches: list[tuple[int, int, frozenset[str]]] = []
    blank: re.Match[str] | None = None
    searched_from = -1
    for start, end, kind, rest in _comments(text):
        rules = _rules(rest)
        if kind == "ignore-file":
            stretches.append((0, len(text), rules))
            continue
        # The next paragraph: from the first non-blank after the comment to a blank line.
        # Directives come in order, so the blank line found for one often serves the next.
        begin = _after_space(text, end)
        if searched_from < 0 or begin < searched_from or (blank and begin > blank.start()):
            blank = _BLANK_LINE.search(text, begin)
            searched_from = begin
        stretches.append((start, blank.start() if blank else len(text), rules))
    lines = _lines_at(text, (offset for first, last, _ in stretches for offset in (first, last)))
    return [
        Ignored(document_id, lines[first], lines[last], rules) for first, last, rules in stretches
    ]


class _IgnoredIndex:
    """Ignored stretches grouped by document and rule ("" when for every rule), sorted by first
    line with the furthest last line reached so far: a lookup is a bisect, so a file with many
    comments and many findings is not checked pairwise."""

    def __init__(self, ignored: Iterable[Ignored]) -> None:
        groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for stretch in ignored:
            for rule in stretch.rules or {""}:
                groups.setdefault((stretch.document_id, rule), []).append(
                    (stretch.first, stretch.last)
                )
        self._firsts: dict[tuple[str, str], list[int]] = {}
        self._reach: dict[tuple[str, str], list[int]] = {}
        for key, stretches in groups.items():
            stretches.sort()
            self._firsts[key] = [first for first, _ in stretches]
            self._reach[key] = list(accumulate((last for _, last in stretches), max))

    def covers(self, finding: Finding, document_id: str, first: int, last: int) -> bool:
        for rule in ("", finding.rule.upper(), finding.name.upper()):
            key = (document_id, rule)
            starting = bisect_right(self._firsts.get(key, []), last)  # stretches from <= last
            if starting and self._reach[key][starting - 1] >= first:
                return True
        return False


def apply_inline(report: Report, documents: Sequence[Document]) -> Report:
    """The report without the findings that ``factcheck:`` comments in the files ignore."""
    return InlineIgnores(documents).apply(report)


class InlineIgnores:
    """The ``factcheck:`` comments of some documents, read once: a document checked in
    windows is screened once per window.

    Comments are read from the files themselves (loaders drop them from the text the engine
    reads), or from the document's text when it has no file."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._locator = Locator(Report(version=""), documents)
        ignored: list[Ignored] = []
        for doc in documents:
            raw = self._locator.raw_text(doc.id)
            if raw and "factcheck" in raw:
                ignored.extend(directives(doc.id, raw))
        self._index = _IgnoredIndex(ignored) if ignored else None

    def apply(self, report: Report) -> Report:
        index = self._index
        if index is None:
            return report

        def hidden(finding: Finding) -> bool:
            for span in finding.spans:
                loc = self._locator.locate(span)
                if index.covers(finding, span.document_id, loc.line, loc.end_line):
                    return True
            return False

        # A group of clashing figures is judged pair by pair: an ignore comment by one figure
        # hides that figure's pairs, not the conflicts among the others.
        kept = [g for f in report.findings for g in regroup(f, lambda p: not hidden(p))]
        return report.model_copy(update={"findings": kept})


# -- baseline ------------------------------------------------------------------------------


def write_baseline(report: Report, documents: Sequence[Document] = ()) -> str:
    """The baseline file's text: every finding's fingerprint, with where it was and what it
    said so a reviewer can read what is being acknowledged."""
    locator = Locator(report, documents)
    entries = []
    for finding in report.findings:
        primary = locator.primary(finding)
        entry = {"fingerprint": finding.fingerprint, "rule": finding.rule}
        if primary is not None:
            entry["where"] = f"{primary.path}:{primary.line}:{primary.column}"
        entry["message"] = finding.message
        entries.append(entry)
    entries.sort(key=lambda e: (e.get("where", ""), e["rule"], e["fingerprint"]))
    data = {"tool": "factcheck", "version": BASELINE_VERSION, "findings": entries}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: str | Path) -> set[str]:
    """The fingerprints a baseline file acknowledges."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{path}: baseline file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read the baseline: {exc}"]) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            [f"{path}:{exc.lineno}: the baseline is not valid JSON: {exc.msg}"]
        ) from None
    if not (
        isinstance(data, dict)
        and data.get("tool") == "factcheck"
        and isinstance(data.get("findings"), list)
    ):
        raise ConfigError(
            [f"{path}: not a factcheck baseline (write one with 'factcheck baseline')"]
        )
    entries = data["findings"]
    fingerprints = set()
    for i, entry in enumerate(entries):
        value = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not value:
            raise ConfigError([f"{path}: findings[{i}] has no fingerprint"])
        fingerprints.add(value)
    return fingerprints


def apply_baseline(report: Report, fingerprints: Iterable[str]) -> Report:
    """The report without the findings the baseline acknowledges."""
    known = set(fingerprints)
    kept = [
        g
        for f in report.findings
        if f.fingerprint not in known
        for g in regroup(f, lambda p: p.fingerprint not in known)  # pairs acknowledged one by one
    ]
    return report.model_copy(update={"findings": kept})
