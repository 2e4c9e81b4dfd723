"""What the extractors read from news copy: sentences, figures, qualifiers, non-quantities."""

from __future__ import annotations

import pytest

from factcheck import Document, check
from factcheck.alignment import places_apart, same_place, same_scope
from factcheck.compare.frame import unit_of
from factcheck.extract import extract_claims
from factcheck.extract.lexicon import load_lexicon
from factcheck.extract.numbers import scan, words_value
from factcheck.model import QuantityClaim, Scope, ScopeTime
from factcheck.text.segment import split_sentences


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Gov. Smith met Sen. Jones on Sept. 14. They talked.", 2),
        ("He flew to the U.S. on Monday. Then he left.", 2),
        ("He flew to the U.S. The next day he left.", 2),
        ("U.S. President Trump spoke at 10 a.m. on Oct. 22 in Washington, D.C. officials said.", 1),
        ('"We will win," he said. "Soon."', 2),
        ("John F. Kennedy was shot.\n\nA new paragraph starts here", 2),
    ],
)
def test_sentence_splitting_handles_ap_abbreviations(text: str, count: int) -> None:
    sentences = split_sentences(text)
    assert len(sentences) == count, [s.text for s in sentences]
    for s in sentences:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was made by Harwick.The game sold well.", ["It was made by Harwick.", "The game"]),
        ('It opened last year."Tarn 6" did well.', ["It opened last year.", '"Tarn 6" did']),
        ('He said "we will go."Then he left.', ['He said "we will go."', "Then he left."]),
        ("It opens on Dec. 25, 2014 That date held.", ["It opens on Dec. 25, 2014", "That"]),
        ("He read The Road twice in 2014 The Times said.", ["He read The Road twice in 2014"]),
        ("Visit St.John or Dr.Who today.", ["Visit St.John or Dr.Who today."]),
        ("He starred in In the Heat of the Night.", ["He starred in In the Heat"]),
        ('He said "we are\nready." The game starts.', ['He said "we are\nready."', "The game"]),
    ],
)
def test_sentence_splitting_mends_a_missing_space_or_full_stop(
    text: str, expected: list[str]
) -> None:
    sentences = split_sentences(text)
    assert len(sentences) == len(expected), [s.text for s in sentences]
    for sentence, start in zip(sentences, expected, strict=True):
        assert sentence.text.startswith(start)


@pytest.mark.parametrize(
    ("words", "value"),
    [("two", 2), ("twenty-one", 21), ("a dozen", 12), ("half a dozen", 6),
     ("two hundred", 200), ("three million", 3_000_000), ("one hundred and five", 105)],
)  # fmt: skip
def test_spelled_out_numbers(words: str, value: float) -> None:
    assert words_value(words) == value


def values(text: str) -> list[float]:
    return [m.value for m in scan(text, load_lexicon())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("32 people, 300,000 people, 1.5 million people", [32, 300_000, 1_500_000]),
        ("$2.3bn deal and 64 percent and 64%", [2.3e9, 64, 64]),
        ("in 2019 and on Oct. 22 at 2:15 a.m. and 10 p.m.", []),
        ("COVID-19, a Boeing 737, a 3-1 vote, No. 2, 9/11, 24/7, the 1990s", []),
        ("three times as many people", []),
        ("2000 soldiers", [2000]),
        ("2000 new homes, and 2010 more troops", [2000, 2010]),
        # a plural that is no "-s" word, or a WordNet lemma of its own, counts too
        ("2000 people, 1500 children, 1800 men and 1600 police", [2000, 1500, 1800, 1600]),
        ("the 2000 census figures, the 2010 analysis of 1990 votes", [1990]),
        # thousands set apart by a space; a plain one only before "000", else two figures
        ("12 000 people, 4 250 000 euros, 3\u202f500 votes", [12_000, 4_250_000, 3_500]),
        ("In 1999 12 000 fled; 12 500 people", [12_000, 12, 500]),
        # a letter after a count of whole things scales it; after a size, it is unsure
        ("1.5m inhabitants, 3m residents, 1.2k arrests", [1_500_000, 3_000_000, 1200]),
        ("a 2.5m wall, 1.5m deep", []),
        # a decimal comma before a percent sign
        ("rose 3,5% or 2,25 per cent", [3.5, 2.25]),
        ("jailed in 1929 on various charges; founded 1934 and is", []),
        # the last of a list of years is a year too, before a plural ("races" it names)
        ("in the 1912, 1913 and 1914 races, the 2004 or the 2008 elections", []),
        ("the 2004 or 2008 elections. In 2019, 2000 people marched", [2000]),
        ("turnout was lower than in the 2004 or 2008 elections", []),
        ("The dam was finished in 1962 and 2000 homes were flooded", [2000]),
        ("Between 1995 and 2005 prices doubled", []),
        # number words joined by "and" only after a scale word
        ("one hundred and five, six and eight", [105, 6, 8]),
        ("in 2012 its sales, in 2015 was hit, in 2016 has risen", []),
        ("agent 007 and the 000 left of a split 1 , 000", []),
        ("died in 1153, 1153 monks, since 1400 and 1400 in all", [1153, 1400]),
        ("rated 3.8/10, open 24/7, on 9/11, won 3/10 of the seats, 4/5 stars", [3.8]),
        ("fell by 1200 and rose from 1100, rated on 3/10/2021, In 2019 K-pop", [1200, 1100]),
        ("a star at 5410 K , a mast of 300 m , but not 5m or 40k alone", [5410, 300]),
        # a name then its number, unless the number has a thousands separator and counts
        ("the Apollo 13 crew; results gave Marta Velez 48,900 votes", [48_900]),
        # Indian English scales, and a scale word after a range scales both ends
        ("earned 62.06 crore, then 5 lakh more", [620_600_000, 500_000]),
    ],
)
def test_what_is_and_is_not_a_quantity(text: str, expected: list[float]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "share", "qualifier", "counted"),
    [
        # a fraction of a set is a share in per cent, as rounded as a fraction is written
        ("Half of pupils passed the test", (45, 55), "scaled", "pupils"),
        ("Two-thirds of the village wells have dried up", (61.67, 71.67), "scaled", "wells"),
        ("More than a third of voters backed it", (33.33, None), "more_than", "voters"),
        ("Nearly half of their members struck", (42.5, 50), "nearly", "members"),
        ("about three quarters of nurses agreed", (65, 85), "about", "nurses"),
        ("nine-tenths of its staff left", (85, 95), "scaled", "staff"),
        # a share in digits counts the set after "of" and its determiner
        ("66% of the village wells have dried up", (65.5, 66.5), "scaled", "wells"),
        ("Sixty-two per cent of patients were seen", (61.5, 62.5), "scaled", "patients"),
        ("40% of the valley's orchards lost their blossom", (39.5, 40.5), "scaled", "orchards"),
        ("Roughly a third of Tarrow Mills' staff left", (23.33, 43.33), "about", "staff"),
        ("Half of Brannock households have broadband", (45, 55), "scaled", "households"),
        ("55% of Tarrow league players are foreign", (54.5, 55.5), "scaled", "players"),
        ("Half of Britons say no", (45, 55), "scaled", "britons"),
        ("Roughly half of last year's burglaries were solved", (40, 60), "about", "burglaries"),
        ("Inspectors found that a third of the wells were dry", (28.33, 38.33), "scaled", "wells"),
        ("It's a third of pupils, the head said", (28.33, 38.33), "scaled", "pupils"),
        ("Seven-tenths of its staff left", (65, 75), "scaled", "staff"),
        ("two–thirds of voters agreed", (61.67, 71.67), "scaled", "voters"),  # an en dash
        ("Between a third and half of voters backed it", (33.33, 50), "range", "voters"),
        ("Between sixty and seventy per cent of voters backed it", (60, 70), "range", "voters"),
        ("40% of the company's British staff", (39.5, 40.5), "scaled", "staff"),
        ("Half Of Voters Back Plan", (45, 55), "scaled", "voters"),
        ("Half of those surveyed in a poll said no", (45, 55), "scaled", None),
    ],
)
def test_a_fraction_of_a_set_is_a_share(
    text: str, share: tuple[float, float | None], qualifier: str, counted: str | None
) -> None:
    [claim] = [
        c for c in extract_claims(Document(id="d", text=text)) if isinstance(c, QuantityClaim)
    ]
    hard = (round(claim.hard.lo, 2), None if claim.hard.hi is None else round(claim.hard.hi, 2))
    assert hard == share
    assert (claim.qualifier, claim.measure.counted, claim.measure.dimension) == (
        qualifier,
        counted,
        "percent",
    )


