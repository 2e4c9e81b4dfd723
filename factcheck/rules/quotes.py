"""Rule types for quotes (FC4xx): the same words given to two speakers, and a draft that quotes
its source with changed words.

Quotes are compared as lists of normalised words: case, punctuation, curly or straight marks
and spacing do not count; contractions are spelled out ("we've" → "we have"), numbers lose
their thousands separators and small number words become digits. An ellipsis marks words left
out on purpose and square brackets mark the editor's own words ("[they]"); neither is a change.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from pydantic import Field

from factcheck.engine.base import FindingBuilder, RuleContext, RuleOptions, RuleType
from factcheck.graph import ClaimGraph
from factcheck.model import Document, Finding, QuoteClaim, Span
from factcheck.text.attribution import find_quotes, is_named

# -- words of a quote -----------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<gap>…|\.\s?\.\s?\.)|(?P<ed>\[[^\]\n]{1,40}\])|(?P<w>\d[\d,.]*\d|[^\W_]+(?:['’][^\W_]+)*)"
)
_WORD = re.compile(r"\d[\d,.]*\d|[^\W_]+(?:['’][^\W_]+)*")
_WHOLE = {"won't": ["will", "not"], "can't": ["can", "not"], "cannot": ["can", "not"],
          "shan't": ["shall", "not"]}  # fmt: skip
_ENDINGS = (("n't", "not"), ("'ve", "have"), ("'re", "are"), ("'ll", "will"), ("'m", "am"),
            ("'d", "would"))  # fmt: skip
_NUMBERS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}  # fmt: skip
# Words whose change alone does not make a misquote ("a" for "the", "of" for "in").
_FUNCTION = frozenset(
    "a an the of to in on at for by with from into and or but that as so then".split()
)
# Words too common to find a quote's source by.
_COMMON = _FUNCTION | frozenset(
    """i we you he she it they me us him her them my our your his its their this these those
    is are was were be been being have has had do does did will would can could not no
    there here what which who when where all just very""".split()
)
_MAX_POSTINGS = 50  # a word found more often than this in the sources blocks nothing


def _normalise(surface: str) -> list[str]:
    w = surface.lower().replace("’", "'")
    if w in _WHOLE:
        return _WHOLE[w]
    for ending, full in _ENDINGS:
        if w.endswith(ending) and len(w) > len(ending):
            return [w[: -len(ending)], full]
    if w[0].isdigit():
        return [w.replace(",", "")]
    return [_NUMBERS.get(w, w)]


@dataclass
class Words:
    """A passage as normalised words, each with the offsets of the written word it comes from."""

    words: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    editorial: set[int] = field(default_factory=set)  # indexes of words in [brackets]
    gaps: set[int] = field(default_factory=set)  # i: an ellipsis stands before word i

    def add(self, surface: str, start: int, editorial: bool) -> None:
        for word in _normalise(surface):
            if editorial:
                self.editorial.add(len(self.words))
            self.words.append(word)
            self.spans.append((start, start + len(surface)))

    @property
    def own_words(self) -> int:
        """How many words are the speaker's (not the editor's)."""
        return len(self.words) - len(self.editorial)


def words_of(text: str, base: int = 0) -> Words:
    """Normalised words of ``text``; offsets are shifted by ``base``."""
    out = Words()
    words, spans = out.words, out.spans
    for m in _TOKEN.finditer(text):
        surface = m.group("w")
        if surface is not None:
            w = surface.lower()
            if w.isalpha() and w not in _NUMBERS and w not in _WHOLE:
                words.append(w)  # the common case, without the general path's lookups
                spans.append((base + m.start(), base + m.end()))
            else:
                out.add(surface, base + m.start(), editorial=False)
        elif m.group("gap"):
            out.gaps.add(len(words))
        else:
            inner = m.start("ed") + 1
            for w_m in _WORD.finditer(m.group("ed")[1:-1]):
                out.add(w_m.group(), base + inner + w_m.start(), editorial=True)
    return out


def _draft_first(graph: ClaimGraph, a: QuoteClaim, b: QuoteClaim) -> tuple[QuoteClaim, QuoteClaim]:
    order = {doc_id: i for i, doc_id in enumerate(graph.documents)}

    def key(c: QuoteClaim) -> tuple[int, int, int]:
        role = 0 if graph.document(c.document_id).role == "draft" else 1
        return role, order.get(c.document_id, 0), c.span.start

    return (a, b) if key(a) <= key(b) else (b, a)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- FC401 ----------------------------------------------------------------------------------


class QuoteAttributionConflict(RuleType):
    """The same quoted words attributed to two different named speakers.

    Quotes match when one's words (normalised, at least ``min_words`` of them) are all of the
    other's or run inside it. Speakers the text does not name ("he", "officials", "the
    president") never conflict: who they are is not known.
    """

    kind = "quote.attribution-conflict"
    targets = frozenset({"quote"})

    class Options(RuleOptions):
        min_words: int = Field(default=6, ge=3)

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        assert isinstance(self.options, QuoteAttributionConflict.Options)
        k = self.options.min_words
        out = FindingBuilder(ctx)
        graph = ctx.graph
        # Only quotes that may belong to a named speaker, and only when there are two such
        # speakers: most texts stop here, before any quote is read word by word.
        quotes = [
            q
            for q in graph.quotes()
            if q.attribution
            and q.attribution not in graph.lexicon.unnamed_speakers
            and len(q.words.split()) >= k - 2
        ]
        if len({q.attribution for q in quotes}) < 2:
            return out
        words = {q.id: tuple(words_of(q.words).words) for q in quotes}
        quotes = [q for q in quotes if len(words[q.id]) >= k]
        # Block on k-word runs: two quotes are compared only when the shorter one's opening
        # run occurs in the longer one.
        runs: dict[tuple[str, ...], list[tuple[QuoteClaim, int]]] = defaultdict(list)
        opening: dict[str, int] = {}  # where each quote's opening run stands in its block
        for q in quotes:
            w = words[q.id]
            opening[q.id] = len(runs[w[:k]])
            for at in range(len(w) - k + 1):
                runs[w[at : at + k]].append((q, at))
        names = _SpeakerNames(graph)
        seen: set[frozenset[str]] = set()
        for q in quotes:
            short = words[q.id]
            for p, at in _partners(runs[short[:k]], opening[q.id]):
                pair = frozenset((p.id, q.id))
                if p is q or pair in seen or p.attribution == q.attribution:
                    continue
                if words[p.id][at : at + len(short)] != short or not graph.may_compare(p, q):
                    continue
                name_p, name_q = names.named(p), names.named(q)
                if name_p is None or name_q is None:
                    continue
                seen.add(pair)
                a, b = _draft_first(graph, p, q)
                name_a, name_b = (name_p, name_q) if a is p else (name_q, name_p)
                out.add(
                    f"the words \u201c{_short(q.words)}\u201d are attributed to {name_a} and "
                    f"to {name_b}",
                    [a.span, b.span],
                    {"claims": [a.id, b.id], "speakers": [name_a, name_b],
                     "words": " ".join(short)},
                )  # fmt: skip
        return out


PARTNERS = 40  # quotes of one block each quote is compared with, on either side of it


def _partners(block: list[tuple[QuoteClaim, int]], at: int) -> list[tuple[QuoteClaim, int]]:
    """The entries of a block a quote (standing at ``at`` in it) meets: all of them, unless
    the same words are quoted more than ``2·PARTNERS`` times; then the nearest ``PARTNERS`` on
    either side. One quotation repeated with hundreds of speakers would otherwise cost (and
    report) every pair of them."""
    if len(block) <= 2 * PARTNERS + 1:
        return block
    return block[max(0, at - PARTNERS) : at + PARTNERS + 1]


class _SpeakerNames:
    """The speaker of a quote as written ("Pete Hegseth"), found again only for the documents
    a rule asks about."""

    def __init__(self, graph: ClaimGraph) -> None:
        self.graph = graph
        self.by_doc: dict[str, dict[int, str | None]] = {}
        self._named: dict[str, str | None] = {}

    def named(self, quote: QuoteClaim) -> str | None:
        """The speaker as written when the text names them, else None; read once per quote,
        however many quotes it is compared with."""
        if quote.id not in self._named:
            name = self.of(quote)
            unnamed = self.graph.lexicon.unnamed_speakers
            self._named[quote.id] = name if is_named(name, unnamed) else None
        return self._named[quote.id]

    def of(self, quote: QuoteClaim) -> str | None:
        doc_id = quote.document_id
        if doc_id not in self.by_doc:
            text = self.graph.document(doc_id).text
            self.by_doc[doc_id] = {q.start: q.name for q in find_quotes(text)}
        return self.by_doc[doc_id].get(quote.span.start)


# -- FC402 ----------------------------------------------------------------------------------

_Opcode = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class _Reference:
    """A passage a draft quote may have been copied from: a whole source, or an earlier
    quote of the same draft (``owner``: that draft's id)."""

    document: Document
    words: Words
    owner: str | None = None
    claim: QuoteClaim | None = None


@dataclass(frozen=True)
class _Alignment:
    reference: _Reference
    ratio: float
    changes: list[tuple[str, str]]  # (source words, draft words); "" for none
    diff: str
    start: int  # offsets of the matched passage in the reference's document
    end: int
    words_changed: list[tuple[tuple[str, ...], tuple[str, ...]]]  # normalised, per change


class _ReferenceIndex:
    """Where each less common word occurs in the references: a draft quote is aligned only
    with the stretches that share its words (its diagonals), so the cost grows with the
    matches, not with drafts × sources × quotes."""

    def __init__(self, refs: Sequence[_Reference], quoted: Sequence[QuoteClaim]) -> None:
        self.refs = list(refs)
        self.quoted: dict[str, list[QuoteClaim]] = defaultdict(list)
        for q in quoted:
            self.quoted[q.document_id].append(q)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for r, ref in enumerate(self.refs):
            for i, word in enumerate(ref.words.words):
                if word not in _COMMON:
                    self.postings[word].append((r, i))

    def candidates(self, quote: QuoteClaim, words: Words) -> list[tuple[_Reference, int]]:
        """(reference, diagonal) pairs where the quote may sit, best first: a diagonal ``d``
        puts the quote's word i at the reference's word ``d + i``."""
        votes: Counter[tuple[int, int]] = Counter()
        probes = 0
        for i, word in enumerate(words.words):
            posts = self.postings.get(word)
            if i in words.editorial or not posts or len(posts) > _MAX_POSTINGS:
                continue
            probes += 1
            for r, j in posts:
                if self._usable(self.refs[r], quote):
                    votes[(r, j - i)] += 1
        if not votes:
            return []
        # A word left out or added shifts the diagonal by one: count the neighbours too.
        smoothed = {(r, d): sum(votes.get((r, d + s), 0) for s in range(-3, 4)) for r, d in votes}
        need = min(2, probes)
        ranked = sorted(smoothed.items(), key=lambda kv: (-kv[1], kv[0]))
        picked: list[tuple[int, int]] = []
        for (r, d), score in ranked:
            if score < need or len(picked) >= 4:
                break
            if not any(p == r and abs(pd - d) <= 3 for p, pd in picked):
                picked.append((r, d))
        return [(self.refs[r], d) for r, d in picked]

    def clip(self, ref: _Reference, lo: int, hi: int, anchor: int) -> tuple[int, int]:
        """Keep the window ``lo:hi`` of the reference's words inside the quote that holds word
        ``anchor``, if one does: the words around a quote are not the speaker's."""
        words = ref.words
        if ref.claim is not None or not words.spans:
            return lo, hi
        at = words.spans[min(max(anchor, 0), len(words.spans) - 1)][0]
        quote = next((q for q in self.quoted.get(ref.document.id, [])
                      if q.span.start <= at < q.span.end), None)  # fmt: skip
        if quote is None:
            return lo, hi
        starts = [span[0] for span in words.spans]
        first = bisect.bisect_left(starts, quote.span.start)
        last = bisect.bisect_left(starts, quote.span.end)
        return max(lo, first), min(hi, last)

    def said(self, ref: _Reference, start: int, end: int) -> QuoteClaim | None:
        """The quote the passage lies in, if any: the words are on record as quoted."""
        if ref.claim is not None:
            return ref.claim
        spans = self.quoted.get(ref.document.id, [])
        return next((q for q in spans if q.span.start < end and start < q.span.end), None)

    @staticmethod
    def _usable(ref: _Reference, quote: QuoteClaim) -> bool:
        if ref.owner is None:
            return True
        other = ref.claim
        return (
            ref.owner == quote.document_id
            and other is not None
            and other.span.start < quote.span.start
            and not (other.attribution and quote.attribution
                     and other.attribution != quote.attribution)
        )  # fmt: skip


def _trim(opcodes: Sequence[_Opcode]) -> list[_Opcode]:
    """Drop the source's words before and after the quote (context, not a change)."""
    ops = list(opcodes)
    while ops and ops[0][0] == "insert":
        ops = ops[1:]
    while ops and ops[-1][0] == "insert":
        ops = ops[:-1]
    if ops and ops[0][0] == "replace":
        tag, i1, i2, j1, j2 = ops[0]
        ops = [(tag, i1, i2, max(j1, j2 - (i2 - i1)), j2), *ops[1:]]
    if ops and ops[-1][0] == "replace":
        tag, i1, i2, j1, j2 = ops[-1]
        ops = [*ops[:-1], (tag, i1, i2, j1, min(j2, j1 + (i2 - i1)))]
    return ops


def _surface(text: str, w: Words, lo: int, hi: int) -> str:
    if lo >= hi:
        return ""
    return " ".join(text[w.spans[lo][0] : w.spans[hi - 1][1]].split())


def _align(quote: Words, draft_text: str, ref: _Reference, lo: int, hi: int) -> _Alignment | None:
    source, words = ref.document, ref.words
    lo, hi = max(lo, 0), min(hi, len(words.words))
    window = words.words[lo:hi]
    ops = _trim(SequenceMatcher(None, quote.words, window, autojunk=False).get_opcodes())
    if not ops:
        return None
    matched = q_len = s_len = 0
    first = last = None
    changes: list[tuple[str, str]] = []
    pieces: list[str] = []
    words_changed: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for tag, i1, i2, j1, j2 in ops:
        j1, j2 = j1 + lo, j2 + lo
        draft_part = _surface(draft_text, quote, i1, i2)
        if i1 in quote.gaps and i1 > 0:
            pieces.append("…")
        if tag == "equal":
            matched += i2 - i1
        elif _ignored(tag, quote, words, i1, i2, j1, j2):
            if draft_part:
                pieces.append(draft_part)
            continue
        else:
            source_part = _surface(source.text, words, j1, j2)
            changes.append((source_part, draft_part))
            words_changed.append((tuple(words.words[j1:j2]), tuple(quote.words[i1:i2])))
            pieces.append(
                (f"[-{source_part}-]" if source_part else "")
                + (f"{{+{draft_part}+}}" if draft_part else "")
            )
        q_len += i2 - i1
        s_len += j2 - j1
        if j2 > j1:
            first = j1 if first is None else first
            last = j2
        if tag == "equal":
            pieces.append(draft_part)
    if first is None or last is None or q_len + s_len == 0:
        return None
    return _Alignment(
        reference=ref,
        ratio=2 * matched / (q_len + s_len),
        changes=changes,
        diff=" ".join(pieces),
        start=words.spans[first][0],
        end=words.spans[last - 1][1],
        words_changed=words_changed,
    )


def _ignored(tag: str, quote: Words, words: Words, i1: int, i2: int, j1: int, j2: int) -> bool:
    """Words an ellipsis leaves out, and the editor's bracketed words on either side."""
    if tag == "insert" and i1 in quote.gaps:
        return True
    if i2 > i1 and all(i in quote.editorial for i in range(i1, i2)):
        return True
    return j2 > j1 and all(j in words.editorial for j in range(j1, j2))


# Indirect speech shifts tense and person ("we will" → "they would"): when the source reports
# the words without quotation marks, such a shift alone is not a change of words.
_SHIFTS = frozenset(
    {("would", "will"), ("was", "is"), ("were", "are"), ("had", "has"), ("had", "have"),
     ("could", "can"), ("should", "shall"), ("might", "may"), ("was", "am")}
    | {(o, d) for o in ("he", "she", "they") for d in ("i", "we")}
    | {(o, d) for o in ("his", "her", "their") for d in ("my", "our")}
    | {(o, d) for o in ("him", "her", "them") for d in ("me", "us")}
)  # fmt: skip


def _meaningful(source: tuple[str, ...], draft: tuple[str, ...], quoted: bool) -> bool:
    """A change that alters what the speaker said: not "a" for "the", and, against a source
    that reports the words indirectly, not "would" for "will"."""
    if all(w in _FUNCTION for w in (*source, *draft)):
        return False
    if not quoted and len(source) == len(draft):
        return any(pair not in _SHIFTS for pair in zip(source, draft, strict=True))
    return True


def _describe_changes(changes: list[tuple[str, str]]) -> str:
    parts = []
    for source_part, draft_part in changes[:3]:
        if source_part and draft_part:
            parts.append(f"\u201c{source_part}\u201d became \u201c{draft_part}\u201d")
        elif source_part:
            parts.append(f"\u201c{source_part}\u201d was left out")
        else:
            parts.append(f"\u201c{draft_part}\u201d was added")
    if len(changes) > 3:
        parts.append(f"{len(changes) - 3} more")
    return ", ".join(parts)


def _with_a_partner(
    lengths: dict[str, int], graph: ClaimGraph, min_similarity: float
) -> dict[str, int]:
    """Without sources a quote can only be compared with another quote of its draft, and two
    quotes of m and n words are at most 2·min/(m+n) alike: keep those long enough to match."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for claim_id, n in lengths.items():
        by_doc[graph.claims[claim_id].document_id].append(n)
    for sizes in by_doc.values():
        sizes.sort()
    floor = min_similarity / (2 - min_similarity) * 0.9  # a margin for the rough word counts

    def partners(claim_id: str, n: int) -> int:
        """Quotes of the same draft whose length is within the ratio (itself included)."""
        sizes = by_doc[graph.claims[claim_id].document_id]
        return bisect.bisect_right(sizes, n / floor) - bisect.bisect_left(sizes, n * floor)

    return {claim_id: n for claim_id, n in lengths.items() if partners(claim_id, n) > 1}


class Misquote(RuleType):
    """A draft quotes a source with changed words.

    Each quote of a draft (at least ``min_words`` words) is aligned with the words of every
    source, quoted or not (a transcript need not use quotation marks), and with the draft's
    own earlier quotes, where they share less common words. When the best match is not the
    same words but is at least ``min_similarity`` alike (matched words over all words, as
    difflib counts it) and a word that carries meaning was changed, added or left out, the
    quote is flagged with the word-level difference.
    """

    kind = "quote.misquote"
    targets = frozenset({"quote"})

    class Options(RuleOptions):
        min_words: int = Field(default=6, ge=3)
        min_similarity: float = Field(default=0.8, gt=0.5, lt=1.0)

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        assert isinstance(self.options, Misquote.Options)
        out = FindingBuilder(ctx)
        graph = ctx.graph
        drafts = {d.id for d in graph.documents.values() if d.role == "draft"}
        least = self.options.min_words
        # Cheap first: whitespace words (normalising adds a few) before the real ones.
        lengths = {
            q.id: n
            for q in graph.quotes()
            if q.document_id in drafts and (n := len(q.words.split())) >= least - 2
        }
        if not any(d.role == "source" for d in graph.documents.values()):
            lengths = _with_a_partner(lengths, graph, self.options.min_similarity)
        quotes = [
            (q, w)
            for q in graph.quotes()
            if q.id in lengths and (w := words_of(q.words, q.span.start)).own_words >= least
        ]
        if not quotes:
            return out
        refs = [
            _Reference(document=d, words=words_of(d.text))
            for d in graph.documents.values()
            if d.role == "source"
        ]
        refs += [
            _Reference(document=graph.document(q.document_id), words=w, owner=q.document_id,
                       claim=q)
            for q, w in quotes
        ]  # fmt: skip
        index = _ReferenceIndex(refs, [q for q in graph.quotes() if q.document_id not in drafts])
        for quote, words in quotes:
            best = self._best(quote, words, index, graph.document(quote.document_id).text)
            if best is None:
                continue
            ref = best.reference
            passage = Span(
                document_id=ref.document.id,
                start=best.start,
                end=best.end,
                text=ref.document.text[best.start : best.end],
            )
            said = index.said(ref, best.start, best.end)
            where = f"the same quote earlier in {ref.document.id}" if ref.owner else ref.document.id
            out.add(
                f"the quote \u201c{_short(quote.words)}\u201d differs from {where}: "
                f"{_describe_changes(best.changes)}",
                [quote.span, passage],
                {"claims": [quote.id] + ([said.id] if said else []),
                 "source": ref.document.id, "similarity": round(best.ratio, 3),
                 "changed": [list(c) for c in best.changes], "diff": best.diff},
            )  # fmt: skip
        return out

    def _best(
        self, quote: QuoteClaim, words: Words, index: _ReferenceIndex, draft_text: str
    ) -> _Alignment | None:
        """The closest differing match; None when some reference has the same words (the
        draft quotes that one faithfully) or nothing is close enough."""
        assert isinstance(self.options, Misquote.Options)
        best: _Alignment | None = None
        n = len(words.words)
        slack = 4 + (60 if words.gaps else 0)
        for ref, d in index.candidates(quote, words):
            lo, hi = index.clip(ref, d - 4, d + n + slack, d + n // 2)
            found = _align(words, draft_text, ref, lo, hi)
            if found is None or found.ratio < self.options.min_similarity:
                continue
            quoted = index.said(ref, found.start, found.end) is not None
            if not any(_meaningful(a, b, quoted) for a, b in found.words_changed):
                return None  # the same words, as far as a reader is concerned
            if best is None or found.ratio > best.ratio:
                best = found
        return best
