"""The reports CI servers read (SARIF's run details, JUnit, GitLab Code Quality, Checkstyle) and
one run writing several of them (``--format FMT:FILE``, repeatable).

The JUnit and GitLab shapes are checked against schemas written here from the formats' public
descriptions: Jenkins' junit-10 layout (the one most CI servers read) and GitLab's list of the
fields a Code Quality issue must have.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factcheck.engine.fingerprints import fingerprint
from factcheck.model import (
    Document,
    DocumentInfo,
    Finding,
    Interval,
    Measure,
    QuantityClaim,
    Report,
    Span,
)
from factcheck.report import RENDERERS, checkstyle, gitlab, junit, sarif

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

DRAFT = (
    "The storm has killed at least 32 people since Monday.\n"
    "\n"
    "The storm has killed nearly 30 people so far.\n"
)
CLEAN = "The council met on Tuesday.\n"

# -- the documented shapes, as schemas -----------------------------------------------------------

# Jenkins' junit-10 layout in brief: <testsuites> holds <testsuite>s; a suite must have a name
# and a test count and holds <testcase>s (after optional <properties>, before optional output);
# a case must have a name and holds at most failures, errors, skips and output; a failure or
# error is text with an optional message and type.
JUNIT_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:complexType name="problem">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:attribute name="message" type="xs:string"/>
        <xs:attribute name="type" type="xs:string"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:element name="testsuites">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="time" type="xs:decimal"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger"/>
      <xs:attribute name="disabled" type="xs:nonNegativeInteger"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuite">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="properties" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="property" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="name" type="xs:string" use="required"/>
                  <xs:attribute name="value" type="xs:string" use="required"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="testcase" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="skipped" type="problem"/>
              <xs:element name="error" type="problem"/>
              <xs:element name="failure" type="problem"/>
              <xs:element name="system-out" type="xs:string"/>
              <xs:element name="system-err" type="xs:string"/>
            </xs:choice>
            <xs:attribute name="name" type="xs:string" use="required"/>
            <xs:attribute name="assertions" type="xs:string"/>
            <xs:attribute name="time" type="xs:decimal"/>
            <xs:attribute name="classname" type="xs:string"/>
            <xs:attribute name="status" type="xs:string"/>
            <xs:attribute name="class" type="xs:string"/>
            <xs:attribute name="file" type="xs:string"/>
            <xs:attribute name="line" type="xs:string"/>
            <xs:attribute name="log" type="xs:string"/>
            <xs:attribute name="group" type="xs:string"/>
            <xs:attribute name="url" type="xs:string"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="system-out" type="xs:string" minOccurs="0"/>
        <xs:element name="system-err" type="xs:string" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger"/>
      <xs:attribute name="time" type="xs:decimal"/>
      <xs:attribute name="disabled" type="xs:nonNegativeInteger"/>
      <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
      <xs:attribute name="timestamp" type="xs:string"/>
      <xs:attribute name="hostname" type="xs:string"/>
      <xs:attribute name="id" type="xs:string"/>
      <xs:attribute name="package" type="xs:string"/>
      <xs:attribute name="file" type="xs:string"/>
      <xs:attribute name="log" type="xs:string"/>
      <xs:attribute name="url" type="xs:string"/>
      <xs:attribute name="version" type="xs:string"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""

# GitLab reads a JSON array of issues; each needs a description, a check name, a unique
# fingerprint, one of five severities and a location: a path and the first line (either as
# lines.begin or as positions.begin.line). Other fields are allowed and ignored.
GITLAB_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                    "positions": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {
                            "begin": {
                                "type": "object",
                                "required": ["line"],
                                "properties": {"line": {"type": "integer", "minimum": 1}},
                            }
                        },
                    },
                },
                "oneOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}


# -- fixtures ------------------------------------------------------------------------------------


def _span(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    end = start + len(needle)
    (line, col), (end_line, end_col) = doc.locate(start), doc.locate(end)
    return Span(
        document_id=doc.id,
        start=start,
        end=end,
        text=needle,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
    )


def _quantity(doc: Document, claim_id: str, text: str, hard: Interval) -> QuantityClaim:
    span = _span(doc, text)
    return QuantityClaim(
        id=claim_id,
        document_id=doc.id,
        span=span,
        sentence=span,
        value=hard.lo,
        hard=hard,
        soft=hard,
        measure=Measure(family="deaths", counted="people"),
    )


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Report, list[Document]]:
    """A draft with a conflict, a clean source, and a rule that failed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "storm.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "wire.txt").write_text(CLEAN, encoding="utf-8")
    draft = Document(id="stories/storm.md", path="stories/storm.md", text=DRAFT)
    wire = Document(id="wire.txt", path="wire.txt", text=CLEAN, role="source")
    a = _quantity(draft, "q1", "at least 32", Interval(lo=32))
    b = _quantity(draft, "q2", "nearly 30", Interval(lo=25.5, hi=30, hi_open=True))
    conflict = Finding(
        rule="FC101",
        name="numeric.conflict",
        severity="error",
        message="'at least 32' and 'nearly 30' people (deaths) cannot both be true",
        spans=[a.span, b.span],
        explanation={"claims": ["q1", "q2"], "compare": "hard", "a": {"claim": "q1"},
                     "b": {"claim": "q2"},
                     "alignment": {"score": 0.97, "reasons": ["both count people"]}},
    )  # fmt: skip
    crashed = Finding(
        rule="FC000",
        name="internal.rule-error",
        severity="error",
        message="rule FC203 (date.life-dates) failed: KeyError: 'born'",
        spans=[],
        explanation={"rule": "FC203", "error": "KeyError"},
    )
    findings = [f.model_copy(update={"fingerprint": fingerprint(f)}) for f in (conflict, crashed)]
    infos = [DocumentInfo(id=d.id, path=d.path, role=d.role) for d in (draft, wire)]
    report = Report(version="0.1.0", documents=infos, findings=findings, claims=[a, b])
    return report, [draft, wire]


