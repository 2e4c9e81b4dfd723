"""Train, cross-validate and ship the alignment model: one reproducible, seeded command.

    .venv/bin/python scripts/train_alignment.py            # train, report, write the model
    .venv/bin/python scripts/train_alignment.py --check    # report only, write nothing
    .venv/bin/python scripts/train_alignment.py --pairs F  # every training pair to F, no training

Reads the labelled rows of ``../shared/benchmarks/dev/*.jsonl`` and our own cases
(``fixtures/rules/FC101.yml``, ``FC102.yml``, ``fixtures/documents``), builds every clashing
candidate pair of figures with its features (``factcheck.compare.dataset``), and:

1. cross-validates gradient-boosted trees with folds split by source article (a row and the
   other revisions of its article are always on the same side), never touching the sealed
   fifth of the article groups;
2. picks the score bands of ``error`` and ``warning`` from the out-of-fold scores, row by row
   as ``factcheck eval`` counts them, so that each band's precision reaches its bar; the
   cross-validation is repeated with reshuffled folds and the bands are chosen on the scores of
   every repeat together, so that one pair scored a little higher in one shuffle cannot move a
   band by itself;
3. fits the final model on every unsealed row, writes it to ``rules/models/alignment.json``,
   scores the sealed rows once with it, and writes every figure to
   ``benchmarks/alignment.json`` (read by the regression test and ``docs/accuracy.md``).

Needs the ``dev`` extra (scikit-learn); the checker itself walks the trees in plain Python.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import multiprocessing
import os
import sys
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

# The folds are fitted in parallel processes: a thread pool in each as well (scikit-learn's
# histogram trees use OpenMP) would fight over two cores and take ten times as long.
os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.compare.dataset import (  # noqa: E402
    UNLABELLED,
    RowRecord,
    link_across_files,
    own_cases,
    read_hand_labels,
    records_of_file,
    records_of_own,
)
from factcheck.compare.features import FEATURES  # noqa: E402
from factcheck.compare.score import STRATA, band_severity, stratum_of  # noqa: E402
from factcheck.evaluate import file_name, read_rows  # noqa: E402
from factcheck.model import SEVERITY_RANK, Severity  # noqa: E402

BENCHMARKS = ROOT.parent / "shared" / "benchmarks" / "dev"
HAND_LABELS = ROOT / "fixtures" / "alignment" / "labels.jsonl"
MODEL = ROOT / "rules" / "models" / "alignment.json"
WALKER = ROOT / "factcheck" / "compare" / "_walk.py"
FIGURES = ROOT / "benchmarks" / "alignment.json"


@dataclass(frozen=True)
class Bars:
    """What each band must clear on the out-of-fold rows: a little above the issue's targets,
    so that a model trained on all rows, which is seen scoring rows it has not met only on the
    sealed part, keeps them."""

    error: float = 0.965
    warning: float = 0.91
    # Per stratum, the share of the all-consistent rows of these files it may flag (warning+).
    false_alarms: tuple[tuple[str, float], ...] = (("newsnli", 0.0025), ("rte", 0.0025))

    def false_alarm_cap(self, file: str) -> float | None:
        return next((cap for prefix, cap in self.false_alarms if file.startswith(prefix)), None)


MIN_FLAGS = 8  # a file must flag this many rows in a band before its precision constrains it

HAND_WEIGHT = 3.0
NULL_SHARES = 2000  # a null perturbation leaves out one pair in about this many
PARAMS: dict[str, Any] = {
    "max_iter": 120,
    "max_depth": 3,
    "learning_rate": 0.12,
    "min_samples_leaf": 20,
    "early_stopping": False,
}
# What the score may do as one feature moves, the others held: more shared context never makes
# two figures less likely one quantity, a conflict of scope never more. Left free, the trees
# learnt from noisy labels that a pair sharing *more* words scores lower (two reports of one
# earthquake's toll fell from 0.85 to 0.80 when a possessive "Tuesday's" began to match
# "Tuesday"), which does not carry to text they have not seen.
MORE_IS_LIKELIER = (
    "same_family", "specific_family", "same_counted", "same_anchor", "head_same",
    "head_keys_meet", "window_overlap", "window_jaccard", "events_meet", "sentence_jaccard",
    "masked_similarity", "names_shared", "near_names_shared", "time_shared", "place_shared",
    "incident_both", "before_same", "after_same", "context_jaccard", "best_for_both",
    "best_for_either", "dates_same",
)  # fmt: skip
MORE_IS_LESS_LIKELY = (
    "time_conflict", "place_conflict", "since_conflict", "dates_differ",
    "date_relations_differ", "aggregation_differs",
)  # fmt: skip
MONOTONE = [
    1 if name in MORE_IS_LIKELIER else -1 if name in MORE_IS_LESS_LIKELY else 0 for name in FEATURES
]


def fold_of(record: RowRecord, folds: int, seed: int) -> int:
    return _share(f"{seed}\0{record.component or record.group}", folds)


def _share(key: str, shares: int) -> int:
    """Which of ``shares`` shares ``key`` falls in, by its hash: the same in every process."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4], "big") % shares


