"""Quantity claims: a figure, its qualifier's intervals, what it measures and where it holds.

For every figure the scanner finds in a sentence we read the words around it:
- before it, the qualifier ("at least", "nearly") and link words ("including" → a part);
- after it, the counted noun ("people", "children", "strikes"), skipping modifiers;
- on either side, the nearest cue of a measure family ("killing", "were injured");
- in the sentence, the scope (one incident or a running total), the time, the place, the
  source, hedges, negation and conditionals.
A figure with no family is not a claim: precision first.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import islice
from typing import Literal, NamedTuple

from factcheck.cancel import checkpoint
from factcheck.extract.breakdown import PlaceSpan, read_breakdowns
from factcheck.extract.lexicon import Lexicon, singular
from factcheck.extract.numbers import (
    SET_DETERMINERS,
    THE_BEFORE,
    NumberMention,
    looks_plural,
    scan,
    words_value,
)
from factcheck.extract.ranks import RANK, rank_at
from factcheck.model import (
    UNALIGNED,
    CountedAs,
    Interval,
    Measure,
    Modality,
    QuantityClaim,
    Scope,
    ScopeTime,
    Span,
)
from factcheck.text import wordnet
from factcheck.text.attribution import Quote, SentenceSources
from factcheck.text.fold import Folded, fold
from factcheck.text.segment import Sentence
from factcheck.text.years import YEAR

_TITLE_WORD = re.compile(r"[A-Z0-9][\w'’&:.-]*|[&–-]")
_CLOSING_QUOTES = frozenset("\"”'’")
_NOUN_STOP = re.compile(r"[,;:()]|\.(?:\s|$)")
_WORD = re.compile(r"[\"“”'‘’]*([A-Za-z][A-Za-z'’-]*)")
_LAST_WORD = re.compile(r"\b([A-Za-z]+) $")  # the word right before a figure
_AGE_WORDS = re.compile(r"\s(?:the )?ages? (?:of )?$", re.IGNORECASE)
# Words that make the next figure a part of the one before: "32 people, including six
# children"; "Of those arrested, 22 …"; "Among the dead were nine …".
_LINK_BEFORE = re.compile(
    r"\b(?:including|included|include|includes|among\s+them|among\s+whom|of\s+whom|of\s+them|"
    r"of\s+those(?:\s+\w+)?|of\s+these|of\s+which|among\s+the\s+\w+(?:\s+were)?)[\s,:]*"
    r"(?:(?:at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|about|around|nearly|"
    r"almost|some|up\s+to|as\s+many\s+as|over|roughly)\s*)?$",
    re.IGNORECASE,
)
_LINK_AFTER = re.compile(r"^\s+(?:of\s+them|of\s+whom|of\s+those|of\s+which)\b", re.IGNORECASE)
# "identified 29 of the dead": a part of a whole the sentence does not give as a figure.
_PART_OF_UNSTATED = re.compile(
    r"^\s+(?:of\s+(?:the|those|these|its|their)\b|(?:[\w-]+\s+){0,2}(?:were|was|are|is)\s+among\b)",
    re.IGNORECASE,
)
_PREPOSITIONS = frozenset({"over", "under", "above", "below"})
_PREPOSITION_NOT_QUALIFIER = re.compile(
    r"\b(?:averaged|spread|split|divided|distributed|scattered|all)\s*$", re.I
)
_BEFORE_TIME = re.compile(
    r"\b(?:[Bb]efore|[Pp]rior\s+to|[Uu]ntil)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|then|that|the\s+latest|last)\b"
    # "Earlier reports had put the number of dead at 41", "Initial estimates said 12"; not
    # "Contrary to initial reports, 80 were killed", "The first figures show 2,000"
    r"|(?<!to\s)\b(?:[Ee]arlier|[Ii]nitial|[Pp]revious|[Ff]irst)\s+(?:reports?|figures?|"
    r"estimates?|tolls?|counts?|tall(?:y|ies))\s+(?:[a-z]+\s+){0,3}?(?:had|said|put|"
    r"suggested|showed|indicated|gave|placed|estimated)\b"
)
# What may stand before a time phrase that opens a sentence: "As of", "By", "On" or nothing.
_OPENER = re.compile(r"\s*(?:(?:[Aa]s\s+of|[Bb]y|[Oo]n|[Ii]n|[Aa]t)\s+(?:the\s+)?)?")
# A comma after the opening time, and no list of years: "In 2018, 2019 and 2020, …".
_COMMA_NEXT = re.compile(r"\s*,(?!\s*(?:1[5-9]|20)\d\d\b)")
# Where an opening time stops reaching: a new clause, or one of contrast.
_OPENER_ENDS = re.compile(r";|\b(?:but|while|whereas)\b")
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s|\s+and\s+said\b|\s+but\s")
# Where one item of a list ends and the next begins; after a comma, a colon or a dash the
# items may break down the one before ("left 12 dead, 5 children and 7 adults").
_LIST_BREAK = re.compile(r"[,;:–—]|\band\b|\bor\b")
_BREAKDOWN = frozenset(",:–—")
# Between a figure and a cue, the figure's own noun and nothing else: "three people died",
# "three more people died"; not a phrase after it ("12 men over the deaths").
_OWN_PREDICATE = re.compile(
    r"\s+(?:(?!(?:and|or|but|while|as|after|before|when|who|which|that|the|a|an|of|in|at|on"
    r"|from|over|with|to|near|into|for|by|during|including|among|his|her|their|its)\s)"
    r"[a-z'’-]+\s+){1,3}"
)
# A cardinal right before a word: "and 4 deaths", "and four deaths"; not a year ("the 2019
# deaths"), "a", nor digits in a name ("COVID-19 deaths").
_CARDINAL_BEFORE = re.compile(
    r"(?<![\w.,-])(?!(?:1[5-9]|20)\d\d\b)(?:\d[\d,.]*|(?:one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|hundred|thousand|dozen)(?:-[a-z]+)?)\s+$",
    re.IGNORECASE,
)
# A list break right before a word: "… and employed", "…, killing".
_BREAK_BEFORE = re.compile(r"(?:[,;]|\band|\bor)\s*$")
# A figure named as a whole the next figure is part of, up to where it ends, opening a clause:
# "Of the 7", "Among the 40", "of some 40", "Of the 1.2 million"; not "a total of 4".
_WHOLE_BEFORE = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:that|and|but)\s+)"
    r"(?:of|among|amongst)\s+(?:(?:the|these|those|its|their|some|nearly|almost|about"
    r"|around|roughly|approximately|over|more\s+than|at\s+least|up\s+to)\s+)*"
    r"(?:\d[\d.,]*|[a-z]+(?:-[a-z]+)?)(?:\s+(?:hundred|thousand|million|billion))?$",
    re.IGNORECASE,
)
_AUX_CUE = re.compile(r"^\s*(?:[a-z-]+\s+){0,2}(?:were|was|are|is|been|be|had|have|has)\b")
_PERIODS = frozenset(
    {"this year", "this month", "this week", "last year", "last month", "last week"}
)
# A determiner, maybe with one word, between a qualifier and an ordinal: "at least the eighth".
_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|a)\s+(?:\w+\s+)?$", re.IGNORECASE)
_SINCE = re.compile(
    r"\b[Ss]ince\s+((?:(?:early|late|mid|the\s+start\s+of|the\s+beginning\s+of)[\s-]+)?"
    r"(?:[A-Z][a-z]+\.?(?:\s+\d{1,2})?|\d{4}|last\s+\w+|the\s+\w+))",
)
_MONTHS_RX = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
# What follows "since the campaign" when it dates the start: "… began in August".
_BEGAN_IN = re.compile(
    r"[\w\s-]{0,30}?\s(?:began|started|begun|opened|broke\s+out)\s+in\s+"
    rf"((?:(?:early|mid|late)[-\s]+)?(?:{_MONTHS_RX}|(?:19|20)\d\d))\b"
)
# "since heavy rain began (last weekend)": an event's start, with its time when given.
_SINCE_EVENT = re.compile(
    r"\b[Ss]ince\s+(?:[\w-]+\s+){1,4}?(?:began|started|begun|broke\s+out|struck|hit|arrived)"
    r"(?:\s+(?:in\s+|on\s+)?((?:last|this|early|late)\s+[a-z]+|(?:Monday|Tuesday|Wednesday|"
    rf"Thursday|Friday|Saturday|Sunday|{_MONTHS_RX}|(?:19|20)\d\d)\b))?"
)
_WEEKDAY = re.compile(
    r"\b((?:(?:early|late|earlier|later)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?)\b"
)
_YEAR = re.compile(rf"\b(?:[Ii]n|[Dd]uring|[Ff]or|[Oo]f)\s+({YEAR})\b")
_AGO = re.compile(
    r"\b((?:[a-z]+(?:-[a-z]+)?|\d+)\s+(?:days?|weeks?|fortnights?|months?|years?)\s+ago)\b",
    re.IGNORECASE,
)
# "March 2014", but not the month and year of "23 March 2014" or "23rd of March 2014" (a day,
# read below).
_MONTH_YEAR = re.compile(
    r"(?<!\d )(?<!\d(?:st|nd|rd|th) )(?<!\d(?:st|nd|rd|th) of )"
    rf"\b((?:{_MONTHS_RX})\s+(?:of\s+)?{YEAR})\b"
)
# A day keeps its year when the text gives one: "April 9, 2020" is not April 9, 2021.
_DAYS_YEAR = rf"(?:(?:\s*,)?\s+({YEAR})\b)?"
# "23 March": a day written day first, normalised as "march 23" like "March 23".
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:(?:st|nd|rd|th)(?:\s+of)?)?\s+({_MONTHS_RX})\b" + _DAYS_YEAR
)
_MONTH_DAY = re.compile(
    rf"\b((?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.\s+\d{{1,2}}|(?:{_MONTHS_RX})\s+\d{{1,2}})"
    r"(?:st|nd|rd|th)?\b" + _DAYS_YEAR
)
_MONTH_PART = re.compile(rf"\b((?:early|mid|late)[-\s]+(?:{_MONTHS_RX}))\b", re.IGNORECASE)
_BY_TIME = re.compile(
    rf"\b(?:[Bb]y|[Aa]s\s+of)\s+(?:(?:early|mid|late)[-\s]+)?"
    r"(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?=[A-Z]))?"  # day first: "as of 23 April"
    rf"(?:Monday|Tuesday|Wednesday|"
    rf"Thursday|Friday|Saturday|Sunday|{_MONTHS_RX}|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|"
    rf"Dec\.|(?:19|20)\d\d|the\s+end\s+of)"
)
# A place is a run of capitalised words; a later word that owns the noun after it ends the run
# ("in Arkansas Walmart's stores" is Arkansas), one that owns a name stays ("Martha's Vineyard").
_PLACE = re.compile(
    r"\b(?:[Ii]n|[Nn]ear|[Aa]cross|[Oo]ff|[Oo]utside|[Ii]nside|[Aa]t|[Oo]n|[Tt]o)\s+(?:the\s+)?"
    r"(?:[a-z]+\s+){0,2}"
    r"((?:[A-Z][\w'’-]+)(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’-]+(?![\w'’-])(?:(?<!['’]s)|(?!\s+[a-z])))*)"
)
_POSSESSIVE = re.compile(r"['’]s$")  # "Tuesday's": the day, owning the noun after it
# A run of capitalised words, "U.S." and "Guinea-Bissau" among them.
_CAPITALISED_RUN = re.compile(r"(?<![\w.'’-])[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")


def _known_place(run: str, listed: Collection[str]) -> str | None:
    """The known place a capitalised run begins with, its longest name first: "U.S." in a
    headline's "U.S. Adds 103,000 Jobs", "New York" before "New"; None for "Air Canada". A
    place is known to WordNet, or ``listed`` by an earlier breakdown of the document ("500 in
    Alder County, 300 in Brent County" … "Alder County's 500 cases")."""
    words = run.split()
    for k in range(min(len(words), 4), 0, -1):
        name = _POSSESSIVE.sub("", " ".join(words[:k]))
        known = wordnet.place(name)
        if known is not None:
            return known
        if listed and (folded := " ".join(name.lower().split()).removeprefix("the ")) in listed:
            return folded
    return None


_STOP_NOUNS = frozenset(
    [
        "were",
        "was",
        "is",
        "are",
        "have",
        "has",
        "had",
        "will",
        "would",
        "could",
        "may",
        "might",
        "did",
        "do",
        "does",
        "been",
        "be",
        "being",
        "and",
        "or",
        "but",
        "in",
        "on",
        "at",
        "of",
        "for",
        "to",
        "from",
        "by",
        "with",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "per",
        "a",
        "an",
        "the",
        "its",
        "their",
        "his",
        "her",
        "this",
        "these",
        "those",
        "more",
        "percent",
        "people's",
        "times",
        "time",
        "year",
        "years",
        "old",
    ]
)
_NOT_NOUNS = frozenset(
    """according said says told while after before during since until because although if
    when where whereas despite including against between among about above below over under
    across through throughout within""".split()
)
# Words that cannot stand between "and" and a second counted noun ("and has operations").
_NOT_ADJECTIVES = _STOP_NOUNS | _NOT_NOUNS
# A counted noun and "and", then the next figure: two subjects of one verb ("Four guards and
# two drivers were hurt"); not when the first has a verb of its own ("60 patients have
# recovered and 5 people have died").
_COORDINATED = re.compile(
    r"\s+(?:(?!(?:have|has|had|was|were|is|are|been)\s)[a-z-]+\s+){1,3}and\s+"
)
_GAMES = re.compile(r"^\s+(?:games|matches|fixtures|bouts|fights|races)\b", re.IGNORECASE)
# "a rating of", "rated", "an average score of": the figure after is a rating.
_RATING_OF = re.compile(r"\b(?:rating|rated)\s+(?:of\s+|was\s+|is\s+|at\s+|it\s+)?$", re.IGNORECASE)


# A sentence that opens on the things an earlier figure counted: "Of the jobs to go, …".
_OF_THE_THINGS = re.compile(r"^\s*Of\s+the\s+([a-z][a-z\s-]{0,40}?),\s*$")
# The two figures of a rate ("612 out of 10,000 infants", "one in every 50") count nothing.
_RATE_BEFORE = re.compile(r"\b(?:out\s+of|of\s+every|in\s+every|per)\s*$", re.IGNORECASE)
_RATE_AFTER = re.compile(r"^\s+(?:out\s+of|of\s+every|in\s+every)\b", re.IGNORECASE)
# "two-thirds of the workers": a fraction, not two of something.
_FRACTION_AFTER = re.compile(
    r"^[\s-]+(?:halves|thirds|quarters|fourths|fifths|sixths|eighths|tenths)\b", re.IGNORECASE
)
# "one in five residents", "3 in 10 voters": a rate. At most three digits, so that "died in
# 2019" stays a count and a year.
_SMALL_WORDS = [
    *"zero one two three four five six seven eight nine ten eleven twelve twenty".split(),
    "a hundred",
]
_SMALL = r"(\d{1,3}|" + "|".join(w.replace(" ", r"\s+") for w in _SMALL_WORDS) + ")"
_N_IN = re.compile(rf"\b{_SMALL}\s+in\s+$", re.IGNORECASE)
_IN_M = re.compile(rf"^\s+in\s+{_SMALL}\b", re.IGNORECASE)
_AGE_OF = re.compile(r"\bages?\s+of\s*$", re.IGNORECASE)
_YEAR_OLD = re.compile(r"^[\s-]*years?[\s-]+old\b|^-year-old\b", re.IGNORECASE)
# "aged 35", "aged between 22 and 35", and the later ages of "aged 88 and 93".
_AGED = re.compile(r"\baged\s*(?:\d{1,3}(?:\s*,\s*|,?\s+(?:and|or)\s+))*$", re.IGNORECASE)
# "The suspect, 26, was arrested", "the former police chief, 58, denied": AP's age after a
# role, with no name to give it to.
_ROLE_BEFORE_COMMA = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+(?:[a-z-]+\s+){0,2}[a-z-]*[a-rt-z],\s*$")
# The comma after "Kell, 64" and a word that goes on the sentence: not a list ("and", "or").
_AGE_AFTER_NAME = re.compile(r"^,\s+(?!(?:and|or|to|then)\b)[a-z]")
# "Kell, who is 64, said", "Kell, now 64, said": the words between the name's comma and its age.
_AGE_CLAUSE_AFTER_NAME = re.compile(r",\s*(?:who\s+is\s+|who['’]s\s+)?(?:now\s+)?$")
# "Captain Arne Voss, a man of about 50": the age of the name before it.
_PERSON_OF = r"an?\s+(?:man|woman|boy|girl)\s+of"
_PERSON_OF_BEFORE = re.compile(rf"\b{_PERSON_OF}\s*$")
_FIRST_TOKEN = re.compile(r"\S+")  # what ``str.split`` cuts: ``\S`` is not ``str.isspace``
# "the 30-year-old former mayor Jan Smith": up to three lower-case words before the name, but
# no preposition ("a 31-year-old nurse from Harwick" is not Harwick's age).
_NEXT_NAME = re.compile(
    r"^[\s-]*(?:year-old\s+)?(?:(?!(?:from|in|of|at|near|on|for|with)\s)[a-z]+\s+){0,3}"
    r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)
# "a 43-year-old man, Aldo Feyn, was charged": a name set between commas after the noun the age
# describes, in one or two words that are no verb (``_named_after_noun``); not "a 43-year-old
# man, Ortiz said,": the name must close the apposition.
_NAME_AFTER_NOUN = re.compile(
    r"^[\s-]*year-old(?P<noun>(?:\s+[a-z]+){1,2})\s*,\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)\s*,"
)
# "Ana Roe, a 31-year-old nurse": the name the age is set beside.
_APPOSITION_NAME = re.compile(r"([A-Z][\w'’-]+)\s*,\s+(?:a|an|the)\s+$")
_PLACE_PREPOSITION = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Ff]rom|[Oo]f|[Oo]n|[Oo]utside|[Ii]nside|[Aa]cross)\s+"
    r"(?:[A-Z][\w'’-]+\s+)*$"
)


