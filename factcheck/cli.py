"""The command line: parse, call the core, render, set the exit code.

Exit codes: 0 no finding at or above ``--fail-on``, 1 there is one, 2 a usage, input or
configuration error, reported as ``factcheck: error: ...`` on one line (never a traceback).
A bug is reported the same way, with exit code 2, so that it is never read as "findings".
Everything beyond argparse is imported inside the commands so that the program starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from factcheck.archive import commands as archive_commands
from factcheck.engine.defaults import DEFAULT_MAX_FINDINGS
from factcheck.errors import ConfigError, FactcheckError, InputError
from factcheck.fileio import (
    DEFAULT_MAX_BYTES,
    AtomicFile,
    check_size,
    format_size,
    parse_size,
    read_limited,
    refuse_input_as_output,
    write_atomic,
)
from factcheck.ingest import ARTICLE_SUFFIXES, INPUT_FORMATS
from factcheck.ledger import commands as ledger_commands
from factcheck.options import whole_number
from factcheck.version import VERSION

if TYPE_CHECKING:
    from factcheck.model import CheckConfig, Document, Report, Severity
    from factcheck.settings import Settings

    # What a command keeps of the findings (``_run_check``).
    Shown = Callable[[Report, Sequence[Document], CheckConfig], Report]

SEVERITIES = ("info", "warning", "error")


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, in the same shape as every other error."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"factcheck: error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(2)


class _CommandParser(_Parser):
    """A command's parser: options may come before, between or after the file names
    (``check a.md --source w.txt b.md``), which argparse's plain parsing refuses."""

    _intermixing = False

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._intermixing:  # the intermixed parse calls this method for each of its passes
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


class _ReportFormats:
    """The ``--format`` choices of ``check``, read from ``factcheck.report.RENDERERS`` only when
    argparse needs them (a chosen format, --help), so other commands do not import renderers."""

    def _names(self) -> list[str]:
        from factcheck.report import RENDERERS

        return sorted(RENDERERS)

    def __contains__(self, name: object) -> bool:
        return (name.format if isinstance(name, ReportTarget) else name) in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


class ReportTarget(NamedTuple):
    """One ``--format FMT[:FILE]``: a report format and the file it goes to (``None``: stdout,
    or ``--output``)."""

    format: str
    path: str | None


def _report_target(value: str) -> ReportTarget:
    from factcheck.report import RENDERERS

    fmt, colon, path = value.partition(":")
    if fmt not in RENDERERS:
        known = ", ".join(sorted(RENDERERS))
        raise argparse.ArgumentTypeError(f"unknown format {fmt!r} (known: {known})")
    if colon and not path:
        raise argparse.ArgumentTypeError(f"{value!r}: no file after the ':'")
    return ReportTarget(fmt, path or None)


def _fail(message: str) -> None:
    sys.stderr.write(f"factcheck: error: {message}\n")


# -- helpers shared by the commands -------------------------------------------------------------


