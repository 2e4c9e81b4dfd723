"""What the reStructuredText and AsciiDoc readers share: blanking markup in place.

Like the Markdown reader they never remove a character: markup becomes spaces, so every
offset of the text stays on its line and column of the file and no source map is needed.
Every helper here is linear in the text, whatever the text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

Spans = list[tuple[int, int]]

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def blank(s: str) -> str:
    """Spaces for every character but newlines."""
    if "\n" not in s:
        return " " * len(s)
    return "\n".join(" " * len(part) for part in s.split("\n"))


def blank_match(m: re.Match[str]) -> str:
    return blank(m.group(0))


def blank_spans(text: str, spans: Spans) -> str:
    """``text`` with the (start, end) stretches blanked; they may come in any order and touch,
    but must not overlap."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        parts += [text[pos:start], blank(text[start:end])]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def blank_lines(lines: list[str], start: int, end: int) -> None:
    """Blank ``lines[start:end]`` in place."""
    for i in range(start, end):
        lines[i] = " " * len(lines[i])


def decode_entities(text: str) -> str:
    """Character references decoded and padded to their own width (``&amp;`` is ``&    ``)."""

    def one(m: re.Match[str]) -> str:
        decoded = html.unescape(m.group(0))
        if decoded.isspace():
            decoded = " "  # "&#10;" is no line of the file: a new one would move every line after
        return m.group(0) if len(decoded) > len(m.group(0)) else decoded.ljust(len(m.group(0)))

    return _ENTITY.sub(one, text)


class Paragraphs:
    """Where each paragraph of a text ends (at the next blank line, or the text's end)."""

    def __init__(self, text: str) -> None:
        self._ends: list[int] = []
        pos = 0
        for line in text.split("\n"):
            if not line.strip():
                self._ends.append(pos)
            pos += len(line) + 1
        self._length = len(text)

    def end(self, pos: int) -> int:
        i = bisect_right(self._ends, pos)
        return self._ends[i] if i < len(self._ends) else self._length


def pairs(text: str, mark: str, paragraphs: Paragraphs) -> Iterator[tuple[int, int]]:
    """(opening, closing) positions of ``mark`` paired within one paragraph.

    The closer of an opener is the next mark; when that lies past the paragraph's end the
    opener stays unpaired and the next mark is the next opener, so each mark is looked up
    once: linear however many openers never close.
    """
    width = len(mark)
    pos = text.find(mark)
    while pos >= 0:
        close = text.find(mark, pos + width)
        if close < 0:
            return
        if close < paragraphs.end(pos):
            yield pos, close
            pos = text.find(mark, close + width)
        else:
            pos = close


class NextOf:
    """The position of the next of some characters (or the text's end), remembering its last
    answer so that many starts before one stop cost one search."""

    def __init__(self, text: str, chars: str) -> None:
        self._text = text
        self._stop = re.compile(f"[{re.escape(chars)}]")
        self._start = 0
        self._found = -1

    def __call__(self, pos: int) -> int:
        if not self._start <= pos <= self._found:
            m = self._stop.search(self._text, pos)
            self._start, self._found = pos, m.start() if m else len(self._text)
        return self._found


def each_pass(text: str, passes: list[Callable[[str], str]]) -> str:
    for step in passes:
        text = step(text)
    return text
