"""The shuffle: which earlier articles each article is read against, decided by key.

The rule is ``Ledger.candidates_of``'s (there in SQL, here over partitions): a key held by
more than ``COMMON_KEY`` articles is ignored; every other key an article shares with an
earlier one (lower id) adds one over the number of articles holding it; the ``CANDIDATES``
earlier articles with the most weight are its candidates, the later one first on a tie.

Weights are kept exact, as integers in units of 1 / lcm(1, …, COMMON_KEY), so that the sum
does not depend on the order in which partitions and buckets deliver their terms.
"""

from __future__ import annotations

import bisect
import math
import zlib
from collections import defaultdict
from collections.abc import Sequence

from factcheck.archive.sources import Batch
from factcheck.ledger.store import CANDIDATES, COMMON_KEY

Postings = dict[str, list[int]]  # key → the ids of the articles holding it
Weights = dict[int, dict[int, int]]  # article → earlier article → weight of what they share
Candidates = dict[int, list[int]]  # article → the earlier articles it is read against

_UNIT = math.lcm(*range(1, COMMON_KEY + 1))


def bucket_of(key: str, buckets: int) -> int:
    """A key's bucket, the same in every process (``hash`` of a str is salted per process)."""
    return zlib.crc32(key.encode("utf-8")) % buckets


def postings(batch: Batch, buckets: int) -> list[Postings]:
    """A partition's keys, split by bucket."""
    out: list[Postings] = [defaultdict(list) for _ in range(buckets)]
    for article, keys in zip(batch.articles, batch.keys, strict=True):
        for key in keys:
            out[bucket_of(key, buckets)][key].append(article.id)
    return [dict(p) for p in out]


def weigh(parts: Sequence[Postings], starts: Sequence[int]) -> list[Weights]:
    """One bucket's reduce: the weight each article pair gains from the bucket's rare keys,
    split by the partition of the later article (``starts``: each partition's first id)."""
    held: dict[str, list[int]] = defaultdict(list)
    for part in parts:
        for key, ids in part.items():
            held[key].extend(ids)
    out: list[Weights] = [defaultdict(dict) for _ in starts]
    for ids in held.values():
        count = len(ids)
        if count < 2 or count > COMMON_KEY:
            continue
        term = _UNIT // count
        ids.sort()
        for i in range(1, count):
            later = ids[i]
            weights = out[bisect.bisect_right(starts, later) - 1][later]
            for earlier in ids[:i]:
                weights[earlier] = weights.get(earlier, 0) + term
    return [dict(w) for w in out]


def rank(parts: Sequence[Weights]) -> Candidates:
    """One partition's candidates, from every bucket's weights for its articles."""
    total: dict[int, dict[int, int]] = defaultdict(dict)
    for part in parts:
        for later, weights in part.items():
            into = total[later]
            for earlier, w in weights.items():
                into[earlier] = into.get(earlier, 0) + w
    return {
        later: sorted(weights, key=lambda e: (-weights[e], -e))[:CANDIDATES]
        for later, weights in sorted(total.items())
    }
