"""FC106: the same statement made twice with different figures.

Editors copy a sentence and update its figure, or restate a fact later in the story, and
forget one of the two. When two sentences repeat the same run of words around a figure ("the
surgeons put her odds of recovery after the operation at 40%" … "put her odds of recovery
after the operation at 70%"), the figures measure the same thing even where no lexicon knows
the measure. The run must be long (six words), or name its subject ("Aldric had four
daughters" … "Aldric had three daughters", when the two sentences' verbs meet), or be both
sentences whole (five words: "The lamp has a visible range of 18." … "of 24."); a changed word
next to the figure ("killed" for "injured", "Monday" for "Tuesday") ends the run, so does a
semicolon unless both give the figure's own clause whole, and a figure with a unit ("60
metres") is only read beside the same unit. Dates count as figures too ("the ferry entered
service with Norlink on 3 May 1998" … "on 3 May 2008").
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from factcheck.alignment import comparable, places_apart, same_sentence, usable
from factcheck.engine.base import FindingBuilder, RuleContext, RuleOptions, RuleType
from factcheck.extract.lexicon import Lexicon
from factcheck.extract.numbers import is_number_word
from factcheck.extract.ranks import RANK
from factcheck.graph import ClaimGraph
from factcheck.model import UNALIGNED, DateClaim, Finding, Interval, QuantityClaim
from factcheck.rules.clash import report_clash
from factcheck.rules.dates import dated, event_date_clashes
from factcheck.text.fold import fold
from factcheck.text.wordnet import event_keys, inflected_verb
from factcheck.timeline import same_time

# Words, digits, figure tokens, and the semicolon that ends a clause: a run of shared words
# stops there (``shared_run``), so that "caused 2 deaths; 31 passengers were hurt" and "caused
# 2 deaths; 5 passengers remain in hospital" restate nothing about the passengers.
_TOKEN = re.compile(r"<N[^>]*>|[A-Za-z]+|\d+|;")
CLAUSE_END = ";"
FIGURE = "<N>"  # how a figure is shown in a run of words
WINDOW = 40  # figures of one block each figure is compared with


_Stated = QuantityClaim | DateClaim  # the claims that state a value


def _value(claim: _Stated) -> Interval:
    """What a claim says, as an interval: a figure's strict reading; a date's days, or for a
    bound ("after 2015", "since May", "by Oct. 5") every day the bound allows, so that "in
    2017" restates "after 2015" rather than contradicting it."""
    if isinstance(claim, QuantityClaim):
        return claim.hard
    assert claim.start is not None and claim.end is not None
    first, last = claim.start.toordinal(), claim.end.toordinal()
    match claim.relation:
        case "after":
            return Interval(lo=last, lo_open=True)
        case "since":
            return Interval(lo=first)
        case "before":
            return Interval(lo=-math.inf, hi=first, hi_open=True)
        case "until" | "by":
            return Interval(lo=-math.inf, hi=last)
    return Interval(lo=first, hi=last)


def _figure_token(value: Interval) -> str:
    """A figure as one word that equals only the same value: a run of words goes on past an
    equal figure ("in <N=2001> …"), and stops at a different one ("the first film released in
    2001" / "the second film released in 2003" are two films)."""
    return f"<N={value.lo}:{value.hi}>"


def is_figure(token: str) -> bool:
    return token.startswith("<N")


def _skeleton(claims: tuple[_Stated, ...], values: dict[str, Interval]) -> tuple[str, ...]:
    """The sentence as words (case kept), each figure with its qualifier replaced by a token
    of its value."""
    sentence = claims[0].sentence
    text = sentence.text
    ordered = sorted(claims, key=lambda c: c.span.start)
    if all(x.span.end <= y.span.start for x, y in itertools.pairwise(ordered)):
        # Joined once: rebuilding the sentence for each figure is quadratic in a long one.
        pieces: list[str] = []
        at = 0
        for claim in ordered:
            start, end = claim.span.start - sentence.start, claim.span.end - sentence.start
            pieces += (text[at:start], f" {_figure_token(values[claim.id])} ")
            at = end
        pieces.append(text[at:])
        text = "".join(pieces)
    else:  # spans that overlap (a date inside a figure's phrase): replaced from the last
        for claim in sorted(claims, key=lambda c: c.span.start, reverse=True):
            start, end = claim.span.start - sentence.start, claim.span.end - sentence.start
            text = f"{text[:start]} {_figure_token(values[claim.id])} {text[end:]}"
    return tuple("a" if w == "an" else w for w in _TOKEN.findall(text))