@pytest.mark.parametrize(
    "text",
    [
        "In the first half of 1944 the army advanced",
        "The southern half of the island flooded",
        "A quarter of a million people marched",  # a scale: the count is 250,000
        "Three quarters of an hour passed",
        "He ran a third of the way",
        "Half of the season was lost",
        "Italy's half of the pitch was wet",
        "She was the third of seven children",
        "Smith finished third of 20 runners",  # a rank
        "He was third of seven children",
        "Half of the regular season was lost",
        "a third of the total distance",
        "Half of the 1990s were lost",
        "A quarter of 1 million people",  # 250,000 people
        "Five goals in four quarters of play",
    ],
)
def test_a_part_of_one_thing_or_span_is_no_share(text: str) -> None:
    assert not any(m.percent for m in scan(text, load_lexicon()))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        # one figure given two readings, in words or digits: a range, not two figures
        ("Three to five people were hurt", 3, 5),
        ("Between six and eight people died", 6, 8),
        ("Two or three hundred people marched", 200, 300),
        ("two to three million voters", 2e6, 3e6),
        ("police said 1,500 or 2,000 people marched", 1500, 2000),
        ("In 2019, 1500 or 2000 people marched", 1500, 2000),
        ("the 1500 or 2000 people who marched", 1500, 2000),
        ("destroyed 1500 or 2000 homes", 1500, 2000),
        ("from 1500 to 2000 people", 1500, 2000),
        ("Two to 3 million voters", 2e6, 3e6),
        ("Two or three hundred thousand people", 2e5, 3e5),
        ("Between two hundred and three hundred people died", 200, 300),
    ],
)
def test_two_readings_of_one_figure_are_a_range(text: str, low: float, high: float) -> None:
    [m] = scan(text, load_lexicon())
    assert (m.value, m.value_high, m.kind) == (low, high, "range")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("prices rose from three to five", [3, 5]),
        ("the toll rose by 12 to 40", [12, 40]),  # a change, then the new level
        ("six and eight people", [6, 8]),
        ("Brackwater lost two to three against Stenhall", [2, 3]),  # a score
        ("open from eight to ten", [8, 10]),  # a time
        ("free for children under 16 or 65 and over", [16, 65]),  # two bounds
        ("free for children under five or over 60", [5, 60]),
        ("The fine is $50 or 100 hours of community service", [50, 100]),  # two things
        ("Turnout was 50 or 60 percent", [50, 60]),  # the sign is the second's
    ],
)
def test_two_figures_that_are_no_range(text: str, expected: list[float]) -> None:
    found = scan(text, load_lexicon())
    assert [(m.value, m.value_high) for m in found] == [(v, None) for v in expected]


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [
        ("a budget of $40-80 million", 40e6, 80e6, "USD"),
        ("a budget of 65–80 crore", 650e6, 800e6, "INR"),
        ("between 1.3 and 1.5 crore voters", 13e6, 15e6, None),  # counted, not rupees
        ("between 1500 and 2000 people fled", 1500, 2000, None),  # year-like, but counted
        ("a $4.5-billion deal", 4.5e9, None, "USD"),  # a scale word after a hyphen
        ("poles 5 to 10 m tall", 5, 10, None),  # a letter after a range is a unit
    ],
)
def test_a_scale_word_after_a_range_scales_both_ends(
    text: str, low: float, high: float, currency: str | None
) -> None:
    [m] = scan(text, load_lexicon())
    assert (m.value, m.value_high, m.currency) == (low, high, currency)


