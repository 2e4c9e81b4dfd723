"""Dates and times in news copy: AP-style spans found by our own patterns, tied to events.

The spans come from the patterns below, never from a library's date search, which reads "May"
the verb, "the 737" or "9/11" as dates. Each span is parsed here and placed on the calendar by
``factcheck.timeline`` against the document's ``published_at`` and the tense of its clause
("Wednesday" after "said" is the latest Wednesday on or before publication, after "will" the
coming one). Without a publication date only what the text fixes by itself is resolved
("Sept. 14, 2025", "in 2019", "the 1990s").

Each date is also tied to the event of its clause ("the strike, which took place late
Tuesday" → strike), unless it dates the reporting ("Hegseth said Wednesday") or bounds a
period ("since early September").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Literal, NamedTuple

from factcheck.extract.lexicon import (
    DatesFile,
    Lexicon,
    ScopeFile,
    lexicon_files,
    load_lexicon,
    phrase_regex,
    singular,
)
from factcheck.model import DateClaim, Document, Modality, Span
from factcheck.text import wordnet
from factcheck.text.attribution import Quote, SentenceSources
from factcheck.text.fold import fold
from factcheck.text.segment import Sentence
from factcheck.text.trie import trie_pattern
from factcheck.timeline import DAY_OFFSETS, WEEKDAYS, ParsedDate, place, published_day

Relation = Literal["at", "since", "until", "by", "before", "after"]
Reference = Literal["definite", "named", "indefinite", "distinct", "plural", "verb"]

MONTH_OF = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# The words that say when: the calendar's and the relative ones ("last season", "this week").
TIME_WORDS = (
    frozenset(MONTH_OF)
    | frozenset(WEEKDAYS)
    | frozenset(
        """season year week month day quarter today yesterday tonight morning afternoon evening
        night last previous next earlier later""".split()
    )
)

# -- the patterns ---------------------------------------------------------------------------

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# AP abbreviates Jan., Feb., Aug., Sept., Oct., Nov. and Dec. before a day; other copy also
# writes Mar., Apr., Sep. or drops the period.
_MON = (
    rf"(?:{_MONTH_NAME}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
    r"|(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)(?=\s\d))"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:%]|[.,]\d)"
# A year is not a count: "on Oct. 3, 2000 troops" is no date of the year 2000.
_YEAR = (
    r"(?:1[6-9]\d\d|20\d\d)(?![\d%]|[.,]\d|\s+(?!was\b|is\b|has\b|as\b|its\b|this\b|thus\b)"
    r"[a-z]+s\b)"
)
_REL = r"(?i:last|next|this\s+past|this\s+coming|this)"
_PART = r"(?i:early|late|earlier|later)"
_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|an?"
    r"|a\s+few|several|a\s+couple\s+of)"
)

_ALTERNATIVES = [
    # "Monday, Jan. 9, 2026", "Sept. 14", "Oct. 3-5", "Oct. 30-Nov. 2", "Jan. 9, a Friday"
    rf"""(?P<full>(?:(?P<f_part>{_PART})\s+)?(?:(?P<f_wd>{_WD}),?\s+)?
        (?P<f_mon>{_MON})\s+(?P<f_day>{_DAY})
        (?:\s?[-–]\s?(?:(?P<f_mon2>{_MON})\s+)?(?P<f_day2>{_DAY}))?
        (?:\s?,?\s+(?P<f_year>{_YEAR}))?
        (?:,?\s+(?:a|which\s+was\s+a)\s+(?P<f_wd2>{_WD})\b)?)""",
    # "14 September 2025", "Monday, 9 January 2026", "the 14th of September"
    rf"""(?P<dmy>(?:(?P<d_wd>{_WD}),?\s+)?(?<![\d,.$£€])(?P<d_day>{_DAY})\s+(?:of\s+)?
        (?P<d_mon>{_MONTH_NAME})\b(?:\s?,?\s+(?P<d_year>{_YEAR}))?)""",
    # "early September", "mid-October", "October 2025", "last March", "in May" (cue checked)
    rf"""(?P<month>(?:(?P<m_rel>{_REL})\s+
        |(?P<m_part>(?i:early|mid|late|the\s+(?:end|start|beginning|middle)\s+of))[-\s]+)?
        (?P<m_mon>{_MONTH_NAME})\b(?:,?\s+(?P<m_year>{_YEAR}))?)""",
    # "Wednesday", "late Tuesday", "earlier Wednesday", "last Friday", "Monday night"
    rf"""(?P<weekday>(?:(?P<w_rel>{_REL})\s+|(?P<w_part>{_PART})\s+)?(?P<w_wd>{_WD})
        (?:\s+(?P<w_tod>morning|afternoon|evening|night))?\b)""",
    # "the 1990s", "the late 1980s"
    r"""(?P<decade>(?i:the)\s+(?:(?P<c_part>(?i:early|mid|late))[-\s]+)?
        (?P<c_year>(?:1[5-9]|20)\d0)['’]?s\b)""",
    # "in 2019", "since 2019", "early 2020", "mid-2024"
    rf"""(?P<year>(?P<y_prep>(?i:in|since|during|until|till|by|through|before|after|from
        |early|mid|late))[-\s]+(?P<y_year>{_YEAR}))""",
    # "is a 1995 video game": a year that classes the subject (the words before are checked)
    rf"""(?P<label>(?P<l_year>{_YEAR})(?=\s+[A-Za-z]))""",
    # "yesterday", "last week", "earlier this month", "this year"
    r"""(?P<rel>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday
        |today|tonight|tomorrow|last\s+night|overnight|this\s+(?:morning|afternoon|evening)
        |(?:earlier|later)\s+this\s+(?:week|month|year)
        |(?:last|this|next)\s+(?:weekend|week|month|year))\b)""",
    # "three weeks ago", "a fortnight ago"
    rf"""(?P<ago>(?P<a_n>\d{{1,3}}|(?i:{_NUMBER_WORD}))\s+(?P<a_unit>(?i:days?|weeks?|months?
        |years?|decades?))\s+(?i:ago)\b|(?i:a\s+fortnight\s+ago)\b)""",
    # "2:15 a.m.", "10 p.m.", "noon"
    r"""(?P<clock>(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.|a\.m\b|p\.m\b)
        |(?i:noon|midnight)\b)""",
]
_DATES = re.compile(r"(?<![\w'’-])(?<!\d[,.])(?:" + "|".join(_ALTERNATIVES) + ")", re.VERBOSE)

# A month named alone is a date only after a cue: "in May", not "May" the verb or the name.
_MONTH_CUE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|during|through|throughout|from|before|after|between"
    r"|early|late|mid))[\s-]+$"
)
# A year that classes the subject: "Tarnlight is a 1995 puzzle game" says when it is from,
# and dates no event. Not "the 2012 Games" beside "the 1984 Games": labels of two things.
_CLASSED_AS = re.compile(r"\b(?:is|was|are|were)\s+an?\s+$")
LABEL = "label"
# Weekdays inside names: "Black Friday", "Super Tuesday", "Bloody Sunday".
_NAMED_DAY = re.compile(
    r"\b(?:Black|Good|Super|Ash|Bloody|Easter|Palm|Cyber|Holy|Maundy|Shrove|Giving)\s+$"
)
# A clock time joined to its day: "2:15 a.m. Tuesday", "Tuesday at 2:15 a.m.".
_TIME_BEFORE_DAY = re.compile(r"^(?:\s*,)?\s+(?:on\s+)?$")
_DAY_BEFORE_TIME = re.compile(r"^(?:\s*,)?\s+(?:at\s+|around\s+|about\s+)?$")


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    parsed: ParsedDate