def other_names_around(
    a: tuple[str, ...], i: int, b: tuple[str, ...], j: int, before: int, after: int
) -> bool:
    """Whether the run is bounded by two different names: "Hollis finished the round in 68
    strokes" and "Oduya finished the round in 71 strokes" are about different people."""
    for x, y in ((i - before - 1, j - before - 1), (i + after + 1, j + after + 1)):
        if 0 <= x < len(a) and 0 <= y < len(b) and a[x][:1].isupper() and b[y][:1].isupper():
            return True
    return False


def another_figure_differs(
    a: tuple[str, ...], i: int, b: tuple[str, ...], j: int, before: int, after: int
) -> bool:
    """Whether the run stops at a second pair of different figures or ranks: "lent 40
    paintings … in 2019" / "lent 25 paintings … in 2021" and "the first film released in 2001"
    / "the second film released in 2003" are two facts of a series, not one restated."""
    for x, y in ((i - before - 1, j - before - 1), (i + after + 1, j + after + 1)):
        if 0 <= x < len(a) and 0 <= y < len(b) and _numeric(a[x]) and _numeric(b[y]):
            return True
    return False


def _numeric(token: str) -> bool:
    return is_figure(token) or is_number_word(token)


def shared_run(a: _Skeleton, i: int, b: _Skeleton, j: int) -> tuple[int, int]:
    """How many words stand identically (but for case) before and after figure ``i`` of
    ``a`` and ``j`` of ``b``. The run crosses a clause's end (a semicolon) only where both
    sentences give the figure's own clause whole: "caused 2 deaths; 31 passengers were hurt"
    against "…; 5 passengers remain in hospital" shares one word, "Five crew members died; 14
    passengers survived" against "…; 19 passengers survived" all of them."""
    la, lb = a.lowered, b.lowered
    left = _run(la, i, lb, j, -1, stop=True)
    right = _run(la, i, lb, j, 1, stop=True)
    # Whole on either side is decided on the runs within the clause, once for both sides.
    ends_whole = _clause_ends(la, i + right + 1) and _clause_ends(lb, j + right + 1)
    starts_whole = _clause_ends(la, i - left - 1) and _clause_ends(lb, j - left - 1)
    if ends_whole:
        left = _run(la, i, lb, j, -1, stop=False)
    if starts_whole:
        right = _run(la, i, lb, j, 1, stop=False)
    return left, right


def _run(la: tuple[str, ...], i: int, lb: tuple[str, ...], j: int, step: int, stop: bool) -> int:
    """The words shared from figure ``i`` of ``la`` and ``j`` of ``lb`` on, going ``step``;
    with ``stop``, not past a clause's end."""
    n = 0
    while True:
        x, y = i + step * (n + 1), j + step * (n + 1)
        if not (0 <= x < len(la) and 0 <= y < len(lb)) or la[x] != lb[y]:
            return n
        if stop and la[x] == CLAUSE_END:
            return n
        n += 1


def _clause_ends(words: tuple[str, ...], at: int) -> bool:
    """Position ``at`` is past either end of the sentence or at a clause's end."""
    return not 0 <= at < len(words) or words[at] == CLAUSE_END


def telling(words: tuple[str, ...], units: frozenset[str]) -> list[str]:
    """The words of a run that say what is measured: not figures, digits, units or the
    one- and two-letter words around them ("mph ( km / h )")."""
    return [w for w in words if not is_figure(w) and len(w) > 2 and w.lower() not in units]


def named(run_a: tuple[str, ...], run_b: tuple[str, ...], not_names: frozenset[str]) -> bool:
    """Whether a shared run of words holds a proper name ("Aldric had", "staff in
    Dunmore"): capitalised in both sentences, so not merely the first word of one, and not
    one of ``not_names`` (the lexicon's ``not_shared_names``: "The", "Police")."""
    return any(
        x[:1].isupper() and y[:1].isupper() and x not in not_names
        for x, y in zip(run_a, run_b, strict=True)
    )


