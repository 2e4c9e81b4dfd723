"""Quoted passages and who said them; who a sentence's claims are attributed to.

Speakers are normalised to a short key so that two mentions of one source compare equal:
a proper name becomes its last word ("Defense Secretary Pete Hegseth" → "hegseth"), a common
noun its head ("the president" → "president").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.extract.lexicon import Lexicon

_PAIRS = {"“": "”", '"': '"', "«": "»"}
_OPEN = re.compile(r"[“\"«]")
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|del|van|von|bin|al))*"
_SOURCE = (
    rf"(?:{_NAME}|(?:the|a|an|his|her|their|local|state|federal)\s+[a-z]+"
    r"(?:\s+(?!had\b|has\b|have\b|was\b|were\b|is\b|are\b|will\b|would\b|also\b)[a-z]+)?"
    r"|he|she|they|officials|police|authorities|organizers|organisers|witnesses|residents"
    r"|rescuers)"
)
_VERBS = (
    r"said|says|told|added|adds|explained|noted|wrote|stated|insisted|argued|warned|claimed|"
    r"asked|replied|tweeted|posted|declared|announced|continued|recalled"
)
_AFTER_QUOTE = re.compile(
    rf"^[\s,]*(?:(?P<s1>{_SOURCE})\s+(?:{_VERBS})\b|(?:{_VERBS})\s+(?P<s2>{_SOURCE}))"
)
_BEFORE_QUOTE = re.compile(rf"(?P<s>{_SOURCE})\s+(?:{_VERBS})(?:\s+\w+)?\s*[:,]?\s*$")
_ACCORDING = re.compile(rf"\baccording\s+to\s+(?P<s>{_SOURCE})")
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


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the first quoted character (after the mark)
    end: int
    speaker: str | None


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


def find_quotes(text: str) -> list[Quote]:
    """Quoted passages in a text, each with its speaker when the text names one nearby."""
    quotes: list[Quote] = []
    pos = 0
    while True:
        m = _OPEN.search(text, pos)
        if m is None:
            break
        close = _PAIRS[m.group()]
        end = text.find(close, m.end())
        para = text.find("\n\n", m.end())
        if end == -1 or (para != -1 and para < end):
            pos = m.end()
            continue
        after = text[end + 1 : end + 120]
        before = text[max(0, m.start() - 120) : m.start()]
        speaker = None
        am = _AFTER_QUOTE.match(after)
        if am:
            speaker = am.group("s1") or am.group("s2")
        else:
            bm = _BEFORE_QUOTE.search(before)
            if bm:
                speaker = bm.group("s")
        if speaker is None:
            # `Trump … said the cartels "killed …"`: the subject of the quote's sentence.
            sentence_start = max(
                text.rfind(". ", 0, m.start()) + 2, text.rfind("\n", 0, m.start()) + 1
            )
            head = text[sentence_start : m.start()]
            if re.search(rf"\b(?:{_VERBS})\b", head):
                sm = _SUBJECT_START.match(head)
                if sm:
                    speaker = sm.group("s") or sm.group("c")
        quotes.append(Quote(m.end(), end, speaker_key(speaker)))
        pos = end + 1
    return quotes


def sentence_source(sentence: str, lexicon: Lexicon) -> str | None:
    """Who the sentence reports: "according to X", "X said …", "…, said X"."""
    m = _ACCORDING.search(sentence)
    if m:
        rest = sentence[m.start("s") :]
        tally = _TALLY.match(rest)
        if tally:
            inner = re.match(rf"(?:the\s+)?(?P<s>{_SOURCE})", rest[tally.end() :])
            if inner:
                return speaker_key(inner.group("s"))
        return speaker_key(m.group("s"))
    m = _TAIL_SAID.search(sentence)
    if m:
        return speaker_key(m.group("s"))
    for verb in lexicon.reporting_verbs.finditer(sentence):
        head = sentence[max(0, verb.start() - 60) : verb.start()]
        sm = re.search(rf"(?P<s>{_SOURCE})\s*$", head)
        if sm:
            return speaker_key(sm.group("s"))
    return None
