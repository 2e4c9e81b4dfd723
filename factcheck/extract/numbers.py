"""Find the figures in a text: digits, spelled-out numbers, vague plurals, ordinals, ranges.

One regular expression scans the text once; each match is then checked against what is *not*
a quantity in news copy: years, dates, clock times, identifiers ("COVID-19", "Boeing 737",
"No. 2", "9/11", "24/7"), scores ("a 3-1 vote") and multipliers ("three times as many").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from factcheck.extract.dates import MONTH_OF
from factcheck.extract.lexicon import Lexicon
from factcheck.text.trie import trie_pattern
from factcheck.text.wordnet import is_plural_noun

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
_MULT = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    # Indian English: a lakh is a hundred thousand, a crore ten million
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
# The scale words of the South Asian numbering, money unless a counted noun follows: "grossed
# 62 crore" is rupees, "1.3 crore voters" are voters.
_RUPEE_SCALES = frozenset({"lakh", "lakhs", "crore", "crores"})
_MONTHS = trie_pattern(MONTH_OF)  # the names and abbreviations of the months
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

_word = trie_pattern([*_UNITS, *_SCALES, "dozen"])
# The scale words a figure in digits may carry, as written after it ("4.5 billion", "$3m").
_MULT_WORDS = r"thousand|million|billion|trillion|bn|mln|mn|tn|crores?|lakhs?|[mkb]"
_ord = trie_pattern(_ORDINALS)
# What may stand before a figure to make it money, besides the signs: the dollars of other
# countries ("HK$3.07", "A$40m") and currency codes ("EUR 58 million", "Rs 500 crore").
# measures.yml says which currency each is.
_DOLLAR_PREFIXES = "US|HK|AU|A|CA|C|NZ|S"
_CODES = r"Rs\.?|INR|USD|EUR|GBP|JPY|CHF|AUD|CAD|HKD|SGD|NZD"
# Where digits may start: not inside another figure ("3.5", "1,000"), but after "Rs." ("Rs.500").
_START = r"(?:(?<=rs\.)|(?<![\d.,]))"
# A decimal comma is only read before one of these or a percent sign: "1,5 million", "3,5%".
_SCALES_AFTER_COMMA = "million|billion|thousand|bn|mn|crore|lakh"
# "per cent" in any spacing, after a figure in digits or in words.
_PERCENT = r"(?:%|per\s*cent\b)"
_SCAN = re.compile(
    rf"""
    (?P<vague>\b(?:tens\s+of\s+thousands|hundreds(?:\s+of\s+thousands)?|dozens|scores|
        thousands|millions)\b)
  | (?P<twice>\b(?:twice|thrice)\b)
  | (?P<ordw>\b(?:{_ord})\b)
  | (?P<ordd>\b\d+(?:st|nd|rd|th)\b)
  | (?:(?P<cur>(?<![A-Za-z])(?:{_DOLLAR_PREFIXES})?\$|€|£|¥|₹
        |(?<![A-Za-z])(?:{_CODES})(?=\s?\d))\s?)?
    (?P<digits>{_START}\d{{1,3}},\d{{1,2}}(?=\s?(?:{_SCALES_AFTER_COMMA})\b|\s?{_PERCENT})
        |{_START}\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?
        |{_START}\d{{1,3}}(?:[\u00a0\u2009\u202f]\d{{3}})+(?!\d)
        |{_START}\d{{1,3}}(?:\x20\d{{3}})*\x20000(?!\d)
        |{_START}\d+(?:\.\d+)?)
    (?:(?:\s?|-(?=(?:thousand|million|billion|trillion|crores?|lakhs?)\b))
        (?P<mult>{_MULT_WORDS})\b)?
    (?P<pct>\s?{_PERCENT})?
  | (?P<words>\b(?:(?:half\s+)?an?\s+(?:dozen|hundred|thousand)|(?:{_word}))
        (?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+
              (?!(?:{_word})[\s-]+(?:hundred|thousand|million|billion)\b)|[\s-]+)
        (?:{_word}))*\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Matched against the text lowered letter for letter (ASCII only, so offsets do not move):
