"""Labelled figure pairs for the alignment model, read from benchmark rows and our own cases.

For every row the checker runs as a user would (every rule but the three the model drives,
FC101, FC102 and FC104), and every clashing candidate pair of figures is kept with its
features and a label:

- a pair in a consistent row is a negative (whatever the two figures are, they do not make a
  contradiction there); in a contradiction whose known type is not about figures, a pair is
  left unlabelled;
- in a contradiction row of two texts every clashing cross-text pair is a positive (noisy: a
  revision may change one figure of several), and in one document a pair is a positive only
  when one of its figures stands in an evidence sentence;
- a hand label (``fixtures/alignment/labels.jsonl``) overrides either.

Rows are grouped by source article (VitaminC revisions of one page, ContraDoc variants of one
article, joined across files) so that cross-validation never trains and tests on one text,
and a fifth of the groups is *sealed*: they are scored in the final report and never
trained, tuned or read; rows sharing an article with a sealed row are set aside.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.alignment import clash_severity
from factcheck.compare.features import at_one_time_features
from factcheck.evaluate import UNTYPED, BenchRow, file_name, locate_evidence, read_rows
from factcheck.model import SEVERITY_RANK, CheckConfig, Document, Severity
from factcheck.pipeline import analyse

if TYPE_CHECKING:
    from factcheck.compare.pairs import FigurePairs

UNLABELLED = -1
DRIVEN = ("FC101", "FC102", "FC104")  # the rules whose findings the model decides
RULE_OF_KIND = {"hard": "FC101", "soft": "FC102", "fall": "FC104"}
SEALED_SHARE = 5  # one group in five is sealed


@dataclass
class PairRecord:
    """One clashing candidate pair: features, how strict the clash is, and its label."""

    x: list[float]
    kind: str  # "hard", "soft" or "fall" (``factcheck.compare.clash.Clash``)
    strict: bool  # the figures cannot both be true (a hard clash or a fall)
    cap: Severity  # the highest severity the pair may have (a dispute is info, a hedge warning)
    label: int
    spans: tuple[tuple[str, int, int], tuple[str, int, int]]
    texts: tuple[str, str]
    hand: bool = False  # the label was given by hand


@dataclass
class RowRecord:
    """One benchmark row: its label, its group, what the other rules found, and its pairs."""

    file: str
    row_id: str
    group: str
    sealed: bool
    contradiction: bool
    types: list[str]
    noisy: bool  # the positives are every clashing pair of a contradiction, not the one meant
    others: Severity | None  # the highest severity the rules not driven by the model reached
    pairs: list[PairRecord] = field(default_factory=list)
    component: str = ""  # the group joined across files (``link_across_files``)
    tainted: bool = False  # shares an article with a sealed row: neither trained nor scored


def group_of(file: str, row: BenchRow) -> str:
    """The source article of a row: the case of a VitaminC revision, the article a ContraDoc
    variant was made from; other rows stand alone."""
    if row.id.startswith(("vitaminc_real-", "contradoc-")):
        return row.id.rsplit("_", 1)[0]
    return row.id


_SPACE = re.compile(r"\s+")


def article_key(row: BenchRow) -> str:
    """Rows whose first text opens the same way come from one article (VitaminC keeps many
    revisions of one page): they share a group."""
    return _SPACE.sub(" ", row.documents[0].text[:40].lower()).strip()


class _Joined:
    """Union-find over string keys; a set is named by its smallest key, so names do not
    depend on the order rows come in."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def groups(file: str, rows: Sequence[BenchRow]) -> list[str]:
    """Each row's group: its own key joined with every row of the file that shares an article
    opening."""
    joined = _Joined()
    keys = [(group_of(file, r), "article:" + article_key(r)) for r in rows]
    for own, article in keys:
        if file.startswith("vitaminc"):
            joined.join(own, article)
    return [joined.find(own) for own, _ in keys]


def is_sealed(file: str, group: str) -> bool:
    digest = hashlib.sha256(f"{file}\0{group}".encode()).digest()
    return digest[0] % SEALED_SHARE == 0