def _month(word: str) -> int:
    return MONTH_OF[word.lower().rstrip(".")]


def _int_day(text: str) -> int:
    return int(text.rstrip("stndrh"))  # "22nd" → 22


def _weekday(word: str | None) -> int | None:
    return WEEKDAYS.index(word.lower()) if word else None


def _lower(word: str | None) -> str | None:
    return " ".join(word.lower().split()) if word else None


def _parse_match(m: re.Match[str], before: str, standalone: bool) -> ParsedDate | None:
    """The ParsedDate of one match; None when the words are not a date after all."""
    g = m.groupdict()
    if g["full"]:
        wd = g["f_wd"] or g["f_wd2"]
        if g["f_wd"] and not g["f_part"] and _NAMED_DAY.search(before):
            wd = g["f_wd2"]  # "Black Friday, Nov. 28": a name, not a weekday to check
        return ParsedDate(
            "date",
            month=_month(g["f_mon"]),
            day=_int_day(g["f_day"]),
            month2=_month(g["f_mon2"]) if g["f_mon2"] else None,
            day2=_int_day(g["f_day2"]) if g["f_day2"] else None,
            year=int(g["f_year"]) if g["f_year"] else None,
            weekday=_weekday(wd),
            part=_lower(g["f_part"]) if wd else None,
        )
    if g["dmy"]:
        return ParsedDate(
            "date",
            month=_month(g["d_mon"]),
            day=_int_day(g["d_day"]),
            year=int(g["d_year"]) if g["d_year"] else None,
            weekday=_weekday(g["d_wd"]),
        )
    if g["month"]:
        if not (
            standalone or g["m_rel"] or g["m_part"] or g["m_year"] or _MONTH_CUE.search(before)
        ):
            return None
        part = _lower(g["m_part"])
        if part and part.startswith("the "):
            part = part.split()[1]  # "the end of October" → end
        return ParsedDate(
            "month",
            month=_month(g["m_mon"]),
            year=int(g["m_year"]) if g["m_year"] else None,
            part=part,
            rel=_lower(g["m_rel"]),
        )
    if g["weekday"]:
        if not g["w_rel"] and not g["w_part"] and _NAMED_DAY.search(before):
            return None
        return ParsedDate(
            "weekday",
            weekday=_weekday(g["w_wd"]),
            part=_lower(g["w_part"]),
            rel=_lower(g["w_rel"]),
            night=g["w_tod"] == "night",
        )
    if g["decade"]:
        return ParsedDate("decade", year=int(g["c_year"]), part=_lower(g["c_part"]))
    if g["year"]:
        prep = (g["y_prep"] or "").lower()
        is_part = prep in ("early", "mid", "late")
        return ParsedDate(
            "year",
            year=int(g["y_year"]),
            part=prep if is_part else None,
            bound=None if is_part else prep,
        )
    if g["label"]:
        if not _CLASSED_AS.search(before):
            return None
        return ParsedDate("year", year=int(g["l_year"]), bound=LABEL)
    if g["rel"]:
        phrase = " ".join(g["rel"].lower().split())
        return ParsedDate(
            "relative", phrase=phrase, night=phrase in ("tonight", "last night", "overnight")
        )
    if g["ago"]:
        return ParsedDate("ago", phrase=" ".join(g["ago"].lower().split()))
    return ParsedDate("clock", phrase=" ".join(m.group().lower().split()))


