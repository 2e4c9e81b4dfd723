"""The command line: exit codes, one-line errors, output files and every subcommand."""

from __future__ import annotations

import importlib.abc
import json
import os
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import factcheck.pipeline
from factcheck.model import Finding, Report, Span
from factcheck.version import VERSION

Run = Any  # tests/conftest.py's Run: .code, .out, .err
Cli = Callable[..., Run]

CLEAN = "The council met on Tuesday and approved the budget.\n"
STORM = (
    "The storm has killed at least 32 people since Monday, officials said.\n\n"
    "Rescue teams are still searching the coast.\n\n"
    "The storm has killed nearly 30 people so far.\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_one_line_error(run: Run) -> None:
    assert run.code == 2
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("factcheck: error: ")
    assert "Traceback" not in run.err


@pytest.fixture
def fake_findings(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make ``check`` return the given findings, whatever the engine currently finds."""

    def install(*severities: str) -> None:
        real = factcheck.pipeline.check

        def check(documents: Any, config: Any = None, *_: Any) -> Report:
            report = real(documents, config)
            doc = documents[0]
            spans = [Span(document_id=doc.id, start=0, end=3, text=doc.text[:3])]
            findings = [
                Finding(rule="FC101", name="numeric.conflict", severity=s, message="m", spans=spans)
                for s in severities
            ]
            return report.model_copy(update={"findings": findings})

        monkeypatch.setattr(factcheck.pipeline, "check", check)

    return install


# -- check: exit codes --------------------------------------------------------------------------


def test_clean_draft_exits_0_with_a_summary(cli: Cli, tmp_path: Path) -> None:
    run = cli("check", write(tmp_path, "clean.txt", CLEAN))
    assert run.code == 0, run.err
    assert run.out.strip().endswith("in 1 file.")


def test_contradiction_exits_1(cli: Cli, tmp_path: Path) -> None:
    run = cli("check", write(tmp_path, "storm.txt", STORM), "--no-color")
    assert run.code == 1, run.err
    assert "storm.txt:1:" in run.out and "storm.txt:5:" in run.out


@pytest.mark.parametrize(
    ("severities", "fail_on", "expected"),
    [
        (("warning",), None, 1),
        (("info",), None, 0),
        (("info",), "info", 1),
        (("warning",), "error", 0),
        (("warning", "error"), "error", 1),
    ],
)
def test_fail_on_sets_the_exit_code(
    cli: Cli,
    tmp_path: Path,
    fake_findings: Callable[..., None],
    severities: tuple[str, ...],
    fail_on: str | None,
    expected: int,
) -> None:
    fake_findings(*severities)
    flags = ["--fail-on", fail_on] if fail_on else []
    run = cli("check", write(tmp_path, "a.txt", CLEAN), *flags)
    assert run.code == expected, run.err


# -- check: bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "binary.txt",
        "latin1.txt",
        "utf16.txt",
        "empty.txt",
        "blank.md",
        "frontmatter-only.md",
        "markup-only.html",
        "broken.docx",
        "notes.rtf",
        "missing.txt",
    ],
)
def test_bad_input_file_exits_2_with_one_line(cli: Cli, inputs: Path, name: str) -> None:
    run = cli("check", inputs / name)
    assert_one_line_error(run)
    assert name in run.err


def test_latin1_error_says_where(cli: Cli, inputs: Path) -> None:
    assert "offset 18" in cli("check", inputs / "latin1.txt").err


@pytest.mark.parametrize(
    "args",
    [
        ("check", "{dir}"),
        ("check", "{clean}", "--source", "{dir}/missing.md"),
        ("check", "{clean}", "{clean}"),
        ("check", "{clean}", "--published-at", "22/10/2025"),
        ("check", "{clean}", "--select", "FC999"),
        ("check", "{clean}", "--ignore", "no.such-rule"),
        ("check", "{clean}", "--rules", "{dir}/no-such-folder"),
        ("check", "{clean}", "--sources", "{dir}/no-such-folder"),
        ("check", "{clean}", "--format", "yaml"),
        ("check", "{clean}", "--min-severity", "loud"),
        ("check",),
        ("frobnicate",),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_line(
    cli: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    clean = write(tmp_path, "clean.txt", CLEAN)
    run = cli(*(a.format(dir=tmp_path, clean=clean) for a in args))
    assert_one_line_error(run)


def test_bad_rule_file_lists_every_problem(cli: Cli, tmp_path: Path) -> None:
    rules = tmp_path / "house"
    rules.mkdir()
    (rules / "house.yml").write_text("rules:\n  - code: X1\n  - code: FC901\n", encoding="utf-8")
    run = cli("check", write(tmp_path, "a.txt", CLEAN), "--rules", rules)
    assert run.code == 2
    lines = run.err.splitlines()
    assert len(lines) >= 2
    assert all(line.startswith("factcheck: error: ") and "house.yml" in line for line in lines)
    assert "Traceback" not in run.err


def test_no_command_prints_help_and_exits_2(cli: Cli) -> None:
    run = cli()
    assert run.code == 2 and "check" in run.err


# -- check: inputs and outputs ------------------------------------------------------------------


def test_json_format_is_the_report_model(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "d.md", "# Council\n\nThe council approved the budget.\n")
    source = write(tmp_path, "wire.txt", CLEAN)
    run = cli("check", draft, "--source", source, "--format", "json")
    report = Report.model_validate_json(run.out)
    assert [(d.path, d.role) for d in report.documents] == [
        (str(draft), "draft"),
        (str(source), "source"),
    ]


def test_sources_folder_adds_every_readable_file(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "wires"
    folder.mkdir()
    for name in ("a.txt", "b.md", "c.html"):
        write(folder, name, "<p>The council approved the budget.</p>\n")
    write(folder, "notes.json", "{}")
    run = cli("check", write(tmp_path, "d.txt", CLEAN), "--sources", folder, "--format", "json")
    sources = [d.path for d in Report.model_validate_json(run.out).documents if d.role == "source"]
    assert sources == [str(folder / n) for n in ("a.txt", "b.md", "c.html")]


def test_a_sources_folder_that_holds_the_draft_leaves_it_out(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "draft.txt", CLEAN)
    wire = write(tmp_path, "wire.txt", "<p>The council approved the budget.</p>\n")
    run = cli("check", draft, "--sources", tmp_path, "--format", "json")
    documents = Report.model_validate_json(run.out).documents
    assert [(d.path, d.role) for d in documents] == [(str(draft), "draft"), (str(wire), "source")]
    wire.unlink()
    alone = cli("check", draft, "--sources", tmp_path)
    assert alone.code == 2
    assert alone.err.strip().endswith("files in it besides the drafts")


def test_stdin_draft(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLEAN.encode())))
    run = cli("check", "-", "--format", "json")
    assert run.code == 0
    assert Report.model_validate_json(run.out).documents[0].id == "stdin"


def test_output_file_is_written_and_nothing_else(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    run = cli("check", write(tmp_path, "a.txt", CLEAN), "--format", "json", "--output", out)
    assert run.code == 0 and run.out == ""
    Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert list(out.parent.iterdir()) == [out]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # like any file the user creates


def test_failed_run_leaves_no_output_file(cli: Cli, tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "report.txt"
    run = cli("check", inputs / "binary.txt", "--output", out)
    assert run.code == 2
    assert list(tmp_path.iterdir()) == []


def test_failed_run_keeps_the_previous_output(cli: Cli, tmp_path: Path) -> None:
    out = write(tmp_path, "report.txt", "previous report\n")
    run = cli("check", tmp_path / "missing.txt", "--output", out)
    assert run.code == 2
    assert out.read_text(encoding="utf-8") == "previous report\n"


def test_output_into_a_missing_folder_is_an_input_error(cli: Cli, tmp_path: Path) -> None:
    run = cli("check", write(tmp_path, "a.txt", CLEAN), "--output", tmp_path / "no" / "r.txt")
    assert_one_line_error(run)


def test_colour_follows_tty_no_color_and_flag(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_findings: Callable[..., None],
) -> None:
    fake_findings("error")
    draft = write(tmp_path, "a.txt", CLEAN)
    assert "\x1b[" not in cli("check", draft).out  # captured output is not a terminal
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert "\x1b[" in cli("check", draft).out
    assert "\x1b[" not in cli("check", draft, "--no-color").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("check", draft).out


# -- claims -------------------------------------------------------------------------------------


def test_claims_text_and_json(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "storm.txt", STORM)
    text = cli("claims", draft)
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert lines[-1].startswith(f"{len(lines) - 1} claim") and lines[-1].endswith("storm.txt")
    run = cli("claims", draft, "--format", "json")
    claims = json.loads(run.out)
    assert isinstance(claims, list)
    assert all(c["document_id"] == str(draft) for c in claims)


def test_claims_read_with_the_lexicons_of_a_rule_folder(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "regatta.txt", "Nine crews raced in the regatta on June 13, 2026.")
    (tmp_path / "house" / "lexicons").mkdir(parents=True)
    (tmp_path / "house" / "lexicons" / "dates.yml").write_text("events:\n  regatta: [regatta]\n")
    events = [
        [c.get("event") for c in json.loads(run.out) if c["kind"] == "date"]
        for run in (
            cli("claims", draft, "--format", "json"),
            cli("claims", draft, "--format", "json", "--rules", str(tmp_path / "house")),
        )
    ]
    # Without the folder the date goes with the verb beside it; the folder's word wins.
    assert events == [["race"], ["regatta"]]
    config = write(tmp_path, "factcheck.toml", 'rule-paths = ["house"]\n')
    run = cli("claims", draft, "--format", "json", "--config", config)
    assert [c.get("event") for c in json.loads(run.out) if c["kind"] == "date"] == ["regatta"]
    bad = tmp_path / "broken"
    (bad / "lexicons").mkdir(parents=True)
    (bad / "lexicons" / "dates.yml").write_text("events: [not, a, mapping]\n")
    assert_one_line_error(cli("claims", draft, "--rules", str(bad)))


def test_claims_of_a_bad_file_exit_2(cli: Cli, inputs: Path) -> None:
    assert_one_line_error(cli("claims", inputs / "binary.txt"))


# -- rules --------------------------------------------------------------------------------------


def first_rule_code() -> str:
    from factcheck.engine.registry import load_registry

    rules = load_registry().rules
    if not rules:
        pytest.skip("no rules are bundled yet")
    return rules[0].spec.code


def test_rules_lists_every_rule(cli: Cli) -> None:
    code = first_rule_code()
    run = cli("rules")
    assert run.code == 0
    assert any(line.startswith(code + " ") for line in run.out.splitlines())
    listed = json.loads(cli("rules", "--format", "json").out)
    assert code in [r["code"] for r in listed]
    assert cli("rules", "--format", "markdown").out.startswith("| Code | Name |")


def test_rules_shows_one_rule_in_full(cli: Cli) -> None:
    code = first_rule_code()
    run = cli("rules", code.lower())
    assert run.code == 0
    for heading in ("Why:", "Example (flagged):", "Use instead:", "Options:"):
        assert heading in run.out
    assert json.loads(cli("rules", code, "--format", "json").out)["code"] == code


def test_unknown_rule_exits_2(cli: Cli) -> None:
    assert_one_line_error(cli("rules", "FC999"))


# -- graph --------------------------------------------------------------------------------------


def test_graph_json_is_node_link(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "storm.txt", STORM)
    source = write(tmp_path, "wire.txt", CLEAN)
    run = cli("graph", draft, "--source", source)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    ids = {node["id"] for node in data["nodes"]}
    assert {f"doc:{draft}", f"doc:{source}"} <= ids


def test_graph_graphml_parses(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    run = cli("graph", write(tmp_path, "storm.txt", STORM), "--format", "graphml", "--output", out)
    assert run.code == 0, run.err
    root = ET.parse(out).getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert root.tag == f"{ns}graphml"
    assert root.findall(f"{ns}graph/{ns}node")


# -- serve, version, help -----------------------------------------------------------------------


def test_serve_calls_the_api(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    fake = types.ModuleType("factcheck.api")
    fake.serve = lambda **kw: calls.append(kw)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "factcheck.api", fake)
    run = cli("serve", "--port", "9000", "--workers", "2")
    assert run.code == 0
    assert calls == [{"host": "127.0.0.1", "port": 9000, "workers": 2}]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["serve", "--port", "99999"], "'99999' is not a whole number from 0 to 65535"),
        (["serve", "--workers", "0"], "'0' is not a whole number >= 1"),
        (["check", "--max-findings", "-1", "x.txt"], "'-1' is not a whole number >= 0"),
        (["archive", "check", "--workers", "2.5", "."], "'2.5' is not a whole number >= 1"),
    ],
)
def test_whole_number_options_refuse_what_they_cannot_use(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    # A port past 65535 or no worker at all must stop before anything starts.
    fake = types.ModuleType("factcheck.api")
    fake.serve = lambda **kw: pytest.fail(f"the server started with {kw}")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "factcheck.api", fake)
    run = cli(*args)
    assert_one_line_error(run)
    assert said in run.err


class _NoFastAPI(importlib.abc.MetaPathFinder):
    """Pretends factcheck.api cannot be imported because FastAPI is not installed."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name == "factcheck.api":
            raise ModuleNotFoundError("No module named 'fastapi'", name="fastapi")


def test_serve_without_fastapi_gives_the_install_hint(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "factcheck.api", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoFastAPI(), *sys.meta_path])
    run = cli("serve")
    assert_one_line_error(run)
    assert "pip install 'factcheck[api]'" in run.err


def test_version(cli: Cli) -> None:
    run = cli("--version")
    assert (run.code, run.out.strip()) == (0, f"factcheck {VERSION}")


@pytest.mark.parametrize("command", ["check", "claims", "rules", "graph", "serve"])
def test_every_command_has_help(cli: Cli, command: str) -> None:
    listing = cli("--help").out
    assert any(
        line.split()[:1] == [command] and len(line.split()) > 2 for line in listing.splitlines()
    )
    run = cli(command, "--help")
    assert run.code == 0 and run.out.startswith(f"usage: factcheck {command}")


# -- the installed entry point ------------------------------------------------------------------


def test_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "factcheck"
    if not script.exists():
        pytest.skip("the factcheck console script is not installed in this environment")
    draft = write(tmp_path, "clean.txt", CLEAN)
    done = subprocess.run(
        [str(script), "check", str(draft), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert Report.model_validate_json(done.stdout).documents[0].path == str(draft)
    missing = subprocess.run(
        [str(script), "check", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stderr == f"factcheck: error: {tmp_path / 'missing.txt'}: no such file\n"
