"""NewsML-G2 news items: the headline, dateline, by-line, credit line, description and the
body (``inlineXML`` XHTML, else ``inlineData`` text) of one ``newsItem``, alone or as the only
item of a ``newsMessage``; each word anchored to its line and column (see ``newsxml``).

The publication date is, in this order, the item's embargo (``embargoed``), the time this
version was made (``versionCreated``), the time the first version was made (``firstCreated``).
The text in hand is this version's: its "so far" totals and its relative days ("on Tuesday")
were written as of this version, and an update that raises a toll keeps the first version's
``firstCreated``, so dating it by that would make two versions of a story look simultaneous to
the ledger's time rules. An embargo goes first for the reason given for NITF's release time.
"""

from __future__ import annotations

from factcheck.ingest.base import Extracted, reader
from factcheck.ingest.newsxml import Profile, read

PROFILE = Profile(
    name="newsml",
    text=frozenset(
        {
            ("contentMeta", "headline"),
            ("contentMeta", "dateline"),
            ("contentMeta", "by"),
            ("contentMeta", "creditline"),
            ("contentMeta", "description"),
            ("contentSet", "inlineXML"),
            ("contentSet", "inlineData"),
        }
    ),
    dates=(
        ("itemMeta", "embargoed", None),
        ("itemMeta", "versionCreated", None),
        ("itemMeta", "firstCreated", None),
    ),
    first_only=frozenset({"inlineXML", "inlineData"}),
    single="newsItem",
)


@reader
def load(raw: bytes, label: str) -> Extracted:
    return read(PROFILE, raw, label)
