"""Project configuration: ``factcheck.toml``, or ``[tool.factcheck]`` in ``pyproject.toml``.

The file is found by walking up from the working directory; the first folder holding either
file wins (``factcheck.toml`` before ``pyproject.toml``, and a ``pyproject.toml`` without a
``[tool.factcheck]`` table does not count). Keys are kebab-case, like the CLI's options; an
unknown key or a bad value is a ``ConfigError`` naming the file and the line.

Paths in the file (rule folders, source and date globs) are relative to the file's folder.
"""

from __future__ import annotations

import difflib
import glob
import re
import string
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from factcheck.engine.defaults import DEFAULT_MAX_FINDINGS
from factcheck.engine.registry import RuleSpec
from factcheck.engine.runner import matches
from factcheck.errors import ConfigError
from factcheck.fileio import DEFAULT_MAX_BYTES, parse_size
from factcheck.model import DEFAULT_FAIL_ON, CheckConfig, Severity

CONFIG_NAME = "factcheck.toml"
PYPROJECT = "pyproject.toml"

_PATTERN = re.compile(r"^(FC\d{0,3}|[a-z]+(\.[a-z][a-z-]*)?)$")  # FC101, FC1, numeric(.conflict)
_RULE_KEY = re.compile(r"^(FC\d{3}|[a-z]+\.[a-z][a-z-]*)$")  # what [severity] is keyed by


def _rule_pattern(value: str) -> str:
    if not _PATTERN.match(value.strip()):
        raise ValueError(
            f"name rules by code (FC101), family (FC1) or name (numeric.conflict), not {value!r}"
        )
    return value.strip()


def _rule_key(value: str) -> str:
    if not _RULE_KEY.match(value):
        raise ValueError(f"a severity is set per rule code (FC101) or name, not {value!r}")
    return value


def _size(value: Any) -> int:
    if isinstance(value, str | int):
        return parse_size(value)
    raise ValueError(f'{value!r} is not a size: give bytes, or a number with K, M or G ("20M")')


_PLACEHOLDERS = {"stem", "name", "dir"}

RulePattern = Annotated[str, AfterValidator(_rule_pattern)]
RuleKey = Annotated[str, AfterValidator(_rule_key)]
ByteSize = Annotated[int, BeforeValidator(_size)]


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, frozen=True)


