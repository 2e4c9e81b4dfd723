"""``--diff REF``: findings on lines changed since REF are reported, older ones are not."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from factcheck import check
from factcheck.diffscope import changed_lines, keep_changed, parse_diff
from factcheck.errors import InputError
from factcheck.ingest import load_document

OLD = (
    "The storm has killed at least 32 people since Monday.\n\n"
    "Officials met on Tuesday to plan the clean-up.\n\n"
    "The storm has killed nearly 30 people so far.\n"
)
NEW_CONFLICT = (
    "\nThe storm has injured at least 50 people since Monday.\n\n"
    "The storm has injured nearly 40 people so far.\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with one committed draft that already has a contradiction."""
    monkeypatch.setenv("HOME", str(tmp_path))  # no user or system git settings
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "newsroom"
    (root / "stories").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "desk@example.org")
    git(root, "config", "user.name", "Desk")
    (root / "stories" / "storm.md").write_text(OLD, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first draft")
    monkeypatch.chdir(root)
    return root


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def passages(report) -> list[list[str]]:
    return [sorted(s.text for s in f.spans) for f in report.findings]


def test_only_the_contradiction_introduced_since_ref_is_reported(repo: Path):
    draft = repo / "stories" / "storm.md"
    draft.write_text(OLD + NEW_CONFLICT, encoding="utf-8")
    report = check([load_document("stories/storm.md")])
    assert len(report.findings) == 2  # the old contradiction is still in the file

    changed = changed_lines("HEAD", ["stories/storm.md"])
    assert changed == {str(draft.resolve()): {6, 7, 8, 9}}
    assert passages(keep_changed(report, changed)) == [["at least 50", "nearly 40"]]


def test_a_changed_line_on_either_side_of_a_conflict_counts(repo: Path):
    draft = repo / "stories" / "storm.md"
    draft.write_text(OLD.replace("nearly 30", "nearly 20"), encoding="utf-8")
    report = check([load_document("stories/storm.md")])
    changed = changed_lines("HEAD", [draft])
    assert changed == {str(draft.resolve()): {5}}
    assert passages(keep_changed(report, changed)) == [["at least 32", "nearly 20"]]


def test_nothing_changed_reports_nothing(repo: Path):
    report = check([load_document("stories/storm.md")])
    assert report.findings
    assert keep_changed(report, changed_lines("HEAD", ["stories/storm.md"])).findings == []


def test_changes_are_counted_from_where_the_branch_left_ref(repo: Path):
    draft = repo / "stories" / "storm.md"
    git(repo, "checkout", "-q", "-b", "feature")
    draft.write_text(OLD + NEW_CONFLICT, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "more figures")
    git(repo, "checkout", "-q", "main")  # main moves on, rewording the first paragraph
    draft.write_text(OLD.replace("since Monday", "since early Monday"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "desk edit")
    git(repo, "checkout", "-q", "feature")
    changed = changed_lines("main", [draft])
    assert changed == {str(draft.resolve()): {6, 7, 8, 9}}  # not line 1, changed on main


def test_untracked_files_count_as_changed_throughout(repo: Path):
    new = repo / "stories" / "flood.md"
    new.write_text(NEW_CONFLICT.lstrip(), encoding="utf-8")
    assert changed_lines("HEAD", [new]) == {str(new.resolve()): {1, 2, 3}}


def test_user_diff_settings_do_not_change_the_paths(repo: Path):
    git(repo, "config", "diff.noprefix", "true")
    git(repo, "config", "diff.relative", "true")
    draft = repo / "stories" / "storm.md"
    draft.write_text(OLD + NEW_CONFLICT, encoding="utf-8")
    sub = repo / "stories"
    assert changed_lines("HEAD", [sub / "storm.md"]) == {str(draft.resolve()): {6, 7, 8, 9}}


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("no-such-branch", "--diff: 'no-such-branch' is not a commit in this repository"),
        ("--output=x", "--diff: '--output=x' is not a git revision"),
    ],
)
def test_a_bad_ref_is_a_one_line_error(repo: Path, ref: str, message: str):
    with pytest.raises(InputError) as info:
        changed_lines(ref, ["stories/storm.md"])
    assert str(info.value) == message


def test_outside_a_repository_is_a_one_line_error(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "lonely.md"
    draft.write_text(OLD, encoding="utf-8")
    with pytest.raises(InputError, match=r"^--diff: not a git repository"):
        changed_lines("HEAD", [draft])


def test_files_outside_the_repository_have_no_changed_lines(repo: Path):
    wire = repo.parent / "wires" / "storm.txt"  # sources kept outside the newsroom repo
    wire.parent.mkdir()
    wire.write_text(OLD, encoding="utf-8")
    draft = repo / "stories" / "storm.md"
    draft.write_text(OLD + NEW_CONFLICT, encoding="utf-8")
    assert changed_lines("HEAD", [draft, wire]) == {str(draft.resolve()): {6, 7, 8, 9}}


def test_parse_diff_reads_hunks_deletions_and_quoted_paths(tmp_path: Path):
    diff = (
        "diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n"
        "@@ -3 +3 @@\n-x\n+y\n@@ -10,2 +11,0 @@\n-gone\n-gone\n@@ -20,0 +21,3 @@\n+n\n+n\n+n\n"
        'diff --git "a/caf\\303\\251 \\"x\\".md" "b/caf\\303\\251 \\"x\\".md"\n'
        '--- "a/caf\\303\\251 \\"x\\".md"\n+++ "b/caf\\303\\251 \\"x\\".md"\n@@ -1 +1,2 @@\n'
        "diff --git a/old.md b/old.md\n--- a/old.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n"
    )
    root = tmp_path.resolve()
    assert parse_diff(diff, root) == {
        str(root / "a.md"): {3, 21, 22, 23},
        str(root / 'café "x".md'): {1, 2},
    }


def test_the_cli_reports_only_changed_lines(cli, repo: Path):
    (repo / "stories" / "storm.md").write_text(OLD + NEW_CONFLICT, encoding="utf-8")
    run = cli("check", "stories/storm.md", "--diff", "HEAD", "--format", "line")
    if run.code == 2 and "unrecognized arguments" in run.err:
        pytest.skip(f"--diff is not wired into the CLI yet: {run.err.strip()}")
    assert run.code == 1
    assert len(run.out.splitlines()) == 1 and run.out.startswith("stories/storm.md:7:")
    git(repo, "commit", "-qam", "more figures")
    assert cli("check", "stories/storm.md", "--diff", "HEAD").code == 0
    run = cli("check", "stories/storm.md", "--diff", "no-such-ref")
    assert run.code == 2 and run.err.count("\n") == 1 and "no-such-ref" in run.err