def build(paths: Sequence[Path], workers: int) -> list[RowRecord]:
    hand = read_hand_labels(HAND_LABELS)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunks = pool.map(records_of_file, paths, [hand] * len(paths))
        records = [r for chunk in chunks for r in chunk]
    link_across_files(records, {file_name(p): read_rows(p) for p in paths})
    matched = sum(p.hand for r in records for p in r.pairs)
    if matched < len(hand):
        # A label names a pair by its offsets: a pair the pairing no longer forms is not used.
        print(
            f"{len(hand) - matched} of {len(hand)} hand labels name pairs the pairing no "
            "longer forms; they are not used",
            file=sys.stderr,
        )
    return records


def matrix(
    records: Sequence[RowRecord], meant: dict[int, int] | None = None
) -> tuple[list[list[float]], list[int], list[float]]:
    """Pairs as rows of features, labels, and weights of one over the square root of the
    row's pairs (a long article with many pairs must not outvote a hundred short pairs).

    ``meant`` names, for a noisy contradiction (by its index), the one pair taken to be the
    contradiction: its other clashing pairs are left out rather than counted either way."""
    x: list[list[float]] = []
    y: list[int] = []
    w: list[float] = []
    for i, record in enumerate(records):
        n = len(record.pairs)
        for j, pair in enumerate(record.pairs):
            if pair.label == UNLABELLED:
                continue
            if meant is not None and i in meant and j != meant[i] and not pair.hand:
                continue
            if _DROP is not None and _null_share(record.row_id, pair.spans) == _DROP:
                continue  # a null perturbation (``--drop-pairs``): left out of training only
            x.append(pair.x)
            y.append(pair.label)
            # Labels written by hand (our own cases, hand-labelled pairs) are exact: they
            # count for more than the labels read off a row.
            sure = record.file == "own" or pair.hand
            w.append((HAND_WEIGHT if sure else 1.0) / n**0.5)
    return x, y, w


def fit(records: Sequence[RowRecord], seed: int) -> Any:
    """Boosted trees in two rounds: the first learns from every clashing pair of a
    contradiction, the second only from the pair the first found most likely in each (the
    multiple-instance view: a revision changes one figure, not all of them)."""
    model = fit_round(records, seed)
    meant = {}
    for i, record in enumerate(records):
        if record.noisy and len(record.pairs) > 1:
            row_scores = scores(model, record)
            meant[i] = max(range(len(row_scores)), key=row_scores.__getitem__)
    return fit_round(records, seed, meant)


