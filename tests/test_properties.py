"""Properties of the interval semantics and of the engine, checked with hypothesis."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import Document, check
from factcheck.alignment import comparable
from factcheck.extract.lexicon import load_lexicon
from factcheck.model import Interval
from factcheck.pipeline import analyse
from factcheck.rules import restatement

bounds = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    lo = draw(bounds)
    hi = draw(st.one_of(st.none(), bounds.map(lambda x: lo + x)))
    return Interval(lo=lo, hi=hi, lo_open=draw(st.booleans()), hi_open=draw(st.booleans()))


@given(intervals(), intervals())
def test_disjointness_is_symmetric(a: Interval, b: Interval) -> None:
    assert a.disjoint(b) == b.disjoint(a)


@given(intervals(), bounds)
def test_a_point_inside_both_means_they_meet(a: Interval, x: float) -> None:
    point = Interval(lo=x, hi=x)
    if a.contains(x):
        assert not a.disjoint(point)


@given(intervals())
def test_a_non_empty_interval_meets_itself(a: Interval) -> None:
    if not a.is_empty():
        assert not a.disjoint(a)


@given(
    st.sampled_from(sorted(load_lexicon().qualifiers)), st.integers(min_value=1, max_value=10**7)
)
def test_the_figure_lies_in_its_soft_and_hard_reading_where_the_qualifier_allows(
    qualifier: str, n: int
) -> None:
    hard_t, soft_t = load_lexicon().qualifiers[qualifier]
    hard, soft = hard_t.build(n, 1), soft_t.build(n, 1)
    assert not hard.is_empty() and not soft.is_empty()
    # The usual reading never leaves the strict one.
    assert not soft.disjoint(hard)
    if qualifier not in ("more_than", "fewer_than", "nearly"):
        assert hard.contains(n)


FIGURES = ["at least 32", "nearly 30", "about 300", "312", "more than 40", "fewer than 20",
           "dozens of", "up to 50", "between 20 and 30", "two", "hundreds of"]  # fmt: skip
TEMPLATES = [
    "Since early September the strikes have killed {} people.",
    "The strikes have killed {} people so far.",
    "A strike late Tuesday killed {} people.",
    "Police said {} protesters were arrested on Saturday.",
    "{} people were injured in the blast.",
]


def _capitalised(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


sentences = st.lists(
    st.tuples(st.sampled_from(TEMPLATES), st.sampled_from(FIGURES)), min_size=1, max_size=6
).map(lambda pairs: [_capitalised(t.format(f)) for t, f in pairs])


def _key(report: object) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted(
        (f.rule, f.severity, tuple(sorted(s.text for s in f.spans)))
        for f in report.findings  # type: ignore[attr-defined]
    )


@settings(max_examples=60, deadline=None)
@given(sentences, st.randoms(use_true_random=False))
def test_sentence_order_does_not_change_what_conflicts(
    parts: list[str], rnd: random.Random
) -> None:
    shuffled = parts[:]
    rnd.shuffle(shuffled)
    a = check([Document(id="d", text=" ".join(parts))])
    b = check([Document(id="d", text=" ".join(shuffled))])
    assert {(r, s) for r, s, _ in _key(a) if r != "FC104"} == {
        (r, s) for r, s, _ in _key(b) if r != "FC104"
    }


@settings(max_examples=40, deadline=None)
@given(sentences)
def test_checking_is_idempotent(parts: list[str]) -> None:
    doc = Document(id="d", text=" ".join(parts))
    assert _key(check([doc])) == _key(check([doc]))


@settings(max_examples=40, deadline=None)
@given(sentences)
def test_no_claim_conflicts_with_itself_and_comparison_is_symmetric(parts: list[str]) -> None:
    report = check([Document(id="d", text=" ".join(parts))])
    quantities = [c for c in report.claims if c.kind == "quantity"]
    lexicon = load_lexicon()
    for a in quantities:
        assert not comparable(a, a, lexicon)
        for b in quantities:
            assert comparable(a, b, lexicon) == comparable(b, a, lexicon)
    for f in report.findings:
        claims = f.explanation.get("claims", [])
        assert len(set(claims)) == len(claims)


def test_a_pair_scores_the_same_whichever_figure_comes_first() -> None:
    """A pair's features say "best partner of both / of either", never "of the first": the
    two orders of one clash must give one feature vector, so one score and one severity."""
    parts = [
        "Since early September the strikes have killed at least 32 people.",
        "Since early September the strikes have killed at least 32 people.",
        "Since early September the strikes have killed 312 people.",
        "Since early September the strikes have killed dozens of people.",
    ]
    vectors = set()
    for order in (parts, [*parts[:2], parts[3], parts[2]]):
        graph = analyse([Document(id="d", text=" ".join(order))]).graph
        vectors |= {tuple(c.x) for c in graph.figures().candidates() if c.clash is not None}
    assert len(vectors) == 1


# -- FC106: which figures meet ---------------------------------------------------------------


_TOKENS = st.lists(st.sampled_from(["a", "b", "c", "<N=1>", "<N=2>"]), min_size=1, max_size=8)


@given(st.lists(st.tuples(_TOKENS, st.data()), min_size=2, max_size=12))
def test_restatement_blocks_miss_no_pair_that_could_pass(
    sentences: list[tuple[list[str], st.DataObject]],
) -> None:
    """Every pair of figures that shares the word before them (or of which one opens its
    sentence) and a run of at least ``shortest`` words meets in some block."""
    figures = []
    for n, (words, data) in enumerate(sentences):
        skeleton = restatement._Skeleton(tuple(words), tuple(words))
        i = data.draw(st.integers(0, len(words) - 1))
        figures.append((skeleton, i, n))
    shortest = 3
    met = {
        frozenset((a[2], b[2]))
        for a, b in restatement._candidates(*restatement._blocks(figures, shortest))
    }
    for x, (sa, i, a) in enumerate(figures):
        for sb, j, b in figures[x + 1 :]:
            left, right = restatement.shared_run(sa, i, sb, j)
            if (left >= 1 or i == 0 or j == 0) and left + right >= shortest:
                assert frozenset((a, b)) in met, (sa.words, i, sb.words, j)


_CLAUSE_TOKENS = st.lists(st.sampled_from(["a", "b", ";", "<N=1>"]), min_size=1, max_size=10)


@given(_CLAUSE_TOKENS, _CLAUSE_TOKENS, st.data())
def test_a_shared_run_is_the_same_read_from_either_sentence_or_either_end(
    a: list[str], b: list[str], data: st.DataObject
) -> None:
    """FC106's run of shared words, which stops at a semicolon unless the figure's clause is
    shared whole, does not depend on which sentence is read first nor on which way the
    words are read (the sentences reversed swap the run's two sides), and never runs past
    either sentence."""
    sa = restatement._Skeleton(tuple(a), tuple(a))
    sb = restatement._Skeleton(tuple(b), tuple(b))
    i = data.draw(st.integers(0, len(a) - 1))
    j = data.draw(st.integers(0, len(b) - 1))
    left, right = restatement.shared_run(sa, i, sb, j)
    assert restatement.shared_run(sb, j, sa, i) == (left, right)
    ra = restatement._Skeleton(tuple(a[::-1]), tuple(a[::-1]))
    rb = restatement._Skeleton(tuple(b[::-1]), tuple(b[::-1]))
    assert restatement.shared_run(ra, len(a) - 1 - i, rb, len(b) - 1 - j) == (right, left)
    assert 0 <= left <= min(i, j) and 0 <= right < min(len(a) - i, len(b) - j)
