"""Quoted passages and who said them; who a sentence's claims are attributed to.

Speakers are normalised to a short key so that two mentions of one source compare equal:
a proper name becomes its last word ("Defense Secretary Pete Hegseth" → "hegseth"), a common
noun its head ("the president" → "president"). ``Quote.name`` keeps the speaker as written, so
that a rule can tell a named person from a role or a pronoun (``is_named``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.text import wordnet
from factcheck.text.fold import fold
from factcheck.text.trie import trie_pattern
from factcheck.timeline import WEEKDAYS

if TYPE_CHECKING:  # only for the annotation; importing it here would be circular
    from factcheck.extract.lexicon import Lexicon

_PAIRS = {"“": "”", '"': '"', "«": "»"}
_OPEN = re.compile(r"[“\"«]")
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|del|van|von|bin|al))*"
# A word that is no speaker's noun: "the state had confirmed" names no source "had".
_NOT_NOUN = r"(?!had\b|has\b|have\b|was\b|were\b|is\b|are\b|will\b|would\b|also\b)"
_SOURCE = (
    rf"(?:{_NAME}|(?:the|a|an|his|her|their|local|state|federal)\s+{_NOT_NOUN}[a-z]+"
    rf"(?:\s+{_NOT_NOUN}[a-z]+)?"
    # whole words: "he" is not the start of "health minister Dara Pell"
    r"|(?:he|she|they|officials|police|authorities|organizers|organisers|witnesses|residents"
    r"|rescuers)\b)"
)
_VERBS = trie_pattern(
    """said says told added adds explained noted wrote stated insisted argued warned claimed
    asked replied tweeted posted declared announced continued recalled""".split()
)
# An adverb between a speaker and the verb: "Hegseth later said".
_ADVERB = r"(?:\s+(?:later|also|then|again|earlier|once|[a-z]+ly))?"
# Lower-case words before a name after the verb: "said county fire chief Dana Orr".
_ROLE_WORDS = r"(?:[a-z][a-z-]*\s+){1,3}"
# An apposition after a name: "Ruth Anso, the agency's director," / "Ana Dreyer, 44, …,".
# No sentence end inside: a full stop only within an abbreviation ("the U.S. envoy").
_APPOSITION = r"(?:,\s*(?:[^,\"“”«».!?]|(?<=[A-Z])\.|\.(?!\s)){1,60}){1,3},"
_AFTER_QUOTE = re.compile(
    rf"^[\s,]*(?:(?P<s1>{_SOURCE}){_ADVERB}\s+(?:{_VERBS})\b"
    rf"|(?:{_VERBS})\s+(?P<s2>{_SOURCE}|{_ROLE_WORDS}{_NAME})"
    rf"|(?P<s3>{_NAME}){_APPOSITION}\s+(?:{_VERBS})\b"
    rf"|according\s+to\s+(?P<s4>{_SOURCE}))"
)
# Before a quote: first the verb that must end the text ("Osk told reporters:"), then, only if
# there is one, the speaker just before it; a single pattern searched over the whole stretch
# would be tried at every offset.
_VERB_AT_END = re.compile(rf"\b(?:{_VERBS})(?:\s+\w+)?\s*[:,]?\s*$")
_SOURCE_AT_END = re.compile(rf"(?P<s>{_SOURCE}){_ADVERB}\s+$")
_NAME_IN_APPOSITION_AT_END = re.compile(rf"(?P<a>{_NAME}){_APPOSITION}\s+$")
_ANY_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_VERB_WORD = re.compile(rf"(?:{_VERBS})\b")
_APPOSED_SOURCE = re.compile(rf"(?:^|(?<=[\s(]))(?P<s>{_SOURCE}){_APPOSITION}\s*$")
_TALLIED_SOURCE = re.compile(rf"(?:the\s+)?(?P<s>{_SOURCE})")
_SOURCE_BEFORE_VERB = re.compile(rf"(?P<s>{_SOURCE})\s*$")
_ACCORDING = re.compile(rf"\baccording\s+to\s+(?P<s>{_SOURCE})")
# A day between a speaker and the verb: "Norland Foods on Wednesday posted …" (the speaker is
# the company, not "Wednesday").
_DAY_BEFORE_VERB = re.compile(
    rf"\s+(?:(?:late|early)\s+)?(?:on\s+)?(?:{'|'.join(WEEKDAYS)})"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*$",
    re.IGNORECASE,
)
_TAIL_SAID = re.compile(rf"(?:^|,\s*)(?:{_VERBS})\s+(?P<s>{_SOURCE})\s*[.!?]?[\"”’]?$")
_SUBJECT_START = re.compile(
    rf"^(?:(?P<s>{_NAME})|(?P<c>the\s+[a-z]+))\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|s)\b"
)
_ORG_WORDS = re.compile(
    r"\b(?:Nations|Institute|Ministry|Service|Board|Agency|Department|Council|Commission|"
    r"Union|Organization|Organisation|Committee|Party|Office|Bureau|Authority|Fund|Bank)$"
)
_TALLY = re.compile(
    r"^(?:a|an|the)\s+(?:tally|count|report|estimate|statement|survey|analysis)\s+(?:by|from)\s+"
)
_STOP_WORDS = frozenset({"the", "a", "an", "his", "her", "their", "local", "state", "federal"})
# The text between a quote's attribution and the next quote when that quote goes on in the
# same voice: `"…," Tam said. "…"` or `"…," said Ruth Anso, the director. "…"`.
_CONTINUATION_GAP = re.compile(r"^[^\"“”«»\n.!?]{0,160}[.,!?;:]\s*$")


_RUN_ON = re.compile(r"\b([A-Za-z][a-z]+)\.\s")
_TITLES = frozenset(
    "mr mrs ms dr gov sen rep gen col lt capt sgt cmdr adm rev prof st jr sr".split()
)


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the first quoted character (after the mark)
    end: int
    speaker: str | None  # the speaker's key (see ``speaker_key``)
    name: str | None = None  # the speaker as written: "Defense Secretary Pete Hegseth"


def speaker_key(raw: str | None) -> str | None:
    """Normalise a source to a short key; None when there is nothing to normalise."""
    if not raw:
        return None
    raw = re.sub(r"^(?:the|The)\s+", "", raw.strip())
    if re.fullmatch(r"(?:[A-Z]\.){2,}", raw):
        return raw.replace(".", "").lower()  # "U.N." → "un"
    if _ORG_WORDS.search(raw) and raw[0].isupper() and len(raw.split()) > 1:
        return "".join(w[0] for w in raw.split() if w[0].isupper()).lower()  # "United Nations"
    words = [w.strip(".,'’") for w in raw.split()]
    words = [w for w in words if w and w.lower() not in _STOP_WORDS]
    if not words:
        return None
    last = words[-1]
    if last.lower().endswith(("'s", "’s")):
        last = last[:-2]
    return last.lower()


def is_named(raw: str | None, unnamed: frozenset[str]) -> bool:
    """True when a speaker as written is a proper name ("Pete Hegseth", "the U.N."), not a
    pronoun, a role ("the president") or a group ("officials", "Police"): ``unnamed``, the
    lexicon's ``unnamed_speakers``."""
    if not raw:
        return False
    words = re.sub(r"^(?:the|The)\s+", "", raw.strip()).split()
    if not words or not words[-1][:1].isupper():
        return False
    return (speaker_key(raw) or "") not in unnamed


