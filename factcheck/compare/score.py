"""The alignment score: small boosted trees learned from labelled figure pairs, walked here in
plain Python (no scikit-learn at run time), and the reasons a person reads.

The model file (``rules/models/alignment.json``) is written by ``scripts/train_alignment.py``;
its card (``rules/models/alignment.md``) says what it was trained on and how well it does.
``bands`` gives, for each stratum of pairs (``STRATA``), the lowest score at which each severity's
cross-validated precision reached its bar, so the severity of a finding says how sure the
checker is.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from factcheck.compare.features import FEATURES, INDEX
from factcheck.compare.frame import Frame
from factcheck.errors import FactcheckError
from factcheck.extract.dates import MONTH_OF
from factcheck.model import Severity
from factcheck.paths import data_dir
from factcheck.timeline import WEEKDAYS

MODEL_FILE = "models/alignment.json"
# Pairs are calibrated in four strata: figures of one document or of a draft and its source,
# and whether the measure lexicon already finds them of one measure and scope. How often a
# clash of a given score is real differs between them, so each has its own bands.
STRATA = (
    "one-document/lexicon-agrees",
    "one-document/open",
    "two-documents/lexicon-agrees",
    "two-documents/open",
)


def stratum_of(x: Sequence[float]) -> str:
    """The stratum of a pair's feature vector."""
    same = x[INDEX["same_document"]] > 0
    agrees = x[INDEX["scope_comparable"]] > 0
    return STRATA[(0 if same else 2) + (0 if agrees else 1)]


@dataclass(frozen=True)
class Alignment:
    """How sure the checker is that two figures speak of one thing, and why."""

    score: float  # 0..1: the calibrated chance that a clash between them is a real one
    stratum: str  # which of ``STRATA`` calibrates the score
    a: Frame = field(repr=False, compare=False)
    b: Frame = field(repr=False, compare=False)
    x: list[float] = field(repr=False, compare=False)

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        """For and against, most telling first; worded only for the pairs reported."""
        return reasons(self.a, self.b, self.x)

    def severity(self, bands: dict[str, float], strict: bool) -> Severity | None:
        return band_severity(self.score, bands, strict)


def band_severity(score: float, bands: dict[str, float], strict: bool) -> Severity | None:
    """The severity a score earns in a stratum's bands: ``error`` needs a strict clash (the
    figures cannot both be true); below the lowest band, nothing is reported."""
    if strict and score >= bands["error"]:
        return "error"
    if score >= bands["warning"]:
        return "warning"
    if score >= bands["info"]:
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
    bands: dict[str, dict[str, float]]  # stratum (``STRATA``) → severity → lowest score
    digest: str = ""  # sha256 of the model file read, "" when built in memory
    walk: Callable[[list[float]], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "walk", _walker(self))

    def probability(self, x: list[float]) -> float:
        raw = self.init + self.walk(x)
        return 1.0 / (1.0 + math.exp(-raw))


def _walker(trees: Trees) -> Callable[[list[float]], float]:
    """The ensemble as one Python function of nested comparisons: about ten times faster
    than walking the node arrays, with the same sums. For the shipped model the function is
    ``_walk.py``, written from the model file by the training script (so the interpreter's
    bytecode cache spares a cold start the ~30 ms of compiling it); any other model file is
    compiled here."""
    from factcheck.compare import _walk

    if trees.digest and trees.digest == _walk.DIGEST:
        return _walk.walk
    namespace: dict[str, Any] = {}
    exec(compile(walker_source(trees), "<alignment trees>", "exec"), namespace)  # our data
    walk: Callable[[list[float]], float] = namespace["walk"]
    return walk


def walker_source(trees: Trees) -> str:
    """The Python source of the function that sums the trees' leaves for a feature vector."""
    lines = ["def walk(x: list[float]) -> float:", "    r = 0.0"]
    # The features are unpacked into locals once: a local is read faster than an item, and
    # each feature is tested many times (a third less time per walk).
    used = {
        f for tree in trees.trees for f, left in zip(tree[0], tree[2], strict=True) if left != -1
    }
    names = (f"x{i}" if i in used else "_" for i in range(len(FEATURES)))
    lines.append(f"    {', '.join(names)} = x")

    def emit(tree: tuple[tuple[Any, ...], ...], node: int, depth: int) -> None:
        feature, threshold, left, right, value = tree
        pad = "    " * depth
        if left[node] == -1:
            lines.append(f"{pad}r += {trees.rate * value[node]!r}")
            return
        lines.append(f"{pad}if x{feature[node]} <= {threshold[node]!r}:")
        emit(tree, left[node], depth + 1)
        lines.append(f"{pad}else:")
        emit(tree, right[node], depth + 1)

    for tree in trees.trees:
        emit(tree, 0, 1)
    lines.append("    return r")
    return "\n".join(lines) + "\n"


