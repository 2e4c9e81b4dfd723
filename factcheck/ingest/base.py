"""What every loader shares: reading the bytes, the text checks and the loader's result."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from factcheck.errors import InputError
from factcheck.fileio import read_limited

SourceMap = list[tuple[int, int, int]]


@dataclass(frozen=True)
class Extracted:
    """A loader's output: the plain text, how it maps back to the file, the date it states.

    ``source_map`` is ``None`` when text offsets fall on the same lines and columns as in the
    file (plain text, and Markdown, whose markup is blanked rather than removed).
    ``published`` is the publication date as the file gives it, unparsed.
    """

    text: str
    source_map: SourceMap | None = None
    published: str | date | datetime | None = None


Loader = Callable[[bytes, str], Extracted]


def reader(load: Loader) -> Loader:
    """A loader whose every failure is a one-line InputError naming the file.

    Loaders raise InputError for what they know to be wrong with a file; this catches the
    rest (a library tripping over hostile input, or a bug of ours) so that the CLI still
    prints one line and exits 2 and the API answers 422, with the cause kept for debugging.
    """

    @functools.wraps(load)
    def guarded(raw: bytes, label: str) -> Extracted:
        try:
            return load(raw, label)
        except InputError:
            raise
        except RecursionError:
            raise InputError(f"{label}: nested too deeply to read") from None
        except MemoryError:
            raise InputError(f"{label}: too large to read in the memory available") from None
        except Exception as exc:
            raise InputError(f"{label}: cannot read it ({type(exc).__name__})") from exc

    return guarded


def read_bytes(path: str, label: str, max_bytes: int = 0) -> bytes:
    """The raw content of ``path`` (``-`` is stdin); every failure is a one-line InputError.
    At most ``max_bytes`` (0: no limit) are read from a file: a FIFO or a process
    substitution has no size to check beforehand, and a file may grow after it."""
    if path == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError(f"{label}: nothing to read (pipe a document in, or name a file)")
        return sys.stdin.buffer.read()
    file = Path(path)
    if file.is_dir():
        raise InputError(f"{label}: is a directory, not a document")
    try:
        with file.open("rb") as handle:
            return read_limited(handle, max_bytes, label)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read: {exc.strerror or exc}") from None


def decode_text(raw: bytes, label: str) -> str:
    """Decode UTF-8 (an optional BOM is dropped) and normalise line ends to ``\\n``.

    Neither step moves a character to another line or column as an editor counts them.
    """
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{label}: is UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        raise InputError(f"{label}: looks like a binary file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{label}: not valid UTF-8 (byte 0x{raw[exc.start]:02X} at offset {exc.start}, "
            f"line {line}); save it as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{label}: is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_published(value: str | date | datetime, label: str, where: str) -> date | datetime:
    """Read an ISO date or date-time (``2025-10-22``, ``2025-10-22T09:30:00Z``)."""
    if isinstance(value, date):  # datetime is a date too
        return value
    raw = value.strip()
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw)
    except ValueError:
        shown = raw if len(raw) <= 40 else raw[:37] + "..."  # one short line, whatever the file
        raise InputError(f"{label}: {where} {shown!r} is not an ISO date (YYYY-MM-DD)") from None
