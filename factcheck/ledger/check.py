"""A draft against the ledger, and the archive against itself.

The ledger adds no rules of its own. The articles a draft shares its rarest keys with are
loaded (text and stored claims, no extraction) and given to the normal engine as documents of
role ``source``, dated by their publication: ``ClaimGraph.documents_meet`` pairs each with the
draft and never two with each other, and FC101, FC102, FC104 and the alignment model decide as
they do for any source. A total that grows between two dated articles is an update; one that
falls is FC104. What the ledger adds is bookkeeping:

- findings that lie wholly inside archived articles are not the draft's (``ledger conflicts``
  reports those between articles);
- a finding against a claim a correction superseded is dropped;
- a pair of figures that reaches into an archived article is reported down to the info band
  (the alignment model's bands for two documents put most real cross-article clashes there),
  as ``--unsure`` would; the draft's own pairs keep the configured ``unsure``;
- each finding with an article names it: headline, publication date and link, and the date
  of the draft.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from factcheck.compare.pairs import FigurePairs
from factcheck.compare.score import Alignment
from factcheck.engine.registry import load_registry
from factcheck.engine.runner import run_rules
from factcheck.extract import extract_claims
from factcheck.extract.lexicon import Lexicon, load_lexicon
from factcheck.graph import ClaimGraph
from factcheck.heap import collector_paused
from factcheck.ledger.articles import PLACEHOLDER, NewArticle, day_of, identity_of, restore
from factcheck.ledger.errors import LedgerError
from factcheck.ledger.keys import index
from factcheck.ledger.store import StoredArticle, chunks
from factcheck.model import (
    CheckConfig,
    Claim,
    Document,
    DocumentInfo,
    Finding,
    Report,
    Role,
    Severity,
)
from factcheck.version import VERSION

_CLAIMS: TypeAdapter[list[Claim]] = TypeAdapter(list[Claim])
_FINDING: TypeAdapter[Finding] = TypeAdapter(Finding)

if TYPE_CHECKING:
    from factcheck.ledger.store import Ledger
    from factcheck.progress import Progress


@dataclass(frozen=True)
class Archived:
    """An article loaded as a source document, with what a finding says of it."""

    article: StoredArticle
    document: Document
    claims: list[Claim]
    superseded: frozenset[str]  # claim ids in this document's form


def as_documents(stored: Sequence[StoredArticle], taken: set[str]) -> list[Archived]:
    """The articles as source documents: named by their link (URL, else path), or by
    ``ledger:ID`` when that is taken."""
    out = []
    for article in stored:
        name = article.url or article.path or f"ledger:{article.id}"
        if name in taken:
            name = f"ledger:{article.id}"
        taken.add(name)
        doc = _document(article, name)
        claims = _CLAIMS.validate_json(restore(article.claims, name))
        superseded = frozenset(name + c[len(PLACEHOLDER) :] for c in article.superseded)
        out.append(Archived(article, doc, claims, superseded))
    return out


def _document(article: StoredArticle | NewArticle, name: str, role: Role = "source") -> Document:
    """An article as the engine's document, named ``name``."""
    return Document(
        id=name,
        text=article.text,
        role=role,
        published_at=article.published_at,
        format=article.format,
        source_map=article.source_map,
    )


def check_documents(
    ledger: Ledger,
    documents: Sequence[Document],
    config: CheckConfig,
    *,
    today: date | None = None,
) -> tuple[Report, list[Document]]:
    """Check drafts (and their sources) as ``factcheck.check`` does, and against the ledger.
    Returns the report and every document it points into (the archived articles too)."""
    lexicon = load_lexicon(tuple(config.rule_paths))
    dated = today or date.today()
    # A draft without a date is being written now: later than everything published.
    inputs = [
        d.model_copy(update={"published_at": dated})
        if d.role == "draft" and d.published_at is None
        else d
        for d in documents
    ]
    own: list[Claim] = []
    for doc in inputs:
        own.extend(extract_claims(doc, lexicon))
    drafts = {d.id for d in inputs if d.role == "draft"}
    wanted = index([c for c in own if c.document_id in drafts], lexicon)[1]
    # A draft already in the ledger (an update of a published story) is not read against
    # its own earlier version.
    files = [d.path for d in inputs if d.path and d.path != "-"]
    exclude = ledger.ids_of([identity_of(p) for p in files], files)
    stored = ledger.load(ledger.candidates(wanted, exclude))
    archived = as_documents(stored, {d.id for d in inputs})
    corrected = _correction_pairs(archived)
    findings = _run(inputs, own, archived, config, lexicon, corrected, keep_internal=True)
    findings = [_annotate(f, archived, inputs) for f in findings]
    report = Report(
        version=VERSION,
        documents=[DocumentInfo.of(d) for d in inputs]
        + [
            DocumentInfo(id=a.document.id, role="source", words=a.document.word_count())
            for a in archived
        ],
        findings=findings,
        claims=own,
    )
    return report, inputs + [a.document for a in archived]


