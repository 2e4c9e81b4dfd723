"""Why a finding holds, in words an editor reads: what each passage allows and why they cannot
all be true, and why the checker took them to be about the same thing.

This is the one place that turns a finding's data into those sentences; the text, Markdown and
HTML reports call it. Figures are described from their typed claims (``Report.claims``: the
qualifier and the strict or usual interval), found through the claim ids the rule put in the
explanation. A finding whose claims are not at hand, or of a kind without words here, falls back
to its own message, which every rule writes for people already.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from factcheck.model import Claim, DateClaim, Finding, Interval, QuantityClaim, Report
from factcheck.report.common import plural

# How many of a group's pairs are spelt out; the rest are counted.
_PAIRS_SHOWN = 5


@dataclass(frozen=True)
class Why:
    """``clash``: why the passages cannot all hold ("" when there are no words for this kind
    of finding beyond its message). ``same_thing``: why they were taken to speak of one thing
    ("" when the rule does not decide that by a score). ``pairs``: for a group of clashing
    figures, the reason of each pair (the first few)."""

    clash: str
    same_thing: str = ""
    pairs: tuple[str, ...] = ()


def claims_by_id(report: Report) -> dict[str, Claim]:
    return {c.id: c for c in report.claims}


def explain(finding: Finding, claims: Mapping[str, Claim]) -> Why:
    """The words for one finding; ``claims`` are the report's claims by id (may be empty)."""
    ex = finding.explanation
    if isinstance(ex.get("pairs"), list):
        return _group(finding, claims)
    return Why(clash=_clash_words(finding.rule, ex, claims), same_thing=same_thing_words(ex))


def _clash_words(rule: str, ex: Mapping[str, Any], claims: Mapping[str, Claim]) -> str:
    """The sentence for this kind of finding, or "" when there is none."""
    if rule == "FC000":
        return (
            f"The rule {ex.get('rule', '?')} stopped with {ex.get('error', 'an error')}; the "
            "other rules ran, so this report may lack that rule's findings."
        )
    quantities = {key: _claim(ex.get(key), claims, QuantityClaim) for key in _QUANTITY_ROLES}
    if quantities["a"] and quantities["b"] and "compare" in ex:
        return _interval_clash(quantities["a"], quantities["b"], ex["compare"] == "soft")
    if quantities["part"] and quantities["whole"]:
        return _part_whole(quantities["part"], quantities["whole"])
    if quantities["ordinal"] and quantities["count"]:
        return _ordinal_count(quantities["ordinal"], quantities["count"])
    if quantities["earlier"] and quantities["later"]:
        return _total_falls(quantities["earlier"], quantities["later"])
    dates = [_claim(ex.get(key), claims, DateClaim) for key in ("a", "b")]
    if dates[0] and dates[1] and ex.get("event"):
        return _event_dates(str(ex["event"]), dates[0], dates[1])
    if ex.get("stated") and ex.get("actual") and ex.get("date"):
        return f"{ex['date']} was a {ex['actual'].title()}, not a {ex['stated'].title()}."
    if isinstance(ex.get("titles"), list) and len(ex["titles"]) == 2:
        return _titles(ex)
    return _other_words(ex)


def _other_words(ex: Mapping[str, Any]) -> str:
    """Names, quotes and statements, from what their rules record."""
    if isinstance(ex.get("spellings"), list) and len(ex["spellings"]) == 2:
        first, second = ex["spellings"]
        how = "only accents or capitals differ" if ex.get("accents_only") else "letters differ"
        return f"'{first}' and '{second}' look like one name spelt two ways ({how}); use one."
    if isinstance(ex.get("speakers"), list) and len(ex["speakers"]) == 2:
        first, second = ex["speakers"]
        return f"The same words are given to {first} and to {second}; only one of them said them."
    asserted, negated = ex.get("asserted"), ex.get("negated")
    if isinstance(asserted, dict) and isinstance(negated, dict):
        return (
            f"'{asserted.get('text')}' says it is so and '{negated.get('text')}' says it is not; "
            "the same statement cannot be both."
        )
    return ""


_QUANTITY_ROLES = ("a", "b", "part", "whole", "ordinal", "count", "earlier", "later")
_C = TypeVar("_C", QuantityClaim, DateClaim)


def _claim(described: object, claims: Mapping[str, Claim], kind: type[_C]) -> _C | None:
    """The typed claim a rule described under one key (``{"claim": id, ...}``)."""
    if not isinstance(described, dict):
        return None
    claim = claims.get(str(described.get("claim")))
    return claim if isinstance(claim, kind) else None


# -- figures ------------------------------------------------------------------------------------


