"""People and organisations: their names, the titles the text gives them, later bare mentions.

Our own patterns over capitalised words, read with ``rules/lexicons/titles.yml``. A run of
capitalised words is a person only with a signal that says so:
- a title before it: "Defense Secretary Pete Hegseth", "Venezuelan leader Nicolás Maduro";
- a title set off after it: "Mark Rutte, NATO's secretary-general,";
- a courtesy title ("Mr. Trump") or a speech verb ("Anna Lindqvist said", "said Anna Lindqvist");
- once a person is known, their surname alone ("Hegseth") or their full name untitled.
Every mention of one person shares ``EntityClaim.key``: the surname, case and accents folded.

Precision first: sentence-initial words, months, weekdays, places ("in Caracas") and runs that
end in an organisation word ("Defense Department") are never people, and a title with no name
after it ("the Pentagon chief said") links to no one.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from factcheck.errors import ConfigError
from factcheck.extract.lexicon import Lexicon, TitlesFile, lexicon_files, phrase_regex
from factcheck.model import Document, EntityClaim, Span
from factcheck.text.attribution import Quote
from factcheck.text.segment import Sentence
from factcheck.text.trie import trie_pattern
from factcheck.text.years import YEAR_WORD

TitleKind = Literal["office", "descriptive", "other"]

# Capital letters of Latin-1 and Latin Extended-A/B: names like "Łukasz" or "Šimon".
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LETTER = r"[^\W\d_]"
# A capitalised word; an apostrophe only inside it ("O'Brien"), never a possessive "'s".
_WORD = rf"[{_UPPER}](?:{_LETTER}|-(?={_LETTER})|['’](?!s\b)(?={_LETTER}))+"
_SP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # spaces, or one line break of hard-wrapped copy
_PARTICLE = r"(?:de|da|del|della|der|den|di|du|dos|das|van|von|bin|ibn|al|el|le|la|ter|ten)"
_NAME = rf"{_WORD}(?:{_SP}(?:[{_UPPER}]\.{_SP})*(?:{_PARTICLE}(?:{_SP}|-))?{_WORD}){{0,3}}"
_NAME_AFTER = re.compile(rf"{_SP}({_NAME})")
# No lookbehind here: a pattern that starts with a character class scans twice as fast, so
# the word before a run is checked in Python (``_mid_word``).
_NAME_RUN = re.compile(_NAME)
_APPOSITION_HEAD = re.compile(rf"(?<![\w.'’-])({_NAME}),{_SP}(?:(?:the|a|an){_SP})?$")
_APPOSITION_TAIL = re.compile(
    rf"(?:{_SP}(?:of|for|from|in|at){_SP}(?:the{_SP})?{_WORD}(?:{_SP}{_WORD}){{0,3}})?"
    r"[^\S\n]*(?:[,;:.)!?—–]|$)"
)
_ELECT = re.compile(r"-elect\b", re.IGNORECASE)
_HYPHEN_PREFIX = re.compile(r"([A-Za-z]+)-$")
_SUFFIX = re.compile(r",?[^\S\n]+(Jr|Sr)\.?|[^\S\n]+(II|III|IV)\b")
_DAY_NUMBER = re.compile(r"[^\S\n]+\d")
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
_PARTICLES = frozenset(_PARTICLE[3:-1].split("|"))
_TOKEN = re.compile(r"\S+")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "another"})
_WINDOW = 100  # how far before its title an appositive's name may start


# -- the titles lexicon -------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleWord:
    kind: TitleKind
    office: str | None


@dataclass(frozen=True)
class Titles:
    """``titles.yml`` compiled for the extractor and the FC3xx rules."""

    wordings: dict[str, TitleWord]  # normalised wording → what it names
    titles: re.Pattern[str]
    honorifics: frozenset[str]
    groups: dict[str, frozenset[int]]  # office → the exclusive groups it belongs to
    qualifier_of: dict[str, str]  # "former" → "time", "acting" → "acting", "deputy" → …
    modifiers: frozenset[str]
    change_cues: re.Pattern[str]
    not_names: frozenset[str]
    month_names: frozenset[str]
    organizations: frozenset[str]
    place_words: frozenset[str]
    place_prepositions: frozenset[str]
    speech_verbs: frozenset[str]
    speech_after: re.Pattern[str]  # a speech verb right after a name: " said", " also told"

    def word(self, written: str) -> TitleWord | None:
        return self.wordings.get(normalise_title(written))

    def exclusive(self, a: str, b: str) -> bool:
        """Two different offices that one person cannot hold at once."""
        return a != b and bool(self.groups.get(a, frozenset()) & self.groups.get(b, frozenset()))

    def changes_over_time(self, sentence: str) -> bool:
        """The sentence places a title in another time ("later became", "until 2019")."""
        return bool(self.change_cues.search(sentence) or YEAR_WORD.search(sentence))


def normalise_title(written: str) -> str:
    return " ".join(written.lower().replace("-", " ").split())


def _variants(wording: str) -> set[str]:
    """The ways a wording is written: as listed, in lowercase, with every word capitalised;
    hyphens also as spaces. Matching these case-sensitively scans twice as fast as one
    case-insensitive pattern (the price: a larger pattern to compile once)."""
    out = set()
    for w in (wording, wording.replace("-", " ")):
        lower = w.lower()
        out |= {w, lower, " ".join(x[:1].upper() + x[1:] for x in lower.split(" "))}
    return out


def _compile_titles(data: TitlesFile) -> Titles:
    problems = []
    wordings: dict[str, TitleWord] = {}
    for w in data.other:
        wordings[normalise_title(w)] = TitleWord("other", None)
    for w in data.descriptive:
        wordings[normalise_title(w)] = TitleWord("descriptive", None)
    for office, words in data.offices.items():
        for w in words:
            wordings[normalise_title(w)] = TitleWord("office", office)
    groups: dict[str, set[int]] = {}
    for i, group in enumerate(data.exclusive):
        for office in group:
            if office not in data.offices:
                problems.append(
                    f"titles.yml: exclusive group {i + 1} names unknown office {office!r}"
                )
            groups.setdefault(office, set()).add(i)
    if problems:
        raise ConfigError(problems)
    written = {v for words in (*data.offices.values(), data.descriptive, data.other) for w in words
               for v in _variants(w)}  # fmt: skip
    qualifier_of = {w.lower(): "acting" for w in data.qualifiers.acting}
    qualifier_of |= {w.lower(): "subordinate" for w in data.qualifiers.subordinate}
    qualifier_of |= {w.lower(): "time" for w in data.qualifiers.time}
    verbs = trie_pattern(v.lower() for v in data.speech_verbs)
    return Titles(
        wordings=wordings,
        titles=re.compile(rf"\b(?:{trie_pattern(written)})(?!\w)"),
        honorifics=frozenset(data.honorifics),
        groups={k: frozenset(v) for k, v in groups.items()},
        qualifier_of=qualifier_of,
        modifiers=frozenset(w.lower() for w in data.modifiers),
        change_cues=phrase_regex(data.change_cues),
        not_names=frozenset(data.not_names),
        month_names=frozenset(data.month_names),
        organizations=frozenset(w.rstrip(".") for w in data.organizations),
        place_words=frozenset(data.place_words),
        place_prepositions=frozenset(w.lower() for w in data.place_prepositions),
        speech_verbs=frozenset(v.lower() for v in data.speech_verbs),
        speech_after=re.compile(rf"{_SP}(?:(?:also|then|[a-z]+ly){_SP})?(?:{verbs})(?![\w-])"),
    )


@lru_cache(maxsize=8)
def load_titles(rule_paths: tuple[str, ...] = ()) -> Titles:
    """The titles lexicon, compiled once: the bundled file extended by
    ``<rule path>/lexicons/titles.yml`` as in ``load_lexicon``."""
    data = lexicon_files(rule_paths)["titles"]
    assert isinstance(data, TitlesFile)
    return _compile_titles(data)


# -- names --------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """Lowercase without accents: "Nicolás" → "nicolas"."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class NameParts:
    given: str | None  # as written; None for a bare surname
    surname: str  # as written
    suffix: str | None = None  # "Jr", "III"