@pytest.mark.parametrize(
    "text",
    ["Uttar Pradesh had 2,200 confirmed coronavirus cases.", "Palestine had 14 COVID-19 cases."],
)
def test_a_disease_before_cases_only_says_which_cases(text: str) -> None:
    figure = next(
        c for c in extract_claims(Document(id="d", text=text)) if isinstance(c, QuantityClaim)
    )
    assert (figure.measure.family, figure.measure.counted) == ("cases", "people")


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # a place's own people, with nothing done to them, are its population
        ("Water is trucked to the city's 900,000 residents.", "population"),
        ("Kessing's 40,000 residents voted.", "population"),
        ("The country's 9 million people face a cold winter.", "population"),
        ("The town's roughly 2,000 residents were evacuated.", "evacuated"),
        ("The company's 900 people work in three shifts.", "count"),
        # some of them, or a name that is no possessive, is no population
        ("The country's 2 million people over 65 get the jab.", "count"),
        ("The city's 4,000 residents with disabilities get a grant.", "count"),
        ("Kessing's 12,000 residents in the old town voted.", "count"),
        ("In Lorn on Monday 4,000 residents signed a petition.", "count"),
    ],
)
def test_a_places_own_people_are_its_population(text: str, family: str) -> None:
    figure = next(
        c for c in extract_claims(Document(id="d", text=text)) if isinstance(c, QuantityClaim)
    )
    assert figure.measure.family == family


@pytest.mark.parametrize(
    ("text", "figure", "currency", "anchor"),
    [
        ("The film's budget was less than 27 crore.", "less than 27 crore", "INR", "budget"),
        ("The stadium cost $1.2 billion.", "$1.2 billion", "USD", "stadium"),
        ("The new bridge will cost $1.4 billion.", "$1.4 billion", "USD", "bridge"),
        ("Each ticket costs $40.", "$40", "USD", "ticket"),
    ],
)
def test_money_after_a_verb_of_amount_belongs_to_the_noun_before(
    text: str, figure: str, currency: str, anchor: str
) -> None:
    """So that "the stadium cost $1.2 billion" meets "the $700 million stadium"."""
    measure = quantity(text, figure).measure
    assert (measure.family, measure.counted, measure.anchor) == ("money", currency, anchor)


def test_crore_without_a_counted_noun_is_rupees() -> None:
    money, voters = scan("It earned 62 crore. 1.3 crore voters", load_lexicon())
    assert (money.currency, voters.currency) == ("INR", None)


@pytest.mark.parametrize(
    ("text", "currency", "value"),
    [
        ("The order is worth EUR 58 million.", "EUR", 58e6),
        ("It will cost USD 5 million.", "USD", 5e6),
        ("The film earned Rs 500 crore.", "INR", 5e9),
        ("The exchange was told to pay Rs.1 lakh. It did.", "INR", 1e5),
        ("The shares were offered at HK$3.07 each.", "HKD", 3.07),
        ("The state will spend A$40m on roads.", "AUD", 40e6),
    ],
)
def test_money_currencies(text: str, currency: str, value: float) -> None:
    """A code or another country's dollar before a figure names its currency: "HK$3.07" is
    not three US dollars."""
    [money] = scan(text, load_lexicon())
    assert (money.currency, money.value) == (currency, value)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # every age after "aged", and an age after a role no name goes with
        ("Two residents, aged 88 and 93, have died.", "93"),
        ("Two men, aged between 22 and 35, were arrested.", "between 22 and 35"),
        ("The suspect, 26, was arrested near the border.", "26"),
        ("The former police chief, 58, denied the charges.", "58"),
    ],
)
def test_an_age_is_no_count_of_what_the_verb_says(text: str, figure: str) -> None:
    """Not 93 deaths, 22 to 35 arrests or 26 arrests."""
    assert quantity(text, figure).measure.family == "age"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Revenue was $4.5bn, up 12% on the year.", "$4.5bn"),  # not the money of "up"
        ("The total collection stood at 54 crores.", "54 crores"),  # nor of "stood"
        ("His net worth of $48.1 billion, making him rich.", "$48.1 billion"),
    ],
)
def test_a_word_that_names_no_thing_is_no_money_anchor(text: str, figure: str) -> None:
    """Two sums anchored on "up" were one measure: revenue met earnings per share."""
    assert quantity(text, figure).measure.anchor is None


@pytest.mark.parametrize(
    ("text", "figure", "currency"),
    [("Repairs ran to £2.4m.", "£2.4m", "GBP"), ("It came to €350,000.", "€350,000", "EUR")],
)
def test_money_no_noun_explains_keeps_its_currency(text: str, figure: str, currency: str) -> None:
    """Unaligned money still says which money it is: £2.4m is not $2.4m."""
    measure = quantity(text, figure).measure
    assert (measure.dimension, measure.counted) == ("money", currency)


def quantity(text: str, figure: str) -> QuantityClaim:
    for claim in extract_claims(Document(id="d", text=text)):
        if isinstance(claim, QuantityClaim) and claim.span.text == figure:
            return claim
    raise AssertionError(f"no claim {figure!r} in {text!r}")


@pytest.mark.parametrize(
    ("text", "figure", "hard", "soft"),
    [
        ("The strikes killed at least 32 people.", "at least 32", "[32, ∞)", "[32, ∞)"),
        ("The strikes killed nearly 30 people.", "nearly 30", "[25.5, 30)", "[26.4, 30)"),
        ("The storm killed about 300 people.", "about 300", "[200, 400]", "[285, 315]"),
        ("The storm killed 300 people.", "300", "[300, 300]", "[250, 350]"),
        ("The storm killed more than 40 people.", "more than 40", "(40, ∞)", "(40, ∞)"),
        ("Up to 50 people were arrested.", "Up to 50", "[0, 50]", "[25, 50]"),
        ("Dozens of people were killed.", "Dozens", "[24, 100)", "[24, 100)"),
        ("The flood killed between 20 and 30 people.", "between 20 and 30", "[20, 30]", "[20, 30]"),
        ("The flood killed 30 or more people.", "30 or more", "[30, ∞)", "[30, ∞)"),
        ("It holds a score higher than 52.", "higher than 52", "(52, ∞)", "(52, ∞)"),
        ("Turnout was lower than 40%.", "lower than 40%", "[0, 40)", "[20, 40)"),
        # The bound on an age stands before "the age of".
        ("Children under the age of 5 went first.", "under the age of 5", "[0, 5)", "[2.5, 5)"),
    ],
)
def test_qualifiers_become_intervals(text: str, figure: str, hard: str, soft: str) -> None:
    claim = quantity(text, figure)
    assert (str(claim.hard), str(claim.soft)) == (hard, soft)