class _Forward:
    """``text.find(needle, start)`` for starts that do not decrease, each stretch of text read
    once: without it a quote mark never closed sends every later mark to the end of the text."""

    def __init__(self, text: str, needle: str) -> None:
        self.text, self.needle = text, needle
        self.start = 0
        self.found: int | None = None  # the answer for ``self.start``; None: not asked yet

    def find(self, start: int) -> int:
        if start < self.start:
            return self.text.find(self.needle, start)
        if self.found is None or (self.found != -1 and self.found < start):
            self.found = self.text.find(self.needle, start)
        self.start = start
        return self.found


class _Backward:
    """``text.rfind(needle, 0, end)`` for ends that do not decrease, each stretch read once."""

    def __init__(self, text: str, needle: str) -> None:
        self.text, self.needle = text, needle
        self.end = 0
        self.last = -1  # the answer for ``self.end``

    def rfind(self, end: int) -> int:
        if end < self.end:
            return self.text.rfind(self.needle, 0, end)
        # Only the new stretch, from where a needle could straddle the old end.
        since = max(0, self.end - len(self.needle) + 1)
        found = self.text.rfind(self.needle, since, end)
        self.end, self.last = end, found if found != -1 else self.last
        return self.last


class _QuoteText:
    """A text and what ``find_quotes`` asks of it again and again, answered in time linear in
    the text however many quotes share one long sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.close = {mark: _Forward(text, mark) for mark in set(_PAIRS.values())}
        self.paragraph = _Forward(text, "\n\n")
        self.full_stop = _Backward(text, ". ")
        self.newline = _Backward(text, "\n")
        self._verbs: tuple[list[int], list[int]] | None = None
        self._subjects: dict[int, re.Match[str] | None] = {}

    def sentence_start(self, at: int) -> int:
        return max(self.full_stop.rfind(at) + 2, self.newline.rfind(at) + 1)

    def has_verb(self, start: int, end: int) -> bool:
        """Whether ``_ANY_VERB.search(text[start:end])`` finds a verb, for a ``start`` after a
        space or a newline (or at 1) and an ``end`` at a quote mark, so that the word
        boundaries of the slice are those of the text."""
        if self._verbs is None:
            found = [(m.start(), m.end()) for m in _ANY_VERB.finditer(self.text)]
            self._verbs = ([a for a, _ in found], [b for _, b in found])
        starts, ends = self._verbs
        k = bisect.bisect_left(starts, start)
        if k < len(starts) and ends[k] <= end:
            return True
        # The slice's first word has a boundary before it even when the text's does not.
        return start == 1 and _VERB_WORD.match(self.text, 1, end) is not None

    def subject(self, start: int, end: int) -> re.Match[str] | None:
        """``_SUBJECT_START`` on the sentence from ``start`` to the quote mark at ``end``. It
        cannot read across a quote mark, so every quote of one sentence has the same: read
        once per sentence."""
        if start not in self._subjects:
            self._subjects[start] = _SUBJECT_START.match(self.text[start:end])
        return self._subjects[start]


def _speaker_near(index: _QuoteText, open_at: int, close_at: int) -> tuple[str | None, bool]:
    """The speaker of the quote between the marks at ``open_at`` and ``close_at`` as written,
    and whether it was found after the quote ("…," said X)."""
    text = index.text
    after = text[close_at + 1 : close_at + 160]
    am = _AFTER_QUOTE.match(after)
    if am:
        raw = am.group("s1") or am.group("s2") or am.group("s3") or am.group("s4")
        return _trim_role_words(raw), True
    before = text[max(0, open_at - 160) : open_at]
    vm = _VERB_AT_END.search(before)
    if vm:
        head = before[: vm.start()]
        bm = _SOURCE_AT_END.search(head, max(0, len(head) - 80))
        if bm:
            return _last_sentence(bm.group("s")), False
        bm = _NAME_IN_APPOSITION_AT_END.search(head)
        if bm:
            return bm.group("a"), False
    # `Trump … said the cartels "killed …"`: the subject of the quote's sentence.
    sentence_start = index.sentence_start(open_at)
    if index.has_verb(sentence_start, open_at):
        sm = index.subject(sentence_start, open_at)
        if sm:
            return sm.group("s") or sm.group("c"), False
    return None, False


def _clean_name(raw: str | None) -> str | None:
    """Cut a name that ran on into the next sentence ("Rosa Menn. A vote …") or took the
    sentence's full stop."""
    if raw is None:
        return None
    for m in _RUN_ON.finditer(raw):
        if m.group(1).lower() not in _TITLES:
            return raw[: m.start() + len(m.group(1))]
    last = raw.split()[-1] if raw.split() else ""
    if len(last) > 3 and last.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", last):
        return raw[:-1]  # "Dana Orr." at the end of a sentence; "Jr." keeps its period
    return raw