class _DocumentFacts:
    """What the whole document says that a figure's reading depends on, read once if needed."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex

    @cached_property
    def shared_surnames(self) -> frozenset[str]:
        """Surnames written after two different given names ("Stacy Peterson" … "Drew
        Peterson"), of a relative of someone in the story ("his wife, Nora Holt" beside "Mr
        Holt") or a family ("the Holt brothers"), or after the titles of a man and of a woman
        ("Mr Holt" … "Mrs Holt"): an age given for the surname alone cannot be told to belong
        to either."""
        given: dict[str, set[str]] = defaultdict(set)
        for m in _GIVEN_AND_SURNAME.finditer(self.text):  # overlapping: "Yesterday Drew Peterson"
            first = m.group() + m.group(1)
            if first.lower() not in self.lex.not_given_names:
                given[m.group(2).lower()].add(first)
        shared = {surname for surname, names in given.items() if len(names) > 1}
        lex = self.lex
        shared.update(
            m.group(m.lastindex or 0).lower() for m in lex.family_surname.finditer(self.text)
        )
        titled: dict[bool, set[str]] = {True: set(), False: set()}  # a man's? → surnames
        for surname, of_a_man in lex.courtesy_titles(self.text):
            titled[of_a_man].add(surname)
        shared.update(titled[True] & titled[False])  # "Mr Holt" … "Mrs Holt"
        return frozenset(shared)

    @cached_property
    def role_holders(self) -> dict[str, frozenset[str]]:
        """Whom the document names by each role word: "Judge Amara Quist", "surgeon Ana Ortiz",
        "Ortiz, a heart surgeon" and "Ortiz, 58, a surgeon" give {"judge": {"quist"},
        "surgeon": {"ortiz"}, …}. A later "the 57-year-old judge" is that person when the role
        has one holder."""
        holders: dict[str, set[str]] = defaultdict(set)
        for m in _ROLE_BEFORE_NAME.finditer(self.text):
            role = m.group(1).lower()
            if role not in self.lex.not_roles:
                holders[role].add(m.group(3).lower())
        for m in _NAME_THEN_ROLE.finditer(self.text):
            for role in m.group(2).lower().split():
                holders[role].add(m.group(1).lower())
        return {role: frozenset(names) for role, names in holders.items()}

    def holder_of(self, roles: Sequence[str]) -> str | None:
        """The one person the document names by the first of ``roles`` it uses, if one."""
        for role in roles:
            names = self.role_holders.get(role)
            if names:
                return next(iter(names)) if len(names) == 1 else None
        return None


# "Judge Amara Quist", "surgeon Ana Ortiz": a role word, then a given name and a surname;
# looked ahead from each word, so that "said Judge Amara Quist" also yields the judge.
_ROLE_BEFORE_NAME = re.compile(r"\b(?=([A-Za-z]+)\s+([A-Z][a-z'’-]+)\s+([A-Z][a-z'’-]+)\b)")
# "Ortiz, a heart surgeon", "Ortiz, 58, a surgeon": a name, maybe an age, then one to three
# lower-case words of what the person is.
_NAME_THEN_ROLE = re.compile(
    r"([A-Z][a-z'’-]+)\s*,\s+(?:\d{1,3}\s*,\s+)?(?:a|an|the)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)\b"
)
# "the 57-year-old judge", "the 31-year-old heart surgeon": the role words after an age.
_AGE_THEN_ROLE = re.compile(r"^[\s-]*(?:years?[\s-]+old|year-old)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)")


# A capital that starts a word (the look-behind is the \b before it), then the rest of the
# given name and the surname, looked ahead so that matches overlap. Starting with the capital
# itself lets the regex engine skip to the next capital letter instead of trying every place.
_GIVEN_AND_SURNAME = re.compile(r"[A-Z](?<!\w[A-Z])(?=([a-z]+)\s+([A-Z][a-z'’-]+)\b)")


class _SentenceFacts:
    """What a sentence says about scope and modality, read once for all its figures and only
    when a figure of it turns out to be a claim (most figures are years and dates)."""

    def __init__(
        self, s: str, lex: Lexicon, document: _DocumentFacts, listed: frozenset[str]
    ) -> None:
        self.s = s
        self.lex = lex
        self.document = document
        self.listed = listed  # the places earlier breakdowns of the document listed

    @cached_property
    def low(self) -> Folded:
        """The sentence as the lexicon's patterns read it (same offsets)."""
        return fold(self.s)

    @cached_property
    def totals(self) -> list[int]:
        """Positions of running-total cues."""
        return [m.start() for m in self.lex.total_cues.finditer(self.low)]

    @cached_property
    def incidents(self) -> list[tuple[int, str, bool]]:
        """(position, event noun, whether marked as a different one: "another strike")."""
        out = []
        for m in self.lex.incident_nouns.finditer(self.low):
            before = self.s[max(0, m.start() - 15) : m.start()].lower().split()
            distinct = m.group(1).lower() in self.lex.distinct_cues or any(
                w in self.lex.distinct_cues for w in before
            )
            out.append((m.start(), m.group(2).lower(), distinct))
        return out

    @cached_property
    def since(self) -> _Since | None:
        """The start of a running total the sentence gives, if it gives one."""
        if "ince" not in self.s:
            return None
        sm = _SINCE.search(self.s)
        if not sm:
            # "since heavy rain began last weekend": the start of an event, and when it was
            em = _SINCE_EVENT.search(self.s)
            if em is None:
                return None
            return _Since(" ".join(em.group(1).lower().split()) if em.group(1) else None)
        since = " ".join(sm.group(1).lower().rstrip(".").split())
        if since.startswith("the ") and not _MONTH_PART.search(since):
            began = _BEGAN_IN.match(self.s, sm.end())
            if began:  # "since the campaign began in August": the start is August
                return _Since(" ".join(began.group(1).lower().split()))
            return _Since(None)  # "since the protests began": a start, but not a date
        return _Since(since)

    @cached_property
    def place_spans(self) -> list[PlaceSpan]:
        """The places the sentence names, in order: after a preposition ("in Velm", from the
        preposition on), and a country, state, continent or capital that WordNet knows
        wherever it stands ("Canada adds 22,000 jobs", "U.S. Adds …", "Germany's jobless
        rate"); each known place by one name for all its names."""
        found: dict[int, PlaceSpan] = {}
        named: set[int] = set()
        for pm in _PLACE.finditer(self.s):
            if _POSSESSIVE.sub("", pm.group(1).split()[0].lower()) not in self.lex.not_places:
                raw = " ".join(pm.group(1).lower().split())
                found[pm.start()] = PlaceSpan(pm.start(), pm.end(), wordnet.place(raw) or raw)
                named.add(pm.start(1))
        for run in _CAPITALISED_RUN.finditer(self.s):
            known = None if run.start() in named else _known_place(run.group(), self.listed)
            if known is not None:
                found[run.start()] = PlaceSpan(run.start(), run.end(), known)
        return [found[at] for at in sorted(found)]

    @cached_property
    def first_conditional(self) -> int:
        """Where the first condition word stands ("if", "would"); figures after it are
        hypothetical."""
        m = self.lex.conditionals.search(self.low)
        return m.start() if m else len(self.s) + 1

    @cached_property
    def times(self) -> list[tuple[int, int, str, bool]]:
        return _times(self.s, self.low, self.lex)

    @cached_property
    def events(self) -> tuple[list[int], list[str]]:
        """Where the event phrases of the sentence start, and their events, in order."""
        starts, values = [], []
        for m in self.lex.event_words.finditer(self.low):
            starts.append(m.start())
            values.append(self.lex.event_of_word[" ".join(m.group().lower().split())])
        return starts, values

    @cached_property
    def last_event(self) -> str | None:
        """``_event_verb`` of the whole sentence, read once for all its figures."""
        values = self.events[1]
        return values[-1] if values else None

    @cached_property
    def barriers(self) -> list[int]:
        """Where the sentence has a character no event phrase contains (digits, most
        punctuation): no match of the event pattern reads across one."""
        allowed = set("".join(self.lex.event_of_word))
        stops = "".join(c for c in _BARRIER_CHARS if c not in allowed)
        return [i for i, c in enumerate(self.s) if c in stops]

    def event_before(self, offset: int) -> str | None:
        """``_event_verb(sentence[:offset])`` without reading the whole prefix. Before the
        last barrier the prefix and the whole sentence give the same matches, so only the
        stretch after it is searched again; a figure itself holds a barrier (a digit), so
        the stretches of all figures add up to about the sentence."""
        k = bisect.bisect_left(self.barriers, offset) - 1
        resume = self.barriers[k] + 1 if k >= 0 else 0
        found = None
        for m in self.lex.event_words.finditer(self.low, resume, offset):
            found = m
        if found is not None:
            return self.lex.event_of_word[" ".join(found.group().lower().split())]
        starts, values = self.events
        at = bisect.bisect_left(starts, resume) - 1
        return values[at] if at >= 0 else None

    @cached_property
    def times_by_start(self) -> list[tuple[int, int, str, bool]]:
        return sorted(self.times)

    @cached_property
    def time_starts(self) -> list[int]:
        return [t[0] for t in self.times_by_start]

    @cached_property
    def incident_starts(self) -> list[int]:
        return [i[0] for i in self.incidents]

    @cached_property
    def place_starts(self) -> list[int]:
        return [p.start for p in self.place_spans]

    @cached_property
    def dated_totals(self) -> list[int]:
        """Where "By Friday" / "As of March 3" stand."""
        return [m.start() for m in _BY_TIME.finditer(self.s)]

    @cached_property
    def opening_time(self) -> tuple[int, str] | None:
        """A time phrase that opens the sentence as its own phrase ("As of 8 April 2020, …",
        "On Tuesday, …"; not "In 2018, 2019 and 2020, …"), with how far it reaches: up to the
        first semicolon or "but", word that may set a figure at another time (scope.yml
        `time_shifts` and `previous_value`: "has since risen to 15", "up from 38%", "having
        held 9") or other time phrase after it ("the attack on Sunday")."""
        times = self.times_by_start
        for i, (t_start, t_end, value, _period) in enumerate(times):
            if not _OPENER.fullmatch(self.s, 0, t_start):
                return None  # the sentence's first time phrase opens it, or none does
            if _COMMA_NEXT.match(self.s, t_end):
                stops = [len(self.s)]
                if m := _OPENER_ENDS.search(self.s, t_end):
                    stops.append(m.start())
                if m := self.lex.time_shifts.search(self.low, t_end):
                    stops.append(m.start())
                stops.append(next((t[0] for t in times[i + 1 :] if t[0] >= t_end), len(self.s)))
                return min(stops), value
        return None

    def opening_time_of(self, clause_end: int) -> str | None:
        """The opening time, as the time of a figure whose clause gives none and ends within
        the opening's reach."""
        opening = self.opening_time
        return opening[1] if opening is not None and clause_end <= opening[0] else None

    @cached_property
    def before_time(self) -> int:
        """Where "before Monday" / "until then" / "earlier reports" stands: figures after it
        held earlier."""
        s = self.s
        cues = ("efore", "rior", "ntil", "arlier", "nitial", "revious", "irst")
        m = _BEFORE_TIME.search(s) if any(c in s for c in cues) else None
        return m.start() if m else len(s) + 1

    @cached_property
    def uncertain(self) -> bool:
        return self.lex.uncertainty.search(self.low) is not None


_BARRIER_CHARS = '0123456789,;:.()[]{}!?"“”'


class _Counted(NamedTuple):
    """What a figure counts, read from the words after it: the word, the family it implies,
    and what the word is (``Measure.counted_as``)."""

    word: str
    family: str | None
    counted_as: CountedAs = "noun"


class _Since(NamedTuple):
    """A running total's start: "early september", or None when it is an event with no date
    ("since the protests began")."""

    when: str | None


@dataclass(frozen=True)
class _Context:
    """The words around one figure inside its sentence."""

    left: str  # sentence text before the figure (after the previous figure)
    right: str  # sentence text after the figure (before the next figure)
    sentence: str
    offset: int  # where the figure starts inside the sentence
    end: int  # where it ends
    facts: _SentenceFacts


def extract_quantities(
    doc_id: str,
    text: str,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    lexicon: Lexicon,
    sources: SentenceSources,
) -> list[QuantityClaim]:
    claims: list[QuantityClaim] = []
    previous: QuantityClaim | None = None  # the last claim, possibly of an earlier sentence
    earlier: list[QuantityClaim] = []  # the claims of the last sentence that had any
    current: list[QuantityClaim] = []  # … and of this one
    quote_index = _QuoteIndex(quotes)
    document = _DocumentFacts(text, lexicon)
    listed: frozenset[str] = frozenset()  # the places the document's breakdowns list, so far
    for sent in sentences:
        mentions = scan(sent.text, lexicon)
        if not mentions:
            continue
        checkpoint()
        if current:
            earlier, current = current, []
        source = sources.of(sent.text)
        facts = _SentenceFacts(sent.text, lexicon, document, listed)
        first = len(claims)  # this sentence's claims start here
        for i, mention in enumerate(mentions):
            lo = mentions[i - 1].end if i else 0
            hi = mentions[i + 1].start if i + 1 < len(mentions) else len(sent.text)
            ctx = _Context(
                left=sent.text[lo : mention.start],
                right=sent.text[mention.end : hi],
                sentence=sent.text,
                offset=mention.start,
                end=mention.end,
                facts=facts,
            )
            same_sentence = previous if previous and previous.sentence.start == sent.start else None
            # "of whom", "including" point back to a count: past an age or a size between them
            # ("6,000 participants aged 60 or older, about 2,000 of whom …").
            # Three back at most: a sentence of many ages or sizes stays linear.
            counted_before = next(
                (c for c in islice(reversed(current), 3) if c.measure.holds_parts), None
            )
            whole = _whole(ctx, i, counted_before, previous) or (
                _named_whole(ctx.left, earlier) if i == 0 else None
            )
            claim = _claim(
                doc_id, text, sent, mention, ctx, quote_index, source, whole, lexicon, len(claims)
            )
            if claim is None:
                continue
            if (
                whole is None
                and same_sentence is not None
                and _ends_with_of_the(sent.text, same_sentence.span.start - sent.start)
            ):
                # "Of the 200 delegates …, 230 voted": the earlier figure is the whole, and a
                # bare figure after it counts the same things ("230" delegates).
                if claim.measure.bare and same_sentence.measure.family == "count":
                    claim = claim.model_copy(
                        update={"part_of": same_sentence.id, "measure": same_sentence.measure}
                    )
                elif same_sentence.measure.family in (claim.measure.family, "other"):
                    claim = claim.model_copy(update={"part_of": same_sentence.id})
            claims.append(claim)
            current.append(claim)
            previous = claim
        if len(claims) - first > 1:
            current = claims[first:] = read_breakdowns(claims[first:], sent.text, facts.place_spans)
            previous = current[-1]
            if any(c.scope.parts_in for c in current):
                listed = listed.union(place for c in current for place in c.scope.parts_in)
    return claims


def _named_whole(left: str, earlier: Sequence[QuantityClaim]) -> QuantityClaim | None:
    """ "Brennock will cut 1,200 jobs. Of the jobs to go, 1,500 will be at Carrow": the figure
    of the sentence before whose noun the opening "Of the …," names is the whole."""
    m = _OF_THE_THINGS.match(left)
    if m is None:
        return None
    named = {singular(w) for w in m.group(1).lower().split()}
    for claim in reversed(earlier):
        # The first word after the figure, without splitting the rest of its sentence.
        after = _FIRST_TOKEN.search(claim.sentence.text, claim.span.end - claim.sentence.start)
        if after and singular(after.group().strip(".,;:").lower()) in named:
            return claim
    return None


def _ends_with_of_the(s: str, end: int) -> bool:
    r"""Whether ``s[:end]`` matches ``(?:^|[^\w])[Oo]f\s+the\s*$`` ("Of the 200 delegates"),
    but not after "as" ("as of the 2010 census").

    Read backwards from ``end``, so the cost is the length of the phrase, not of the text
    before it: a regex search over the sentence prefix for every figure is quadratic in a
    sentence of many figures. ``str.isspace``/``isalnum`` are the tests ``\s``/``\w`` use.
    """
    i = end
    while i > 0 and s[i - 1].isspace():
        i -= 1
    if i < 3 or s[i - 3 : i] != "the":
        return False
    i -= 3
    gap = i
    while i > 0 and s[i - 1].isspace():
        i -= 1
    if i == gap or i < 2 or s[i - 2 : i] not in ("of", "Of"):
        return False
    i -= 2
    if i == 0:
        return True
    if s[i - 1].isalnum() or s[i - 1] == "_":
        return False
    # "As of the 2010 census, 5,000 people …" dates the figure; it names no whole.
    return s[max(0, i - 4) : i - 1].lower() not in ("as", " as")


def _whole(
    ctx: _Context, index: int, same_sentence: QuantityClaim | None, previous: QuantityClaim | None
) -> QuantityClaim | None:
    """The figure this one is stated to be part of, if a link word says so."""
    if _LINK_BEFORE.search(ctx.left[-60:]) or _LINK_AFTER.match(ctx.right):
        if same_sentence is not None:
            return same_sentence
        if index == 0 and previous is not None and len(ctx.left) < 40:
            return previous  # "Four people died. The victims included six children."
    return None


def _claim(
    doc_id: str,
    text: str,
    sent: Sentence,
    mention: NumberMention,
    ctx: _Context,
    quotes: _QuoteIndex,
    source: str | None,
    whole: QuantityClaim | None,
    lex: Lexicon,
    index: int,
) -> QuantityClaim | None:
    start, end = mention.start, mention.end
    left = ctx.left
    if mention.kind in ("ordinal", "rank"):
        the = _DETERMINER_BEFORE.search(left)  # "at least the eighth blow", "its fifth"
        if the:
            left = left[: the.start()]
    qualifier = "exact"
    # A bound on an age may stand before the word "age": "girls under the age of 17".
    age = _AGE_WORDS.search(left, max(0, len(left) - 20))
    probe = left[: age.start()] if age else left
    # Qualifiers are a few words long: search only the end of the left context.
    base = max(0, len(probe) - 40)
    qm = lex.prefix_qualifiers.search(fold(probe), base)
    if (
        qm
        and qm.group(1).lower() in _PREPOSITIONS
        and _PREPOSITION_NOT_QUALIFIER.search(left, max(0, qm.start() - 30), qm.start())
    ):
        qm = None  # "averaged over 100 critics": a preposition, not a bound
    if qm:
        qualifier = lex.qualifier_of_phrase[" ".join(qm.group(1).lower().split())]
        start = mention.start - (len(ctx.left) - qm.start(1))
        left = left[: qm.start()] + left[len(probe) :]
    right = ctx.right
    pm = lex.postfix_qualifiers.match(fold(right))
    if pm and mention.kind in ("cardinal", "times"):
        qualifier = lex.qualifier_of_phrase[" ".join(pm.group(1).lower().split())]
        end = mention.end + pm.end()
        right = right[pm.end() :]
    if qualifier == "exact" and mention.kind == "cardinal":
        if mention.scaled or mention.percent:
            qualifier = "scaled"
        elif mention.unit > 1:
            qualifier = "round"

    last = _LAST_WORD.search(left, max(0, len(left) - 20))
    other_before = last is not None and last.group(1).lower() in lex.others_before
    # Read once: the measure, a part and FC106 all use it.
    counted = _counted_noun(right, lex, other_before, share=mention.percent)
    if counted is None and mention.kind not in ("ordinal", "rank"):
        counted = _counted_before(left, lex)
    measure = _measure(mention, left, right, counted, ctx, lex)
    if measure is not None and measure.family == RANK:
        mention = replace(mention, kind="rank")  # a place in a series: exact, first or not
    elif mention.kind == "rank" and measure is not None:
        # "It was the fifth such raid": a rank that counts events is an event ordinal.
        if mention.value < 2:
            return None
        mention = replace(mention, kind="ordinal")
    if whole is not None and (
        whole.measure.family in (UNALIGNED, "count")
        or (measure is not None and measure.family not in ("count", whole.measure.family))
    ):
        whole = None  # "amended the filing to include 20 counts": not a part of that figure
    # A figure's unit when its family does not say: "earned 200 crores" is money.
    unit = "money" if mention.currency else "percent" if mention.percent else None
    if whole is not None:
        own = counted if counted and not counted.family else None
        if measure is None or measure.family != whole.measure.family:
            measure = Measure(
                family=whole.measure.family,
                counted=own.word if own else whole.measure.counted,
                counted_as=own.counted_as if own else whole.measure.counted_as,
                dimension=unit,
            )
    if (
        measure is not None
        and measure.family == "age"
        and (measure.anchor is None or measure.anchor in ctx.facts.document.shared_surnames)
    ):
        # Whose age is not known ("a 22-year-old man"), or two people share the surname:
        # this age is compared with no other.
        measure = measure.model_copy(update={"alone": True})
    if measure is None:
        negated = lex.negations.search(fold(left[-40:]))
        if mention.kind not in ("cardinal", "range", "rank") or negated:
            return None
        # No measure: kept as "unaligned", which only the restatement rule (FC106) reads.
        # Money keeps its currency whether a word or a sign gave it ("£2.4m", "2.4m pounds").
        measure = Measure(
            family=UNALIGNED,
            counted=counted.word if counted else mention.currency,
            counted_as=counted.counted_as if counted else "noun",
            dimension=unit,
        )

    hard, soft = _intervals(mention, qualifier, lex)
    value, value_high = mention.value, mention.value_high
    if measure.counted_as == "unit" and measure.counted is not None:
        conversion = lex.conversions.get(measure.counted)
        if conversion is not None:  # in the dimension's base unit: "two hours" is 120 minutes
            measure = Measure(
                family=UNALIGNED, counted=conversion.base, dimension=conversion.dimension
            )
            hard = _within_last_digit(hard, value).scaled(conversion.factor)
            soft = soft.scaled(conversion.factor)
            value *= conversion.factor
            value_high = None if value_high is None else value_high * conversion.factor
    doc_start = sent.start + start
    doc_end = sent.start + end
    quote = quotes.at(doc_start)
    if quote is not None and _is_title(text[quote.start : quote.end]):
        return None  # part of a quoted title: "Furious 7", "Apollo 13", "Catch-22"
    attribution = quote.speaker if quote else source
    scope = whole.scope if whole is not None else _scope(ctx, mention, sent.start)
    folded = fold(left)
    if (
        lex.previous_value.search(folded, max(0, len(left) - 40))
        or ctx.facts.before_time < mention.start
        or (measure.family == "age" and lex.earlier_age.search(folded))
    ):
        scope = scope.model_copy(update={"previous": True})
    part_of = whole.id if whole else None
    return QuantityClaim(
        id=f"{doc_id}#q{index + 1}",
        document_id=doc_id,
        span=Span(document_id=doc_id, start=doc_start, end=doc_end, text=text[doc_start:doc_end]),
        sentence=Span(document_id=doc_id, start=sent.start, end=sent.end, text=sent.text),
        attribution=attribution,
        modality=_modality(ctx, left, attribution, lex),
        in_quote=quote is not None,
        value=value,
        value_high=value_high,
        qualifier=qualifier
        if mention.kind in ("cardinal", "ordinal", "rank", "times")
        else mention.kind.split(":")[0],
        ordinal=mention.kind in ("ordinal", "rank"),
        hard=hard,
        soft=soft,
        measure=measure,
        scope=scope,
        part_of=part_of,
        part_of_unstated=part_of is None and _PART_OF_UNSTATED.match(ctx.right) is not None,
    )


def _within_last_digit(interval: Interval, value: float) -> Interval:
    """A figure's strict reading in a unit, widened by half its last written digit at each
    closed end, as a measurement is: "197 feet" is 196.5 to 197.5 feet, which holds 60 metres
    (197 feet is 60.05 m); an open end ("more than two hours") stays as it is."""
    decimals = f"{value:.10f}".rstrip("0").split(".")[1]  # "2.5" → "5"; 1e-05 → "00001"
    half = 0.5 * 10.0 ** -len(decimals)
    lo = interval.lo if interval.lo_open else interval.lo - half
    if interval.hi is None or interval.hi_open:
        return interval.model_copy(update={"lo": lo})
    return Interval(lo=lo, hi=interval.hi + half, lo_open=interval.lo_open, hi_open=True)


def _is_title(quoted: str) -> bool:
    """A short quotation whose every word is capitalised or a figure: a title ("Furious 7",
    "Apollo 13"), not speech."""
    words = quoted.replace(",", " ").split()
    return 0 < len(words) <= 6 and all(_TITLE_WORD.fullmatch(w) for w in words)


class _QuoteIndex:
    """Finds the quote an offset falls in; quotes are sorted and do not overlap."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = quotes
        self.starts = [q.start for q in quotes]

    def at(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.quotes[i] if i >= 0 and offset < self.quotes[i].end else None


def _intervals(mention: NumberMention, qualifier: str, lex: Lexicon) -> tuple[Interval, Interval]:
    if mention.kind.startswith("vague:"):
        lo, hi = lex.vague[mention.kind.split(":", 1)[1]]
        iv = Interval(lo=lo, hi=hi, hi_open=True)
        return iv, iv
    if mention.kind == "range" and mention.value_high is not None:
        iv = Interval(lo=mention.value, hi=mention.value_high)
        return iv, iv
    if mention.kind == "ordinal":
        # "the eighth strike": at least eight strikes so far, whatever the qualifier adds.
        iv = Interval(lo=mention.value, hi=None)
        return iv, iv
    hard_t, soft_t = lex.qualifiers[qualifier]
    return hard_t.build(mention.value, mention.unit), soft_t.build(mention.value, mention.unit)


def _words(text: str, limit: int = 6) -> list[str]:
    return [m.group(1) for m in islice(_WORD.finditer(text, 0, 80), limit)]


def _set_start(words: list[str]) -> int:
    """Where the set a share is of begins: past "of", a determiner, a possessive and the names
    that only say whose the set is ("of the wells", "of the valley's orchards", "of Tarrow
    Mills' staff", "of last year's burglaries", "of Calder Bay voters"; not "of Britons")."""
    if not words or words[0].lower() != "of":
        return 0
    i = 2 if len(words) > 1 and words[1].lower() in SET_DETERMINERS else 1
    for k in range(i, min(i + 3, len(words))):
        if words[k].endswith(("'s", "’s", "'", "’")):
            i = k + 1  # the possessive and the name or time it ends
            break
        if not words[k][:1].isupper():
            break
    names = i
    while names < min(i + 3, len(words)) and words[names][:1].isupper():
        names += 1
    if i < names < len(words) and words[names][:1].islower() and not looks_plural(words[names - 1]):
        return names
    return i


# A set named before its figure: "the number of registered voters was 1.2 million", "put the
# share of Monday's beds taken by patients at 44 per cent". Not "a number of" (several).
_SET_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:total\s+)?"
    r"(?:number|count|total|tally|share|proportion|percentage)\s+(?=of\s)"
)


