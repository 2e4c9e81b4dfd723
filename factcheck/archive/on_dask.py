"""The Dask engine: the same tasks (``stages``) as futures on a Dask cluster, a new
``LocalCluster`` or a running scheduler. The only module of factcheck that imports Dask."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from factcheck.errors import InputError

CONNECT_TIMEOUT = "5s"  # a scheduler that does not answer by then is reported, not waited on


class DaskExecutor:
    def __init__(self, client: Any) -> None:
        self.client = client

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        # pure=False: no hashing of the arguments (whole partitions) to name the task.
        return self.client.submit(fn, *args, pure=False)

    def gather(self, tasks: Sequence[Any]) -> list[Any]:
        return list(self.client.gather(list(tasks)))

    def wait(self, tasks: Sequence[Any], done: Callable[[int], None]) -> None:
        """Call ``done(i)`` as each task finishes, in whatever order; a failed task raises
        its own error here."""
        from distributed import as_completed

        index = {t.key: i for i, t in enumerate(tasks)}
        for future in as_completed(list(tasks)):
            if future.status == "error":
                future.result()  # raises the task's exception
            done(index[future.key])


@contextlib.contextmanager
def dask_executor(
    scheduler: str | None, workers: int, *, processes: bool = True
) -> Iterator[DaskExecutor]:
    """A client on the scheduler at ``scheduler``, or on a new local cluster of ``workers``
    single-threaded workers, each its own process (the engine is pure Python: threads would
    share one interpreter lock; ``processes=False`` is for tests)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--engine dask needs Dask: pip install 'factcheck[archive]'") from None
    # Dask logs each connection attempt and closing worker; a failure is reported once, here.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise InputError(f"--scheduler {scheduler}: cannot connect: {detail}") from None
        with client:
            yield DaskExecutor(client)
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            # Its HTTP server runs anyway: on a free port, so that two runs never collide.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield DaskExecutor(client)
