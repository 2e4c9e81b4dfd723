"""What ``archive check`` writes: JSON Lines (one finding a line) or SARIF.

The findings are rendered where they are found: each partition's task turns its findings into
text on its worker (``Renderer``), so that the client receives strings and counts, never the
findings and the documents they point into. The client only writes the text in order
(``writing``; a SARIF log through ``SarifWriter``), streamed to the output (``opened``).
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

from factcheck.model import Finding, Report
from factcheck.report.common import Locator
from factcheck.version import VERSION

if TYPE_CHECKING:
    from factcheck.ledger.check import Archived

FORMATS = ("jsonl", "sarif")

# A SARIF result's depth in the log: {"runs": [{"results": [ result ...
_RESULT_INDENT = " " * 8
_PLACEHOLDER = "\x00factcheck: the results go here\x00"


@dataclass(frozen=True)
class AdHoc:
    """A SARIF result of a rule the bundled registry does not list (a ``--rules`` rule): the
    log lists such rules in the order their first result comes, so only the client, which
    sees every partition in order, can number them. Rare, so sent as data, not text."""

    rule: dict[str, Any]
    result: dict[str, Any]


Item = str | AdHoc  # a rendered finding: a JSON line, or a SARIF result indented for the log


class Renderer:
    """Renders one article's findings, on the worker that found them, with the documents of
    that very comparison (what a passage's line and article are)."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.rules: dict[str, int] = {}  # SARIF: rule id → its index in the log
        if fmt == "sarif":
            from factcheck.report import sarif

            # The log's own rule list (the bundled rules), numbered as the client's will be.
            log = sarif.to_sarif(Report(version=VERSION), [], run_id="-")
            rules = log["runs"][0]["tool"]["driver"]["rules"]
            self.rules = {r["id"]: i for i, r in enumerate(rules)}

    def render(self, findings: Sequence[Finding], docs: Sequence[Archived]) -> Iterator[Item]:
        locator = Locator(Report(version=VERSION), [d.document for d in docs])
        if self.fmt == "sarif":
            yield from self._sarif(findings, locator)
            return
        articles = {d.document.id: d for d in docs}
        for f in findings:
            yield json.dumps(_line(f, locator, articles), ensure_ascii=False) + "\n"

    def _sarif(self, findings: Sequence[Finding], locator: Locator) -> Iterator[Item]:
        # The report renderer's own functions for one result and one ad hoc rule, so that the
        # results are its results. (The log-level parts that depend on findings, notes for
        # FC000, do not arise: ``article_conflicts`` never returns a finding without spans.)
        from factcheck.report import sarif

        for f in findings:
            index = self.rules.get(f.rule)
            if index is None:
                yield AdHoc(sarif.ad_hoc_rule(f), sarif.result_of(f, -1, locator))
            else:
                yield _indented(sarif.result_of(f, index, locator))


def _indented(result: dict[str, Any]) -> str:
    """A result as ``json.dumps(log, indent=2)`` writes it inside the log, without its
    separator: the same bytes, so the client can splice results in as text."""
    text = json.dumps(result, ensure_ascii=False, indent=2)
    return _RESULT_INDENT + text.replace("\n", "\n" + _RESULT_INDENT)


def _line(finding: Finding, locator: Locator, articles: dict[str, Archived]) -> dict[str, Any]:
    from factcheck.report.why import alignment_words, group_words

    passages = []
    for span in finding.spans:
        where = locator.locate(span)
        found = articles.get(span.document_id)
        article = found.article if found else None
        passages.append(
            {
                "article": article.id if article else None,
                "path": article.path if article else None,
                "url": article.url if article else None,
                "headline": article.headline if article else None,
                "published_at": article.published_at.isoformat()
                if article and article.published_at
                else None,
                "line": where.line,
                "column": where.column,
                "text": span.text,
            }
        )
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity,
        "reason": finding.message,
        "why": alignment_words(finding) or group_words(finding) or None,
        "passages": passages,
        "fingerprint": finding.fingerprint,
    }


# -- the client ---------------------------------------------------------------------------------


@contextlib.contextmanager
def writing(
    fmt: str, out: TextIO, *, run_id: str | None = None
) -> Iterator[Callable[[Sequence[Item]], None]]:
    """Where the partitions' items go, in order; the output is complete once this exits
    without an error."""
    if fmt != "sarif":
        # A JSON Lines renderer makes only lines (str), ready to write as they are.
        yield cast(Callable[[Sequence[Item]], None], out.writelines)
        return
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        log = SarifWriter(out, spool, run_id)
        yield log.add
        log.close()


class SarifWriter:
    """Results are spooled as they come, in order; the log around them, whose rule list ends
    with the ad hoc rules, is written once all have come."""

    def __init__(self, out: TextIO, spool: IO[str], run_id: str | None = None) -> None:
        self.out = out
        self.spool = spool
        self.run_id = run_id
        self.count = 0
        self.bundled = len(Renderer("sarif").rules)  # ad hoc rules are numbered after these
        self.ad_hoc: dict[str, int] = {}  # rule id → its index in the log's rule list
        self.ad_hoc_rules: list[dict[str, Any]] = []

    def add(self, items: Sequence[Item]) -> None:
        for item in items:
            if isinstance(item, AdHoc):
                item = self._numbered(item)
            self.spool.write(",\n" + item if self.count else "\n" + item)
            self.count += 1

    def _numbered(self, item: AdHoc) -> str:
        rule_id = item.rule["id"]
        if rule_id not in self.ad_hoc:
            self.ad_hoc[rule_id] = self.bundled + len(self.ad_hoc_rules)
            self.ad_hoc_rules.append(item.rule)
        return _indented(item.result | {"ruleIndex": self.ad_hoc[rule_id]})

    def close(self) -> None:
        from factcheck.report import sarif

        log = sarif.to_sarif(Report(version=VERSION), [], run_id=self.run_id)
        run = log["runs"][0]
        run["tool"]["driver"]["rules"].extend(self.ad_hoc_rules)
        run["results"] = [_PLACEHOLDER]
        text = json.dumps(log, ensure_ascii=False, indent=2) + "\n"
        head, mark, tail = text.partition(f"\n{_RESULT_INDENT}{json.dumps(_PLACEHOLDER)}\n")
        assert mark and tail.startswith("      ]"), "the results' place in the log"
        self.out.write(head)  # up to '"results": ['
        self.spool.seek(0)
        for chunk in iter(lambda: self.spool.read(1 << 20), ""):
            self.out.write(chunk)
        # As json.dumps writes a list: "[]" when empty, else its closing bracket on a line.
        self.out.write("\n" + tail if self.count else tail.lstrip(" "))


@contextlib.contextmanager
def opened(path: str | None) -> Iterator[TextIO]:
    """Standard output, or ``path`` written whole or not at all (``fileio.atomic_writer``),
    but streamed: the findings of a large archive need not all be held in memory at once."""
    if path is None:
        yield sys.stdout
        return
    from factcheck.fileio import atomic_writer

    with atomic_writer(path) as out:
        yield out