@pytest.mark.parametrize(
    ("text", "figure", "family", "counted"),
    [
        ("Killed 5 people and injured 12 others.", "5", "deaths", "people"),
        ("Killed 5 people and injured 12 others.", "12", "injuries", "other people"),
        ("Seven other deaths were linked to the heat.", "Seven", "deaths", "other deaths"),
        # "another", "a further" before the figure: a different set of the counted thing.
        ("Another 12 passengers were rescued.", "12", "rescued", "other passengers"),
        ("A further 300 homes lost power.", "300", "outages", "other homes"),
        ("Up to 50 were held and at least 12 were injured.", "at least 12", "injuries", "people"),
        ("The navy has carried out eight strikes.", "eight", "events", "strike"),
        ("Police have raided the site six times this year.", "six", "events", "raid"),
        ("The blast killed six children.", "six", "deaths", "children"),
        ("Fired on 11 suspected smuggling boats, killing 32.", "11", "count", "boats"),
        ("The appeal raised $40m for repairs.", "$40m", "money", "USD"),
        ("Nine soldiers and two police were killed.", "Nine", "deaths", "soldiers"),  # one verb
        ("A crew of 712 officers and enlisted men.", "712", "count", "officers and men"),
        ("It opens in 2,800 theatres.", "2,800", "count", "theaters"),  # one spelling
        ("He paid for a dog that weighed 40 pounds.", "40", "unaligned", "pounds"),
        ("It employs 900 people and has two plants.", "900", "employment", "people"),
        ("The film took $30m over the weekend.", "$30m", "unaligned", "USD"),  # "over": no anchor
        # Another figure's noun is not this figure's cue; a verb that governs both still is.
        ("It reported 114 cases, 4 deaths and 7 recoveries.", "7", "count", "recoveries"),
        ("It reported 7 recoveries and 4 deaths.", "7", "count", "recoveries"),
        (
            "By Friday there had been 6,500 confirmed cases in the region, and 212 people with "
            "the infection had died.", "212", "deaths", "people",
        ),
        ("The ward had 31 cases, and 4 patients with the virus died.", "4", "deaths", "patients"),
        ("Four guards and two drivers were hurt.", "Four", "injuries", "guards"),
        ("Four soldiers and two civilians died.", "Four", "deaths", "soldiers"),
        ("The blast killed 2 and injured 12 workers.", "12", "injuries", "workers"),
        ("The second blast killed five people.", "five", "deaths", "people"),
        ("Of the 7 injured, 3 children were flown out.", "3", "injuries", "children"),
        ("Among the 40 dead were 12 children.", "12", "deaths", "children"),
        ("Sixty patients have recovered and five people have died.", "Sixty", "count", "patients"),
        ("A bomb left 30 injured, 12 soldiers and 18 civilians.", "12", "injuries", "soldiers"),
        ("The storm left 4 dead and 7 people missing.", "7", "missing", "people"),
        ("Of some 40 dead, 12 children were from Carse.", "12", "deaths", "children"),
        ("There were 40 deaths and 300 patients discharged.", "300", "count", "patients"),
        ("The clinic logged 4 confirmed deaths and 7 recoveries.", "7", "count", "recoveries"),
        # The verb right after a figure's own noun is its own.
        ("Twelve passengers were hurt and three people died.", "three", "deaths", "people"),
        ("The raid left 7 insurgents dead and 3 officers wounded.", "3", "injuries", "officers"),
        ("Five crew members died; 14 passengers survived.", "14", "survivors", "passengers"),
        ("Seven people died and 13 patients were treated for burns.", "13", "count", "patients"),
        ("Police arrested 12 men over the deaths.", "12", "arrests", "men"),
        ("It reported a total of 4 deaths and 7 recoveries.", "7", "count", "recoveries"),
        ("Two people drowned and 4 children in the flood.", "4", "deaths", "children"),
        ("80 cases are confirmed, 60 patients had recovered and 5 people had died.", "60",
         "count", "patients"),
        # A verb right before the next figure, after a list break, is that figure's.
        ("The hospital treated 41,000 patients and employed 2,300 staff.", "41,000", "count",
         "patients"),
        ("The hospital treated 41,000 patients and employed 2,300 staff.", "2,300",
         "employment", "people"),
        ("Gunmen killed 2 and injured 12 workers.", "2", "deaths", "people"),
        # … not a verb that ends this figure's own clause.
        ("Twelve people, mostly women, were killed and 30 were injured.", "Twelve", "deaths",
         "people"),
        ("At least 40 migrants, most from Syria, drowned when 2 boats capsized.", "At least 40",
         "deaths", "migrants"),
        ("It carried 9,000 passengers and employed more than 400.", "9,000", "count",
         "passengers"),
    ],
)  # fmt: skip
def test_measures(text: str, figure: str, family: str, counted: str | None) -> None:
    measure = quantity(text, figure).measure
    assert (measure.family, measure.counted) == (family, counted)


def test_digits_inside_a_name_are_no_figure_whose_noun_follows() -> None:
    # "COVID-19 deaths": the deaths are the figure's, not those of a figure "19".
    measure = quantity("It recorded less than 270 new COVID-19 deaths.", "less than 270").measure
    assert measure.family == "deaths"


@pytest.mark.parametrize(
    ("text", "figure", "counted", "counted_as"),
    [
        ("The blast killed six children.", "six", "children", "noun"),
        ("He paid for a dog that weighed 40 pounds.", "40", "pounds", "unit"),
        ("The show ran for 12 episodes.", "12", "episodes", "unit"),
        ("She spoke at 34 Acquire the Fire rallies.", "34", "Acquire", "name"),
    ],
)  # fmt: skip
def test_the_counted_word_says_what_it_is(
    text: str, figure: str, counted: str, counted_as: str
) -> None:
    """A unit measures a size and a name says which things: neither is a set of things that
    a count of people or homes could be part of."""
    measure = quantity(text, figure).measure
    assert (measure.counted, measure.counted_as) == (counted, counted_as)


@pytest.mark.parametrize(
    ("text", "figure", "family", "hard"),
    [
        ("The regatta was the 57th on the estuary.", "57th", "unaligned", "[57, 57]"),
        ("This has been the first recall in its history.", "first", "unaligned", "[1, 1]"),
        ("It was the fifth such raid on the town.", "fifth", "events", "[5, ∞)"),
    ],
)
def test_a_rank_is_exact_unless_it_counts_events(
    text: str, figure: str, family: str, hard: str
) -> None:
    claim = quantity(text, figure)
    assert (claim.measure.family, str(claim.hard), claim.ordinal) == (family, hard, True)


