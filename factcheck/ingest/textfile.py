"""Plain text: the file is the text."""

from __future__ import annotations

from factcheck.ingest.base import Extracted, decode_text, reader


@reader
def load(raw: bytes, label: str) -> Extracted:
    return Extracted(text=decode_text(raw, label))
