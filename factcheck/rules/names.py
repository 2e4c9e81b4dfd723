"""Rule types for names and titles (FC3xx): one person spelt two ways, one person given two
titles.

Mentions are grouped by person before anything is compared: by surname (``EntityClaim.key``)
and first name. Two people who share a surname but not a first name (two Smiths) are never
merged, and a bare "Smith" beside two of them belongs to neither. As everywhere, mentions are
compared within one document or between a draft and a source, never between two drafts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from factcheck.alignment import clash_severity
from factcheck.engine.base import FindingBuilder, RuleContext, RuleType
from factcheck.extract.entities import (
    Titles,
    blocks,
    edit_distance,
    fold,
    load_titles,
    name_parts,
    near,
)
from factcheck.graph import ClaimGraph
from factcheck.model import EntityClaim, Finding, Severity, Span


def _persons(graph: ClaimGraph) -> dict[str, list[EntityClaim]]:
    """Person mentions by document, in text order."""
    out: dict[str, list[EntityClaim]] = defaultdict(list)
    for claim in graph.claims_of_kind("entity"):
        if isinstance(claim, EntityClaim) and claim.entity_type == "person":
            out[claim.document_id].append(claim)
    for mentions in out.values():
        mentions.sort(key=lambda c: c.span.start)
    return out


def _given(claim: EntityClaim) -> str | None:
    given = name_parts(claim.name).given
    return fold(given) if given else None


def _doc_pairs(graph: ClaimGraph) -> Iterator[tuple[str, str]]:
    """Each draft with each source: the only cross-document comparisons."""
    drafts = [d for d, doc in graph.documents.items() if doc.role == "draft"]
    sources = [d for d, doc in graph.documents.items() if doc.role == "source"]
    for draft in drafts:
        for source in sources:
            yield draft, source


@dataclass
class _Person:
    key: str
    given: str | None  # folded; None when the document only gives the surname
    mentions: list[EntityClaim]


def _people(mentions: Iterable[EntityClaim]) -> list[_Person]:
    """One document's mentions grouped into people. A surname with one first name is one
    person, bare mentions included; with several first names, bare mentions are ambiguous and
    belong to no one."""
    by_key: dict[str, list[EntityClaim]] = defaultdict(list)
    for m in mentions:
        by_key[m.key].append(m)
    people = []
    for key, group in by_key.items():
        givens = {_given(m) for m in group} - {None}
        if len(givens) <= 1:
            people.append(_Person(key, next(iter(givens), None), group))
            continue
        for given in sorted(givens, key=str):
            people.append(_Person(key, given, [m for m in group if _given(m) == given]))
    return people


def _title_value(claim: EntityClaim) -> str | None:
    """What a title says, for comparison: an office id ("defense", "deputy:defense") or a
    descriptive word ("~leader"). None when it says nothing comparable."""
    if claim.title_kind not in ("office", "descriptive") or claim.title_qualifier == "time":
        return None
    if claim.title_kind == "descriptive":
        return "~" + (claim.title or "").lower().split()[-1]
    if claim.title_qualifier == "subordinate":
        return f"deputy:{claim.office}"
    return claim.office


def _titles_of(mentions: Iterable[EntityClaim]) -> dict[str, EntityClaim]:
    """Each distinct title value of a person with its first mention."""
    out: dict[str, EntityClaim] = {}
    for m in mentions:
        value = _title_value(m)
        if value is not None and value not in out:
            out[value] = m
    return out


def _whole(claim: EntityClaim, graph: ClaimGraph) -> Span:
    """The title and the name together: "Venezuelan leader Nicolás Maduro"."""
    if claim.title_span is None:
        return claim.span
    start = min(claim.span.start, claim.title_span.start)
    end = max(claim.span.end, claim.title_span.end)
    text = graph.document(claim.document_id).text[start:end]
    return Span(document_id=claim.document_id, start=start, end=end, text=text)


class TitleConflict(RuleType):
    """One person given two titles.

    Two offices that exclude each other (Defense Minister and Interior Minister, President and
    Prime Minister) for one person at one time cannot both be right: the rule's severity. A
    description beside an office ("Venezuelan leader" and "Venezuelan President"), or two
    offices one person may hold together, is a different wording: info. So is a clash the text
    itself may explain: an acting or quoted title, a sentence that speaks of a change ("later
    became"), a source of another date, or two named sources that disagree.
    """

    kind = "title.conflict"
    targets = frozenset({"entity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        titles = load_titles(ctx.graph.lexicon.rule_paths)
        graph = ctx.graph
        by_doc = {doc: _people(mentions) for doc, mentions in _persons(graph).items()}
        for people in by_doc.values():
            for person in people:
                values = _titles_of(person.mentions)
                items = list(values.items())
                for i, (va, a) in enumerate(items):
                    for vb, b in items[i + 1 :]:
                        self._compare(out, ctx, titles, (va, a), (vb, b))
        for draft, source in _doc_pairs(graph):
            for p, q in _same_people(by_doc.get(draft, []), by_doc.get(source, [])):
                ours, theirs = _titles_of(p.mentions), _titles_of(q.mentions)
                for va, a in ours.items():
                    if va in theirs:
                        continue
                    for vb, b in theirs.items():
                        if vb not in ours:
                            self._compare(out, ctx, titles, (va, a), (vb, b))
        return out

    @staticmethod
    def _compare(
        out: FindingBuilder,
        ctx: RuleContext,
        titles: Titles,
        first: tuple[str, EntityClaim],
        second: tuple[str, EntityClaim],
    ) -> None:
        (va, a), (vb, b) = first, second
        if va.startswith("~") and vb.startswith("~"):
            return  # two descriptions ("leader", "strongman") are not titles to reconcile
        exclusive = (
            a.office is not None
            and b.office is not None
            and not va.startswith("deputy:")
            and not vb.startswith("deputy:")
            and titles.exclusive(a.office, b.office)
        )
        severity: Severity = ctx.severity if exclusive else "info"
        lowered = _lowered(a, b, titles, ctx) if exclusive else ""
        if lowered:
            severity = "info"
        name = a.name if len(a.name) >= len(b.name) else b.name
        if exclusive:
            message = f"{name} is given two offices one person cannot hold at once: "
        else:
            message = f"{name} is given two different titles: "
        message += f"'{a.title}' and '{b.title}'"
        if lowered:
            message += f" ({lowered})"
        out.add(
            message,
            [_whole(a, ctx.graph), _whole(b, ctx.graph)],
            {"claims": [a.id, b.id], "person": a.key, "titles": [a.title, b.title],
             "offices": [a.office, b.office], "exclusive": exclusive, "lowered": lowered or None},
            severity,
        )  # fmt: skip


def _lowered(a: EntityClaim, b: EntityClaim, titles: Titles, ctx: RuleContext) -> str:
    """Why a clash of exclusive offices may have an explanation, or "" when it has none."""
    if "acting" in (a.title_qualifier, b.title_qualifier):
        return "an acting office may be held beside another"
    if a.in_quote or b.in_quote:
        return "one title is in a quotation"
    if titles.changes_over_time(a.sentence.text) or titles.changes_over_time(b.sentence.text):
        return "the text may speak of different times"
    da = ctx.graph.document(a.document_id).published_at
    db = ctx.graph.document(b.document_id).published_at
    if da and db and da != db:
        return "the documents are of different dates"
    texts = [ctx.graph.document(d).text for d in {a.document_id, b.document_id}]
    severity, reason = clash_severity(a, b, "error", texts, ctx.graph.lexicon)
    return reason if severity == "info" else ""


def _same_people(draft: list[_Person], source: list[_Person]) -> Iterator[tuple[_Person, _Person]]:
    """People of a draft and a source who are surely one: same surname, and the same first
    name, or a first name on one side only while the other side has just one person."""
    by_key: dict[str, list[_Person]] = defaultdict(list)
    for q in source:
        by_key[q.key].append(q)
    draft_keys = Counter(p.key for p in draft)
    for p in draft:
        for q in by_key.get(p.key, []):
            if p.given == q.given or (
                (p.given is None or q.given is None)
                and draft_keys[p.key] == 1
                and len(by_key[p.key]) == 1
            ):
                yield p, q


# -- FC301 --------------------------------------------------------------------------------------


@dataclass
class _Variant:
    """Two spellings of one name part, with the mentions that use each."""

    part: str  # "surname" or "first name"
    spellings: tuple[str, str]
    mentions: tuple[list[EntityClaim], list[EntityClaim]]
    accents_only: bool


def _variants(mentions: list[EntityClaim]) -> Iterator[_Variant]:
    """Candidate misspellings among the person mentions of one document, or of a draft and a
    source together."""
    by_key: dict[str, list[EntityClaim]] = defaultdict(list)
    for m in mentions:
        by_key[m.key].append(m)
    # Same letters, other accents or capitals: "Nicolás" / "Nicolas", "Mcnamara".
    for group in by_key.values():
        yield from _spelled(group, "surname", lambda m: name_parts(m.name).surname)
        by_given: dict[str | None, list[EntityClaim]] = defaultdict(list)
        for m in group:
            by_given[_given(m)].append(m)
        for given, same in by_given.items():
            if given is not None:
                yield from _spelled(same, "first name", lambda m: name_parts(m.name).given or "")
        # One surname, first names a letter apart: "Katharina" / "Katharine".
        givens = sorted(g for g in by_given if g is not None)
        for i, g1 in enumerate(givens):
            for g2 in givens[i + 1 :]:
                if near(g1, g2) and _titles_agree(by_given[g1], by_given[g2]):
                    yield _letters("first name", by_given[g1], by_given[g2])
    # Surnames a letter or two apart: "Lindqvist" / "Lindquist".
    for k1, k2 in _close_keys(by_key):
        first1 = {_given(m) for m in by_key[k1]} - {None}
        first2 = {_given(m) for m in by_key[k2]} - {None}
        if first1 and first2 and not first1 & first2:
            continue  # different first names: different people
        if not first1 and not first2:
            continue  # two bare surnames: nothing says they are one person
        if _titles_agree(by_key[k1], by_key[k2]):
            yield _letters("surname", by_key[k1], by_key[k2])


def _close_keys(keys: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Pairs of surnames a letter or two apart. Only surnames that share a first letter or
    their last two letters are compared (a slip rarely changes both ends), so the cost grows
    with those small buckets, not with the square of the number of people."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for block in blocks(key):
            buckets[block].append(key)
    seen: set[tuple[str, str]] = set()
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair not in seen and near(a, b):
                    seen.add(pair)
                    yield pair


def _titles_agree(a: list[EntityClaim], b: list[EntityClaim]) -> bool:
    """Nothing sets the two apart: at most one side has titles, or they share one."""
    ta, tb = set(_titles_of(a)), set(_titles_of(b))
    return not ta or not tb or bool(ta & tb)


def _spelled(
    group: list[EntityClaim], part: str, written: Callable[[EntityClaim], str]
) -> Iterator[_Variant]:
    spellings: dict[str, list[EntityClaim]] = defaultdict(list)
    for m in group:
        spellings[written(m)].append(m)
    forms = list(spellings)
    for i, x in enumerate(forms):
        for y in forms[i + 1 :]:
            if fold(x) != fold(y):
                continue
            yield _Variant(part, (x, y), (spellings[x], spellings[y]), accents_only=True)


def _letters(part: str, a: list[EntityClaim], b: list[EntityClaim]) -> _Variant:
    def spelling(ms: list[EntityClaim]) -> str:
        parts = [name_parts(m.name) for m in ms]
        words = [p.surname if part == "surname" else p.given or "" for p in parts]
        return Counter(w for w in words if w).most_common(1)[0][0]

    return _Variant(part, (spelling(a), spelling(b)), (a, b), accents_only=False)


class NameSpelling(RuleType):
    """One person's name spelt two ways: "Lindqvist" and "Lindquist", "Nicolás" and "Nicolas".

    Mentions are one person when their surnames are a letter or two apart (at most one edit
    per five letters) and their first names agree, or when a lone surname is a letter away
    from exactly one full name. Two different first names, or two different titles, mean two
    people: no finding. Spellings that differ only in accents or capitals are info.
    """

    kind = "name.spelling"
    targets = frozenset({"entity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        persons = _persons(ctx.graph)
        for mentions in persons.values():
            for v in _variants(mentions):
                _report(out, ctx, v, cross=False)
        for draft, source in _doc_pairs(ctx.graph):
            ours, theirs = persons.get(draft, []), persons.get(source, [])
            if not ours or not theirs:
                continue
            for v in _variants(ours + theirs):
                x, y = v.mentions
                xd = [m for m in x if m.document_id == draft]
                yd = [m for m in y if m.document_id == draft]
                # The draft uses one spelling only, the source only the other.
                if xd and not yd and len(xd) == len(x):
                    _report(out, ctx, v, cross=True)
                elif yd and not xd and len(yd) == len(y):
                    flipped = _Variant(v.part, v.spellings[::-1], (y, x), v.accents_only)
                    _report(out, ctx, flipped, cross=True)
        return out


def _report(out: FindingBuilder, ctx: RuleContext, v: _Variant, cross: bool) -> None:
    (x, y), (mx, my) = v.spellings, v.mentions
    later = len(mx) == len(my) and mx[0].span.start < my[0].span.start
    if not cross and (len(mx) > len(my) or later):
        # Point first at the rarer spelling (the likelier slip), else at the later one.
        x, y, mx, my = y, x, my, mx
    a, b = mx[0], my[0]
    severity: Severity = "info" if v.accents_only else ctx.severity
    if cross:
        message = f"the draft spells the {v.part} '{x}', the source '{y}'"
    else:
        message = (
            f"the {v.part} '{x}' ({len(mx)}×) and '{y}' ({len(my)}×) look like one person's "
            "name spelt two ways"
        )
    if v.accents_only:
        message += " (only accents or capitals differ)"
    out.add(
        message,
        [a.span, b.span],
        {"claims": [a.id, b.id], "part": v.part, "spellings": [x, y],
         "counts": [len(mx), len(my)], "accents_only": v.accents_only,
         "distance": edit_distance(fold(x), fold(y), 2)},
        severity,
    )  # fmt: skip
