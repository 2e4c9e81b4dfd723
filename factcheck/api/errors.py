"""Every error the API returns is JSON: ``{"error": {"code", "message", "fields"?}}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from .limits import error_body

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
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
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers


def error_response(
    status: int,
    code: str,
    message: str,
    fields: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    return Response(
        error_body(code, message, fields),
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
        return error_response(exc.status, exc.code, exc.message, exc.fields, exc.headers)

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

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