def name_parts(name: str) -> NameParts:
    """Split a person's name as the extractor wrote it: "Donald Trump Jr" → given, surname."""
    tokens = name.split()
    suffix = None
    if len(tokens) > 1 and tokens[-1].rstrip(".") in _SUFFIXES:
        suffix = tokens.pop().rstrip(".")
    given = tokens[0] if len(tokens) > 1 else None
    return NameParts(given, tokens[-1], suffix)


def person_key(parts: NameParts) -> str:
    return fold(parts.surname) + (f" {parts.suffix.lower()}" if parts.suffix else "")


# -- the extractor ------------------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    name: str
    entity_type: Literal["person", "organization"] = "person"
    key: str | None = None  # set for links to a known person
    title: str | None = None
    title_start: int | None = None
    title_end: int | None = None
    word: TitleWord | None = None
    qualifier: str | None = None


@dataclass
class _Scan:
    """One document's text and what the passes have found in it so far."""

    text: str
    titles: Titles
    sentences: Sequence[Sentence]
    starts: list[int]
    mentions: list[_Mention] = field(default_factory=list)
    covered: bytearray = field(default_factory=bytearray)
    givens: dict[str, set[str]] = field(default_factory=dict)  # key → folded given names

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.sentences[i] if i >= 0 and offset < self.sentences[i].end else None

    def floor(self, offset: int) -> int:
        sent = self.sentence_at(offset)
        return sent.start if sent else max(0, offset - _WINDOW)

    def is_covered(self, start: int, end: int) -> bool:
        return any(self.covered[start:end])

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)
        lo = min(m.start, m.title_start if m.title_start is not None else m.start)
        hi = max(m.end, m.title_end or m.end)
        self.covered[lo:hi] = b"\x01" * (hi - lo)
        if m.entity_type == "person" and m.key is None:
            parts = name_parts(m.name)
            key = person_key(parts)
            m.key = key
            givens = self.givens.setdefault(key, set())
            if parts.given:
                givens.add(fold(parts.given))

    # -- reading the words around a name -------------------------------------------------------

    def clean(self, start: int, end: int, strip_leading: bool) -> tuple[int, int] | None:
        """Trim a capitalised run to a person's name, or None when it is none: leading
        sentence words go (or reject the run), the name stops at a weekday, a dated month, an
        all-capitals word or a suffix, and a run that is an organisation's or a place's name
        ("Gallo Record Company", "Kelsey Award") or longer than a name is rejected."""
        text = self.text
        if _NAME_AFTER.match(text, end):
            return None  # more capitalised words follow than a name has
        t = self.titles
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
        while tokens and _stops_name(tokens[0][2], t):
            if not strip_leading:
                return None
            tokens.pop(0)
        for i, (_, tok_end, tok) in enumerate(tokens):
            bare = tok.rstrip(".")
            if bare in t.organizations or bare in t.place_words:
                return None
            if bare in t.month_names:
                if _DAY_NUMBER.match(text, tok_end):
                    tokens = tokens[:i]
                    break
            elif _stops_name(tok, t) or bare in _SUFFIXES:
                tokens = tokens[:i]
                break
        while tokens and (tokens[-1][2] in _PARTICLES or tokens[-1][2].endswith(".")):
            tokens.pop()
        if not tokens:
            return None
        return tokens[0][0], tokens[-1][1]

    def with_suffix(self, end: int) -> int:
        m = _SUFFIX.match(self.text, end)
        return m.end() if m else end

    def word_before(self, pos: int, floor: int) -> tuple[int, str] | None:
        """The whitespace-separated word that ends before ``pos`` (punctuation stops it)."""
        text = self.text
        i = pos
        while i > floor and text[i - 1] in " \t\u00a0\n":
            i -= 1
        if i == pos:
            return None
        j = i
        while j > floor and (text[j - 1].isalnum() or text[j - 1] in ".'’-"):
            j -= 1
        return (j, text[j:i]) if j < i else None

    def after_place(self, start: int) -> bool:
        before = self.word_before(start, self.floor(start))
        return before is not None and before[1].lower() in self.titles.place_prepositions

    def title_prefix(self, title_start: int) -> tuple[int, str | None] | None:
        """Walk back from a title over its modifiers ("Venezuelan", "U.S.", "NATO's",
        "opposition") and qualifiers ("former", "deputy"). None: not a title here."""
        t = self.titles
        text = self.text
        qualifiers: list[str] = []
        start = title_start
        if start > 0 and text[start - 1] == "-":  # "then-President", "ex-Defense Minister"
            hyphened = _HYPHEN_PREFIX.search(text, max(0, start - 20), start)
            if hyphened is None or hyphened.group(1).lower() not in t.qualifier_of:
                return None
            qualifiers.append(t.qualifier_of[hyphened.group(1).lower()])
            start = hyphened.start(1)
        floor = self.floor(title_start)
        for _ in range(3):
            found = self.word_before(start, floor)
            if found is None:
                break
            pos, word = found
            lower = word.lower().strip("-")
            if lower in t.qualifier_of:
                qualifiers.append(t.qualifier_of[lower])
            elif word[0].isupper():
                if word.rstrip(".") in t.not_names:
                    break
            elif lower not in t.modifiers and not lower.endswith(("'s", "’s")):
                break
            start = pos
        for kind in ("time", "subordinate", "acting"):
            if kind in qualifiers:
                return start, kind
        return start, None