class SourceGroup(_Section):
    """Drafts matching ``drafts`` are checked against the files matching ``sources``.

    Source globs may use ``{stem}`` (the draft's file name without extension), ``{name}``
    (with it) and ``{dir}`` (its folder), all relative to the config file's folder.
    """

    drafts: list[str]
    sources: list[str] = Field(min_length=1)

    @field_validator("drafts", "sources", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("sources")
    @classmethod
    def _placeholders(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if PurePosixPath(pattern).is_absolute():
                raise ValueError(f"{pattern!r} must be relative to the config file's folder")
            try:
                fields = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
            except ValueError as exc:
                raise ValueError(f"{pattern!r}: {exc}") from None
            unknown = sorted(fields - _PLACEHOLDERS)
            if unknown:
                raise ValueError(
                    f"{pattern!r}: unknown placeholder {{{unknown[0]}}} "
                    "(use {stem}, {name} or {dir}; write {{ and }} for braces)"
                )
        return patterns


class Settings(_Section):
    """What a config file can say. ``check_config()`` turns it into the engine's options."""

    select: list[RulePattern] = Field(default_factory=list)
    ignore: list[RulePattern] = Field(default_factory=list)
    min_severity: Severity = "info"
    fail_on: Severity = DEFAULT_FAIL_ON  # as the CLI's --fail-on
    severity: dict[RuleKey, Severity] = Field(default_factory=dict)
    rule_paths: list[str] = Field(default_factory=list)
    unsure: bool = False  # as the CLI's --unsure
    max_bytes: ByteSize = DEFAULT_MAX_BYTES  # as the CLI's --max-bytes
    max_findings: int = Field(default=DEFAULT_MAX_FINDINGS, ge=0, strict=True)  # --max-findings
    sources: list[SourceGroup] = Field(default_factory=list)
    published: dict[str, date | datetime] = Field(default_factory=dict)

    _path: Path | None = PrivateAttr(default=None)
    _root: Path = PrivateAttr(default_factory=Path.cwd)
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)
    _prefix: tuple[str, ...] = PrivateAttr(default=())

    @property
    def path(self) -> Path | None:
        """The config file read, or None when there was none (the defaults)."""
        return self._path

    @property
    def root(self) -> Path:
        """The folder relative paths are resolved against: the config file's folder."""
        return self._root

    def check_config(
        self,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        min_severity: Severity | None = None,
        rule_paths: Sequence[str] = (),
        unsure: bool | None = None,
        max_findings: int | None = None,
    ) -> CheckConfig:
        """The engine's options; values given on the command line replace the file's
        (``rule_paths`` from the command line are added to the file's)."""
        return CheckConfig(
            select=list(self.select if select is None else select),
            ignore=list(self.ignore if ignore is None else ignore),
            min_severity=min_severity or self.min_severity,
            severity=dict(self.severity),
            rule_paths=[str(self._root / p) for p in self.rule_paths] + list(rule_paths),
            unsure=self.unsure if unsure is None else unsure,
            max_findings=self.max_findings if max_findings is None else max_findings,
        )

    def sources_for(self, draft: str | Path) -> list[Path]:
        """The existing source files paired with a draft by the ``[[sources]]`` groups,
        relative to the working directory when they are below it (as a user types them)."""
        rel = self._relative(draft)
        if rel is None:
            return []
        found: dict[Path, None] = {}
        for group in self.sources:
            if not any(glob_match(pattern, rel) for pattern in group.drafts):
                continue
            fields = {
                "stem": glob.escape(PurePosixPath(rel).stem),
                "name": glob.escape(PurePosixPath(rel).name),
                "dir": glob.escape(str(PurePosixPath(rel).parent)),
            }
            for pattern in group.sources:
                expanded = pattern.format_map(fields)
                for hit in sorted(self._root.glob(expanded)):
                    if hit.is_file() and hit.resolve() != Path(draft).resolve():
                        found.setdefault(_from_cwd(hit), None)
        return list(found)

    def published_for(self, path: str | Path) -> date | datetime | None:
        """The publication date the ``[published]`` table gives a file (first match wins)."""
        rel = self._relative(path)
        if rel is None:
            return None
        for pattern, when in self.published.items():
            if glob_match(pattern, rel):
                return when
        return None

    def check_rules(self, specs: Iterable[RuleSpec]) -> None:
        """Raise a ConfigError for each rule named in the file that matches no registered
        rule: a misspelt ``select`` would otherwise silently check nothing."""
        specs = list(specs)
        problems = []
        entries: list[tuple[tuple[str | int, ...], str]] = [
            *((("select", i), p) for i, p in enumerate(self.select)),
            *((("ignore", i), p) for i, p in enumerate(self.ignore)),
            *((("severity", key), key) for key in self.severity),
        ]
        for loc, pattern in entries:
            if not any(matches(spec, [pattern]) for spec in specs):
                problems.append(f"{self._where(loc)}: no rule matches {pattern!r}")
        if problems:
            raise ConfigError(problems)

    def _relative(self, path: str | Path) -> str | None:
        try:
            return Path(path).resolve().relative_to(self._root.resolve()).as_posix()
        except ValueError:
            return None

    def _where(self, loc: Sequence[str | int]) -> str:
        if self._path is None:
            return "configuration"
        return f"{self._path}:{_line_of(self._lines, (*self._prefix, *loc))}"


def _from_cwd(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


# -- reading ------------------------------------------------------------------------------


def find_config(start: Path | None = None) -> Path | None:
    """The nearest config file in ``start`` (default: the working directory) or above."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def load_settings(path: str | Path | None = None, *, start: Path | None = None) -> Settings:
    """Read the config file at ``path`` (``--config``), else the nearest one; the defaults
    when there is none."""
    if path is None:
        found = find_config(start)
        if found is None:
            settings = Settings()
            settings._root = (start or Path.cwd()).resolve()
            return settings
        path = found
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"{path}: config file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read: {exc}"]) from None
    return parse_settings(text, path)


def parse_settings(text: str, path: Path) -> Settings:
    """Parse one config file's text; ``path`` names it in errors and anchors its paths."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}:{_toml_error(exc)}"]) from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = ("tool", "factcheck")
        table = data.get("tool", {}).get("factcheck")
        if not isinstance(table, dict):
            raise ConfigError([f"{path}: has no [tool.factcheck] table"])
        data = table
    lines = key_lines(text)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_problems(path, lines, prefix, exc)) from None
    settings._path = path
    settings._root = path.resolve().parent
    settings._lines = lines
    settings._prefix = prefix
    return settings


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # not ours to judge; a broken pyproject.toml is another tool's problem
    return isinstance(data.get("tool", {}).get("factcheck"), dict)


def _toml_error(exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    match = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if match:
        return f"{match[1]}: invalid TOML: {message[: match.start()]}"
    return f" invalid TOML: {message}"


_FIELDS = {_kebab(name) for name in Settings.model_fields}
_GROUP_FIELDS = {_kebab(name) for name in SourceGroup.model_fields}


def _problems(
    path: Path,
    lines: dict[tuple[str | int, ...], int],
    prefix: tuple[str, ...],
    exc: ValidationError,
) -> list[str]:
    """One ``path:line: message`` per validation error, in the file's order."""
    found: list[tuple[int, str]] = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p != "[key]")
        line = _line_of(lines, (*prefix, *loc))
        dotted = ".".join(str(p) for p in (*prefix, *loc))
        if err["type"] == "extra_forbidden":
            known = _GROUP_FIELDS if len(loc) > 1 and loc[0] == "sources" else _FIELDS
            close = difflib.get_close_matches(str(loc[-1]), sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            found.append((line, f"{path}:{line}: unknown key '{dotted}'{hint}"))
        else:
            message = err["msg"].removeprefix("Value error, ")
            found.append((line, f"{path}:{line}: {dotted}: {message}"))
    return [message for _, message in sorted(found, key=lambda item: item[0])]


# -- where a key stands -------------------------------------------------------------------

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")
_STRINGS = re.compile(rf"{_QUOTED}|#.*$")


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(_KEY_PART, dotted)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def _balance(text: str) -> int:
    bare = _STRINGS.sub("", text)
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The 1-based line of every table and key in a TOML text, keyed by its path (array
    tables get their index). tomllib keeps no positions; this is only used for messages."""
    lines: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    arrays: Counter[tuple[str, ...]] = Counter()
    depth = 0  # brackets still open in a value that spans lines
    for number, raw in enumerate(text.splitlines(), 1):
        if depth > 0:
            depth += _balance(raw)
            continue
        header = _HEADER.match(raw)
        if header:
            parts = tuple(_split_key(header[2]))
            if header[1] == "[[":
                table = (*parts, arrays[parts])
                arrays[parts] += 1
            else:
                table = parts
            lines.setdefault(table, number)
            continue
        assign = _ASSIGN.match(raw)
        if assign:
            lines.setdefault((*table, *_split_key(assign[1])), number)
            depth = max(_balance(raw[assign.end() :]), 0)
    return lines


def _line_of(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> int:
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


# -- globs ----------------------------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``*`` and ``?`` stay within a folder, ``**/`` spans any number of folders."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            close = pattern.index("]", i + 1)
            body = pattern[i + 1 : close].replace("\\", "\\\\")
            out.append(f"[^{body[1:]}]" if body.startswith("!") else f"[{body}]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, path: str) -> bool:
    """Whether a POSIX path relative to the config folder matches a glob."""
    return _glob_regex(pattern.removeprefix("./")).match(path) is not None


# -- factcheck init -------------------------------------------------------------------------

_STARTER = """\
# factcheck configuration.
#
# factcheck reads this file from the folder it runs in or the nearest folder above that has
# one. The same keys work in pyproject.toml under [tool.factcheck]. Paths are relative to
# this file's folder. Remove the "# " in front of a setting to use it.

# Rules to run, by code (FC101), family (FC1) or name (numeric.conflict). Empty: every rule.
# select = ["FC1", "FC2"]

# Rules to skip, named the same ways.
# ignore = ["names.title"]

# Findings below this severity are not reported: "info", "warning" or "error".
# min-severity = "info"

# Also report, as info, clashing figures the alignment model is unsure are about one thing.
# unsure = true

# The check fails (exit code 1) when a finding at or above this severity remains.
# fail-on = "warning"

# Inputs larger than this are refused before they are read: bytes, or a number with K, M or
# G (powers of 1024); 0 means no limit.
# max-bytes = "20M"

# At most this many findings are shown per document, the most severe first; a closing line
# counts the rest, and the exit code still counts them. 0 means no limit.
# max-findings = 100

# Extra folders of YAML rules and lexicons, such as house titles and spellings.
# rule-paths = ["factcheck-rules"]

# A severity of your own for some rules, by code or name.
# [severity]
# FC103 = "error"
# "names.title" = "warning"

# Which sources each draft is checked against. In the source globs, {stem} is the draft's
# file name without its extension, {name} the file name and {dir} its folder.
# [[sources]]
# drafts = "stories/**/*.md"
# sources = ["sources/{stem}/*.txt", "{dir}/wire.txt"]

# Publication dates for drafts that do not give one in their front matter or <meta> tags:
# they anchor relative dates such as "Wednesday" or "last week". The first match wins.
# [published]
# "stories/2025-10-22/*.md" = 2025-10-22
"""


def starter_config() -> str:
    """The commented ``factcheck.toml`` that ``factcheck init`` writes."""
    return _STARTER


def write_starter_config(folder: Path | None = None) -> Path:
    """Write ``factcheck.toml`` in ``folder`` (the working directory); never overwrite one."""
    target = (folder or Path.cwd()) / CONFIG_NAME
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(starter_config())
    except FileExistsError:
        raise ConfigError([f"{target}: already exists; not overwriting it"]) from None
    except OSError as exc:
        raise ConfigError([f"{target}: cannot write: {exc.strerror or exc}"]) from None
    return target
