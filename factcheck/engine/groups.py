"""One finding per group of clashing claims instead of one per pair.

Rules that compare claims report each clashing pair. When a story gives one toll in many
sentences, the pairs of one rule link many figures, and a reader needs one finding listing
them all rather than one per pair (whose number grows with the square of the figures). The
pairs of one rule are joined into connected components over the claims they link; a component
of three or more claims becomes one finding with every claim's span, and a component of two
stays the pair it was.

A group keeps its pairs in ``explanation["pairs"]`` (each with its own severity, message,
fingerprint and explanation, and the indices of its two spans in the group's spans), so JSON
and SARIF consumers lose nothing, and ``members`` gives them back as findings. A group's
fingerprint is that of all its passages: a baseline entry acknowledges the group as it
stands, and a figure added to it, removed from it or changed in it makes a new group, which
is reported again. ``regroup`` is for suppression that works pair by pair: it drops some pairs
of a group and groups the rest again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from factcheck.engine.fingerprints import fingerprint
from factcheck.model import (
    SEVERITY_RANK,
    Claim,
    DateClaim,
    EntityClaim,
    Finding,
    QuantityClaim,
    Span,
)

MIN_GROUP = 3  # claims; two claims are a pair and stay one
_LISTED = 10  # figures named in a group's message; the spans carry every one

_NOUNS = {
    "quantity": "different figures",
    "date": "different dates",
    "entity": "mentions",
    "quote": "quotations",
    "polarity": "statements",
}

Pair = tuple[Finding, tuple[str, str]]  # a pair finding with the two claims it links


def pair_claims(finding: Finding) -> tuple[str, str] | None:
    """The two claims a pair finding links, in the order of its two spans; None for a
    finding that is not a pair (one passage, a quote against a source passage, a group)."""
    claims = finding.explanation.get("claims")
    if len(finding.spans) != 2 or not isinstance(claims, list) or len(claims) != 2:
        return None
    a, b = claims
    if not (isinstance(a, str) and isinstance(b, str)) or a == b:
        return None
    return a, b


def group_pairs(
    findings: Sequence[Finding],
    claims: Mapping[str, Claim],
    document_order: Sequence[str] = (),
) -> list[Finding]:
    """``findings`` with the pairs of each rule that link ``MIN_GROUP`` or more claims
    replaced by one grouped finding per component; other findings as they are. ``claims``
    (by id) name what a group is about; ``document_order`` orders spans across documents."""
    by_rule: dict[str, list[Pair]] = {}
    out: list[Finding] = []
    for f in findings:
        linked = pair_claims(f)
        if linked is None:
            out.append(f)
        else:
            by_rule.setdefault(f.rule, []).append((f, linked))
    order = {doc_id: i for i, doc_id in enumerate(document_order)}
    for pairs in by_rule.values():
        for component in _components(pairs):
            first = claims.get(component[0][1][0])
            about = subject(first, [f for f, _ in component])
            out.extend(_merged(component, about, order))
    return out


def members(group: Finding) -> list[Finding]:
    """A grouped finding's pairs as the findings they were; empty for any other finding."""
    pairs = group.explanation.get("pairs")
    if not isinstance(pairs, list):
        return []
    return [
        Finding(
            rule=group.rule,
            name=group.name,
            severity=p["severity"],
            message=p["message"],
            spans=[group.spans[i] for i in p["spans"]],
            explanation=p["explanation"],
            fingerprint=p["fingerprint"],
        )
        for p in pairs
    ]


def regroup(group: Finding, keep: Callable[[Finding], bool]) -> list[Finding]:
    """What ``group`` becomes when only the pairs ``keep`` accepts remain: the group itself
    when all do, nothing when none do, else the remaining pairs grouped again (a component of
    two claims back as its pair). A finding that is not a group stays when ``keep`` says so."""
    pairs = members(group)
    if not pairs:
        return [group] if keep(group) else []
    kept = [p for p in pairs if keep(p)]
    if len(kept) == len(pairs):
        return [group]
    linked = [(p, pair) for p in kept if (pair := pair_claims(p)) is not None]
    order = {
        doc_id: i for i, doc_id in enumerate(dict.fromkeys(s.document_id for s in group.spans))
    }
    about = str(group.explanation.get("subject", "passages"))
    return [f for component in _components(linked) for f in _merged(component, about, order)]