# a case-sensitive search is twice as fast as an IGNORECASE one.
_CANDIDATE = re.compile(
    rf"\b(?:{_word}|{_ord}|half|an?(?=\s+(?:dozen|hundred|thousand)\b)|a(?=\s+(?:half|quarter|{_ord})\b)"
    rf"|dozens|scores|hundreds|"
    rf"thousands|millions|tens(?=\s+of)|twice|thrice)\b|[\d$€£¥₹]"
    rf"|(?<![a-z])(?:(?:{_DOLLAR_PREFIXES.lower()})(?=\$)|(?:{_CODES.lower()})(?=\s?\d))"
)
# A share written as a fraction of a set: "half of the staff", "two-thirds of the wells", "a
# quarter of voters", "seven-tenths of its members", "between a third and a half of voters".
_DENOMINATORS = {"half": 2, "quarter": 4} | {w: n for w, n in _ORDINALS.items() if 3 <= n <= 10}


def _fraction_pattern(tag: str) -> str:
    numerators = trie_pattern(w for w, n in _UNITS.items() if 1 <= n <= 9)
    denominators = trie_pattern(w for w in _DENOMINATORS if w != "half")
    return (
        rf"(?:(?P<num{tag}>a|{numerators})[\s\-\u2010\u2011\u2013]+)?"
        rf"(?P<den{tag}>half|(?:{denominators})s?)"
    )


