"""The built-in rule types, one module per claim family. Rule instances live in YAML under
``rules/checks/``."""

from factcheck.engine.base import RuleType
from factcheck.rules.numeric import (
    IntervalConflict,
    OrdinalVersusCount,
    PartExceedsWhole,
    TotalDecreased,
)
from factcheck.rules.restatement import Restatement

RULE_TYPES: list[type[RuleType]] = [
    IntervalConflict,
    PartExceedsWhole,
    TotalDecreased,
    OrdinalVersusCount,
    Restatement,
]
