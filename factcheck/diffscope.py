"""``--diff REF``: report only findings on lines changed since a git revision.

Like reviewdog's ``added`` filter: a finding is kept when any of its passages stands on a
line that ``git diff REF`` shows as added or changed, so a pull request is held to account
for the contradictions it introduces, not for the ones the file already had. Files git does
not track yet count as changed throughout.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from factcheck.errors import InputError
from factcheck.model import Report, Span

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r"}


def _git(args: Sequence[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise InputError("--diff: git is not installed") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0] if lines else f"git exited with {done.returncode}"
        raise InputError(f"--diff: {reason.removeprefix('fatal: ')}")
    return done.stdout.decode("utf-8", "surrogateescape")


def _unquote(path: str) -> str:
    """git quotes paths with unusual characters C-style: ``"b/caf\\303\\251.md"``."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    body, out, i = path[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out += char.encode("utf-8", "surrogateescape")
            i += 1
        elif body[i + 1 : i + 4].isdigit():
            out.append(int(body[i + 1 : i + 4], 8))
            i += 4
        else:
            escaped = body[i + 1 : i + 2]
            out += _ESCAPES.get(escaped, escaped).encode("utf-8")
            i += 2
    return out.decode("utf-8", "surrogateescape")


def parse_diff(diff: str, root: Path) -> dict[str, set[int]]:
    """The added or changed lines per file (absolute paths) in a ``--unified=0`` diff."""
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = _unquote(line[4:].rstrip("\t"))
            if target == "/dev/null":  # the file was deleted
                current = None
                continue
            path = str((root / target.removeprefix("b/")).resolve())
            current = changed.setdefault(path, set())
        elif current is not None:
            hunk = _HUNK.match(line)
            if hunk:
                start, count = int(hunk[1]), int(hunk[2] or 1)
                current.update(range(start, start + count))
    return changed


def changed_lines(ref: str, paths: Sequence[str | Path]) -> dict[str, set[int]]:
    """Lines of ``paths`` added or changed since ``ref`` by absolute path: the working tree
    against the merge base of REF and HEAD (REF itself when it is an ancestor, as a branch
    point is). The repository is the one the working directory is in; paths outside it have
    no changed lines, and paths git does not track count as changed on every line."""
    if ref.startswith("-"):
        raise InputError(f"--diff: {ref!r} is not a git revision")
    cwd = Path.cwd()
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip()).resolve()
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    except InputError:
        raise InputError(f"--diff: {ref!r} is not a commit in this repository") from None
    # Files outside the repository (a folder of wire copies elsewhere) have no history here.
    files = [f for f in (Path(p).resolve() for p in paths) if f.is_relative_to(root)]
    if not files:
        return {}
    args = [str(f) for f in files]
    # Against the point where this branch left REF (as a pull request is reviewed), with
    # prefixes and paths fixed whatever the user's diff settings say.
    options = ["--unified=0", "--no-color", "--no-ext-diff", "--no-relative"]
    options += ["--src-prefix=a/", "--dst-prefix=b/", "--merge-base"]
    diff = _git(["diff", *options, ref, "--", *args], cwd)
    changed = parse_diff(diff, root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", *args], cwd)
    for name in filter(None, untracked.split("\0")):
        path = (cwd / name).resolve()
        try:
            count = len(path.read_text(encoding="utf-8", errors="replace").splitlines())
        except OSError:
            continue
        changed[str(path)] = set(range(1, count + 1))
    return changed


def keep_changed(report: Report, changed: Mapping[str, set[int]]) -> Report:
    """The findings with at least one passage on a changed line. Findings without passages
    (a rule that failed) are kept: they are about the run, not the text."""
    paths = {info.id: str(Path(info.path).resolve()) for info in report.documents if info.path}

    def touches(spans: Sequence[Span]) -> bool:
        for span in spans:
            lines = changed.get(paths.get(span.document_id, ""), set())
            first = span.line or 0
            last = span.end_line or first
            if any(n in lines for n in range(first, last + 1)):
                return True
        return False

    kept = [f for f in report.findings if not f.spans or touches(f.spans)]
    return report.model_copy(update={"findings": kept})
