"""Rule types (code) and rule instances (YAML), as Vale splits them.

A *rule type* is a Python class: it knows how to look for one kind of inconsistency and which
options tune it. A *rule* is an instance declared in YAML under ``rules/``: a stable code, a
name, a severity, its documentation and the options for its type. FC101 and FC102 are two
instances of one type with different options.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from factcheck.model import Finding, Severity, Span

if TYPE_CHECKING:
    from factcheck.graph import ClaimGraph

CLAIM_KINDS = frozenset({"quantity", "quote", "date", "entity", "polarity"})
_KIND_RE = re.compile(r"^[a-z]+(\.[a-z][a-z-]*)+$")


class RuleOptions(BaseModel):
    """Options of a rule type; each type subclasses it. Unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class RuleContext:
    """What a rule may read. Rules never change it."""

    graph: ClaimGraph
    code: str
    name: str
    severity: Severity
    unsure: bool = False  # report pairs whose alignment score only reaches the info band


class RuleType:
    """Base class of every rule type. Subclasses set the class metadata, checked at import."""

    kind: ClassVar[str]  # e.g. "numeric.interval-conflict"
    targets: ClassVar[frozenset[str]]  # claim kinds it reads
    Options: ClassVar[type[RuleOptions]] = RuleOptions

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        problems = []
        if not _KIND_RE.match(getattr(cls, "kind", "")):
            problems.append("kind must look like 'family.slug'")
        targets: frozenset[str] = getattr(cls, "targets", frozenset())
        if not targets or not targets <= CLAIM_KINDS:
            problems.append(f"targets must be a non-empty subset of {sorted(CLAIM_KINDS)}")
        if not issubclass(cls.Options, RuleOptions):
            problems.append("Options must subclass RuleOptions")
        if not (cls.__doc__ or "").strip():
            problems.append("a docstring must say what the rule type looks for")
        if problems:
            raise TypeError(f"rule type {cls.__name__}: " + "; ".join(problems))

    def __init__(self, options: RuleOptions) -> None:
        self.options = options

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError


@dataclass
class FindingBuilder:
    """Collects a rule's findings with the rule's identity filled in."""

    ctx: RuleContext
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        message: str,
        spans: list[Span],
        explanation: dict[str, Any],
        severity: Severity | None = None,
    ) -> None:
        self.findings.append(
            Finding(
                rule=self.ctx.code,
                name=self.ctx.name,
                severity=severity or self.ctx.severity,
                message=message,
                spans=spans,
                explanation=explanation,
            )
        )

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)
