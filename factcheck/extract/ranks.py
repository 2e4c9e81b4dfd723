"""The place of a named thing in a series: "Queen, her fourth studio album", "Confessions on a
Dance Floor is the tenth studio album by Madonna", "the tenth highest-grossing film".

A rank is read only when the sentence names what holds it: a title in capitals right before
"is the …" or before a comma and a possessive ("The Salt Road, her second novel"), or right
after the series and a comma ("her fourth studio album, Queen"). The series is the words
after the ordinal up to its head noun; its owner the name after "by", "of" or "from", or the
name in a possessive before the ordinal ("Madonna's", not "her": a pronoun owns nothing
nameable). Two ranks are of one series when the heads agree, neither names an owner the other
does not share, and one's modifiers hold the other's ("second full-length album" and "third
full-length studio album" are one series; a "live album" and a "studio album" are not), and
so do the words that qualify it after the head ("the 23rd film in the Bond series" and "the
third film directed by Mendes" are two series; "of 2018" and "of 2019" too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from factcheck.extract.dates import TIME_WORDS
from factcheck.extract.numbers import PLACING_VERB
from factcheck.text.wordnet import inflected_verb, lemma
from factcheck.text.years import YEAR_WORD

RANK = "rank"  # the measure family of a place in a series

# A title: capitalised words, with the short words titles keep in lower case between them.
_CAP = r"[A-Z0-9][\w'’.:!?&-]*"
_TITLE = rf"{_CAP}(?:\s+(?:(?:of|on|a|an|the|and|in|to|for|at|from|with|by)\s+)*{_CAP})*"
_POSSESSOR = r"(?:(?i:his|her|its|their|the)|(?:the\s+)?[A-Za-z][\w.-]*(?:'s|’s|'))"
# "Queen is the …", "Queen was her …", "Queen, her …" before the ordinal
_HOLDER_BEFORE = re.compile(
    rf"(?P<item>{_TITLE})(?:\s+(?:is|was|as|became|becomes|remains|remained|(?:has|had)\s+become)"
    r"|\s*,)\s+"
    rf"(?P<owner>{_POSSESSOR})\s+$"
)
_OWNED_BEFORE = re.compile(rf"\b(?P<owner>{_POSSESSOR})\s+$")
# The words after the ordinal that may name the series: up to four, cut by ``_series``.
_SERIES = re.compile(r"\s+(?P<words>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3})")
_STOP = frozenset(
    """by of from in on for to at with since after before and or but that which who as than
    is was were are has had have this its their his her the a an""".split()
)
# "by American rock band Marilyn Manson": the owner is the last name of the run.
_OWNER_AFTER = re.compile(r"^\s+(?:by|of|from)\s+(?P<words>[\w'’. -]{1,60})")
_NAME = re.compile(r"\b[A-Z][\w'’-]*")
# "her fourth studio album, Queen," / "…, Queen." / "…, Queen, which" / "…, Queen won"
_ITEM_AFTER = re.compile(
    rf"^\s*,\s+(?P<item>{_TITLE})\s*"
    r"(?:[,.;)]|$|\s+(?:was|is|won|reached|came|topped|sold|debuted)\b)"
)
# What qualifies the series after its head, up to the clause's end: "in the James Bond series",
# "directed by Sam Mendes", "of 2019". Two ranks whose qualifiers neither hold the other's
# are of two series.
_TAIL = re.compile(r"[^,.;:()]{0,60}")
_WORD = re.compile(r"[\w'’-]+")
_SUPERLATIVE = re.compile(r"^(?:most|least|best|worst|[a-z]+est)$")
_PRONOUNS = frozenset({"his", "her", "its", "their", "the"})
# Rankings redrawn as a season goes on, as the lemma of a contest's head: a place in one is a
# standing, not a result.
_RUNNING = frozenset({"table", "standing", "chart", "leaderboard", "poll"})
# A place in a contest or a ranking: "Okafor finished second in the 400m final", "In the final,
# Okafor came sixth", "Corvania ranked 12th in the index". The holder is the name before the
# verb; the contest is named after "in" or "at", or by the phrase that opens the sentence.
_PLACING_BEFORE = re.compile(rf"(?P<holder>{_TITLE})\s+{PLACING_VERB}\s+$")
# "this year's index", "last season's league": the edition, before the contest's name.
_CONTEST = (
    r"(?:the\s+|(?P<edition>(?i:this|last|next)\s+(?i:year|season|month|week))(?:'s|’s)\s+)?"
    r"(?P<words>[A-Za-z0-9][\w-]*(?:\s+[A-Za-z0-9][\w-]*){0,3})"
)
# This year's edition of a ranking is the one news copy means when it names none; a season, a
# month or a week is not (a league table or a chart changes within one).
_THIS_YEAR = re.compile(r"\bthis\s+year\b", re.IGNORECASE)
# "12th out of 180 countries in the index": the field's size may stand before the contest.
_FIELD = r"(?:\s+(?:out\s+)?of\s+(?:the\s+)?\d[\d,]*\s+[A-Za-z]+)?"
_CONTEST_AFTER = re.compile(rf"{_FIELD}\s+(?:place\s+)?(?:in|at)\s+{_CONTEST}")
_CONTEST_OPENING = re.compile(rf"\s*(?:In|At)\s+{_CONTEST}\s*,")
# What a contest or a ranking is of or for: part of its name, not a circumstance of the place.
_CONTEST_QUALIFIER = re.compile(
    r"\s+(?:for|of)\s+(?:the\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}"
)


def _has_year(words: frozenset[str]) -> bool:
    return any(YEAR_WORD.fullmatch(w) for w in words)


@dataclass(frozen=True)
class Rank:
    """A place in a series: the thing that holds it, the series, and the series' owner."""

    title: str  # as written, without a leading "The": "Salt Road"
    head: str  # the series' head noun, as a lemma: "album"
    modifiers: frozenset[str]  # the words before the head: {"studio"}
    owner: str | None  # a name ("madonna"), or None when only a pronoun says whose
    tail: frozenset[str]  # the words that qualify the series after it: {"bond", "series"}
    # A standing that changes over time: "the tenth highest-grossing film", a place in a league
    # table or a chart.
    standing: bool
    placing: bool = False  # a place in a contest ("finished second in the final")
    contest: str = ""  # a contest's name as written, lower case: "ostrel press freedom index"

    @property
    def series(self) -> str:
        if self.contest:
            return self.contest
        words = [*sorted(self.modifiers), self.head]
        return " ".join(words) + (f" by {self.owner.title()}" if self.owner else "")

    @property
    def item(self) -> str:
        # A contest's holder by the last word of the name: "Ama Okafor", then "Okafor".
        return (self.title.split()[-1] if self.placing else self.title).lower()

    def same_series(self, other: Rank) -> bool:
        if self.item != other.item or self.head != other.head:
            return False
        if self.owner and other.owner and self.owner != other.owner:
            return False
        same = _nested(self.modifiers, other.modifiers) and _nested(self.tail, other.tail)
        if self.placing or other.placing:
            # Contests come round again ("the league", "the Boston Marathon"): a time said of
            # either ("in 2019", "last season", "on Sunday") must be said of both; "this year"
            # is no time (``_placing``).
            timed = (self.tail | other.tail) & TIME_WORDS or _has_year(self.tail | other.tail)
            return same and self.placing == other.placing and (not timed or self.tail == other.tail)
        return same


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