def _counted_before(left: str, lex: Lexicon) -> _Counted | None:
    """What a figure counts when its sentence names the set before it and no clause break
    stands between them ("the number of protesters at 5,000")."""
    named = [m.end() for m in _SET_BEFORE.finditer(left)]
    if not named or any(mark in left[named[-1] :] for mark in ",;:()"):
        return None
    return _counted_noun(" " + left[named[-1] :], lex, share=True)


_SLASHED_UNIT = re.compile(r"[\s-]?([A-Za-z]+/[A-Za-z]+)\b(?!/)")


def _counted_noun(
    right: str, lex: Lexicon, other_before: bool = False, share: bool = False
) -> _Counted | None:
    """The counted noun after a figure and the family it implies, if any.

    Skips known modifiers and up to two unknown adjectives ("11 suspected smuggling boats").
    None when no counted noun follows. The noun stands right after the figure: not past a
    comma ("in 1153, Osbert …") nor a closing quote mark ("'Furious 7' continues …").
    ``other_before``: the word before the figure makes the set a different one ("another
    12"). A ``share`` counts the set after "of" and its determiner ("40% of the village
    wells", "half of their members"); a count there is a part ("three of the victims").
    """
    if right[:1] in _CLOSING_QUOTES:
        return None
    right = _NOUN_STOP.split(right, 1)[0]
    slashed = _SLASHED_UNIT.match(right)
    if slashed and slashed.group(1).lower() in lex.conversions:
        return _Counted(slashed.group(1).lower(), None, "unit")  # "40 km/h", not 40 km
    words = _words(right)
    if words and (right.lstrip()[:1].isalpha() or right[:1] == "-"):
        first = words[0].lower()
        if first in lex.units or first in lex.conversions:
            return _Counted(first, None, "unit")  # "100 mph", "4 years", "a 150-minute flight"
    i = _set_start(words) if share else 0
    other = other_before
    while i < len(words) and (
        words[i].lower() in lex.modifiers or words[i].lower() in lex.others or words[i] == "of"
    ):
        other = other or words[i].lower() in lex.others
        i += 1
    if other:
        # "seven other deaths", "70 more": a set beside the one counted before.
        noun = words[i].lower() if i < len(words) else "people"
        return _Counted(f"other {noun}", None)
    if i + 1 < len(words) and words[i][0].isupper() and words[i + 1].lower() in lex.family_of_noun:
        i += 1  # "14 COVID-19 cases": a name that only says which cases
    if i < len(words) and words[i][0].isupper() and not words[i].lower().endswith("s"):
        return _Counted(words[i], None, "name")  # "34 Acquire the Fire rallies"
    for j in range(i, min(i + 3, len(words))):
        found = _noun(words, j, lex, first=j == i)
        if found is not None:
            return _with_coordinated(found, words, j + len(found.word.split()), lex)
        low = words[j].lower()
        if low in _STOP_NOUNS or not low.isalpha() or words[j][0].isupper():
            return None
    return None