# Scanning a whole text with the patterns above costs far more than finding the words every
# date contains (a month, a weekday, a year, "week", "ago", "a.m.") and trying the patterns
# only at the few words before each of them.
_TRIGGERS = re.compile(
    trie_pattern(
        [*(m.capitalize() for m in MONTH_OF), *(d.capitalize() for d in WEEKDAYS)]
        + [w for word in ("yesterday", "today", "tonight", "tomorrow", "overnight", "ago",
                          "fortnight", "noon", "midnight", "week", "weekend", "month", "year",
                          "night", "morning", "afternoon", "evening")
           for w in (word, word.capitalize())]
    )
)  # fmt: skip
_YEAR_TRIGGER = re.compile(r"(?:1[5-9]|20)\d\d")  # also "the 1990s"
# Words that may stand in a date before the word that triggered it.
_STARTERS = frozenset(
    """the a an in on since during until till by through before after from early mid late
    earlier later last this next past coming day of end start beginning middle couple few
    several one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety day days week weeks month months year years decade decades fortnight""".split()
)
_LOOK_BACK = 4  # words a date may have before its trigger: "a couple of weeks ago"


_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'’"
_OPENERS = "\"“‘'([{"


def _candidate_starts(text: str, at: int) -> list[int]:
    """Where a date covering offset ``at`` may start: the start of its word, then of up to
    four words before it that can open a date, earliest first."""
    lo = max(0, at - 48)
    rest = text[lo:at].rstrip(_WORD_CHARS)
    starts = [lo + len(rest)]
    for _ in range(_LOOK_BACK):
        trimmed = rest.rstrip(" \t,-–")  # a spaced hyphen: "mid - 1946"
        if len(trimmed) == len(rest) or not trimmed:
            break
        k = max(trimmed.rfind(" "), trimmed.rfind("\n"), trimmed.rfind("\t")) + 1
        token = trimmed[k:]
        word = token.lstrip(_OPENERS).lower()  # '"Last night', "(3:30 a.m."
        opens = word in _STARTERS or word.split("-")[0] in _STARTERS or word in WEEKDAYS
        if not (opens or word[:1].isdigit()):
            break
        starts.append(lo + k + len(token) - len(word))
        if len(word) < len(token):
            break  # an opening quote or bracket: the date cannot start further back
        rest = trimmed[:k]
    return starts[::-1]


def _trigger_offsets(text: str) -> list[int]:
    # Three cheap scans rather than one: a trie of words alone lets the regex engine skip
    # ahead on their first letters, which a mixed pattern would not.
    size = len(text)
    at = [
        m.start()
        for m in _TRIGGERS.finditer(text)
        if not (m.start() and text[m.start() - 1].isalpha())
        and not (m.end() < size and text[m.end()].isalpha())  # "Marines", "weekly", "Chicago"
    ]
    at += [m.start() for m in _YEAR_TRIGGER.finditer(text)]
    for mark in ("a.m", "p.m"):
        i = text.find(mark)
        while i != -1:
            at.append(i)
            i = text.find(mark, i + 3)
    return sorted(at)


def find_dates(text: str) -> list[FoundDate]:
    """Every date and time span in a text, in order; a clock time next to its day is one span
    with it ("2:15 a.m. Tuesday")."""
    found: list[FoundDate] = []
    done = 0  # the end of the last date found: triggers inside it are part of it
    for at in _trigger_offsets(text):
        if at < done:
            continue
        for start in _candidate_starts(text, at):
            if start < done:
                continue
            m = _DATES.match(text, start)
            if m is None or m.end() <= at:
                continue
            parsed = _parse_match(m, text[max(0, start - 16) : start], standalone=False)
            if parsed is not None:
                found.append(FoundDate(m.start(), m.end(), parsed))
                done = m.end()
            break
    return _join_clock_times(text, found)


# A place between "born" or "died" and the date: "born in Santa Monica, California, on May 7",
# "died at her home in Wexburn on" (read here and by FC203).
LIFE_PLACE = (
    r"(?:\s+(?:in|at)\s+(?:(?:his|her|their|the)\s+)?(?:home|hospital|[A-Z][\w'’.-]*)"
    r"(?:(?:\s*,\s*|\s+)(?:[A-Z][\w'’.-]*|of|the|in))*\s*,?)?"
)
# A dateline: the place in capitals, the day the story was filed, maybe the agency, then a
# dash ("TARNBY, 9 October 2024 —", "KESSAN, Oct. 9, 2024 (Reuters) -"). Not capitalised
# words, even before a bracket: a headline ("On This Day, 4 May 1998 (Archive) -"), a caption
# or a greeting carries a date that is often not the day of publication.
_DATELINE_BEFORE = re.compile(r"\s*[A-Z][A-Z.'’ -]*[A-Z.](?:,\s*[A-Z][\w.'’ -]*)?,\s*")
# Not a dash between two dates: "ADA KELL, 3 March 1930 – 9 October 2024" is a lifespan.
_DATELINE_AFTER = re.compile(rf"\s*(?:\([^()\n]{{1,40}}\)\s*)?(?:—|–|--?)\s(?!\s*(?:\d|{_MON}))")
_DATELINE_REACH = 120  # characters: a dateline's date stands this near the start


