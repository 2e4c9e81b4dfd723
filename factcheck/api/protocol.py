"""uvicorn's HTTP protocol with the limits a public server needs and uvicorn lacks.

- **Headers in time.** The request line and headers must arrive within
  ``FACTCHECK_HEADER_TIMEOUT_MS`` of a connection opening, or of the first byte of the next
  request on a keep-alive connection; uvicorn itself waits forever, so a client trickling
  a header a byte at a time (slowloris) would keep its connection. Late: 408 and closed.
- **Headers of bounded size** (``FACTCHECK_MAX_HEADER_BYTES``): 431 and closed.
- **Connections of bounded number** (``FACTCHECK_MAX_CONNECTIONS`` per worker): a connection
  over the limit gets a JSON 503 with ``Retry-After`` for its request, and is closed.
  uvicorn's own ``limit_concurrency`` answers in plain text, without Retry-After.

The body's read time is bounded by ``BodyLimitMiddleware``. uvicorn loads this class by
name (``serve()`` passes ``http="factcheck.api.protocol:GuardedProtocol"``), in each worker,
so its limits come from the environment, as the app's do.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from starlette.types import Receive, Scope, Send
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from .limits import error_body, send_error
from .settings import Settings

_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


@functools.cache
def _settings() -> Settings:
    return Settings.from_env()


async def over_capacity(scope: Scope, receive: Receive, send: Send) -> None:
    """The app a connection over the limit talks to."""
    body = error_body(
        "overloaded",
        "the server has too many open connections; try again shortly",
    )
    await send_error(send, 503, body, (b"retry-after", b"1"), (b"connection", b"close"))


class GuardedProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = _settings()
        self.header_timeout = limits.header_timeout_ms / 1000
        self.max_header_bytes = limits.max_header_bytes
        self.max_connections = limits.max_connections
        self.header_timer: asyncio.TimerHandle | None = None
        self.header_bytes = 0  # of the request being read, until its headers end
        self.tail = b""  # its last bytes so far, to find a blank line split between reads
        self.seen_cycle: object = None  # the request whose headers were read last

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self.app = over_capacity
        self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_read()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        between = self.cycle is None or self.cycle.response_complete
        if between and self.header_timer is None:
            self._await_headers()  # the first byte of the next request on this connection
        if self.header_timer is not None:
            # Measured before the parser sees the bytes: headers that end in this chunk count
            # up to their blank line, the body after it does not.
            seen = self.tail + data
            end = seen.find(b"\r\n\r\n")
            fresh = len(data) if end < 0 else end + 4 - len(self.tail)
            if self.header_bytes + fresh > self.max_header_bytes:
                self._refuse(431, f"the request headers exceed {self.max_header_bytes:,} bytes")
                return
            self.header_bytes += len(data)
            self.tail = seen[-3:]
        super().data_received(data)
        if self.header_timer is not None and self.cycle is not self.seen_cycle:
            self.seen_cycle = self.cycle  # the parser has read a new request's headers
            self._headers_read()

    def _await_headers(self) -> None:
        self.header_bytes = 0
        self.tail = b""
        self.header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _headers_read(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _headers_late(self) -> None:
        self.header_timer = None
        if self.header_bytes == 0 and (self.cycle is None or self.cycle.response_complete):
            self.transport.close()  # an idle connection that never sent a request
            return
        seconds = self.header_timeout
        self._refuse(408, f"the request headers did not arrive within {seconds:g} s")

    def _refuse(self, status: int, message: str) -> None:
        self._headers_read()
        if self.transport.is_closing():
            return
        code = "request_timeout" if status == 408 else "headers_too_large"
        body = error_body(code, message)
        head = (
            b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n"
        ) % (status, _REASONS[status], len(body))
        self.transport.write(head + body)
        self.transport.close()
