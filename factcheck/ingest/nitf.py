"""NITF 3.x: the headline, by-line, dateline, abstract and body of a News Industry Text Format
file, each word anchored to its line and column in the file (see ``newsxml``).

The publication date is the document's release time (``docdata/date.release``) when it has
one, else its issue time (``docdata/date.issue``): copy written under an embargo says "today"
of the day it may first be read, so that is the day its relative dates count from.
"""

from __future__ import annotations

from factcheck.ingest.base import Extracted, reader
from factcheck.ingest.newsxml import Profile, read

PROFILE = Profile(
    name="nitf",
    text=frozenset(
        {
            ("body.head", "hedline"),
            ("body.head", "byline"),
            ("body.head", "dateline"),
            ("body.head", "abstract"),
            ("body", "body.content"),
        }
    ),
    dates=(("docdata", "date.release", "norm"), ("docdata", "date.issue", "norm")),
)


@reader
def load(raw: bytes, label: str) -> Extracted:
    return read(PROFILE, raw, label)
