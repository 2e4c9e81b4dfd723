"""Findings that scale with what a reader can use: one finding per group of clashing figures,
and a per-document cap with a summary of what it left out."""

from __future__ import annotations

import json
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest

from factcheck import Document, check
from factcheck.engine import groups
from factcheck.engine.cap import cap_findings
from factcheck.engine.groups import members, regroup
from factcheck.engine.runner import fingerprint
from factcheck.model import CheckConfig, Finding, Omitted, Report, Severity, Span

Cli = Callable[..., Any]  # tests/conftest.py's cli fixture: .code, .out, .err

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "article.txt"

# One finding of each of two severities in one document, the warning first in the text.
TWO_SEVERITIES = (
    "The cyclone destroyed about 300 homes on Pell, the agency said.\n\n"
    "The agency later said nearly 270 homes had been destroyed by the cyclone.\n\n"
    "The storm has killed 12 people so far, officials said.\n\n"
    "The storm has killed 14 people so far, officials said.\n"
)


def storm(n: int, first: int = 12) -> str:
    """One death toll given in ``n`` sentences, each with another number, a paragraph each."""
    return "".join(
        f"The storm has killed {first + 2 * i} people so far, officials said.\n\n" for i in range(n)
    )


def findings_of(text: str, **config: Any) -> list[Finding]:
    return check([Document(id="draft", text=text)], CheckConfig(**config)).findings


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- grouping -----------------------------------------------------------------------------


def test_one_toll_in_many_sentences_is_one_finding_with_every_figure():
    [group] = findings_of(storm(8))
    assert (group.rule, group.severity) == ("FC101", "error")
    assert [s.text for s in group.spans] == [str(12 + 2 * i) for i in range(8)]
    assert [s.line for s in group.spans] == [1 + 2 * i for i in range(8)]  # text order
    assert group.message.startswith(
        "8 different figures for people (deaths) cannot all be true: 12 (l.1), 14 (l.3), "
    )
    assert group.explanation["claims"] == [f"draft#q{i}" for i in range(1, 9)]
    assert group.explanation["figures"] == 8


def test_a_group_keeps_every_pair_with_its_own_explanation():
    [group] = findings_of(storm(4))
    pairs = group.explanation["pairs"]
    assert len(pairs) == 6  # four figures, each pair linked
    assert sorted(tuple(sorted(p["spans"])) for p in pairs) == [
        (0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3),
    ]  # fmt: skip
    for pair in pairs:
        a, b = (group.spans[i].text for i in pair["spans"])
        assert f"'{a}' and '{b}'" in pair["message"]
        assert pair["severity"] == "error" and len(pair["fingerprint"]) == 16
        assert pair["explanation"]["alignment"]["reasons"]
        assert pair["explanation"]["compare"] == "hard"


def test_two_figures_stay_a_pair():
    [pair] = findings_of(storm(2))
    assert len(pair.spans) == 2 and "pairs" not in pair.explanation
    assert pair.message.startswith("'12' and '14' people (deaths) cannot both be true")


def test_output_grows_linearly_with_the_sentences():
    n = 25  # beyond the few figures the alignment links each figure to
    small, large = findings_of(storm(n)), findings_of(storm(4 * n))
    assert len(small) == len(large) == 1
    assert len(small[0].spans) == n and len(large[0].spans) == 4 * n

    def size(findings: list[Finding]) -> int:
        return len(json.dumps([f.model_dump(mode="json") for f in findings]))

    # Every pair is kept in the explanation, but each figure is linked to a few others only:
    # 4x the sentences give about 4x the output, where all pairs would give 16x.
    assert len(large[0].explanation["pairs"]) <= 5 * 4 * n
    assert size(large) < 6 * size(small)


def test_a_group_across_documents_names_the_other_document():
    draft = Document(id="draft", text=storm(2))
    wire = Document(id="wire", text=storm(1, first=16), role="source")
    [group] = check([draft, wire]).findings
    assert [s.document_id for s in group.spans] == ["draft", "draft", "wire"]
    assert group.message.endswith(": 12 (l.1), 14 (l.3), 16 (wire l.1)")


def test_a_group_of_dates_is_named_by_what_its_pairs_date():
    # Three birth dates of one person: the group names her, not a verb beside a date
    # ("founded"), which the dates of a clause are read with.
    text = (
        "Ada Kell (born March 3, 1961) founded the Harwick rowing club. Ada Kell was born on "
        "March 13, 1961, the club history says. A plaque says Ada Kell was born on March 23, "
        "1961, in Dunmore."
    )
    (group,) = check([Document(id="d", text=text)]).findings
    assert group.message.startswith("3 different dates for Ada Kell cannot all be true")
    assert group.explanation["subject"] == "different dates for Ada Kell"


def test_the_seed_keeps_its_one_conflict_and_its_info():
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    findings = check([Document(id="seed", text=SEED.read_text(encoding="utf-8"))]).findings
    assert [(f.rule, f.severity, len(f.spans)) for f in findings] == [
        ("FC101", "error", 2),
        ("FC302", "info", 2),
    ]
    assert [s.text for s in findings[0].spans] == ["at least 32", "nearly 30"]
    assert all("pairs" not in f.explanation for f in findings)


