"""The built-in rule types, one module per claim family. Rule instances live in YAML under
``rules/checks/``."""

from factcheck.engine.base import RuleType
from factcheck.rules.numeric import (
    IntervalConflict,
    OrdinalVersusCount,
    PartExceedsWhole,
    TotalDecreased,
)

RULE_TYPES: list[type[RuleType]] = [
    IntervalConflict,
    PartExceedsWhole,
    TotalDecreased,
    OrdinalVersusCount,
]
