"""What ``archive check`` writes: JSON Lines (one finding a line) or SARIF."""

from __future__ import annotations

import json
from typing import Any

from factcheck.archive.compare import ArticleRef
from factcheck.archive.stages import Result
from factcheck.model import DocumentInfo, Finding, Report
from factcheck.report.common import Locator
from factcheck.version import VERSION

FORMATS = ("jsonl", "sarif")


def as_report(result: Result) -> Report:
    return Report(
        version=VERSION,
        documents=[
            DocumentInfo(id=d.id, role="source", words=len(d.text.split()))
            for d in result.documents
        ],
        findings=result.findings,
    )


def render(result: Result, fmt: str) -> str:
    report = as_report(result)
    if fmt == "sarif":
        from factcheck.report import sarif

        return sarif.render(report, result.documents)
    locator = Locator(report, result.documents)
    return "".join(
        json.dumps(_line(f, locator, result.articles), ensure_ascii=False) + "\n"
        for f in result.findings
    )


def _line(finding: Finding, locator: Locator, articles: dict[str, ArticleRef]) -> dict[str, Any]:
    from factcheck.report.text import alignment_words, group_words

    passages = []
    for span in finding.spans:
        where = locator.locate(span)
        article = articles.get(span.document_id)
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
