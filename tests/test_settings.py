"""Config files: where they are found, what they may say, and how mistakes are reported."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from factcheck.engine.registry import RuleSpec
from factcheck.errors import ConfigError
from factcheck.settings import (
    Settings,
    find_config,
    glob_match,
    load_settings,
    parse_settings,
    starter_config,
    write_starter_config,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    return info.value.problems


def spec(code: str, name: str) -> RuleSpec:
    return RuleSpec(
        code=code, name=name, kind="numeric.interval-conflict", severity="error",
        summary="s", why="w", example="e", use_instead="u",
    )  # fmt: skip


# -- finding the file ---------------------------------------------------------------------


def test_the_nearest_config_above_the_working_directory_is_used(tmp_path: Path):
    config = write(tmp_path / "factcheck.toml", 'fail-on = "error"\n')
    deep = tmp_path / "stories" / "2025"
    deep.mkdir(parents=True)
    assert find_config(deep) == config
    settings = load_settings(start=deep)
    assert settings.fail_on == "error"
    assert settings.root == tmp_path.resolve()


def test_factcheck_toml_wins_over_pyproject_and_pyproject_needs_the_table(tmp_path: Path):
    outer = write(tmp_path / "factcheck.toml", 'min-severity = "warning"\n')
    inner = tmp_path / "newsroom"
    write(inner / "pyproject.toml", '[project]\nname = "newsroom"\n')  # no [tool.factcheck]
    assert find_config(inner) == outer
    write(inner / "pyproject.toml", '[tool.factcheck]\nmin-severity = "error"\n')
    assert find_config(inner) == inner / "pyproject.toml"
    own = write(inner / "factcheck.toml", 'min-severity = "info"\n')
    assert find_config(inner) == own


def test_without_a_config_file_the_defaults_apply(tmp_path: Path):
    settings = load_settings(start=tmp_path)
    assert settings.path is None
    assert settings.check_config().model_dump() == {
        "select": [], "ignore": [], "min_severity": "info", "severity": {}, "rule_paths": [],
        "unsure": False, "max_findings": 100,
    }  # fmt: skip
    assert settings.fail_on == "warning"


def test_an_explicit_config_path_that_does_not_exist_is_an_error(tmp_path: Path):
    assert problems(tmp_path / "nope.toml") == [f"{tmp_path / 'nope.toml'}: config file not found"]


# -- what it says --------------------------------------------------------------------------


def test_pyproject_settings_become_the_engines_options(tmp_path: Path):
    path = write(
        tmp_path / "pyproject.toml",
        """
[tool.factcheck]
select = ["FC1", "quotes"]
ignore = ["numeric.tension"]
min-severity = "warning"
fail-on = "error"
rule-paths = ["house"]

[tool.factcheck.severity]
FC103 = "error"
"names.title" = "warning"
""",
    )
    settings = load_settings(path)
    config = settings.check_config()
    assert config.select == ["FC1", "quotes"] and config.ignore == ["numeric.tension"]
    assert config.min_severity == "warning"
    assert config.severity == {"FC103": "error", "names.title": "warning"}
    assert config.rule_paths == [str(tmp_path.resolve() / "house")]
    assert settings.fail_on == "error"
    # The command line replaces the file's choices; its rule folders come in addition.
    cli = settings.check_config(select=["FC2"], min_severity="info", rule_paths=["more"])
    assert cli.select == ["FC2"] and cli.ignore == ["numeric.tension"]
    assert cli.min_severity == "info"
    assert cli.rule_paths == [str(tmp_path.resolve() / "house"), "more"]


def test_sources_are_paired_with_drafts_by_glob(tmp_path: Path, monkeypatch):
    path = write(
        tmp_path / "factcheck.toml",
        """
[[sources]]
drafts = "stories/**/*.md"
sources = ["wires/{stem}/*.txt", "{dir}/notes.txt"]