def _with_coordinated(found: _Counted, words: list[str], after: int, lex: Lexicon) -> _Counted:
    """One figure for two kinds of thing ("712 officers and enlisted men") counts neither
    alone, so it is no part of a figure for either: it counts their union. Not across a verb
    ("15,000 people and has operations")."""
    if after + 1 >= len(words) or words[after].lower() not in ("and", "or"):
        return found
    for k in (after + 1, after + 2):
        if k >= len(words) or (k > after + 1 and words[k - 1].lower() in _NOT_ADJECTIVES):
            break
        other = _noun(words, k, lex, first=False)
        if other is not None and other.family == found.family:  # not "5 people and injured 12"
            return _Counted(f"{found.word} {words[after].lower()} {other.word}", found.family)
    return found


def _noun(words: list[str], i: int, lex: Lexicon, first: bool) -> _Counted | None:
    word = words[i]
    low = word.lower()
    two = f"{low} {words[i + 1].lower()}" if i + 1 < len(words) else ""
    if two in lex.counted_parents:
        return _Counted(two, None)
    if low in lex.family_of_noun:
        return _Counted("people", lex.family_of_noun[low])
    if low in lex.event_of_word:
        return _Counted(lex.event_of_word[low], "events")
    if low in lex.people_words:
        return _Counted("people", None)
    if low in lex.counted_parents:
        return _Counted(low, None)
    if low in lex.currency_of_word:
        return _Counted(lex.currency_of_word[low], "money")
    # A capitalised plural right after a figure names people: "eight Marines".
    if first and word[0].isupper() and low.endswith("s") and not low.endswith("ss"):
        return _Counted(low, None)
    # "-us" and "-is" end singulars: "coronavirus", "campus", "crisis"
    plural = looks_plural(low) and len(low) > 3
    if plural and low not in _STOP_NOUNS and ("-" in low or low.isalpha()):
        return _Counted(_american(low), None)
    return None