def test_a_groups_fingerprint_is_that_of_its_passages():
    [group] = findings_of(storm(5))
    assert group.fingerprint == fingerprint(group.model_copy(update={"fingerprint": ""}))
    # Text elsewhere does not change it; another figure does (the group is new: shown again).
    [moved] = findings_of("The coast was hit hard.\n\n" + storm(5))
    assert moved.fingerprint == group.fingerprint
    [grown] = findings_of(storm(6))
    assert grown.fingerprint != group.fingerprint


def test_the_group_takes_the_highest_severity_of_its_pairs():
    config = {"severity": {"FC101": "warning"}}
    [group] = findings_of(storm(4), **config)
    assert group.severity == "warning"
    assert {p["severity"] for p in group.explanation["pairs"]} == {"warning"}


def test_a_groups_members_are_the_pairs_it_replaced(monkeypatch: pytest.MonkeyPatch):
    [group] = findings_of(storm(6))
    monkeypatch.setattr(groups, "MIN_GROUP", 1000)  # no grouping: the pairs as they were
    pairs = findings_of(storm(6))
    key = attrgetter("fingerprint")
    assert sorted(members(group), key=key) == sorted(pairs, key=key)


def test_regrouping_without_the_pairs_of_one_figure():
    """What suppression pair by pair does: an ignored passage drops the pairs through it."""
    [group] = findings_of(storm(5))
    assert regroup(group, lambda pair: True) == [group]
    assert regroup(group, lambda pair: False) == []
    first = group.spans[0]
    [rest] = regroup(group, lambda pair: first not in pair.spans)
    assert [s.text for s in rest.spans] == ["14", "16", "18", "20"]
    assert rest.message.startswith("4 different figures for people (deaths) cannot all be true")
    assert rest.fingerprint == fingerprint(rest.model_copy(update={"fingerprint": ""}))
    assert len(rest.explanation["pairs"]) == 6

    # Two figures left: the one pair, exactly as it was reported before grouping.
    two = {"12", "14"}
    [pair] = regroup(group, lambda p: {s.text for s in p.spans} == two)
    [before] = [m for m in members(group) if {s.text for s in m.spans} == two]
    assert pair == before and "pairs" not in pair.explanation


# -- the cap ------------------------------------------------------------------------------


def test_the_cap_keeps_the_most_severe_and_counts_the_rest():
    report = check([Document(id="draft", text=TWO_SEVERITIES)])
    assert [f.severity for f in report.findings] == ["warning", "error"]
    capped = cap_findings(report, 1)
    assert [f.severity for f in capped.findings] == ["error"]
    assert capped.omitted == [
        Omitted(document_id="draft", count=1, by_severity={"warning": 1}, by_rule={"FC102": 1})
    ]
    assert cap_findings(report, 0) is report and cap_findings(report, 2) is report


def test_the_cap_is_per_document_and_spares_findings_without_a_span():
    def finding(doc: str, start: int, severity: Severity = "info") -> Finding:
        span = Span(document_id=doc, start=start, end=start + 1, text="x")
        return Finding(rule="FC301", name="n", severity=severity, message="m", spans=[span])

    crash = Finding(
        rule="FC000", name="internal.rule-error", severity="error", message="m", spans=[]
    )
    findings = [
        crash,
        *(finding("a", i) for i in range(5)),
        finding("b", 0),
        finding("a", 9, "warning"),
    ]
    capped = cap_findings(Report(version="0", findings=findings), 2)
    kept = [
        (f.spans[0].document_id, f.spans[0].start) if f.spans else None for f in capped.findings
    ]
    assert kept == [None, ("a", 0), ("b", 0), ("a", 9)]  # report order, the warning kept
    [left] = capped.omitted
    assert (left.document_id, left.count, left.by_severity) == ("a", 4, {"info": 4})


def test_exit_codes_count_the_findings_the_cap_left_out():
    span = Span(document_id="d", start=0, end=1, text="x")
    shown = Finding(rule="FC301", name="n", severity="info", message="m", spans=[span])
    left = Omitted(document_id="d", count=2, by_severity={"warning": 2}, by_rule={"FC102": 2})
    report = Report(version="0", findings=[shown], omitted=[left])
    assert report.at_least("warning") == []
    assert report.any_at_least("warning") and not report.any_at_least("error")


def test_the_cli_shows_the_summary_in_text(cli: Cli, tmp_path: Path):
    path = write(tmp_path, "draft.txt", TWO_SEVERITIES)
    run = cli("check", path, "--max-findings", "1")
    assert run.code == 1
    assert "FC101 error" in run.out and "FC102" not in run.out
    lines = run.out.splitlines()
    assert f"… 1 more finding in {path} not shown (warning 1); raise --max-findings" in lines
    assert lines[-1] == "1 finding (1 error) in 1 file, 1 more not shown"