@pytest.mark.parametrize(
    "text",
    [
        'The sequel "Harbour 7" continues to draw crowds.',  # a title closes after the figure
        "After the abbot died in 1253, Aldric left.",  # no noun read past a comma
    ],
)
def test_the_counted_noun_stands_right_after_the_figure(text: str) -> None:
    claims = extract_claims(Document(id="d", text=text))
    assert [c.measure.counted for c in claims if isinstance(c, QuantityClaim)] in ([], [None])


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("The film grossed more than $65 million globally.", "more than $65 million"),
        ("The film grossed $64 million worldwide.", "$64 million"),
    ],
)
def test_money_earned_globally_is_the_worldwide_gross(text: str, figure: str) -> None:
    measure = quantity(text, figure).measure
    assert (measure.family, measure.anchor) == ("money", "worldwide")


@pytest.mark.parametrize(
    ("text", "figure", "family", "counted"),
    [
        ("The number of registered voters was 1.2 million.", "1.2 million", "count", "voters"),
        ("Police put the number of protesters at 5,000.", "5,000", "crowd", "people"),
        ("The total number of passengers reached 4,500.", "4,500", "count", "passengers"),
        ("It put the share of the valley's orchards hit at 44 per cent.", "44 per cent",
         "unaligned", "orchards"),
        # "a number of" is several; a clause between names another thing
        ("A number of people, 12 of them children, were hurt.", "12", "injuries", "children"),
        ("The number of staff, the firm said, is 40.", "40", "unaligned", None),
    ],
)  # fmt: skip
def test_a_set_named_before_its_figure(
    text: str, figure: str, family: str, counted: str | None
) -> None:
    measure = quantity(text, figure).measure
    assert (measure.family, measure.counted) == (family, counted)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Two-thirds of the workers voted to strike.", "Two-thirds"),  # a share, of no family
        ("One in five residents left the town.", "One"),
        ("One in five residents left the town.", "five"),
        ("About 3 in 10 voters backed the plan.", "10"),
    ],
)
def test_fractions_and_rates_count_nothing(text: str, figure: str) -> None:
    assert quantity(text, figure).measure.family == "unaligned"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Analysts had expected Norland Foods to report a profit of $190 million.",
         "$190 million"),
        ("Economists expected inflation of 3.1% in March.", "3.1%"),
    ],
)  # fmt: skip
def test_what_analysts_expected_asserts_no_result(text: str, figure: str) -> None:
    assert quantity(text, figure).modality == "conditional"


def test_a_year_after_in_is_no_rate() -> None:
    measure = quantity("Twelve people died in 2019 in the fire.", "Twelve").measure
    assert measure.family == "deaths"


def test_first_is_no_figure_outside_a_rank() -> None:
    claims = extract_claims(Document(id="d", text="The first boats left at dawn."))
    assert not [c for c in claims if isinstance(c, QuantityClaim)]


def test_figures_without_a_measure_are_kept_unaligned_and_never_compared_by_measure() -> None:
    from factcheck import check

    text = "The hall seats 300. The theatre seats 120."
    claims = extract_claims(Document(id="d", text=text))
    figures = [c for c in claims if isinstance(c, QuantityClaim)]
    assert {c.measure.family for c in figures} == {"unaligned"}
    assert not check([Document(id="d", text=text)]).findings


def test_plain_counts_are_candidates_in_one_document_and_across_documents() -> None:
    """Two counts of one noun are compared wherever they stand; whether the clash is reported
    is the alignment model's call (here: two different plans in one article are not)."""
    from factcheck import check
    from factcheck.pipeline import analyse

    draft = "The Halden report lists 300 projects. The plan covers 250 projects."
    assert not check([Document(id="d", text=draft)]).findings
    pair = [
        Document(id="d", text="The Halden report lists 300 projects."),
        Document(id="s", text="The Halden report lists 250 projects.", role="source"),
    ]
    for documents in ([Document(id="d", text=draft)], pair):
        figures = analyse(documents).graph.figures()
        texts = [{c.a.claim.span.text, c.b.claim.span.text} for c in figures.candidates()]
        assert texts == [{"300", "250"}]


def test_scope_attribution_and_modality() -> None:
    text = (
        "Since early September the strikes have killed at least 32 people. "
        "A strike late Tuesday killed two people, police said. "
        "Officials said the toll may have reached 40. "
        "No one was killed on Sunday, and the blast did not kill 30 people."
    )
    assert quantity(text, "at least 32").scope.kind == "total"
    two = quantity(text, "two")
    assert two.scope.kind == "incident" and two.attribution == "police"
    assert quantity(text, "40").modality == "hedged"
    assert quantity(text, "30").modality == "negated"


@pytest.mark.parametrize(
    ("text", "figure", "speaker"),
    [
        ("Norland Foods on Wednesday posted a profit of $187 million.", "$187 million", "foods"),
        ("Police late on Friday night said nine people died.", "nine", "police"),
        ("Norland Foods reported a profit of $212 million.", "$212 million", "foods"),
    ],
)
def test_a_day_between_the_speaker_and_the_verb_is_not_the_speaker(
    text: str, figure: str, speaker: str
) -> None:
    assert quantity(text, figure).attribution == speaker


@pytest.mark.parametrize(
    ("text", "figure", "dimension", "lo", "hi"),
    [
        # In the dimension's base unit, widened by half the last written digit.
        ("The winner finished in 95 minutes.", "95", "duration", 94.5, 95.5),
        ("The flight takes three hours.", "three", "duration", 150, 210),
        ("The 150-minute flight leaves at noon.", "150", "duration", 149.5, 150.5),
        ("The lighthouse stands 197 feet high.", "197", "distance", 59.8932, 60.1980),
        ("The road is 40 km long.", "40", "distance", 39500, 40500),
        ("The bag weighs 2.5 kg.", "2.5", "mass", 2.45, 2.55),
        # a unit over another is one unit: 40 km/h is a speed, not 40 km
        ("A 40 km/h limit applies.", "40", "speed", 39.5, 40.5),
        ("The fire burnt 300 acres.", "300", "area", 121.2033, 121.6080),
        # A tiny decimal: written 1e-05 by Python, it is still read to its last digit.
        ("The coating is 0.00001 mm thick.", "0.00001", "distance", 0.0, 0.0),
    ],
)
def test_a_figure_in_a_unit_is_read_in_its_dimensions_base_unit(
    text: str, figure: str, dimension: str, lo: float, hi: float
) -> None:
    claim = quantity(text, figure)
    assert claim.measure.dimension == dimension
    assert (round(claim.hard.lo, 4), round(claim.hard.upper, 4)) == (lo, hi)