def rank_at(sentence: str, start: int, end: int, not_names: frozenset[str]) -> Rank | None:
    """The rank the ordinal at ``sentence[start:end]`` gives a named thing, if it gives one;
    ``not_names``: the capitalised words a title does not start with (``Lexicon.not_names``)."""
    placed = _PLACING_BEFORE.search(sentence, max(0, start - 80), start)
    if placed:
        return _placing(sentence, placed, end, not_names)
    series = _SERIES.match(sentence, end)
    words = _series(sentence, series) if series else []
    if not words:
        return None
    before = sentence[max(0, start - 120) : start]
    after = sentence[words[-1].end() :]
    held = _HOLDER_BEFORE.search(before)
    if held:
        item, possessor = held.group("item"), held.group("owner")
    else:
        owned = _OWNED_BEFORE.search(before)
        named = _ITEM_AFTER.match(after) if owned else None
        if owned is None or named is None:
            return None
        item, possessor = named.group("item"), owned.group("owner")
    title = _title(item, not_names)
    if title is None:
        return None
    modifiers = frozenset(part for w in words[:-1] for part in w.group().lower().split("-") if part)
    return Rank(
        title=title,
        head=lemma(words[-1].group().lower(), "n"),
        modifiers=modifiers,
        owner=_owner(possessor, after),
        tail=_tail_words(after),
        standing=any(_SUPERLATIVE.match(w) for w in modifiers),
    )