def published_option(value: str | None, flag: str = "--published-at") -> date | None:
    """A date option (``--published-at``, ``--since``) as a date: every command reads its
    dates here."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{flag}: {value!r} is not a date (YYYY-MM-DD)") from None


def _codes(value: str | None) -> list[str]:
    return [c.strip() for c in (value or "").split(",") if c.strip()]


def _size_arg(value: str) -> int:
    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@contextlib.contextmanager
def _bounded_stdin(limit: int) -> Iterator[None]:
    """Read stdin here, at most ``limit`` + 1 bytes, and let the loader read that copy: the
    loader reads a stream to its end, and a stream may have none."""
    stdin = sys.stdin
    buffer = getattr(stdin, "buffer", None)
    if limit <= 0 or buffer is None or stdin.isatty():
        yield  # no limit, or a terminal (the loader then says there is nothing to read)
        return
    sys.stdin = io.TextIOWrapper(io.BytesIO(read_limited(buffer, limit, "stdin")))
    try:
        yield
    finally:
        sys.stdin = stdin


def _load_inputs(
    drafts: Sequence[str],
    sources: Sequence[str],
    *,
    input_format: str | None,
    published_at: date | None,
    max_bytes: int,
) -> list[Document]:
    """Drafts take ``--input-format`` as given; a source only when its extension says nothing.
    Every file is held to ``max_bytes`` before anything is read."""
    from factcheck.ingest import format_of, load_document

    for p in (*drafts, *sources):
        if p != "-":
            check_size(p, max_bytes)
    stdin = _bounded_stdin(max_bytes) if "-" in drafts else contextlib.nullcontext()
    with stdin:
        docs = [
            load_document(
                p,
                role="draft",
                input_format=input_format,
                published_at=published_at,
                max_bytes=max_bytes,
            )
            for p in drafts
        ]
    for p in sources:
        fmt = input_format if format_of(p) is None else None
        docs.append(load_document(p, role="source", input_format=fmt, max_bytes=max_bytes))
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise InputError(f"{doc.id}: given more than once")
        seen.add(doc.id)
    return docs


def _source_dir(folder: str, drafts: Sequence[str]) -> list[str]:
    """The article files of ``folder``, less the drafts: a draft kept beside its wires is
    checked against them, not against itself (as the config's ``[[sources]]`` pairs do)."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"--sources {folder}: not a directory")
    checked = {Path(d).resolve() for d in drafts if d != "-"}
    files = sorted(
        str(path / p.name)
        for p in path.iterdir()
        if p.is_file()
        and p.suffix.lower() in ARTICLE_SUFFIXES
        and not p.name.startswith(".")
        and p.resolve() not in checked
    )
    if not files:
        besides = " besides the drafts" if checked else ""
        raise InputError(
            f"--sources {folder}: no {', '.join(ARTICLE_SUFFIXES)} files in it{besides}"
        )
    return files


def _check_selection(config: CheckConfig) -> None:
    """A --select/--ignore pattern that names no rule is a typo, not an empty selection."""
    from factcheck.engine.registry import load_registry
    from factcheck.engine.runner import matches

    registry = load_registry(tuple(config.rule_paths))
    for flag, patterns in (("--select", config.select), ("--ignore", config.ignore)):
        for pattern in patterns:
            if not any(matches(rule.spec, [pattern]) for rule in registry.rules):
                raise InputError(f"{flag}: no rule matches {pattern!r} (see 'factcheck rules')")


def _write(
    text: str, output: str | None, *, overwrite: bool = True, flag: str = "--output"
) -> None:
    """To stdout, or to the file ``output`` all at once or not at all (see factcheck.fileio).
    Every command writes through here; ``flag`` names the option that gave the file."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if Path(output).is_dir():
        raise InputError(f"{flag} {output}: is a directory")
    try:
        write_atomic(output, text, overwrite=overwrite)
    except FileExistsError:
        raise InputError(_exists(output, flag)) from None
    except OSError as exc:
        raise _cannot_write(flag, output, exc) from None


def _cannot_write(flag: str, output: str, exc: OSError) -> InputError:
    return InputError(f"{flag} {output}: cannot write: {exc.strerror or exc}")


def _exists(output: str, flag: str = "--output") -> str:
    return f"{flag} {output}: already exists; pass --force to replace it"


def _flag(target: ReportTarget, args: argparse.Namespace) -> str:
    """The option that named a report's file, for error messages."""
    return "--output" if target.path is not None and target.path == args.output else "--format"


def _report_targets(args: argparse.Namespace) -> list[ReportTarget]:
    """Every report ``check`` writes and where, settled before any work: the format without
    a file goes to ``--output`` (or stdout); two reports may not share a destination, and
    each file must be one that can be written, so that a bad path writes nothing at all."""
    given: list[ReportTarget] = args.format or [ReportTarget("text", None)]
    plain = [t.format for t in given if t.path is None]
    where = f"--output {args.output}" if args.output is not None else "stdout"
    if len(plain) > 1:
        raise InputError(
            f"--format: {', '.join(plain)} have no file and cannot all go to {where}; "
            "give each but one a file (FORMAT:FILE)"
        )
    if args.output is not None and not plain:
        raise InputError(
            f"--output {args.output}: every --format names its own file, so nothing would go "
            "there; drop --output or give one --format without a file"
        )
    targets = [t._replace(path=args.output) if t.path is None else t for t in given]
    seen: dict[Path, str] = {}
    for target in targets:
        if target.path is None:
            continue
        flag = _flag(target, args)
        _check_writable(flag, target.path)
        key = Path(target.path).resolve()
        if key in seen:
            raise InputError(f"{flag} {target.path}: {seen[key]} is written there already")
        seen[key] = target.format
    return targets


def _check_writable(flag: str, output: str) -> None:
    """A file can be written at ``output``: it is no folder and its folder exists and is
    writable (write_atomic puts a temporary file beside it, then renames it)."""
    path = Path(output)
    if path.is_dir():
        raise InputError(f"{flag} {output}: is a directory")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{flag} {output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{flag} {output}: cannot write in the folder {folder}")


def _guard_output(args: argparse.Namespace, inputs: Sequence[str | Path]) -> None:
    """Fail before the work rather than after it: an output that is one of the inputs would
    destroy it, and a baseline is only replaced with ``--force``."""
    targets: list[ReportTarget] | None = getattr(args, "targets", None)  # check's reports
    if targets is None:
        outputs = [("--output", args.output)] if args.output is not None else []
    else:
        outputs = [(_flag(t, args), t.path) for t in targets if t.path is not None]
    for flag, output in outputs:
        refuse_input_as_output(output, inputs, flag)
        if not getattr(args, "force", True) and os.path.lexists(output):
            raise InputError(_exists(output, flag))


def _max_bytes(args: argparse.Namespace, settings: Settings | None = None) -> int:
    if args.max_bytes is not None:
        return int(args.max_bytes)
    return settings.max_bytes if settings is not None else DEFAULT_MAX_BYTES


def _use_color(args: argparse.Namespace) -> bool:
    if args.no_color or args.output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@contextlib.contextmanager
def _window_bar() -> Iterator[Callable[[int, int], None]]:
    """A bar on stderr, when it is a terminal, for a document read in windows."""
    from factcheck.progress import Progress

    bar = Progress(sys.stderr)

    def advance(done: int, total: int) -> None:
        if not bar.total:
            bar.stage("windows", total)
        bar.advance(done - bar.done)

    try:
        yield advance
    finally:
        bar.close()


# -- commands -----------------------------------------------------------------------------------


def _run_check(
    args: argparse.Namespace, shown: Shown | None = None
) -> tuple[Report, list[Document], CheckConfig, Settings]:
    """What ``check`` and ``baseline`` share: the config file and the options, the inputs
    (with the sources and dates the config pairs with the drafts), the check itself and the
    inline ``factcheck: ignore`` comments; then ``shown``, what the command keeps of the rest.
    A document read in windows goes through both window by window (``pipeline.check``), so
    memory holds what the report will show rather than everything found."""
    from factcheck.engine.registry import load_registry
    from factcheck.pipeline import check
    from factcheck.settings import load_settings
    from factcheck.suppress import InlineIgnores

    settings = load_settings(args.config)
    config = settings.check_config(
        select=None if args.select is None else _codes(args.select),
        ignore=None if args.ignore is None else _codes(args.ignore),
        min_severity=args.min_severity,
        rule_paths=args.rules,
        unsure=getattr(args, "unsure", None),
        max_findings=getattr(args, "max_findings", None),
    )
    settings.check_rules(load_registry(tuple(config.rule_paths)).specs)
    _check_selection(config)
    sources = list(args.source) + (_source_dir(args.sources, args.drafts) if args.sources else [])
    given = {Path(s).resolve() for s in sources}
    for draft in args.drafts:
        for paired in settings.sources_for(draft) if draft != "-" else []:
            if paired.resolve() not in given:
                given.add(paired.resolve())
                sources.append(str(paired))
    read_too = [p for p in (settings.path, getattr(args, "baseline", None)) if p is not None]
    _guard_output(args, [*args.drafts, *sources, *read_too])
    documents = _load_inputs(
        args.drafts,
        sources,
        input_format=args.input_format,
        published_at=published_option(args.published_at),
        max_bytes=_max_bytes(args, settings),
    )
    for i, doc in enumerate(documents):  # the config's date only where the file gives none
        when = settings.published_for(doc.path) if doc.path and not doc.published_at else None
        if when is not None:
            documents[i] = doc.model_copy(update={"published_at": when})

    def screen(report: Report, documents: Sequence[Document], inline: InlineIgnores) -> Report:
        report = inline.apply(report)
        return shown(report, documents, config) if shown else report

    ledger = ledger_commands.ledger_for_check(args)
    if ledger is None:
        inline = InlineIgnores(documents)
        with _window_bar() as progress:
            report = check(documents, config, progress, lambda r: screen(r, documents, inline))
    else:  # against the articles already published too, which the report then points into
        report, documents = ledger_commands.check_with_ledger(ledger, documents, config)
        inline = InlineIgnores(documents)
    return screen(report, documents, inline), documents, config, settings


def _shown_by_check(args: argparse.Namespace) -> Shown:
    """What ``check`` shows of the findings: those no baseline acknowledges and, with
    ``--diff``, on changed lines; then capped, last, so that the cap's places go to findings
    nothing else hides. Files and git are read once, however often it is applied."""
    from functools import cache

    from factcheck.diffscope import changed_lines, keep_changed
    from factcheck.engine.cap import cap_findings
    from factcheck.suppress import apply_baseline, load_baseline

    baseline = load_baseline(args.baseline) if args.baseline else None
    changed = cache(lambda paths: changed_lines(args.diff, paths))

    def shown(report: Report, documents: Sequence[Document], config: CheckConfig) -> Report:
        if baseline is not None:
            report = apply_baseline(report, baseline)
        if args.diff:
            report = keep_changed(report, changed(tuple(d.path for d in documents if d.path)))
        return cap_findings(report, config.max_findings)

    return shown


def cmd_check(args: argparse.Namespace) -> int:
    args.targets = _report_targets(args)  # before the work: a bad path must cost nothing
    report, documents, config, settings = _run_check(args, _shown_by_check(args))
    # Findings the cap left out count too: a capped report must not pass where a full one fails.
    fail_on: Severity = args.fail_on or settings.fail_on
    code = 1 if report.any_at_least(fail_on) else 0
    # Every report is rendered before any is written; files first, stdout last.
    texts = [
        (t, _render_report(t, report, documents, config, args, fail_on, code)) for t in args.targets
    ]
    _write_set([(text, t.path, _flag(t, args)) for t, text in texts if t.path is not None])
    for target, text in texts:
        if target.path is None:
            _write(text, None)
    return code


def _write_set(files: Sequence[tuple[str, str, str]]) -> None:
    """Several reports (text, path, flag) as a set: each is written and synced beside its
    file before the first is renamed into place, so a disk that fills up or a folder that
    disappears while writing leaves every old report as it was."""
    staged: list[AtomicFile] = []
    try:
        for text, path, flag in files:
            try:
                staged.append(AtomicFile(path))
                staged[-1].stream.write(text)
                staged[-1].sync()
            except OSError as exc:
                raise _cannot_write(flag, path, exc) from None
        for file, (_, path, flag) in zip(staged, files, strict=True):
            try:
                file.publish()
            except OSError as exc:
                raise _cannot_write(flag, path, exc) from None
    finally:
        for file in staged:
            file.discard()


def _render_report(
    target: ReportTarget,
    report: Report,
    documents: list[Document],
    config: CheckConfig,
    args: argparse.Namespace,
    fail_on: Severity,
    code: int,
) -> str:
    from factcheck.report import render

    if target.format == "sarif":  # rules from extra folders get their documentation too
        from factcheck.report import sarif
        from factcheck.report.common import rule_specs

        specs = rule_specs(config.rule_paths)
        return sarif.render(report, documents, specs=specs, exit_code=code)
    color = target.path is None and _use_color(args)
    return render(report, target.format, documents, color=color, fail_on=fail_on)


def cmd_baseline(args: argparse.Namespace) -> int:
    from factcheck.suppress import write_baseline

    report, documents, _, _ = _run_check(args)
    _write(write_baseline(report, documents), args.output, overwrite=args.force)
    sys.stderr.write(f"factcheck: {len(report.findings)} finding(s) written to {args.output}\n")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from factcheck.settings import CONFIG_NAME, starter_config

    path = Path.cwd() / CONFIG_NAME
    try:
        write_atomic(path, starter_config(), overwrite=False)
    except FileExistsError:
        raise InputError(f"{path}: already exists; not overwriting it") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    sys.stderr.write(f"factcheck: wrote {path}; edit it to suit your newsroom\n")
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    from factcheck.extract import extract_claims
    from factcheck.extract.lexicon import load_lexicon
    from factcheck.report.text import render_claims
    from factcheck.settings import load_settings

    # The same lexicons as `check` reads with: the config file's rule folders and --rules.
    settings = load_settings(args.config)
    config = settings.check_config(rule_paths=args.rules)
    lexicon = load_lexicon(tuple(config.rule_paths))
    [doc] = _load_inputs(
        [args.file],
        [],
        input_format=args.input_format,
        published_at=published_option(args.published_at),
        max_bytes=_max_bytes(args, settings),
    )
    claims = extract_claims(doc, lexicon)
    if args.format == "json":
        from pydantic import TypeAdapter

        from factcheck.model import Claim

        adapter: TypeAdapter[list[Claim]] = TypeAdapter(list[Claim])
        _write(adapter.dump_json(claims, indent=2).decode("utf-8") + "\n", None)
    else:
        _write(render_claims(claims, doc), None)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from factcheck.engine.registry import load_registry
    from factcheck.report.text import render_rule, render_rule_list

    registry = load_registry(tuple(args.rules))
    markdown = args.format == "markdown"
    if args.code is None:
        specs = registry.specs
        if args.format == "json":
            text = json.dumps([s.model_dump(mode="json") for s in specs], indent=2) + "\n"
        else:
            text = render_rule_list(specs, markdown=markdown)
    else:
        rule = registry.get(args.code)
        if rule is None:
            raise InputError(f"unknown rule {args.code!r} (see 'factcheck rules')")
        if args.format == "json":
            text = json.dumps(rule.spec.model_dump(mode="json"), indent=2) + "\n"
        else:
            text = render_rule(rule.spec, markdown=markdown)
    _write(text, None)
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from factcheck.model import CheckConfig
    from factcheck.pipeline import analyse

    _guard_output(args, [*args.files, *args.source])
    documents = _load_inputs(
        args.files,
        args.source,
        input_format=args.input_format,
        published_at=published_option(args.published_at),
        max_bytes=_max_bytes(args),  # graph reads no config file: the option or the default
    )
    graph = analyse(documents, CheckConfig(rule_paths=list(args.rules))).graph
    text = graph.to_graphml() if args.format == "graphml" else graph.to_json()
    _write(text if text.endswith("\n") else text + "\n", args.output)
    return 0


def _from_extra(module: str, what: str, extra: str) -> Callable[..., object] | None:
    """``module``'s ``serve``, or None after saying which extra to install for ``what``."""
    try:
        return importlib.import_module(module).serve
    except ImportError as exc:
        if (exc.name or "").startswith("factcheck"):
            _fail(f"{what} is not part of this install ({exc})")
        else:
            hint = f"pip install 'factcheck[{extra}]'"
            _fail(f"{what} needs extra packages ({exc.name} is missing): {hint}")
        return None


def cmd_serve(args: argparse.Namespace) -> int:
    serve = _from_extra("factcheck.api", "the HTTP API", "api")
    if serve is None:
        return 2
    # The server's worker processes read these from the environment they inherit.
    if args.ledger:
        os.environ[ledger_commands.ENV] = args.ledger
    if args.token:
        from factcheck.api.settings import OLD_TOKEN_ENV, TOKEN_ENV

        os.environ[TOKEN_ENV] = args.token
        os.environ.pop(OLD_TOKEN_ENV, None)  # the option wins over either variable
    serve(host=args.host, port=args.port, workers=args.workers)
    return 0


def cmd_lsp(args: argparse.Namespace) -> int:
    serve = _from_extra("factcheck.lsp.server", "the language server", "lsp")
    if serve is None:
        return 2
    serve()
    return 0


# -- the parser ---------------------------------------------------------------------------------


def _add_documents(p: argparse.ArgumentParser) -> None:
    """The drafts a command checks and their sources (``check``, ``baseline``)."""
    p.add_argument("drafts", nargs="+", metavar="DRAFT", help="draft files; - reads stdin")
    p.add_argument(
        "--source", action="append", default=[], metavar="FILE", help="a source (repeatable)"
    )
    p.add_argument(
        "--sources", metavar="DIR", help="every article file in DIR (by extension) but the drafts"
    )


def _add_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--select", metavar="CODES", help="only these rules: codes, prefixes or names")
    p.add_argument("--ignore", metavar="CODES", help="skip these rules (comma-separated)")


def _add_input_options(p: argparse.ArgumentParser, *, config: bool = True) -> None:
    where = "the config's max-bytes, else " if config else ""
    p.add_argument(
        "--max-bytes",
        type=_size_arg,
        metavar="SIZE",
        help="refuse an input larger than SIZE: bytes, or a number with K, M or G "
        f"(powers of 1024); 0 for no limit (default: {where}"
        f"{format_size(DEFAULT_MAX_BYTES)})",
    )
    p.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        help="format of the drafts (default: from the extension); also used for sources "
        "whose extension is not recognised, and for stdin (-)",
    )
    p.add_argument(
        "--published-at",
        metavar="YYYY-MM-DD",
        help="publication date of the draft(s); anchors relative dates such as 'Wednesday'",
    )


def _add_rules_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="DIR",
        help="extra folder of YAML rules and lexicons (repeatable)",
    )