class ModelError(FactcheckError):
    """The model file is missing, malformed or made for other features: a broken install, so
    the check stops with this message rather than reporting a rule failure."""


def load_trees(path: Path) -> Trees:
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read the alignment model: {exc}") from exc
    try:
        return _trees_of(data, hashlib.sha256(raw).hexdigest())
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ModelError(
            f"{path}: not an alignment model ({exc}); retrain it with scripts/train_alignment.py"
        ) from exc


def _trees_of(data: Any, digest: str = "") -> Trees:
    if not isinstance(data, dict) or tuple(data.get("features", ())) != FEATURES:
        raise ValueError("it was trained on other features")
    trees = []
    for t in data["trees"]:
        tree = (
            tuple(int(v) for v in t["feature"]),
            tuple(float(v) for v in t["threshold"]),
            tuple(int(v) for v in t["left"]),
            tuple(int(v) for v in t["right"]),
            tuple(float(v) for v in t["value"]),
        )
        _check_tree(tree)
        trees.append(tree)
    bands = {
        setting: {k: float(data["bands"][setting][k]) for k in ("error", "warning", "info")}
        for setting in STRATA
    }
    return Trees(
        init=float(data["init"]),
        rate=float(data["rate"]),
        trees=tuple(trees),
        bands=bands,
        digest=digest,
    )


def _check_tree(tree: tuple[tuple[Any, ...], ...]) -> None:
    """Equal arrays, children after their parent (so a walk always ends), features known."""
    feature, _, left, right, _ = tree
    n = len(feature)
    if not n or any(len(column) != n for column in tree):
        raise ValueError("a tree's node arrays differ in length")
    for node in range(n):
        if left[node] == -1:
            continue
        if not (node < left[node] < n and node < right[node] < n):
            raise ValueError(f"node {node} points at a child that does not follow it")
        if not 0 <= feature[node] < len(FEATURES):
            raise ValueError(f"node {node} reads feature {feature[node]}, which does not exist")


@lru_cache(maxsize=4)
def bundled_trees(path: Path | None = None) -> Trees:
    """The shipped model, read once per process on first use."""
    return load_trees(path or data_dir() / MODEL_FILE)


def _display_name(name: str) -> str:
    """A lower-cased name as the text would write it: "O'Brien", "Saturday's" (not "'S")."""
    return _POSSESSIVE.sub("'s", name.title())


_POSSESSIVE = re.compile(r"['’]S\b")
# Months and weekdays: the word after a figure may be one ("7 percent in March") without the
# figure counting it.
_NAMED_TIMES = frozenset(MONTH_OF) | frozenset(WEEKDAYS)


def reasons(a: Frame, b: Frame, x: list[float]) -> tuple[str, ...]:
    """Why the two figures were taken to speak of one thing, then what speaks against it."""
    ca, cb = a.claim, b.claim
    out: list[str] = []
    if a.unit == "age":  # an age counts years, whatever word follows it ("Kell, 58, of Mill Lane")
        person = ca.measure.anchor
        if person is not None and person == cb.measure.anchor:
            out.append(f"both give {_display_name(person)}'s age")
        else:
            out.append("both give an age")
    elif x[INDEX["head_same"]] and a.head not in _NAMED_TIMES:
        out.append(f"both count {a.head}")  # not "both count march" of "7 percent in March"
    shared = sorted(a.window & b.window - {a.head})
    if shared:
        out.append("both say " + ", ".join(f"'{w}'" for w in shared[:3]))
    if x[INDEX["masked_similarity"]] >= 0.5:
        out.append("the sentences match but for the figure")
    names = sorted(a.near_names & b.near_names) or sorted(a.names & b.names)
    if names:
        out.append("both name " + ", ".join(_display_name(n) for n in names[:2]))
    if x[INDEX["time_shared"]]:
        out.append(f"both hold {ca.scope.time}")
    if x[INDEX["place_shared"]]:
        out.append(f"both {ca.scope.where}")
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
        against.append(f"different places ({ca.scope.where} / {cb.scope.where})")
    if x[INDEX["sources_differ"]]:
        against.append(f"different sources ({ca.attribution} / {cb.attribution})")
    if x[INDEX["rounding_near"]]:
        against.append("within rounding of each other")
    return tuple(out[:4]) + tuple("but " + r for r in against[:2])
