"""What the command line writes, and how much it agrees to read.

A file is written to a temporary file beside it, flushed and fsynced, then renamed over the
old one: a reader sees the old content or the new, never half of either, and a write that
fails or is interrupted leaves the old file as it was and no temporary file behind.

Inputs above a size limit are refused before they are read, so that a huge or wrong file
(a video, a database dump) fails at once with one line instead of exhausting the memory.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from factcheck.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # far above any news story, well below a memory problem

_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
_SIZE = re.compile(r"(\d+)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)


# -- sizes ----------------------------------------------------------------------------------


def parse_size(value: str | int) -> int:
    """Bytes from ``20971520``, ``20M``, ``20MiB`` or ``500k`` (K, M, G are powers of 1024);
    0 means no limit."""
    if isinstance(value, bool):  # a bool is an int to Python, not a size to a user
        raise ValueError(f"{value!r} is not a size")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is not a size (0 means no limit)")
        return value
    match = _SIZE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not a size: give bytes, or a number with K, M or G")
    return int(match[1]) * _UNITS[match[2].lower()]


def format_size(size: int) -> str:
    """A size as a person reads it: ``900 bytes``, ``1.5 KiB``, ``20 MiB``."""
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            break
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def _too_big(label: str, size: int | None, limit: int) -> InputError:
    exact = f" ({size} bytes)" if size is not None and size >= 1024 else ""
    what = "is" if size is None else f"is {format_size(size)}{exact},"
    return InputError(
        f"{label}: {what} over the {format_size(limit)} limit "
        "(raise it with --max-bytes, or max-bytes in the config file)"
    )


def check_size(path: str, limit: int) -> None:
    """Refuse a regular file larger than ``limit`` bytes (0: no limit), before it is read.

    A path that cannot be stat'ed is let through: the reader then says what is wrong with it
    (missing, unreadable) in its own words.
    """
    if limit <= 0:
        return
    try:
        info = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise _too_big(path, info.st_size, limit)


def read_limited(stream: BinaryIO, limit: int, label: str) -> bytes:
    """All of ``stream``, or an InputError once it gives more than ``limit`` bytes (0: no
    limit). Reads at most ``limit + 1`` bytes, so a stream without end costs no more."""
    if limit <= 0:
        return stream.read()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_big(label, None, limit)
    return data


# -- outputs that are inputs ----------------------------------------------------------------


def _same_file(a: str | Path, b: str | Path) -> bool:
    """The same file: through symlinks and hard links when both exist, else by full path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def refuse_input_as_output(output: str, inputs: Iterable[str | Path], flag: str) -> None:
    """An InputError when ``output`` is one of ``inputs``: writing it would destroy it."""
    for given in inputs:
        if str(given) != "-" and _same_file(output, given):
            raise InputError(
                f"{flag} {output}: is also an input ({given}); writing there would replace "
                "it, so name another file"
            )


# -- writing --------------------------------------------------------------------------------


class AtomicFile:
    """A text file written beside ``path`` and put in its place whole by ``publish()``.

    ``stream`` takes the text; ``publish()`` flushes and fsyncs it, then renames it over the
    target (with ``overwrite=False`` an existing target is kept and ``FileExistsError``
    raised, also when it appears while the text is being written). ``discard()`` removes
    whatever is left: call it in a ``finally``.
    """

    def __init__(self, path: str | Path, *, overwrite: bool = True) -> None:
        import tempfile  # here, not at the top: most runs write nothing, and start faster

        self.target = Path(path)
        self.overwrite = overwrite
        fd, self._tmp = tempfile.mkstemp(
            dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp"
        )
        self.stream: TextIO = os.fdopen(fd, "w", encoding="utf-8")

    def sync(self) -> None:
        """On disk, not yet in place: the step that can fail for want of space."""
        if not self.stream.closed:
            self.stream.flush()
            os.fsync(self.stream.fileno())  # on disk before the rename makes it the file
            self.stream.close()
            os.chmod(self._tmp, _file_mode(self.target))  # mkstemp makes it private

    def publish(self) -> None:
        self.sync()
        _publish(self._tmp, self.target, overwrite=self.overwrite)
        _sync_folder(self.target.parent)  # the rename itself durable

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # a failed flush fails again here: already raised
            self.stream.close()
        Path(self._tmp).unlink(missing_ok=True)  # gone already after a rename


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, overwrite: bool = True) -> Iterator[TextIO]:
    """A stream whose text replaces ``path`` whole when the block ends without an error;
    an error leaves the old file, or none, and no temporary file."""
    file = AtomicFile(path, overwrite=overwrite)
    try:
        yield file.stream
        file.publish()
    finally:
        file.discard()


def write_atomic(path: str | Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` all at once, or not at all (see ``AtomicFile``)."""
    with atomic_writer(path, overwrite=overwrite) as out:
        out.write(text)


def _publish(tmp: str, target: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # unlike a rename, fails when the target exists
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(tmp, target)


def _file_mode(target: Path) -> int:
    """The mode of the file being replaced, else what a new file would get under the umask."""
    with contextlib.suppress(OSError):
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder, which is fine."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
