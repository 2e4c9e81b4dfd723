"""The FastAPI application: routes over the one core call (``factcheck.pipeline.analyse``).

Handlers only validate the request and build a Job; the check worker (``pool.py``) reads the
documents, checks them and renders the answer, within the time budget.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request, Security
from fastapi import Path as PathParam
from fastapi.security import HTTPBearer
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp

from factcheck.ledger import INTEGER_MAX
from factcheck.model import CheckConfig, Severity
from factcheck.version import VERSION

from . import errors, languagetool, payloads
from .errors import ApiError, CatchAll
from .jobs import Analyser, DocSpec, Job, to_json
from .ledger import AddArticle, FindConflicts, LedgerJob, ListArticles, RemoveArticle
from .limits import BodyLimitMiddleware, TokenMiddleware, token_matches
from .schemas import (
    API_VERSION,
    CheckRequest,
    CheckResponse,
    ClaimsResponse,
    DocumentIn,
    DocumentsRequest,
    ErrorResponse,
    GraphResponse,
    Health,
    LedgerAddResponse,
    LedgerArticleIn,
    LedgerArticlesResponse,
    LedgerRemoveResponse,
    LTCheckForm,
    LTResponse,
    RuleOut,
    RulesResponse,
)
from .service import CheckService
from .settings import Settings

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
_WEB_FILES = {"app.js": "text/javascript", "style.css": "text/css"}
# An SVG, served where browsers and bookmark tools look for a site's icon.
FAVICON = ("favicon.svg", "image/svg+xml")
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

DESCRIPTION = """\
Find figures, dates, names and quotes in news copy that cannot all be true.

Post a draft (and its sources) to `/v1/check`; each finding names its rule, its severity, the
passages involved (codepoint offsets, line and column) and why they conflict. Existing
LanguageTool clients can use `/v2/check`. When the server has an API token, send it as
`Authorization: Bearer <token>`.
"""


class JSONBytes(JSONResponse):
    """A JSONResponse (so the OpenAPI docs show the response models) rendered by to_json."""

    def render(self, content: Any) -> bytes:
        return to_json(content)


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        401: "API token missing or wrong",
        408: "the body took too long to arrive",
        413: "body too large",
        422: "invalid request (the message names the field), or a document that cannot be read",
        500: "a bug or a broken install: the error carries an id for the server's log",
        503: "overloaded (with Retry-After), or check_timeout: the check overran its budget",
    }.items()
}


class _App(FastAPI):
    def build_middleware_stack(self) -> ASGIApp:
        return CatchAll(super().build_middleware_stack())


def create_app(settings: Settings | None = None, analyser: Analyser | None = None) -> FastAPI:
    """Build the app. ``settings`` default to the environment; ``analyser`` to the core call
    (tests pass their own; check processes are forked, so any callable works there too).
    Also the factory uvicorn imports (``factcheck.api:create_app``)."""
    settings = settings or Settings.from_env()
    if analyser is None:
        from factcheck.pipeline import analyse

        analyser = analyse
    service = CheckService(settings, analyser)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.warm_up()  # rules and lexicons load now, and check processes inherit them
        await service.start()
        yield
        service.close()

    app = _App(
        title="factcheck",
        version=VERSION,
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
        default_response_class=JSONBytes,
    )
    app.state.service = service
    errors.install(app)
    # Starlette wraps the last middleware added outermost: CORS, then token, then body size.
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        timeout_ms=settings.body_timeout_ms,
    )
    app.add_middleware(TokenMiddleware, token=settings.api_token)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.include_router(_v1(service))
    app.include_router(_ledger(service))
    app.include_router(_v2(service))
    app.include_router(_health())
    app.include_router(_web())
    return app


def _v1(service: CheckService) -> APIRouter:
    router = APIRouter(
        prefix="/v1",
        responses=_ERRORS,
        dependencies=[Security(HTTPBearer(auto_error=False))],  # only for the docs' "Authorize"
    )

    @router.post("/check", response_model=CheckResponse, summary="Check documents")
    async def check(body: CheckRequest) -> Response:
        """Check a draft and its sources; findings come back with their passages. With
        ``"ledger": true``, also against the server's ledger of published articles."""
        job = Job(
            "check",
            service.documents(body.documents),
            service.config(body.options),
            include_claims=body.options.include_claims,
            ledger=service.ledger(field="ledger") if body.ledger else None,
        )
        return _json(await service.run(job))

    @router.post("/claims", response_model=ClaimsResponse, summary="What was extracted")
    async def claims(body: DocumentsRequest) -> Response:
        """The claims factcheck extracted from each document (to see why a check missed one)."""
        job = Job("claims", service.documents(body.documents), service.config(body.options))
        return _json(await service.run(job))

    @router.post("/graph", response_model=GraphResponse, summary="The claim graph")
    async def graph(body: DocumentsRequest) -> Response:
        """The claim graph as networkx node-link JSON, with the conflicts the rules found."""
        job = Job("graph", service.documents(body.documents), service.config(body.options))
        return _json(await service.run(job))

    @router.get("/rules", response_model=RulesResponse, summary="Every rule")
    async def rules() -> Response:
        return JSONBytes(payloads.rules_payload(service.registry()))

    @router.get(
        "/rules/{code}",
        response_model=RuleOut,
        summary="One rule",
        responses={404: {"model": ErrorResponse, "description": "no such rule"}},
    )
    async def rule(code: str) -> Response:
        """One rule by code (``FC101``) or name (``numeric.conflict``)."""
        bound = service.registry().get(code)
        if bound is None:
            raise ApiError(404, "unknown_rule", f"no rule {code!r} (see GET /v1/rules)")
        return JSONBytes(bound.spec.model_dump(mode="json"))

    return router


