"""``factcheck serve``: run the API under uvicorn.

Each of ``workers`` processes runs the app on its own event loop with its own check
processes (``FACTCHECK_CHECK_PROCESSES``, one by default): ``--workers N`` is how the server
uses N cores.
"""

from __future__ import annotations

import contextlib
import inspect
import ipaddress
import socket
import sys
from typing import Any

from factcheck.api.settings import TOKEN_ENV, Settings

APP_FACTORY = "factcheck.api:create_app"
PROTOCOL = "factcheck.api.protocol:GuardedProtocol"


def serve(host: str = "127.0.0.1", port: int = 8080, workers: int = 1) -> None:
    """Serve the API until interrupted. Limits come from ``FACTCHECK_*`` environment variables
    (see docs/api.md); a bad value raises ConfigError here, before uvicorn starts."""
    import uvicorn

    settings = Settings.from_env()
    if settings.api_token is None and not is_loopback(host):
        print(
            f"factcheck serve: warning: listening on {host} without {TOKEN_ENV}: "
            "anyone who can reach this address can use the API",
            file=sys.stderr,
        )
    options = uvicorn_options(host, port, settings)
    options["workers"] = workers
    if workers <= 1:
        uvicorn.run(APP_FACTORY, **options)
    else:
        _run_workers(uvicorn.Config(APP_FACTORY, **options))


def _run_workers(config: Any) -> None:
    """Several worker processes. Where the system has SO_REUSEPORT each worker listens on its
    own socket and the kernel spreads new connections evenly between them; with one shared
    socket, whichever worker wakes first takes them, and a few keep-alive clients can all land
    on one worker while the other idles."""
    if hasattr(socket, "SO_REUSEPORT"):
        _run_reuseport_workers(config)
        return
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    listener = tcp_listener(config.bind_socket())
    extra: dict[str, Any] = {}
    if "target" in inspect.signature(Multiprocess).parameters:  # uvicorn < 0.30 wants it
        extra["target"] = uvicorn.Server(config).run
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how one stops a server
        Multiprocess(config, sockets=[listener], **extra).run()


def reuseport_listener(host: str, port: int) -> socket.socket:
    """A listening TCP socket that other workers may bind to the same address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _worker(options: dict[str, Any]) -> None:
    import uvicorn

    sock = reuseport_listener(options["host"], options["port"])
    config = uvicorn.Config(APP_FACTORY, **{**options, "workers": 1})
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[sock])


def _run_reuseport_workers(config: Any) -> None:
    import multiprocessing
    import signal

    options = uvicorn_options(config.host, config.port, Settings.from_env())
    if options["port"] == 0:  # every worker must share one port: pick it now
        with reuseport_listener(config.host, 0) as probe:
            options["port"] = probe.getsockname()[1]
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_worker, args=(options,)) for _ in range(config.workers)]
    for w in workers:
        w.start()

    def stop(signum: int, frame: object) -> None:
        for w in workers:
            if w.is_alive():
                w.terminate()  # uvicorn shuts down gracefully on SIGTERM

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        for w in workers:
            w.join()
    except KeyboardInterrupt:  # the workers got Ctrl-C too and are stopping
        for w in workers:
            w.join()
    finally:
        signal.signal(signal.SIGTERM, previous)


def uvicorn_options(host: str, port: int, settings: Settings) -> dict[str, Any]:
    """What every worker's uvicorn is given. An import string and a factory, so that each of
    several worker processes builds its own app (uvicorn cannot hand a ready app object to
    more than one process); the protocol that bounds connections and header read time."""
    return {
        "factory": True,
        "host": host,
        "port": port,
        "access_log": settings.access_log,
        "proxy_headers": False,
        "server_header": False,
        "http": PROTOCOL,
        "timeout_keep_alive": settings.keep_alive_s,
        "h11_max_incomplete_event_size": settings.max_header_bytes,  # where httptools is absent
    }


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (``127.0.0.1``, ``::1``, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any interface


def tcp_listener(sock: socket.socket) -> socket.socket:
    """The same listening socket, marked IPPROTO_TCP so that asyncio sets TCP_NODELAY on
    every connection it accepts."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
