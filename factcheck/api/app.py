"""The FastAPI application: routes over the one core call (``factcheck.pipeline.analyse``).

Handlers only validate the request and build a Job; the check worker (``pool.py``) reads the
documents, checks them and renders the answer, within the time budget.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Security
from fastapi.security import HTTPBearer
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from factcheck.version import VERSION

from . import errors, languagetool, payloads
from .errors import ApiError, CatchAll
from .jobs import Analyser, Job, to_json
from .limits import BodyLimitMiddleware, TokenMiddleware, token_matches
from .schemas import (
    API_VERSION,
    CheckRequest,
    CheckResponse,
    ClaimsResponse,
    DocumentIn,
    ErrorResponse,
    GraphResponse,
    Health,
    LTCheckForm,
    LTResponse,
    RuleOut,
    RulesResponse,
)
from .service import CheckService
from .settings import Settings

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
_WEB_FILES = {"app.js": "text/javascript", "style.css": "text/css"}
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
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.include_router(_v1(service))
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
        """Check a draft and its sources; findings come back with their passages."""
        job = Job(
            "check",
            service.documents(body.documents),
            service.config(body.options),
            include_claims=body.options.include_claims,
        )
        return _json(await service.run(job))

    @router.post("/claims", response_model=ClaimsResponse, summary="What was extracted")
    async def claims(body: CheckRequest) -> Response:
        """The claims factcheck extracted from each document (to see why a check missed one)."""
        job = Job("claims", service.documents(body.documents), service.config(body.options))
        return _json(await service.run(job))

    @router.post("/graph", response_model=GraphResponse, summary="The claim graph")
    async def graph(body: CheckRequest) -> Response:
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
        job = Job("lt", documents, config, lt_text=text, lt_form=form)
        return _json(await service.run(job))

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


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def _web() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    page = (WEB_DIR / "index.html").read_bytes()
    assets = {name: (WEB_DIR / name).read_bytes() for name in _WEB_FILES}

    @router.get("/")
    async def index() -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)

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
