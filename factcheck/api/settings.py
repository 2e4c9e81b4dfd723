"""Server limits and switches, read from ``FACTCHECK_*`` environment variables.

Every limit has a default that suits one newsroom tool talking to one server; an operator
tunes them without code. A bad value stops the server at start with a one-line message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from factcheck.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    max_body_bytes: int = 1_000_000
    max_documents: int = 20
    time_budget_ms: int = 5_000
    # Checks running at once per worker process; the rest wait. One by default: a check is CPU
    # work under the GIL, and a second thread only makes the two contend (measured: p99 59 ms
    # with two, 39-43 ms with one, docs/api.md).
    check_threads: int = 1
    api_token: str | None = None  # when set, /v1 and /v2 need "Authorization: Bearer <token>"
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    access_log: bool = True

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
            check_threads=integer("FACTCHECK_CHECK_THREADS", cls.check_threads, 1),
            api_token=env.get("FACTCHECK_API_TOKEN", "").strip() or None,
            cors_origins=tuple(
                o.strip() for o in env.get("FACTCHECK_CORS_ORIGINS", "").split(",") if o.strip()
            ),
            access_log=env.get("FACTCHECK_ACCESS_LOG", "1").strip().lower()
            not in {"0", "false", "no", "off"},
        )
        if problems:
            raise ConfigError(problems)
        return settings
