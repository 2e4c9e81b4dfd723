"""The one core call, as the handlers use it: a validated request becomes a Job, a check
worker runs it, and its outcome becomes the answer or an ApiError.

The handlers do only cheap, bounded work on the event loop (the request's own validation);
reading Markdown and HTML, the check and the answer's JSON all run in a check worker
(``pool.py``), inside the time budget.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from factcheck.compare.score import ModelError, bundled_trees
from factcheck.engine.registry import Registry, load_registry
from factcheck.engine.runner import matches
from factcheck.errors import FactcheckError
from factcheck.model import CheckConfig, Document

from .errors import ApiError, internal_error
from .jobs import Analyser, DocSpec, Done, Failed, Job, Refused
from .pool import CheckTimeout, Overloaded, WorkerLost, make_runner
from .schemas import CheckOptions, DocumentIn
from .settings import Settings

if TYPE_CHECKING:
    from .ledger import LedgerJob

log = logging.getLogger("factcheck.api")


class CheckService:
    def __init__(self, settings: Settings, analyser: Analyser) -> None:
        self.settings = settings
        self.analyser = analyser
        self.runner = make_runner(
            analyser,
            processes=settings.check_processes,
            threads=settings.check_threads,
            budget_ms=settings.time_budget_ms,
            max_queue=settings.max_queue,
            max_rss_mb=settings.check_max_rss_mb,
            slow_ms=settings.slow_check_ms,
        )

    def registry(self) -> Registry:
        """The bundled rules. Requests never add rule folders (``rule_paths``)."""
        try:
            return load_registry()
        except FactcheckError as exc:
            raise internal_error("the server's rules did not load", exc) from exc

    def documents(self, docs: Sequence[DocumentIn]) -> tuple[DocSpec, ...]:
        """The request's documents, with their ids checked; reading them is the job's."""
        limit = self.settings.max_documents
        if len(docs) > limit:
            raise ApiError(
                422,
                "too_many_documents",
                f"documents: {len(docs)} documents sent; the limit is {limit} per request",
                fields=[{"field": "documents", "message": f"at most {limit} documents"}],
            )
        specs: list[DocSpec] = []
        seen: set[str] = set()
        for i, d in enumerate(docs):
            doc_id = d.id or f"doc-{i + 1}"
            if doc_id in seen:
                field = f"documents.{i}.id"
                message = f"two documents share the id {doc_id!r}; ids must be unique"
                raise ApiError(
                    422,
                    "invalid_request",
                    f"{field}: {message}",
                    fields=[{"field": field, "message": message}],
                )
            seen.add(doc_id)
            specs.append(DocSpec(i, doc_id, d.text, d.role, d.published_at, d.format))
        return tuple(specs)

    def config(self, options: CheckOptions) -> CheckConfig:
        """A CheckConfig from the request's options, with each pattern checked against the
        rules: a typo in ``select`` would otherwise silently check nothing."""
        specs = self.registry().specs
        for key in ("select", "ignore"):
            for i, pattern in enumerate(getattr(options, key)):
                if not any(matches(spec, [pattern]) for spec in specs):
                    field = f"options.{key}.{i}"
                    raise ApiError(
                        422,
                        "unknown_rule",
                        f"{field}: no rule matches {pattern!r} (see GET /v1/rules)",
                        fields=[{"field": field, "message": f"no rule matches {pattern!r}"}],
                    )
        return CheckConfig(
            select=list(options.select),
            ignore=list(options.ignore),
            min_severity=options.min_severity,
            unsure=options.unsure,
        )

    def ledger(self, *, field: str | None = None) -> str:
        """The server's ledger, or the error that says it has none: 404 on the ledger
        endpoints (no such resource here), 422 naming ``field`` when a request asks for it."""
        if self.settings.ledger is not None:
            return self.settings.ledger
        message = (
            "this server has no ledger: start it with 'factcheck serve --ledger FILE|URL' "
            "or FACTCHECK_LEDGER"
        )
        if field is None:
            raise ApiError(404, "no_ledger", message)
        raise ApiError(
            422,
            "no_ledger",
            f"{field}: {message}",
            fields=[{"field": field, "message": message}],
        )

    async def run(self, job: Job | LedgerJob) -> bytes:
        """The answer's JSON, or an ApiError saying why there is none."""
        return (await self.answer(job)).body

    async def answer(self, job: Job | LedgerJob) -> Done:
        """The answer (its JSON and status), or an ApiError saying why there is none."""
        try:
            outcome = await self.runner.run(job)
        except Overloaded as exc:
            raise ApiError(
                503,
                "overloaded",
                "the server is busy with other checks; try again shortly",
                headers={"Retry-After": str(exc.retry_after)},
            ) from exc
        except CheckTimeout as exc:
            seconds = self.settings.time_budget_ms / 1000
            raise ApiError(
                503,
                "check_timeout",
                f"the check did not finish within the server's time budget of {seconds:g} s "
                "and was stopped; no findings are given for an unfinished check (send a "
                "shorter text, or ask the operator to raise FACTCHECK_TIME_BUDGET_MS)",
            ) from exc
        except WorkerLost as exc:
            raise internal_error("the check process ended unexpectedly", exc) from exc
        if isinstance(outcome, Done):
            return outcome
        if isinstance(outcome, Refused):
            raise ApiError(outcome.status, outcome.code, outcome.message, fields=outcome.fields)
        assert isinstance(outcome, Failed)
        raise internal_error(outcome.message, outcome.detail, error_id=outcome.error_id)

    async def start(self) -> None:
        await self.runner.start()

    def warm_up(self) -> None:
        """Load what every check needs now, so that forked check processes inherit it."""
        self.registry()
        if self.settings.ledger is not None:
            # SQLAlchemy and the ledger's code load now, once, not in each check process.
            for module in ("factcheck.ledger.store", "factcheck.ledger.check"):
                importlib.import_module(module)
        try:
            bundled_trees()  # a broken model shows in the log at start, not at the first clash
        except ModelError:
            log.exception("the alignment model cannot be read")
        try:
            self.analyser([Document(id="warm-up", text="Two people died.")], CheckConfig())
        except Exception:  # the first real request will report it properly
            log.exception("the warm-up check failed")

    def close(self) -> None:
        self.runner.close()
