"""Shared fixtures: the folder of odd inputs and a way to run the CLI in-process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from factcheck.cli import main

INPUTS = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"


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