_FRACTION = re.compile(
    rf"{_fraction_pattern('')}(?:\s+(?:and|to|or)\s+{_fraction_pattern('2')})?\s+of\b",
    re.IGNORECASE,
)
# The words that may stand between "of" and the set it opens: "of the wells", "of last
# year's burglaries".
SET_DETERMINERS = frozenset(
    {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
     "your", "all", "each", "last", "next"}
)  # fmt: skip
# Before a fraction: it is a part of one thing ("the first half of 1944", "the southern half
# of the island", "its third of the estate"; "Italy's half" is read by ``_OWNER_BEFORE``).
_PART_BEFORE = re.compile(
    r"\b(?:the|this|its|their|his|her|our|my|your|each|every|first|second|last|final|other|"
    r"upper|lower|top|bottom|front|back|latter|former"
    r"|(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?)\s+$",
    re.IGNORECASE,
)
_OWNER_BEFORE = re.compile(r"(\w+)['’]s?\s+$")
# "It's a third of pupils", "That's half of all voters": a verb, not an owner.
_CONTRACTED_IS = frozenset({"it", "that", "there", "here", "what", "who", "he", "she", "where"})
_WORD_AFTER_OF = re.compile(r"[\w'’$£€.,-]+")
_PERCENT_AFTER = re.compile(rf"\s?{_PERCENT}", re.IGNORECASE)
# The tests of every figure written in digits, compiled once.
_LEADING_ZERO = re.compile(r"0\d")
_SPACE_SEPARATOR = str.maketrans(dict.fromkeys("\x20\u00a0\u2009\u202f", ","))
_WORD_CHAR = re.compile(r"[\w-]")
_DECIMAL_COMMA = re.compile(r"\d{1,3},\d{1,2}")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z]+)(\s+sterling)?")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_AFTER_CLOCK = re.compile(
    r"^\s*(?:a\.?m\.?|p\.?m\.?|gmt|utc|et|est|edt|bst|cet|local time|o'clock|hours?\s+gmt)\b",
    re.IGNORECASE,
)
# "Twenty-one days ago": a time, not a quantity.
_AGO_AFTER = re.compile(r"^\s+(?:days?|weeks?|fortnights?|months?|years?)\s+ago\b", re.I)
_BEFORE_DATE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_AFTER_DATE = re.compile(rf"^\s*(?:{_MONTHS})\b", re.IGNORECASE)
# The month beside an ordinal that is a day: "March 19th", "19th March", "the 3rd of May". The
# month is capitalised: "the fifth march on the capital" counts marches.
_CAPITALISED_MONTHS = trie_pattern(w.capitalize() for w in MONTH_OF)
_MONTH_BEFORE_DAY = re.compile(rf"\b(?:{_CAPITALISED_MONTHS})\.?\s*$")
_MONTH_AFTER_DAY = re.compile(rf"^\s*(?:of\s+)?(?:{_CAPITALISED_MONTHS})\b")
_BEFORE_ID = re.compile(r"(?:\bNo|\bNos|#|\bnumber|\bNumber)\.?\s*$")
# The verbs that give a holder a place in a contest or a ranking: "finished first", "came
# 12th", "was ranked 31st" (``extract.ranks`` reads the holder and the contest around them).
PLACING_VERB = r"(?:finished|came|ended(?:\s+up)?|ranks|(?:(?:is|was)\s+)?(?:placed|ranked))"
# A rank stated of a subject: "the festival was the 31st", "has been the first recall"; or a
# place in a contest.
_RANK_BEFORE = re.compile(
    r"\b(?:(?:is|was|were|are|be|been|became|becomes|remains|remained)\s+the"
    rf"|{PLACING_VERB})\s+$",
    re.IGNORECASE,
)
# "/10" after a rating; not "3/10 of the vote", a fraction, nor a date ("3/10/2021"). Ratings
# on other scales ("4/5") are left alone: one scale keeps every rating comparable with one
# written without it.
_SCALE_AFTER = re.compile(r"/(10)\b(?![/.]\d)(?!\s+of\b)")
_WEIGHT_BEFORE = re.compile(r"\b(?:weigh\w*|weight)\b", re.IGNORECASE)
# Words that make the figure after them a rating ("rated", "a rating of", "scored").
_RATING_BEFORE = re.compile(r"\b(?:rated|rating|ratings|scored|score|scores)\b[^.;]{0,30}$")
# Words before a figure that make "pounds" after it money, not weight.
_MONEY_BEFORE = re.compile(
    r"\b(?:paid|pay|pays|paying|cost|costs|costing|sold|sell|sells|bought|buy|worth|raised|"
    r"raise|spent|spend|fined|priced|earned|earns|earn|charged|owed|owes|debts?|budget|salary|"
    r"wages?|awarded|compensation|fees?|price|valued|bid|offered|donated|grant|loan|prize)\b"
    r"[^.;]{0,40}$",
    re.IGNORECASE,
)
_CAPWORD_BEFORE = re.compile(r"(?:^|[^\w])([A-Z][A-Za-z]+)\s$")
_MULTIPLIER_AFTER = re.compile(
    r"^\s*(?:times\s+(?:as|more|higher|larger|greater|bigger|faster|the|that|than|over)|-?fold)\b",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(
    r"^\s*(?P<join>-|–|to|and|or)\s*(?:US\$|\$|€|£|₹)?\s?(\d[\d,]*(?:\.\d+)?)\b"
    rf"(?:\s?({_MULT_WORDS})\b)?"
)
_RANGE_BETWEEN = re.compile(r"\bbetween\s*$", re.IGNORECASE)
# What ends an "or" that joins two figures of different things: "$50 or 100 hours", "50 or 60
# percent" (the sign is the second's), "9 or 10 pm", "3 or 4 March".
_NOT_ONE_READING_AFTER = re.compile(
    rf"^\s*(?:{_PERCENT}|[ap]\.?m\b|(?:{_MONTHS})\b)", re.IGNORECASE
)
_SCORE_CONTEXT = re.compile(
    r"^\s*(?:vote|victory|win|loss|defeat|decision|ruling|majority|margin|lead|score|draw|tie|"
    r"record|count)\b",
    re.IGNORECASE,
)
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|risen|rising|fell|fallen|falling|grew|grown|dropped|climbed|jumped|increased|"
    r"decreased|went|up|down|doubled|halved)\s+(?:\w+\s+)?(?:from|by)\s*$",
    re.IGNORECASE,
)
_SPACED_THOUSANDS = re.compile(r"^\s,\s\d{3}\b")
_YEARISH = re.compile(r"^(1[5-9]\d\d|20\d\d|2100)$")
# An earlier year is only taken for one after a preposition of time: "died in 1153".
_OLD_YEAR = re.compile(r"^1[0-4]\d\d$")
# Only these: "fell by 1200", "from 1100 to 1400" are counts.
_YEAR_PREPOSITION = re.compile(r"\b(?:in|since|until|circa|c\.)\s*$", re.IGNORECASE)
# A year-like figure that ends a list of years after "the" (or "between"): "the 1912, 1913
# and 1914 races", "in the 2004 or the 2008 elections"; not "in 1962 and 2000 homes", "In
# 2019, 1500 or 2000 people marched".
_LISTED_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# A year, a decade or a season after "of": "half of 2019", "the 1990s", "2020-21".
_YEAR_OR_SPAN = re.compile(rf"{_LISTED_YEAR}(?:s|-\d\d)?$")
_AFTER_LISTED_YEAR = re.compile(
    rf"\b(?:[Tt]he|[Bb]etween)\s+{_LISTED_YEAR}(?:\s*,\s*{_LISTED_YEAR})*,?\s+"
    r"(?:and|or)\s+(?:the\s+)?$"
)
# "the" right before a figure: "the 2004 or 2008 elections", "the 57-year-old judge".
THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# A bound before a figure: "under 16 or 65 and over" are two figures, not a range.
_BOUND_BEFORE = re.compile(
    r"\b(?:under|over|below|above|aged|than|least|most|up\s+to)\s*$", re.IGNORECASE
)
_TWO_WORDS_AFTER = re.compile(r"^\s+([a-z]+)(?:\s+([a-z]+))?")
# Nouns that count many yet are WordNet lemmas, not inflected plurals: "2000 people".
_PLURAL_LEMMAS = frozenset({"people", "police", "cattle", "staff", "personnel"})


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: float
    value_high: float | None  # upper end of a range
    kind: str  # cardinal | ordinal | rank | vague | range
    currency: str | None = None  # ISO code when money
    percent: bool = False
    unit: float = 1.0  # rounding unit of the figure as written
    scaled: bool = False  # written with a scale word ("3.8 billion"): precise to its last digit
    scale: float | None = None  # the top of a rating's scale: 10 in "3.8/10"