def _last_sentence(raw: str) -> str:
    """A name read back from a verb may begin in the sentence before ("… on Monday. Omar Seld
    said:" reads "Monday. Omar Seld"): the part after the last full stop that ends a word."""
    cut = None
    for m in _RUN_ON.finditer(raw):
        if m.group(1).lower() not in _TITLES:
            cut = m.end()
    return raw[cut:] if cut is not None else raw


def _trim_role_words(raw: str) -> str:
    """ "county fire chief Dana Orr" → "Dana Orr"; other sources unchanged."""
    m = re.match(r"^(?:[a-z][a-z-]*\s+)+(?=[A-Z])", raw)
    if m and m.group().split()[0] not in _STOP_WORDS:
        return raw[m.end() :]
    return raw


def find_quotes(text: str) -> list[Quote]:
    """Quoted passages in a text, each with its speaker when the text names one nearby.

    A quote that goes on after its attribution (`"…," Tam said. "…"`) keeps the speaker.
    """
    quotes: list[Quote] = []
    pos = 0
    previous: tuple[int, str | None] | None = None  # (closing mark, name) when said after it
    index = _QuoteText(text)
    while True:
        m = _OPEN.search(text, pos)
        if m is None:
            break
        end = index.close[_PAIRS[m.group()]].find(m.end())
        para = index.paragraph.find(m.end())
        if end == -1 or (para != -1 and para < end):
            pos = m.end()
            continue
        name, said_after = _speaker_near(index, m.start(), end)
        if name is None and previous is not None:
            gap = text[previous[0] + 1 : m.start()]
            if _CONTINUATION_GAP.match(gap):
                name = previous[1]
        name = _clean_name(name)
        quotes.append(Quote(m.end(), end, speaker_key(name), name))
        previous = (end, name) if said_after else None
        pos = end + 1
    return quotes


