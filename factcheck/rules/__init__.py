"""The built-in rule types, one module per claim family. Rule instances live in YAML under
``rules/checks/``."""

from factcheck.engine.base import RuleType
from factcheck.rules.dates import EventDateConflict, WeekdayMismatch
from factcheck.rules.direction import DirectionConflict
from factcheck.rules.lifedates import LifeDatesConflict
from factcheck.rules.names import NameSpelling, TitleConflict
from factcheck.rules.numeric import (
    IntervalConflict,
    OrdinalVersusCount,
    PartExceedsWhole,
    TotalDecreased,
)
from factcheck.rules.polarity import PolarityConflict
from factcheck.rules.quotes import Misquote, QuoteAttributionConflict
from factcheck.rules.ranks import RankConflict
from factcheck.rules.restatement import Restatement

RULE_TYPES: list[type[RuleType]] = [
    IntervalConflict,
    PartExceedsWhole,
    TotalDecreased,
    OrdinalVersusCount,
    RankConflict,
    DirectionConflict,
    WeekdayMismatch,
    EventDateConflict,
    LifeDatesConflict,
    Restatement,
    QuoteAttributionConflict,
    Misquote,
    PolarityConflict,
    NameSpelling,
    TitleConflict,
]