def _american(noun: str) -> str:
    """One spelling for a counted noun: "theatres" and "theaters" count the same things."""
    return noun[:-4] + "ters" if noun.endswith("tres") and len(noun) > 6 else noun


def _nearest_cue(
    left: str,
    right: str,
    lex: Lexicon,
    noun: str | None = None,
    after_item: bool = False,
    next_figure: bool = False,
) -> str | None:
    """The family of the nearest cue word; a cue after the figure that a passive or perfect
    auxiliary introduces wins ("at least 12 were injured"), and so does one right after the
    figure's own noun ("and three people died", "3 officers wounded").

    For a figure with a noun of its own (``noun``), a cue that is another figure's noun in a
    list is not its cue: "4 deaths and 7 recoveries" counts no deaths in the 7, nor "7
    recoveries and 4 deaths". With ``after_item``, ``left`` opens where an item of a list
    ends, the sentence's previous figure (not a whole this one is part of: "Of the 7 injured, 3
    children"), and a cue right there, or one word on ("4 confirmed deaths"), is that
    figure's, unless this figure counts people with no cue of their own after a comma: a
    breakdown of that figure ("left 12 dead, 5 children and 7 adults"; not "40 deaths and 300
    patients discharged"). A verb before this figure is its own ("killed 2 and injured 12
    workers"), and so is one after a list ("Four soldiers and two civilians died"). With
    ``next_figure``, ``right`` ends where the sentence's next figure starts, and a verb right
    after a list break with only a qualifier before that figure is that figure's ("and
    employed about 2,300"; not "Twelve people, mostly women, were killed and 30 …")."""

    def family(m: re.Match[str]) -> str:
        return lex.family_of_cue[" ".join(m.group().lower().split())]

    window_left = left[-90:]
    before = list(lex.family_cues.finditer(fold(window_left)))
    cue_just_before = bool(before) and not window_left[before[-1].end() :].strip()
    rm = lex.family_cues.search(fold(right[:70]))
    if rm and noun and _CARDINAL_BEFORE.search(right, 0, rm.start()):
        rm = None  # "7 recoveries and 4 deaths": the next figure's noun
    if (
        rm
        and next_figure
        and _BREAK_BEFORE.search(right, 0, rm.start())
        and _only_a_qualifier(right[rm.end() :], lex)
    ):
        rm = None  # "treated 41,000 patients and employed 2,300": the next figure's verb
    if rm and noun and _OWN_PREDICATE.fullmatch(right, 0, rm.start()) and not cue_just_before:
        # "and three people died": the verb right after the figure's noun is its own, unless
        # one stands right before the figure ("arrested 12 men wounded in the raid")
        return family(rm)
    # People with no cue of their own after a comma: maybe a breakdown of the figure before.
    breakdown = noun is not None and rm is None and _counts_people(noun, lex)
    # A verb of its own ("and 13 patients were treated"): after a figure that is no whole of
    # it, a cue before a list break is another clause's.
    own_verb = noun is not None and _AUX_CUE.match(right) is not None
    best: tuple[int, str] | None = None
    for m in before:
        if (
            noun
            and after_item
            and len(left) <= len(window_left)
            and _at_item_end(window_left[: m.start()], lex)
            and (breaks := _LIST_BREAK.findall(window_left, m.end()))
            and not (breakdown and breaks[-1] in _BREAKDOWN)
        ):
            continue  # "4 deaths and 7": the previous figure's noun
        if own_verb and after_item and _LIST_BREAK.search(window_left, m.end()):
            continue  # "Seven people died and 13 patients were treated"
        dist = len(window_left) - m.end()
        if best is None or dist <= best[0]:
            best = (dist, family(m))
    if rm:
        if _AUX_CUE.match(right[: rm.start()] + " ") and rm.start() < 30:
            return family(rm)
        if best is None or rm.start() < best[0]:
            best = (rm.start(), family(rm))
    return best[1] if best else None