def _validate_sarif(log: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


# -- SARIF ---------------------------------------------------------------------------------------


def test_sarif_run_says_how_it_went_and_which_rule_failed(case) -> None:
    report, docs = case
    log = json.loads(sarif.render(report, docs, exit_code=1, run_id="42-1"))
    _validate_sarif(log)
    run = log["runs"][0]
    [invocation] = run["invocations"]
    assert invocation["exitCode"] == 1 and invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["associatedRule"] == {"id": "FC203"} and note["exception"] == {"kind": "KeyError"}
    assert run["automationDetails"]["id"] == "factcheck/check/42-1"


def test_sarif_run_id_comes_from_the_ci_run_else_the_date() -> None:
    assert sarif.default_run_id({"GITHUB_RUN_ID": "77", "GITHUB_RUN_ATTEMPT": "2"}) == "77-2"
    assert sarif.default_run_id({"CI_PIPELINE_ID": "9"}) == "9"
    from datetime import UTC, datetime

    now = datetime(2026, 12, 4, 21, 30, 5, tzinfo=UTC)
    assert sarif.default_run_id({}, now) == "20261204T213005Z"


def test_sarif_messages_name_their_kind_through_a_template(case) -> None:
    report, docs = case
    run = json.loads(sarif.render(report, docs, run_id="1"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    kinds = []
    for result in run["results"]:
        message = result["message"]
        template = rules[result["ruleIndex"]]["messageStrings"][message["id"]]["text"]
        filled = template.format(*message["arguments"])
        kinds.append(message["id"])
        assert message["text"]  # viewers without template support still read the text
        if message["id"] == "pair":
            assert "at least 32" in filled and "nearly 30" in filled
        else:
            assert filled.startswith("The rule FC203 failed with KeyError")
    assert kinds == ["pair", "rule-failed"]


def test_sarif_for_stdin_has_no_source_root(cli, monkeypatch, tmp_path) -> None:
    import io

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(DRAFT.encode())))
    run = cli("check", "-", "--format", "sarif")
    assert run.code == 1, run.err
    log = json.loads(run.out)
    _validate_sarif(log)
    sarif_run = log["runs"][0]
    assert "originalUriBaseIds" not in sarif_run
    assert "%SRCROOT%" not in run.out
    location = sarif_run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "stdin"}
    assert sarif_run["invocations"][0]["exitCode"] == 1