def publication_day(document: Document) -> date | None:
    """The day a document was published: as its metadata says (``published_at``), else as the
    dateline that opens it says."""
    day = published_day(document)
    if day is not None:
        return day
    text = document.text
    found = find_dates(text[:_DATELINE_REACH])
    if not found or found[0].parsed.kind != "date":
        return None
    first = found[0]
    if _DATELINE_BEFORE.fullmatch(text, 0, first.start) is None:
        return None
    if _DATELINE_AFTER.match(text, first.end) is None:
        return None
    placed = place(first.parsed, None)  # a day with its year, or nothing
    if placed is None or placed.start != placed.end:
        return None
    return placed.start


def _join_clock_times(text: str, found: list[FoundDate]) -> list[FoundDate]:
    if not any(f.parsed.kind == "clock" for f in found):
        return found
    out: list[FoundDate] = []
    i = 0
    while i < len(found):
        cur = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None:
            gap = text[cur.end : nxt.start]
            if cur.parsed.kind == "clock" and _is_day(nxt) and _TIME_BEFORE_DAY.match(gap):
                out.append(FoundDate(cur.start, nxt.end, _at_hour(nxt.parsed, cur.parsed)))
                i += 2
                continue
            if nxt.parsed.kind == "clock" and _is_day(cur) and _DAY_BEFORE_TIME.match(gap):
                out.append(FoundDate(cur.start, nxt.end, _at_hour(cur.parsed, nxt.parsed)))
                i += 2
                continue
        out.append(cur)
        i += 1
    return out


_CLOCK = re.compile(r"(\d{1,2})(?::\d\d)?\s?([ap])")


def _at_hour(day: ParsedDate, clock: ParsedDate) -> ParsedDate:
    """A day with its clock time: late at night or in the small hours the day may be the
    next or the previous one in another time zone, as after "late" or "early"."""
    m = _CLOCK.match(clock.phrase)
    if m is None:
        return replace(day, night=True) if clock.phrase == "midnight" else day
    hour = int(m.group(1)) % 12 + (12 if m.group(2) == "p" else 0)
    if hour >= 21:
        return replace(day, night=True)
    if hour < 4:
        return replace(day, part="early")
    return day


def _is_day(f: FoundDate) -> bool:
    p = f.parsed
    if p.kind == "relative":
        return p.phrase in DAY_OFFSETS
    return p.kind in ("date", "weekday")


_NAME_WORDS = re.compile(
    r"\b(" + "|".join(sorted(set(MONTH_OF) | set(WEEKDAYS), key=len, reverse=True)) + r")\b"
)


def parse_expression(expression: str) -> ParsedDate | None:
    """Parse one date expression on its own ("Sept. 14, 2025", "oct. 3", "mid-october",
    "last week", "2024"); lower-case month and weekday names are accepted."""
    text = " ".join(expression.split())
    if re.fullmatch(r"(?:1[6-9]|20)\d\d", text):
        return ParsedDate("year", year=int(text))
    text = _NAME_WORDS.sub(lambda m: m.group(1).capitalize(), text)
    found = [f for f in _scan(text) if f.start == 0 and f.end == len(text.rstrip("."))]
    return found[0].parsed if found else None


def _scan(text: str) -> list[FoundDate]:
    out = []
    for m in _DATES.finditer(text):
        parsed = _parse_match(m, text[: m.start()], standalone=True)
        if parsed is not None:
            out.append(FoundDate(m.start(), m.end(), parsed))
    return _join_clock_times(text, out)


# -- the clause around a date: tense, bound, event ------------------------------------------

_FUTURE = re.compile(
    r"(?i:\b(?:will|won['’]t|shall|is\s+to|are\s+to|(?:is|are|was|were)\s+(?:due|set|"
    r"scheduled|expected|slated|planned|going)\s+to|plans?\s+to|intends?\s+to|next|upcoming|"
    r"scheduled\s+for|set\s+for)\b|['’]ll\b)"
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|took|made|came|went|began|met|held|struck|fell|rose|"
    r"won|lost|left|saw|gave|fought|spoke|wrote|sent|found|led|brought|shot|ran|[a-z]{2,}ed)\b"
)
_BOUND_BEFORE = re.compile(r"(?i:\b(since|from|until|till|through|before|after|by|as\s+of)\s+$)")
# "before the 8th of May": "the" before a day written as an ordinal; not before a year ("after
# the 2010 election" dates the election, not what came after it).
_BOUND_BEFORE_THE = re.compile(r"(?i:\b(since|until|before|after|by)\s+the\s+$)")
_ORDINAL_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)\b", re.IGNORECASE)
_RANGE_END = re.compile(r"(?i:\b(?:from|between)\s[^;]{1,40}\s(?:to|and|through)\s+$)")
# A date "before" or "after" which an event happened still dates that event ("released before
# 2014"); "since", "until" and "by" bound a period, not one event.
EVENT_RELATIONS: frozenset[Relation] = frozenset({"at", "before", "after"})
_BOUND_OF: dict[str, Relation] = {
    "since": "since", "from": "since", "until": "until", "till": "until", "through": "until",
    "before": "before", "after": "after", "by": "by",
}  # fmt: skip
_CLAUSE_BREAK = re.compile(
    r";|\s[—–]\s|:\s|\s+but\s|,\s+(?:and|but|while|whereas|when|where|after|before|because"
    r"|although|though|as|since|until)\s"
)
_REPORT_GAP = re.compile(
    r"^\s+(?:(?:on|earlier|later|late|early|in\s+a\s+statement|to\s+reporters|reporters"
    r"|journalists|the\s+media)\s+)*$",
    re.IGNORECASE,
)
_DEFINITE = frozenset({"the", "that", "this", "its", "their", "his", "her", "same"})
_ORDINAL = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|latest|last|next|"
    r"such|\d+(?:st|nd|rd|th))$",
    re.IGNORECASE,
)
_PUNCTUATION = re.compile(r"[,.;]")
_REACH = 120  # characters either side of a date in which its event is looked for
_NAMED_AFTER_NOUN = re.compile(r"^\s+(?:on\s+|of\s+)?$")
_NAMED_BEFORE_NOUN = re.compile(r"^(?:['’]s)?\s+(?:(?!the\b|a\b|an\b)[a-z-]+\s+)?$")
_VERB_FORMS = frozenset({"struck", "shut", "erupt", "walk out", "swearing-in"})