def _only_a_qualifier(between: str, lex: Lexicon) -> bool:
    """Nothing stands between a verb and the next figure but that figure's qualifier:
    "employed 2,300", "employed about 2,300", "killing more than 30"; not "drowned when 2"."""
    folded = fold(between)
    if not folded.strip():
        return True
    m = lex.prefix_qualifiers.search(folded)
    return m is not None and not folded[: m.start()].strip()


def _at_item_end(between: str, lex: Lexicon) -> bool:
    """What stands between a figure and a cue leaves the cue the figure's noun: nothing, or
    a modifier ("4 confirmed deaths"); not a noun with its verb ("Three adults died", "Two
    people drowned")."""
    words = between.split()
    if not words:
        return True
    word = words[0].lower()
    return (
        len(words) == 1
        and word not in ("and", "or")
        and word not in lex.people_words
        and not wordnet.is_plural_noun(word)
    )


def _after_item(ctx: _Context) -> bool:
    """``ctx.left`` opens where the sentence's previous figure ends, and that figure is not a
    whole named as such ("Of the 7", "among some 40", "of 1.2 million")."""
    opens = ctx.offset - len(ctx.left)
    return opens > 0 and not _WHOLE_BEFORE.search(ctx.sentence, max(0, opens - 60), opens)


def _counts_people(noun: str, lex: Lexicon) -> bool:
    """The counted noun names people: "people", "children", "passengers"."""
    return noun in lex.people_words or lex.is_subset(noun, "people")


def _small(word: str) -> float:
    """The value of a figure ``_SMALL`` matched: digits, or a number word."""
    return float(word) if word[0].isdigit() else words_value(word) or 0.0


def _one_in(ctx: _Context, value: float) -> bool:
    """The figure is one side of "N in M" with N < M ("one in five residents")."""
    after = _IN_M.match(ctx.sentence[ctx.end :])
    if after and value < _small(after.group(1)):
        return True
    before = _N_IN.search(ctx.sentence[max(0, ctx.offset - 40) : ctx.offset])
    return bool(before and _small(before.group(1)) < value)


