"""Keeping the cycle collector off data that cannot be garbage yet.

An archive worker holds its partitions (articles, their claims and source maps) for the
whole run, and the process's modules, lexicons and rules. Each comparison allocates many
short-lived containers; enough of them survive the young generations to trigger full
collections, and each full collection walks everything alive, the partitions included,
although none of it can be garbage yet, and the more a worker holds, the more each pass
costs. Measured on the development machine (the same 400 articles compared, the same
output): 11% of the time with only those 400 in the process, 14% with 4,000 held; with the
heap frozen, the same time for both.

``gc.freeze`` moves everything alive into a generation the collector skips, and
``gc.unfreeze`` puts it back into the oldest one, where the next full collection finds any
garbage among it: nothing is lost, collection is only put off for what predates the task.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """Run a task with everything already alive left out of cycle collection. Not nested:
    the inner exit would unfreeze for the outer one (harmless, only the gain is lost)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Build many objects that all live on with the cycle collector off: none of them can be
    garbage yet, and each full collection their growth sets off would walk them all again.
    Measured: reading 4,946 kept findings back from their JSON took 0.71 s with the collector
    on and 0.25 s with it off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
