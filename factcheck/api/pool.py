"""Where checks run, and how their time budget is enforced.

``ProcessRunner`` keeps a few check processes forked from the server worker, so a new one
starts in milliseconds with the rules, lexicons and model already loaded. A job goes to a
free process over a socket pair; when the job's deadline passes, that process is killed and
a fresh one forked, so an overrunning check stops costing CPU at once instead of finishing
in the background.

``ThreadRunner`` runs jobs on threads of the server worker: the same queue and the same
answers, but a check that overruns cannot be stopped, only abandoned (its thread stays busy
until it ends). It serves debugging (``FACTCHECK_CHECK_PROCESSES=0``), tests that watch a
stand-in analyser, and systems without ``fork()``.

Both hand free workers to jobs first come first served, with at most ``max_queue`` jobs
waiting. A job that finds the queue full, or whose deadline passes while it waits, raises
``Overloaded``; one whose check passes the deadline raises ``CheckTimeout``. Neither runner
ever answers for a check it did not finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import pickle
import signal
import socket
import stat
import struct
import threading
import time
import traceback
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from .jobs import Analyser, Failed, Job, Outcome, execute, new_error_id

if TYPE_CHECKING:
    from .ledger import LedgerJob

log = logging.getLogger("factcheck.api")

W = TypeVar("W")
_FRAME = struct.Struct("!I")  # the length of the pickled job or outcome that follows
_RESPAWN_DELAY = 1.0  # seconds before trying again when fork() fails


class Overloaded(Exception):
    """No worker became free in time; ``retry_after`` is a guess in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"overloaded; retry after {retry_after} s")
        self.retry_after = retry_after


class CheckTimeout(Exception):
    """The check ran past its deadline and was stopped (or, on threads, abandoned)."""


class WorkerLost(Exception):
    """The check process died under the job (killed by the system, or crashed)."""


class Runner(Protocol):
    async def start(self) -> None: ...

    async def run(self, job: Job | LedgerJob) -> Outcome: ...

    def saturated(self) -> bool: ...

    def close(self) -> None: ...


class _Queue(Generic[W]):
    """Free workers, the jobs waiting for one, and when each busy worker's job began.

    With ``slow`` set, one check runs at a time (on two cores, checks side by side in one
    worker only stretch each other's latency), except that a check running longer than
    ``slow`` seconds stops counting: the next job starts beside it on another free worker,
    so a long or hostile check holds back no one.
    """

    def __init__(self, max_waiting: int, slow: float | None = None) -> None:
        self.idle: deque[W] = deque()
        self.waiting: deque[asyncio.Future[W]] = deque()
        self.busy: dict[W, float] = {}
        self.max_waiting = max_waiting
        self.slow = slow

    async def acquire(self, deadline: float, retry_after: int) -> W:
        if not self.waiting and self._may_start():
            return self._take()
        if len(self.waiting) >= self.max_waiting:
            raise Overloaded(retry_after)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[W] = loop.create_future()
        self.waiting.append(future)
        timer = loop.call_at(deadline, self._expire, future, retry_after)
        try:
            return await future
        except BaseException:
            if future.done() and not future.cancelled() and future.exception() is None:
                self.release(future.result())  # handed over as the job was cancelled
            with contextlib.suppress(ValueError):
                self.waiting.remove(future)
            raise
        finally:
            timer.cancel()

    def full(self) -> bool:
        """No worker may start a job now and the waiting line is at its limit: the next job
        would be refused."""
        return len(self.waiting) >= self.max_waiting and not self._may_start()

    def release(self, worker: W) -> None:
        """``worker`` is free (again, or new)."""
        self.busy.pop(worker, None)
        self.idle.append(worker)
        self.dispatch()

    def discard(self, worker: W) -> None:
        """``worker`` is gone (killed): its job no longer holds back the queue."""
        self.busy.pop(worker, None)
        self.dispatch()

    def dispatch(self) -> None:
        while self.waiting and self._may_start():
            future = self.waiting.popleft()
            if not future.done():
                future.set_result(self._take())

    def _may_start(self) -> bool:
        if not self.idle:
            return False
        if self.slow is None or not self.busy:
            return True
        now = asyncio.get_running_loop().time()
        return all(now - began >= self.slow for began in self.busy.values())

    def _take(self) -> W:
        # The worker freed last: its caches are warm, and a spare stays a spare.
        worker = self.idle.pop()
        loop = asyncio.get_running_loop()
        self.busy[worker] = loop.time()
        if self.slow is not None:  # when this job turns slow, the next may start
            loop.call_later(self.slow, self.dispatch)
        return worker

    def _expire(self, future: asyncio.Future[W], retry_after: int) -> None:
        if not future.done():
            self.waiting.remove(future)
            future.set_exception(Overloaded(retry_after))