def extract_entities(
    document: Document,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    lexicon: Lexicon,
) -> list[EntityClaim]:
    """Every person and organisation mention of one document, in text order."""
    text = document.text
    titles = load_titles(lexicon.rule_paths)  # names are read with the titles lexicon alone
    scan = _Scan(text, titles, sentences, [s.start for s in sentences])
    scan.covered = bytearray(len(text))
    _titled(scan)
    _runs(scan)
    return _claims(document, scan, quotes)


def _titled(scan: _Scan) -> None:
    """A title before a name, or set off after one."""
    t = scan.titles
    text = scan.text
    appositions = []
    for m in t.titles.finditer(text):
        word = t.word(m.group())
        if word is None:
            continue
        prefix = scan.title_prefix(m.start())
        if prefix is None:
            continue
        title_start, qualifier = prefix
        title_end = m.end()
        elect = _ELECT.match(text, title_end)
        if elect:
            title_end, qualifier = elect.end(), "time"
        after = _NAME_AFTER.match(text, title_end)
        if after is None:
            appositions.append((m, word, title_start, title_end, qualifier))
            continue
        span = scan.clean(after.start(1), after.end(1), strip_leading=False)
        if span is None or scan.is_covered(*span):
            continue
        capitalised = m.group()[0].isupper()
        tokens = len(text[span[0] : span[1]].split())
        if word.kind == "other" and not (capitalised and (tokens > 1 or m.group().endswith("."))):
            # A rank or a generic word names a person before a full name or abbreviated:
            # "Gen. Milley", never "General Store".
            continue
        if tokens < 2 and (word.kind == "descriptive" or not capitalised):
            continue  # "official Venezuelan sources", "the leader Congress chose"
        end = scan.with_suffix(span[1])
        scan.add(_Mention(span[0], end, text[span[0] : end], title=text[title_start:title_end],
                          title_start=title_start, title_end=title_end, word=word,
                          qualifier=qualifier))  # fmt: skip
    for m, word, title_start, title_end, qualifier in appositions:
        if word.kind == "other" or not _APPOSITION_TAIL.match(text, m.end()):
            continue
        floor = max(scan.floor(m.start()), m.start() - _WINDOW)
        head = _APPOSITION_HEAD.search(text, floor, title_start)
        if head is None:
            continue
        span = scan.clean(head.start(1), head.end(1), strip_leading=True)
        if span is None or scan.is_covered(*span) or not _is_person(scan, *span):
            continue
        scan.add(_Mention(span[0], span[1], text[span[0] : span[1]],
                          title=text[title_start:title_end], title_start=title_start,
                          title_end=title_end, word=word, qualifier=qualifier))  # fmt: skip