def _v2(service: CheckService) -> APIRouter:
    router = APIRouter(prefix="/v2", tags=["LanguageTool compatibility"], responses=_ERRORS)
    form_schema = LTCheckForm.model_json_schema()

    @router.post(
        "/check",
        response_model=LTResponse,
        summary="LanguageTool-compatible check",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {"schema": form_schema},
                    "multipart/form-data": {"schema": form_schema},
                },
            }
        },
    )
    async def lt_check(request: Request) -> Response:
        """LanguageTool's ``/v2/check``: form fields ``text`` or ``data``, ``language``,
        ``enabledRules``, ``disabledRules``, ``enabledCategories``, ``disabledCategories``,
        ``enabledOnly``. Findings come back as ``matches`` with issueType ``inconsistency``."""
        return _json(await service.run(await _lt_job(service, request)))

    @router.get(
        "/check",
        response_model=LTResponse,
        summary="LanguageTool-compatible check, from the query string",
        openapi_extra={"parameters": _query_parameters(form_schema)},
    )
    async def lt_check_get(request: Request) -> Response:
        """The same check with the fields in the query string, as LanguageTool allows (the
        text is then limited by the size of a request line)."""
        return _json(await service.run(await _lt_job(service, request)))

    @router.get(
        "/healthcheck",
        summary="Health check (LanguageTool-compatible)",
        response_class=PlainTextResponse,
        responses={200: {"content": {"text/plain": {"example": "OK"}}}},
    )
    async def healthcheck() -> Response:
        """``OK`` as plain text while the server takes checks; 503 ``overloaded`` when the
        queue of checks is full, as LanguageTool answers when its own queue is. Needs no
        token."""
        if service.runner.saturated():
            raise ApiError(
                503,
                "overloaded",
                "the queue of checks is full",
                headers={"Retry-After": "1"},
            )
        return PlainTextResponse("OK")

    @router.get("/languages", summary="Languages (LanguageTool-compatible)")
    async def languages() -> Response:
        return JSONBytes(
            [
                {"name": "English", "code": "en", "longCode": "en"},
                {"name": "English (US)", "code": "en", "longCode": "en-US"},
                {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
            ]
        )

    return router


async def _lt_job(service: CheckService, request: Request) -> Job:
    """A LanguageTool request (POST form, or GET query string) as a check job."""
    body = await request.body()
    try:
        fields = languagetool.parse_form(
            body, request.headers.get("content-type"), request.url.query
        )
        if request.scope.get("factcheck.token_pending") and not token_matches(
            service.settings.api_token, None, fields.get("apiKey")
        ):
            raise ApiError(
                401,
                "unauthorized",
                "this server needs an API token: send 'Authorization: Bearer <token>' "
                "or the apiKey field",
                headers={"WWW-Authenticate": 'Bearer realm="factcheck"'},
            )
        form, text = languagetool.read_request(fields)
        config = languagetool.config_for(form)
    except languagetool.FormProblem as exc:
        raise ApiError(
            422,
            "invalid_request",
            f"{exc.field}: {exc}",
            fields=[{"field": exc.field, "message": str(exc)}],
        ) from exc
    documents = service.documents([DocumentIn(id="draft", text=text.plain)])
    return Job("lt", documents, config, lt_text=text, lt_form=form)


def _query_parameters(form_schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The form's fields as OpenAPI query parameters, for the GET variant's documentation."""
    return [
        {"name": name, "in": "query", "required": False, "schema": field}
        for name, field in form_schema["properties"].items()
    ]


_LEDGER_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    403: {"model": ErrorResponse, "description": "read_only: the server has no API token"},
    404: {"model": ErrorResponse, "description": "no_ledger, or no such article"},
    503: {
        "model": ErrorResponse,
        "description": "ledger_unavailable (the server's ledger cannot be opened or reached), "
        "overloaded, or check_timeout",
    },
}


def _ledger(service: CheckService) -> APIRouter:
    router = APIRouter(
        prefix="/v1/ledger",
        tags=["Ledger"],
        responses=_LEDGER_ERRORS,
        dependencies=[Security(HTTPBearer(auto_error=False))],
    )

    async def run(task: AddArticle | RemoveArticle | ListArticles | FindConflicts) -> Response:
        done = await service.answer(LedgerJob(service.ledger(), task))
        return Response(done.body, status_code=done.status, media_type="application/json")

    @router.post(
        "/articles",
        status_code=201,
        response_model=LedgerAddResponse,
        summary="Add a published article",
        responses={200: {"model": LedgerAddResponse, "description": "updated or unchanged"}},
    )
    async def add_article(body: LedgerArticleIn) -> Response:
        """Add an article as ``factcheck ledger add`` does: 201 when new; 200 when its identity
        was there already (``updated`` to a new version, or ``unchanged``). Needs the token."""
        article = DocSpec(0, "article", body.text, "source", body.published_at, body.format)
        task = AddArticle(article, body.identity, body.url, body.headline, body.corrects)
        return await run(task)

    @router.delete(
        "/articles/{article_id}", response_model=LedgerRemoveResponse, summary="Remove an article"
    )
    async def remove_article(
        article_id: Annotated[int, PathParam(ge=1, le=INTEGER_MAX)],
    ) -> Response:
        """Remove an article with its claims, as ``factcheck ledger remove`` does. Needs the
        token."""
        return await run(RemoveArticle(article_id))

    @router.get("/articles", response_model=LedgerArticlesResponse, summary="The articles")
    async def list_articles(
        offset: Annotated[int, Query(ge=0, le=INTEGER_MAX)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Response:
        """The articles in the ledger by id, a page at a time."""
        return await run(ListArticles(offset, limit))

    @router.get(
        "/conflicts", response_model=CheckResponse, summary="Conflicts between published articles"
    )
    async def conflicts(min_severity: Severity = "info", since: date | None = None) -> Response:
        """What ``factcheck ledger conflicts`` reports: contradictions between articles already
        in the ledger, as a check's report. ``since`` (YYYY-MM-DD) keeps to what articles
        published on or after that day contradict, which bounds the work on a large ledger."""
        return await run(FindConflicts(CheckConfig(min_severity=min_severity), since))

    return router


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def _web() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    page = (WEB_DIR / "index.html").read_bytes()
    assets = {name: (WEB_DIR / name).read_bytes() for name in _WEB_FILES}

    icon_name, icon_type = FAVICON
    icon = (WEB_DIR / icon_name).read_bytes()

    @router.get("/")
    async def index() -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)

    @router.get("/favicon.ico")
    async def favicon() -> Response:
        # The page's CSP on the icon too: opened on its own, an SVG is a document.
        return Response(icon, media_type=icon_type, headers=_PAGE_HEADERS)

    @router.get("/static/{name}")
    async def asset(name: str) -> Response:
        if name not in assets:
            raise ApiError(404, "not_found", f"no such file: /static/{name}")
        return Response(
            assets[name], media_type=f"{_WEB_FILES[name]}; charset=utf-8", headers=_PAGE_HEADERS
        )

    return router


def _health() -> APIRouter:
    router = APIRouter()

    @router.get("/healthz", response_model=Health, summary="Liveness")
    async def healthz() -> Response:
        return JSONBytes({"status": "ok", "version": VERSION, "apiVersion": API_VERSION})

    return router
