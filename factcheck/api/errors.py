"""Every error the API returns is JSON: ``{"error": {"code", "message", "fields"?, "id"?}}``.

A 500 carries an error ``id`` and a message that says what failed in general terms; the
exception and its traceback go to the server log under the same id, never to the client.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .jobs import new_error_id
from .limits import error_body, send_error

log = logging.getLogger("factcheck.api")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    431: "headers_too_large",
    500: "internal_error",
    503: "overloaded",
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        error_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
        self.error_id = error_id


def internal_error(
    what: str, cause: BaseException | str | None = None, *, error_id: str | None = None
) -> ApiError:
    """A 500 that names ``what`` failed and an error id; ``cause`` (an exception, or the
    traceback text a check process sent) is logged under that id and not shown."""
    error_id = error_id or new_error_id()
    if isinstance(cause, BaseException):
        log.error("%s (error id %s)", what, error_id, exc_info=cause)
    else:
        log.error("%s (error id %s)%s", what, error_id, f"\n{cause}" if cause else "")
    message = f"{what}; the server's log has the details under error id {error_id}"
    return ApiError(500, "internal_error", message, error_id=error_id)


def error_response(
    status: int,
    code: str,
    message: str,
    fields: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
    error_id: str | None = None,
) -> Response:
    return Response(
        error_body(code, message, fields, error_id),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def field_name(loc: Sequence[Any]) -> str:
    """``("body", "documents", 0, "text")`` → ``documents.0.text``; the body itself → ``body``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"} and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "body"


_NOT_AN_OBJECT = {"model_attributes_type", "dict_type", "missing"}


def _describe(err: dict[str, Any]) -> dict[str, str]:
    loc = tuple(err.get("loc", ()))
    kind = err.get("type")
    if kind == "json_invalid":
        detail = (err.get("ctx") or {}).get("error", "")
        where = f" at character {loc[1]}" if len(loc) > 1 else ""
        return {"field": "body", "message": f"invalid JSON{where}: {detail}".rstrip(": ")}
    if loc == ("body",) and kind in _NOT_AN_OBJECT:
        return {
            "field": "body",
            "message": "must be a JSON object, sent with Content-Type: application/json",
        }
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    return {"field": field_name(loc), "message": message}


def validation_response(errors: Sequence[dict[str, Any]]) -> Response:
    fields = [_describe(e) for e in errors]
    shown = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:3])
    more = f" (and {len(fields) - 3} more)" if len(fields) > 3 else ""
    return error_response(422, "invalid_request", shown + more, fields)


def install(app: FastAPI) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(
            exc.status, exc.code, exc.message, exc.fields, exc.headers, exc.error_id
        )

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return validation_response(list(exc.errors()))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.method} {request.url.path} (see /docs)"
        return error_response(exc.status_code, code, message, headers=exc.headers)

    async def on_bug(request: Request, exc: Exception) -> Response:
        error = internal_error("the server failed to answer", exc)
        return error_response(500, error.code, error.message, error_id=error.error_id)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_bug)


class CatchAll:
    """The outermost layer: whatever escapes the app becomes the documented JSON 500.

    Starlette answers an unhandled exception through ``on_bug`` and then raises it again for
    the server to log; that second raise is swallowed here (it is logged already). Anything
    that fails before a response started is answered and logged here.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = {"started": False, "finished": False}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                state["finished"] = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if state["finished"]:
                return  # answered by on_bug, and logged there
            if state["started"]:
                raise  # half an answer went out: only closing the connection is left
            error = internal_error("the server failed to answer", exc)
            await send_error(send, 500, error_body(error.code, error.message, None, error.error_id))