class SentenceSources:
    """Who each sentence reports (``sentence_source``), read once per sentence text for all
    the extractors of one document that ask."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._found: dict[str, str | None] = {}

    def of(self, sentence: str) -> str | None:
        if sentence not in self._found:
            self._found[sentence] = sentence_source(sentence, self.lexicon)
        return self._found[sentence]


def sentence_source(sentence: str, lexicon: Lexicon) -> str | None:
    """Who the sentence reports: "according to X", "X said …", "…, said X"."""
    m = _ACCORDING.search(sentence)
    if m:
        rest = sentence[m.start("s") :]
        tally = _TALLY.match(rest)
        if tally:
            inner = _TALLIED_SOURCE.match(rest, tally.end())
            if inner:
                return speaker_key(inner.group("s"))
        return speaker_key(m.group("s"))
    m = _TAIL_SAID.search(sentence)
    if m:
        return speaker_key(m.group("s"))
    for verb in lexicon.reporting_verbs.finditer(fold(sentence)):
        head = sentence[max(0, verb.start() - 60) : verb.start()]
        if _ends_place_name(head, sentence[verb.start() : verb.end()]):
            continue  # "in the United States": a name, not a source that states
        day = _DAY_BEFORE_VERB.search(head)
        sm = _SOURCE_BEFORE_VERB.search(head, 0, day.start()) if day else None
        sm = sm or _SOURCE_BEFORE_VERB.search(head)
        if sm:
            return speaker_key(sm.group("s"))
        # "The organisers, the Coastal Towns Alliance, said …": the head before the apposition.
        if head.rstrip().endswith(","):
            am = _APPOSED_SOURCE.search(sentence, max(0, verb.start() - 120), verb.start())
            if am:
                return speaker_key(am.group("s"))
    return None


_LAST_CAPITALISED = re.compile(r"([A-Z][\w.'’-]*)\s+$")


def _ends_place_name(head: str, verb: str) -> bool:
    """The capitalised verb word ends a known place's name: "United States", not "Company Says"."""
    last = _LAST_CAPITALISED.search(head) if verb[:1].isupper() else None
    return last is not None and wordnet.place(f"{last.group(1)} {verb}") is not None
