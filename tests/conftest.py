"""Shared fixtures: the folder of odd inputs and a way to run the CLI in-process."""

from __future__ import annotations

import functools
import importlib.util
import sys
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