# -- JUnit ---------------------------------------------------------------------------------------


def _junit(text: str) -> Any:
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.fromstring(JUNIT_XSD.encode()))
    root = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(root)
    return root


def test_junit_has_a_suite_per_document_and_a_failing_case_per_finding(case) -> None:
    report, docs = case
    root = _junit(junit.render(report, docs))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["stories/storm.md", "wire.txt", "factcheck rules"]
    [failing] = suites["stories/storm.md"].findall("testcase")
    failure = failing.find("failure")
    assert failure.get("type") == "FC101" and failing.get("line") == "1"
    assert "'nearly 30' is just under 30" in failure.text  # the why, in words
    assert "other passage at stories/storm.md:3:" in failure.text
    [clean] = suites["wire.txt"].findall("testcase")
    assert list(clean) == []  # a passing case: the clean document counts as a test
    [crashed] = suites["factcheck rules"].findall("testcase")
    assert crashed.find("error") is not None and crashed.find("failure") is None
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")


def test_junit_fails_only_at_the_run_s_fail_on_severity(case) -> None:
    """Below --fail-on a finding is listed as a skipped test: the dashboard is red exactly
    when the job is, and the finding is still there to read."""
    report, docs = case
    noted = report.findings[0].model_copy(update={"severity": "info"})
    report = report.model_copy(update={"findings": [noted, *report.findings[1:]]})
    root = _junit(junit.render(report, docs, fail_on="warning"))
    [suite] = [s for s in root.findall("testsuite") if s.get("name") == "stories/storm.md"]
    [case_] = suite.findall("testcase")
    assert case_.find("failure") is None
    skipped = case_.find("skipped")
    assert skipped.get("message").startswith("info, below --fail-on warning: ")
    assert "other passage at stories/storm.md:3:" in skipped.text
    assert (suite.get("failures"), suite.get("skipped")) == ("0", "1")
    root = _junit(junit.render(report, docs, fail_on="info"))
    assert root.find(".//failure") is not None and root.find(".//skipped") is None


def test_the_cli_s_junit_follows_fail_on(cli, draft: Path) -> None:
    run = cli("check", "draft.md", "--format", "junit", "--fail-on", "error")
    assert run.code == 1 and "<failure" in run.out  # the draft's finding is an error
    run = cli("check", "draft.md", "--format", "junit", "--min-severity", "info")
    assert run.code == 1 and "<failure" in run.out and "<skipped" not in run.out


def test_junit_keeps_test_names_across_runs_and_survives_control_characters(case) -> None:
    report, docs = case
    names = [c.get("name") for c in _junit(junit.render(report, docs)).iter("testcase")]
    assert names == [c.get("name") for c in _junit(junit.render(report, docs)).iter("testcase")]
    hostile = report.findings[0].model_copy(update={"message": "bad\x00 <&> \x1b[31m"})
    root = _junit(junit.render(report.model_copy(update={"findings": [hostile]}), docs))
    assert root.find(".//failure").get("message") == "bad\ufffd <&> \ufffd[31m"


# -- GitLab Code Quality -------------------------------------------------------------------------


