"""Documents too big to hold whole, checked window by window.

A check holds every claim of its documents with its frame and its candidate pairs: some
hundreds of bytes per character of figure-dense copy. A document longer than a megabyte is
therefore cut into sections at paragraph breaks, and each section is checked in a window that
also reads the ``REACH_CHARS`` before it (with every document under the limit: the sources of
a draft). A window is extracted, compared and let go before the next, so memory follows the
window and time the file; the text read twice costs about a quarter more time.

What meets: two passages at most ``REACH_CHARS`` apart (a long article is ~60k characters),
and any two in one section, as in a whole check. Each pair is reported once, by the window
whose section holds its later passage. Passages further apart may not be compared; nor are
two documents that are both over the limit (``factcheck archive`` compares a whole archive).
Findings point at the file's own offsets, lines and columns, and a claim's id names its kind
and place in the file (``draft.md#q@1234``), so that a claim read by two windows is one
claim. The report lists the claims its findings cite.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from factcheck.model import Claim, Document, Finding, QuantityClaim, Span

# Up to WHOLE_CHARS a document is read whole: the densest news then peaks at about 500 MB,
# and nothing is read twice (windows read a quarter more text, which costs as much time).
WHOLE_CHARS = 1024 * 1024
SECTION_CHARS = 256 * 1024  # reported by one window: ~40k words
REACH_CHARS = 64 * 1024  # how far back a window reads before its section: ~10k words

T = TypeVar("T")


def is_big(document: Document) -> bool:
    """Checked in windows: longer than ``WHOLE_CHARS``."""
    return len(document.text) > WHOLE_CHARS


def cuts(text: str, section: int) -> list[int]:
    """Section boundaries, ``0`` first and ``len(text)`` last, each at a break in the text
    (``_break_before``) in the last half of a section's size."""
    bounds = [0]
    while len(text) - bounds[-1] > section:
        bounds.append(_break_before(text, bounds[-1] + section, section // 2))
    bounds.append(len(text))
    return bounds


@dataclass(frozen=True)
class Window:
    """``text[start:end]`` of a document: a section (from ``new``) with the text before it
    that its passages still meet. Passages from ``new`` on are reported here."""

    start: int
    end: int
    new: int


def windows(text: str, section: int, reach: int) -> list[Window]:
    bounds = cuts(text, section)
    return [
        Window(_break_before(text, max(0, new - reach), reach // 2), end, new)
        for new, end in itertools.pairwise(bounds)
    ]


def _break_before(text: str, at: int, slack: int) -> int:
    """Where a piece may start: just after the last paragraph break (else line break, else
    sentence end) at most ``slack`` characters before ``at``; ``at`` itself when none is."""
    for mark in ("\n\n", "\n", ". "):
        found = text.rfind(mark, max(0, at - slack), at)
        if found >= 0:
            return found + len(mark)
    return at


def window_document(document: Document, window: Window) -> Document:
    """The window as a document of its own, under the document's id."""
    return Document(
        id=document.id,
        text=document.text[window.start : window.end],
        role=document.role,
        published_at=document.published_at,
        path=document.path,
        format=document.format,
    )


class Placer:
    """Moves what one window found back into its document: offsets, lines and columns, and
    claim ids that name the place in the file."""

    def __init__(
        self, document: Document, window: Window, claims: Iterable[Claim], first: bool
    ) -> None:
        self.document = document
        self.window = window
        self.first = first  # the check's first window
        self.ids: dict[str, str] = {}
        taken: set[str] = set()
        for claim in claims:
            if claim.document_id != document.id:
                continue
            letter = claim.id.rsplit("#", 1)[-1][:1]
            base = f"{document.id}#{letter}@{claim.span.start + window.start}"
            new, n = base, 1
            while new in taken:  # two claims of one kind at one place: rare, kept apart
                n += 1
                new = f"{base}.{n}"
            taken.add(new)
            self.ids[claim.id] = new

    def reports(self, finding: Finding) -> bool:
        """This window reports the finding: its latest passage in the document lies in the
        window's section. Every window finds what lies only in the other documents: the
        check's first window reports it; a finding without a passage (a rule that failed)
        is reported by every window it happens in."""
        own = [s.start for s in finding.spans if s.document_id == self.document.id]
        if own:
            return max(own) + self.window.start >= self.window.new
        return self.first or not finding.spans

    def span(self, span: Span) -> Span:
        if span.document_id != self.document.id:
            return span
        start, end = span.start + self.window.start, span.end + self.window.start
        line, column = self.document.locate(start)
        end_line, end_column = self.document.locate(end)
        return span.model_copy(
            update={
                "start": start,
                "end": end,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
            }
        )

    def finding(self, finding: Finding) -> Finding:
        return finding.model_copy(
            update={
                "spans": [self.span(s) for s in finding.spans],
                "explanation": _renamed(finding.explanation, self.ids),
            }
        )

    def claim(self, claim: Claim) -> Claim:
        if claim.document_id != self.document.id:
            return claim
        update: dict[str, Any] = {
            "id": self.ids[claim.id],
            "span": self.span(claim.span),
            "sentence": self.span(claim.sentence),
        }
        part_of = getattr(claim, "part_of", None)
        if part_of is not None:
            update["part_of"] = self.ids.get(part_of, part_of)
        title_span = getattr(claim, "title_span", None)
        if title_span is not None:
            update["title_span"] = self.span(title_span)
        if isinstance(claim, QuantityClaim) and claim.scope.event_at is not None:
            at = claim.scope.event_at + self.window.start
            update["scope"] = claim.scope.model_copy(update={"event_at": at})
        return claim.model_copy(update=update)


def _renamed(value: Any, ids: dict[str, str]) -> Any:
    """``value`` (an explanation: dicts, lists, strings) with every claim id renamed."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, dict):
        return {k: _renamed(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, ids) for v in value]
    return value


def cited(findings: Iterable[Finding]) -> set[str]:
    """The claim ids findings name in their explanations."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "claims" and isinstance(inner, list):
                    found.update(v for v in inner if isinstance(v, str))
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for finding in findings:
        walk(finding.explanation)
    return found


def unique(items: Iterable[T], key: Callable[[T], object]) -> Iterator[T]:
    seen: set[object] = set()
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            yield item


def plan(documents: Sequence[Document]) -> list[tuple[int, Window]]:
    """Every window to check, as (index of its big document, window), in document order."""
    return [
        (i, w)
        for i, doc in enumerate(documents)
        if is_big(doc)
        for w in windows(doc.text, SECTION_CHARS, REACH_CHARS)
    ]
