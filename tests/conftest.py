"""Shared fixtures: the folder of odd inputs and a way to run the CLI in-process."""

from __future__ import annotations

import functools
import gc
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from factcheck.cli import main

REPO = Path(__file__).resolve().parent.parent
INPUTS = REPO / "fixtures" / "inputs"


@functools.cache
def repo_script(relative: str) -> ModuleType:
    """A script or benchmark of the repository (``"scripts/train_alignment.py"``) imported as a
    module, once per session, as ``repo_`` and its file name (``repo_train_alignment``)."""
    path = REPO / relative
    spec = importlib.util.spec_from_file_location(f"repo_{path.stem}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while they are defined
    spec.loader.exec_module(module)
    return module


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def inputs() -> Path:
    return INPUTS


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``factcheck ARGS...`` in this process; returns exit code, stdout and stderr."""

    def run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def allowed_severities(listed: Any) -> list[str]:
    """The severities an expected finding may have, as fixtures write them: one level, or a
    list of levels for a pair whose score sits at a band's edge."""
    return listed if isinstance(listed, list) else [listed]


def growth(read: Callable[[str], object], small: str, large: str, bar: float) -> float:
    """How much longer ``read`` takes on ``large`` than on ``small``, in CPU time (a run put
    aside for another process is not billed), as the ratio of the median times of five
    interleaved runs of each; measured again, twice at most, while it is above ``bar``, since
    other work on the machine only ever makes it look worse. Medians, not the best runs: on a
    shared host one lucky fast run of the small input (8 ms among runs of 13) read as a
    doubling of 3.1 for a linear reader, where a quadratic one reads 3.9."""
    read(small)  # warm caches and lazy imports
    ratio = float("inf")
    gc.collect()
    gc.freeze()  # the test session's own objects: the collections between runs skip them
    try:
        for _ in range(3):
            smalls, larges = [], []
            for _ in range(5):
                smalls.append(_cpu_seconds(lambda: read(small)))
                larges.append(_cpu_seconds(lambda: read(large)))
            ratio = min(ratio, statistics.median(larges) / max(statistics.median(smalls), 1e-4))
            if ratio <= bar:
                break
    finally:
        gc.unfreeze()
    return ratio


def _cpu_seconds(work: Callable[[], object]) -> float:
    gc.collect()  # each run starts from a collected heap: the last one's garbage is not billed
    start = time.process_time()
    work()
    return time.process_time() - start