def _is_verb(word: str) -> bool:
    return word.split()[0].endswith("ed") or word in _VERB_FORMS


def _future(sentence: str, start: int, end: int) -> bool:
    """Whether the clause around a date speaks of the future: the nearest tense cue on its
    left decides ("will resume Friday"), else the nearest on its right ("On Friday, talks
    will resume"); with no cue, news copy is past."""
    left = sentence[max(0, start - 80) : start]
    cues = [(m.end(), True) for m in _FUTURE.finditer(left)]
    cues += [(m.end(), False) for m in _PAST.finditer(left)]
    if cues:
        return max(cues)[1]
    right = sentence[end : end + 80]
    fut = _FUTURE.search(right)
    past = _PAST.search(right)
    return fut is not None and (past is None or fut.start() < past.start())


def _needs_tense(p: ParsedDate) -> bool:
    if p.kind == "weekday":
        return p.rel not in ("last", "next", "this past", "this coming")
    return p.kind in ("date", "month") and p.year is None


@dataclass(frozen=True)
class DateLexicon:
    """dates.yml compiled: event words (ours and measures.yml's), one-time events, cues."""

    event_of_word: dict[str, str]
    event_words: re.Pattern[str]  # every event word and phrase, matched in lower case
    determiners: frozenset[str]
    once: frozenset[str]
    lasting: dict[str, re.Pattern[str]]  # event → phrases that show it lasts in a story
    changes: re.Pattern[str]
    not_events: frozenset[str]  # past forms and lemmas that name no event ("based", "be")
    life_before: re.Pattern[str]  # a birth or death right before a date: "died on" (FC203's)
    again: frozenset[str]  # words before a verb that make it another time ("also aired")
    known: frozenset[str]  # the events the lexicon names, whether once or lasting


@lru_cache(maxsize=8)
def date_lexicon(rule_paths: tuple[str, ...] = ()) -> DateLexicon:
    """dates.yml, with the incident nouns of scope.yml and the event words of measures.yml;
    the bundled files extended by ``<rule path>/lexicons/`` as in ``load_lexicon``."""
    files = lexicon_files(rule_paths)
    data, scope = files["dates"], files["scope"]
    assert isinstance(data, DatesFile) and isinstance(scope, ScopeFile)
    lex = load_lexicon(rule_paths)
    of_word: dict[str, str] = {}
    for noun in scope.incident.events:
        event = lex.event_of_word.get(noun.lower(), noun.lower())
        for form in (noun, noun + "s", noun + "es"):
            of_word[form.lower()] = event
    of_word.update(lex.event_of_word)
    of_word.update({w.lower(): event for event, words in data.events.items() for w in words})
    dets = _DEFINITE | {"a", "an", "one", "single", "latest"} | lex.distinct_cues
    return DateLexicon(
        event_of_word=of_word,
        event_words=re.compile(trie_pattern(of_word)),
        determiners=frozenset(dets),
        once=frozenset(data.once),
        lasting={event: phrase_regex(words) for event, words in data.lasting.items()},
        changes=phrase_regex(data.changes),
        not_events=frozenset(w.lower() for w in data.not_events),
        life_before=re.compile(
            rf"{phrase_regex(data.lives).pattern}{LIFE_PLACE}\s+(?:on\s+|in\s+)?$"
        ),
        again=frozenset(w.lower() for w in data.again),
        known=frozenset(of_word.values()),
    )