def fit_round(records: Sequence[RowRecord], seed: int, meant: dict[int, int] | None = None) -> Any:
    """One fit of the trees on the pairs ``matrix`` gives (``meant``: as there)."""
    x, y, w = matrix(records, meant)
    model = _model(seed)
    model.fit(x, y, sample_weight=w)
    return model


def gain_shares(model: Any) -> list[float]:
    """Each feature's share of the loss reduction of every split of the trees."""
    gains = [0.0] * len(FEATURES)
    for (predictor,) in model._predictors:
        for node in predictor.nodes:
            if not node["is_leaf"]:
                gains[int(node["feature_idx"])] += float(node["gain"])
    total = sum(gains) or 1.0
    return [g / total for g in gains]


def _model(seed: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=seed, monotonic_cst=MONOTONE, **PARAMS)


def scores(model: Any, record: RowRecord) -> list[float]:
    if not record.pairs:
        return []
    return [float(p) for p in model.predict_proba([p.x for p in record.pairs])[:, 1]]


Bands = dict[str, dict[str, float]]  # stratum → severity → lowest score


def row_severity(
    record: RowRecord,
    row_scores: Sequence[float],
    bands: Bands,
    others: bool = True,
    stratum: str | None = None,
) -> Severity | None:
    """The highest severity ``check()`` would report on the row with these bands (with
    ``others=False``, what the model-driven rules alone would report; with ``stratum``, from
    the pairs of that stratum alone)."""
    best = record.others if others else None
    for pair, score in zip(record.pairs, row_scores, strict=True):
        where = stratum_of(pair.x)
        if stratum is not None and where != stratum:
            continue
        if record.file == "own" and pair.label == UNLABELLED:
            continue  # a rule case says nothing of another rule's findings
        severity = band_severity(score, bands[where], pair.strict)
        if severity is None:
            continue
        severity = min(severity, pair.cap, key=SEVERITY_RANK.__getitem__)
        if best is None or SEVERITY_RANK[severity] > SEVERITY_RANK[best]:
            best = severity
    return best


