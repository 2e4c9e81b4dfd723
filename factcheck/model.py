"""The public data model: documents in, claims and findings out.

These pydantic models are the contract other tools depend on (the CLI's ``--format json``, the
HTTP API and the benchmarks all emit ``Report.model_dump_json()``). Add fields; never rename.
"""

from __future__ import annotations

import bisect
import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from factcheck.engine.defaults import DEFAULT_MAX_FINDINGS
from factcheck.text.years import YEAR

_NEWLINE = re.compile("\n")

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
DEFAULT_FAIL_ON: Severity = "warning"  # the severity from which a check fails (--fail-on)
Role = Literal["draft", "source"]
Modality = Literal["asserted", "hedged", "reported", "negated", "conditional"]
_COUNT_SLICE = 1 << 20  # characters per slice of Document.word_count


class Document(BaseModel):
    """One text to check: a draft or one of its sources.

    ``text`` is the plain text the engine reads. When a loader extracted it from a richer file
    (Markdown, HTML, .docx) it sets ``source_map`` so that findings point at the file's own
    lines: a sorted list of ``(text_offset, line, column)`` anchors, each saying that the text
    from that offset on starts at that 1-based line and codepoint column of the file.
    """

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    role: Role = "draft"
    published_at: date | datetime | None = None
    path: str | None = None
    format: str = "text"
    source_map: list[tuple[int, int, int]] | None = Field(default=None, exclude=True, repr=False)

    _line_starts: list[int] | None = PrivateAttr(default=None)
    _map_offsets: list[int] | None = PrivateAttr(default=None)  # source_map's text offsets

    def word_count(self) -> int:
        """Words separated by white space, counted a megabyte at a time: ``split()`` of a
        50 MB text at once would hold some nine million strings (about 500 MB)."""
        text, at, n = self.text, 0, 0
        while at < len(text):
            end = min(len(text), at + _COUNT_SLICE)
            while end < len(text) and not text[end].isspace():  # never cut a word in two
                end += 1
            n += len(text[at:end].split())
            at = end
        return n

    def locate(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) in the original file of a text offset."""
        # Each private attribute read goes through pydantic's __getattr__: read each once.
        if self.source_map:
            offsets = self._map_offsets
            if offsets is None:  # read once: a report locates every finding
                offsets = self._map_offsets = [anchor[0] for anchor in self.source_map]
            i = max(bisect.bisect_right(offsets, offset) - 1, 0)
            base, line, column = self.source_map[i]
            chunk = self.text[base:offset]
            newlines = chunk.count("\n")
            if newlines:
                return line + newlines, offset - (base + chunk.rfind("\n"))
            return line, column + (offset - base)
        starts = self._line_starts
        if starts is None:
            starts = self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1


class Span(BaseModel):
    """A stretch of one document, in codepoint offsets (``end`` exclusive)."""

    model_config = ConfigDict(frozen=True)

    document_id: str
    start: int
    end: int
    text: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


class Interval(BaseModel):
    """A set of numbers ``lo..hi``; ``hi=None`` means unbounded above."""

    model_config = ConfigDict(frozen=True)

    lo: float
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False

    @property
    def upper(self) -> float:
        return math.inf if self.hi is None else self.hi

    def is_empty(self) -> bool:
        if self.lo > self.upper:
            return True
        return self.lo == self.upper and (self.lo_open or self.hi_open)

    def intersect(self, other: Interval) -> Interval:
        if self.lo > other.lo or (self.lo == other.lo and self.lo_open):
            lo, lo_open = self.lo, self.lo_open
        else:
            lo, lo_open = other.lo, other.lo_open
        if self.upper < other.upper or (self.upper == other.upper and self.hi_open):
            hi, hi_open = self.hi, self.hi_open
        else:
            hi, hi_open = other.hi, other.hi_open
        return Interval(lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open)

    def disjoint(self, other: Interval) -> bool:
        """No number lies in both (for non-empty intervals). Written out because rules call
        it for every candidate pair."""
        hi = math.inf if self.hi is None else self.hi
        if hi < other.lo or (hi == other.lo and (self.hi_open or other.lo_open)):
            return True
        other_hi = math.inf if other.hi is None else other.hi
        return other_hi < self.lo or (other_hi == self.lo and (other.hi_open or self.lo_open))

    def scaled(self, factor: float) -> Interval:
        """The same interval in another unit (``factor`` > 0): 2 hours → 120 minutes."""
        hi = None if self.hi is None else self.hi * factor
        return self.model_copy(update={"lo": self.lo * factor, "hi": hi})

    def contains(self, x: float) -> bool:
        above = x > self.lo or (x == self.lo and not self.lo_open)
        below = x < self.upper or (x == self.upper and not self.hi_open)
        return above and below

    def __str__(self) -> str:
        def fmt(v: float) -> str:
            return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"

        left = "(" if self.lo_open else "["
        if self.hi is None:
            return f"{left}{fmt(self.lo)}, ∞)"
        right = ")" if self.hi_open else "]"
        return f"{left}{fmt(self.lo)}, {fmt(self.hi)}{right}"


CountedAs = Literal["noun", "unit", "name"]


UNALIGNED = "unaligned"  # the family of a figure whose measure is not known


class Measure(BaseModel):
    """What a figure counts or measures.

    ``family`` is the kind of figure (deaths, money, percentage …); ``counted`` the thing
    counted (people, children, dollars); ``anchor`` what the figure belongs to when the family
    alone does not say (the person whose age it is, the deal whose value it is).
    """

    model_config = ConfigDict(frozen=True)

    family: str
    counted: str | None = None
    # What the word in ``counted`` is: a counted noun ("people"); the unit of a size that no
    # conversion reads ("60 mph", "12 episodes": "mph", "episodes"), which counts no set; or a
    # name the figure stands before ("34 Acquire the Fire rallies", "4800 West": "Acquire",
    # "West"), which says which things, not what they are.
    counted_as: CountedAs = "noun"
    anchor: str | None = None
    # Compared with no other figure of its measure: an age no name goes with ("a 22-year-old
    # man") or one of a surname two people in the text share.
    alone: bool = False
    # What a figure in a unit measures when its family does not say: "money" or "percent", or
    # a dimension that converts ("duration", "distance" …), its value then given in the base
    # unit, which ``counted`` names ("minutes"): "two hours" meets "95 minutes".
    dimension: str | None = None

    @property
    def bare(self) -> bool:
        """Nothing read of what the figure counts: no noun, no unit ("90" of "90 in Dunmore")."""
        return self == Measure(family=UNALIGNED)

    @property
    def holds_parts(self) -> bool:
        """Whether a figure of this measure can be a set that later figures are parts of: a
        count, not an age or a size."""
        return self.family != "age" and self.counted_as != "unit"

    def in_words(self) -> str:
        """What the figure counts, as a report says it: "strikes", "age of quist",
        "children (deaths)"."""
        if self.family == "events" and self.counted:
            return f"{self.counted}s"
        if self.anchor:
            return f"{self.family} of {self.anchor}"
        if self.family == "age":
            return "age of an unnamed person"
        if self.counted and self.counted != self.family:
            return f"{self.counted} ({self.family})"
        return self.family


# A day's scope time with its year ("april 9 2020"); what makes a scope time a period rather
# than one day; a year the phrase names.
_DAY_WITH_YEAR = re.compile(rf"^(.*\d)\s{YEAR}$")
_PERIOD = re.compile(rf"year|month|week|ago|\b{YEAR}\b")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


class ScopeTime(BaseModel):
    """When a figure held, as its clause says it: the phrase, and what comparing two times
    reads of it, decoded once where the phrase is found (``ScopeTime.of``)."""

    model_config = ConfigDict(frozen=True)

    phrase: str  # in a normal form: "april 9 2020", "last year", "wednesday", "now"
    undated: str  # less the year written with a day: "april 9"; any other phrase as it is
    year: int | None = None  # the year the phrase names: 2020 of "april 9 2020", "june 2020"
    day: bool = False  # one day ("wednesday", "april 9"), not a period ("last week") nor now

    @classmethod
    def of(cls, phrase: str) -> ScopeTime:
        """A time phrase the extractor found ("april 9 2020", "last week", "now"), decoded."""
        dated = _DAY_WITH_YEAR.match(phrase)
        undated = dated.group(1) if dated else phrase
        year = _YEAR.search(phrase)
        return cls(
            phrase=phrase,
            undated=undated,
            year=int(year.group(1)) if year else None,
            day=phrase != "now" and not _PERIOD.search(undated),
        )

    def __str__(self) -> str:
        return self.phrase

    @property
    def now(self) -> bool:
        return self.phrase == "now"

    @property
    def day_with_year(self) -> bool:
        """A day written with its year ("April 9, 2020"), not without ("April 9")."""
        return self.undated != self.phrase


class Scope(BaseModel):
    """Where a figure holds: one incident or a running total, at which time, in which place."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["incident", "total", "unknown"] = "unknown"
    time: ScopeTime | None = None
    # A value the text gives as an earlier one, beside the current: "up from 20", "initially
    # 12", a figure after "before Monday". It held before the time the text is about.
    previous: bool = False
    since: str | None = None  # start of a running total: "early september"
    place: str | None = None
    # A total broken down by place in its sentence ("340, with 120 dead in Harwick, 90 in
    # Dunmore"): the places of its parts, each of which holds a part and not the total.
    parts_in: tuple[str, ...] = ()
    event: str | None = None  # the incident's anchor: "strike", "crash"
    # Where the text names an incident it marks as another one ("another strike"): that
    # incident and no other of the same name.
    event_at: int | None = None

    @field_validator("time", mode="before")
    @classmethod
    def _decode(cls, value: object) -> object:
        # A plain phrase: what a ledger stored before scope times were typed.
        return ScopeTime.of(value) if isinstance(value, str) else value

    @property
    def where(self) -> str | None:
        """The place in words: "in velm", or "across dunmore, harwick and velm" for a total
        broken down by place with no place of its own; None for no place."""
        if self.place:
            return f"in {self.place}"
        if not self.parts_in:
            return None
        *rest, last = self.parts_in
        return "across " + (f"{', '.join(rest)} and {last}" if rest else last)


