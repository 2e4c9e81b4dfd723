"""Between the engine's positions and the editor's.

The engine counts 1-based lines and 1-based codepoint columns of the file. LSP counts 0-based
lines and columns in code units of the negotiated encoding, UTF-16 unless the client offers
another: a character outside the Basic Multilingual Plane (an emoji, a rare CJK ideograph)
is one codepoint but two UTF-16 units, and every column after it on that line shifts by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["utf-8", "utf-16", "utf-32"]

# LSP ends a line at \r\n, \n or \r; the loaders turn all three into \n the same way.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def encoding_of(name: object) -> Encoding:
    """The encoding the server and client agreed on; UTF-16 when nothing was said."""
    value = str(getattr(name, "value", name) or "utf-16").lower()
    if value == "utf-8":
        return "utf-8"
    return "utf-32" if value == "utf-32" else "utf-16"


def units(text: str, encoding: Encoding) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def codepoints(line: str, count: int, encoding: Encoding) -> int:
    """How many codepoints of ``line`` the first ``count`` code units cover (a column that
    falls inside a character counts that character as not yet reached)."""
    if encoding == "utf-32":
        return min(count, len(line))
    used = 0
    for i, char in enumerate(line):
        used += units(char, encoding)
        if used > count:
            return i
    return len(line)


@dataclass(frozen=True)
class Point:
    """A 0-based LSP position: ``character`` in code units of the agreed encoding."""

    line: int
    character: int


class Lines:
    """One text's lines, to turn engine positions into LSP positions and back."""

    def __init__(self, text: str) -> None:
        self.lines = _LINE_BREAK.split(text)

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def to_lsp(self, line: int, column: int, encoding: Encoding) -> Point:
        """The LSP position of a 1-based line and codepoint column."""
        text = self.line(line - 1)
        return Point(max(line - 1, 0), units(text[: max(column - 1, 0)], encoding))

    def from_lsp(self, point: Point, encoding: Encoding) -> tuple[int, int]:
        """The 1-based line and codepoint column of an LSP position."""
        return point.line + 1, codepoints(self.line(point.line), point.character, encoding) + 1