class _Components:
    """Union-find over claim ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        while x != root:  # path compression keeps every later find short
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _components(pairs: Sequence[Pair]) -> list[list[Pair]]:
    uf = _Components()
    for _, (a, b) in pairs:
        uf.join(a, b)
    groups: dict[str, list[Pair]] = {}
    for pair in pairs:
        groups.setdefault(uf.find(pair[1][0]), []).append(pair)
    return list(groups.values())


def _merged(component: Sequence[Pair], about: str, order: Mapping[str, int]) -> list[Finding]:
    """The findings of one component: its pairs when it links two claims, else one group."""
    if len({c for _, linked in component for c in linked}) < MIN_GROUP:
        return [f for f, _ in component]
    return [merge(component, about, order)]


def merge(pairs: Sequence[Pair], about: str, order: Mapping[str, int]) -> Finding:
    """One finding for the pairs of one component: its claims' spans in text order, the
    highest severity of its pairs, and the pairs themselves in the explanation."""
    spans: dict[str, Span] = {}
    for f, linked in pairs:
        for claim_id, span in zip(linked, f.spans, strict=True):
            spans.setdefault(claim_id, span)
    ids = sorted(spans, key=lambda c: (order.get(spans[c].document_id, 0), spans[c].start))
    index = {claim_id: i for i, claim_id in enumerate(ids)}
    kept = sorted(
        (_member(f, linked, index) for f, linked in pairs),
        key=lambda m: (sorted(m["spans"]), m["fingerprint"]),
    )
    findings = [f for f, _ in pairs]
    ordered = [spans[c] for c in ids]
    group = Finding(
        rule=findings[0].rule,
        name=findings[0].name,
        severity=max((f.severity for f in findings), key=SEVERITY_RANK.__getitem__),
        message=_message(ordered, about, findings),
        spans=ordered,
        explanation={"claims": ids, "figures": len(ids), "subject": about, "pairs": kept},
    )
    return group.model_copy(update={"fingerprint": fingerprint(group)})


def _member(pair: Finding, linked: tuple[str, str], index: Mapping[str, int]) -> dict[str, Any]:
    return {
        "spans": [index[c] for c in linked],  # in the pair's own order, as its claims
        "severity": pair.severity,
        "message": pair.message,
        "fingerprint": pair.fingerprint,
        "explanation": pair.explanation,
    }


def subject(claim: Claim | None, findings: Sequence[Finding] = ()) -> str:
    """What a group lists: "different figures for people (deaths)", "mentions of Nicolás
    Maduro", "different dates for Ada Kell"; "passages" when the claim is unknown. Dates are
    named by what their pairs say they date, the person (FC203) or the event (FC202), never by
    a verb that merely stands beside the first date."""
    if claim is None:
        return "passages"
    noun = _NOUNS.get(claim.kind, "passages")
    if isinstance(claim, QuantityClaim):
        return f"{noun} for {claim.measure.in_words()}"
    if isinstance(claim, EntityClaim):
        return f"{noun} of {claim.name}"
    if isinstance(claim, DateClaim):
        for key, written in (("person", "{}"), ("event", "the {}")):
            said = {f.explanation.get(key) for f in findings}
            if len(said) == 1 and isinstance(name := said.pop(), str):
                return f"{noun} for {written.format(name)}"
    return noun


def _message(spans: Sequence[Span], about: str, pairs: Iterable[Finding]) -> str:
    """ "5 different figures for people (deaths) cannot all be true: 12 (l.3), 14 (l.9), …"."""
    soft = any(p.explanation.get("compare") == "soft" for p in pairs)
    verb = "may not all hold" if soft else "cannot all be true"
    home = spans[0].document_id
    listed = [_figure(s, home) for s in spans[:_LISTED]]
    if len(spans) > _LISTED:
        listed.append(f"… and {len(spans) - _LISTED} more")
    return f"{len(spans)} {about} {verb}: {', '.join(listed)}"


def _figure(span: Span, home: str) -> str:
    text = " ".join(span.text.split())
    if len(text) > 40:
        text = text[:39] + "…"
    where = f"l.{span.line}" if span.line is not None else f"offset {span.start}"
    if span.document_id != home:
        where = f"{span.document_id} {where}"
    return f"{text} ({where})"