class ClaimBase(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    document_id: str
    span: Span
    sentence: Span
    attribution: str | None = None
    modality: Modality = "asserted"
    in_quote: bool = False


class QuantityClaim(ClaimBase):
    """A figure with its qualifier, its intervals, its measure and its scope."""

    kind: Literal["quantity"] = "quantity"
    value: float
    value_high: float | None = None  # upper end of a range ("between 20 and 30")
    qualifier: str = "exact"  # key into rules/quantifiers.yml
    ordinal: bool = False  # "the eighth strike": a count of events, at least `value`
    hard: Interval
    soft: Interval
    measure: Measure
    scope: Scope = Scope()
    part_of: str | None = None  # id of the whole this figure is part of ("including six children")
    # A part of a whole the text gives as no figure: "identified 29 of the dead".
    part_of_unstated: bool = False

    @property
    def is_part(self) -> bool:
        return self.part_of is not None or self.part_of_unstated


class QuoteClaim(ClaimBase):
    """Words inside quotation marks, with the speaker when the text names one."""

    kind: Literal["quote"] = "quote"
    words: str


def same_counted(a: Measure, b: Measure) -> bool:
    """Both count one noun or none, or both are written before one name; or both are sizes
    in a unit ("40 pounds", "6 feet") that no conversion put in one base unit, which this
    leaves to the word after the figure (``Frame.head``)."""
    if a.counted_as != b.counted_as:
        return False
    return a.counted_as == "unit" or a.counted == b.counted


def same_measure(a: QuantityClaim, b: QuantityClaim) -> bool:
    """Both figures measure one thing: one family, one counted noun, one anchor, and neither
    is an age no name goes with."""
    return (
        a.measure.family == b.measure.family
        and same_counted(a.measure, b.measure)
        and a.measure.anchor == b.measure.anchor
        and not (a.measure.alone or b.measure.alone)
    )


class DateClaim(ClaimBase):
    """A date or time the text gives, resolved to a day interval where it can be."""

    kind: Literal["date"] = "date"
    expression: str  # as written: "Monday, Jan. 9, 2026", "late Tuesday", "last week"
    weekday: str | None = None  # a weekday the text names with it ("monday")
    start: date | None = None  # resolved interval, inclusive; None when it cannot be placed
    end: date | None = None
    precision: Literal["day", "week", "month", "year", "decade", "unknown"] = "unknown"
    # What happened then: an event of the dates lexicon ("strike", "signing"), else the lemma
    # of the nearest past verb of the clause ("release" for "was released on April 16").
    event: str | None = None
    # How the date bears on the clause: "at" the time of it, or a bound ("since early
    # September", "by Oct. 5", "until Friday", "before", "after").
    relation: Literal["at", "since", "until", "by", "before", "after"] = "at"
    # How the text names the event: "the strike" (definite), "Tuesday's strike" / "the strike
    # on Tuesday" (named by its date), "a strike", "another strike" (distinct), "strikes"
    # (plural), "struck" (verb).
    reference: Literal["definite", "named", "indefinite", "distinct", "plural", "verb"] | None = (
        None
    )


class EntityClaim(ClaimBase):
    """A mention of a person or organisation, with the title the text gives it there."""

    kind: Literal["entity"] = "entity"
    name: str  # as written: "Nicolás Maduro", "Hegseth"
    key: str  # links the mentions of one entity: "maduro"
    entity_type: Literal["person", "organization", "unknown"] = "unknown"
    title: str | None = None  # "Venezuelan leader", "Defense Secretary"
    mention: Literal["full", "bare"] = "full"
    title_kind: Literal["office", "descriptive", "other"] | None = None
    office: str | None = None  # the office in rules/lexicons/titles.yml: "defense"
    title_qualifier: str | None = None  # "former", "acting", "deputy": changes what it says
    title_span: Span | None = None  # where the title (with its modifiers) stands


class PolarityClaim(ClaimBase):
    """A statement that something is or is not the case ("the deal has not been signed")."""

    kind: Literal["polarity"] = "polarity"
    proposition: str  # normalised content words: "agreement sign"
    negated: bool = False
    tense: str | None = None  # "past-perfect", "past", "present-perfect", "present", "future"
    time: str | None = None  # the time phrases of the clause, normalised: "by monday"
    event: bool = False  # a completed event ("has been signed"), not a state ("is open")
    never: bool = False  # negated with "never": false at any time, not only at one


Claim = Annotated[
    QuantityClaim | QuoteClaim | DateClaim | EntityClaim | PolarityClaim,
    Field(discriminator="kind"),
]


class Finding(BaseModel):
    """One inconsistency: the rule, how bad, why, and the passages involved."""

    rule: str
    name: str
    severity: Severity
    message: str
    spans: list[Span]
    explanation: dict[str, Any] = Field(default_factory=dict)
    fingerprint: str = ""


class DocumentInfo(BaseModel):
    id: str
    path: str | None = None
    role: Role = "draft"
    words: int = 0

    @classmethod
    def of(cls, document: Document) -> DocumentInfo:
        return cls(
            id=document.id, path=document.path, role=document.role, words=document.word_count()
        )


class Omitted(BaseModel):
    """The findings of one document that the per-document cap (``max_findings``) left out of
    a report, counted by severity and by rule."""

    document_id: str
    count: int
    by_severity: dict[Severity, int] = Field(default_factory=dict)
    by_rule: dict[str, int] = Field(default_factory=dict)


class Report(BaseModel):
    """Everything one ``check()`` found."""

    version: str
    documents: list[DocumentInfo] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    # Per document, what the cap left out (see factcheck.engine.cap); empty when nothing was.
    omitted: list[Omitted] = Field(default_factory=list)

    def at_least(self, severity: Severity) -> list[Finding]:
        """Findings at ``severity`` or above (the ones in the report, not those left out)."""
        rank = SEVERITY_RANK[severity]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]

    def any_at_least(self, severity: Severity) -> bool:
        """Whether any finding at ``severity`` or above was found, shown or left out by the
        cap: what an exit code must go by."""
        rank = SEVERITY_RANK[severity]
        left_out = (
            n for o in self.omitted for s, n in o.by_severity.items() if SEVERITY_RANK[s] >= rank
        )
        return bool(self.at_least(severity)) or any(n > 0 for n in left_out)


class CheckConfig(BaseModel):
    """What to run and how loud: the options the CLI, the API and config files share."""

    model_config = ConfigDict(extra="forbid")

    select: list[str] = Field(default_factory=list)  # codes, families ("FC1") or names
    ignore: list[str] = Field(default_factory=list)
    min_severity: Severity = "info"
    severity: dict[str, Severity] = Field(default_factory=dict)  # per-rule override
    rule_paths: list[str] = Field(default_factory=list)  # extra folders of YAML rules/lexicons
    # Also report, as info, figure pairs the alignment model is unsure speak of one thing, and
    # FC202's dates of one act named by a verb its lexicon does not list.
    unsure: bool = False
    # Findings shown per document, most severe first; 0 for no cap. check() returns every
    # finding: front ends cap the report last (factcheck.engine.cap), after baselines and
    # inline ignores, so that those see every finding.
    max_findings: int = Field(default=DEFAULT_MAX_FINDINGS, ge=0)
