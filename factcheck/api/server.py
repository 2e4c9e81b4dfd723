"""``factcheck serve``: run the API under uvicorn."""

from __future__ import annotations

from factcheck.api.settings import Settings

APP_FACTORY = "factcheck.api:create_app"


def serve(host: str = "127.0.0.1", port: int = 8080, workers: int = 1) -> None:
    """Serve the API until interrupted. Limits come from ``FACTCHECK_*`` environment variables
    (see docs/api.md); a bad value raises ConfigError here, before uvicorn starts."""
    import uvicorn

    settings = Settings.from_env()
    # An import string and a factory, so that each of several worker processes builds its
    # own app (uvicorn cannot hand a ready app object to more than one process).
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=settings.access_log,
        proxy_headers=False,
        server_header=False,
    )