class _Base:
    def __init__(self, analyser: Analyser, workers: int, budget_ms: int) -> None:
        self.analyser = analyser
        self.workers = workers
        self.budget = budget_ms / 1000
        self.mean = 0.05  # seconds a check takes, smoothed: only for Retry-After

    def _record(self, seconds: float) -> None:
        self.mean = 0.9 * self.mean + 0.1 * seconds

    def _retry_after(self, waiting: int) -> int:
        """Seconds until the jobs queued now have probably run."""
        return min(60, max(1, math.ceil((waiting + 1) * self.mean / self.workers)))


class ThreadRunner(_Base):
    def __init__(self, analyser: Analyser, threads: int, budget_ms: int, max_queue: int) -> None:
        super().__init__(analyser, threads, budget_ms)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="factcheck-check")
        self.queue: _Queue[int] = _Queue(max_queue)
        self.queue.idle.extend(range(threads))

    async def start(self) -> None:
        pass

    def saturated(self) -> bool:
        """True while a new job would be refused at once (the health check's answer)."""
        return self.queue.full()

    async def run(self, job: Job | LedgerJob) -> Outcome:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.budget
        slot = await self.queue.acquire(deadline, self._retry_after(len(self.queue.waiting)))
        began = loop.time()
        future = loop.run_in_executor(self.pool, execute, job, self.analyser)
        # The slot comes free when the thread does, not at the deadline: that is what bounds
        # how many abandoned checks a worker carries.
        future.add_done_callback(lambda _: self.queue.release(slot))
        try:
            async with asyncio.timeout_at(deadline):
                outcome = await asyncio.shield(future)
        except TimeoutError:
            raise CheckTimeout from None
        self._record(loop.time() - began)
        return outcome

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