def _add_config_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        metavar="FILE",
        help="factcheck.toml or pyproject.toml to read (default: the nearest one, looking "
        "from the working directory up)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="factcheck",
        description="Find figures, dates, names and quotes in news copy that cannot all be true.",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {VERSION}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)

    p = sub.add_parser("check", help="check drafts (and their sources) for conflicting claims")
    _add_documents(p)
    p.add_argument(
        "--format",
        action="append",
        type=_report_target,
        choices=_ReportFormats(),
        metavar="FORMAT[:FILE]",  # a metavar keeps argparse from listing the choices early
        help="report format: %(choices)s (default: text); FORMAT:FILE writes that report to "
        "FILE. Repeatable, so one run writes several reports; at most one FORMAT without a "
        "file, which goes to stdout or --output",
    )
    p.add_argument(
        "--output",
        metavar="FILE",
        help="write the report of the --format without a file to FILE (all at once, never "
        "half; not one of the inputs)",
    )
    p.add_argument(
        "--min-severity",
        choices=SEVERITIES,
        help="report findings at this severity or above (default: the config's, else info)",
    )
    p.add_argument(
        "--unsure",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also report, as info, clashing figures the alignment model is unsure are "
        "about one thing, and dates of one act named by a verb the lexicon does not list "
        "(default: the config's unsure, else off)",
    )
    p.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 on findings at this severity or above (default: the config's "
        "fail-on, else warning)",
    )
    p.add_argument(
        "--max-findings",
        type=whole_number(0),
        metavar="N",
        help="show at most N findings per document, the most severe first, and count the "
        "rest in a closing summary; they still count for --fail-on; 0 for no limit "
        f"(default: the config's max-findings, else {DEFAULT_MAX_FINDINGS})",
    )
    _add_selection(p)
    _add_input_options(p)
    _add_rules_option(p)
    p.add_argument("--no-color", action="store_true", help="no ANSI colour in text output")
    _add_config_option(p)
    p.add_argument("--baseline", metavar="FILE", help="hide the findings acknowledged in FILE")
    p.add_argument(
        "--diff", metavar="REF", help="only findings on lines changed since the git revision REF"
    )
    ledger_commands.add_check_option(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("baseline", help="acknowledge the current findings in a baseline file")
    _add_documents(p)
    p.add_argument(
        "--output",
        metavar="FILE",
        default="factcheck-baseline.json",
        help="where to write it (default: factcheck-baseline.json); an existing file is only "
        "replaced with --force",
    )
    p.add_argument("--force", action="store_true", help="replace the --output file if it exists")
    p.add_argument("--min-severity", choices=SEVERITIES, help="acknowledge only these and above")
    _add_selection(p)
    _add_input_options(p)
    _add_rules_option(p)
    _add_config_option(p)
    p.set_defaults(func=cmd_baseline)

    p = sub.add_parser("init", help="write a commented factcheck.toml to start from")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("claims", help="list the claims extracted from a file (to debug a miss)")
    p.add_argument("file", metavar="FILE", help="the file to read; - reads stdin")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _add_input_options(p)
    _add_rules_option(p)
    _add_config_option(p)
    p.set_defaults(func=cmd_claims)

    p = sub.add_parser("rules", help="list the rules, or show one in full")
    p.add_argument("code", nargs="?", metavar="CODE", help="a rule code or name, e.g. FC101")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    _add_rules_option(p)
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("graph", help="export the claim graph (JSON node-link or GraphML)")
    p.add_argument("files", nargs="+", metavar="FILE", help="draft files; - reads stdin")
    p.add_argument(
        "--source", action="append", default=[], metavar="FILE", help="a source (repeatable)"
    )
    p.add_argument("--format", choices=("json", "graphml"), default="json")
    p.add_argument(
        "--output",
        metavar="FILE",
        help="write the graph to FILE (all at once, never half; not one of the inputs)",
    )
    _add_input_options(p, config=False)
    _add_rules_option(p)
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("serve", help="run the HTTP API")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=whole_number(0, 65535), default=8080, help="port (default: 8080)")
    p.add_argument(
        "--workers", type=whole_number(1), default=1, help="worker processes (default: 1)"
    )
    p.add_argument(
        "--ledger",
        metavar="URL",
        help="serve this ledger at /v1/ledger and to checks asking for it: a SQLite file or a "
        f"postgresql:// URL (default: ${ledger_commands.ENV}); see docs/api.md",
    )
    p.add_argument(
        "--token",
        metavar="TOKEN",
        help="the bearer token ledger writes need (default: $FACTCHECK_TOKEN, which other "
        "users cannot read in the process list as they can this option)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("lsp", help="run the language server on stdio, for editors")
    p.add_argument("--stdio", action="store_true", help="accepted for editors that pass it")
    p.set_defaults(func=cmd_lsp)

    ledger_commands.register(sub)
    archive_commands.register(sub)

    # Listed for --help only: main() hands `eval` to factcheck.evaluate before parsing.
    sub.add_parser(
        "eval", help="score the checker on labelled benchmark files (JSONL)", add_help=False
    )
    return parser


def _silence_stdout() -> None:
    # Point stdout at /dev/null so the interpreter's final flush does not fail again.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _dispatch(args_list: list[str]) -> int:
    if args_list[:1] == ["eval"]:
        # `eval` has its own parser (factcheck/evaluate.py); pass its arguments through whole.
        from factcheck.evaluate import main_eval

        return main_eval(args_list[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    code: int = args.func(args)
    return code


def _internal_error(exc: Exception) -> None:
    """A bug: one line that says so, in the shape of every other error; the traceback only
    when asked for, since a CI log is read by people who cannot act on it."""
    if os.environ.get("FACTCHECK_DEBUG", "") not in ("", "0"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:199] + "…"
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    _fail(
        f"internal error ({what}); please report it — run with FACTCHECK_DEBUG=1 for the traceback"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure becomes one line on stderr and exit code 2."""
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except ConfigError as exc:
        for problem in exc.problems:
            _fail(problem)
    except FactcheckError as exc:
        _fail(str(exc))
    except BrokenPipeError:  # `factcheck ... | head`: the reader left; not an error of ours
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    except MemoryError:
        _fail("out of memory; check a smaller input or lower --max-bytes")
    except Exception as exc:  # the last resort: a bug must never read as "1 = findings"
        _internal_error(exc)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
