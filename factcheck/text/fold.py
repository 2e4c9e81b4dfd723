"""Lower case that keeps every offset, so that lexicon phrases match without re.IGNORECASE.

Python's ``re`` compares each character case-insensitively through a lookup, which makes the
lexicon's phrase patterns two to four times slower than the same patterns in lower case, and
they are a large share of a check's time. The phrases are ASCII, so a lower-case pattern run on
``fold(text)`` finds what the case-insensitive one finds in ``text``, at the same offsets: ``fold``
maps every character to what ``re`` compares it as when its pattern is ASCII (an upper-case
letter to its lower case, and the letters ``re`` folds onto an ASCII one: İ and ı onto i, ſ onto
s, the Kelvin sign onto k) and never changes the length.

``Folded`` marks text that went through ``fold``; a ``Phrases`` pattern only accepts that, so
the type checker finds a caller that forgot.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import NewType

Folded = NewType("Folded", str)

# What ``str.lower`` leaves alone but ``re`` matches to an ASCII letter, or lowers to more than
# one character (İ): those texts take the slower, exact table.
_ODD = frozenset("\u0130\u0131\u017f")
_TABLE = str.maketrans(
    {
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
        "\u0130": "i",
        "\u0131": "i",
        "\u017f": "s",
        "\u212a": "k",
    }
)


def fold(text: str) -> Folded:
    """``text`` as the lexicon's lower-case patterns read it, character for character."""
    if text.isascii():
        return Folded(text.lower())
    low = text.lower()
    if len(low) != len(text) or not _ODD.isdisjoint(low):
        return Folded(text.translate(_TABLE))
    return Folded(low)


class Phrases:
    """A compiled lexicon pattern, written in lower case, for folded text.

    A pattern whose phrases are not all ASCII keeps ``re.IGNORECASE``: ``fold`` only promises
    to stand in for it for ASCII letters.
    """

    __slots__ = ("regex",)

    def __init__(self, pattern: str) -> None:
        flags = 0 if pattern.isascii() else re.IGNORECASE
        self.regex = re.compile(pattern, flags)

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def search(self, text: Folded, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos)

    def match(self, text: Folded, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)

    def fullmatch(self, text: Folded) -> re.Match[str] | None:
        return self.regex.fullmatch(text)

    def finditer(
        self, text: Folded, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, pos, endpos)