def tally(
    records: Sequence[RowRecord],
    all_scores: Sequence[Sequence[float]],
    bands: Bands,
    others: bool = True,
    stratum: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Per file: rows, contradictions, and for each reporting level (error alone, warning and
    above) the rows flagged, the true ones, precision and recall, overall and on the numeric
    contradictions."""
    out: dict[str, dict[str, Any]] = {}
    for record, row_scores in zip(records, all_scores, strict=True):
        f = out.setdefault(
            record.file,
            {"rows": 0, "contradictions": 0, "numeric": 0, "consistent": 0,
             "error": _zero(), "warning": _zero()},
        )  # fmt: skip
        f["rows"] += 1
        f["contradictions"] += record.contradiction
        f["consistent"] += not record.contradiction
        numeric = record.contradiction and "numeric" in record.types
        f["numeric"] += numeric
        severity = row_severity(record, row_scores, bands, others, stratum)
        rank = SEVERITY_RANK[severity] if severity else -1
        for level in ("error", "warning"):
            if rank >= SEVERITY_RANK[level]:
                c = f[level]
                c["flagged"] += 1
                c["true"] += record.contradiction
                c["numeric_found"] += numeric
    for f in out.values():
        for level in ("error", "warning"):
            c = f[level]
            c["precision"] = c["true"] / c["flagged"] if c["flagged"] else None
            c["recall"] = c["true"] / f["contradictions"] if f["contradictions"] else None
            c["numeric_recall"] = c["numeric_found"] / f["numeric"] if f["numeric"] else None
            c["false_alarm_rate"] = (
                (c["flagged"] - c["true"]) / f["consistent"] if f["consistent"] else None
            )
    return out


def _zero() -> dict[str, Any]:
    return {"flagged": 0, "true": 0, "numeric_found": 0}


def acceptable(
    table: dict[str, dict[str, Any]], level: str, bar: float, bars: Bars, repeats: int = 1
) -> bool:
    """Pooled precision clears the bar, no file with enough flags falls clearly below it,
    and the all-consistent news pairs keep their false alarms rare. ``repeats``: how many
    times each row is counted in ``table`` (once per repeat of the cross-validation)."""
    flagged = sum(f[level]["flagged"] for f in table.values())
    true = sum(f[level]["true"] for f in table.values())
    if flagged and true / flagged < bar:
        return False
    for name, f in table.items():
        c = f[level]
        enough = c["flagged"] >= MIN_FLAGS * repeats
        if f["contradictions"] and enough and c["precision"] < bar - 0.01:
            return False
        cap = bars.false_alarm_cap(name)
        if cap is not None and f["consistent"] and c["false_alarm_rate"] > cap:
            return False
    return True


NEVER = {"error": 1.01, "warning": 1.01, "info": 1.01}


def choose_bands(
    records: Sequence[RowRecord], oof: Sequence[Sequence[float]], bars: Bars, repeats: int = 1
) -> Bands:
    """For each stratum, the lowest error and warning thresholds at which the rows that the
    stratum's pairs flag (out of fold) clear the bars; info sits halfway below warning.
    ``records`` may hold each row once per repeat, ``oof`` its scores in that repeat."""
    grid = [round(0.30 + 0.01 * i, 2) for i in range(70)]
    bands: Bands = {}
    for stratum in STRATA:

        def ok(error: float, warning: float, level: str, bar: float, s: str = stratum) -> bool:
            trial = {**{k: NEVER for k in STRATA},
                     s: {"error": error, "warning": warning, "info": 1.01}}  # fmt: skip
            return acceptable(tally(records, oof, trial, False, s), level, bar, bars, repeats)

        error = next((t for t in grid if ok(t, 1.01, "error", bars.error)), 1.01)
        warning = next(
            (t for t in grid if t <= error and ok(error, t, "warning", bars.warning)), error
        )
        bands[stratum] = {"error": error, "warning": warning, "info": round(warning / 2, 2)}
    return bands


def reliability(
    records: Sequence[RowRecord], oof: Sequence[Sequence[float]]
) -> list[dict[str, Any]]:
    """Score band → the share of clashing pairs in it that are labelled real contradictions."""
    edges = [0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001]
    rows = []
    for lo, hi in itertools.pairwise(edges):
        pairs = [
            (score, pair.label)
            for record, row_scores in zip(records, oof, strict=True)
            for pair, score in zip(record.pairs, row_scores, strict=True)
            if lo <= score < hi and pair.label != UNLABELLED
        ]
        positives = sum(label for _, label in pairs)
        rows.append(
            {
                "band": f"{lo:.2f}–{min(hi, 1.0):.2f}",
                "pairs": len(pairs),
                "mean_score": sum(s for s, _ in pairs) / len(pairs) if pairs else None,
                "observed": positives / len(pairs) if pairs else None,
            }
        )
    return rows


def export(model: Any, bands: Bands, sample: list[list[float]]) -> dict[str, Any]:
    """The trees as plain lists, checked against scikit-learn's own scores before saving."""
    from factcheck.compare.score import Trees

    trees = []
    # scikit-learn keeps the fitted trees in private attributes: the export is checked
    # against its own scores below, so a change there fails here, not in the checker.
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append(
            {
                "feature": _node_column(nodes, "feature_idx", -2),
                "threshold": _node_column(nodes, "num_threshold", -2.0),
                "left": _node_column(nodes, "left", -1),
                "right": _node_column(nodes, "right", -1),
                "value": [float(v) for v in nodes["value"]],
            }
        )
    init = float(model._baseline_prediction.ravel()[0])
    data = {
        "format": 1,
        "features": list(FEATURES),
        "init": init,
        "rate": 1.0,  # the leaves hold their values already shrunk
        "trees": trees,
        "bands": bands,
    }
    walker = Trees(
        init=init,
        rate=1.0,
        trees=tuple(
            (tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]), tuple(t["right"]),
             tuple(t["value"]))
            for t in trees
        ),
        bands=bands,
    )  # fmt: skip
    expected = model.predict_proba(sample)[:, 1]
    worst = max(
        abs(walker.probability(x) - float(p)) for x, p in zip(sample, expected, strict=True)
    )
    if worst > 1e-6:
        raise SystemExit(f"the exported trees disagree with scikit-learn by {worst:.2e}")
    return data