_DIGITS_OR_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)?")


def is_number_word(word: str) -> bool:
    """A word that states a number or a rank: "40", "forty", "first", "21st"."""
    low = word.lower()
    return low in _UNITS or low in _ORDINALS or bool(_DIGITS_OR_ORDINAL.fullmatch(low))


def words_value(text: str) -> float | None:
    """Value of a spelled-out cardinal: "twenty-one" 21, "two hundred" 200, "a dozen" 12."""
    tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t and t != "and"]
    if not tokens:
        return None
    factor = 1.0
    if tokens[0] == "half":
        factor, tokens = 0.5, tokens[1:]
    if tokens and tokens[0] in ("a", "an"):
        tokens = ["one", *tokens[1:]]
    total, current = 0.0, 0.0
    seen = False
    for tok in tokens:
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok == "dozen":
            current = (current or 1) * 12
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in _SCALES:
            total += (current or 1) * _SCALES[tok]
            current = 0
        else:
            return None
        seen = True
    return (total + current) * factor if seen else None


def _rounding(value: float, digits: str, mult: float, percent: bool = False) -> float:
    from factcheck.extract.interval_expr import rounding_unit

    if percent:  # "67%" is rounded to its last digit: 66.5 to 67.5
        return 10.0 ** -len(digits.split(".")[1]) if "." in digits else 1.0
    if mult == 1.0:
        return rounding_unit(value)
    if "." in digits:  # "1.5 billion": precise to its last written digit
        return mult / (10 ** len(digits.split(".")[1]))
    return rounding_unit(float(digits.replace(",", ""))) * mult  # "300 million": round


def scan(text: str, lex: Lexicon) -> list[NumberMention]:
    """Every figure in ``text`` that is a quantity, in order.

    A cheap pattern finds where a figure may start (a digit, a currency sign, a number word);
    the full pattern is only tried there. This is three times faster than running the full
    pattern over every position of the text.
    """
    out: list[NumberMention] = []
    pos = 0
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): keep offsets
        lowered = text.translate(_ASCII_LOWER)
    while True:
        candidate = _CANDIDATE.search(lowered, pos)
        if candidate is None:
            return out
        fraction = _FRACTION.match(text, candidate.start())
        if fraction is not None:
            share = _fraction_of_a_set(text, fraction, lex)
            if share is not None:
                out.append(share)
                pos = share.end
                continue
        m = _SCAN.match(text, candidate.start())
        if m is None or m.end() == m.start():
            pos = candidate.end()
            continue
        mention = _classify(text, m, lex)
        if mention is not None:
            out.append(mention)
            pos = max(mention.end, m.end())
        else:
            pos = m.end()


def _fraction_of_a_set(text: str, m: re.Match[str], lex: Lexicon) -> NumberMention | None:
    """A fraction before "of" as a share of a set in per cent, as rounded as a fraction is
    written (``unit`` 10: "half" is 45 to 55 per cent), or two as a range ("between a third and
    a half"); None for a part of one thing or of one span ("the first half of 1944", "a third
    of the way", "a quarter of a million", "half of the 1990s") or a rank ("third of 20")."""
    low = _fraction_value(m["num"], m["den"])
    high = _fraction_value(m["num2"], m["den2"]) if m["den2"] else None
    if low is None or (m["den2"] and (high is None or high <= low)):
        return None
    if _part_of_one_thing(text, m.start()) or _no_set_follows(text, m.end(), lex):
        return None
    if high is None:
        end = m.end("den")
        return NumberMention(m.start(), end, low, None, "cardinal", percent=True, unit=10.0)
    between = _RANGE_BETWEEN.search(text, max(0, m.start() - 30), m.start())
    start = between.start() if between else m.start()
    return NumberMention(start, m.end("den2"), low, high, "range", percent=True)