def number(value: float) -> str:
    """A figure as copy writes it: 32, 1,500, 25.5."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def reading(interval: Interval) -> str:
    """What an interval allows, in words: "32 or more", "just under 30 (from 25.5)"."""
    lo, hi = number(interval.lo), None if interval.hi is None else number(interval.hi)
    if hi is None:
        return f"more than {lo}" if interval.lo_open else f"{lo} or more"
    if interval.lo == interval.hi:
        return f"exactly {lo}"
    if interval.lo <= 0 and not interval.lo_open:
        return f"fewer than {hi}" if interval.hi_open else f"{hi} or fewer"
    if interval.hi_open:
        return f"just under {hi} (from {lo} up to, but not including, {hi})"
    return f"between {lo} and {hi}"


def _figure(claim: QuantityClaim, interval: Interval) -> str:
    verb = "allows" if interval.hi is None else "is"
    return f"'{claim.span.text.strip()}' {verb} {reading(interval)}"


def _interval_clash(a: QuantityClaim, b: QuantityClaim, soft: bool) -> str:
    if soft:  # only the usual readings part: very likely, not certainly, a contradiction
        return (
            f"Read as copy usually means them, '{a.span.text.strip()}' is {reading(a.soft)} "
            f"and '{b.span.text.strip()}' is {reading(b.soft)}; read that way they do not "
            "overlap, so they are unlikely both to hold."
        )
    return f"{_figure(a, a.hard)}; {_figure(b, b.hard)}; they cannot both hold."


def _part_whole(part: QuantityClaim, whole: QuantityClaim) -> str:
    return (
        f"The part {_figure(part, part.hard)}, but the whole it belongs to "
        f"{_figure(whole, whole.hard)}; a part cannot be larger than its whole."
    )


def _ordinal_count(ordinal: QuantityClaim, count: QuantityClaim) -> str:
    return (
        f"'{ordinal.span.text.strip()}' means at least {number(ordinal.hard.lo)} so far, but "
        f"{_figure(count, count.hard)} in the same period; an ordinal cannot outrun the count."
    )


def _total_falls(earlier: QuantityClaim, later: QuantityClaim) -> str:
    when = [c.scope.time or "undated" for c in (earlier, later)]
    return (
        f"Earlier ({when[0]}) {_figure(earlier, earlier.hard)}; later ({when[1]}) "
        f"{_figure(later, later.hard)}; a running total can rise or stay, not fall."
    )


# -- dates, titles --------------------------------------------------------------------------------


def _day(claim: DateClaim) -> str:
    if claim.start is None:
        return "an unplaced day"
    if claim.end and claim.end != claim.start:
        return f"{claim.start.isoformat()} to {claim.end.isoformat()}"
    return claim.start.isoformat()


def _event_dates(event: str, a: DateClaim, b: DateClaim) -> str:
    return (
        f"'{a.span.text.strip()}' puts the {event} on {_day(a)} and '{b.span.text.strip()}' on "
        f"{_day(b)}; one {event} happens once."
    )


def _titles(ex: Mapping[str, Any]) -> str:
    first, second = (str(t) for t in ex["titles"])
    if ex.get("exclusive"):
        return (
            f"'{first}' and '{second}' are offices one person does not hold at once; "
            "one of them is wrong or out of date."
        )
    return f"'{first}' and '{second}' are two wordings of one person's title; use one."


# -- alignment and groups -------------------------------------------------------------------------


def same_thing_words(ex: Mapping[str, Any]) -> str:
    """Why two figures were taken to be about one thing, as a sentence: "Taken to be about
    the same thing (score 0.98): both count people, both say 'kill'."; "" without a score."""
    alignment = ex.get("alignment")
    if not isinstance(alignment, dict) or "score" not in alignment:
        return ""
    reasons = [str(r) for r in alignment.get("reasons") or ()]
    because = ", ".join(reasons) if reasons else "the model found them alike with no shared words"
    return f"Taken to be about the same thing (score {alignment['score']:.2f}): {because}."


def alignment_words(f: Finding) -> str:
    """The same decision on one line for the text report: "taken as one thing (score 0.89,
    one-document/lexicon-agrees): both count people; both say 'kill'"."""
    alignment = f.explanation.get("alignment")
    if not isinstance(alignment, dict):
        return ""
    reasons = "; ".join(alignment.get("reasons") or ()) or "no shared words"
    stratum = alignment.get("stratum")
    where = f", {stratum}" if stratum else ""
    return f"taken as one thing (score {alignment['score']:.2f}{where}): {reasons}"


def group_words(f: Finding) -> str:
    """For a grouped finding, how its figures were linked: "7 clashing pairs (scores
    0.81–0.98)"; each pair's own reasons are in the JSON and SARIF output."""
    pairs = f.explanation.get("pairs")
    if not isinstance(pairs, list) or not pairs:
        return ""
    scores = list(_scores(pairs))
    linked = plural(len(pairs), "clashing pair")
    if not scores:
        return linked
    low, high = min(scores), max(scores)
    band = f"score {low:.2f}" if low == high else f"scores {low:.2f}–{high:.2f}"
    return f"{linked} ({band})"


def _scores(pairs: Iterable[dict[str, Any]]) -> Iterable[float]:
    for p in pairs:
        alignment = p.get("explanation", {}).get("alignment")
        if isinstance(alignment, dict):
            yield float(alignment["score"])


def _group(finding: Finding, claims: Mapping[str, Claim]) -> Why:
    """A group: the pairs that tie its passages together, each with its own reason."""
    pairs: list[dict[str, Any]] = finding.explanation["pairs"]
    words = []
    for p in pairs[:_PAIRS_SHOWN]:
        ex = p.get("explanation") or {}
        clash = _clash_words(finding.rule, ex, claims) or _sentence(str(p.get("message", "")))
        words.append(" ".join(filter(None, [clash, same_thing_words(ex)])))
    if len(pairs) > _PAIRS_SHOWN:
        words.append(f"… and {plural(len(pairs) - _PAIRS_SHOWN, 'more pair')}.")
    clash = f"{_sentence(group_words(finding))[:-1]} tie these passages together:"
    return Why(clash=clash, pairs=tuple(words))


def _sentence(text: str) -> str:
    """A message as a sentence: capitalised, with a full stop."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."