def records_of_file(path: Path, hand: dict[str, int] | None = None) -> list[RowRecord]:
    rows = read_rows(path)
    name = file_name(path)
    return [
        record_row(name, row, group, is_sealed(name, group), hand or {})
        for row, group in zip(rows, groups(name, rows), strict=True)
    ]


def link_across_files(records: Sequence[RowRecord], rows: dict[str, list[BenchRow]]) -> None:
    """Join groups that share an article across files (a page in both VitaminC files) into
    one ``component``, the unit of the cross-validation folds. A component with any sealed
    row is ``tainted``: its unsealed rows are neither trained nor scored, so the sealed rows
    stay unseen."""
    joined = _Joined()
    article = {
        (name, row.id): "article:" + article_key(row)
        for name, file_rows in rows.items()
        for row in file_rows
    }
    for r in records:
        if r.file.startswith("vitaminc"):
            joined.join(f"{r.file}:{r.group}", article[(r.file, r.row_id)])
    sealed = {joined.find(f"{r.file}:{r.group}") for r in records if r.sealed}
    for r in records:
        r.component = joined.find(f"{r.file}:{r.group}")
        r.tainted = not r.sealed and r.component in sealed


def record_row(
    file: str, row: BenchRow, group: str, sealed: bool, hand: dict[str, int]
) -> RowRecord:
    documents = row.to_documents()
    analysis = analyse(documents, CheckConfig(ignore=list(DRIVEN)))
    others = max(
        (f.severity for f in analysis.report.findings),
        key=SEVERITY_RANK.__getitem__,
        default=None,
    )
    record = RowRecord(
        file=file,
        row_id=row.id,
        group=group,
        sealed=sealed,
        contradiction=row.label == "contradiction",
        types=row.types,
        noisy=row.label == "contradiction",
        others=others,
    )
    evidence = locate_evidence(row.evidence, documents) if row.task == "document" else []
    # A contradiction whose type is known and is not about figures ("negation", "content")
    # says nothing of its figure pairs: they are left unlabelled.
    about_figures = "numeric" in row.types or row.types == [UNTYPED]
    for pair in clashing_pairs(documents, analysis.graph.figures()):
        spans = pair.spans
        if not record.contradiction:
            label = 0
        elif not about_figures:
            label = UNLABELLED
        elif row.task == "pair":
            label = int(spans[0][0] != spans[1][0])
        else:
            label = int(any(_inside(span, evidence) for span in spans))
        key = pair_key(row.id, spans)
        pair.label = hand.get(key, label)
        pair.hand = key in hand
        record.pairs.append(pair)
    return record


def clashing_pairs(documents: Sequence[Document], figures: FigurePairs) -> Iterable[PairRecord]:
    """The clashing candidate pairs, as the rules see them, each with the feature vector the
    rule scores (a fall is scored as if both figures held at one time)."""
    texts = {d.id: d.text for d in documents}
    for candidate in figures.candidates():
        a, b = candidate.a.claim, candidate.b.claim
        kind = candidate.clash.kind
        cap, _ = clash_severity(
            a,
            b,
            "error",
            [texts[a.document_id], texts[b.document_id]],
            figures.graph.lexicon,
        )
        yield PairRecord(
            x=(
                at_one_time_features(candidate.x, candidate.a, candidate.b, figures.graph.lexicon)
                if kind == "fall"
                else candidate.x
            ),
            kind=kind,
            strict=kind != "soft",
            cap=cap,
            label=0,
            spans=(
                (a.document_id, a.span.start, a.span.end),
                (b.document_id, b.span.start, b.span.end),
            ),
            texts=(a.span.text, b.span.text),
        )


def pair_key(row_id: str, spans: tuple[tuple[str, int, int], ...]) -> str:
    """How a hand label names a pair: the row and the two figures' offsets, never their text
    (the benchmark text stays out of the project)."""
    ordered = sorted(spans)
    return f"{row_id}|" + "|".join(f"{d}:{s}-{e}" for d, s, e in ordered)


def _inside(span: tuple[str, int, int], located: Sequence[tuple[str, int, int]]) -> bool:
    doc, start, end = span
    return any(doc == d and s <= start and end <= e for d, s, e in located)