def _run(
    inputs: Sequence[Document],
    own: list[Claim],
    archived: Sequence[Archived],
    config: CheckConfig,
    lexicon: Lexicon,
    corrected: list[set[str]],
    *,
    keep_internal: bool,
) -> list[Finding]:
    """The engine, once, over the inputs and the archived articles. With ``keep_internal``
    the inputs' own findings are kept; findings inside archived articles never are."""
    registry = load_registry(tuple(config.rule_paths))
    claims = own + [c for a in archived for c in a.claims]
    from_archive = frozenset(a.document.id for a in archived)
    graph = _LedgerGraph([*inputs, *(a.document for a in archived)], claims, lexicon)
    graph.archive = from_archive
    superseded = frozenset().union(*(a.superseded for a in archived))
    out = []
    for f in run_rules(registry, graph, config):
        docs = {s.document_id for s in f.spans}
        if not docs & from_archive:
            if keep_internal:
                out.append(f)  # the inputs' own, as a check with sources finds them
            continue
        if docs <= from_archive:
            continue  # inside the archive: not this copy's concern
        if set(f.explanation.get("claims", ())) & superseded:
            continue  # a figure a correction has replaced
        if docs in corrected:
            continue  # a correction against what it corrects: the point of it
        out.append(f)
    return out


class _LedgerGraph(ClaimGraph):
    """The claim graph of a check against the archive: the same pairing and model, with the
    info band always reported for a pair that reaches into an archived article."""

    archive: frozenset[str] = frozenset()  # the archived articles' document ids

    def figures(self) -> FigurePairs:
        if self._figures is None:
            self._figures = _LedgerPairs(self)
        return self._figures


class _LedgerPairs(FigurePairs):
    def severity(self, alignment: Alignment, strict: bool, unsure: bool) -> Severity | None:
        archive: frozenset[str] = getattr(self.graph, "archive", frozenset())
        reaches = alignment.a.claim.document_id in archive or (
            alignment.b.claim.document_id in archive
        )
        return super().severity(alignment, strict, unsure or reaches)


def _correction_pairs(archived: Sequence[Archived]) -> list[set[str]]:
    name = {a.article.id: a.document.id for a in archived}
    return [
        {name[a.article.id], name[a.article.corrects]}
        for a in archived
        if a.article.corrects in name
    ]


def _annotate(
    finding: Finding, archived: Sequence[Archived], inputs: Sequence[Document]
) -> Finding:
    """Name the archived article(s) a finding points into, with the dates on both sides."""
    by_doc = {a.document.id: a for a in archived}
    met = [by_doc[d] for d in dict.fromkeys(s.document_id for s in finding.spans) if d in by_doc]
    if not met:
        return finding
    dates = {d.id: day_of(d.published_at) for d in inputs}
    words = []
    for a in met:
        art = a.article
        when = art.published_at.isoformat() if art.published_at else "undated"
        words.append(f"published {when} in “{art.headline}” ({a.document.id})")
    drafted = [dates[s.document_id] for s in finding.spans if s.document_id in dates]
    if drafted and drafted[0] is not None:
        words.append(f"this copy is dated {drafted[0].isoformat()}")
    explanation = dict(finding.explanation)
    explanation["ledger"] = [
        {
            "article": a.article.id,
            "headline": a.article.headline,
            "published_at": a.article.published_at.isoformat() if a.article.published_at else None,
            "url": a.article.url,
            "path": a.article.path,
            "version": a.article.version,
            "document": a.document.id,
        }
        for a in met
    ]
    return finding.model_copy(
        update={"message": f"{finding.message} — {'; '.join(words)}", "explanation": explanation}
    )


# -- corrections ---------------------------------------------------------------------------------


def contradicted(
    ledger: Ledger, article: NewArticle, corrects: int, config: CheckConfig
) -> list[str]:
    """The claims of article ``corrects`` that a correction contradicts (stored ids): the
    figures it replaces. Found by the same engine, the correction read as a draft."""
    lexicon = load_lexicon(tuple(config.rule_paths))
    old = as_documents(ledger.load([corrects]), {PLACEHOLDER})
    if not old:
        return []
    draft = _document(article, PLACEHOLDER, "draft")
    name = old[0].document.id
    found = _run([draft], list(article.claims), old, config, lexicon, [], keep_internal=False)
    ids = {c for f in found for c in f.explanation.get("claims", ()) if c.startswith(name + "#")}
    return sorted(PLACEHOLDER + c[len(name) :] for c in ids)