def _measure(
    mention: NumberMention,
    left: str,
    right: str,
    counted_after: _Counted | None,
    ctx: _Context,
    lex: Lexicon,
) -> Measure | None:
    ranked = mention.kind in ("ordinal", "rank")  # "12th out of 180": a place in a field
    if (
        _RATE_BEFORE.search(left)
        or (_RATE_AFTER.match(right) and not ranked)
        or _AGE_OF.search(left)
    ):
        return None  # "612 out of 10,000 infants": a rate; "the age of five": an age
    if _FRACTION_AFTER.match(right) or _one_in(ctx, mention.value):
        return None
    if mention.percent:
        rate = None
        for m in lex.rates.finditer(fold(left)):
            rate = " ".join(m.group().lower().split())
        if rate is None:
            rm = lex.rates.match(fold(right.lstrip()))
            rate = " ".join(rm.group().lower().split()) if rm else None
        return Measure(family="percentage", anchor=rate) if rate else None
    if mention.currency:
        anchor = _money_anchor(left, right, lex)
        return Measure(family="money", counted=mention.currency, anchor=anchor) if anchor else None
    if mention.scale is not None or (counted_after is None and _RATING_OF.search(left[-40:])):
        # "an average rating of 3.8/10", "a rating of less than 5.6": a rating out of 10
        return Measure(family="rating")
    if (mention.kind == "cardinal" and _YEAR_OLD.match(right)) or (
        mention.kind in ("cardinal", "range")
        and _AGED.search(ctx.sentence, max(0, ctx.offset - 40), ctx.offset)
    ):
        person = _age_anchor(left, right, lex)
        described = _AGE_THEN_ROLE.match(right) if person is None else None
        if described and THE_BEFORE.search(left):
            # "the 57-year-old judge": the judge the document names, if only one ("a 44-year-old
            # coach" brings in someone new)
            person = ctx.facts.document.holder_of(described.group(1).split()[::-1])
        return Measure(family="age", anchor=person)
    if mention.kind == "cardinal" and _PERSON_OF_BEFORE.search(left):
        person = _age_anchor(left, "", lex)
        return Measure(family="age", anchor=person)
    said_of = _AGE_CLAUSE_AFTER_NAME.search(left, max(0, len(left) - 24))
    name = _name_before_comma(left[: said_of.start() + 1]) if said_of else None
    if (
        mention.kind == "cardinal"
        and name
        and mention.value <= 120
        and mention.value.is_integer()
        and _AGE_AFTER_NAME.match(right)
        and name.lower() not in lex.not_places  # not "In March, 40, …"
    ):
        # "Rutte, 58, said", "Kell, 64, still coaches": AP's age after a name; "Kell, who is
        # 64, said", "Kell, now 64, said".
        return Measure(family="age", anchor=name.lower())
    if (
        mention.kind == "cardinal"
        and mention.value <= 120
        and mention.value.is_integer()
        and _ROLE_BEFORE_COMMA.search(left[-60:])
        and _AGE_AFTER_NAME.match(right)
    ):
        return Measure(family="age")  # whose, no name says: compared with no other age
    counted = counted_after if mention.kind != "times" else _Counted("times", None)
    if counted and counted.counted_as == "unit":
        if _GAMES.match(right):
            # "has lost three games": the games count the event the verb before names.
            event = _event_verb(left[-40:], lex)
            return Measure(family="events", counted=event) if event else None
        return None
    if (counted and counted.word in ("time", "times")) or (
        counted is None and re.match(r"^\s*(?:more\s+)?times\b", right)
    ):
        event = ctx.facts.last_event
        return Measure(family="events", counted=event) if event else None
    if counted and counted.family == "events":
        return Measure(family="events", counted=counted.word)
    if ranked:
        rank = rank_at(ctx.sentence, ctx.offset, ctx.end, lex.not_names)
        if rank is not None and rank.placing:  # "finished second in the final"
            return Measure(family=RANK, counted=rank.head, anchor=rank.item)
        if counted is None and re.match(r"^\s*time\b", right):
            event = ctx.facts.last_event  # "walked out for the fifth time"
            return Measure(family="events", counted=event) if event else None
        if counted is None and re.match(
            r"^\s*(?:such\s+)?(?:in|on|against|of|since|this)\b", right
        ):
            event = ctx.facts.event_before(ctx.offset)  # "the 21st in the city"
            return Measure(family="events", counted=event) if event else None
        return Measure(family=RANK, counted=rank.head, anchor=rank.item) if rank else None
    if counted and counted.family:
        family: str | None = counted.family
    else:
        next_figure = ctx.end + len(ctx.right) < len(ctx.sentence)
        if _COORDINATED.fullmatch(right):
            # "Four guards and two drivers were hurt": the verb after the next
            # figure is this one's too.
            right = ctx.sentence[ctx.end : ctx.end + 120]
            next_figure = False
        noun = counted.word if counted else None
        family = _nearest_cue(left, right, lex, noun, _after_item(ctx), next_figure)
        if family is None and noun is not None:
            family = _lives_there(noun, left, ctx.sentence[ctx.end : ctx.end + 60], lex)
    if family is None and counted is not None and not counted.word.startswith("other "):
        return Measure(family="count", counted=counted.word, counted_as=counted.counted_as)
    if family is None or family in ("events", "money", "percentage", "age", "count"):
        return None
    if counted is None:
        return Measure(family=family, counted="people") if family in lex.human_families else None
    if counted.word in lex.same_as_people.get(family, ()):
        return Measure(family=family, counted="people")
    return Measure(family=family, counted=counted.word, counted_as=counted.counted_as)


# Whose residents a figure counts: "the city's 900,000 residents", "Kessing's 40,000
# residents", "the country's 9 million people" (not "the company's 900 people").
_POPULATION_OF = re.compile(
    r"(?:\b(?P<place>city|town|village|island|country|nation|region|province|county|district|"
    r"capital|state)['’]s|\b[A-Z][a-z]+['’]s|\b(?:[Ii]ts|[Tt]heir))\s+(?:(?:some|about|roughly|"
    r"nearly|almost|around|estimated|over|more\s+than|fewer\s+than)\s+)?$"
)
_DWELLERS = frozenset({"residents", "inhabitants"})
# Words after the noun that pick some of them out: "people over 65", "residents who fled".
_SOME_OF_THEM = re.compile(
    r"\s*(?:over|under|aged|older|younger|above|below|who|that|whose|with|without|living|"
    r"of|in|at)\b"
)


def _lives_there(noun: str, left: str, right: str, lex: Lexicon) -> str | None:
    """The population, when a place's own people are counted, all of them, with no event
    about them: residents or inhabitants of anything, people or citizens only of a place
    noun."""
    if noun not in lex.same_as_people.get("population", ()):
        return None
    found = _POPULATION_OF.search(left[-60:])
    at = right.find(noun, 0, 40)
    if found is None or at < 0 or _SOME_OF_THEM.match(right, at + len(noun)):
        return None
    return "population" if noun in _DWELLERS or found.group("place") else None


def _name_before_comma(left: str) -> str | None:
    r"""The last word of the names that ``left`` ends with before a comma ("Mark Rutte, " →
    "Rutte"): the last word of ``([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*),\s*$``, read back from
    the end. The regex, tried at every capital of a long run of names, is quadratic in it.

    The word is the run of word characters before the comma from its first capital (one
    that has a character after it): a run that starts with a capital is whole, a longer
    match starting further back only adds words before it.
    """
    end = len(left)
    while end > 0 and left[end - 1].isspace():
        end -= 1
    if end == 0 or left[end - 1] != ",":
        return None
    end -= 1
    start = end
    while start > 0 and (left[start - 1].isalnum() or left[start - 1] in "_'’-"):
        start -= 1
    for j in range(start, end - 1):
        if "A" <= left[j] <= "Z":
            return left[j:end]
    return None


def _event_verb(text: str, lex: Lexicon) -> str | None:
    found = None
    for m in lex.event_words.finditer(fold(text)):
        found = lex.event_of_word[" ".join(m.group().lower().split())]
    return found


# Adverbs that say where money was earned, read as the adjective the same total takes
# ("$65 million globally" is the worldwide gross; an adverb is otherwise no anchor).
_WHERE_EARNED = {"globally": "worldwide", "domestically": "domestic"}


# The thing money is the amount of, before the figure: "a budget of", "the deal was", "the
# stadium cost", "the bridge will cost".
_MONEY_OF_BEFORE = re.compile(
    r"\b([a-z]+)\s+(?:of|at|worth|totaling|totalling|totalled|totaled|was|is|were|are"
    r"|(?:(?:will|would|could|may|might)\s+)?costs?)\s*$"
)


def _money_anchor(left: str, right: str, lex: Lexicon) -> str | None:
    currency_words = lex.currency_of_word
    nxt = _words(right, 6)
    if nxt and nxt[0].lower() in currency_words:
        nxt = nxt[1:]  # "5 million pounds for repairs": the currency is no anchor
        if nxt and nxt[0].lower() == "sterling":
            nxt = nxt[1:]
    if nxt and nxt[0].lower() in _WHERE_EARNED:
        return _WHERE_EARNED[nxt[0].lower()]  # "grossed $65 million globally"
    if nxt and nxt[0].lower() in ("in", "of", "for"):
        nxt = nxt[1:]  # "$40m in visitor spending", "$5m for repairs"
        phrase = []
        for word in nxt:
            low = word.lower()
            if low in _STOP_NOUNS or not low.isalpha():
                break
            phrase.append(low)
        if phrase and _names_a_thing(phrase[-1], lex):
            return singular(phrase[-1])
    for word in nxt[:2]:
        low = word.lower()
        if low in _STOP_NOUNS or not low.isalpha() or low in _NOT_NOUNS or low.endswith("ly"):
            break
        return singular(low) if _names_a_thing(low, lex) else None
    before = _MONEY_OF_BEFORE.search(left)
    if before and before.group(1) not in _STOP_NOUNS and _names_a_thing(before.group(1), lex):
        return singular(before.group(1))
    return None