def read_hand_labels(path: Path) -> dict[str, int]:
    """Hand labels: one JSON object a line with ``row``, ``a``/``b`` spans and ``same``."""
    labels: dict[str, int] = {}
    if not path.exists():
        return labels
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            spans = ((*item["a"],), (*item["b"],))
            labels[pair_key(item["row"], spans)] = int(item["label"])
    return labels


# -- our own text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnCase:
    """A text we wrote, with the figure clashes FC101/FC102/FC104 must report (passages)."""

    name: str
    documents: list[Document]
    expected: list[tuple[str, ...]]  # each: the passages one finding must cover
    rule: str | None  # the one rule whose findings are listed; None when all are


def own_cases(root: Path) -> list[OwnCase]:
    """The FC101/FC102/FC104 rule cases (``fixtures/rules``), the golden articles
    (``fixtures/documents``), where every finding at warning or above is listed."""
    import yaml

    cases: list[OwnCase] = []
    for code in DRIVEN:
        data = yaml.safe_load((root / "rules" / f"{code}.yml").read_text(encoding="utf-8"))
        for case in data["cases"]:
            docs = [Document(id="draft", text=case["text"], published_at=case.get("published_at"))]
            docs += [
                Document(id=f"source{i}", text=s, role="source")
                for i, s in enumerate(case.get("sources") or [])
            ]
            expected = [tuple(e["spans"]) for e in case["expect"]]
            cases.append(OwnCase(f"{code}_{case['name']}", docs, expected, code))
    for path in sorted((root / "documents").glob("*.txt")):
        spec = yaml.safe_load(path.with_suffix(".expected.yml").read_text(encoding="utf-8"))
        findings = (spec or {}).get("findings") or []
        expected = [tuple(f["spans"]) for f in findings if f["rule"] in DRIVEN]
        docs = [Document(id="draft", text=path.read_text(encoding="utf-8"))]
        cases.append(OwnCase(path.stem, docs, expected, None))
    for path in sorted((root / "documents" / "multi").glob("*/expected.yml")):
        cases.append(_multi_case(path))
    return cases


def _multi_case(path: Path) -> OwnCase:
    """A draft with its source files (``fixtures/documents/multi``), read by the loaders."""
    import yaml

    from factcheck.ingest import load_document

    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    folder = path.parent
    docs = [load_document(str(folder / spec["draft"]))]
    docs += [load_document(str(folder / s), role="source") for s in spec["sources"]]
    listed = [*(spec.get("findings") or []), *(spec.get("info") or [])]
    expected = [tuple(p["text"] for p in f["passages"]) for f in listed if f["rule"] in DRIVEN]
    return OwnCase(f"multi_{folder.name}", docs, expected, None)


def records_of_own(cases: Sequence[OwnCase]) -> list[RowRecord]:
    out = []
    for case in cases:
        analysis = analyse(case.documents, CheckConfig(ignore=list(DRIVEN)))
        texts = {d.id: d.text for d in case.documents}
        record = RowRecord(
            file="own",
            row_id=case.name,
            group=case.name,
            sealed=False,
            contradiction=bool(case.expected),
            types=[],
            noisy=False,
            others=None,
        )
        for pair in clashing_pairs(case.documents, analysis.graph.figures()):
            if case.rule is not None and RULE_OF_KIND[pair.kind] != case.rule:
                pair.label = UNLABELLED  # a rule case lists only its own rule's findings
            else:
                pair.label = int(any(_covers(pair, p, texts) for p in case.expected))
            record.pairs.append(pair)
        out.append(record)
    return out


def _covers(pair: PairRecord, passages: Sequence[str], texts: dict[str, str]) -> bool:
    """Each expected passage overlaps one of the pair's two figures."""

    def hit(passage: str) -> bool:
        for doc, start, end in pair.spans:
            text = texts[doc]
            at = text.find(passage)
            while at != -1:
                if start < at + len(passage) and at < end:
                    return True
                at = text.find(passage, at + 1)
        return False

    return all(hit(p) for p in passages)