[[sources]]
drafts = ["stories/storm.md"]
sources = "wires/agency.txt"
""",
    )
    for name in ("wires/storm/ap.txt", "wires/storm/afp.txt", "wires/other/x.txt",
                 "stories/notes.txt", "wires/agency.txt", "stories/storm.md"):  # fmt: skip
        write(tmp_path / name, "text\n")
    settings = load_settings(path)
    monkeypatch.chdir(tmp_path / "wires")  # paths come back as a user there would type them
    found = [p.as_posix() for p in settings.sources_for(tmp_path / "stories" / "storm.md")]
    assert found == [
        "storm/afp.txt", "storm/ap.txt", str(tmp_path.resolve() / "stories/notes.txt"),
        "agency.txt",
    ]  # fmt: skip
    monkeypatch.chdir(tmp_path / "stories")
    assert [p.as_posix() for p in settings.sources_for("storm.md")][-2:] == [
        "notes.txt", str(tmp_path.resolve() / "wires/agency.txt"),
    ]  # fmt: skip
    assert settings.sources_for(tmp_path / "elsewhere.md") == []
    assert settings.sources_for("/not/under/the/root.md") == []


def test_published_dates_come_from_the_first_matching_glob(tmp_path: Path):
    path = write(
        tmp_path / "factcheck.toml",
        """
[published]
"stories/2025-10-22/*.md" = 2025-10-22
"stories/**" = "2025-01-01"
""",
    )
    settings = load_settings(path)
    assert settings.published_for(tmp_path / "stories/2025-10-22/storm.md") == date(2025, 10, 22)
    assert settings.published_for(tmp_path / "stories/old/a.md") == date(2025, 1, 1)
    assert settings.published_for(tmp_path / "drafts/a.md") is None


def test_globs_keep_single_stars_inside_one_folder():
    assert glob_match("stories/*.md", "stories/a.md")
    assert not glob_match("stories/*.md", "stories/2025/a.md")
    assert glob_match("stories/**/*.md", "stories/a.md")
    assert glob_match("stories/**/*.md", "stories/2025/10/a.md")
    assert glob_match("./drafts/[ab]?.txt", "drafts/a1.txt")
    assert not glob_match("drafts/[!ab]*.txt", "drafts/a1.txt")


# -- mistakes ------------------------------------------------------------------------------


def test_unknown_keys_are_errors_naming_the_file_and_line(tmp_path: Path):
    path = write(
        tmp_path / "factcheck.toml",
        """# house settings
select = ["FC1"]
min_severity = "warning"

[[sources]]
drafts = "stories/*.md"
sources = ["wires/{stem}.txt"]

[[sources]]
drafts = "briefs/*.md"
source = "wires/briefs.txt"
sources = "wires/all.txt"

[colour]
enabled = true
""",
    )
    assert problems(path) == [
        f"{path}:3: unknown key 'min_severity' (did you mean 'min-severity'?)",
        f"{path}:11: unknown key 'sources.1.source' (did you mean 'sources'?)",
        f"{path}:14: unknown key 'colour'",
    ]


def test_errors_in_pyproject_name_the_tool_table(tmp_path: Path):
    path = write(
        tmp_path / "pyproject.toml",
        """[project]
name = "x"

[tool.factcheck]
fail-on = "loud"
select = ["FC1", "not a rule!"]

[tool.factcheck.severity]
FC101 = "fatal"
""",
    )
    found = problems(path)
    assert (
        found[0]
        == f"{path}:5: tool.factcheck.fail-on: Input should be 'error', 'warning' or 'info'"
    )
    assert found[1].startswith(f"{path}:6: tool.factcheck.select.1: name rules by code")
    assert found[2].startswith(f"{path}:9: tool.factcheck.severity.FC101: Input should be")
    assert len(found) == 3


def test_bad_values_and_placeholders_are_reported_together(tmp_path: Path):
    path = write(
        tmp_path / "factcheck.toml",
        """
[severity]
"FC1" = "error"

