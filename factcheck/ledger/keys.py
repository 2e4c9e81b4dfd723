"""What the ledger indexes a claim by: the keys the pairing blocks on, nothing re-derived.

A figure's keys are ``compare.pairs._keys`` of its ``compare.frame.frame_of`` frame (unit with
the counted noun, the measure family, the names, the event keys and the words near it), so a
stored figure is a candidate for a draft's figure exactly when the pairing could put the two
in one block. Names (``entity|key``) and dated events (``date|event``) bring in the articles
that FC202 and FC3xx compare. Keys are strings: ``unit|kind|key``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.alignment import usable
from factcheck.compare.frame import SentenceDates, frame_of, unit_of
from factcheck.compare.pairs import _keys as block_keys
from factcheck.extract.lexicon import Lexicon
from factcheck.ledger.schema import KEY_LENGTH
from factcheck.model import Claim, DateClaim, EntityClaim, QuantityClaim


@dataclass(frozen=True)
class Indexed:
    """The indexed columns of one stored claim."""

    unit: str | None = None
    family: str | None = None
    head: str | None = None
    entity: str | None = None
    event: str | None = None


def _cut(value: str | None) -> str | None:
    return None if value is None else value[:KEY_LENGTH]


def index(claims: Sequence[Claim], lexicon: Lexicon) -> tuple[list[Indexed], set[str]]:
    """Each claim's columns (in order) and the keys of the whole document, read with the
    lexicon the claims were extracted with."""
    dates = SentenceDates(claims)
    columns: list[Indexed] = []
    found: set[str] = set()
    for claim in claims:
        if isinstance(claim, QuantityClaim):
            head = None
            # The same figures FigurePairs frames: asserted, cardinal, finite.
            if usable(claim) and not claim.ordinal and math.isfinite(claim.value):
                frame = frame_of(claim, lexicon, dates.nearest(claim))
                head = frame.head or None
                found.update(f"{u}|{k}|{v}" for u, k, v in block_keys(frame))
            columns.append(
                Indexed(
                    unit=unit_of(claim),
                    family=claim.measure.family,
                    head=_cut(head),
                    event=_cut(claim.scope.event),
                )
            )
        elif isinstance(claim, EntityClaim):
            found.add(f"entity|{claim.key}")
            columns.append(Indexed(entity=_cut(claim.key)))
        elif isinstance(claim, DateClaim) and claim.event:
            found.add(f"date|{claim.event}")
            columns.append(Indexed(event=_cut(claim.event)))
        else:
            columns.append(Indexed())
    return columns, {k[:KEY_LENGTH] for k in found}
