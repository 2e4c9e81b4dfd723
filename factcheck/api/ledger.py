"""The /v1/ledger endpoints' work, as a check worker runs it.

Every ledger call opens the server's ledger, does one thing and closes it, inside a check
worker: the event loop never waits on the database, a slow one meets the same time budget as a
check, and a check process killed mid-write leaves its transaction undone (each article is
written in one). Each task calls the functions ``factcheck ledger …`` calls, so the API and
the CLI decide alike.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from factcheck.engine.registry import load_registry
from factcheck.errors import FactcheckError
from factcheck.ledger.errors import LedgerError, NoSuchArticle
from factcheck.model import CheckConfig

from . import payloads
from .jobs import DocSpec, Done, Outcome, Refused, failed, ledger_unavailable, read, to_json
from .schemas import API_VERSION


@dataclass(frozen=True)
class AddArticle:
    article: DocSpec  # text, format and date, read as a request's documents are
    identity: str
    url: str | None
    headline: str | None
    corrects: int | None


@dataclass(frozen=True)
class RemoveArticle:
    article_id: int


@dataclass(frozen=True)
class ListArticles:
    offset: int
    limit: int


@dataclass(frozen=True)
class FindConflicts:
    config: CheckConfig
    since: date | None = None  # only articles published since then are read as drafts


LedgerTask = AddArticle | RemoveArticle | ListArticles | FindConflicts


@dataclass(frozen=True)
class LedgerJob:
    ledger: str  # the server's ledger: a SQLite file or a postgresql:// URL
    task: LedgerTask


class _Refusal(Exception):
    def __init__(self, refusal: Refused) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def execute_ledger(job: LedgerJob) -> Outcome:
    """Run one ledger task; like ``jobs.execute`` it answers every failure with an Outcome."""
    try:
        return _run(job)
    except _Refusal as exc:
        return exc.refusal
    except LedgerError as exc:
        return ledger_unavailable(exc, job.ledger)
    except FactcheckError as exc:
        return Refused(422, "invalid_input", str(exc).splitlines()[0])
    except Exception:
        return failed("the ledger request failed")


def _run(job: LedgerJob) -> Done:
    task = job.task
    if isinstance(task, AddArticle):
        return _add(job.ledger, task)
    if isinstance(task, RemoveArticle):
        return _remove(job.ledger, task)
    if isinstance(task, ListArticles):
        return _list(job.ledger, task)
    return _conflicts(job.ledger, task)


def _add(ledger_url: str, task: AddArticle) -> Done:
    from factcheck.extract.lexicon import load_lexicon
    from factcheck.ledger.articles import from_document
    from factcheck.ledger.check import contradicted
    from factcheck.ledger.store import Ledger

    try:
        document = read(task.article)
    except FactcheckError as exc:
        raise _Refusal(_invalid("text", str(exc).splitlines()[0])) from exc
    article = from_document(
        document, load_lexicon(()), identity=task.identity, url=task.url, path=None
    )
    if task.headline is not None:
        article = dataclasses.replace(article, headline=task.headline)
    with Ledger.open(ledger_url, create=True) as ledger:
        superseded: list[str] = []
        if task.corrects is not None:
            superseded = contradicted(ledger, article, task.corrects, CheckConfig())
        try:
            added = ledger.add(article, corrects=task.corrects, superseded=superseded)
        except NoSuchArticle as exc:
            message = f"no article {task.corrects} in the ledger (see GET /v1/ledger/articles)"
            raise _Refusal(_invalid("corrects", message)) from exc
    body = {
        "apiVersion": API_VERSION,
        "outcome": added.outcome,
        "article": {
            "id": added.id,
            "identity": task.identity,
            "version": added.version,
            "claims": added.claims,
        },
        "superseded": len(superseded),
    }
    return Done(to_json(body), status=201 if added.outcome == "added" else 200)


def _remove(ledger_url: str, task: RemoveArticle) -> Done:
    from factcheck.ledger.store import Ledger

    with Ledger.open(ledger_url) as ledger:
        try:
            ledger.remove(task.article_id)
        except NoSuchArticle as exc:
            message = f"no article {task.article_id} in the ledger (see GET /v1/ledger/articles)"
            raise _Refusal(Refused(404, "not_found", message)) from exc
    return Done(to_json({"apiVersion": API_VERSION, "removed": task.article_id}))


def _list(ledger_url: str, task: ListArticles) -> Done:
    from factcheck.ledger.store import Ledger

    with Ledger.open(ledger_url) as ledger:
        total = ledger.article_count()
        rows = ledger.listing(task.offset, task.limit)
    end = task.offset + task.limit
    body: dict[str, Any] = {
        "apiVersion": API_VERSION,
        "articles": rows,
        "total": total,
        "offset": task.offset,
        "limit": task.limit,
        "next_offset": end if end < total else None,
    }
    return Done(to_json(body))


def _conflicts(ledger_url: str, task: FindConflicts) -> Done:
    from factcheck.ledger.check import archive_conflicts
    from factcheck.ledger.store import Ledger

    with Ledger.open(ledger_url) as ledger:
        report, documents = archive_conflicts(ledger, task.config, task.since)
    by_id = {d.id: d for d in documents}
    payload = payloads.check_payload(report, by_id, load_registry(), include_claims=False)
    return Done(to_json(payload))


def _invalid(field: str, message: str) -> Refused:
    return Refused(
        422, "invalid_input", f"{field}: {message}", [{"field": field, "message": message}]
    )