def test_two_hours_and_95_minutes_are_compared_but_pounds_stay_money() -> None:
    hours = quantity("The winner finished in just over two hours.", "just over two")
    assert hours.hard.disjoint(quantity("Her time was 95 minutes.", "95").hard)
    assert unit_of(quantity("The club paid 3.2 million pounds for him.", "3.2 million")) == "money"


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("Since the campaign began in August, 40 people have been arrested.", "august"),
        ("Since heavy rain began last weekend, 40 people have died.", "last weekend"),
        # A running total from an event the text gives no date for: no start to compare.
        ("Since the protests began, 40 people have been arrested.", None),
    ],
)
def test_a_running_total_since_a_start_holds_up_to_now(text: str, since: str | None) -> None:
    scope = quantity(text, "40").scope
    assert scope.time is not None
    assert (scope.kind, scope.time.phrase, scope.since) == ("total", "now", since)


def test_a_part_of_a_whole_the_text_gives_no_figure_for_is_a_part_of_nothing_named() -> None:
    part = quantity("Rescuers have identified 29 of the dead.", "29")
    assert (part.part_of, part.part_of_unstated, part.is_part) == (None, True, True)
    assert not quantity("Rescuers have found 29 bodies.", "29").is_part


def test_a_previous_value_keeps_its_time_and_says_it_is_previous() -> None:
    text = "The toll rose to 45, up from 32 on Monday."
    current, previous = quantity(text, "45").scope, quantity(text, "32").scope
    assert not current.previous
    assert previous.time is not None
    assert (previous.previous, previous.time.phrase) == (True, "monday")


@pytest.mark.parametrize(
    ("phrase", "undated", "year", "day"),
    [
        ("april 9 2020", "april 9", 2020, True),
        ("april 9", "april 9", None, True),
        ("wednesday", "wednesday", None, True),
        ("last week", "last week", None, False),
        ("june 2020", "june 2020", 2020, False),
        ("now", "now", None, False),
    ],
)  # fmt: skip
def test_a_scope_time_is_read_once_for_every_comparison(
    phrase: str, undated: str, year: int | None, day: bool
) -> None:
    time = ScopeTime.of(phrase)
    assert (time.phrase, time.undated, time.year, time.day) == (phrase, undated, year, day)


def test_a_scope_time_stored_as_a_phrase_still_reads() -> None:
    """Claims a ledger stored before scope times were typed hold the phrase alone."""
    scope = Scope.model_validate({"kind": "total", "time": "april 9 2020"})
    assert scope.time == ScopeTime.of("april 9 2020")


def test_another_incident_is_the_one_named_where_the_text_marks_it() -> None:
    text = "An airstrike killed 12 people on Monday. Another airstrike on Tuesday killed 30 people."
    first, second = quantity(text, "12"), quantity(text, "30")
    assert (first.scope.event, first.scope.event_at) == ("airstrike", None)
    assert (second.scope.event, second.scope.event_at) == ("airstrike", text.index("Another"))
    assert not same_scope(first, second, load_lexicon())


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        # No measure is read for these figures, yet their unit is known, and typed on the claim.
        ("The film had earned more than 200 crores by Sunday.", "more than 200 crores", "money"),
        ("Intel to Cut Workforce by 5 Percent in 2014", "5 Percent", "percent"),
        # "Of the N votes, M …": a bare M counts votes, but not a share
        ("Of the 3.3 million votes counted, the list won about 17%.", "about 17%", "percent"),
        ("Some 40 were rescued.", "Some 40", "count"),
    ],
)
def test_a_figure_without_a_measure_keeps_its_unit(text: str, figure: str, unit: str) -> None:
    assert unit_of(quantity(text, figure)) == unit


@pytest.mark.parametrize(
    ("text", "figure", "where"),
    [
        ("Canada adds 22,000 jobs in December.", "22,000", "canada"),
        ("U.S. Adds 103,000 Jobs in December", "103,000", "united states"),
        ("The jobless rate in the United States fell to 9.4%.", "9.4%", "united states"),
        ("Germany's economy shed 22,000 jobs last year.", "22,000", "germany"),
        ("Air Canada cancelled 40 flights on Monday.", "40", None),
        ("Michael Jordan scored 40 points.", "40", None),
    ],
)
def test_a_known_country_is_the_figures_place_wherever_it_stands(
    text: str, figure: str, where: str | None
) -> None:
    assert quantity(text, figure).scope.place == where


@pytest.mark.parametrize(
    ("text", "figure", "event"),
    [
        (
            "Officials said 112 people were killed in Tuesday's earthquake in Vash.",
            "112",
            "earthquake",
        ),
        ("Nine people were hurt in last week's storm, the council said.", "Nine", "storm"),
    ],
)
def test_a_day_that_owns_the_event_names_one_incident_and_no_place(
    text: str, figure: str, event: str
) -> None:
    scope = quantity(text, figure).scope
    assert (scope.kind, scope.event) == ("incident", event)
    assert scope.place in (None, "vash")


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("As of 23 April 2020, there are 78 confirmed cases.", "78"),
        ("By 2 March 2024, the album had sold 1,240,000 copies.", "1,240,000"),
        ("As of April 23, 2020, there are 78 confirmed cases.", "78"),
    ],
)
def test_as_of_a_day_makes_a_dated_total_whichever_way_the_date_is_written(
    text: str, figure: str
) -> None:
    scope = quantity(text, figure).scope
    assert scope.kind == "total" and scope.time is not None