@lru_cache(maxsize=256)
def event_forms(event: str, rule_paths: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The words that name an event: "strike" → strike, strikes, airstrike, struck … (read once
    per event: FC202 asks for them for every pair it weighs)."""
    forms = {w for w, e in date_lexicon(rule_paths).event_of_word.items() if e == event}
    return tuple(sorted(forms | {event}))


class _Mention(NamedTuple):
    start: int
    end: int
    word: str
    det: str | None
    mod: str | None
    other: bool = False  # led by "after", "before" or "following": another event than the clause's


# Words that put an event beside the clause's own: "collapsed in June 1951 after a storm".
_OTHER_EVENT = frozenset({"after", "before", "following"})


_EDGE = "abcdefghijklmnopqrstuvwxyz0123456789-"
_STRIP = ".,;:()[]\"'“”‘’"


def _event_mentions(sentence: str, dlex: DateLexicon) -> list[_Mention]:
    """Event words in a sentence, each with its determiner ("the", "another") and the word
    between them ("the deadly strike", "the second strike")."""
    low = sentence.lower()
    found = []
    for m in dlex.event_words.finditer(low):
        start, end = m.span()
        if (start and low[start - 1] in _EDGE) or (end < len(low) and low[end] in _EDGE):
            continue  # inside a longer word: "striker", "airstrikes"
        before = [w.strip(_STRIP) for w in low[max(0, start - 50) : start].split()[-3:]]
        w0, w1, w2 = [None] * (3 - len(before)) + before
        det = mod = None
        leads: tuple[str | None, ...]
        if w2 in dlex.determiners:
            det, leads = w2, (w1,)
        elif w1 in dlex.determiners:
            det, mod, leads = w1, w2, (w0,)
        else:
            mod, leads = w2, (w1, w2)  # "after storms", "after heavy storms"
        other = not _OTHER_EVENT.isdisjoint(leads)
        found.append(_Mention(start, end, m.group(), det, mod, other))
    return found


def _outside(mentions: list[_Mention], dates: Sequence[FoundDate], at: int) -> list[_Mention]:
    """The event words of a sentence (starting at ``at`` in the text) that are no word of one
    of its dates: the "March" of "on March 17" is no march, whichever date it is read for.
    Both lists are in text order: one pass over each."""
    kept = []
    k = 0
    for m in mentions:
        while k < len(dates) and dates[k].end - at <= m.start:
            k += 1
        if k == len(dates) or m.end <= dates[k].start - at:
            kept.append(m)
    return kept


def _names(mention: _Mention, clause: str, span: tuple[int, int]) -> bool:
    """Whether the date names the event word beside it: "the strike on Tuesday", "Tuesday's
    strike", "the Oct. 3 strike"."""
    if mention.end <= span[0] and _NAMED_AFTER_NOUN.match(clause[mention.end : span[0]]):
        return True
    return span[1] <= mention.start and bool(
        _NAMED_BEFORE_NOUN.match(clause[span[1] : mention.start])
    )


def _reference(
    mention: _Mention, clause: str, span: tuple[int, int], lex: Lexicon, dlex: DateLexicon
) -> Reference:
    word = mention.word
    if _is_verb(word):
        return "verb"
    forms = dlex.event_of_word
    if word.endswith("s") and (word[:-1] in forms or word[:-2] in forms):
        return "plural"
    distinct = lex.distinct_cues
    if (mention.det and mention.det in distinct) or (
        mention.mod and (mention.mod in distinct or _ORDINAL.match(mention.mod))
    ):
        return "distinct"
    if _names(mention, clause, span):
        return "named"
    if clause.startswith(" of ", mention.end):
        return "named"  # "the collapse of the tunnel": which one, not the one already told
    if mention.det in _DEFINITE:
        return "definite"
    return "indefinite"


@dataclass(frozen=True)
class _Attachment:
    relation: Relation = "at"
    event: str | None = None
    reference: Reference | None = None


_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_NOT_PAST = ("ing", "s")  # "releasing", "releases": a verb, but not a past event
_VERB_REACH = 60  # characters between a date and the verb it dates, at most
_LIFE_REACH = 60  # characters before a date in which "died on", "born in" end
# A full stop before a capital: a sentence break the segmenter missed ("in 2010.In 2002").
_STOP = re.compile(r"\.\s*[A-Z]")
_AUXILIARY = frozenset({"was", "were", "is", "are", "has", "had", "have", "been", "be"})


def _open_verb(
    clause: str,
    s: int,
    e: int,
    dlex: DateLexicon,
    reports: list[re.Match[str]],
    stretches: _Stretches,
) -> tuple[tuple[int, int], str, Reference] | None:
    """How far (whether in another stretch, ``_Stretches.crossed``, then the gap), the lemma
    and the reference of the past-tense verb nearest a date in its clause ("was released on
    April 16", "On March 17, Ortiz signed"): WordNet's morphy tells an inflected verb
    ("released", "won", "sold") from other words. A verb the text says was done again ("also
    aired in 2006") is a distinct event."""
    best: tuple[tuple[int, int], str, Reference] | None = None
    for m in _WORD.finditer(clause, max(0, s - _VERB_REACH - 20), e + _VERB_REACH + 20):
        if s <= m.start() < e:
            continue  # a word of the date itself
        word = m.group()
        if word in dlex.not_events or word.endswith(_NOT_PAST):
            continue
        gap = s - m.end() if m.end() <= s else m.start() - e
        if gap > _VERB_REACH:
            continue
        far = (stretches.crossed(m.start(), m.end()), gap)
        if best is not None and far >= best[0]:
            continue
        base = wordnet.inflected_verb(word)
        if base is None or base in dlex.not_events:
            continue
        if _STOP.search(clause, min(m.end(), e), max(m.start(), s)):
            continue
        if _reported_apart(clause, _Mention(m.start(), m.end(), word, None, None), (s, e), reports):
            continue  # "On Tuesday, police said the man had fled": the date of the saying
        before = [w for w in clause[max(0, m.start() - 30) : m.start()].lower().split()[-3:]
                  if w not in _AUXILIARY]  # fmt: skip
        again = bool(before) and before[-1] in dlex.again
        best = (far, base, "distinct" if again else "verb")
    return best


# An inserted clause: a relative clause, a participle set off by commas on both sides ("the
# film, released on April 16, 2004, grossed …"), or parentheses. Words inside one do not date
# a date outside it, nor words outside one a date inside it.
_INSERT_OPEN = re.compile(
    r",\s+(?:(?=(?:which|who|whom|whose|that|where)\b)|(?=(?P<participle>[a-z]+ed)\b))|\("
)
# The comma that closes an inserted clause: not a date's own ("May 3, 1962"), which a year
# follows.
_INSERT_CLOSE = re.compile(r",(?!\s*\d{4}\b)|\)")


class _Stretches:
    """The inserted clauses of a clause, and which of them holds a date (``crossed``)."""

    def __init__(self, clause: str, s: int, e: int) -> None:
        spans: list[tuple[int, int]] = []
        for m in _INSERT_OPEN.finditer(clause):
            if m.start() < (spans[-1][1] if spans else 0):
                continue  # inside the last inserted clause
            participle = m.group("participle")
            if participle is not None and wordnet.inflected_verb(participle) is None:
                continue  # ", indeed,": no verb
            close = _INSERT_CLOSE.search(clause, m.end())
            while close is not None and s <= close.start() < e:
                close = _INSERT_CLOSE.search(clause, close.end())  # a comma of the date itself
            if close is None and participle is not None:
                continue  # ", killed 12 people on May 3." runs to the end: the main verb
            spans.append((m.start(), close.start() if close else len(clause)))
        self._clause = clause
        self.spans = spans
        self.date = self._of(s)

    def _of(self, at: int) -> int:
        return next((i for i, (lo, hi) in enumerate(self.spans) if lo <= at < hi), -1)

    def crossed(self, start: int, end: int) -> int:
        """1 when a word at ``clause[start:end]`` stands in another stretch than the date: in
        an inserted clause the date is not in, or outside the one it is in, unless it is the
        noun the clause tells of ("the attack, which militants carried out on May 3")."""
        where = self._of(start)
        if where == self.date:
            return 0
        if self.date >= 0:
            opens = self.spans[self.date][0]
            if end <= opens and not self._clause[end:opens].strip():
                return 0  # the clause's antecedent, just before its comma or bracket
        return 1


def _attach(
    sentence: str,
    start: int,
    end: int,
    parsed: ParsedDate,
    mentions: list[_Mention],
    lex: Lexicon,
) -> _Attachment:
    """How a date bears on its clause: a bound of a period, the time of the reporting, or the
    time of an event named in the clause, or a bound of that time ("released before 2014").
    ``mentions`` are the sentence's event words."""
    bound = parsed.bound
    if bound is None:
        bm = _BOUND_BEFORE.search(sentence, max(0, start - 12), start)
        if bm is None and _ORDINAL_DAY.match(sentence, start):
            bm = _BOUND_BEFORE_THE.search(sentence, max(0, start - 16), start)
        bound = " ".join(bm.group(1).lower().split()) if bm else None
    if bound is None and _RANGE_END.search(sentence, max(0, start - 60), start):
        return _Attachment("until")  # "from Oct. 3 to Oct. 5": the end of a period
    if bound == "as of":
        return _Attachment("by")
    if bound == LABEL:
        return _Attachment()
    relation: Relation = _BOUND_OF.get(bound, "at") if bound else "at"
    if relation not in EVENT_RELATIONS or parsed.kind == "clock":
        return _Attachment(relation)
    # The clause, looked for within a window: an event word further away is not its event.
    lo, hi = max(0, start - _REACH), min(len(sentence), end + _REACH)
    cuts = [lo, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence, lo, hi)), hi + 1]
    i = bisect.bisect_right(cuts, start) - 1
    c0, c1 = cuts[i], min(cuts[i + 1], hi)
    clause = sentence[c0:c1]
    s, e = start - c0, end - c0
    reports = list(lex.reporting_verbs.finditer(fold(clause)))
    for r in reports:
        if r.end() <= s and _REPORT_GAP.match(clause[r.end() : s]):
            return _Attachment(relation)  # "said Wednesday", "said earlier Wednesday"
        if r.start() >= e and not clause[e : r.start()].strip(" ,"):
            return _Attachment(relation)  # "police on Tuesday said"
    dlex = date_lexicon(lex.rule_paths)
    if dlex.life_before.search(clause, max(0, s - _LIFE_REACH), s):
        return _Attachment(relation)  # "Lock keeper Varr died on 2 October": FC203's date
    # The words of the date's own stretch first ("the bridge, which opened in June 1951,
    # collapsed in the storm": the opening, not the storm); of those, nouns first, then the
    # nearest. Another stretch's only when the date's has none.
    stretches = _Stretches(clause, s, e)
    best: tuple[int, int, int, _Mention] | None = None
    # Only the event words from the clause's start on (the mentions are in text order): a
    # sentence of many dates and event words would otherwise cost dates × words.
    for k in range(bisect.bisect_left(mentions, c0, key=lambda m: m.start), len(mentions)):
        mention = mentions[k]
        if mention.start > c1:
            break
        if mention.end > c1:
            continue
        mention = mention._replace(start=mention.start - c0, end=mention.end - c0)
        if mention.start < e and s < mention.end:
            continue  # a word of the date itself: the month in "March 4, 1931"
        if _reported_apart(clause, mention, (s, e), reports):
            continue
        if mention.other and not _names(mention, clause, (s, e)):
            continue  # "collapsed in June 1951 after a storm": the storm is not dated
        gap = max(0, s - mention.end if mention.end <= s else mention.start - e)
        crossed = stretches.crossed(mention.start, mention.end)
        key = (crossed, int(_is_verb(mention.word)), gap, mention)
        if best is None or key[:3] < best[:3]:
            best = key
    if best is None or best[0] or best[1]:
        # No event word, one in another stretch, or only a verb of the lexicon: a nearer verb
        # of any kind dates the date ("After the party was dissolved in March 1964, its
        # newspaper closed"); a noun of another stretch yields only to a verb of the date's.
        verb = _open_verb(clause, s, e, dlex, reports, stretches)
        if verb is not None:
            if best is None:
                nearer = True
            elif best[1]:  # a verb of the lexicon: the nearer of the two
                nearer = verb[0] < (best[0], best[2])
            else:  # a noun of another stretch: only a verb of the date's
                nearer = verb[0][0] < best[0]
            if nearer:
                return _Attachment(relation, verb[1], verb[2])
        if best is None:
            return _Attachment(relation)
    mention = best[3]
    event = dlex.event_of_word.get(mention.word) or singular(mention.word)
    return _Attachment(relation, event, _reference(mention, clause, (s, e), lex, dlex))


