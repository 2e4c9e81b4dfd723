"""The one core call: documents in, report out. The CLI and the API are thin shells over it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from factcheck.cancel import checkpoint
from factcheck.collector import fewer_collections
from factcheck.engine.registry import load_registry
from factcheck.engine.runner import in_report_order, run_rules
from factcheck.extract import extract_claims
from factcheck.extract.lexicon import load_lexicon
from factcheck.graph import ClaimGraph
from factcheck.model import CheckConfig, Claim, Document, DocumentInfo, Finding, Report
from factcheck.sections import Placer, cited, is_big, plan, unique, window_document
from factcheck.version import VERSION

ProgressHook = Callable[[int, int], None]  # (windows done, windows in all) of big documents


@dataclass(frozen=True)
class Analysis:
    report: Report
    graph: ClaimGraph


def analyse(documents: Sequence[Document], config: CheckConfig | None = None) -> Analysis:
    """Extract claims from every document, build the claim graph, run the rules."""
    config = config or CheckConfig()
    _check_ids(documents)
    with fewer_collections():
        return _analyse(documents, config)


def _analyse(documents: Sequence[Document], config: CheckConfig) -> Analysis:
    registry = load_registry(tuple(config.rule_paths))
    lexicon = load_lexicon(tuple(config.rule_paths))
    claims: list[Claim] = []
    for doc in documents:
        checkpoint()
        claims.extend(extract_claims(doc, lexicon))
    graph = ClaimGraph.build(documents, claims, lexicon)
    findings = run_rules(registry, graph, config)
    report = Report(version=VERSION, documents=_infos(documents), findings=findings, claims=claims)
    return Analysis(report=report, graph=graph)


def _infos(documents: Sequence[Document]) -> list[DocumentInfo]:
    return [DocumentInfo.of(d) for d in documents]


Screen = Callable[[Report], Report]  # what a caller keeps of a report: hides, then caps


def check(
    documents: Sequence[Document],
    config: CheckConfig | None = None,
    progress: ProgressHook | None = None,
    screen: Screen | None = None,
) -> Report:
    """Check a draft (and its sources) for claims that cannot all be true.

    A document over the section limit is read in windows (``factcheck.sections``):
    ``progress`` hears of each, and ``screen``, the caller's last step before it shows the
    report (ignore comments, a baseline, the per-document cap), is applied window by window,
    so that memory holds what will be shown, not everything found. Without ``screen`` every
    finding is kept. The caller still screens the report it gets: screening twice changes
    nothing."""
    if not any(is_big(d) for d in documents):
        return analyse(documents, config).report
    config = config or CheckConfig()
    _check_ids(documents)
    with fewer_collections():
        return _check_in_windows(documents, config, progress, screen)


def _check_in_windows(
    documents: Sequence[Document],
    config: CheckConfig,
    progress: ProgressHook | None,
    screen: Screen | None,
) -> Report:
    """``check`` of documents some of which are big: each window in turn, with what the
    reader will be shown (``screen``) kept as it goes and the claims those findings cite."""
    todo = plan(documents)
    ids = [d.id for d in documents]
    held = Report(version=VERSION, documents=_infos(documents))
    claims: dict[str, Claim] = {}
    for done, (big, window) in enumerate(todo):
        # The window stands in for its document; other big documents stay out (see sections).
        part = window_document(documents[big], window)
        run = _analyse(
            [part if i == big else d for i, d in enumerate(documents) if i == big or not is_big(d)],
            config,
        ).report
        placer = Placer(documents[big], window, run.claims, first=done == 0)
        found = [placer.finding(f) for f in run.findings if placer.reports(f)]
        # A rule that failed fails in many windows: once is enough.
        merged = in_report_order(list(unique(held.findings + found, _place_of)), ids)
        held = held.model_copy(update={"findings": merged})
        if screen is None:
            wanted = cited(found)  # nothing held is ever let go
        else:
            held = screen(held)
            wanted = cited(held.findings)
            claims = {i: c for i, c in claims.items() if i in wanted}
        for claim in run.claims:  # moved only when cited: most claims of a window are not
            if placer.ids.get(claim.id, claim.id) in wanted:
                moved = placer.claim(claim)
                claims[moved.id] = moved
        if progress is not None:
            progress(done + 1, len(todo))
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    kept = sorted(claims.values(), key=lambda c: (order[c.document_id], c.span.start))
    return held.model_copy(update={"claims": kept})


def _place_of(finding: Finding) -> tuple[object, ...]:
    return (
        finding.rule,
        finding.message,
        *((s.document_id, s.start, s.end) for s in finding.spans),
    )


def _check_ids(documents: Sequence[Document]) -> None:
    seen: set[str] = set()
    for doc in documents:
        if doc.id in seen:
            raise ValueError(f"two documents share the id {doc.id!r}; ids must be unique")
        seen.add(doc.id)
