"""The pre-commit hook and the GitHub Action, as a newsroom repository would use them.

The hook runs for real in a temporary git repository: ``pre-commit install``, then
``git commit``. To need no network, the test declares the hook ``repo: local`` with the
manifest's own settings, pointing ``entry`` at this virtualenv's ``factcheck`` instead of
letting pre-commit build a fresh environment from the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
ACTION = ROOT / "action.yml"
FACTCHECK = Path(sys.executable).parent / "factcheck"

CONTRADICTION = (
    "The storm has killed at least 32 people since Monday.\n\n"
    "Officials met on Tuesday to plan the clean-up.\n\n"
    "The storm has killed nearly 30 people so far.\n"
)
CLEAN = (
    "The storm has killed at least 32 people since Monday.\n\n"
    "Officials met on Tuesday to plan the clean-up.\n"
)


def hook() -> dict:
    [definition] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return definition


def test_the_manifest_declares_the_factcheck_hook():
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (dev extra)")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    definition = hook()
    assert definition["id"] == "factcheck"
    assert definition["entry"] == "factcheck check"
    assert definition["language"] == "python"
    assert definition["require_serial"] is True
    assert set(definition["types_or"]) == {"markdown", "html", "plain-text"}


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the factcheck hook installed."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (dev extra)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not FACTCHECK.exists():
        pytest.skip(f"no factcheck command next to {sys.executable}")
    monkeypatch.setenv("HOME", str(tmp_path))  # no user git settings or hooks
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "cache"))
    repo = tmp_path / "newsroom"
    repo.mkdir()
    local = dict(hook(), language="system", entry=f"{FACTCHECK} check")
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "desk@example.org")
    git(repo, "config", "user.name", "Desk")
    pre_commit(repo, "install")
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "add the factcheck hook")
    return repo


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PATH": f"{FACTCHECK.parent}{os.pathsep}{os.environ['PATH']}"},
    )


def commit(repo: Path, name: str, text: str) -> subprocess.CompletedProcess[str]:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(repo, "add", name)
    return git(repo, "commit", "-m", f"edit {name}", check=False)


def test_the_hook_blocks_a_commit_with_a_contradiction(newsroom: Path):
    done = commit(newsroom, "stories/storm.md", CONTRADICTION)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "factcheck" in output and "Failed" in output
    assert "stories/storm.md:1:" in output  # the finding, located
    assert git(newsroom, "log", "--format=%s").stdout.splitlines() == ["add the factcheck hook"]


def test_the_hook_passes_a_clean_draft_and_skips_other_files(newsroom: Path):
    done = commit(newsroom, "stories/storm.md", CLEAN)
    assert done.returncode == 0, done.stdout + done.stderr
    # Code is not a draft: a contradiction in a Python file is not the hook's business.
    done = commit(newsroom, "tools/notes.py", f'"""{CONTRADICTION}"""\n')
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_action_runs_factcheck_and_uploads_sarif():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    )
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "always()" in upload["if"]  # findings fail the run only after the upload
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "pip install" in scripts
    assert scripts.count("factcheck check ") == 1  # one run writes every report
    assert '--format "sarif:$SARIF_FILE"' in scripts
    for step in steps:  # inputs reach scripts through env, never pasted into the script
        assert "${{ inputs." not in step.get("run", "")
