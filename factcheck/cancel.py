"""Stopping a check that is no longer wanted, at the next safe place.

A caller that may lose interest in a check while it runs (the language server, when the
buffer changes under it) wraps the call in ``cancellable(stop)``. The pipeline calls
``checkpoint()`` between its steps and in its long loops (a sentence, a rule, a batch of
figure pairs); there ``stop()`` is asked, and ``Cancelled`` is raised when it says yes. Nothing
a check builds outlives it, so stopping leaves nothing behind. Without ``cancellable`` a
checkpoint costs one context-variable read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Stop = Callable[[], bool]  # asked at each checkpoint: True stops the check

_stop: ContextVar[Stop | None] = ContextVar("factcheck_stop", default=None)


class Cancelled(BaseException):
    """The check was stopped by its caller. A BaseException, like ``asyncio.CancelledError``:
    the handlers that keep one broken rule or document from failing a whole check catch
    ``Exception``, and must not turn a stop into an error finding."""


@contextmanager
def cancellable(stop: Stop) -> Iterator[None]:
    """Checks run inside this block stop at their next checkpoint once ``stop()`` is true."""
    token = _stop.set(stop)
    try:
        yield
    finally:
        _stop.reset(token)


def checkpoint() -> None:
    """Raise ``Cancelled`` if the caller has asked this check to stop."""
    stop = _stop.get()
    if stop is not None and stop():
        raise Cancelled
