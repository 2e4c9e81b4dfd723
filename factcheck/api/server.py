"""``factcheck serve``: run the API under uvicorn."""

from __future__ import annotations

import contextlib
import inspect
import socket
from typing import Any

from factcheck.api.settings import Settings

APP_FACTORY = "factcheck.api:create_app"


def serve(host: str = "127.0.0.1", port: int = 8080, workers: int = 1) -> None:
    """Serve the API until interrupted. Limits come from ``FACTCHECK_*`` environment variables
    (see docs/api.md); a bad value raises ConfigError here, before uvicorn starts."""
    import uvicorn

    settings = Settings.from_env()
    # An import string and a factory, so that each of several worker processes builds its
    # own app (uvicorn cannot hand a ready app object to more than one process).
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "access_log": settings.access_log,
        "proxy_headers": False,
        "server_header": False,
    }
    if workers <= 1:
        uvicorn.run(APP_FACTORY, **options)
    else:
        _run_workers(uvicorn.Config(APP_FACTORY, **options))


def _run_workers(config: Any) -> None:
    """What ``uvicorn.run`` does for several workers, but with a listening socket that says
    it is TCP. uvicorn binds it with ``proto`` 0; asyncio then leaves TCP_NODELAY off on the
    accepted connections, and every keep-alive request after the first waits ~40 ms for a
    delayed ACK (uvicorn issue #3149)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    listener = tcp_listener(config.bind_socket())
    extra: dict[str, Any] = {}
    if "target" in inspect.signature(Multiprocess).parameters:  # uvicorn < 0.30 wants it
        extra["target"] = uvicorn.Server(config).run
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how one stops a server
        Multiprocess(config, sockets=[listener], **extra).run()


def tcp_listener(sock: socket.socket) -> socket.socket:
    """The same listening socket, marked IPPROTO_TCP so that asyncio sets TCP_NODELAY on
    every connection it accepts."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