def ends_alike(
    a: tuple[str, ...],
    i: int,
    b: tuple[str, ...],
    j: int,
    after: tuple[str, ...],
    units: frozenset[str],
) -> bool:
    """The words after the two figures agree for as long as both sentences go on: either the
    run goes on after the figure with a word that says something (a unit counts), or one of
    them ends where the run does ("… on December 25, 2014." / "… on July 11, 2014, but …").
    A shared "in" or "of" alone says nothing: "grossed $31 million in the United States" and
    "grossed $55 million in territories other than" measure two places."""
    n = len(after)
    says = bool(telling(after, units)) or any(w.lower() in units for w in after)
    return says or i + n + 1 == len(a) or j + n + 1 == len(b)


_AUXILIARIES = frozenset({"be", "have", "do"})


def _acts(words: tuple[str, ...]) -> frozenset[str]:
    """The lemmas of a sentence's inflected verbs, less "be", "have" and "do": "are suing" →
    sue; "has been found … studied" → find, study."""
    found = set()
    for w in words:
        if w.islower() and w.isalpha():
            base = inflected_verb(w)
            if base is not None and base not in _AUXILIARIES:
                found.add(base)
    return frozenset(found)


def same_act(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether a short shared run can be one statement: the two sentences' verbs meet (one
    lemma, or one event in WordNet: "grossed" / "earned" may not, "killed" / "died" do), or
    one of them has none. "14 of 15 former NFL players studied" and "Four former NFL players
    are suing" share a named run and say two things."""
    acts_a, acts_b = _acts(a), _acts(b)
    if not acts_a or not acts_b or not acts_a.isdisjoint(acts_b):
        return True
    keys_a = frozenset().union(*(event_keys(v) for v in acts_a))
    return any(not keys_a.isdisjoint(event_keys(v)) for v in acts_b)


