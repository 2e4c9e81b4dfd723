"""Dates and times: which spans are dates, where they fall on the calendar, which event they
date, and the running totals FC104 orders by them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from factcheck import Document, check
from factcheck.compare.when import order_key, resolve
from factcheck.extract import extract_claims
from factcheck.extract.dates import find_dates, parse_expression, publication_day
from factcheck.model import DateClaim, QuantityClaim

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "article.txt"


def spans(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_dates(text)]


def dates(text: str, published_at: str | None = None) -> list[DateClaim]:
    doc = Document(id="d", text=text, published_at=published_at)
    return [c for c in extract_claims(doc) if isinstance(c, DateClaim)]


def only(text: str, published_at: str | None = None) -> DateClaim:
    found = dates(text, published_at)
    assert len(found) == 1, [c.expression for c in found]
    return found[0]


# -- what is a date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council met on Oct. 22 to vote.", ["Oct. 22"]),
        ("The ceasefire was signed on Sept. 14, 2025, in Marlow.", ["Sept. 14, 2025"]),
        ("It was signed on Monday, Jan. 9, 2026, in Geneva.", ["Monday, Jan. 9, 2026"]),
        ("Officials said Wednesday that the port had reopened.", ["Wednesday"]),
        ("A strike late Tuesday hit the depot.", ["late Tuesday"]),
        ("Hegseth said earlier Wednesday that two were killed.", ["earlier Wednesday"]),
        ("Strikes have continued since early September.", ["early September"]),
        ("Prices rose last week and will rise again this year.", ["last week", "this year"]),
        ("Such ships were common in the 1990s.", ["the 1990s"]),
        ("The alarm sounded at 2:15 a.m. in the north wing.", ["2:15 a.m."]),
        ("The blast happened at 2:15 a.m. Tuesday near the port.", ["2:15 a.m. Tuesday"]),
        ("Trading resumes Jan. 9 after the holiday.", ["Jan. 9"]),
        ("The rules changed in March and again in July.", ["March", "July"]),
        ("Sales peaked in October 2025 and fell after.", ["October 2025"]),
        ("The plant closed in 2019.", ["in 2019"]),
        ("The summit runs Oct. 3-5 in Lisbon.", ["Oct. 3-5"]),
        ("The old king was crowned on 6 February 1952.", ["6 February 1952"]),
        ("Talks broke down three weeks ago.", ["three weeks ago"]),
        ("Voting closed on Oct. 3, 2025, a Friday.", ["Oct. 3, 2025, a Friday"]),
    ],
)
def test_finds_ap_style_dates(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the talks may resume soon.",  # may, the verb
        "May the best crew win, the captain said.",  # May, the modal
        "Prime Minister Theresa May spoke to reporters.",  # May, the name
        "Thousands joined a march through the capital.",  # march, the noun
        "March organisers counted 5,000 people.",  # March, the noun
        "They will march on the capital.",  # march, the verb
        "A Boeing 737 landed safely in Varn.",  # the 737
        "The home side won 3-1 after a 24-17 loss last season's final.",  # scores
        "The attacks of 9/11 changed air travel.",  # 9/11
        "The clinic is open 24/7.",
        "Jan Smit, a fisherman, found the boat.",  # Jan, the name
        "Protesters gathered on Black Friday outside the store.",  # a name, not a weekday
    ],
)
def test_is_not_a_date(text: str) -> None:
    assert spans(text) == []


# -- where a date falls ---------------------------------------------------------------------

PUB = "2025-10-22"  # a Wednesday


@pytest.mark.parametrize(
    ("text", "published_at", "start", "end", "precision"),
    [
        ("Trump said on Wednesday that he might consult Congress.", PUB, "2025-10-22",
         "2025-10-22", "day"),
        ("The strike, which took place late Tuesday, killed two.", PUB, "2025-10-21",
         "2025-10-21", "day"),
        ("The ministers will meet Friday in Oslo.", PUB, "2025-10-24", "2025-10-24", "day"),
        ("The ministers met Friday in Oslo.", PUB, "2025-10-17", "2025-10-17", "day"),
        ("The port reopens next Wednesday.", PUB, "2025-10-29", "2025-10-29", "day"),
        ("The port closed last Wednesday.", PUB, "2025-10-15", "2025-10-15", "day"),
        ("Strikes have continued since early September.", PUB, "2025-09-01", "2025-09-10",
         "month"),
        ("Trump confirmed the operation last week.", PUB, "2025-10-13", "2025-10-19", "week"),
        ("The cartels killed many people last year.", PUB, "2024-01-01", "2024-12-31", "year"),
        ("Rents have doubled this year.", PUB, "2025-01-01", "2025-12-31", "year"),
        ("The ferry sank yesterday.", PUB, "2025-10-21", "2025-10-21", "day"),
        ("The summit runs Oct. 3-5 in Lisbon.", PUB, "2025-10-03", "2025-10-05", "day"),
        ("Such ships were common in the 1990s.", None, "1990-01-01", "1999-12-31", "decade"),
        ("The treaty was signed on Sept. 14, 2025.", None, "2025-09-14", "2025-09-14", "day"),
        ("The mill closed in 2019.", None, "2019-01-01", "2019-12-31", "year"),
        # A date without a year is the one nearest to publication, across New Year too.
        ("The vote was held on Dec. 29.", "2026-01-03", "2025-12-29", "2025-12-29", "day"),
        ("The vote will be held on Jan. 2.", "2025-12-30", "2026-01-02", "2026-01-02", "day"),
        ("The talks collapsed three weeks ago.", PUB, "2025-09-28", "2025-10-04", "week"),
    ],
)  # fmt: skip
def test_resolution_against_published_at(
    text: str, published_at: str | None, start: str, end: str, precision: str
) -> None:
    claim = only(text, published_at)
    assert (claim.start, claim.end, claim.precision) == (
        date.fromisoformat(start),
        date.fromisoformat(end),
        precision,
    )


@pytest.mark.parametrize(
    "text",
    [
        "The ministers met Friday in Oslo.",
        "The vote was held on Dec. 29.",
        "Trump confirmed the operation last week.",
        "The ferry sank yesterday.",
        "The talks collapsed three weeks ago.",
        "Strikes have continued since early September.",
    ],
)
def test_relative_dates_stay_unresolved_without_published_at(text: str) -> None:
    claim = only(text)
    assert claim.start is None and claim.precision == "unknown"


def test_dateparser_resolves_arithmetic_phrases() -> None:
    pytest.importorskip("dateparser")
    claim = only("The accord was drafted a fortnight ago.", PUB)
    assert claim.start and claim.end and claim.start <= date(2025, 10, 8) <= claim.end


def test_weekday_paired_with_a_date_is_kept() -> None:
    claim = only("It was signed on Monday, Jan. 9, 2026, in Geneva.")
    assert claim.weekday == "monday"
    assert claim.start == date(2026, 1, 9)  # the date decides; FC201 compares the two
    assert only("The talks resume Friday.").weekday is None


# -- which event a date belongs to ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "event", "reference", "relation"),
    [
        ("The strike, which took place late Tuesday, killed two.", "strike", "definite", "at"),
        ("A strike on Monday killed three people.", "strike", "named", "at"),
        ("Tuesday's airstrike hit a checkpoint.", "strike", "named", "at"),
        ("Another strike on Thursday killed five.", "strike", "distinct", "at"),
        ("The ceasefire was signed on Sept. 14, 2025.", "signing", "verb", "at"),
        ("The Hadley bridge collapsed on Oct. 3.", "collapse", "verb", "at"),
        # A past verb the lexicon does not list dates its own act, by its lemma.
        ("The single was released on April 16, 2012.", "release", "verb", "at"),
        ("On March 17, 2014, the club sold its ground.", "sell", "verb", "at"),
        ("The company was formed before 1998 in Velm.", "form", "verb", "before"),
        # The nearer verb, not a farther one of the lexicon, dates a date.
        (
            "After the party was dissolved in March 1964, its newspaper closed.",
            "dissolution",
            "verb",
            "at",
        ),
        (
            "After the party was renamed in March 1964, its newspaper closed.",
            "rename",
            "verb",
            "at",
        ),
        ("The Velm edition also aired in 2006.", "air", "distinct", "at"),
        # A date's own stretch first: a relative clause, a participle between commas or
        # parentheses date their own verb, and the words outside them the dates outside them.
        ("The bridge, which opened in June 1951, collapsed in the storm.", "open", "verb", "at"),
        ("The bridge (which opened in June 1951) collapsed in the storm.", "open", "verb", "at"),
        ("The film, released on April 16, 2004, grossed $20 million.", "release", "verb", "at"),
        ("The disaster, which struck on Nov. 19, 1952, is remembered.", "strike", "verb", "at"),
        ("Rivera, who signed on March 17, 2001, left in 2005.", "leave", "verb", "at"),
        # A death dates no other act of the clause; FC203 compares it, tied to the name.
        ("Rinn, who died on July 14, 2019, left the trust his boat.", None, None, "at"),
        ("Rinn died on July 14, 2019, and left the trust his boat.", None, None, "at"),
        ("Lock keeper Varr died on Oct. 2, 2023, in the flood.", None, None, "at"),
        ("Varr died at his home in Holt on Oct. 2, 2023, in the flood.", None, None, "at"),
        # Elsewhere in a clause a birth dates nothing: the date is the signing's.
        (
            "On Sept. 14, 2025, the day his son was born, the envoy signed the pact.",
            "signing",
            "verb",
            "at",
        ),
        # The noun a relative clause tells of is its event; other commas part nothing.
        (
            "The attack, which rebels carried out on May 3, 2019, killed 12.",
            "attack",
            "definite",
            "at",
        ),
        (
            "The attack, the deadliest in years, killed 12 on May 3, 2019.",
            "attack",
            "definite",
            "at",
        ),
        ("The attack on 1,200 villagers killed nine on May 3, 2019.", "attack", "definite", "at"),
        ("On March 3, 2020, the strike began.", "strike", "definite", "at"),
        # The month of another date is no event ("March" is no march).
        ("Work began on March 3, 2004 and the plant opened in 2005.", "open", "verb", "at"),
        ("The club, based in Velm since 1990, won.", None, None, "since"),
        ("The report is due on May 3, 2026.", None, None, "at"),
        # The date of the saying, not of the event.
        ("Hegseth said earlier Wednesday that a strike killed two.", None, None, "at"),
        ("On Tuesday, police said the crash had killed four.", None, None, "at"),
        ("The crash killed four, fire officials said Tuesday.", None, None, "at"),
        # A bound of a period.
        ("The navy has struck boats since early September.", None, None, "since"),
        ("By Oct. 5 the flood had killed 31 people.", None, None, "by"),
        ("The vote ran from Oct. 3 to Oct. 5 in the north.", None, None, "until"),
    ],
)
def test_date_is_tied_to_its_event(
    text: str, event: str | None, reference: str | None, relation: str
) -> None:
    claim = dates(text, PUB)[-1]  # the last date of the sentence
    assert (claim.event, claim.reference, claim.relation) == (event, reference, relation)


# -- FC104: running totals ordered by their dates -------------------------------------------


def test_scope_times_order_through_published_at() -> None:
    new_year = date(2026, 1, 3)
    assert resolve("dec. 29", new_year) == date(2025, 12, 29)
    assert resolve("jan. 2", new_year) == date(2026, 1, 2)
    assert resolve("monday", date(2025, 10, 22)) == date(2025, 10, 20)
    assert resolve("last week", date(2025, 10, 22)) == date(2025, 10, 19)
    assert resolve("now", new_year) == new_year
    # Undated copy: dates of one unnamed year, and weekdays of one week, still order.
    oct3, oct5 = resolve("oct. 3", None), resolve("oct. 5", None)
    assert oct3 is not None and oct5 is not None and oct3 < oct5
    monday, friday = resolve("monday", None), resolve("friday", None)
    assert monday is not None and friday is not None and monday < friday
    assert resolve("earlier", new_year) is None


RUNNING_TOTAL = (
    "By Dec. 29, the floods in Varn province had killed 40 people in all. "
    "As of Jan. 2, the floods had killed 31 people in all, officials said."
)


def test_fc104_running_total_across_new_year() -> None:
    """Dec. 29 in copy published on Jan. 3 is last year's: the toll fell from 40 to 31."""
    report = check([Document(id="d", text=RUNNING_TOTAL, published_at="2026-01-03")])
    falls = [f for f in report.findings if f.rule == "FC104"]
    assert len(falls) == 1 and falls[0].severity == "error"
    assert [s.text for s in falls[0].spans] == ["31", "40"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("TARNBY, 9 October 2024 — The council met.", date(2024, 10, 9)),
        ("KESSAN, Oct. 9, 2024 (Reuters) - The council met.", date(2024, 10, 9)),
        ("LONDON, England, March 3, 2021 -- The council met.", date(2021, 3, 3)),
        ("ST. ALDRIC, 4 May 2023 (Velm News) — Tuesday's vote", date(2023, 5, 4)),
        ("SANTA ROSA DEL VAL, Velm, 4 May 2023 (Wire) - The harbour reopened.", date(2023, 5, 4)),
        # No dateline: a date in the story, a dateline without a year or a day, no dash.
        ("On 9 October 2024 — a Wednesday — the council met.", None),
        ("TARNBY, Oct. 9 — The council met.", None),
        ("TARNBY, October 2024 — The council met.", None),
        ("TARNBY, 9 October 2024. The council met.", None),
        ("March 3, 2021 — The council met.", None),  # no place
        ("On 4 May 2023 — a Thursday — the harbour reopened.", None),
        ("On This Day, 4 May 1998 - The mill closed.", None),  # a headline, not a dateline
        ("Port Elsby, Velm, 4 May 2023 - The harbour reopened.", None),  # capitalised words
        ("On This Day, 4 May 1998 (Archive) - The mill closed.", None),  # even with a bracket
        ("ADA KELL, 3 March 1930 – 9 October 2024\n\nAda Kell ran the mill.", None),
        ("The council met. TARNBY, 9 October 2024 — a note.", None),
    ],
)
def test_a_dateline_gives_the_publication_day(text: str, day: date | None) -> None:
    assert publication_day(Document(id="d", text=text)) == day