def _fraction_value(numerator: str | None, denominator: str) -> float | None:
    """A fraction in per cent: "two-thirds" 66.7, "half" 50; None for a bare ordinal ("finished
    third of 20": a rank), a number that disagrees with its noun ("two third") or a whole
    ("four quarters")."""
    den = denominator.lower()
    if numerator is None:
        return 50.0 if den == "half" else None
    top = 1 if numerator.lower() == "a" else _UNITS[numerator.lower()]
    bottom = _DENOMINATORS[den.removesuffix("s")]
    if den.endswith("s") != (top > 1) or top >= bottom:
        return None
    return 100.0 * top / bottom


def _part_of_one_thing(text: str, start: int) -> bool:
    """What stands before a fraction makes it a part of one thing: "the first half", "the
    southern half of the island", "Italy's half" (not "It's a third of pupils")."""
    lo = max(0, start - 30)
    if _PART_BEFORE.search(text, lo, start):
        return True
    owner = _OWNER_BEFORE.search(text, lo, start)
    return owner is not None and owner.group(1).lower() not in _CONTRACTED_IS


def _no_set_follows(text: str, end: int, lex: Lexicon) -> bool:
    """What follows "of" is one span of time or of a way ("half of the regular season", "a
    third of the total distance", "half of those years", "half of the 1990s"), an amount ("a
    quarter of a million", "a quarter of 1 million people") or nothing: no set."""
    words = [w.lower().rstrip(".,") for w in _WORD_AFTER_OF.findall(text, end, end + 60)[:4]]
    words = [w for w in words if w not in SET_DETERMINERS]
    if words[:1] and words[0] in ("a", "an", "one"):
        return True  # "of a million", "of an hour", "of one percent"
    for word in words:
        if word in _SCALES or word in lex.not_a_set or _YEAR_OR_SPAN.match(word):
            return True
        if word.endswith(("'s", "’s")) or looks_plural(word):
            return False  # an owner, or the plural that names the set
    return not words


def looks_plural(word: str) -> bool:
    """Written as an English plural: "voters", "Britons"; not "class", "status"."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _counts_after(after: str) -> bool:
    """A year-like figure is a count when a plural noun follows it, maybe after one word:
    "2000 years", "2000 people", "2000 new homes"; not "the 2000 census figures", "in 1929 on
    various charges" or "1934 and is"."""
    words = _TWO_WORDS_AFTER.match(after)
    if words is None:
        return False
    first, second = words.groups()
    if first in _PLURAL_LEMMAS or is_plural_noun(first):  # "2000 homes", "1500 children"
        return True
    if first.endswith("s"):
        return False
    return bool(second and second.endswith("s") and is_plural_noun(second))


def _joins_a_range(joiner: str, before: str) -> bool:
    """Whether two figures joined by ``joiner`` ("-", "to", "or", "and") are one figure's two
    readings: "20-30", "20 to 30" (not "rose from 20 to 32"), "1,500 or 2,000" (not "under 16
    or 65 and over"), "between 20 and 30" (not "20 and 30")."""
    if joiner in ("-", "–"):
        return True
    if joiner == "to":
        return not _CHANGE_BEFORE.search(before)
    if joiner == "or":
        return not _BOUND_BEFORE.search(before)
    return _RANGE_BETWEEN.search(before) is not None