[[sources]]
drafts = "a/*.md"
sources = ["b/{title}.txt"]
""",
    )
    found = problems(path)
    assert found[0].startswith(f"{path}:3: severity.FC1: a severity is set per rule code")
    assert found[1].startswith(
        f"{path}:7: sources.0.sources: 'b/{{title}}.txt': unknown placeholder"
    )


def test_a_toml_syntax_error_names_the_line(tmp_path: Path):
    path = write(tmp_path / "factcheck.toml", 'select = ["FC1"]\nfail-on = \n')
    [problem] = problems(path)
    assert re.match(rf"{re.escape(str(path))}:2: invalid TOML: ", problem)


def test_rules_named_in_the_file_must_exist(tmp_path: Path):
    path = write(
        tmp_path / "factcheck.toml",
        'select = ["FC1", "FC9"]\nignore = ["numeric.conflict"]\n\n'
        '[severity]\n"quotes.misquote" = "error"\n',
    )
    settings = load_settings(path)
    every = [spec("FC101", "numeric.conflict"), spec("FC401", "quotes.misquote")]
    settings.check_rules([*every, spec("FC905", "house.style")])
    with pytest.raises(ConfigError) as info:
        settings.check_rules([spec("FC101", "numeric.conflict")])
    assert info.value.problems == [
        f"{path}:1: no rule matches 'FC9'",
        f"{path}:5: no rule matches 'quotes.misquote'",
    ]


# -- factcheck init ------------------------------------------------------------------------


def test_the_starter_config_is_valid_and_changes_nothing(tmp_path: Path):
    settings = parse_settings(starter_config(), tmp_path / "factcheck.toml")
    assert settings.model_dump() == Settings().model_dump()


def test_every_example_in_the_starter_config_is_valid_and_every_key_is_shown(tmp_path: Path):
    example = re.compile(r"^# ((\[\[?[\w.]+\]\]?)|([\w\"./*-]+ = .+))$")
    lines = [m[1] for m in map(example.match, starter_config().splitlines()) if m]
    settings = parse_settings("\n".join(lines) + "\n", tmp_path / "factcheck.toml")
    shown = {name for name, value in settings.model_dump().items() if value}
    shown |= {"min_severity"} if "# min-severity =" in starter_config() else set()
    assert shown == set(Settings.model_fields)


def test_init_writes_the_starter_and_never_overwrites(tmp_path: Path):
    written = write_starter_config(tmp_path)
    assert written.read_text(encoding="utf-8") == starter_config()
    with pytest.raises(ConfigError, match="already exists"):
        write_starter_config(tmp_path)


# -- through the command line --------------------------------------------------------------


def _wired(run) -> None:
    if run.code == 2 and ("invalid choice" in run.err or "unrecognized arguments" in run.err):
        pytest.skip(f"not wired into the CLI yet: {run.err.strip()}")


STORM = (
    "The storm has killed at least 32 people since Monday.\n\n"
    "The storm has killed nearly 30 people so far.\n"
)


def test_the_cli_writes_a_starter_config_once(cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = cli("init")
    _wired(run)
    assert run.code == 0, run.err
    assert (tmp_path / "factcheck.toml").read_text(encoding="utf-8") == starter_config()
    again = cli("init")
    assert again.code == 2 and "already exists" in again.err


def test_the_cli_reads_the_config_file(cli, tmp_path: Path, monkeypatch):
    write(tmp_path / "stories" / "storm.md", STORM)
    monkeypatch.chdir(tmp_path / "stories")  # found by walking up
    assert cli("check", "storm.md").code == 1
    if "--config" not in cli("check", "--help").out:
        pytest.skip("config files are not wired into the CLI yet (no --config)")
    write(tmp_path / "factcheck.toml", 'fail-on = "error"\nignore = ["FC1"]\n')
    run = cli("check", "storm.md")
    assert run.code == 0 and "FC1" not in run.out
    write(tmp_path / "factcheck.toml", 'fail-on = "error"\nignore_rules = ["FC1"]\n')
    run = cli("check", "storm.md")
    assert run.code == 2
    assert run.err.strip() == (
        f"factcheck: error: {tmp_path.resolve() / 'factcheck.toml'}:2: "
        "unknown key 'ignore_rules' (did you mean 'ignore'?)"
    )
