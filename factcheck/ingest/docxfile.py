"""Word .docx files, through python-docx (imported only when a .docx is read).

Paragraphs are joined by blank lines. A .docx has no lines, so a position is reported as
paragraph number (counting every paragraph of the body, empty ones too) and character in it.
"""

from __future__ import annotations

import io

from factcheck.errors import InputError
from factcheck.ingest.base import Extracted, SourceMap

_CONTROL = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\v": " ", "\f": " "})


def load(raw: bytes, label: str) -> Extracted:
    try:
        import docx
    except ImportError:
        raise InputError(
            f"{label}: reading .docx files needs python-docx: pip install 'factcheck[docx]'"
        ) from None
    if not raw:
        raise InputError(f"{label}: is empty")
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