def _a_year(value: float, before: str, after: str, lex: Lexicon) -> bool:
    """Whether a plain year-like figure is a year: unless a plural noun follows it, or
    follows the other end of a range it opens ("2000 people", "between 1500 and 2000
    people", "1500 or 2000 people", "1500 to 2000 people"). A list of years after "the"
    stays years before a plural that counts no whole things ("the 1912, 1913 and 1914
    races", "the 2004 or 2008 elections"; not "the 1500 or 2000 people", nor "in 1962 and
    2000 homes"). A pair of years within 5% of each other opened by "between", "or" or "to"
    is years whatever follows ("Between 1995 and 2005 prices doubled"): a count's range is
    wider."""
    if _AFTER_LISTED_YEAR.search(before):
        return not _counts_whole(after, lex)
    other_end = _RANGE_AFTER.match(after)
    if (
        other_end is not None
        and other_end["join"] not in ("-", "–")  # "the 2000-2004 seasons": years
        and _joins_a_range(other_end["join"], before)
    ):
        high = other_end.group(2)
        if _YEARISH.match(high) and value < float(high) <= value * 1.05:
            return True
        after = after[other_end.end() :]
        if THE_BEFORE.search(before) and not _counts_whole(after, lex):
            return True  # "the 2004 or 2008 elections"
    return not _counts_after(after)


def _counts_whole(after: str, lex: Lexicon) -> bool:
    """The word after the figure counts whole things: people, deaths, arrests."""
    word = _WORD_AFTER.match(after)
    return word is not None and word.group(1).lower() in lex.whole_nouns


def _in_rupees(scale_word: str, after: str) -> bool:
    """A lakh or a crore is an amount of rupees unless a counted noun follows it (``after``
    is the text after the scale word)."""
    return scale_word in _RUPEE_SCALES and not _counts_after(after)


def _classify(text: str, m: re.Match[str], lex: Lexicon) -> NumberMention | None:
    before = text[max(0, m.start() - 30) : m.start()]
    after = text[m.end() : m.end() + 40]
    if m.group("vague"):
        value_range = m.group("vague").lower()
        return NumberMention(
            m.start(), m.end(), 0.0, None, "vague:" + " ".join(value_range.split())
        )
    if m.group("twice"):
        if re.match(r"^\s+(?:as|the|that|more|over|a\b)", after, re.IGNORECASE):
            return None  # "twice as many", "twice the size"
        value = 2.0 if m.group("twice").lower() == "twice" else 3.0
        return NumberMention(m.start(), m.end(), value, None, "times")
    if m.group("ordw") or m.group("ordd"):
        raw = (m.group("ordw") or m.group("ordd")).lower()
        value = _ORDINALS.get(raw) or float(re.sub(r"\D", "", raw) or 0)
        if re.match(r"\s?-\s?(?!(?:and|or|but|the|a|an)\b)[A-Za-z]", after):
            return None  # "third-largest", "fifth - round"; not "the third - and last - vote"
        if _MONTH_BEFORE_DAY.search(before) or _MONTH_AFTER_DAY.match(after):
            return None  # the day of a date
        if _RANK_BEFORE.search(before):
            return NumberMention(m.start(), m.end(), float(value), None, "rank")
        if value < 2:
            return None  # "the first" of anything else is a word, not a count of events
        return NumberMention(m.start(), m.end(), float(value), None, "ordinal")
    if m.group("words"):
        return _classify_words(m, before, after)
    return _classify_digits(text, m, before, after, lex)


def _last_on_line(text: str, end: int) -> str | None:
    """The last character before ``end`` on its line that is not a space, if any: what
    ``text[line_start:end].rstrip()[-1:]`` gives, without reading back to the line's start
    (for every figure of a long line that is quadratic)."""
    i = end
    while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
        i -= 1
    return None if i == 0 or text[i - 1] == "\n" else text[i - 1]


def _classify_words(m: re.Match[str], before: str, after: str) -> NumberMention | None:
    raw = m.group("words")
    value = words_value(raw)
    if value is None:
        return None
    low = raw.lower()
    if low in ("hundred", "thousand", "million", "billion", "dozen"):
        return None  # a scale word alone ("1,5 million" read badly, "millions" of whatever)
    if low in ("one", "a dozen", "an hundred"):
        nxt = after.lstrip().lower()
        if low == "one" and (
            nxt.startswith(("of ", "another", "day", "time", "point", "-", "way", "side", "hand"))
            or before.lower().rstrip().endswith(("no", "any", "every", "some", "the", "that"))
        ):
            return None
    if _MULTIPLIER_AFTER.match(after) or after.startswith("-year-old"):
        return None
    if re.match(r"^-[A-Z]", after) or re.search(r"[A-Za-z]-$", before):
        return None  # part of a name: "One-Two-Go"
    if _AFTER_DATE.match(after) or _AGO_AFTER.match(after):
        return None
    percent = _PERCENT_AFTER.match(after)
    if percent:  # "Sixty-two per cent"
        end = m.end() + percent.end()
        return NumberMention(m.start(), end, value, None, "cardinal", percent=True, unit=1.0)
    return _word_range(m, value, before, after) or NumberMention(
        m.start(), m.end(), value, None, "cardinal", unit=1.0
    )


