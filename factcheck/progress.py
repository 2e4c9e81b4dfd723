"""A one-line progress bar on a terminal, in stages ("reading", "comparing").

Written only when the stream is a terminal, so logs and pipes stay clean. (The evaluation's
bar in ``evaluate_report`` counts "rows" in one stage; this one names its stages.)
"""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO, *, enabled: bool | None = None, width: int = 30) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.width = width
        self.label = ""
        self.total = 0
        self.done = 0
        self._shown = -1
        self._drawn = False
        self._started = time.monotonic()
        self.seconds: dict[str, float] = {}  # each finished stage's time, shown or not

    def stage(self, label: str, total: int) -> None:
        """Start a stage of ``total`` units; the previous one's line is kept."""
        self._end_line()
        self.label, self.total, self.done, self._shown = label, total, 0, -1
        self._started = time.monotonic()
        self._draw()

    def advance(self, units: int = 1) -> None:
        self.done = min(self.total, self.done + units)
        self._draw()

    def close(self) -> None:
        self._end_line()

    def _draw(self) -> None:
        if not self.enabled:
            return
        percent = self.done * 100 // self.total if self.total else 100
        if percent == self._shown:
            return  # redraw only when the figure changes: a terminal is slow to write to
        self._shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.monotonic() - self._started
        self.stream.write(
            f"\r{self.label:<10} [{bar}] {percent:3d}% {self.done}/{self.total} ({elapsed:.0f} s)"
        )
        self.stream.flush()
        self._drawn = True

    def _end_line(self) -> None:
        if self.label and self.label not in self.seconds:
            self.seconds[self.label] = time.monotonic() - self._started
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
