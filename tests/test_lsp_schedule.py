"""When the language server checks a buffer (``factcheck.lsp.schedule``), with a stand-in for
the check that waits for the worker, reads the buffer and finishes, each when the test lets
it. Nothing here waits on a clock: the debounces are either 0 or an hour."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

pytest.importorskip("lsprotocol", reason="needs the lsp extra")

from factcheck.lsp.schedule import Scheduler

URI = "file:///news/storm.md"
HOUR = 3600.0


class Editor:
    """Buffers and a check: each check records the text it read."""

    def __init__(self) -> None:
        self.text: dict[str, str] = {}
        self.read: list[tuple[str, str]] = []
        self.running = 0
        self.most_at_once = 0
        self.worker_free = asyncio.Event()  # the server's worker, busy with other buffers
        self.worker_free.set()
        self.finish = asyncio.Event()
        self.finish.set()
        self.scheduler = Scheduler(self.check)

    async def check(self, uri: str, reading: Callable[[], None]) -> None:
        await self.worker_free.wait()
        reading()
        self.read.append((uri, self.text[uri]))
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            await self.finish.wait()
        finally:
            self.running -= 1

    def type(self, uri: str, text: str, debounce: float = 0.15) -> None:
        self.text[uri] = text
        self.scheduler.request(uri, debounce)


async def turns(n: int = 20) -> None:
    """Let the event loop run the callbacks and tasks that are ready."""
    for _ in range(n):
        await asyncio.sleep(0)


def run(scenario: Callable[[Editor], Coroutine[Any, Any, None]]) -> None:
    async def main() -> None:
        async with asyncio.timeout(60):  # a scheduler that loops fails, not hangs
            await scenario(Editor())

    asyncio.run(main())


def test_changes_during_a_check_are_followed_by_one_check_of_the_final_text() -> None:
    async def scenario(ed: Editor) -> None:
        ed.finish.clear()
        ed.type(URI, "v1")  # after a quiet spell: at once
        await turns()
        assert ed.read == [(URI, "v1")]
        for text in ("v2", "v3", "v4"):
            ed.type(URI, text)
            await turns()
        assert ed.read == [(URI, "v1")]  # one check of a buffer at a time
        assert ed.scheduler.wanted(URI)
        ed.finish.set()
        await ed.scheduler.settled(URI)
        # Exactly one more, and it read the buffer when it started, not when it was asked for.
        assert ed.read == [(URI, "v1"), (URI, "v4")]
        assert ed.most_at_once == 1
        assert not ed.scheduler.wanted(URI)

    run(scenario)


def test_a_change_before_the_check_reads_the_buffer_is_in_that_check() -> None:
    async def scenario(ed: Editor) -> None:
        ed.finish.clear()
        ed.type(URI, "v1")
        await turns()
        ed.type(URI, "v2")  # while v1 is checked: one more check follows...
        ed.worker_free.clear()  # ...but waits for the worker (another buffer's check)
        ed.finish.set()
        await turns()
        ed.type(URI, "v3")  # before that check has read the buffer
        ed.worker_free.set()
        await ed.scheduler.settled(URI)
        assert ed.read == [(URI, "v1"), (URI, "v3")]  # v3 once, not again

    run(scenario)


def test_typing_waits_for_a_pause_and_a_save_does_not() -> None:
    async def scenario(ed: Editor) -> None:
        ed.type(URI, "v1", HOUR)  # the first change after a quiet spell is checked at once
        await ed.scheduler.settled(URI)
        assert ed.read == [(URI, "v1")]

        ed.type(URI, "v2", HOUR)  # the next one, within the debounce, waits for a pause
        ed.type(URI, "v3", HOUR)
        await turns()
        assert ed.read == [(URI, "v1")]
        assert ed.scheduler.wanted(URI)

        ed.scheduler.request(URI, 0)  # a save: at once, on the text as it is
        await ed.scheduler.settled(URI)
        assert ed.read == [(URI, "v1"), (URI, "v3")]

    run(scenario)


def test_buffers_are_scheduled_apart() -> None:
    async def scenario(ed: Editor) -> None:
        other = "file:///news/wire.txt"
        ed.type(URI, "draft", HOUR)
        ed.type(other, "wire", HOUR)  # a change in another buffer is no change in this one
        await ed.scheduler.settled(URI)
        await ed.scheduler.settled(other)
        assert sorted(ed.read) == [(URI, "draft"), (other, "wire")]

    run(scenario)


def test_a_closed_buffer_is_not_checked_again() -> None:
    async def scenario(ed: Editor) -> None:
        ed.finish.clear()
        ed.type(URI, "v1")
        await turns()
        ed.type(URI, "v2")  # stale while it runs...
        ed.scheduler.forget(URI)  # ...but closed before it ends: no check follows
        ed.finish.set()
        await turns()
        await ed.scheduler.settled(URI)
        assert ed.read == [(URI, "v1")]

        ed.type(URI, "v1 again")  # opened again: checked as any buffer is
        await ed.scheduler.settled(URI)
        assert ed.read[-1] == (URI, "v1 again")

    run(scenario)


def test_a_failing_check_leaves_the_buffer_scheduled() -> None:
    async def scenario(ed: Editor) -> None:
        calls: list[str] = []

        async def broken(uri: str, reading: Callable[[], None]) -> None:
            reading()
            calls.append(uri)
            if len(calls) == 1:
                raise RuntimeError("a bug in a check")

        scheduler = Scheduler(broken)
        scheduler.request(URI, 0)
        await scheduler.settled(URI)
        scheduler.request(URI, 0)
        await scheduler.settled(URI)
        assert calls == [URI, URI]

    run(scenario)


def test_a_check_that_never_reads_the_buffer_is_not_repeated() -> None:
    async def scenario(ed: Editor) -> None:
        calls: list[str] = []

        async def closed(uri: str, reading: Callable[[], None]) -> None:
            calls.append(uri)  # the buffer went away before the worker was free

        scheduler = Scheduler(closed)
        scheduler.request(URI, 0)
        scheduler.request(URI, 0)
        await scheduler.settled(URI)
        assert calls == [URI]

    run(scenario)