# The other end of a range in words: "three to five", "two or three hundred", "between six
# and eight", "five or 6".
_WORDS_RANGE_AFTER = re.compile(
    rf"^\s+(?P<join>to|or|and)\s+(?P<high>(?:\d+|(?:{_word}))(?:[\s-]+(?:{_word}))*\b)",
    re.IGNORECASE,
)


def _word_range(m: re.Match[str], value: float, before: str, after: str) -> NumberMention | None:
    """A spelled-out figure that opens a range of things it counts ("three to five people");
    the scale words after its other end scale both ("two to three million voters", "two or
    three hundred thousand")."""
    found = _WORDS_RANGE_AFTER.match(after)
    if found is None:
        return None
    joiner, high_words = found.group("join").lower(), found.group("high")
    rest = after[found.end() :]
    if not _joins_a_range(joiner, before) or _AGO_AFTER.match(rest):
        return None  # "six and eight", "rose from three to five", "two to three weeks ago"
    tokens = high_words.lower().replace("-", " ").split()
    scale = math.prod(_SCALES[t] for t in tokens if t in _SCALES)
    percent = _PERCENT_AFTER.match(rest)  # "between sixty and seventy per cent"
    if not (scale > 1 or percent or _counts_after(rest)):
        return None  # "lost two to three", "open from eight to ten": a score, a time
    if tokens[0].isdigit():  # "Two to 3 million"
        high: float | None = float(tokens[0]) * scale
    else:
        high = words_value(high_words)
    if not any(t in _SCALES for t in m.group("words").lower().split()):
        value *= scale  # "two or three hundred": the low end is unscaled
    if high is None or high <= value:
        return None
    between = _RANGE_BETWEEN.search(before)
    start = m.start() - len(before) + between.start() if between else m.start()
    end = m.end() + found.end() + (percent.end() if percent else 0)
    return NumberMention(start, end, value, high, "range", percent=percent is not None)


