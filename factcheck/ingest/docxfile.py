"""Word .docx files, through python-docx (imported only when a .docx is read).

Paragraphs are joined by blank lines. A .docx has no lines, so a position is reported as
paragraph number (counting every paragraph of the body, empty ones too) and character in it.

A .docx is a zip archive, and python-docx inflates every part of it into memory. So before it
sees the file, the archive is checked here: the sizes its directory declares (in total, per part,
and against the compressed size), then every part is inflated once as a stream, in bounded
chunks, so a part that inflates beyond what it declares is caught without being held. An XML
part may not carry a DTD: Office never writes one, and it is where external entities (XXE) and
entity expansion (billion laughs) live.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib

from factcheck.errors import InputError
from factcheck.ingest.base import Extracted, SourceMap, reader

_CONTROL = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\v": " ", "\f": " "})

MiB = 1024 * 1024
MAX_TOTAL = 200 * MiB  # all parts, inflated
MAX_PART = 100 * MiB  # any one part, inflated
MAX_RATIO = 100  # inflated / compressed, for parts over RATIO_FLOOR (Word's XML is ~5-30x)
RATIO_FLOOR = 1 * MiB
MAX_PARTS = 10_000
_CHUNK = 1 * MiB
_PROLOG_MAX = 64 * 1024  # characters of an XML part read to find its root element
_ROOT_START = re.compile(r"<[A-Za-z_:]")
_BAD_NAME = re.compile(r"[\x00-\x1f]")


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", MiB), ("KiB", 1024)):
        if n >= scale:
            value = n / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{n} bytes"


def _refuse(label: str, why: str) -> InputError:
    return InputError(f"{label}: refused: {why} — a zip bomb or a very large document")


def _check_sizes(infos: list[zipfile.ZipInfo], label: str) -> None:
    """What the archive's directory declares, before anything is inflated."""
    if len(infos) > MAX_PARTS:
        raise _refuse(label, f"{len(infos)} parts (limit {MAX_PARTS})")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL:
        raise _refuse(label, f"expands to {_size(total)} (limit {_size(MAX_TOTAL)})")
    for info in infos:
        name = _BAD_NAME.sub("?", info.filename)
        if info.file_size > MAX_PART:
            raise _refuse(
                label, f"{name} expands to {_size(info.file_size)} (limit {_size(MAX_PART)})"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * info.compress_size:
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(
                label,
                f"{name} expands {ratio}x, {_size(info.compress_size)} to "
                f"{_size(info.file_size)} (limit {MAX_RATIO}x)",
            )


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _xml_encoding(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    return "utf-8"


class _Prolog:
    """Reads the start of an XML part up to its root element, looking for a DTD."""

    def __init__(self) -> None:
        self._decoder: codecs.IncrementalDecoder | None = None
        self._text = ""
        self.done = False
        self.has_dtd = False
        self.too_long = False

    def feed(self, data: bytes) -> None:
        if self._decoder is None:
            self._decoder = codecs.getincrementaldecoder(_xml_encoding(data[:4]))("replace")
        self._text += self._decoder.decode(data[: _PROLOG_MAX * 4])
        root = _ROOT_START.search(self._text)
        prolog = self._text[: root.start()] if root else self._text
        self.has_dtd = "<!DOCTYPE" in prolog or "<!ENTITY" in prolog
        self.done = root is not None or self.has_dtd or len(self._text) > _PROLOG_MAX
        self.too_long = root is None and not self.has_dtd and len(self._text) > _PROLOG_MAX


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
    """Inflate one part as a stream, never more than it declares (nor the limit)."""
    name = _BAD_NAME.sub("?", info.filename)
    prolog = _Prolog() if _is_xml(info.filename) else None
    allowed = min(info.file_size, MAX_PART)
    read = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(min(_CHUNK, allowed - read + 1)):
                read += len(chunk)
                if read > allowed:
                    raise _refuse(label, f"{name} inflates beyond the {_size(allowed)} it declares")
                if prolog is not None and not prolog.done:
                    prolog.feed(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        # zipfile stops at the declared size and then finds the checksum wrong: a part that
        # holds more (or other) data than its header says is refused, never read on.
        raise InputError(
            f"{label}: refused: {name} does not inflate to what the archive declares "
            "(corrupt, or doctored to slip past the size limits)"
        ) from None
    if prolog is None:
        return
    if prolog.has_dtd:
        raise InputError(
            f"{label}: refused: {name} declares a DTD, which Word never writes "
            "(it is how external and exponentially expanding entities get in)"
        )
    if prolog.too_long:
        raise InputError(f"{label}: refused: {name} has no XML root element in its first 64 KiB")


def check_archive(raw: bytes, label: str) -> None:
    """Refuse an archive that would inflate too far, lies about its sizes or carries a DTD."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            _check_sizes(infos, label)
            for info in infos:
                if not info.is_dir():
                    _check_part(archive, info, label)
    except InputError:
        raise
    except Exception as exc:  # zipfile raises BadZipFile, zlib.error, EOFError, ValueError, …
        raise InputError(f"{label}: not a readable .docx file ({type(exc).__name__})") from None


@reader
def load(raw: bytes, label: str) -> Extracted:
    if not raw:
        raise InputError(f"{label}: is empty")
    check_archive(raw, label)  # before python-docx is even imported
    try:
        import docx
    except ImportError:
        raise InputError(
            f"{label}: reading .docx files needs python-docx: pip install 'factcheck[docx]'"
        ) from None
    try:
        paragraphs = [p.text for p in docx.Document(io.BytesIO(raw)).paragraphs]
    except Exception as exc:  # python-docx raises zip, XML and key errors for broken files
        raise InputError(f"{label}: not a readable .docx file ({type(exc).__name__})") from None
    parts: list[str] = []
    source_map: SourceMap = []
    offset = 0
    for number, text in enumerate(paragraphs, start=1):
        if not text.strip():
            continue
        if parts:
            parts.append("\n\n")
            offset += 2
        # Soft line breaks and tabs become spaces so a paragraph stays one "line".
        source_map.append((offset, number, 1))
        parts.append(text.translate(_CONTROL))
        offset += len(text)
    if not parts:
        raise InputError(f"{label}: the document has no text")
    return Extracted(text="".join(parts), source_map=source_map)