# -- the archive against itself ----------------------------------------------------------------


KEEP_EVERY = 50  # articles read between two writes of what they found


def archive_conflicts(
    ledger: Ledger,
    config: CheckConfig,
    since: date | None = None,
    *,
    reread: bool = False,
    progress: Progress | None = None,
) -> tuple[Report, list[Document]]:
    """Every conflict between two archived articles: each article, read as a draft against
    the earlier articles that share its rarest keys. With ``since``, only the articles
    published on or after that day are read as drafts (against every earlier article).

    What an article's reading found is kept in the ledger (``Ledger.keep``) until a write
    could change it, so a call reads only the articles added or touched since the last one:
    linear in those, and a query for the rest. ``reread`` reads every article again."""
    settings = settings_digest(config)
    ids = ledger.article_ids(since)
    with collector_paused():
        kept = {} if reread else ledger.kept(ids, settings)
    unread = [i for i in ids if i not in kept]
    if progress is not None:
        progress.stage("reading", len(unread))
    read: dict[int, list[Finding]] = {}
    keeping = True
    for batch_ids in chunks(unread, KEEP_EVERY):
        writes = ledger.writes()
        batch: dict[int, list[Finding]] = {}
        for article_id in batch_ids:
            batch[article_id] = _read_one(ledger, article_id, config)
            if progress is not None:
                progress.advance()
        read.update(batch)
        if keeping:
            as_json = {i: [f.model_dump_json() for f in found] for i, found in batch.items()}
            try:
                ledger.keep(as_json, settings, writes)
            except LedgerError:
                keeping = False  # a ledger we may not write to: read it all, keep nothing
    if progress is not None:
        progress.close()
    with collector_paused():  # tens of thousands of findings and their articles, all kept
        findings = [
            f
            for i in ids
            for f in (read[i] if i in read else [_FINDING.validate_json(j) for j in kept[i]])
        ]
        documents = _cited_documents(ledger, findings)
        infos = [DocumentInfo(id=d.id, role="source", words=d.word_count()) for d in documents]
        report = Report(version=VERSION, documents=infos, findings=findings)
    return report, documents


def settings_digest(config: CheckConfig) -> str:
    """What decides an article's conflicts besides the articles: the engine's version, the
    alignment model and the settings. Kept findings read under another digest are read
    again."""
    from factcheck.compare import _walk

    words = f"{VERSION}\0{_walk.DIGEST}\0{config.model_dump_json()}"
    return hashlib.sha256(words.encode()).hexdigest()


def _read_one(ledger: Ledger, article_id: int, config: CheckConfig) -> list[Finding]:
    earlier = ledger.candidates_of(article_id)
    if not earlier:
        return []
    loaded = ledger.load([article_id, *earlier])
    if not loaded or loaded[0].id != article_id:
        return []  # removed meanwhile
    return article_conflicts(loaded, config)[0]


def _cited_documents(ledger: Ledger, findings: Sequence[Finding]) -> list[Document]:
    """The articles the findings point into, as documents named as the findings name them."""
    names: dict[int, str] = {}
    for f in findings:
        for cited in f.explanation.get("ledger", ()):
            names.setdefault(int(cited["article"]), str(cited["document"]))
    return [_document(a, names[a.id]) for a in ledger.load(sorted(names), with_claims=False)]


def article_conflicts(
    loaded: Sequence[StoredArticle], config: CheckConfig
) -> tuple[list[Finding], list[Archived]]:
    """The conflicts of one article (``loaded[0]``, read as a draft) with the earlier
    articles it is read against (the rest): ``ledger conflicts`` and ``archive check`` both
    decide here. Returns the findings and the articles as documents."""
    lexicon = load_lexicon(tuple(config.rule_paths))
    docs = as_documents(loaded, set())
    me = docs[0]
    draft = me.document.model_copy(update={"role": "draft"})
    corrected = _correction_pairs(docs)
    found = _run([draft], me.claims, docs[1:], config, lexicon, corrected, keep_internal=False)
    findings = [
        _annotate(f, docs, [])
        for f in found
        if not set(f.explanation.get("claims", ())) & me.superseded
    ]
    return findings, docs