class _Child:
    """One check process and the parent's end of its socket pair."""

    def __init__(self, pid: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.pid = pid
        self.reader = reader
        self.writer = writer

    async def call(self, job: Job | LedgerJob, deadline: float) -> Outcome:
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        self.writer.writelines([_FRAME.pack(len(data)), data])
        async with asyncio.timeout_at(deadline):
            await self.writer.drain()
            (size,) = _FRAME.unpack(await self.reader.readexactly(_FRAME.size))
            outcome: Outcome = pickle.loads(await self.reader.readexactly(size))
        return outcome


class ProcessRunner(_Base):
    def __init__(
        self,
        analyser: Analyser,
        processes: int,
        budget_ms: int,
        max_queue: int,
        max_rss_mb: int = 0,
        slow_ms: int = 250,
    ) -> None:
        super().__init__(analyser, processes, budget_ms)
        self.max_queue = max_queue
        self.slow = slow_ms / 1000
        # A big document can leave a process holding memory Python does not give back: past
        # this size an idle process is replaced (0: never).
        self.max_rss = max_rss_mb * 1024 * 1024
        self.queue: _Queue[_Child] = _Queue(max_queue, self.slow)
        self.children: set[_Child] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.pending: set[asyncio.Task[None]] = set()  # children being attached
        self.generation = 0  # bumped by close(): a respawn scheduled before it is dropped

    async def start(self) -> None:
        """Fork the check processes (the first job does it otherwise)."""
        self._ensure_started()
        if self.pending:
            await asyncio.gather(*self.pending, return_exceptions=True)

    async def run(self, job: Job | LedgerJob) -> Outcome:
        loop = self._ensure_started()
        deadline = loop.time() + self.budget
        child = await self.queue.acquire(deadline, self._retry_after(len(self.queue.waiting)))
        began = loop.time()
        try:
            outcome = await child.call(job, deadline)
        except TimeoutError:
            self._replace(child)
            raise CheckTimeout from None
        except (OSError, EOFError, asyncio.IncompleteReadError, pickle.UnpicklingError) as exc:
            self._replace(child)
            raise WorkerLost(f"check process {child.pid} ended under a job ({exc!r})") from exc
        except BaseException:
            # Cancelled mid-check: the answer would arrive as the next job's; start afresh.
            self._replace(child)
            raise
        self._record(loop.time() - began)
        if self.max_rss and _rss(child.pid) > self.max_rss:
            self._replace(child)
        else:
            self.queue.release(child)
        return outcome

    def saturated(self) -> bool:
        return self.queue.full()

    def close(self) -> None:
        self.queue = _Queue(self.max_queue, self.slow)  # jobs still waiting will time out
        for child in list(self.children):
            self._kill(child, wait=True)
        for task in self.pending:
            task.cancel()
        self.loop = None
        self.generation += 1

    # -- the processes ----------------------------------------------------------------------

    def _ensure_started(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # first use, or the app moved to another event loop
            self.close()
            self.loop = loop
            for _ in range(self.workers):
                self._spawn(self.generation)
        return loop

    def _replace(self, child: _Child) -> None:
        self._kill(child)
        # Forked from a fresh callback, not from inside the except block that called this:
        # the new process would otherwise carry that exception as the context of its own.
        assert self.loop is not None
        self.loop.call_soon(self._spawn, self.generation)

    def _kill(self, child: _Child, *, wait: bool = False) -> None:
        self.children.discard(child)
        self.queue.discard(child)
        with contextlib.suppress(Exception):  # the loop may be closed already
            child.writer.transport.abort()
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        self._reap(child.pid, wait)

    def _reap(self, pid: int, wait: bool = False) -> None:
        try:
            done, status = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
                log.error("check process %d died of signal %d", pid, os.WTERMSIG(status))
        elif self.loop is not None and not self.loop.is_closed():
            self.loop.call_later(0.05, self._reap, pid)  # SIGKILL takes a moment

    def _spawn(self, generation: int) -> None:
        loop = self.loop
        if loop is None or generation != self.generation:
            return
        try:
            parent_end, child_end = socket.socketpair()
        except OSError:
            log.exception("cannot start a check process; trying again in %.0f s", _RESPAWN_DELAY)
            loop.call_later(_RESPAWN_DELAY, self._spawn, generation)
            return
        try:
            pid = os.fork()
        except OSError:
            parent_end.close()
            child_end.close()
            log.exception("cannot start a check process; trying again in %.0f s", _RESPAWN_DELAY)
            loop.call_later(_RESPAWN_DELAY, self._spawn, generation)
            return
        if pid == 0:
            code = 70
            try:
                parent_end.close()
                code = _child_main(child_end, self.analyser)
            finally:
                os._exit(code)
        child_end.close()
        task = loop.create_task(self._attach(pid, parent_end))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def _attach(self, pid: int, sock: socket.socket) -> None:
        reader, writer = await asyncio.open_connection(sock=sock)
        child = _Child(pid, reader, writer)
        self.children.add(child)
        self.queue.release(child)


def _rss(pid: int) -> int:
    """Resident memory of a process in bytes; 0 where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


# -- inside a check process ---------------------------------------------------------------------


def _child_main(sock: socket.socket, analyser: Analyser) -> int:
    """Answer jobs until the parent goes away; the exit code of the process."""
    _detach_from_server(sock.fileno())
    stream = sock.makefile("rb")
    while True:
        head = stream.read(_FRAME.size)
        if len(head) < _FRAME.size:
            return 0  # the parent closed its end
        (size,) = _FRAME.unpack(head)
        data = stream.read(size)
        if len(data) < size:
            return 0
        try:
            outcome = execute(pickle.loads(data), analyser)
            reply = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a job or an outcome that does not pickle: a bug, reported as one
            failed = Failed("the check failed", traceback.format_exc(), new_error_id())
            reply = pickle.dumps(failed, protocol=pickle.HIGHEST_PROTOCOL)
        _send(sock, _FRAME.pack(len(reply)), reply)


def _send(sock: socket.socket, head: bytes, body: bytes) -> None:
    """Length and payload in one system call where they fit: sent apart, the parent would
    wake for the four bytes of the length alone and then again for the rest."""
    sent = sock.sendmsg([head, body])
    if sent < len(head) + len(body):
        sock.sendall((head + body)[sent:])


def _detach_from_server(keep: int) -> None:
    """Undo what the fork copied from the server worker that a check process must not keep."""
    # Ctrl-C reaches the whole process group: the server decides when its children stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    # Client connections and listening sockets: while a copy stays open here, a connection
    # the server closes would never see its end. Each is pointed at /dev/null rather than
    # closed, so that its number stays taken: a socket object's finalizer closing it later
    # cannot close a file this process has opened since under the same number.
    null = os.open(os.devnull, os.O_RDWR)
    for fd in _open_fds():
        if fd > 2 and fd not in (keep, null):
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.dup2(null, fd)
    os.close(null)
    parent = os.getppid()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _open_fds() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return list(range(3, 4096))


def _exit_with(parent: int) -> None:
    """End this process soon after its parent: a killed server leaves no check running."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def make_runner(
    analyser: Analyser,
    processes: int,
    threads: int,
    budget_ms: int,
    max_queue: int,
    max_rss_mb: int = 0,
    slow_ms: int = 250,
) -> Runner:
    if processes >= 1 and hasattr(os, "fork"):
        return ProcessRunner(analyser, processes, budget_ms, max_queue, max_rss_mb, slow_ms)
    if processes >= 1:
        log.warning("no fork() here: checks run on threads and an overrun cannot be stopped")
    return ThreadRunner(analyser, threads, budget_ms, max_queue)
