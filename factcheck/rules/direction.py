"""FC108: one change given as a rise and as a fall ("Halden's sales fell 46 percent in June" …
"Halden's sales rose 46 percent").

Two figures of the same value and unit are the same change when each is the size of a change
(a verb of rising or falling just before it, or "higher", "lower", "a … drop" just after it,
as the lexicon's `direction` lists them), their sentences name one subject (two words in
common, other than words of time and of direction: "Halden", "sales"), their documents meet,
and no two times are given for them. The figures agree, so the alignment model, which scores
figures that clash, never sees the pair: the rule reads the frames the figure pairs built.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Literal

from factcheck.alignment import same_sentence, usable
from factcheck.compare.frame import Frame, Unit, content_lemmas
from factcheck.engine.base import FindingBuilder, RuleContext, RuleType
from factcheck.extract.dates import TIME_WORDS
from factcheck.extract.lexicon import Lexicon
from factcheck.model import Finding
from factcheck.rules.clash import report_clash
from factcheck.text.wordnet import lemma
from factcheck.timeline import same_time

Direction = Literal["rise", "fall"]

# A value that this many figures with a direction share in one check ties none of them: a
# table of changes, not one story's change told twice.
_COMMON_VALUE = 40
_SUBJECT_WORDS = 2  # content words two sentences must share to speak of one subject
_SKIPPED_BEFORE = frozenset({"by", "some", "about", "around", "nearly", "almost", "roughly"})


def direction_of(frame: Frame, lexicon: Lexicon) -> Direction | None:
    """Whether the figure is the size of a rise or of a fall, from the word just before it
    (past "by" and a hedge: "rose by about 3%") or just after it ("1.9% lower")."""
    before = [w for w in frame.before if w not in _SKIPPED_BEFORE]
    word = before[-1] if before else ""
    after = frame.after[0] if frame.after else ""
    rise = word in lexicon.rise_before or after in lexicon.rise_after
    fall = word in lexicon.fall_before or after in lexicon.fall_after
    if rise == fall:
        return None  # neither, or both ("fell 3% higher than forecast" is no reading)
    return "rise" if rise else "fall"


class DirectionConflict(RuleType):
    """One change of one subject given as a rise and as a fall of the same size."""

    kind = "numeric.direction-conflict"
    targets = frozenset({"quantity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        graph = ctx.graph
        lexicon = graph.lexicon
        changes: dict[tuple[Unit, float], list[tuple[Frame, Direction]]] = defaultdict(list)
        for frame in graph.figures().frames.values():
            way = direction_of(frame, lexicon)
            if way is not None and usable(frame.claim):
                changes[(frame.unit, frame.claim.value)].append((frame, way))
        written = (
            lexicon.rise_before | lexicon.fall_before | lexicon.rise_after | lexicon.fall_after
        )
        not_subject = TIME_WORDS | _with_lemmas(written)
        for group in changes.values():
            if len(group) > _COMMON_VALUE:
                continue
            for rise, fall in itertools.product(
                (f for f, way in group if way == "rise"), [f for f, way in group if way == "fall"]
            ):
                subject = _one_change(rise, fall, not_subject, graph.documents_meet)
                if not subject:
                    continue
                first, second = sorted(
                    (rise.claim, fall.claim), key=lambda c: (c.document_id, c.span.start)
                )
                report_clash(
                    out, first, second,
                    f"'{rise.claim.span.text}' is given as a rise and '{fall.claim.span.text}' "
                    f"as a fall of one change (both say {', '.join(repr(w) for w in subject)}): "
                    "it cannot have gone both ways",
                    {"rise": rise.claim.id, "fall": fall.claim.id, "shared": list(subject)},
                )  # fmt: skip
        return out


@lru_cache(maxsize=8)
def _with_lemmas(words: frozenset[str]) -> frozenset[str]:
    """The direction words as written and as the frame's lemmas read them ("rose", "rise")."""
    return words | {lemma(w, "v") for w in words}


def _one_change(
    a: Frame, b: Frame, not_subject: frozenset[str], meet: Callable[[str, str], bool]
) -> tuple[str, ...]:
    """The words that make two figures one change of one subject at one time, or none: two
    or more content words their sentences share, less words of time and of direction."""
    ca, cb = a.claim, b.claim
    if same_sentence(ca, cb) or not meet(ca.document_id, cb.document_id):
        return ()
    ta, tb = ca.scope.time, cb.scope.time
    if ta is not None and tb is not None and not same_time(ta, tb):
        return ()
    shared = sorted((a.sentence_words & b.sentence_words) - not_subject)
    if len(shared) < _SUBJECT_WORDS or any(_told_apart(a, b, word) for word in shared):
        return ()
    return tuple(shared)


def _modifiers(frame: Frame, word: str) -> frozenset[str]:
    """The content words just before ``word`` in the figure's sentence ("car" of "car sales")."""
    lemmas = content_lemmas(frame.claim.sentence.text)
    return frozenset(before for before, this in itertools.pairwise(lemmas) if this == word)


def _told_apart(a: Frame, b: Frame, word: str) -> bool:
    """The shared word is modified one way in one sentence and another way in the other, and
    neither sentence has the other's modifier: "car sales" and "van sales" are two subjects."""
    ma, mb = _modifiers(a, word), _modifiers(b, word)
    return bool(
        ma and mb and ma.isdisjoint(mb) and ma.isdisjoint(b.sentence_words)
        and mb.isdisjoint(a.sentence_words)
    )  # fmt: skip