def follows_a_list(run_before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """The run ends in "and" or "or" right before the figure and stops at it: the shared words
    are the previous item of a list ("$167.5 million in the United States and Canada and
    $148.5 million in other territories"), and what the figure itself measures follows it."""
    return not after and bool(run_before) and run_before[-1].lower() in _CONJUNCTIONS


_CONJUNCTIONS = frozenset({"and", "or"})


def whole_sentence(
    a: tuple[str, ...], i: int, b: tuple[str, ...], j: int, before: int, after: int
) -> bool:
    """Whether the two sentences are word for word the same but for the figure."""
    return i == before == j and i + after + 1 == len(a) and j + after + 1 == len(b)


def in_units(claim: _Stated) -> bool:
    """A figure followed by its unit ("60 m", "197 ft"): it can only be compared with one in
    the same unit, so the run must go on past the figure."""
    return isinstance(claim, QuantityClaim) and claim.measure.counted_as == "unit"


class _Skeleton(NamedTuple):
    """A sentence's words with its figures as tokens, and the same words in lower case:
    pairs are lined up on the lower-case words, tens of thousands of times in a long text."""

    words: tuple[str, ...]
    lowered: tuple[str, ...]


_Figure = tuple[_Skeleton, int, _Stated]  # (sentence skeleton, index, claim)


_Key = tuple[str, ...]


def _blocks(
    figures: Iterable[_Figure], shortest: int
) -> tuple[dict[_Key, list[_Figure]], dict[_Key, list[_Figure]]]:
    """Figures blocked by the words a pair must share to be compared at all: the word before
    both figures (or a figure that opens its sentence, which has none: "As few as 500
    vehicles …" / "… that as few as 735 vehicles …"), and a shared run of ``shortest`` words.

    Such a run is the word before and the word after both figures, or ``shortest`` words
    before them; for a figure that opens its sentence, ``shortest`` words after. So a block
    holds only figures that can pass, and no pair that could is left out: in a list of
    numbers, the figures after one number do not all meet, as they did when blocked by one
    word. Returns the blocks, and those of figures read by the words after them, which only
    figures opening a sentence meet."""
    blocks: dict[_Key, list[_Figure]] = defaultdict(list)
    after: dict[_Key, list[_Figure]] = defaultdict(list)
    for figure in figures:
        words, i = figure[0].lowered, figure[1]
        if 0 < i < len(words) - 1:
            blocks[("around", words[i - 1], words[i + 1])].append(figure)
        if i >= shortest:
            blocks[("before", *words[i - shortest : i])].append(figure)
        if i + shortest < len(words):
            after[words[i + 1 : i + 1 + shortest]].append(figure)
    return blocks, after


def _candidates(
    blocks: dict[_Key, list[_Figure]], after: dict[_Key, list[_Figure]]
) -> Iterator[tuple[_Figure, _Figure]]:
    """Pairs of figures worth comparing, a pair perhaps more than once. Like FC101, each
    figure meets only the next WINDOW figures of its block: linear in the length of a
    document, and far more than any real story repeats itself."""
    for members in blocks.values():
        for x, first in enumerate(members):
            for second in members[x + 1 : x + 1 + WINDOW]:
                yield first, second
    for others in after.values():
        for at, first in enumerate(others):
            if first[1] == 0:  # opens its sentence
                for second in others[max(0, at - WINDOW) : at + 1 + WINDOW]:
                    if second is not first:
                        yield first, second


class Restatement(RuleType):
    """The same statement twice, with figures that cannot both be true."""

    kind = "numeric.restatement"
    targets = frozenset({"quantity"})

    class Options(RuleOptions):
        min_words: int = 6  # words repeated verbatim around the figure
        min_words_named: int = 3  # … fewer will do when they include a name ("Aldric had")
        min_words_whole: int = 5  # … or when the two sentences are the same but for the figure

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        assert isinstance(self.options, Restatement.Options)
        out = FindingBuilder(ctx)
        units = ctx.graph.lexicon.units
        not_names = ctx.graph.lexicon.not_shared_names
        by_sentence: dict[tuple[str, int], list[_Stated]] = defaultdict(list)
        dated = [
            c
            for c in ctx.graph.claims_of_kind("date")
            if isinstance(c, DateClaim) and c.start is not None and c.end is not None
        ]
        stated: list[_Stated] = [*ctx.graph.quantities(), *dated]
        for claim in stated:
            by_sentence[(claim.document_id, claim.sentence.start)].append(claim)
        values = {c.id: _value(c) for claims in by_sentence.values() for c in claims}
        figures_by_doc: dict[str, list[_Figure]] = defaultdict(list)
        for claims in by_sentence.values():
            claims.sort(key=lambda c: c.span.start)
            tokens = _skeleton(tuple(claims), values)
            skeleton = _Skeleton(tokens, tuple(t.lower() for t in tokens))
            positions = [i for i, t in enumerate(tokens) if is_figure(t)]
            if len(positions) != len(claims):
                continue  # a figure inside a word: cannot line words up
            for i, claim in zip(positions, claims, strict=True):
                figures_by_doc[claim.document_id].append((skeleton, i, claim))
        # Each draft is read with the sources, never with another draft: the cost grows with
        # the number of drafts, not with its square.
        roles = {d: ctx.graph.document(d).role for d in figures_by_doc}
        sources = [d for d in figures_by_doc if roles[d] == "source"]
        drafts = [d for d in figures_by_doc if roles[d] != "source"]
        groups = [[d, *sources] for d in drafts] or [[s] for s in sources]
        o = self.options
        shortest = min(o.min_words, o.min_words_named, o.min_words_whole)
        pairs = (
            pair
            for group in groups
            for pair in _candidates(
                *_blocks((f for d in group for f in figures_by_doc[d]), shortest)
            )
        )
        met: set[tuple[str, str]] = set()  # a pair may share two blocks, in either order
        for (skeleton_a, i, a), (skeleton_b, j, b) in pairs:
            if a.kind != b.kind or not values[a.id].disjoint(values[b.id]):
                continue  # cheap tests first: most restated figures agree
            key = (a.id, b.id) if a.id < b.id else (b.id, a.id)  # met in either order
            if key in met:
                continue
            met.add(key)
            left, right = shared_run(skeleton_a, i, skeleton_b, j)
            if left + right < shortest:
                continue  # too few shared words for any of the tests below: most pairs
            if same_sentence(a, b) or not ctx.graph.may_compare(a, b):
                continue
            skel_a, skel_b = skeleton_a.words, skeleton_b.words
            before, after = skel_a[i - left : i], skel_a[i + 1 : i + 1 + right]
            words = telling(before + after, units)
            run_b = skel_b[j - len(before) : j] + skel_b[j + 1 : j + 1 + len(after)]
            whole = whole_sentence(skel_a, i, skel_b, j, len(before), len(after))
            # The age of someone the text does not name ("a 22-year-old man") needs the long
            # run: a name in a short one is a place ("in Harwick"), not whose age it is.
            shortcuts = not (_unnamed_age(a) or _unnamed_age(b))
            enough = len(words) >= self.options.min_words or (
                shortcuts
                and (
                    (whole and len(words) >= self.options.min_words_whole)
                    or (
                        len(words) >= self.options.min_words_named
                        and named(before + after, run_b, not_names)
                        and ends_alike(skel_a, i, skel_b, j, after, units)
                        and same_act(skel_a, skel_b)
                    )
                )
            )
            if (
                enough
                and not follows_a_list(before, after)
                and (after or not (in_units(a) or in_units(b)))
                and not other_names_around(skel_a, i, skel_b, j, len(before), len(after))
                and not another_figure_differs(skel_a, i, skel_b, j, len(before), len(after))
            ):
                shown = tuple(FIGURE if is_figure(w) else w for w in (*before, FIGURE, *after))
                self._report(out, a, b, shown, ctx.graph)
        return out

    def _report(
        self,
        out: FindingBuilder,
        a: _Stated,
        b: _Stated,
        run: tuple[str, ...],
        graph: ClaimGraph,
    ) -> None:
        # Two hypotheticals of one statement still clash ("odds of 40% if she is operated
        # on"). So do two limits, by the limit itself: "a 21-man roster" and "a 19-man
        # roster" were allowed, but "crowds of more than 200" and "of fewer than 200" are
        # forbidden by one limit, 200, read from two sides.
        both_conditional = a.modality == b.modality == "conditional"
        if both_conditional and any(
            graph.lexicon.thresholds.search(fold(c.sentence.text)) for c in (a, b)
        ):
            both_conditional = not (
                isinstance(a, QuantityClaim) and isinstance(b, QuantityClaim) and a.value == b.value
            )
        if not (both_conditional or (usable(a) and usable(b))):
            return
        if isinstance(a, QuantityClaim) and isinstance(b, QuantityClaim):
            if not self._same_figure(a, b, graph.lexicon):
                return
            shown = [str(a.hard), str(b.hard)]
        elif isinstance(a, DateClaim) and isinstance(b, DateClaim):
            if any(c.known and {a.id, b.id} == {c.a.id, c.b.id} for c in event_date_clashes(graph)):
                return  # FC202 reports one event given two dates
            shown = [dated(a), dated(b)]
        else:
            return
        report_clash(
            out, a, b,
            f"the same statement gives '{a.span.text}' and '{b.span.text}', "
            f"which cannot both be true: {shown[0]} vs {shown[1]}",
            {"shared_words": " ".join(run), "values": shown},
        )  # fmt: skip

    @staticmethod
    def _same_figure(a: QuantityClaim, b: QuantityClaim, lexicon: Lexicon) -> bool:
        """Whether two figures of restated sentences are one figure stated twice."""
        sa, sb = a.scope, b.scope
        if (sa.time and sb.time and not same_time(sa.time, sb.time)) or places_apart(sa, sb):
            return False  # the same words about another day or place: a new fact
        if a.ordinal != b.ordinal or sa.previous != sb.previous:
            return False  # a rank against a count; a value held before against one now
        if a.measure.family == b.measure.family == RANK:
            return False  # two places of named things: FC107 knows when they share a series
        if (
            a.measure.family == b.measure.family == "age"
            and (a.measure.anchor != b.measure.anchor or a.measure.alone or b.measure.alone)
            and not (_unnamed_age(a) or _unnamed_age(b))
        ):
            return False  # the ages of two named people
        # When FC101 can compare them it reports them, with the measure.
        return a.measure.family == UNALIGNED or not comparable(a, b, lexicon)


def _unnamed_age(claim: _Stated) -> bool:
    return (
        isinstance(claim, QuantityClaim)
        and claim.measure.family == "age"
        and claim.measure.anchor is None
    )
