"""The registry: rule instances read from YAML, validated, bound to their Python rule types.

Every ``*.yml`` file directly inside a rule folder holds ``rules:``, a list of rule
declarations. The bundled folder is always read first; a user's folders may add rules (new
codes) or tune bundled ones by redeclaring the code. Every problem in every file is collected
and raised together as ``path:line: message``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from factcheck.engine.base import RuleOptions, RuleType
from factcheck.engine.yamlio import line_of, read_yaml
from factcheck.errors import ConfigError
from factcheck.model import Severity
from factcheck.paths import data_dir

_CODE_RE = re.compile(r"^FC[1-9]\d{2}$")
_NAME_RE = re.compile(r"^[a-z]+\.[a-z][a-z-]*$")


class RuleSpec(BaseModel):
    """One rule as declared in YAML: identity, documentation and the options of its type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name: str
    kind: str
    severity: Severity
    summary: str = Field(min_length=1)
    why: str = Field(min_length=1)
    example: str = Field(min_length=1, description="text the rule flags")
    use_instead: str = Field(min_length=1, description="the same facts, consistent")
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not _CODE_RE.match(v):
            raise ValueError("must be FC followed by three digits, e.g. FC101 (FC000 is reserved)")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not _NAME_RE.match(v):
            raise ValueError("must look like 'family.slug', e.g. numeric.conflict")
        return v

    @property
    def family(self) -> str:
        return self.code[:3]


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[dict[str, Any]]


@dataclass(frozen=True)
class BoundRule:
    """A declared rule with its type instantiated on its validated options."""

    spec: RuleSpec
    impl: RuleType


@dataclass(frozen=True)
class Registry:
    rules: tuple[BoundRule, ...]

    def get(self, code_or_name: str) -> BoundRule | None:
        key = code_or_name.strip()
        for rule in self.rules:
            if key.upper() == rule.spec.code or key == rule.spec.name:
                return rule
        return None

    @property
    def specs(self) -> list[RuleSpec]:
        return [r.spec for r in self.rules]


def rule_types() -> dict[str, type[RuleType]]:
    """Every rule type shipped with factcheck, by kind."""
    from factcheck.rules import RULE_TYPES

    return {t.kind: t for t in RULE_TYPES}


def _fmt_loc(loc: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in loc)


def _load_file(path: Path, types: dict[str, type[RuleType]]) -> tuple[list[BoundRule], list[str]]:
    problems: list[str] = []
    bound: list[BoundRule] = []
    raw = read_yaml(path)
    try:
        parsed = _RuleFile.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(
                f"{path}:{line_of(path, err['loc'])}: {_fmt_loc(err['loc'])}: {err['msg']}"
            )
        return bound, problems
    for i, item in enumerate(parsed.rules):
        where = ("rules", i)
        try:
            spec = RuleSpec.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors():
                loc = (*where, *err["loc"])
                problems.append(f"{path}:{line_of(path, loc)}: {_fmt_loc(loc)}: {err['msg']}")
            continue
        rule_type = types.get(spec.kind)
        if rule_type is None:
            loc = (*where, "kind")
            known = ", ".join(sorted(types))
            problems.append(
                f"{path}:{line_of(path, loc)}: unknown kind '{spec.kind}' (known: {known})"
            )
            continue
        try:
            options: RuleOptions = rule_type.Options.model_validate(spec.options)
        except ValidationError as exc:
            for err in exc.errors():
                loc = (*where, "options", *err["loc"])
                problems.append(f"{path}:{line_of(path, loc)}: {_fmt_loc(loc)}: {err['msg']}")
            continue
        bound.append(BoundRule(spec=spec, impl=rule_type(options)))
    return bound, problems


def _rule_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise ConfigError([f"{folder}: rule folder not found"])
    return sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))


@lru_cache(maxsize=8)
def load_registry(rule_paths: tuple[str, ...] = ()) -> Registry:
    """Read the bundled rules and the rules in ``rule_paths``; raise ConfigError listing all
    problems. Cached: the result is immutable."""
    types = rule_types()
    folders = [data_dir() / "checks", *(Path(p) for p in rule_paths)]
    by_code: dict[str, BoundRule] = {}
    problems: list[str] = []
    for folder in folders:
        try:
            files = _rule_files(folder)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        for path in files:
            try:
                bound, file_problems = _load_file(path, types)
            except ConfigError as exc:
                problems.extend(exc.problems)
                continue
            problems.extend(file_problems)
            for rule in bound:
                by_code[rule.spec.code] = rule
    names: dict[str, str] = {}
    for rule in by_code.values():
        other = names.setdefault(rule.spec.name, rule.spec.code)
        if other != rule.spec.code:
            problems.append(
                f"rule name '{rule.spec.name}' is used by both {other} and {rule.spec.code}"
            )
    if problems:
        raise ConfigError(problems)
    return Registry(rules=tuple(sorted(by_code.values(), key=lambda r: r.spec.code)))
