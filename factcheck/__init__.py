"""factcheck: find figures, dates, names and quotes in news copy that cannot all be true.

from factcheck import check, Document
report = check([Document(id="draft", text=open("story.txt").read())])
"""

from factcheck.model import (
    CheckConfig,
    Claim,
    Document,
    Finding,
    Interval,
    Measure,
    QuantityClaim,
    QuoteClaim,
    Report,
    Scope,
    Span,
)
from factcheck.pipeline import check
from factcheck.version import VERSION as __version__

__all__ = [
    "CheckConfig",
    "Claim",
    "Document",
    "Finding",
    "Interval",
    "Measure",
    "QuantityClaim",
    "QuoteClaim",
    "Report",
    "Scope",
    "Span",
    "__version__",
    "check",
]
