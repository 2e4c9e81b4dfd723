"""The alignment score: small boosted trees learned from labelled figure pairs, walked here in
plain Python (no scikit-learn at run time), and the reasons a person reads.

The model file (``rules/models/alignment.json``) is written by ``scripts/train_alignment.py``;
its card (``rules/models/alignment.md``) says what it was trained on and how well it does.
``bands`` maps each severity to the lowest score whose cross-validated precision reached that
severity's bar, so the severity of a finding says how sure the checker is.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from factcheck.compare.features import FEATURES, INDEX
from factcheck.compare.frame import Frame
from factcheck.model import Severity
from factcheck.paths import data_dir

MODEL_FILE = "models/alignment.json"
# Pairs are calibrated in four strata: figures of one document or of a draft and its source,
# and whether the measure lexicon already finds them of one measure and scope. How often a
# clash of a given score is real differs between them, so each has its own bands.
SETTINGS = (
    "one-document/lexicon-agrees",
    "one-document/open",
    "two-documents/lexicon-agrees",
    "two-documents/open",
)


def setting_of(x: Sequence[float]) -> str:
    """The stratum of a pair's feature vector."""
    same = x[INDEX["same_document"]] > 0
    agrees = x[INDEX["scope_comparable"]] > 0
    return SETTINGS[(0 if same else 2) + (0 if agrees else 1)]


@dataclass(frozen=True)
class Alignment:
    """How sure the checker is that two figures speak of one thing, and why."""

    score: float  # 0..1: the calibrated chance that a clash between them is a real one
    reasons: tuple[str, ...]  # for and against, most telling first

    def severity(self, bands: dict[str, float], strict: bool) -> Severity | None:
        """The severity this score earns: ``error`` needs a strict clash (the figures cannot
        both be true); below the lowest band, nothing is reported."""
        if strict and self.score >= bands["error"]:
            return "error"
        if self.score >= bands["warning"]:
            return "warning"
        if self.score >= bands["info"]:
            return "info"
        return None


@dataclass(frozen=True)
class Trees:
    """A gradient-boosted ensemble of binary trees over ``FEATURES``."""

    init: float
    rate: float
    # One tuple per tree: (feature, threshold, left, right, value) arrays by node index; a
    # node whose ``left`` is -1 is a leaf.
    trees: tuple[tuple[tuple[int, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...],
                       tuple[float, ...]], ...]  # fmt: skip
    bands: dict[str, dict[str, float]]  # setting ("one-document", …) → severity → lowest score

    def probability(self, x: list[float]) -> float:
        # The trees were grown on single-precision features: round alike, or a value lying
        # between a float and its float32 neighbour would take the other branch.
        x = array("f", x).tolist()
        raw = self.init
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while left[node] != -1:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            raw += self.rate * value[node]
        return 1.0 / (1.0 + math.exp(-raw))


class ModelError(ValueError):
    """The model file is missing, malformed or made for other features."""


def load_trees(path: Path) -> Trees:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read the alignment model: {exc}") from exc
    if tuple(data.get("features", ())) != FEATURES:
        raise ModelError(
            f"{path}: the model was trained on other features; retrain it with "
            "scripts/train_alignment.py"
        )
    trees = tuple(
        (
            tuple(t["feature"]),
            tuple(float(v) for v in t["threshold"]),
            tuple(t["left"]),
            tuple(t["right"]),
            tuple(float(v) for v in t["value"]),
        )
        for t in data["trees"]
    )
    bands = {
        setting: {k: float(data["bands"][setting][k]) for k in ("error", "warning", "info")}
        for setting in SETTINGS
    }
    return Trees(init=float(data["init"]), rate=float(data["rate"]), trees=trees, bands=bands)


@lru_cache(maxsize=4)
def bundled_trees(path: Path | None = None) -> Trees:
    """The shipped model, read once per process on first use."""
    return load_trees(path or data_dir() / MODEL_FILE)


def reasons(a: Frame, b: Frame, x: list[float]) -> tuple[str, ...]:
    """Why the two figures were taken to speak of one thing, then what speaks against it."""
    ca, cb = a.claim, b.claim
    out: list[str] = []
    if x[INDEX["head_same"]]:
        out.append(f"both count {a.head}")
    shared = sorted(a.window & b.window - {a.head})
    if shared:
        out.append("both say " + ", ".join(f"'{w}'" for w in shared[:3]))
    if x[INDEX["masked_similarity"]] >= 0.5:
        out.append("the sentences match but for the figure")
    names = sorted(a.near_names & b.near_names) or sorted(a.names & b.names)
    if names:
        out.append("both name " + ", ".join(n.title() for n in names[:2]))
    if x[INDEX["time_shared"]]:
        out.append(f"both hold {ca.scope.time}")
    if x[INDEX["place_shared"]]:
        out.append(f"both in {ca.scope.place}")
    if x[INDEX["scope_comparable"]]:
        out.append(f"same measure and scope ({ca.measure.family})")
    against: list[str] = []
    if x[INDEX["value_matched"]]:
        against.append("a figure that agrees is given beside them")
    if x[INDEX["aggregation_differs"]]:
        kinds = sorted(a.aggregation ^ b.aggregation)
        against.append("one is " + " / ".join(kinds) if kinds else "aggregated differently")
    if x[INDEX["time_conflict"]]:
        against.append(f"different times ({ca.scope.time} / {cb.scope.time})")
    if x[INDEX["place_conflict"]]:
        against.append(f"different places ({ca.scope.place} / {cb.scope.place})")
    if x[INDEX["sources_differ"]]:
        against.append(f"different sources ({ca.attribution} / {cb.attribution})")
    if x[INDEX["rounding_near"]]:
        against.append("within rounding of each other")
    return tuple(out[:4]) + tuple("but " + r for r in against[:2])
