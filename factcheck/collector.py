"""Fewer garbage-collector passes while a check runs.

A check allocates hundreds of thousands of small objects (claims, frames, candidate pairs)
that reference counting frees as soon as they are dropped; almost none form cycles. With the
interpreter's default threshold the cycle collector still walks the young objects every 700
allocations, which cost about a sixth of a long check's time (benchmarks/speed.py, docs/
performance.md). Inside a check the thresholds are raised, not switched off, so a young cycle
still gets collected; the older generations, which hold what the report keeps, are left alone
until the check ends. The caller's setting comes back when the last concurrent check ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

CHECK_THRESHOLD = 50_000  # allocations between young-generation passes during a check
# Young passes between passes over the older generations. What outlives a young pass during a
# check is nearly all claims and frames the report still holds: walking them again and again
# is what made a long check superlinear (a 200k-word document spent 0.24 s in one such pass).
OLDER_THRESHOLD = 1_000

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the young-generation threshold for the block (thread-safe, re-entrant)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            first = _saved[0]
            if first and first < CHECK_THRESHOLD:  # 0: the caller switched collection off
                gc.set_threshold(CHECK_THRESHOLD, OLDER_THRESHOLD, OLDER_THRESHOLD)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
