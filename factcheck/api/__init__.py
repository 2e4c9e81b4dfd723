"""The HTTP API: ``create_app()`` builds it, ``serve()`` runs it with uvicorn.

Importing this package imports FastAPI; the CLI imports it only for ``factcheck serve``.
"""

from factcheck.api.app import create_app
from factcheck.api.server import serve
from factcheck.api.settings import Settings

__all__ = ["Settings", "create_app", "serve"]