# The words between two dates of one clause whose verb is left out the second time: ", and in
# Tarsk on", " and on", ", then in Lisk on".
_ELLIPSIS = re.compile(
    r"^,?\s+(?:and|or|then|and\s+then)\s+(?:(?:in|at)\s+(?:[A-Z][\w'’-]*\s+){1,3})?(?:on|in)\s+$"
)


def _carried(tie: _Attachment, previous: DateClaim, between: str, sentence: int) -> _Attachment:
    """The event of the date before, when this one only repeats its clause without the verb
    ("launched in Velm on Jan. 8, 2025, and in Tarsk on Jan. 10, 2025")."""
    if (
        previous.sentence.start != sentence
        or previous.event is None
        or tie.relation not in EVENT_RELATIONS
        or not _ELLIPSIS.match(between)
    ):
        return tie
    return _Attachment(tie.relation, previous.event, previous.reference)


def _reported_apart(
    clause: str, mention: _Mention, span: tuple[int, int], reports: list[re.Match[str]]
) -> bool:
    """Whether a reporting verb separates a date from an event word: "On Tuesday, police said
    the strike …" dates the saying, and in "Tuesday, fire officials said" the event word is
    part of who said it. A parenthetical "the strike, residents said, came on Saturday" does
    not separate them."""
    for r in reports:
        if mention.start >= span[1]:
            if span[1] <= r.start() and r.end() <= mention.start:
                return True
            gap = clause[mention.end : r.start()]
            if 0 <= r.start() - mention.end <= 25 and not _PUNCTUATION.search(gap):
                return True  # the event word names the speaker: "fire officials said"
        elif mention.end <= r.start() and r.end() <= span[0]:
            parenthetical = clause[r.end() : r.end() + 1] == ","
            if not parenthetical:
                return True
    return False


