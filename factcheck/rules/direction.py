"""FC108: one change given as a rise and as a fall ("Halden's sales fell 46 percent in June" …
"Halden's sales rose 46 percent").

Two figures of the same value and unit are the same change when each is the size of a change
(``Frame.change``: a verb of rising or falling just before it, "up" or "down" after a form of
"be", or "higher", "lower", "a … drop" just after it, as the lexicon's `direction` lists them)
and their sentences speak of one subject: they share two words other than words of time and of
direction, one of them no name ("Halden", "sales"; not a company's two-word name alone), no
noun they share is modified two ways ("car sales", "van sales"), and they count no two things
("points", "places") in no two places. Their documents meet, and their times agree: in one
story as the figure pairs' times do, while a draft that rewrites its source may leave the
source's time out. The figures agree, so the alignment model, which scores figures that clash,
never sees the pair: the rule reads the frames the figure pairs built.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from factcheck.alignment import compatible_times, places_apart, same_sentence, usable
from factcheck.compare.frame import Direction, Frame, Unit, lemma_of, word_lemmas
from factcheck.engine.base import FindingBuilder, RuleContext, RuleType
from factcheck.extract.dates import TIME_WORDS
from factcheck.model import Finding
from factcheck.rules.clash import report_clash
from factcheck.timeline import same_time

# A value that this many figures with a direction share in one check ties none of them: a
# table of changes, not one story's change told twice.
_COMMON_VALUE = 40
_SUBJECT_WORDS = 2  # content words two sentences must share to speak of one subject


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
            way = frame.change
            if way is not None and usable(frame.claim):
                changes[(frame.unit, frame.claim.value)].append((frame, way))
        written = (
            lexicon.rise_before | lexicon.fall_before | lexicon.rise_after | lexicon.fall_after
        )
        not_subject = TIME_WORDS | _with_lemmas(written)
        order = {d: i for i, d in enumerate(graph.documents)}
        for group in changes.values():
            if len(group) > _COMMON_VALUE:
                continue
            said = {(f.claim.document_id, way) for f, way in group}
            for rise, fall in itertools.product(
                (f for f, way in group if way == "rise"), [f for f, way in group if way == "fall"]
            ):
                up, down = rise.claim.document_id, fall.claim.document_id
                if not graph.documents_meet(up, down):
                    continue
                if up != down and ((down, "rise") in said or (up, "fall") in said):
                    # The other text tells the same change the same way too ("women's declined
                    # by 0.6 years" beside "men's rose by 0.6"): the opposite one is another's.
                    continue
                subject = _one_change(rise, fall, not_subject)
                if not subject:
                    continue
                first, second = sorted(
                    (rise.claim, fall.claim), key=lambda c: (order[c.document_id], c.span.start)
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
    """The direction words as written and as the frame reads them ("rose", "rise"; "higher",
    "high")."""
    return words | {lemma_of(w) for w in words}


def _one_change(a: Frame, b: Frame, not_subject: frozenset[str]) -> tuple[str, ...]:
    """The words that make two figures of documents that meet one change of one subject at
    one time, or none."""
    ca, cb = a.claim, b.claim
    if same_sentence(ca, cb) or not _same_times(a, b):
        return ()
    wa, wb = ca.measure.counted, cb.measure.counted
    if places_apart(ca.scope, cb.scope) or (wa and wb and wa != wb):
        return ()  # two places, or two things counted ("2 points", "2 places")
    shared = sorted((a.sentence_words & b.sentence_words) - not_subject)
    if len(shared) < _SUBJECT_WORDS or not set(shared) - _capitalised(a) - _capitalised(b):
        return ()  # a name alone ("Halden Motors") does not say what changed
    if any(_told_apart(a, b, word, not_subject) for word in shared):
        return ()
    return tuple(shared)


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")


def _capitalised(frame: Frame) -> frozenset[str]:
    """The lemmas of the words the figure's sentence writes with a capital, its first word too:
    names, as far as words can tell ("Halden Motors shares fell" names Halden Motors)."""
    return frozenset(lemma_of(w.lower()) for w in _CAPITALISED.findall(frame.claim.sentence.text))


def _same_times(a: Frame, b: Frame) -> bool:
    """In one story, the times the figure pairs read as one; between a draft and its source,
    no two different times (a rewrite may leave the source's "in June" out)."""
    if a.claim.document_id == b.claim.document_id:
        return compatible_times(a.claim, b.claim)
    ta, tb = a.claim.scope.time, b.claim.scope.time
    return ta is None or tb is None or same_time(ta, tb)


def _modifiers(frame: Frame, word: str, not_subject: frozenset[str]) -> frozenset[str]:
    """The content word right before ``word`` in the figure's sentence ("car" of "car sales";
    none for "in Velm", nor "fell" of "fell … Velm")."""
    lemmas = word_lemmas(frame.claim.sentence.text)
    return frozenset(
        before
        for before, this in itertools.pairwise(lemmas)
        if this == word and before in frame.sentence_words and before not in not_subject
    )


def _told_apart(a: Frame, b: Frame, word: str, not_subject: frozenset[str]) -> bool:
    """The shared word is modified one way in one sentence and another way in the other, and
    neither sentence has the other's modifier: "car sales" and "van sales" are two subjects."""
    ma, mb = _modifiers(a, word, not_subject), _modifiers(b, word, not_subject)
    return bool(
        ma and mb and ma.isdisjoint(mb) and ma.isdisjoint(b.sentence_words)
        and mb.isdisjoint(a.sentence_words)
    )  # fmt: skip