def _placing(
    sentence: str, placed: re.Match[str], end: int, not_names: frozenset[str]
) -> Rank | None:
    """The place a named holder finished in a contest named in the sentence, if one is. Its
    tail holds the words after the contest, every year the sentence names and the times said of
    the place elsewhere in it (before the holder, or as the edition: "last year's", "the
    previous"; "this year" is none), so that two places in one contest held at two times are
    told apart (``Rank.same_series``)."""
    title = _title(placed.group("holder"), not_names)
    found = _CONTEST_AFTER.match(sentence, end) or _CONTEST_OPENING.match(sentence)
    words = _series(sentence, found) if found else []
    # A time word is no part of a contest's name: before it, it says which edition ("the
    # previous index"); after it, when ("the index last year").
    lead = next((i for i, w in enumerate(words) if not _is_time(w)), None)
    if title is None or found is None or lead is None:
        return None
    name = list(takewhile(lambda w: not _is_time(w), words[lead:]))
    edition = found.group("edition")
    said = [w.group() for w in words[:lead]]
    if edition and not _THIS_YEAR.fullmatch(edition):
        said += edition.split()
    # Times said before the holder count as much as those after the contest ("Last year,
    # Corvania ranked 12th in the index").
    said += _WORD.findall(_THIS_YEAR.sub("", sentence[: placed.start()]))
    words = name
    after = sentence[words[-1].end() :]
    head = lemma(words[-1].group().lower(), "n")
    qualified = _CONTEST_QUALIFIER.match(after)
    if qualified:  # "the index for economic freedom" is another index than "the index"
        head = f"{head} {' '.join(qualified.group().lower().split())}"
        after = after[qualified.end() :]
    named = " ".join([*(w.group().lower() for w in words[:-1]), head])
    return Rank(
        title=title,
        head=head,
        modifiers=frozenset(w.group().lower() for w in words[:-1]),
        owner=None,
        tail=_tail_words(_THIS_YEAR.sub("", after))
        | frozenset(YEAR_WORD.findall(sentence))
        | (frozenset(lemma(w, "n") for w in said) & TIME_WORDS),
        standing=head.split()[0] in _RUNNING,
        placing=True,
        contest=named,
    )


def _is_time(word: re.Match[str]) -> bool:
    return word.group().lower() in TIME_WORDS


def _tail_words(after: str) -> frozenset[str]:
    """The words that qualify a series or a contest after its head, up to the clause's end,
    less the function words: {"bond", "series"} of "in the Bond series"."""
    tail = _TAIL.match(after)
    return frozenset(
        w.lower() for w in _WORD.findall(tail.group() if tail else "") if w.lower() not in _STOP
    )


def _series(sentence: str, found: re.Match[str]) -> list[re.Match[str]]:
    """The series' words: up to a word that cannot belong to it ("by", "was"), without a verb
    that ends the run ("her second novel won …")."""
    words = list(_WORD.finditer(sentence, found.start("words"), found.end("words")))
    cut = next((i for i, w in enumerate(words) if w.group().lower() in _STOP), len(words))
    words = words[:cut]
    while words and inflected_verb(words[-1].group()) is not None:
        words.pop()
    return words


def _title(item: str, not_names: frozenset[str]) -> str | None:
    """The title without capitalised words that only open the sentence ("In 2018, Queen")."""
    words = item.rstrip(".,;:").split()  # "… album, Queen." ends the sentence, not the title
    while words and words[0] in not_names and len(words) > 1:
        words = words[1:]
    if not words or words[0] in not_names:
        return None
    return " ".join(words)


def _owner(possessor: str | None, after: str) -> str | None:
    by = _OWNER_AFTER.match(after)
    names = _NAME.findall(by.group("words")) if by else []
    if names:
        return names[-1].lower()
    if possessor is None or possessor.lower() in _PRONOUNS:
        return None
    name = re.sub(r"(?:'s|’s|')$", "", possessor.split()[-1])
    return name.lower()