@pytest.mark.parametrize(
    "text",
    [
        "Some 32 people had died as of 19th March 2020.",
        "Some 32 people had died by the 19th of March 2020.",
        "Some 32 people had died as of 19 March 2020.",
    ],
)
def test_a_day_written_first_is_a_day_with_or_without_its_ordinal(text: str) -> None:
    time = quantity(text, "Some 32").scope.time
    assert time is not None and time.phrase == "march 19 2020"


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("It reopened on March 19th and the 3rd of May.", []),
        ("It was the fifth march on the capital.", [5.0]),  # a march, not a month
    ],
)
def test_an_ordinal_beside_a_capitalised_month_is_a_day_not_a_figure(
    text: str, figures: list[float]
) -> None:
    assert values(text) == figures


@pytest.mark.parametrize(
    ("text", "figure", "time"),
    [
        # A time that opens the sentence dates every figure after it…
        ("As of 8 April 2020, there are 593 cases in 25 provinces, with 23 deaths and 42 "
         "recoveries.", "23", "april 8 2020"),
        ("On Tuesday, the army said 14 soldiers and 3 civilians were killed.", "3", "tuesday"),
        # … unless a figure's clause gives its own,
        ("As of 8 April, 593 cases were confirmed; in 2019 there had been 12.", "12", "2019"),
        # … or a word between them may set the figure at another time,
        ("On Monday, officials said 12 had died, and the toll has since risen to 15.", "15",
         None),
        ("On Monday, the ministry said 9 had died; a week later it reported 14.", "14", None),
        ("In 2019, the club won 20 games, having won 9 in the previous season.", "9", None),
        ("On Wednesday, officials said 52 had died, revising an initial toll of 60.", "60",
         None),
        ("In 2022, the party won 41% of the vote, up from 38% in the last election.", "38%",
         None),
        ("On Monday, police said the attack on Sunday had killed 12 and wounded 30.", "30",
         None),
        ("By March 19th, 2020, 32 people had died and 40 were hurt.", "40", "march 19 2020"),
        # … and a time inside the sentence is no opener.
        ("The ward, which opened in 2019, now has 40 beds and 12 nurses.", "12", None),
        ("Officials in 2019, citing the survey, counted 40 beds and 12 nurses.", "12", None),
    ],
)  # fmt: skip
def test_a_time_that_opens_the_sentence_dates_its_figures(
    text: str, figure: str, time: str | None
) -> None:
    scope = quantity(text, figure).scope
    assert (scope.time.phrase if scope.time else None) == time


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("Judge Amara Quist, 63, sat alone. The 57-year-old judge left.", "quist"),
        ("Pell, a retired judge, spoke first. The 57-year-old judge left.", "pell"),
        ("Amara Quist, 63, a judge in Velm, sat. The 57-year-old judge left.", "quist"),
        ("He said Judge Amara Quist would sit. The 57-year-old judge left.", "quist"),
        # Two judges, or none by that role: whose age it is stays unknown.
        ("Judge Amara Quist and Judge Eli Marr sat. The 57-year-old judge left.", None),
        ("Judge Amara Quist sat. The 57-year-old clerk left.", None),
        # "a 57-year-old judge" brings in someone new.
        ("Judge Amara Quist, 63, sat. A 57-year-old judge from Velm joined her.", None),
        # unless the name follows, set between commas
        ("A 57-year-old judge, Eli Marr, joined her on the bench.", "marr"),
        ("A 57-year-old judge, Marr said, joined her on the bench.", None),
        # and names the person, not the speaker after a clause ("… was charged, Ruiz said")
        ("A 57-year-old man was charged, Inspector Ana Ruiz, who led the inquiry, said.", None),
    ],
)
def test_an_age_given_with_a_role_belongs_to_the_one_person_of_that_role(
    text: str, anchor: str | None
) -> None:
    measure = quantity(text, "57").measure
    assert (measure.anchor, measure.alone) == (anchor, anchor is None)


@pytest.mark.parametrize(
    ("text", "anchor", "alone"),
    [
        ("Ada Brell, 57, chairs the board.", "brell", False),
        ("Ada Brell, who is 57, chairs the board.", "brell", False),
        ("Ada Brell, now 57, chairs the board.", "brell", False),
        ("Brell, who is now 57, chairs the board.", "brell", False),
        # two people of the surname: the age is compared with no other
        ("Per Brell ran the mill. Ada Brell, 57, chairs the board.", "brell", True),
        # a relative named with the surname is a second person of it
        ("Mr Brell, 57, chairs the board. His wife, Ada Brell, 55, joined it.", "brell", True),
        ("Brell, 57, chairs it; the couple's son Per Brell, 20, studies.", "brell", True),
        ("His widow, Brell, 57, chairs the board. Per Brell died.", "brell", True),
        ("The Brell brothers own it. Brell, 57, chairs the board.", "brell", True),
        ("Her son, Per Brell, runs it. Brell, 57, chairs the board.", "brell", True),
        # a speaker after a plural is nobody's relative
        ("The fire hurt two children, Brell, 57, said.", "brell", False),
        # a man's and a woman's title before one surname: two people
        ("Mr Brell, 57, chairs the board. Mrs Brell spoke.", "brell", True),
        ("Mr Brell, 57, chairs the board. Mr Brell spoke.", "brell", False),
    ],
)
def test_an_age_after_a_name_is_that_name_s_age(text: str, anchor: str, alone: bool) -> None:
    measure = quantity(text, "57").measure
    assert (measure.family, measure.anchor, measure.alone) == ("age", anchor, alone)


@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        ("Brell, 57, chairs the board.", False),
        ("The then 57-year-old Brell chaired the board.", True),
        ("In her first race, Brell, 57, won.", True),
        ("When she first ran, Brell, 57, lost.", True),
        ("As a student, Brell, 57, worked there.", True),
        # the cue is read before the age, in its sentence
        ("Brell, 57, said the board would meet then.", False),
        # and a bare "when" or "first" is no earlier time
        ("When asked, Brell, 57, said no.", False),
        ("The first woman to lead it, Brell, 57, spoke.", False),
    ],
)
def test_an_age_told_of_an_earlier_time_is_a_value_it_had_before(text: str, earlier: bool) -> None:
    assert quantity(text, "57").scope.previous is earlier


@pytest.mark.parametrize(
    ("text", "figure", "modality"),
    [
        # A reported plan: the "would" of reported speech is the plan's "will".
        ("Harlow Steel said on Tuesday it would cut 1,300 jobs in Velm.", "1,300", "asserted"),
        ("The ministry announced that the fund would pay 400 families.", "400", "asserted"),
        # A hypothesis stays one, reported or not.
        ("The dam would flood 300 homes, engineers warned.", "300", "conditional"),
        ("She said that if talks failed, 900 workers would strike.", "900", "conditional"),
    ],
)
def test_the_would_of_reported_speech_is_no_condition(
    text: str, figure: str, modality: str
) -> None:
    assert quantity(text, figure).modality in (
        (modality,) if modality == "conditional" else ("asserted", "reported")
    )


