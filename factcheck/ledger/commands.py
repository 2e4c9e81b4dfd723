"""``factcheck ledger ...`` and ``factcheck check --ledger``: the command-line shell.

Imported when the parser is built, so it imports nothing beyond the standard library at the
top: SQLAlchemy and the engine load only when a ledger command runs.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from factcheck.errors import InputError
from factcheck.ingest import INPUT_FORMATS
from factcheck.ledger import INTEGER_MAX

if TYPE_CHECKING:
    from factcheck.ledger.store import Ledger
    from factcheck.model import CheckConfig, Document, Report

SEVERITIES = ("info", "warning", "error")
ENV = "FACTCHECK_LEDGER"


def from_env(value: str | None) -> str | None:
    """The option's value, else the environment's (empty counts as unset)."""
    return value or os.environ.get(ENV) or None


def add_check_option(p: argparse.ArgumentParser) -> None:
    """``check --ledger URL``."""
    p.add_argument(
        "--ledger",
        metavar="URL",
        help="also check against the articles in this ledger: a SQLite file or a "
        f"postgresql:// URL (default: ${ENV}, else none); see docs/ledger.md",
    )


def ledger_for_check(args: argparse.Namespace) -> str | None:
    """The ledger a ``check`` reads, if any: the option, else the environment."""
    if not hasattr(args, "ledger"):
        return None  # a command without the option (baseline): never implicitly
    return from_env(args.ledger)


def check_with_ledger(
    value: str, documents: Sequence[Document], config: CheckConfig
) -> tuple[Report, list[Document]]:
    """``check``'s work with a ledger: the report and every document it points into."""
    from factcheck.ledger.check import check_documents
    from factcheck.ledger.store import Ledger

    with Ledger.open(value) as ledger:
        return check_documents(ledger, documents, config)


# -- the ``ledger`` command ----------------------------------------------------------------------


def _article_id(text: str) -> int:
    """A ledger id as the command line gives it: a whole number the database can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an article id: {text!r}") from None
    if not 1 <= value <= INTEGER_MAX:
        raise argparse.ArgumentTypeError(f"no article has the id {text} (ids run from 1)")
    return value


def register(sub: Any) -> None:
    """Add ``ledger`` and its subcommands to the CLI's subparsers."""
    group = sub.add_parser(
        "ledger", help="the ledger of published claims: add, remove, list, conflicts, …"
    )
    # A parser with subcommands cannot parse options intermixed with file names (the CLI's
    # command parser does that for the leaves); parse this level plainly.
    group.parse_known_args = functools.partial(argparse.ArgumentParser.parse_known_args, group)
    leaves = group.add_subparsers(
        dest="ledger_command", metavar="SUBCOMMAND", parser_class=type(group)
    )
    group.set_defaults(func=_missing_subcommand(group))

    p = leaves.add_parser("add", help="add articles (files or folders); a changed one replaces")
    p.add_argument("paths", nargs="+", metavar="FILE|DIR")
    p.add_argument("--published-at", metavar="YYYY-MM-DD", help="publication date (one file)")
    p.add_argument("--url", help="the article's link; its identity in the ledger (one file)")
    p.add_argument(
        "--corrects", type=_article_id, metavar="ID", help="this article corrects article ID"
    )
    p.add_argument("--input-format", choices=INPUT_FORMATS)
    _common(p)
    p.set_defaults(func=cmd_add)

    p = leaves.add_parser("remove", help="remove an article and its claims")
    p.add_argument("id", type=_article_id, metavar="ID")
    _common(p)
    p.set_defaults(func=cmd_remove)

    p = leaves.add_parser("list", help="the articles in the ledger")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _common(p)
    p.set_defaults(func=cmd_list)

    p = leaves.add_parser("stats", help="how much the ledger holds")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _common(p)
    p.set_defaults(func=cmd_stats)

    p = leaves.add_parser("conflicts", help="contradictions between articles already published")
    p.add_argument("--format", default="text", metavar="FORMAT", help="any report format")
    p.add_argument("--output", metavar="FILE", help="write the report to FILE")
    p.add_argument("--fail-on", choices=SEVERITIES, default="warning")
    p.add_argument("--min-severity", choices=SEVERITIES, default="info")
    p.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        help="only what articles published on or after this day contradict in the articles "
        "added before them (default: the whole archive)",
    )
    p.add_argument(
        "--reread",
        action="store_true",
        help="read every article again instead of using what the last call kept (after "
        "editing rules or lexicons)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar on stderr (default: when stderr is a terminal)",
    )
    _common(p)
    p.set_defaults(func=cmd_conflicts)

    p = leaves.add_parser("upgrade", help="bring the ledger's schema up to date (creates one)")
    _common(p)
    p.set_defaults(func=cmd_upgrade)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ledger", metavar="URL", help=f"the ledger (default: ${ENV})")
    p.add_argument(
        "--rules", action="append", default=[], metavar="DIR", help="extra rules and lexicons"
    )