def test_the_stated_publication_date_outranks_the_dateline() -> None:
    doc = Document(id="d", text="TARNBY, 9 October 2024 — Talks.", published_at="2024-10-10")
    assert publication_day(doc) == date(2024, 10, 10)


def test_order_key_uses_the_documents_publication_date() -> None:
    doc = Document(id="d", text=RUNNING_TOTAL, published_at="2026-01-03")
    totals = [c for c in extract_claims(doc) if isinstance(c, QuantityClaim)]
    keys = [order_key(c, publication_day(doc)) for c in totals]
    assert keys == [date(2025, 12, 29), date(2026, 1, 2)]


# -- the seed article and start-up ----------------------------------------------------------


def test_seed_gains_no_date_finding() -> None:
    if not SEED.exists():
        pytest.skip("the shared seed article is not in this checkout")
    report = check([Document(id="seed", text=SEED.read_text(), published_at="2025-10-22")])
    assert [f for f in report.findings if f.rule.startswith("FC2")] == []
    strike = [c for c in report.claims if isinstance(c, DateClaim) and c.event == "strike"]
    assert [c.start for c in strike] == [date(2025, 10, 21)]  # "late Tuesday"


def test_parse_expression_reads_scope_phrases() -> None:
    parsed = parse_expression("mid-october")
    assert parsed is not None and parsed.kind == "month" and parsed.part == "mid"
    assert parse_expression("the strike") is None


def test_dateparser_is_not_imported_for_calendar_dates() -> None:
    code = (
        "import sys; from factcheck import Document, check; "
        "check([Document(id='d', text='The strike on Oct. 3 came late Tuesday, last week.', "
        "published_at='2025-10-22')]); print('dateparser' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
