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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.extract.lexicon import Lexicon, singular
from factcheck.extract.numbers import NumberMention, scan
from factcheck.model import Interval, Measure, Modality, QuantityClaim, Scope, Span
from factcheck.text.attribution import Quote, sentence_source
from factcheck.text.segment import Sentence

_WORD = re.compile(r"[\"“”'‘’]*([A-Za-z][A-Za-z'’-]*)")
_LINK_BEFORE = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+those|of\s+which)\s*$",
    re.IGNORECASE,
)
_THE_BEFORE = re.compile(r"\b(?:the|its|their|a)\s+(?:\w+\s+)?$", re.IGNORECASE)
_SINCE = re.compile(
    r"\b[Ss]ince\s+((?:(?:early|late|mid|the\s+start\s+of|the\s+beginning\s+of)[\s-]+)?"
    r"(?:[A-Z][a-z]+\.?(?:\s+\d{1,2})?|\d{4}|last\s+\w+|the\s+\w+))",
)
_WEEKDAY = re.compile(
    r"\b((?:(?:early|late|earlier|later)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?)\b"
)
_YEAR = re.compile(r"\b(?:in|during|for|of)\s+((?:1[89]|20)\d\d)\b")
_MONTH_DAY = re.compile(
    r"\b((?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.\s+\d{1,2}|(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\s+\d{1,2})\b"
)
_PLACE = re.compile(
    r"\b(?:in|near|across|off|outside|inside|at)\s+(?:the\s+)?"
    r"((?:[A-Z][\w'’-]+)(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’-]+)*)"
)
_NOT_PLACES = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "this",
        "that",
    ]
)
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
_YEAR_OLD = re.compile(r"^[\s-]*years?[\s-]+old\b|^-year-old\b", re.IGNORECASE)
_AGED = re.compile(r"\baged\s*$", re.IGNORECASE)
_NAME_COMMA_BEFORE = re.compile(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*),\s*$")
_NEXT_NAME = re.compile(
    r"^[\s-]*(?:year-old\s+)?(?:[a-z]+\s+){0,3}([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)


@dataclass(frozen=True)
class _Context:
    """The words around one figure inside its sentence."""

    left: str  # sentence text before the figure (after the previous figure)
    right: str  # sentence text after the figure (before the next figure)
    sentence: str
    offset: int  # where the figure starts inside the sentence


def extract_quantities(
    doc_id: str,
    text: str,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    lexicon: Lexicon,
) -> list[QuantityClaim]:
    claims: list[QuantityClaim] = []
    for sent in sentences:
        mentions = scan(sent.text, lexicon.currency_of_word)
        if not mentions:
            continue
        source = sentence_source(sent.text, lexicon)
        previous: QuantityClaim | None = None
        for i, mention in enumerate(mentions):
            lo = mentions[i - 1].end if i else 0
            hi = mentions[i + 1].start if i + 1 < len(mentions) else len(sent.text)
            ctx = _Context(
                left=sent.text[lo : mention.start],
                right=sent.text[mention.end : hi],
                sentence=sent.text,
                offset=mention.start,
            )
            claim = _claim(
                doc_id, text, sent, mention, ctx, quotes, source, previous, lexicon, len(claims)
            )
            if claim is not None:
                claims.append(claim)
                previous = claim
    return claims


def _claim(
    doc_id: str,
    text: str,
    sent: Sentence,
    mention: NumberMention,
    ctx: _Context,
    quotes: Sequence[Quote],
    source: str | None,
    previous: QuantityClaim | None,
    lex: Lexicon,
    index: int,
) -> QuantityClaim | None:
    start, end = mention.start, mention.end
    left = ctx.left
    # "at least the eighth blow": look past the article for an ordinal's qualifier.
    if mention.kind == "ordinal":
        the = _THE_BEFORE.search(left)
        if the:
            left = left[: the.start()]
        elif not left.rstrip().endswith(("a", "an")):
            pass
    qualifier = "exact"
    qm = lex.prefix_qualifiers.search(left)
    if qm:
        qualifier = lex.qualifier_of_phrase[" ".join(qm.group(1).lower().split())]
        if mention.kind != "ordinal":
            start = mention.start - (len(ctx.left) - qm.start(1))
        left = left[: qm.start()]
    pm = lex.postfix_qualifiers.match(ctx.right)
    right = ctx.right
    if pm and mention.kind in ("cardinal",):
        qualifier = lex.qualifier_of_phrase[" ".join(pm.group(1).lower().split())]
        end = mention.end + pm.end()
        right = ctx.right[pm.end() :]
    if qualifier == "exact" and mention.unit > 1 and mention.kind == "cardinal":
        qualifier = "round"

    link = _LINK_BEFORE.search(left)
    part_of = previous if (link and previous is not None) else None
    measure = _measure(mention, left, right, ctx, lex)
    if measure is None and part_of is not None:
        counted = _counted_noun(right, lex)
        if counted is not None or lex.family_of_cue:
            measure = Measure(
                family=part_of.measure.family,
                counted=counted[0] if counted else part_of.measure.counted,
            )
    if measure is None:
        return None

    hard, soft = _intervals(mention, qualifier, lex)
    doc_start = sent.start + start
    doc_end = sent.start + end
    quote = next((q for q in quotes if q.start <= doc_start < q.end), None)
    attribution = quote.speaker if quote else source
    if part_of is not None:
        scope = part_of.scope
    else:
        scope = _scope(ctx, mention, lex)
    if lex.previous_value.search(left):
        scope = scope.model_copy(update={"time": "earlier"})
    return QuantityClaim(
        id=f"{doc_id}#q{index + 1}",
        document_id=doc_id,
        span=Span(document_id=doc_id, start=doc_start, end=doc_end, text=text[doc_start:doc_end]),
        sentence=Span(document_id=doc_id, start=sent.start, end=sent.end, text=sent.text),
        attribution=attribution,
        modality=_modality(ctx, left, attribution, lex),
        in_quote=quote is not None,
        value=mention.value,
        value_high=mention.value_high,
        qualifier=qualifier
        if mention.kind in ("cardinal", "ordinal")
        else mention.kind.split(":")[0],
        ordinal=mention.kind == "ordinal",
        hard=hard,
        soft=soft,
        measure=measure,
        scope=scope,
        part_of=part_of.id if part_of else None,
    )


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
    return [m.group(1) for m in _WORD.finditer(text[:80])][:limit]


def _counted_noun(right: str, lex: Lexicon) -> tuple[str, str | None] | None:
    """The counted noun after a figure and the family it implies, if any.

    Returns (counted, family-or-None); None when the next words are not a counted noun.
    """
    words = _words(right)
    i = 0
    while i < len(words) and (words[i].lower() in lex.modifiers or words[i].lower() == "of"):
        i += 1
    if i >= len(words):
        return None
    word = words[i]
    low = word.lower()
    two = f"{low} {words[i + 1].lower()}" if i + 1 < len(words) else ""
    if two in lex.counted_parents:
        return two, None
    if low in lex.family_of_noun:
        return "people", lex.family_of_noun[low]
    if low in lex.event_of_word:
        return lex.event_of_word[low], "events"
    if low in lex.people_words:
        return "people", None
    if low in lex.counted_parents:
        return low, None
    if low in lex.currency_of_word:
        return lex.currency_of_word[low], "money"
    # A capitalised plural after a figure names people: "eight Marines", "30 Palestinians".
    if word[0].isupper() and low.endswith("s") and not low.endswith("ss") and i == 0:
        return low, None
    plural = low.endswith("s") and not low.endswith("ss") and len(low) > 3
    if plural and low not in _STOP_NOUNS and ("-" in low or low.isalpha()):
        return low, None
    return None


def _nearest_cue(left: str, right: str, lex: Lexicon) -> str | None:
    best: tuple[int, str] | None = None
    window_left = left[-90:]
    for m in lex.family_cues.finditer(window_left):
        dist = len(window_left) - m.end()
        fam = lex.family_of_cue[" ".join(m.group().lower().split())]
        if best is None or dist <= best[0]:
            best = (dist, fam)
    for m in lex.family_cues.finditer(right[:70]):
        dist = m.start()
        fam = lex.family_of_cue[" ".join(m.group().lower().split())]
        if best is None or dist < best[0]:
            best = (dist, fam)
        break
    return best[1] if best else None


def _measure(
    mention: NumberMention, left: str, right: str, ctx: _Context, lex: Lexicon
) -> Measure | None:
    if mention.percent:
        rate = None
        for m in lex.rates.finditer(left[-50:]):
            rate = " ".join(m.group().lower().split())
        if rate is None:
            rm = lex.rates.match(right.lstrip())
            rate = " ".join(rm.group().lower().split()) if rm else None
        return Measure(family="percentage", anchor=rate) if rate else None
    if mention.currency:
        anchor = _money_anchor(left, right)
        return Measure(family="money", counted=mention.currency, anchor=anchor) if anchor else None
    if mention.kind == "cardinal" and (_YEAR_OLD.match(right) or _AGED.search(left)):
        person = _age_anchor(left, right)
        return Measure(family="age", anchor=person) if person else None
    if mention.kind == "cardinal" and re.match(r"^,", right) and _NAME_COMMA_BEFORE.search(left):
        # "Mark Rutte, 58, said": an age after a name, between commas.
        name = _NAME_COMMA_BEFORE.search(left)
        if name and re.match(r"^,\s+(?:said|who|was|is|of|from|a|an|the)\b", right):
            return Measure(family="age", anchor=name.group(1).split()[-1].lower())
    counted = _counted_noun(right, lex)
    if counted and counted[0] == "time":
        counted = None
    if counted is None and re.match(r"^\s*(?:more\s+)?times\b", right):
        event = _event_verb(left + " " + right, lex)
        return Measure(family="events", counted=event) if event else None
    if counted and counted[1] == "events":
        return Measure(family="events", counted=counted[0])
    if mention.kind == "ordinal":
        return None
    if counted and counted[1]:
        family: str | None = counted[1]
    else:
        family = _nearest_cue(left, right, lex)
    if family is None or family in ("events", "money", "percentage", "age"):
        return None
    noun = counted[0] if counted else None
    if noun is None and family in lex.human_families:
        noun = "people"
    if noun is None:
        return None
    return Measure(family=family, counted=noun)


def _event_verb(text: str, lex: Lexicon) -> str | None:
    for word in re.findall(r"[A-Za-z]+", text):
        event = lex.event_of_word.get(word.lower())
        if event:
            return event
    return None


def _money_anchor(left: str, right: str) -> str | None:
    nxt = _words(right, 3)
    for word in nxt:
        low = word.lower()
        if low in ("in", "of", "to", "for", "and", "or", "a", "the", "from", "on", "by", "at"):
            break
        if low not in _STOP_NOUNS and low.isalpha():
            return singular(low)
    before = re.search(r"\b([a-z]+)\s+(?:of|at|worth|totaling|totalling)\s*$", left)
    if before and before.group(1) not in _STOP_NOUNS:
        return singular(before.group(1))
    return None


def _age_anchor(left: str, right: str) -> str | None:
    nm = _NEXT_NAME.match(right)
    if nm:
        return nm.group(1).split()[-1].lower()
    name = re.search(r"([A-Z][\w'’-]+)\s*,?\s*(?:was\s+|is\s+)?(?:aged\s*)?$", left)
    return name.group(1).lower() if name else None


def _scope(ctx: _Context, mention: NumberMention, lex: Lexicon) -> Scope:
    s = ctx.sentence
    pos = ctx.offset
    kind = "unknown"
    event: str | None = None
    total_dist = min((abs(m.start() - pos) for m in lex.total_cues.finditer(s)), default=None)
    incident_dist, incident_word, distinct = _incident(s, pos, lex)
    if mention.kind == "ordinal" or (
        total_dist is not None and (incident_dist is None or total_dist <= incident_dist)
    ):
        kind = "total"
    elif incident_dist is not None:
        kind, event = "incident", incident_word
        if distinct:
            event = f"{incident_word}@{ctx.offset}:{s[:40]}"
    since = None
    sm = _SINCE.search(s)
    if sm:
        since = " ".join(sm.group(1).lower().rstrip(".").split())
    # A running total "since X" holds up to now; otherwise the nearest time phrase scopes it.
    time = "now" if since else _nearest_time(s, pos, lex)
    place = None
    best = None
    for pm in _PLACE.finditer(s):
        name = pm.group(1)
        if name.split()[0].lower() in _NOT_PLACES:
            continue
        dist = abs(pm.start() - pos)
        if best is None or dist < best:
            best, place = dist, " ".join(name.lower().split())
    return Scope(kind=kind, time=time, since=since, place=place, event=event)  # type: ignore[arg-type]


def _nearest_time(s: str, pos: int, lex: Lexicon) -> str | None:
    found: list[tuple[int, str]] = []
    for m in lex.time_phrases.finditer(s):
        phrase = " ".join(m.group().lower().split())
        found.append((abs(m.start() - pos), "now" if lex.now_words.fullmatch(phrase) else phrase))
    for rx in (_WEEKDAY, _MONTH_DAY, _YEAR):
        for m in rx.finditer(s):
            value = " ".join(m.group(1).lower().split())
            value = re.sub(r"^(?:early|late|earlier|later)\s+", "", value)
            value = re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", value)
            found.append((abs(m.start() - pos), value))
    if not found:
        return None
    return min(found)[1]


def _incident(s: str, pos: int, lex: Lexicon) -> tuple[int | None, str | None, bool]:
    """Distance to the nearest singular event noun with a determiner ("in a strike")."""
    best: tuple[int, str, bool] | None = None
    for m in lex.incident_nouns.finditer(s):
        distinct = m.group(1).lower() in lex.distinct_cues or any(
            w in lex.distinct_cues for w in s[max(0, m.start() - 15) : m.start()].lower().split()
        )
        dist = abs(m.start() - pos)
        if best is None or dist < best[0]:
            best = (dist, m.group(2).lower(), distinct)
    if best is None:
        return None, None, False
    return best


def _modality(ctx: _Context, left: str, attribution: str | None, lex: Lexicon) -> Modality:
    near_left = left[-40:]
    if lex.negations.search(near_left):
        return "negated"
    before = ctx.sentence[: ctx.offset]
    if lex.conditionals.search(before) or lex.conditionals.search(ctx.right[:30]):
        return "conditional"
    if lex.hedges.search(ctx.sentence):
        return "hedged"
    if attribution:
        return "reported"
    return "asserted"
