"""Option types the commands share, so that one kind of value is read and refused one way.

Each is an ``argparse`` type: a bad value ends in argparse's one-line usage error and exit
code 2, naming the option and saying what it takes.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable

_WHOLE = re.compile(r"[+-]?[0-9]+")  # ASCII digits only: int() would also take "1_000" or "٣"
_MOST_DIGITS = 100  # int() refuses a string of thousands of digits with its own message


def whole_number(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    """A whole number from ``minimum`` up (to ``maximum`` when given): "3" and "+3" pass;
    "3.0", "three", or a number out of range are refused."""
    bounds = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"

    def parse(value: str) -> int:
        text = value.strip()
        if _WHOLE.fullmatch(text) and len(text) <= _MOST_DIGITS:
            number = int(text)
            if number >= minimum and (maximum is None or number <= maximum):
                return number
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number {bounds}")

    return parse


def add_processes_option(parser: argparse.ArgumentParser, flag: str, help: str) -> None:
    """How many worker processes a command starts: a whole number from 1, one per CPU unless
    told (``eval --jobs``, ``archive check --workers``)."""
    parser.add_argument(
        flag, type=whole_number(1), default=os.cpu_count() or 1, metavar="N", help=help
    )