def _is_person(scan: _Scan, start: int, end: int) -> bool:
    """A run found without a title before it: a full name, or the surname of a person met
    before; never a place ("in Caracas") and never words that make up a title."""
    name = scan.text[start:end]
    before = scan.word_before(start, scan.floor(start))
    if before is not None and before[1].lower() in _DETERMINERS:
        return False  # "the New York Democrat said": a description, not a name
    if scan.after_place(start) or scan.titles.titles.search(name):
        return False
    return len(name.split()) >= 2 or fold(name) in scan.givens


def _runs(scan: _Scan) -> None:
    """One pass over the capitalised runs the titles left: people after a courtesy title
    ("Mr. Trump") or next to a speech verb ("Anna Lindqvist said", "said Anna Lindqvist"),
    organisations ("Defense Department"); then, once everyone introduced is known, the later
    mentions of those people among the rest."""
    text = scan.text
    t = scan.titles
    covered = scan.covered
    rest: list[tuple[int, int]] = []
    speakers: list[tuple[int, int]] = []
    singles: set[str] = set()  # capitalised words that stand alone somewhere
    for run in _NAME_RUN.finditer(text):
        start, end = run.span()
        if covered[start] or covered[end - 1] or _mid_word(text, start):
            continue
        words = run.group().split()
        if len(words) == 1 and words[0] in t.not_names:
            continue  # "The", "Since", "Wednesday"
        chunk = text[max(0, start - 16) : start]
        previous = chunk.split()[-1] if chunk[-1:].isspace() and chunk.strip() else ""
        if previous in t.honorifics or words[0] in t.honorifics:
            if words[0] in t.honorifics:  # "Sir Isaac Newton", "Mr Trump"
                if len(words) == 1:
                    continue
                start = text.index(words[1], start + len(words[0]))
            span = scan.clean(start, end, strip_leading=False)
            if span is not None:
                end = scan.with_suffix(span[1])
                scan.add(_Mention(span[0], end, text[span[0] : end]))
            continue
        if words[-1].rstrip(".") in t.organizations:
            _organisation(scan, start, end)
            continue
        if words[-1] in t.place_words:
            continue
        if len(words) == 1:
            singles.add(fold(words[0]))
        if previous.lower() in t.speech_verbs or t.speech_after.match(text, end):
            span = scan.clean(start, end, strip_leading=True)
            if span is not None and _is_person(scan, *span):
                speakers.append(span)
                continue
        rest.append((start, end))
    for span in speakers:
        # A speaker with no title is a person when the text uses the surname alone too, as
        # news copy does ("Anna Lindqvist said … Lindqvist added"); "New York said" is not.
        name = text[span[0] : span[1]]
        if len(name.split()) == 1 or fold(name.split()[-1]) in singles:
            end = scan.with_suffix(span[1])
            scan.add(_Mention(span[0], end, text[span[0] : end]))
        else:
            rest.append(span)
    if scan.givens:
        rest.sort()
        _known(scan, rest)


