"""Guards in front of the handlers: body size and read time, and the bearer token."""

from __future__ import annotations

import asyncio
import hmac
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factcheck.api.settings import TOKEN_ENV


def error_body(
    code: str,
    message: str,
    fields: list[dict[str, str]] | None = None,
    error_id: str | None = None,
) -> bytes:
    """The JSON of every error answer. ``json.dumps`` escapes anything that is not ASCII, so
    even a field name holding half a surrogate pair (echoed from a bad request) encodes."""
    error: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    if error_id is not None:
        error["id"] = error_id
    return json.dumps({"error": error}).encode("ascii")


async def send_error(send: Send, status: int, body: bytes, *headers: tuple[bytes, bytes]) -> None:
    """Answer from middleware, before any handler: a JSON error body with its length."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuse bodies over ``max_bytes`` with 413, and bodies that take longer than
    ``timeout_ms`` to arrive with 408, before any handler parses them.

    A declared Content-Length that is too large is refused without reading; otherwise the body
    is read up to the limit (chunked uploads included) and replayed to the app. The read time
    is a total, not a per-chunk wait: a client sending one byte a second cannot hold a
    connection and its buffer for longer.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_ms: int = 10_000) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout_ms / 1000

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_bytes:
                        await self._refuse(send)
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            body = error_body(
                "request_timeout",
                f"the request body did not arrive within {self.timeout:g} s "
                "(the server's FACTCHECK_BODY_TIMEOUT_MS)",
            )
            await send_error(send, 408, body, (b"connection", b"close"))
            return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the client to disconnect

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        body = error_body(
            "body_too_large",
            f"the request body is larger than {self.max_bytes:,} bytes "
            "(the server's FACTCHECK_MAX_BODY_BYTES)",
        )
        await send_error(send, 413, body, (b"connection", b"close"))


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def token_matches(
    expected: str | None, authorization: str | None, api_key: str | None = None
) -> bool:
    """True when no token is configured, or the request carries it as ``Bearer <token>`` (or,
    for LanguageTool clients that cannot set headers, as the ``apiKey`` form field)."""
    if expected is None:
        return True
    offered: list[str] = []
    if authorization:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer":
            offered.append(credentials.strip())
    if api_key:
        offered.append(api_key)
    want = expected.encode("utf-8")
    return any(hmac.compare_digest(o.encode("utf-8", "replace"), want) for o in offered)


class TokenMiddleware:
    """With a token configured, /v1 and /v2 answer 401 unless the request carries it.

    Checked before the body is read. A LanguageTool client may instead send the token as the
    ``apiKey`` form field, which only the /v2/check handler can see: such requests pass here
    marked ``scope["factcheck.token_pending"]`` and the handler decides.

    Writing to the ledger always needs the token: without one configured the ledger is
    read-only, and a write gets 403 saying so (no token could make it pass).
    """

    PROTECTED = ("/v1/", "/v2/")
    OPEN = frozenset({"/v2/healthcheck"})  # load balancers probe it without credentials
    LEDGER = "/v1/ledger/"
    WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.token is None and self._writes_ledger(scope):
            body = error_body(
                "read_only",
                "this server's ledger is read-only because it has no API token: start it with "
                f"{TOKEN_ENV} set, and send 'Authorization: Bearer <token>' to add or "
                "remove articles",
            )
            await send_error(send, 403, body)
            return
        path = str(scope.get("path", ""))
        if (
            self.token is None
            or scope["type"] != "http"
            or scope.get("method") == "OPTIONS"
            or not path.startswith(self.PROTECTED)
            or path in self.OPEN
        ):
            await self.app(scope, receive, send)
            return
        authorization = None
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                authorization = value.decode("latin-1")
        if token_matches(self.token, authorization):
            await self.app(scope, receive, send)
            return
        if authorization is None and scope.get("path") == "/v2/check":
            scope = dict(scope)
            scope["factcheck.token_pending"] = True
            await self.app(scope, receive, send)
            return
        message = (
            "this server needs an API token: send 'Authorization: Bearer <token>'"
            if authorization is None
            else "the API token is wrong"
        )
        body = error_body("unauthorized", message)
        await send_error(send, 401, body, (b"www-authenticate", b'Bearer realm="factcheck"'))

    def _writes_ledger(self, scope: Scope) -> bool:
        path = str(scope.get("path", ""))
        return path.startswith(self.LEDGER) and scope.get("method") in self.WRITES