def _missing_subcommand(group: argparse.ArgumentParser) -> Any:
    def run(args: argparse.Namespace) -> int:
        group.print_help(sys.stderr)
        return 2

    return run


def _open(args: argparse.Namespace, *, create: bool = False, upgrade: bool = False) -> Ledger:
    from factcheck.ledger.store import Ledger

    value = from_env(args.ledger)
    if value is None:
        raise InputError(f"name the ledger: --ledger FILE|postgresql://… or ${ENV}")
    return Ledger.open(value, create=create, upgrade=upgrade)


def _config(args: argparse.Namespace) -> CheckConfig:
    from factcheck.model import CheckConfig

    return CheckConfig(rule_paths=list(args.rules))


def cmd_add(args: argparse.Namespace) -> int:
    from factcheck.extract.lexicon import load_lexicon
    from factcheck.ledger.articles import files_of, read_article
    from factcheck.ledger.check import contradicted

    files = list(files_of(args.paths))
    if len(files) > 1 and (args.url or args.published_at or args.corrects is not None):
        raise InputError("--url, --published-at and --corrects describe one article: give one file")
    from factcheck.cli import published_option  # the CLI's reading; it imports this module

    published = published_option(args.published_at)
    config = _config(args)
    lexicon = load_lexicon(tuple(config.rule_paths))
    with _open(args, create=True) as ledger:
        for path in files:
            article = read_article(
                path,
                lexicon,
                url=args.url,
                published_at=published,
                input_format=args.input_format,
            )
            superseded: list[str] = []
            if args.corrects is not None:
                superseded = contradicted(ledger, article, args.corrects, config)
            added = ledger.add(article, corrects=args.corrects, superseded=superseded)
            note = f", supersedes {len(superseded)} claim(s)" if args.corrects is not None else ""
            sys.stdout.write(
                f"{added.outcome} {added.id} v{added.version} "
                f"({added.claims} claims{note}): {path}\n"
            )
            sys.stdout.flush()
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with _open(args) as ledger:
        ledger.remove(args.id)
    sys.stdout.write(f"removed {args.id}\n")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    import json

    with _open(args) as ledger:
        rows = ledger.listing()
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=2) + "\n")
        return 0
    for r in rows:
        when = r["published_at"].isoformat() if r["published_at"] else "undated"
        link = r["url"] or r["path"] or r["identity"]
        fix = f" corrects {r['corrects']}" if r["corrects"] else ""
        sys.stdout.write(
            f"{r['id']}\t{when}\tv{r['version']}\t{r['claims']} claims{fix}\t"
            f"{r['headline']}\t{link}\n"
        )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    import json

    with _open(args) as ledger:
        stats = ledger.stats()
    if args.format == "json":
        sys.stdout.write(json.dumps(stats, indent=2) + "\n")
    else:
        for key, value in stats.items():
            shown = (
                ", ".join(f"{k} {v}" for k, v in value.items())
                if isinstance(value, dict)
                else value
            )
            sys.stdout.write(f"{key}: {shown}\n")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from factcheck.cli import published_option  # the CLI's reading; it imports this module
    from factcheck.ledger.check import archive_conflicts
    from factcheck.model import SEVERITY_RANK
    from factcheck.progress import Progress
    from factcheck.report import RENDERERS, render

    if args.format not in RENDERERS:
        raise InputError(f"--format {args.format}: use one of {', '.join(sorted(RENDERERS))}")
    since = published_option(args.since, "--since")
    progress = Progress(sys.stderr, enabled=args.progress)
    with _open(args) as ledger:
        report, documents = archive_conflicts(
            ledger, _config(args), since, reread=args.reread, progress=progress
        )
    floor = SEVERITY_RANK[args.min_severity]
    report = report.model_copy(
        update={"findings": [f for f in report.findings if SEVERITY_RANK[f.severity] >= floor]}
    )
    text = render(report, args.format, documents, fail_on=args.fail_on)
    if args.output:
        from factcheck.fileio import write_atomic

        write_atomic(args.output, text, overwrite=True)
    else:
        sys.stdout.write(text)
    return 1 if report.at_least(args.fail_on) else 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    with _open(args, upgrade=True) as ledger:
        revision = ledger.revision()
    sys.stdout.write(f"{ledger.where.shown}: schema {revision}\n")
    return 0