def _names_a_thing(word: str, lex: Lexicon) -> bool:
    """Whether a word near money can say what the money is ("a budget", "the deal",
    "earnings"): a word WordNet knows as a noun ("stood at 54 crores", "came from" are none),
    and not one of the measures lexicon's ``not_money_things`` (a pronoun, a comparison, a
    verb's form, a scale, a day)."""
    if word in _EARNED_WHERE:
        return True  # "grossed $64 million worldwide", "88 crores nett"
    return word not in lex.not_money_things and bool(wordnet.noun_keys(word))


# Where or how money was earned, words no noun: the box office's worldwide and nett grosses.
_EARNED_WHERE = frozenset(
    {"worldwide", "overseas", "oversea", "abroad", "nett", *_WHERE_EARNED.values()}
)


def _named_after_noun(right: str) -> str | None:
    """The name of ``_NAME_AFTER_NOUN``, when the words before the comma describe a person
    rather than say what happened: "man" or "bus driver", not "man was charged"."""
    found = _NAME_AFTER_NOUN.match(right)
    if found is None or any(wordnet.inflected_verb(w) for w in found.group("noun").split()):
        return None
    return found.group("name")


def _age_anchor(left: str, right: str, lex: Lexicon) -> str | None:
    """The surname an age belongs to; None unless a proper name is right there."""
    apposition = _APPOSITION_NAME.search(left)
    if apposition and _PLACE_PREPOSITION.search(left, 0, apposition.start(1)):
        apposition = None  # "In Harwick, a 22-year-old man …": a place, not a name
    if apposition:
        name: str | None = apposition.group(1)
    else:
        nm = _NEXT_NAME.match(right)
        named = nm.group(1) if nm else _named_after_noun(right)
        name = named.split()[-1] if named else None
    if name is None:
        before = re.search(
            rf"([A-Z][\w'’-]+)\s*,?\s*(?:was\s+|is\s+)?(?:aged\s*|{_PERSON_OF}\s*)?$", left
        )
        name = before.group(1) if before else None
    if name is None or name.lower() in lex.not_places or name.lower() in _STOP_NOUNS:
        return None
    return name.lower()


def _clause(ctx: _Context) -> tuple[int, int]:
    """Where the figure's clause starts and ends in its sentence: its window, cut at clause
    breaks ("…, and all but three had been released by Sunday")."""
    cuts = list(_CLAUSE_BREAK.finditer(ctx.left))
    start = ctx.offset - len(ctx.left) + (cuts[-1].end() if cuts else 0)
    cut = _CLAUSE_BREAK.search(ctx.right)
    return start, ctx.end + (cut.start() if cut else len(ctx.right))


_NOW = ScopeTime.of("now")


def _scope(ctx: _Context, mention: NumberMention, sentence_start: int) -> Scope:
    facts = ctx.facts
    pos = ctx.offset
    kind: Literal["incident", "total", "unknown"] = "unknown"
    event: str | None = None
    event_at: int | None = None
    total_dist = _nearest_distance(facts.totals, pos)
    at = _nearest_index(facts.incident_starts, pos)
    incident = facts.incidents[at] if at is not None else None
    incident_dist = abs(incident[0] - pos) if incident else None
    if mention.kind == "ordinal" or (
        total_dist is not None and (incident_dist is None or total_dist <= incident_dist)
    ):
        kind = "total"
    elif incident is not None:
        kind, event = "incident", incident[1]
        if incident[2]:
            event_at = sentence_start + incident[0]
    since = facts.since
    start_time = since.when if since else None
    start, end = _clause(ctx)
    if kind == "unknown" and _any_in(facts.dated_totals, start, end):
        kind = "total"  # "By Friday, 12,000 people had been evacuated"
    found = _nearest_time(facts, start, end, pos, prefer_periods=kind == "total")
    if found is None:
        found = facts.opening_time_of(end)
    explicit = ScopeTime.of(found) if found else None
    if start_time and explicit and explicit.undated.replace("-", " ") in start_time:
        explicit = None  # the time is the start of the total, not when it held
    # A running total "since X" holds up to now, unless the clause dates it ("By Tuesday").
    time = explicit if explicit and not explicit.now else (_NOW if since else explicit)
    at = _nearest_index(facts.place_starts, pos)
    place = facts.place_spans[at].name if at is not None else None
    return Scope(
        kind=kind, time=time, since=start_time, place=place, event=event, event_at=event_at
    )


# A sentence of many figures and many cues would cost figures × cues if every figure looked at
# every cue: the cues' positions are sorted (``finditer`` order), so a bisection finds the
# nearest, and ties go to the earlier cue as ``min`` over the list did.


def _nearest_index(starts: Sequence[int], pos: int) -> int | None:
    """Index of the position nearest ``pos`` in a sorted list of distinct positions; of two
    as near, the earlier."""
    if not starts:
        return None
    k = bisect.bisect_left(starts, pos)
    if k == 0:
        return 0
    if k == len(starts) or pos - starts[k - 1] <= starts[k] - pos:
        return k - 1
    return k


def _nearest_distance(starts: Sequence[int], pos: int) -> int | None:
    at = _nearest_index(starts, pos)
    return None if at is None else abs(starts[at] - pos)


def _any_in(starts: Sequence[int], lo: int, hi: int) -> bool:
    """Whether a sorted list holds a position in ``[lo, hi)``."""
    k = bisect.bisect_left(starts, lo)
    return k < len(starts) and starts[k] < hi


_HAS_MONTH = re.compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec").search
_HAS_DIGIT = re.compile(r"\d").search


def _phrase(m: re.Match[str]) -> str:
    """A time phrase as a scope value: "late Tuesday night" → "tuesday"."""
    value = " ".join(m.group(1).lower().split())
    value = re.sub(r"^(?:early|late|earlier|later)\s+", "", value)
    return re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", value)


def _day_first(m: re.Match[str]) -> str:
    """ "23 March 2020" as "march 23 2020", the value "March 23, 2020" has."""
    return _with_year(f"{m.group(2).lower()} {int(m.group(1))}", m.group(3))


def _month_day(m: re.Match[str]) -> str:
    """ "Sept. 14, 2025" as "sept. 14 2025"."""
    return _with_year(_phrase(m), m.group(2))


def _with_year(day: str, year: str | None) -> str:
    return f"{day} {year}" if year else day


# Each time pattern with a cheap test that must pass for it to match at all, and its value.
_TIME_PATTERNS: tuple[
    tuple[re.Pattern[str], Callable[[str], object], Callable[[re.Match[str]], str]], ...
] = (
    (_WEEKDAY, lambda low: "day" in low, _phrase),
    (_MONTH_DAY, _HAS_MONTH, _month_day),
    (_DAY_MONTH, _HAS_MONTH, _day_first),
    (_MONTH_PART, _HAS_MONTH, _phrase),
    (_MONTH_YEAR, _HAS_MONTH, _phrase),
    (_YEAR, _HAS_DIGIT, _phrase),
    (_AGO, lambda low: "ago" in low, _phrase),
)


def _times(s: str, folded: Folded, lex: Lexicon) -> list[tuple[int, int, str, bool]]:
    """Every time phrase of a sentence: (start, end, normalised value, is a period or now)."""
    found = []
    for m in lex.time_phrases.finditer(folded):
        phrase = " ".join(m.group().split())
        value = "now" if lex.now_words.fullmatch(Folded(phrase)) else phrase
        found.append((m.start(), m.end(), value, value in _PERIODS or value == "now"))
    low = s.lower()
    for rx, trigger, value_of in _TIME_PATTERNS:
        if not trigger(low):
            continue  # a substring test is far cheaper than a scan of the sentence
        for m in rx.finditer(s):
            found.append((m.start(), m.end(), value_of(m), False))
    return found


def _nearest_time(
    facts: _SentenceFacts, start: int, end: int, pos: int, prefer_periods: bool
) -> str | None:
    """The time phrase of the clause nearest the figure; for a total, periods ("this year")
    before days. Only the phrases starting in the clause are looked at (by bisection): a
    clause lies between two figures, so all figures together read each phrase about twice."""
    times = facts.times_by_start
    first = bisect.bisect_left(facts.time_starts, start)
    last = bisect.bisect_right(facts.time_starts, end, first)
    inside = [
        (0 if prefer_periods and period else 1, abs(t_start - pos), value)
        for t_start, t_end, value, period in times[first:last]
        if t_end <= end
    ]
    return min(inside)[2] if inside else None


def _modality(ctx: _Context, left: str, attribution: str | None, lex: Lexicon) -> Modality:
    near_left = left[-40:]
    folded = fold(near_left)
    if lex.negations.search(folded):
        return "negated"
    if ctx.facts.first_conditional < ctx.offset or lex.thresholds.search(folded):
        return "conditional"  # a hypothetical, or a limit ("gatherings of more than 100")
    if lex.hedges.search(near_left) or lex.hedges.search(ctx.right[:25]) or ctx.facts.uncertain:
        return "hedged"
    if attribution:
        return "reported"
    return "asserted"