def test_gitlab_issues_have_every_required_field(case) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    report, docs = case
    issues = json.loads(gitlab.render(report, docs))
    jsonschema.Draft202012Validator(GITLAB_SCHEMA).validate(issues)
    conflict, crashed = issues
    assert conflict["check_name"] == "FC101" and conflict["severity"] == "major"
    assert conflict["location"] == {"path": "stories/storm.md", "lines": {"begin": 1, "end": 1}}
    assert conflict["fingerprint"] == report.findings[0].fingerprint
    assert "nearly 30" in conflict["description"]  # the other side of the conflict
    assert crashed["location"]["path"] == "stories/storm.md"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_are_stable_across_runs_and_edits_elsewhere(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("draft.md").write_text(DRAFT, encoding="utf-8")
    first = json.loads(cli("check", "draft.md", "--format", "gitlab").out)
    Path("draft.md").write_text("A new first paragraph.\n\n" + DRAFT, encoding="utf-8")
    second = json.loads(cli("check", "draft.md", "--format", "gitlab").out)
    assert first and [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]
    assert first[0]["location"]["lines"]["begin"] + 2 == second[0]["location"]["lines"]["begin"]


def test_gitlab_severities_map_to_gitlabs_names() -> None:
    assert gitlab.SEVERITIES == {"error": "major", "warning": "minor", "info": "info"}


# -- Checkstyle ----------------------------------------------------------------------------------


def test_checkstyle_lists_every_file_and_each_finding(case) -> None:
    etree = pytest.importorskip("lxml.etree")
    report, docs = case
    root = etree.fromstring(checkstyle.render(report, docs).encode("utf-8"))
    assert root.tag == "checkstyle"
    files = {f.get("name"): f for f in root.findall("file")}
    assert list(files) == ["stories/storm.md", "wire.txt"]
    assert files["wire.txt"].findall("error") == []
    conflict, crashed = files["stories/storm.md"].findall("error")
    assert {k: conflict.get(k) for k in ("line", "column", "severity", "source")} == {
        "line": "1",
        "column": "22",
        "severity": "error",
        "source": "factcheck.FC101",
    }
    assert "nearly 30" in conflict.get("message")
    assert (crashed.get("line"), crashed.get("source")) == ("1", "factcheck.FC000")


# -- one run, several reports --------------------------------------------------------------------


@pytest.fixture
def draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_one_run_writes_several_reports_and_one_to_stdout(cli, draft: Path) -> None:
    run = cli(
        "check", "draft.md", "--format", "sarif:out.sarif",
        "--format", "markdown:summary.md", "--format", "text",
    )  # fmt: skip
    assert run.code == 1, run.err
    assert run.out.startswith("draft.md:1:22: FC101 error")
    log = json.loads(Path("out.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["invocations"][0]["exitCode"] == 1
    assert Path("summary.md").read_text(encoding="utf-8").startswith("## factcheck: 1 error")


def test_the_plain_format_goes_to_output_as_before(cli, draft: Path) -> None:
    run = cli("check", "draft.md", "--format", "sarif", "--output", "x.sarif")
    assert run.code == 1 and run.out == ""
    assert json.loads(Path("x.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    run = cli("check", "draft.md", "--format", "junit:r.xml", "--format", "gitlab", "--output", "q")
    assert run.code == 1 and run.out == ""
    assert json.loads(Path("q").read_text(encoding="utf-8"))[0]["check_name"] == "FC101"
    assert Path("r.xml").read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "yaml:r.yaml"], "unknown format 'yaml'"),
        (["--format", "sarif:"], "no file after"),
        (["--format", "sarif:missing/r.sarif"], "does not exist"),
        (["--format", "sarif:folder"], "is a directory"),
        (["--format", "sarif:draft.md"], "is also an input"),
        (["--format", "json:same", "--format", "sarif:same"], "written there already"),
        (["--format", "json", "--format", "sarif"], "cannot all go to stdout"),
        (["--format", "sarif:r.sarif", "--output", "other"], "nothing would go there"),
    ],
)
def test_a_bad_format_or_path_writes_nothing(cli, draft: Path, args: list[str], says: str):
    Path("folder").mkdir()
    before = sorted(p.name for p in Path().iterdir())
    run = cli("check", "draft.md", "--format", "text:first.txt", *args)
    assert run.code == 2 and run.out == ""
    assert run.err.count("\n") == 1 and run.err.startswith("factcheck: error: ") and says in run.err
    assert sorted(p.name for p in Path().iterdir()) == before  # not even first.txt
    assert draft.read_text(encoding="utf-8") == DRAFT


def test_the_seed_gives_its_two_findings_in_every_format(cli, tmp_path: Path, monkeypatch):
    """The seed article: exactly its FC101 error and FC302 info, whatever the format."""
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, "article.txt")
    targets = [f"{fmt}:report.{fmt}" for fmt in sorted(RENDERERS)]
    run = cli("check", "article.txt", *(a for t in targets for a in ("--format", t)))
    assert run.code == 1, run.err
    assert sorted(p.name for p in Path().glob("report.*")) == sorted(
        f"report.{f}" for f in RENDERERS
    )
    found = {fmt: _rules_and_severities(fmt, Path(f"report.{fmt}").read_text("utf-8"))
             for fmt in _READERS}  # fmt: skip
    for fmt, pairs in found.items():
        assert pairs == [("FC101", "error"), ("FC302", "info")], fmt
    for fmt in ("text", "markdown", "html"):
        text = Path(f"report.{fmt}").read_text(encoding="utf-8")
        assert "FC101 error" in text or "FC101 `numeric.conflict`" in text or "FC101" in text
        assert "FC302" in text and not any(f"FC{n}" in text for n in range(102, 302)), fmt
    for fmt in ("markdown", "html"):
        assert "1 error, 0 warnings, 1 info" in Path(f"report.{fmt}").read_text("utf-8"), fmt


