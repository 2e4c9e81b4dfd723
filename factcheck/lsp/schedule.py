"""When each open buffer is checked.

A check runs on a thread and takes a few hundred milliseconds on a long draft, so what counts
is how soon after the last keystroke a check of the final text can start. For each buffer:

* a change after a quiet spell (no request in the last ``delay`` seconds) is checked at once;
* a change that follows another within ``delay``, while no check of the buffer runs, waits
  for ``delay`` of quiet, measured from the latest change: a short document is not checked
  on every keystroke;
* changes that arrive while a check of the buffer runs make its result stale: the server stops
  it at its next checkpoint (``wanted`` turns true, see ``factcheck.cancel``), and exactly one
  more check follows at once, on the text as it is then. A debounce on top would only be
  added to the wait for the check that counts.

At most one check of a buffer runs at a time, and ``run`` is called only when the check may
start. It reads the buffer as it is then, not as it was when the check was asked for, and
says when it has read it: changes until then are in the check, changes after it are not.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

# Check the buffer of a URI as it is now and publish; call the second argument on reading it.
Run = Callable[[str, Callable[[], None]], Awaitable[None]]


@dataclass(eq=False)
class _Buffer:
    asked: float = -math.inf  # loop time of the latest request
    wanted: bool = False  # a check of newer text than any check has read is due
    timer: asyncio.TimerHandle | None = None  # the wanted check's start, when none runs
    running: asyncio.Task[None] | None = None
    closed: bool = False
    idle: asyncio.Event = field(default_factory=asyncio.Event)  # nothing wanted or running


class Scheduler:
    def __init__(self, run: Run) -> None:
        self._run = run
        self._buffers: dict[str, _Buffer] = {}

    def request(self, uri: str, delay: float) -> None:
        """Ask for a check of ``uri``: after ``delay`` seconds of quiet, or at once (see the
        module's docstring for which)."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        buf = self._buffers.setdefault(uri, _Buffer())
        quiet = now - buf.asked >= delay
        buf.asked = now
        buf.wanted = True
        buf.closed = False
        buf.idle.clear()
        if buf.running is not None:
            return  # the running check starts the next when it ends
        if buf.timer is not None:
            buf.timer.cancel()
        buf.timer = loop.call_at(now if quiet else now + delay, self._start, uri, buf)

    def wanted(self, uri: str) -> bool:
        """Whether ``uri`` has changed since a check last read it (another check is due)."""
        buf = self._buffers.get(uri)
        return buf is not None and buf.wanted

    async def settled(self, uri: str) -> None:
        """Wait until no check of ``uri`` is due or running."""
        buf = self._buffers.get(uri)
        if buf is not None:
            await buf.idle.wait()

    def forget(self, uri: str) -> None:
        """The buffer was closed: drop a check that waits. One that runs finishes unseen."""
        buf = self._buffers.get(uri)
        if buf is None:
            return
        if buf.timer is not None:
            buf.timer.cancel()
            buf.timer = None
        buf.wanted = False
        buf.closed = True
        if buf.running is None:
            del self._buffers[uri]
            buf.idle.set()

    def _start(self, uri: str, buf: _Buffer) -> None:
        buf.timer = None
        buf.running = asyncio.get_running_loop().create_task(self._check(uri, buf))

    async def _check(self, uri: str, buf: _Buffer) -> None:
        # A change that arrives before the check reads the buffer (while it waits for the
        # worker) is in what it reads: only one after that needs another check.
        read = False

        def reading() -> None:
            nonlocal read
            read = True
            buf.wanted = False

        try:
            await self._run(uri, reading)
        except Exception:  # run reports its own failures; this keeps the buffer scheduled
            log.exception("checking %s failed", uri)
        finally:
            buf.running = None
        if not read:  # it gave up before reading (closed, or a bug): not again in a loop
            buf.wanted = False
        if buf.wanted:
            self._start(uri, buf)  # the result was stale: once more, on the text as it is now
            return
        buf.idle.set()
        if buf.closed and self._buffers.get(uri) is buf:
            del self._buffers[uri]