def _node_column(nodes: Any, name: str, at_leaf: float) -> list[Any]:
    """One field of a histogram tree's nodes, marked at the leaves as the walker marks them
    (children -1): scikit-learn leaves zeros there."""
    return [
        at_leaf if leaf else v.item() for leaf, v in zip(nodes["is_leaf"], nodes[name], strict=True)
    ]


def measure(
    paths: Sequence[Path],
    folds: int = 5,
    seed: int = 0,
    workers: int = 2,
    own_too: bool = True,
    dump: Path | None = None,
    bars: Bars = Bars(),
    repeats: int = 3,
    drop: int | None = None,
    null_shares: int = NULL_SHARES,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Cross-validate (``repeats`` times, the folds reshuffled by seeds ``seed``, ``seed + 1``,
    …), choose the bands on every repeat's out-of-fold scores, fit the final model and score
    the sealed rows: the figures (``benchmarks/alignment.json``) and the model
    (``rules/models``). The figures reported are those of the first repeat (seed ``seed``)."""
    print(f"reading {len(paths)} benchmark files …", file=sys.stderr)
    records = build(paths, workers)
    own = records_of_own(own_cases(ROOT / "fixtures")) if own_too else []
    # Our own cases are cross-validated like the benchmark rows: they are scored only by
    # models that did not see them.
    dev = [r for r in records if not r.sealed and not r.tainted] + own
    sealed = [r for r in records if r.sealed]
    print(
        f"{len(dev)} rows to cross-validate ({sum(len(r.pairs) for r in dev)} pairs), "
        f"{len(sealed)} sealed, {sum(r.tainted for r in records)} set aside beside sealed "
        f"rows, {len(own)} own cases",
        file=sys.stderr,
    )
    runs = [seed + r for r in range(repeats)]
    tasks = [(run, k, folds) for run in runs for k in range(folds)] + [(seed, FINAL, folds)]
    global _DEV, _DROP, _SHARES
    _DEV, _DROP, _SHARES = dev, drop, null_shares
    # Each fit is single-threaded; forked workers share the rows without pickling them.
    with multiprocessing.get_context("fork").Pool(max(1, workers)) as pool:
        results = pool.map(_fit_task, tasks, chunksize=1)
    oof_of: dict[int, list[list[float]]] = {run: [[] for _ in dev] for run in runs}
    final: Any = None
    for (run, k, _), result in zip(tasks, results, strict=True):
        if k == FINAL:
            final = result
            continue
        for i, row_scores in result:
            oof_of[run][i] = row_scores
    oof = oof_of[seed]
    if dump:
        _dump(dump, dev, oof)
    bands = choose_bands(
        [r for _ in runs for r in dev], [s for run in runs for s in oof_of[run]], bars, repeats
    )
    data = export(final, bands, [p.x for r in dev for p in r.pairs][:2000])
    importances = sorted(zip(FEATURES, gain_shares(final), strict=True), key=lambda kv: -kv[1])
    figures = {
        "command": "python scripts/train_alignment.py",
        "seed": seed,
        "folds": folds,
        "repeats": repeats,
        "params": PARAMS,
        "bars": {**asdict(bars), "false_alarms": dict(bars.false_alarms)},
        "bands": bands,
        "rows": len(dev),
        "pairs": sum(len(r.pairs) for r in dev),
        "positives": sum(p.label == 1 for r in dev for p in r.pairs),
        "hand_labelled": sum(p.hand for r in dev for p in r.pairs),
        "own_cases": len(own),
        "cross_validated": tally(dev, oof, bands),
        "cross_validated_model_rules": tally(dev, oof, bands, others=False),
        "cross_validated_repeats": {
            str(run): _summary(tally(dev, oof_of[run], bands)) for run in runs
        },
        "sealed": tally(sealed, [scores(final, r) for r in sealed], bands),
        "reliability": reliability(dev, oof),
        "importances": [[name, round(v, 4)] for name, v in importances[:15]],
    }
    return figures, data


FINAL = -1  # the fold number that stands for the final fit on every unsealed row
_DEV: list[RowRecord] = []  # the rows the forked workers fit on
_DROP: int | None = None  # ``--drop-pairs``: the share of pairs left out of every fit
_SHARES = NULL_SHARES  # ``--null-shares``: as many, for a null the size of a change


def _null_share(row_id: str, spans: object, shares: int | None = None) -> int:
    """Which of ``shares`` (by default ``--null-shares``) a pair falls in, by a hash of its
    row and spans."""
    return _share(f"{row_id}{spans}", _SHARES if shares is None else shares)


def _fit_task(task: tuple[int, int, int]) -> Any:
    """One fit in a worker: fold ``k`` of ``folds`` in the repeat seeded ``run`` (its held-out
    rows' scores), or with ``k == FINAL`` the final model on every row."""
    run, k, folds = task
    if k == FINAL:
        return fit(_DEV, run)
    test = [i for i, r in enumerate(_DEV) if fold_of(r, folds, run) == k]
    held = set(test)
    model = fit([r for i, r in enumerate(_DEV) if i not in held], run)
    print(f"repeat {run}, fold {k + 1}/{folds} done", file=sys.stderr)
    return [(i, scores(model, _DEV[i])) for i in test]


def _dump(path: Path, dev: Sequence[RowRecord], oof: Sequence[Sequence[float]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record, row_scores in zip(dev, oof, strict=True):
            for pair, score in zip(record.pairs, row_scores, strict=True):
                item = {"file": record.file, "row": record.row_id, "score": round(score, 4),
                        "kind": pair.kind, "label": pair.label, "strict": pair.strict,
                        "texts": pair.texts, "spans": pair.spans,
                        "contradiction": record.contradiction,
                        "x": dict(zip(FEATURES, pair.x, strict=True))}  # fmt: skip
                out.write(json.dumps(item) + "\n")


def write_walker(model: Path, target: Path) -> None:
    """Write the shipped model's trees as a Python module (see ``score._walker``)."""
    from factcheck.compare.score import load_trees, walker_source

    trees = load_trees(model)
    target.write_text(
        '"""The alignment trees of ``rules/models/alignment.json`` as one function: generated\n'
        "by scripts/train_alignment.py; do not edit. Used only while DIGEST matches the model\n"
        f'file."""\n\n# fmt: off\n# ruff: noqa\nDIGEST = "{trees.digest}"\n\n\n'
        + walker_source(trees),
        encoding="utf-8",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmarks", type=Path, default=BENCHMARKS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--repeats", type=int, default=3, help="cross-validations the bands are chosen on"
    )
    parser.add_argument("--no-own", action="store_true", help="leave our own cases out")
    parser.add_argument("--check", action="store_true", help="report only; write nothing")
    parser.add_argument(
        "--warning-precision",
        type=float,
        default=Bars.warning,
        help="the bar of the warning bands (with --check: to study the trade)",
    )
    parser.add_argument(
        "--newsnli-false-alarms",
        type=float,
        default=dict(Bars.false_alarms)["newsnli"],
        help="the share of NewsNLI rows a stratum may flag (with --check: to study the trade)",
    )
    parser.add_argument(
        "--dump", type=Path, help="write each unsealed pair's out-of-fold score to this file"
    )
    parser.add_argument(
        "--drop-pairs",
        type=int,
        metavar="K",
        help="leave out of every fit the pairs in hash share K of --null-shares (about 1 pair "
        "in that many; still scored): a null perturbation, to measure the retraining's noise",
    )
    parser.add_argument(
        "--null-shares",
        type=int,
        default=NULL_SHARES,
        metavar="N",
        help=f"how many shares --drop-pairs cuts the pairs into (default {NULL_SHARES}): about "
        "the number of pairs divided by the number a change moves gives a null of its size",
    )
    parser.add_argument(
        "--pairs",
        type=Path,
        help="write every training pair (its row, spans, label and features) to this file and "
        "stop, without training: two trees' files differ only where a change moves a pair",
    )
    args = parser.parse_args(argv)
    caps = {**dict(Bars.false_alarms), "newsnli": args.newsnli_false_alarms}
    bars = replace(Bars(), warning=args.warning_precision, false_alarms=tuple(caps.items()))
    if args.repeats < 1 or args.folds < 2:
        print("train_alignment: --repeats must be 1 or more, --folds 2 or more", file=sys.stderr)
        return 2
    if args.null_shares < 2:
        print("train_alignment: --null-shares must be 2 or more", file=sys.stderr)
        return 2
    if args.drop_pairs is not None and not 0 <= args.drop_pairs < args.null_shares:
        print(f"train_alignment: --drop-pairs must be 0 to {args.null_shares - 1}", file=sys.stderr)
        return 2
    paths = sorted(args.benchmarks.glob("*.jsonl"))
    if not paths:
        print(f"train_alignment: no benchmark files in {args.benchmarks}", file=sys.stderr)
        return 2
    if args.pairs:
        write_pairs(paths, args.workers, not args.no_own, args.pairs)
        return 0
    figures, data = measure(
        paths,
        args.folds,
        args.seed,
        args.workers,
        not args.no_own,
        args.dump,
        bars,
        args.repeats,
        args.drop_pairs,
        args.null_shares,
    )
    print(
        json.dumps(
            {"bands": figures["bands"], "cross_validated": _summary(figures["cross_validated"])},
            indent=1,
        )
    )
    if not args.check:
        MODEL.parent.mkdir(parents=True, exist_ok=True)
        MODEL.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        write_walker(MODEL, WALKER)
        FIGURES.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)} and {FIGURES.relative_to(ROOT)}", file=sys.stderr)
    return 0


def write_pairs(paths: Sequence[Path], workers: int, own_too: bool, out: Path) -> None:
    """Every pair the model would be trained or scored on, sealed rows' too, one JSON line
    each in a stable order: ``[file, row, spans, label, features]``, features rounded to nine
    places, a span's file named from the checkout (two checkouts' files compare line for
    line). A change of reading that leaves this file as it was cannot move the model."""
    records = build(paths, workers)
    if own_too:
        records += records_of_own(own_cases(ROOT / "fixtures"))
    lines = sorted(
        json.dumps([r.file, r.row_id, _relative(p.spans), p.label, [round(v, 9) for v in p.x]])
        for r in records
        for p in r.pairs
    )
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"wrote {len(lines)} pairs to {out}", file=sys.stderr)


def _relative(spans: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Spans whose document is a file of this checkout, named from the checkout's root."""
    root = f"{ROOT}{os.sep}"
    return [(d[len(root) :] if d.startswith(root) else d, a, b) for d, a, b in spans]


def _summary(table: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = defaultdict(dict)
    for name, f in sorted(table.items()):
        for level in ("error", "warning"):
            c = f[level]
            out[name][level] = {
                k: (round(v, 3) if isinstance(v, float) else v)
                for k, v in c.items()
                if k in ("flagged", "precision", "recall", "numeric_recall", "false_alarm_rate")
            }
    return dict(out)


if __name__ == "__main__":
    raise SystemExit(main())