def test_including_makes_a_part() -> None:
    text = "Four people died in the fire, including six children."
    four, six = quantity(text, "Four"), quantity(text, "six")
    assert six.part_of == four.id and six.measure.family == "deaths"


@pytest.mark.parametrize(
    ("text", "whole", "part", "linked"),
    [
        ("Of the 200 delegates at the congress, 230 voted.", "200", "230", True),
        # "As of the …" dates the figures that follow; it names no whole.
        ("As of the 14 reports filed by Monday, 230 cases were confirmed.", "14", "230", False),
    ],
)
def test_of_the_names_a_whole_but_as_of_the_does_not(
    text: str, whole: str, part: str, linked: bool
) -> None:
    assert (quantity(text, part).part_of == quantity(text, whole).id) is linked


def test_of_whom_points_back_past_an_age_to_the_people() -> None:
    text = "The trial enrolled 3,000 volunteers aged 65 or older, about 900 of whom had diabetes."
    part, age = quantity(text, "about 900"), quantity(text, "65")
    assert part.part_of != age.id and part.measure.family != "age"
    assert not [f for f in check([Document(id="d", text=text)]).findings if f.rule == "FC103"]


_TOLL = (
    "The death toll from the floods rose to 340 on Thursday, with 120 dead in Harwick, 90 in "
    "Dunmore and 75 in Velm."
)


def test_a_total_broken_down_by_place_holds_over_the_listed_places() -> None:
    total = quantity(_TOLL, "340").scope
    assert (total.place, total.parts_in) == (None, ("dunmore", "harwick", "velm"))
    assert total.where == "across dunmore, harwick and velm"
    part = quantity(_TOLL, "90")
    # A listed figure that names nothing counts what the total counts, at its time.
    assert (part.scope.place, part.measure.family, str(part.scope.time)) == (
        "dunmore",
        "deaths",
        "thursday",
    )
    assert part.part_of is None  # a figure of its own place, not only a share of the total
    assert places_apart(total, part.scope) and places_apart(part.scope, total)
    assert not places_apart(total, Scope(place="bulgaria"))  # may hold the listed places
    assert places_apart(total, Scope(place="kessel"))  # another town


@pytest.mark.parametrize(
    ("text", "figure", "place"),
    [
        # A place named apart from the listed ones stays the total's.
        ("The quake killed 3,400 people in Turkey, with 1,200 in Hatay and 900 in Adana.",
         "3,400", "turkey"),
        ("Bulgaria has 43 confirmed cases – 26 in Sofia, 7 in Montana and 10 in Plovdiv.",
         "43", "bulgaria"),
        ("Officials have confirmed 43 cases – 26 in Sofia, 7 in Montana and 10 in Plovdiv.",
         "43", None),
        ("In Turkey, the toll rose to 3,400, with 1,200 in Hatay and 900 in Adana.", "3,400",
         "turkey"),
        # Not the town a speaker is in, nor a place named after the list.
        ("Police in Paris said the national toll had risen to 340, with 120 in Lyon and 90 in "
         "Nice.", "340", None),
        ("The toll rose to 340, with 120 in Harwick and 90 in Dunmore, the ministry said in "
         "Kessel.", "340", None),
        # An earlier value between the total and its list.
        ("Cases rose to 430 on Friday from 310 a week earlier, with 120 in Sofia and 90 in "
         "Varna.", "430", None),
    ],
)  # fmt: skip
def test_a_broken_down_total_keeps_only_a_place_of_its_own(
    text: str, figure: str, place: str | None
) -> None:
    assert quantity(text, figure).scope.place == place
    assert quantity(text, figure).scope.parts_in


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # A list of places with no total before it.
        ("Police arrested 31 people in Lyon, 27 in Marseille and 12 in Lille.", "31"),
        ("Police arrested 31 people in Lyon, 7 in Marseille and 12 in Lille.", "31"),
        # Parts that add up to more than the figure before them, or one larger than it.
        ("Officials said 40 people had died, 30 in Hatay and 25 in Adana.", "40"),
        ("Police arrested 40 people, 30 in Hatay and 45 in Adana.", "40"),
        # Shares; a figure compared with, not broken into; other things counted.
        ("Turnout was 61 percent, with 58 percent in Harwick and 66 percent in Velm.",
         "61 percent"),
        ("Velm recorded 340 cases this week, compared with 120 in Harwick last week.", "340"),
        ("The company sold 500 cars last year, with 300 trucks in Ohio and 100 in Texas.",
         "500"),
    ],
)  # fmt: skip
def test_figures_that_do_not_break_down_the_one_before_are_no_breakdown(
    text: str, figure: str
) -> None:
    assert quantity(text, figure).scope.parts_in == ()


def test_a_part_listed_after_including_is_the_figure_of_its_place() -> None:
    text = "The company cut 1,200 jobs in 2023, including 800 in Ohio and 300 in Texas."
    part = quantity(text, "800")
    assert (part.part_of, part.scope.place) == (None, "ohio")


def test_two_totals_broken_down_over_places_that_meet_are_of_one_place() -> None:
    source = quantity("Mumps cases rose to 43 this year – 26 in Oxley, 11 in Tarn and 6 in Wick.",
                      "43")  # fmt: skip
    draft = quantity("Mumps cases rose to 48 this year, 26 of them in Oxley.", "48")
    assert same_place(source.scope, draft.scope)
    assert not same_place(source.scope, Scope(place="oxley"))


@pytest.mark.parametrize(
    "text", ["It was at least the eighth blow.", "Rebels made at least their fifth attack."]
)
def test_a_qualifier_before_a_determiner_qualifies_the_ordinal(text: str) -> None:
    """ "at least their fifth attack": at least five attacks, whichever determiner stands
    between the qualifier and the ordinal."""
    [figure] = [
        c for c in extract_claims(Document(id="d", text=text)) if isinstance(c, QuantityClaim)
    ]
    assert (figure.ordinal, figure.qualifier) == (True, "at_least")
