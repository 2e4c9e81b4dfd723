"""The work of one request as a check worker runs it: read the documents (Markdown and HTML
included), check them and render the answer's JSON.

A ``Job`` is plain data the handler builds after validating the request, so it can be handed
to a check process; ``execute`` turns it into an ``Outcome`` and never raises, so a worker
always has an answer to send back. Everything costly about a request happens here, inside
the time budget and off the event loop.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

import pydantic_core

from factcheck.compare.score import ModelError
from factcheck.engine.registry import load_registry
from factcheck.errors import FactcheckError
from factcheck.ingest import TextFormat, loader_for
from factcheck.ledger.errors import LedgerError
from factcheck.model import CheckConfig, Document, Role
from factcheck.pipeline import Analysis

from . import languagetool, payloads
from .schemas import LTCheckForm

if TYPE_CHECKING:
    from .ledger import LedgerJob

Analyser = Callable[[Sequence[Document], CheckConfig], Analysis]
Endpoint = Literal["check", "claims", "graph", "lt"]

log = logging.getLogger("factcheck.api")


@dataclass(frozen=True)
class DocSpec:
    """One document of a request, validated but not yet read."""

    index: int  # its place in the request, for error messages (documents.<index>.text)
    id: str
    text: str
    role: Role = "draft"
    published_at: date | datetime | None = None
    format: TextFormat = "text"


@dataclass(frozen=True)
class Job:
    endpoint: Endpoint
    documents: tuple[DocSpec, ...]
    config: CheckConfig
    include_claims: bool = True
    # /v2/check: the text as the client sent it (for offsets) and the form (for the answer).
    lt_text: languagetool.CheckText | None = None
    lt_form: LTCheckForm | None = None
    # /v1/check with "ledger": true: the server's ledger, read as `check --ledger` reads it.
    ledger: str | None = None


@dataclass(frozen=True)
class Done:
    body: bytes  # the answer's JSON
    status: int = 200


@dataclass(frozen=True)
class Refused:
    """The request cannot be checked (a document the readers cannot read): a 4xx answer."""

    status: int
    code: str
    message: str
    fields: list[dict[str, str]] | None = None


@dataclass(frozen=True)
class Failed:
    """A bug or a broken install. ``message`` is safe to show a client; ``detail`` (the
    traceback) goes to the server log only, under ``error_id``."""

    message: str
    detail: str
    error_id: str


Outcome = Done | Refused | Failed


def new_error_id() -> str:
    return secrets.token_hex(6)


def to_json(content: Any) -> bytes:
    """JSON rendered by pydantic-core: fast, and infinities become null."""
    return pydantic_core.to_json(content, inf_nan_mode="null")


def execute(job: Job | LedgerJob, analyser: Analyser) -> Outcome:
    """Run ``job``; whatever goes wrong comes back as an Outcome, never as an exception."""
    if not isinstance(job, Job):
        from .ledger import execute_ledger  # it builds on this module: imported when needed

        return execute_ledger(job)
    try:
        documents = _read_all(job.documents)
    except _Unreadable as exc:
        return exc.refusal
    try:
        return Done(_render(job, documents, analyser))
    except ModelError:  # the server's install is broken, not the request
        return failed("the alignment model cannot be read")
    except LedgerError as exc:  # before FactcheckError: the server's ledger, not the request
        return ledger_unavailable(exc, job.ledger or "")
    except FactcheckError as exc:
        return Refused(422, "invalid_input", str(exc).splitlines()[0])
    except Exception:
        return failed("the check failed")


def failed(message: str) -> Failed:
    """A bug, with the traceback of the exception being handled for the server's log."""
    return Failed(message, traceback.format_exc(), new_error_id())


def ledger_unavailable(exc: LedgerError, ledger: str) -> Refused:
    """The server's ledger cannot serve the request (missing, unreachable, another schema):
    503, with the reason but not where the ledger lives, which is the operator's business."""
    reason = str(exc).splitlines()[0]
    for name in _names_of(ledger):
        reason = reason.removeprefix(name + ": ").replace(name, "the ledger")
    log.warning("the ledger failed a request: %s", exc)
    return Refused(503, "ledger_unavailable", f"the server's ledger cannot be used: {reason}")


def _names_of(ledger: str) -> list[str]:
    """Every way a ledger error message may spell the ledger's location, longest first."""
    from factcheck.ledger.url import parse

    names = {ledger}
    with contextlib.suppress(LedgerError):
        where = parse(ledger)
        names.add(where.shown)
        if where.path is not None:
            names.update({where.path, os.path.dirname(where.path)})
    return sorted((n for n in names if n), key=len, reverse=True)


def _render(job: Job, documents: list[Document], analyser: Analyser) -> bytes:
    if job.ledger is not None:
        return _render_with_ledger(job, documents)
    analysis = analyser(documents, job.config)
    if job.endpoint == "claims":
        return to_json(payloads.claims_payload(analysis.report))
    if job.endpoint == "graph":
        return to_json(payloads.graph_payload(analysis.graph.to_node_link()))
    registry = load_registry()
    if job.endpoint == "lt":
        assert job.lt_text is not None and job.lt_form is not None
        return to_json(languagetool.response(analysis.report, job.lt_text, job.lt_form, registry))
    by_id = {d.id: d for d in documents}
    payload = payloads.check_payload(
        analysis.report, by_id, registry, include_claims=job.include_claims
    )
    return to_json(payload)


def _render_with_ledger(job: Job, documents: list[Document]) -> bytes:
    """``factcheck check --ledger``'s own work: the same function, so the same findings."""
    from factcheck.ledger.commands import check_with_ledger

    report, every_document = check_with_ledger(job.ledger or "", documents, job.config)
    by_id = {d.id: d for d in every_document}
    payload = payloads.check_payload(
        report, by_id, load_registry(), include_claims=job.include_claims
    )
    return to_json(payload)


class _Unreadable(Exception):
    def __init__(self, refusal: Refused) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def _read_all(specs: Sequence[DocSpec]) -> list[Document]:
    documents: list[Document] = []
    for spec in specs:
        field = f"documents.{spec.index}.text"
        try:
            documents.append(read(spec))
        except FactcheckError as exc:
            message = str(exc).splitlines()[0]
        except Exception:  # a reader's bug: still the client's document that failed
            error_id = new_error_id()
            log.error("reading %s failed (error id %s)", field, error_id, exc_info=True)
            message = f"the {spec.format} reader could not read it (error id {error_id})"
        else:
            continue
        refusal = Refused(
            422, "invalid_input", f"{field}: {message}", [{"field": field, "message": message}]
        )
        raise _Unreadable(refusal)
    return documents


def read(spec: DocSpec) -> Document:
    """Plain text is checked as sent. Markup (Markdown, HTML, reStructuredText, AsciiDoc, NITF,
    NewsML-G2) goes through the CLI's loaders (from the text in the request, never a file):
    offsets then count the prose they extract, and the source map points lines and columns
    back into what the client sent."""
    if spec.format == "text":
        return Document(
            id=spec.id,
            text=spec.text,
            role=spec.role,
            published_at=spec.published_at,
            format="text",
        )
    from factcheck.ingest.base import parse_published

    extracted = loader_for(spec.format)(spec.text.encode("utf-8"), spec.id)
    published = spec.published_at
    if published is None and extracted.published is not None:
        published = parse_published(extracted.published, spec.id, "the date it states")
    return Document(
        id=spec.id,
        text=extracted.text,
        role=spec.role,
        published_at=published,
        format=spec.format,
        source_map=extracted.source_map,
    )