def _modality(sentence: str, start: int, attribution: str | None, lex: Lexicon) -> Modality:
    left = sentence[max(0, start - 40) : start]
    if lex.negations.search(fold(left)):
        return "negated"
    lo = max(0, start - 100)
    cut = max(0, lo - 1)  # the character before the window, which the look-behind reads
    if lex.conditionals.search(fold(sentence[cut:start]), lo - cut):
        return "conditional"
    if lex.hedges.search(left):
        return "hedged"
    return "reported" if attribution else "asserted"


# -- claims ---------------------------------------------------------------------------------


def extract_dates(
    document: Document,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    lexicon: Lexicon,
    sources: SentenceSources,
) -> list[DateClaim]:
    """Every date and time in one document, resolved where it can be, with its event."""
    text, doc_id = document.text, document.id
    found = find_dates(text)
    if not found:
        return []
    anchor = publication_day(document)
    starts = [s.start for s in sentences]
    quote_starts = [q.start for q in quotes]
    date_starts = [f.start for f in found]
    mentions: dict[int, list[_Mention]] = {}
    dlex = date_lexicon(lexicon.rule_paths)
    claims: list[DateClaim] = []
    for f in found:
        at = bisect.bisect_right(starts, f.start) - 1
        if at < 0 or f.start >= sentences[at].end:
            continue
        sent = sentences[at]
        local, local_end = f.start - sent.start, min(f.end, sent.end) - sent.start
        parsed = f.parsed
        future = anchor is not None and _needs_tense(parsed)
        placed = place(parsed, anchor, future and _future(sent.text, local, local_end))
        if at not in mentions:
            lo = bisect.bisect_left(date_starts, sent.start)
            hi = bisect.bisect_left(date_starts, sent.end, lo)
            mentions[at] = _outside(_event_mentions(sent.text, dlex), found[lo:hi], sent.start)
        tie = _attach(sent.text, local, local_end, parsed, mentions[at], lexicon)
        if tie.event is None and claims:
            tie = _carried(tie, claims[-1], text[claims[-1].span.end : f.start], sent.start)
        qi = bisect.bisect_right(quote_starts, f.start) - 1
        quote = quotes[qi] if qi >= 0 and f.start < quotes[qi].end else None
        attribution = quote.speaker if quote else None
        if quote is None and tie.event is not None:
            # Who gives the date matters only to the event rules: looked up for those alone.
            attribution = sources.of(sent.text)
        expression = text[f.start : f.end]
        paired = parsed.kind == "date" and parsed.weekday is not None
        claims.append(
            DateClaim(
                id=f"{doc_id}#d{len(claims) + 1}",
                document_id=doc_id,
                span=Span(document_id=doc_id, start=f.start, end=f.end, text=expression),
                sentence=Span(document_id=doc_id, start=sent.start, end=sent.end, text=sent.text),
                attribution=attribution,
                modality=_modality(sent.text, local, attribution, lexicon),
                in_quote=quote is not None,
                expression=expression,
                weekday=WEEKDAYS[parsed.weekday] if paired and parsed.weekday is not None else None,
                start=placed.start if placed else None,
                end=placed.end if placed else None,
                precision=placed.precision if placed else "unknown",
                event=tie.event,
                relation=tie.relation,
                reference=tie.reference,
            )
        )
    return claims
