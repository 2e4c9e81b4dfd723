"""Server limits and switches, read from ``FACTCHECK_*`` environment variables.

Every limit has a default that suits one newsroom tool talking to one server; an operator
tunes them without code. A bad value stops the server at start with a one-line message.
Counts are per worker process (``factcheck serve --workers N`` multiplies them).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from factcheck.errors import ConfigError
from factcheck.ledger.commands import ENV as LEDGER_ENV

# The bearer token: `serve --token` or this variable. The older name is still read, so a
# server set up before the rename keeps its token; both set and different is an error.
TOKEN_ENV = "FACTCHECK_TOKEN"
OLD_TOKEN_ENV = "FACTCHECK_API_TOKEN"


@dataclass(frozen=True)
class Settings:
    max_body_bytes: int = 1_000_000
    max_documents: int = 20
    # Time for one check from the moment its request is read: queueing, reading Markdown or
    # HTML, the check and its JSON. A check still running at the deadline is stopped.
    time_budget_ms: int = 5_000
    # Check processes per worker. Each runs one check at a time and is killed and replaced
    # when a check overruns. Checks run one at a time per worker, but one that has run for
    # slow_check_ms stops counting, and the next starts beside it on another process: with
    # two, one slow or hostile check holds back no one. 0 runs checks on threads of the
    # worker itself, which cannot be stopped (for debugging, and for tests that watch a
    # stand-in analyser).
    check_processes: int = 2
    slow_check_ms: int = 250
    # A check process holding more memory than this after a check is replaced (0: never).
    check_max_rss_mb: int = 1_024
    # With check_processes=0: threads running checks at once. One by default: a check is CPU
    # work under the GIL, and a second thread only makes the two contend.
    check_threads: int = 1
    # Requests waiting for a check process; one more is answered 503 with Retry-After.
    max_queue: int = 64
    # Open connections per worker; past it each new connection's request gets 503.
    max_connections: int = 256
    # Slow clients: the request line and headers, then the body, must arrive within these.
    header_timeout_ms: int = 10_000
    body_timeout_ms: int = 10_000
    max_header_bytes: int = 65_536
    keep_alive_s: int = 5  # an idle keep-alive connection is closed after this
    api_token: str | None = None  # when set, /v1 and /v2 need "Authorization: Bearer <token>"
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    access_log: bool = True
    # The claims ledger the /v1/ledger endpoints and "ledger": true read (a SQLite file or a
    # postgresql:// URL), from `factcheck serve --ledger` or FACTCHECK_LEDGER; None: no ledger.
    ledger: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        problems: list[str] = []

        def integer(name: str, default: int, minimum: int) -> int:
            raw = env.get(name, "").strip().replace("_", "")
            if not raw:
                return default
            try:
                value = int(raw)
            except ValueError:
                problems.append(f"{name}={env[name]!r}: must be a whole number")
                return default
            if value < minimum:
                problems.append(f"{name}={value}: must be at least {minimum}")
            return value

        settings = cls(
            max_body_bytes=integer("FACTCHECK_MAX_BODY_BYTES", cls.max_body_bytes, 1),
            max_documents=integer("FACTCHECK_MAX_DOCUMENTS", cls.max_documents, 1),
            time_budget_ms=integer("FACTCHECK_TIME_BUDGET_MS", cls.time_budget_ms, 1),
            check_processes=integer("FACTCHECK_CHECK_PROCESSES", cls.check_processes, 0),
            slow_check_ms=integer("FACTCHECK_SLOW_CHECK_MS", cls.slow_check_ms, 1),
            check_max_rss_mb=integer("FACTCHECK_CHECK_MAX_RSS_MB", cls.check_max_rss_mb, 0),
            check_threads=integer("FACTCHECK_CHECK_THREADS", cls.check_threads, 1),
            max_queue=integer("FACTCHECK_MAX_QUEUE", cls.max_queue, 0),
            max_connections=integer("FACTCHECK_MAX_CONNECTIONS", cls.max_connections, 1),
            header_timeout_ms=integer("FACTCHECK_HEADER_TIMEOUT_MS", cls.header_timeout_ms, 1),
            body_timeout_ms=integer("FACTCHECK_BODY_TIMEOUT_MS", cls.body_timeout_ms, 1),
            max_header_bytes=integer("FACTCHECK_MAX_HEADER_BYTES", cls.max_header_bytes, 1024),
            keep_alive_s=integer("FACTCHECK_KEEP_ALIVE_S", cls.keep_alive_s, 1),
            api_token=_token(env, problems),
            cors_origins=tuple(
                o.strip() for o in env.get("FACTCHECK_CORS_ORIGINS", "").split(",") if o.strip()
            ),
            access_log=env.get("FACTCHECK_ACCESS_LOG", "1").strip().lower()
            not in {"0", "false", "no", "off"},
            ledger=_ledger(env.get(LEDGER_ENV, ""), problems),
        )
        if problems:
            raise ConfigError(problems)
        return settings


def _token(env: Mapping[str, str], problems: list[str]) -> str | None:
    token = env.get(TOKEN_ENV, "").strip()
    old = env.get(OLD_TOKEN_ENV, "").strip()
    if token and old and token != old:
        problems.append(f"{TOKEN_ENV} and {OLD_TOKEN_ENV} differ: set only {TOKEN_ENV}")
    return token or old or None


def _ledger(value: str, problems: list[str]) -> str | None:
    """The ledger's location, checked for its form only: the database is opened per request,
    in a check worker, so a server can start before its first article creates the ledger."""
    from factcheck.ledger.errors import LedgerURLError
    from factcheck.ledger.url import parse

    value = value.strip()
    if not value:
        return None
    try:
        parse(value)
    except LedgerURLError as exc:
        problems.append(f"{LEDGER_ENV}: {exc}")
    return value
