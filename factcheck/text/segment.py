"""Sentence splitting for news copy, with codepoint offsets.

Our own splitter rather than syntok: on this machine syntok segments about 25,000 words a
second, which alone would cap ``check()`` at a quarter of its speed target. News copy needs few
rules: a sentence ends at . ! or ? (with any closing quotes or brackets) followed by a space
and a capital, digit or opening quote, unless the period belongs to an abbreviation. AP
abbreviations come in two kinds: those that always precede something (Gov., Sept., No.) never
end a sentence; those that may end one (U.S., D.C., a.m.) end it only before a word that
typically starts a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Titles, months and the like: a period after these never ends a sentence.
_NEVER_FINAL = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gov",
        "sen",
        "rep",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "rev",
        "prof",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "no",
        "nos",
        "vs",
        "jan",
        "feb",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "messrs",
        "maj",
        "cpl",
        "pvt",
        "brig",
        "supt",
        "det",
        "insp",
        "atty",
        "fr",
        "msgr",
        "dept",
        "univ",
        "approx",
        "est",
        "fig",
        "vol",
        "op",
        "art",
        "sec",
        "ch",
        "pp",
        "pt",
        "rs",  # rupees: "Rs. 500 crore"
    ]
)
# Abbreviations that can end a sentence: end it only before a typical sentence starter.
_MAYBE_FINAL = frozenset(
    [
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "d.c",
        "a.m",
        "p.m",
        "inc",
        "corp",
        "co",
        "ltd",
        "l.a",
        "n.y",
        "u.s.a",
        "etc",
        "bros",
    ]
)
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "its",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "after",
        "before",
        "when",
        "while",
        "as",
        "if",
        "since",
        "although",
        "though",
        "however",
        "meanwhile",
        "still",
        "also",
        "officials",
        "police",
        "authorities",
        "earlier",
        "later",
        "now",
        "today",
        "yesterday",
        "last",
        "some",
        "many",
        "most",
        "several",
        "both",
        "all",
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "what",
        "who",
        "why",
        "how",
        "where",
    ]
)
# The first branch starts only at the first mark of a run ("?!…"): tried inside a run it can
# only fail as it did at the run's start, and doing so at every mark of a long run of full
# stops took time quadratic in the run.
_BOUNDARY = re.compile(
    r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n[ \t]*\n\s*"
    # A space left out after a full stop: "published by Nintendo.The game", "last year."The".
    r"|(?P<glued>\.(?<=[a-z]{2}\.)[\"”]?(?=[A-Z][a-z]))"
    # A full stop left out: "opens on Dec. 25, 2014 That includes …", a word that starts
    # sentences capitalised after a lower-case word or a figure, and a lower-case word after.
    r"|(?P<run_on> (?=(?:The|That|This|These|Those|It|He|She|They|We|His|Her|Its|Their|There"
    r"|But|And|In|On|At|For|After|When|While|If|Since|However|Meanwhile|Even)\s+[a-z])"
    r"(?<=[a-z0-9] ))"
)
# Words that never end a sentence, so a capitalised word after them starts a title, not a
# sentence: "starred in In the Heat of the Night".
_NEVER_LAST = frozenset(
    "a an the in of on at by for from with to into about as and or but than".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z]+)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    if match.group("run_on"):
        words = text[max(0, match.start() - 12) : match.start()].split()
        return not words or words[-1].lower() not in _NEVER_LAST
    if mark.startswith("\n") or mark[0] in "!?…":
        return True
    if not mark.startswith("."):
        return True
    if mark.startswith("..."):
        return True
    before = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start() + 1)
    if before is None:
        return True
    word = before.group(1).lower()
    if word in _NEVER_FINAL:
        return False
    if len(word) == 1 and word.isalpha() and before.group(1).isupper():
        return False  # an initial: John F. Kennedy
    if word in _MAYBE_FINAL or word.rstrip(".") in _MAYBE_FINAL:
        nxt = _NEXT_WORD.match(text, match.end())
        return bool(nxt and nxt.group(1).lower() in _STARTERS)
    return True


class _QuoteParity:
    """Whether the straight quote mark at ``at`` opens a quotation: an even number of them
    stand before it in its line. Asked with offsets that do not decrease, it counts each
    stretch of the text once; counting back to the line's start each time is quadratic in a
    long line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line_start = 0
        self.count = 0  # straight quote marks in text[line_start:at]

    def opens(self, at: int) -> bool:
        text = self.text
        if at < self.at:  # not asked in order: count from the line's start
            line_start = text.rfind("\n", 0, at) + 1
            return text.count('"', line_start, at) % 2 == 0
        newline = text.rfind("\n", self.at, at)
        if newline != -1:
            self.line_start, self.count = newline + 1, text.count('"', newline + 1, at)
        else:
            self.count += text.count('"', self.at, at)
        self.at = at
        return self.count % 2 == 0


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with codepoint offsets, surrounding whitespace trimmed."""
    sentences: list[Sentence] = []
    paragraph = 0
    start = 0
    quotes = _QuoteParity(text)

    def emit(end: int) -> None:
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            sentences.append(Sentence(s, e, text[s:e], paragraph))

    for match in _BOUNDARY.finditer(text):
        if not _is_boundary(text, match):
            continue
        end = match.end()
        if match.group().startswith("\n"):
            emit(match.start())
            paragraph += 1
        elif match.group("glued") == '."' and quotes.opens(match.start() + 1):
            end = match.start() + 1  # 'last year."The film …': the quote opens the next one
            emit(end)
        else:
            emit(end)
        start = end
    emit(len(text))
    return sentences
