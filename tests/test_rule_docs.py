"""docs/rules.md is generated from the registry, documents every rule, and cannot drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from factcheck.engine.registry import Registry, load_registry
from factcheck.report.common import fence
from tests.conftest import repo_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "gen_rule_docs.py"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return repo_script("scripts/gen_rule_docs.py")


def test_the_committed_rule_docs_match_the_registry(gen: ModuleType):
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == gen.generate(load_registry()), (
        "docs/rules.md is stale: run `python scripts/gen_rule_docs.py`"
    )


def test_every_rule_is_documented_in_the_ruff_layout(gen: ModuleType):
    text = gen.generate(load_registry())
    sections = {part.split("\n", 1)[0]: part for part in text.split("\n## ")[1:]}
    for rule in load_registry().rules:
        spec = rule.spec
        section = sections[spec.code]
        assert f"[{spec.code}](#{spec.code.lower()})" in text  # in the index table
        assert f"`{spec.name}` · severity **{spec.severity}**" in section
        for heading, body in (
            ("What it does", spec.summary),
            ("Why", spec.why),
            ("Example", spec.example),
            ("Use instead", spec.use_instead),
        ):
            assert f"### {heading}\n\n" in section and body.strip() in section
        assert "### Options" in section
        for option in type(rule.impl.options).model_fields:
            assert f"| `{option}` |" in section
    assert "## FC000" in text


def test_an_empty_registry_still_gives_a_page(gen: ModuleType):
    text = gen.generate(Registry(rules=()))
    assert text.startswith("# Rules\n") and "No rules are registered yet." in text


def test_check_mode_fails_on_a_stale_file_and_passes_on_a_fresh_one(tmp_path: Path):
    target = tmp_path / "rules.md"
    run = [sys.executable, str(SCRIPT), "--output", str(target)]
    stale = subprocess.run([*run, "--check"], capture_output=True, text=True, check=False)
    assert stale.returncode == 1 and "out of date" in stale.stderr
    assert subprocess.run(run, check=False).returncode == 0
    fresh = subprocess.run([*run, "--check"], capture_output=True, text=True, check=False)
    assert fresh.returncode == 0, fresh.stderr
    target.write_text(target.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    assert subprocess.run([*run, "--check"], capture_output=True, check=False).returncode == 1


def test_an_example_with_backticks_cannot_close_its_fence():
    block = fence("before\n```\nafter")
    assert block.startswith("````text\n") and block.endswith("\n````")