_LEVELS = {"note": "info", "notice": "info", "major": "error"}


def _xml(text: str) -> Any:
    etree = pytest.importorskip("lxml.etree")
    return etree.fromstring(text.encode("utf-8"))


# How to read (rule, severity) back from each machine-readable format.
_READERS: dict[str, Callable[[str], list[tuple[str, str]]]] = {
    "json": lambda t: [(f["rule"], f["severity"]) for f in json.loads(t)["findings"]],
    "sarif": lambda t: [(r["ruleId"], r["level"]) for r in json.loads(t)["runs"][0]["results"]],
    "gitlab": lambda t: [(i["check_name"], i["severity"]) for i in json.loads(t)],
    "rdjsonl": lambda t: [
        (d["code"]["value"], d["severity"].lower()) for d in map(json.loads, t.splitlines())
    ],
    "junit": lambda t: [
        (f.get("type"), f.text.splitlines()[2].split(":")[0])
        for f in _junit(t).iter("failure", "skipped")  # below --fail-on: skipped
    ],
    "checkstyle": lambda t: [
        (e.get("source").removeprefix("factcheck."), e.get("severity"))
        for e in _xml(t).iter("error")
    ],
    "github": lambda t: [
        (raw.split("title=")[1][:5], raw[2:].split(" ")[0]) for raw in t.splitlines()
    ],
}


def _rules_and_severities(fmt: str, text: str) -> list[tuple[str, str]]:
    return [(rule, _LEVELS.get(level, level)) for rule, level in _READERS[fmt](text)]


# -- the words of "why" --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "words"),
    [
        (Interval(lo=32), "32 or more"),
        (Interval(lo=30, lo_open=True), "more than 30"),
        (Interval(lo=12, hi=12), "exactly 12"),
        (Interval(lo=0, hi=50), "50 or fewer"),
        (Interval(lo=0, hi=50, hi_open=True), "fewer than 50"),
        (Interval(lo=25.5, hi=30, hi_open=True), "just under 30 (from 25.5 up to, but not"),
        (Interval(lo=1_425, hi=1_575), "between 1,425 and 1,575"),
    ],
)
def test_an_interval_reads_as_words(interval: Interval, words: str) -> None:
    from factcheck.report.why import reading

    assert reading(interval).startswith(words)


