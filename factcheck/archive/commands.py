"""``factcheck archive check``: the command-line shell.

Imported when the CLI builds its parser, so at the top it imports only the standard library
and the ledger's command shell (standard library only too): the engine, the ledger's code and
Dask load when the command runs (Dask only for ``--engine dask``).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import InputError
from factcheck.ledger.commands import ENV as LEDGER_ENV
from factcheck.ledger.commands import SEVERITIES, from_env
from factcheck.options import add_processes_option

if TYPE_CHECKING:
    from factcheck.archive.output import Item
    from factcheck.archive.sources import Part
    from factcheck.archive.stages import Result
    from factcheck.progress import Progress


def register(sub: Any) -> None:
    """Add ``archive`` and its subcommand to the CLI's subparsers."""
    group = sub.add_parser("archive", help="every contradiction across an archive (local or Dask)")
    # As for ``ledger``: this level has subcommands, so it parses plainly (not intermixed).
    group.parse_known_args = functools.partial(argparse.ArgumentParser.parse_known_args, group)
    leaves = group.add_subparsers(
        dest="archive_command", metavar="SUBCOMMAND", parser_class=type(group)
    )
    group.set_defaults(func=_usage(group))

    p = leaves.add_parser(
        "check", help="find every contradiction between the articles of a folder or a ledger"
    )
    p.add_argument("folder", nargs="?", metavar="DIR", help="a folder of articles (recursive)")
    p.add_argument("--ledger", metavar="URL", help="read the articles of this ledger instead")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="a running Dask scheduler (default: a new local cluster of --workers)",
    )
    add_processes_option(
        p,
        "--workers",
        "worker processes of the local cluster; also how many partitions to cut the archive "
        "into, on any cluster (default: the CPU count)",
    )
    p.add_argument("--format", choices=("jsonl", "sarif"), default="jsonl")
    p.add_argument("--output", metavar="FILE", help="write the findings to FILE (all or nothing)")
    p.add_argument("--fail-on", choices=SEVERITIES, default="warning")
    p.add_argument(
        "--rules", action="append", default=[], metavar="DIR", help="extra rules and lexicons"
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar on stderr (default: when stderr is a terminal)",
    )
    p.set_defaults(func=cmd_check)


def _usage(group: argparse.ArgumentParser) -> Any:
    def run(args: argparse.Namespace) -> int:
        group.print_help(sys.stderr)
        return 2

    return run


def cmd_check(args: argparse.Namespace) -> int:
    _refuse_bad_options(args)
    _need("sqlalchemy", "the archive check reads articles with the ledger's code", "ledger")
    from factcheck.archive.output import opened, writing
    from factcheck.archive.sources import partitions
    from factcheck.model import SEVERITY_RANK
    from factcheck.progress import Progress

    workers = args.workers if args.engine == "dask" else 1
    parts = _parts(args, lambda count: partitions(count, workers))
    rule_paths = tuple(os.path.abspath(r) for r in args.rules)  # workers may run elsewhere
    progress = Progress(sys.stderr, enabled=args.progress)
    with opened(args.output) as out, writing(args.format, out) as take:
        result = run(
            parts,
            rule_paths,
            args.format,
            args.engine,
            args.scheduler,
            args.workers,
            progress,
            take,
        )
    floor = SEVERITY_RANK[args.fail_on]
    return 1 if any(n and SEVERITY_RANK[s] >= floor for s, n in result.severities.items()) else 0


def run(
    parts: list[Part],
    rule_paths: tuple[str, ...],
    fmt: str,
    engine: str,
    scheduler: str | None,
    workers: int,
    progress: Progress,
    take: Callable[[list[Item]], None],
) -> Result:
    """The check on the chosen engine, each partition's findings rendered in ``fmt`` and
    given to ``take`` in order (the benchmark and the tests call this too)."""
    from factcheck.archive.stages import find_conflicts

    if engine == "local":
        from factcheck.archive.local import LocalExecutor

        return find_conflicts(parts, rule_paths, fmt, LocalExecutor(), progress, take)
    from factcheck.archive.on_dask import dask_executor

    with dask_executor(scheduler, workers) as executor:
        return find_conflicts(parts, rule_paths, fmt, executor, progress, take)


def _refuse_bad_options(args: argparse.Namespace) -> None:
    """Everything that can be known wrong before any work starts, so that nothing is done
    (or written) for a run that cannot succeed."""
    ledger = args.ledger or (None if args.folder else from_env(None))
    if args.folder and ledger:
        raise InputError("give a folder or --ledger, not both")
    if not args.folder and not ledger:
        raise InputError(f"name the archive: a folder, or --ledger URL (or ${LEDGER_ENV})")
    args.ledger = ledger
    if args.scheduler and args.engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    if args.scheduler and not args.scheduler.startswith(("tcp://", "tls://")):
        raise InputError(f"--scheduler {args.scheduler}: give tcp://HOST:PORT")
    if args.engine == "dask":
        _need("distributed", "--engine dask needs Dask", "archive")
    if args.output:
        out = Path(args.output)
        if out.is_dir():
            raise InputError(f"--output {args.output}: is a directory")
        if not out.parent.is_dir():
            raise InputError(f"--output {args.output}: folder {out.parent} does not exist")


def _need(module: str, why: str, extra: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise InputError(f"{why}: pip install 'factcheck[{extra}]'")


def _parts(args: argparse.Namespace, cut: Callable[[int], int]) -> list[Part]:
    from factcheck.archive.sources import folder_parts, ledger_parts

    if args.folder:
        folder = Path(args.folder)
        if not folder.exists():
            raise InputError(f"{args.folder}: no such folder")
        if not folder.is_dir():
            raise InputError(f"{args.folder}: not a folder (archive check reads a folder)")
        from factcheck.ledger.articles import files_of

        paths = list(files_of([args.folder]))
        return folder_parts(paths, cut(len(paths)))
    from factcheck.ledger.store import Ledger

    with Ledger.open(args.ledger) as ledger:
        ids = ledger.article_ids()
        shown = ledger.where.shown
    if not ids:
        raise InputError(f"{shown}: no articles in the ledger")
    return ledger_parts(args.ledger, ids, cut(len(ids)))