def _stops_name(token: str, t: Titles) -> bool:
    """A capitalised word that is no part of a person's name: a sentence word, a weekday, an
    acronym or a word in capitals ("NATO", "SAN DIEGO")."""
    bare = token.rstrip(".")
    return bare in t.not_names or (len(bare) > 1 and bare.isupper())


def _mid_word(text: str, start: int) -> bool:
    """A capital inside a word ("iPhone") or after an initial or apostrophe."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._'’-")


def _organisation(scan: _Scan, start: int, end: int) -> None:
    """A run that ends in an organisation word, with at least one word before it."""
    t = scan.titles
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(scan.text, start, end)]
    while tokens and tokens[0][1].rstrip(".") in t.not_names:
        tokens.pop(0)
    if len(tokens) < 2:
        return
    name = scan.text[tokens[0][0] : end]
    scan.add(_Mention(tokens[0][0], end, name, entity_type="organization", key=fold(name)))


def _known(scan: _Scan, runs: list[tuple[int, int]]) -> None:
    """Later mentions of known people: a bare surname ("Hegseth"), the full name with no
    title, and near misses of a known surname ("Lindquist" beside "Lindqvist") for FC301."""
    text = scan.text
    t = scan.titles
    keys_of_given: dict[str, list[str]] = {}
    nearby: dict[str, list[str]] = {}  # block → known surnames
    for known, givens in scan.givens.items():
        for given in givens:
            keys_of_given.setdefault(given, []).append(known)
        for block in blocks(known):
            nearby.setdefault(block, []).append(known)
    # Surnames of full names the text gives without a title ("Erik Lindquist, who chairs the
    # union"): a lone "Lindquist" is that person, not a misspelt "Lindqvist".
    others = {fold(text[start:end].rsplit(None, 1)[-1]) for start, end in runs
              if len(text[start:end].split()) > 1}  # fmt: skip
    for start, end in runs:
        words = [fold(w) for w in text[start:end].split()]
        if not (
            any(w in scan.givens for w in words)
            or words[0] in keys_of_given
            or (len(words) == 1 and len(words[0]) >= 5)
        ):
            continue  # cheap test first: nothing here can be a known person
        span = scan.clean(start, end, strip_leading=True)
        if span is None:
            continue
        name = text[span[0] : span[1]]
        tokens = name.split()
        last = fold(tokens[-1])
        key = last if last in scan.givens else None
        if len(tokens) == 1:
            if key is not None:
                scan.add(_Mention(span[0], span[1], name, key=key))
            elif last not in others and _near_miss_bare(scan, span[0], span[1], last, nearby):
                scan.add(_Mention(span[0], span[1], name, key=last))
            continue
        if key is not None and key == last:
            end = scan.with_suffix(span[1])
            scan.add(_Mention(span[0], end, text[span[0] : end]))
        elif (
            any(near(last, k) for k in keys_of_given.get(fold(tokens[0]), ()))
            and not t.titles.search(name)
            and not scan.after_place(span[0])
        ):
            scan.add(_Mention(span[0], span[1], name))


def _near_miss_bare(
    scan: _Scan, start: int, end: int, folded: str, nearby: dict[str, list[str]]
) -> bool:
    """A lone capitalised word one or two letters away from exactly one known surname."""
    t = scan.titles
    word = scan.text[start:end]
    if len(folded) < 5 or word in t.organizations:
        return False
    # Where a surname stands: before a possessive, punctuation or a speech verb. Before other
    # words a capitalised word is as often an adjective ("Democratic presidential …").
    rest = scan.text[end : end + 20]
    if not (
        rest[:1] in ',.;:!?)”"'
        or rest.startswith(("'s", "’s"))
        or t.speech_after.match(scan.text, end)
    ):
        return False
    candidates = {k for block in blocks(folded) for k in nearby.get(block, ())}
    close = [k for k in candidates if near(folded, k)]
    if len(close) != 1 or folded in (close[0] + "s", close[0] + "es"):
        return False
    return not t.titles.fullmatch(word) and not scan.after_place(start)


def blocks(folded: str) -> tuple[str, str]:
    """Where to look for near spellings of a name: those sharing its first letter or its last
    two letters (a slip rarely changes both ends)."""
    return folded[:1], "$" + folded[-2:]


def near(a: str, b: str) -> bool:
    """Two folded spellings close enough to be one name misspelt: at most two edits (a swap
    of neighbours counts one), and at most one edit per five letters."""
    if a == b or abs(len(a) - len(b)) > 2:
        return False
    limit = min(2, max(len(a), len(b)) // 5)
    if limit == 0 or len(set(a) ^ set(b)) > 2 * limit:
        return False  # each edit adds or removes at most two letters of the alphabet used
    return edit_distance(a, b, limit) <= limit


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Damerau), stopping once it exceeds ``limit``."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _claims(document: Document, scan: _Scan, quotes: Sequence[Quote]) -> list[EntityClaim]:
    doc_id = document.id
    text = scan.text
    quote_starts = [q.start for q in quotes]
    claims = []
    for i, m in enumerate(sorted(scan.mentions, key=lambda m: m.start)):
        q = bisect.bisect_right(quote_starts, m.start) - 1
        quote = quotes[q] if q >= 0 and m.start < quotes[q].end else None
        sent = scan.sentence_at(m.start)
        sentence = (
            Span(document_id=doc_id, start=sent.start, end=sent.end, text=sent.text)
            if sent
            else Span(document_id=doc_id, start=m.start, end=m.end, text=m.name)
        )
        title_span = (
            Span(document_id=doc_id, start=m.title_start, end=m.title_end,
                 text=text[m.title_start : m.title_end])
            if m.title_start is not None and m.title_end is not None
            else None
        )  # fmt: skip
        claims.append(
            EntityClaim(
                id=f"{doc_id}#e{i + 1}",
                document_id=doc_id,
                span=Span(document_id=doc_id, start=m.start, end=m.end, text=m.name),
                sentence=sentence,
                attribution=quote.speaker if quote else None,
                modality="reported" if quote else "asserted",
                in_quote=quote is not None,
                name=m.name,
                key=m.key or fold(m.name),
                entity_type=m.entity_type,
                title=m.title,
                mention="full" if name_parts(m.name).given else "bare",
                title_kind=m.word.kind if m.word else None,
                office=m.word.office if m.word else None,
                title_qualifier=m.qualifier,
                title_span=title_span,
            )
        )
    return claims