def test_a_clash_of_usual_readings_says_so(case) -> None:
    from factcheck.report.why import claims_by_id, explain

    report, _ = case
    soft = report.findings[0].model_copy(
        update={"explanation": {**report.findings[0].explanation, "compare": "soft"}}
    )
    why = explain(soft, claims_by_id(report))
    assert why.clash.startswith("Read as copy usually means them, 'at least 32' is 32 or more")
    assert "unlikely both to hold" in why.clash
    assert why.same_thing == "Taken to be about the same thing (score 0.97): both count people."
    # Without its claims (a report read back without them) there are no words to invent.
    assert explain(report.findings[0], {}).clash == ""


# -- the GitHub Action ---------------------------------------------------------------------------

ACTION = ROOT / "action.yml"


def _steps() -> dict[str, dict[str, Any]]:
    yaml = pytest.importorskip("yaml")
    steps = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    return {s.get("name") or s["uses"].split("@")[0]: s for s in steps}


def _bash(script: str, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    import os
    import subprocess
    import sys

    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={"PATH": path, "HOME": str(cwd), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_action_pins_its_actions_by_commit() -> None:
    steps = _steps()
    for name in ("actions/setup-python", "github/codeql-action/upload-sarif"):
        [step] = [s for s in steps.values() if s.get("uses", "").startswith(name + "@")]
        ref = step["uses"].split("@")[1]
        assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), step["uses"]
    text = ACTION.read_text(encoding="utf-8")
    assert "# v5." in text and "# v4." in text  # the version, for people, beside each SHA


def test_the_action_checks_once_and_writes_every_report(tmp_path: Path) -> None:
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    reports, outputs, summary = tmp_path / "tmp" / "factcheck", tmp_path / "out", tmp_path / "sum"
    env = {
        "FACTCHECK_PATHS": "*.md",
        "FACTCHECK_ARGS": "--fail-on error",
        "SARIF_FILE": "factcheck.sarif",
        "REPORTS": str(reports),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    code, log = _bash(_steps()["Run factcheck"]["run"], env, tmp_path)
    assert code == 0, log  # the step records the exit code; a later step fails the job
    assert outputs.read_text(encoding="utf-8") == "exit-code=1\n"
    assert json.loads((tmp_path / "factcheck.sarif").read_text("utf-8"))["runs"][0]["results"]
    assert summary.read_text(encoding="utf-8").startswith("## factcheck: 1 error")
    annotations = (reports / "annotations.txt").read_text(encoding="utf-8")
    assert annotations.startswith("::error file=draft.md,line=1,")


@pytest.mark.parametrize(("errors", "notice"), [(10, False), (12, True)])
def test_the_action_says_when_github_hides_annotations(tmp_path: Path, errors: int, notice: bool):
    lines = [f"::error file=d.md,line={i},title=FC101::x" for i in range(1, errors + 1)]
    (tmp_path / "annotations.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"ANNOTATIONS": str(tmp_path / "annotations.txt"), "SARIF_FILE": "factcheck.sarif"}
    code, log = _bash(_steps()["Say how many annotations GitHub left out"]["run"], env, tmp_path)
    assert code == 0, log
    assert (f"::notice title=factcheck::{errors} annotations, but GitHub" in log) is notice


def test_the_action_skips_the_upload_for_forks_and_annotates_without_it() -> None:
    steps = _steps()
    fork = "github.event.pull_request.head.repo.full_name != github.repository"
    upload = steps["Upload SARIF to code scanning"]
    assert f"!(github.event_name == 'pull_request' && {fork})" in upload["if"]
    skipped = steps["Skip the upload for a pull request from a fork"]
    assert fork in skipped["if"] and "::notice" in skipped["run"]
    annotate = steps["Annotate the findings"]
    assert (
        "inputs.upload" not in annotate["if"]
        and "annotations.txt" in annotate["env"]["ANNOTATIONS"]
    )
