"""The one core call, as the handlers use it: request models in, an Analysis (or a timeout) out.

Blocking work (the check and the building of its JSON) runs on the time budget's threads, so
the event loop keeps answering while a long check runs, and a check that overruns its budget
is answered with what is known instead of hanging the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from factcheck.compare.score import ModelError, bundled_trees
from factcheck.engine.registry import Registry, load_registry
from factcheck.engine.runner import matches
from factcheck.errors import FactcheckError
from factcheck.ingest.base import parse_published
from factcheck.model import CheckConfig, Document
from factcheck.pipeline import Analysis

from .errors import ApiError
from .limits import TimeBudget
from .schemas import CheckOptions, DocumentIn
from .settings import Settings

Analyser = Callable[[Sequence[Document], CheckConfig], Analysis]
T = TypeVar("T")

log = logging.getLogger("factcheck.api")


class CheckService:
    def __init__(self, settings: Settings, analyser: Analyser) -> None:
        self.settings = settings
        self.analyser = analyser
        self.budget = TimeBudget(settings.check_threads, settings.time_budget_ms)

    def registry(self) -> Registry:
        """The bundled rules. Requests never add rule folders (``rule_paths``)."""
        try:
            return load_registry()
        except FactcheckError as exc:
            log.error("the rules did not load: %s", exc)
            raise ApiError(
                500, "rules_unavailable", f"the server's rules did not load: {exc}"
            ) from exc

    def documents(self, docs: Sequence[DocumentIn]) -> list[Document]:
        limit = self.settings.max_documents
        if len(docs) > limit:
            raise ApiError(
                422,
                "too_many_documents",
                f"documents: {len(docs)} documents sent; the limit is {limit} per request",
                fields=[{"field": "documents", "message": f"at most {limit} documents"}],
            )
        documents: list[Document] = []
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
            try:
                documents.append(_document(d, doc_id))
            except FactcheckError as exc:
                field = f"documents.{i}.text"
                message = str(exc).splitlines()[0]
                raise ApiError(
                    422,
                    "invalid_input",
                    f"{field}: {message}",
                    fields=[{"field": field, "message": message}],
                ) from exc
        return documents

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

    async def run(self, work: Callable[[], T]) -> tuple[T | None, bool]:
        """Run ``work`` within the time budget: ``(result, finished)``."""
        try:
            return await self.budget.run(work)
        except ApiError:
            raise
        except ModelError as exc:  # the server's install is broken, not the request
            log.error("%s", exc)
            raise ApiError(500, "internal_error", "the alignment model cannot be read") from exc
        except FactcheckError as exc:
            raise ApiError(422, "invalid_input", str(exc).splitlines()[0]) from exc
        except Exception as exc:
            log.exception("check failed")
            raise ApiError(
                500, "internal_error", f"the check failed: {type(exc).__name__}: {exc}"
            ) from exc

    def warm_up(self) -> None:
        self.registry()
        try:
            bundled_trees()  # a broken model shows in the log at start, not at the first clash
        except ModelError:
            log.exception("the alignment model cannot be read")
        try:
            self.analyser([Document(id="warm-up", text="Two people died.")], CheckConfig())
        except Exception:  # the first real request will report it properly
            log.exception("the warm-up check failed")

    def close(self) -> None:
        self.budget.close()


def _document(doc: DocumentIn, doc_id: str) -> Document:
    """Plain text is checked as sent. Markdown and HTML go through the CLI's loaders (from the
    text in the request, never a file): offsets then count the prose they extract, and the
    source map points lines and columns back into what the client sent."""
    if doc.format == "text":
        return Document(
            id=doc_id, text=doc.text, role=doc.role, published_at=doc.published_at, format="text"
        )
    if doc.format == "markdown":
        from factcheck.ingest import markdown as loader
    else:
        from factcheck.ingest import htmlpage as loader  # type: ignore[no-redef]
    extracted = loader.load(doc.text.encode("utf-8"), doc_id)
    published = doc.published_at
    if published is None and extracted.published is not None:
        published = parse_published(extracted.published, doc_id, "the date it states")
    return Document(
        id=doc_id,
        text=extracted.text,
        role=doc.role,
        published_at=published,
        format=doc.format,
        source_map=extracted.source_map,
    )