def test_the_cli_records_what_was_left_out_in_json_and_sarif(cli: Cli, tmp_path: Path):
    path = write(tmp_path, "draft.txt", TWO_SEVERITIES)
    data = json.loads(cli("check", path, "--max-findings", "1", "--format", "json").out)
    assert [f["rule"] for f in data["findings"]] == ["FC101"]
    assert data["omitted"] == [
        {
            "document_id": str(path),
            "count": 1,
            "by_severity": {"warning": 1},
            "by_rule": {"FC102": 1},
        }
    ]
    assert "omitted" not in json.loads(cli("check", path, "--format", "json").out)

    run = json.loads(cli("check", path, "--max-findings", "1", "--format", "sarif").out)["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["FC101"]
    assert run["properties"]["omittedFindings"] == data["omitted"]
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "note" and "1 more finding" in note["message"]["text"]


def test_the_sarif_with_a_summary_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip(f"SARIF schema not found at {schema_path}")
    from factcheck.report import sarif

    monkeypatch.chdir(tmp_path)
    doc = Document(id="draft.txt", text=TWO_SEVERITIES, path="draft.txt")
    capped = cap_findings(check([doc]), 1)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(sarif.render(capped, [doc])))


@pytest.mark.parametrize("fmt", ["github", "markdown", "html", "line", "rdjsonl"])
def test_every_other_format_says_what_was_left_out(cli: Cli, tmp_path: Path, fmt: str):
    path = write(tmp_path, "draft.txt", TWO_SEVERITIES)
    out = cli("check", path, "--max-findings", "1", "--format", fmt).out
    assert out.count("1 more finding") == 1 and "raise --max-findings" in out
    assert "more finding" not in cli("check", path, "--format", fmt).out


@pytest.mark.parametrize("fail_on", ["info", "warning", "error"])
def test_fail_on_gives_the_same_exit_code_with_and_without_the_cap(
    cli: Cli, tmp_path: Path, fail_on: str
):
    path = write(tmp_path, "draft.txt", TWO_SEVERITIES + "\n" + storm(5, first=40))
    full = cli("check", path, "--max-findings", "0", "--fail-on", fail_on)
    capped = cli("check", path, "--max-findings", "1", "--fail-on", fail_on)
    assert "not shown" in capped.out and "not shown" not in full.out
    assert capped.code == full.code == 1


def test_max_findings_comes_from_the_config_and_the_option_wins(
    cli: Cli, tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "factcheck.toml", "max-findings = 1\n")
    write(tmp_path, "draft.txt", TWO_SEVERITIES)
    assert "not shown" in cli("check", "draft.txt").out
    assert "not shown" not in cli("check", "draft.txt", "--max-findings", "5").out


@pytest.mark.parametrize("bad", ["-1", "many", "1.5"])
def test_a_bad_max_findings_is_a_usage_error(cli: Cli, tmp_path: Path, bad: str):
    run = cli("check", write(tmp_path, "draft.txt", TWO_SEVERITIES), f"--max-findings={bad}")
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("factcheck: error: argument --max-findings:")


# -- baselines ----------------------------------------------------------------------------


def test_a_baseline_acknowledges_a_group_until_a_figure_joins_it(cli: Cli, tmp_path: Path):
    path = write(tmp_path, "draft.txt", storm(5))
    baseline = tmp_path / "baseline.json"
    assert cli("baseline", path, "--output", baseline).code == 0
    [entry] = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert entry["message"].startswith("5 different figures")

    run = cli("check", path, "--baseline", baseline)
    assert (run.code, run.out.splitlines()[-1]) == (0, "No findings in 1 file.")
    path.write_text("A new first paragraph.\n\n" + storm(5), encoding="utf-8")
    assert cli("check", path, "--baseline", baseline).code == 0  # edits elsewhere: still known

    path.write_text(storm(6), encoding="utf-8")  # a sixth figure: a new group, shown whole
    data = json.loads(cli("check", path, "--baseline", baseline, "--format", "json").out)
    [group] = data["findings"]
    assert len(group["spans"]) == 6


def test_a_baseline_is_never_capped(cli: Cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "factcheck.toml", "max-findings = 1\n")
    write(tmp_path, "draft.txt", TWO_SEVERITIES)
    assert cli("baseline", "draft.txt", "--output", "b.json").code == 0
    assert len(json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["findings"]) == 2
    assert cli("check", "draft.txt", "--baseline", "b.json").code == 0


def test_an_ignore_comment_by_one_figure_keeps_the_others_conflicts(cli: Cli, tmp_path: Path):
    paragraphs = storm(4).split("\n\n")
    paragraphs.insert(0, "<!-- factcheck: ignore FC101 -->")  # covers the first figure only
    draft = write(tmp_path, "draft.md", "\n\n".join(paragraphs))
    result = cli("check", str(draft), "--format", "json")
    [group] = json.loads(result.out)["findings"]
    assert [s["text"] for s in group["spans"]] == ["14", "16", "18"]