def _classify_digits(
    text: str,
    m: re.Match[str],
    before: str,
    after: str,
    lex: Lexicon,
) -> NumberMention | None:
    # Thousands set apart by a space, as much of Europe writes them: "12 000", "4 250 000"
    # (a plain space only before a last "000", since "12 500" may be two figures).
    digits = m.group("digits").translate(_SPACE_SEPARATOR)
    start = m.start("cur") if m.group("cur") else m.start("digits")
    end = m.end()
    prev_char = text[m.start("digits") - 1] if m.start("digits") > 0 else " "
    next_char = text[m.end("digits")] if m.end("digits") < len(text) else " "
    scale = _SCALE_AFTER.match(text, m.end("digits")) if next_char == "/" else None
    if scale and not m.group("cur") and ("." in digits or _RATING_BEFORE.search(before)):
        # "an average rating of 3.8/10": a rating on a scale, not a code like "24/7".
        value = float(digits.replace(",", ""))
        return NumberMention(
            start, scale.end(), value, None, "cardinal", unit=_rounding(value, digits, 1.0),
            scale=float(scale.group(1)),
        )  # fmt: skip
    # Identifiers and codes: COVID-19, F-16, G7, 9/11, 24/7, 2:15, 3.5.1, "No. 2", "Boeing 737".
    before_dash = text[m.start("digits") - 2] if m.start("digits") > 1 else " "
    if (prev_char.isalpha() and not m.group("cur")) or (
        prev_char in "-–" and before_dash.isalnum()
    ):
        return None  # "F-16", and the second half of a score or code: "2-0", "10-4"
    if (
        prev_char in "/:#"
        or next_char in "/:"
        or (next_char.isalpha() and not m.group("mult") and not m.group("pct"))
    ):
        return None
    if _LEADING_ZERO.match(digits):
        return None  # "007", the "000" of a split "1 , 000": a code or a fragment, not a figure
    if next_char == "." and m.end("digits") + 1 < len(text) and text[m.end("digits") + 1].isdigit():
        return None
    if (
        _BEFORE_ID.search(before)
        or _BEFORE_DATE.search(before)
        or _AFTER_DATE.match(after)
        or _AGO_AFTER.match(after)
    ):
        return None
    if _AFTER_CLOCK.match(after) and not m.group("pct"):
        return None
    cap = _CAPWORD_BEFORE.search(before)
    if cap and not m.group("cur"):
        word_start = m.start() - len(before) + cap.start(1)
        last = _last_on_line(text, word_start)
        sentence_initial = last is None or last in '.!?"“:'
        # "Boeing 737", "Apollo 13": a name and its number. Model numbers have no thousands
        # separator: "gave Marta Velez 48,900 votes" counts votes.
        counted = "," in digits and _counts_after(after)
        if not (sentence_initial or counted):
            return None
    if _MULTIPLIER_AFTER.match(after) or _SPACED_THOUSANDS.match(after):
        return None  # "three times as many"; "4 , 000" (tokenised text)
    mult_word = (m.group("mult") or "").lower()
    currency = None
    if m.group("cur"):
        # The lexicon names the signs and codes too; one a custom lexicon leaves out is no money.
        currency = lex.currency_of_word.get(m.group("cur").lower())
    unit_letter = False
    if mult_word in ("m", "k", "b") and currency is None and not _counts_whole(after, lex):
        if m.start("mult") == m.end("digits"):
            return None  # "5m" without a currency: five metres or five million, unsure
        # A letter set apart is a unit ("300 m", "6000 K"), read after the figure as one; a
        # letter that starts a word is not ("In 2019 K-pop …").
        unit_letter = not _WORD_CHAR.match(text, m.end("mult"))
        mult_word, end = "", m.end("digits")
    # else "1.5m people": a scale, as no one measures people in metres
    mult = _MULT.get(mult_word, 1.0)
    if _DECIMAL_COMMA.fullmatch(digits):
        digits = digits.replace(",", ".")  # "1,5 million": a decimal comma
    value = float(digits.replace(",", "")) * mult
    plain = not (
        m.group("cur")
        or mult_word
        or unit_letter
        or m.group("pct")
        or "," in digits
        or "." in digits
    )
    if (
        plain
        and (
            _YEARISH.match(digits) or (_OLD_YEAR.match(digits) and _YEAR_PREPOSITION.search(before))
        )
        and _a_year(value, before, after, lex)
    ):
        return None
    percent = bool(m.group("pct"))
    if currency is None and _in_rupees(mult_word, after):
        currency = "INR"
    if currency is None:
        word = _WORD_AFTER.match(text[end : end + 20])
        if word and word.group(1).lower() in lex.currency_of_word:
            weight = word.group(1).lower() in ("pound", "pounds")
            money_word = _MONEY_BEFORE.search(before)
            if money_word and _WEIGHT_BEFORE.search(before, money_word.start()):
                money_word = None  # "paid for a dog that weighed 40 pounds"
            if not weight or mult > 1 or word.group(2) or money_word:
                currency = lex.currency_of_word[word.group(1).lower()]
            # else "weighed 220 pounds": a weight, read as a unit after the figure
    # Ranges and scores: "20-30 people", "between 20 and 30", "a 3-1 vote".
    rng = _RANGE_AFTER.match(text[end : end + 30])
    if rng and not percent:
        high = float(rng.group(2).replace(",", "")) * mult
        joiner = rng["join"].lower()
        word_after = (rng.group(3) or "").lower()
        after_range = text[end + rng.end() : end + rng.end() + 40]
        is_range = _joins_a_range(joiner, before) and not (
            joiner == "or" and (currency or _NOT_ONE_READING_AFTER.match(after_range))
        )
        between = _RANGE_BETWEEN.search(before) if joiner == "and" else None
        if is_range and between is not None:
            start = m.start() - len(before) + between.start()  # "between 20 and 30"
        if is_range and mult == 1.0 and word_after in _MULT and (len(word_after) > 1 or currency):
            # "$40-80 million", "65–80 crore": the scale word after a range scales both ends
            # ("5 to 10 m" stays metres)
            value, high = value * _MULT[word_after], high * _MULT[word_after]
            if currency is None and _in_rupees(word_after, after_range):
                currency = "INR"
        if is_range:
            if high > value and not _SCORE_CONTEXT.match(after_range[:20]):
                return NumberMention(start, end + rng.end(), value, high, "range", currency)
            if joiner in ("-", "–"):
                return None  # a score or a code: "a 3-1 vote"
    return NumberMention(
        start,
        end,
        value,
        None,
        "cardinal",
        currency,
        percent,
        _rounding(value, digits, mult, percent),
        scaled=mult > 1.0,
    )
