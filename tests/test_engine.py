"""The rules engine: registry validation, FC000 for a crashing rule, selection, meta-tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

from factcheck import CheckConfig, Document, check
from factcheck.engine import registry as registry_module
from factcheck.engine.base import RuleContext, RuleType
from factcheck.engine.registry import load_registry
from factcheck.errors import ConfigError
from factcheck.model import Finding
from tests.conftest import allowed_severities

ROOT = Path(__file__).resolve().parent.parent
SEED_LIKE = (
    "Since early September the strikes have killed at least 32 people. "
    "The strikes have killed nearly 30 people so far."
)


def test_every_rule_has_pass_and_fail_fixture_cases() -> None:
    for spec in load_registry().specs:
        path = ROOT / "fixtures" / "rules" / f"{spec.code}.yml"
        assert path.exists(), f"{spec.code} has no fixture file"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        live = [c for c in cases if "xfail" not in c]
        assert any(c["expect"] for c in live), f"{spec.code} has no failing case"
        assert any(not c["expect"] for c in live), f"{spec.code} has no passing case"


CASE_KEYS = {"name", "text", "sources", "published_at", "unsure", "expect", "xfail"}


def test_every_fixture_names_a_real_rule_and_known_keys() -> None:
    codes = {s.code for s in load_registry().specs}
    for path in (ROOT / "fixtures" / "rules").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] in codes, f"{path.name} names unknown rule {data['rule']}"
        assert path.stem == data["rule"]
        for case in data["cases"]:
            assert set(case) <= CASE_KEYS
            for exp in case["expect"]:
                levels = allowed_severities(exp["severity"])
                assert levels and set(levels) <= {"error", "warning", "info"}


def test_every_rule_is_documented() -> None:
    for spec in load_registry().specs:
        assert spec.summary and spec.why and spec.example and spec.use_instead


def write_rules(folder: Path, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "house.yml").write_text(body, encoding="utf-8")


def test_rule_file_errors_are_all_reported_with_lines(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        "rules:\n"
        "  - code: FC190\n"
        "    name: numeric.house\n"
        "    kind: numeric.no-such-kind\n"
        "    severity: error\n"
        "    summary: s\n    why: w\n    example: e\n    use_instead: u\n"
        "  - code: BAD1\n"
        "    name: numeric.other\n"
        "    kind: numeric.interval-conflict\n"
        "    severity: loud\n"
        "    summary: s\n    why: w\n    example: e\n    use_instead: u\n"
        "    colour: red\n",
    )
    with pytest.raises(ConfigError) as info:
        load_registry((str(tmp_path),))
    problems = info.value.problems
    path = str(tmp_path / "house.yml")
    assert any(p.startswith(f"{path}:4:") and "unknown kind" in p for p in problems), problems
    assert any(p.startswith(f"{path}:10:") and "code" in p for p in problems), problems
    assert any(p.startswith(f"{path}:13:") and "severity" in p for p in problems), problems
    assert any(p.startswith(f"{path}:18:") and "colour" in p for p in problems), problems


def test_invalid_rule_options_are_rejected(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        "rules:\n  - code: FC190\n    name: numeric.house\n    kind: numeric.interval-conflict\n"
        "    severity: warning\n    options: {compare: sideways}\n"
        "    summary: s\n    why: w\n    example: e\n    use_instead: u\n",
    )
    with pytest.raises(ConfigError) as info:
        load_registry((str(tmp_path),))
    assert any(":6:" in p and "compare" in p for p in info.value.problems)


def test_a_user_rule_folder_adds_a_rule(tmp_path: Path) -> None:
    write_rules(
        tmp_path,
        "rules:\n  - code: FC190\n    name: numeric.house-tension\n"
        "    kind: numeric.interval-conflict\n    severity: info\n    options: {compare: hard}\n"
        "    summary: s\n    why: w\n    example: e\n    use_instead: u\n",
    )
    report = check([Document(id="d", text=SEED_LIKE)], CheckConfig(rule_paths=[str(tmp_path)]))
    assert {"FC101", "FC190"} <= {f.rule for f in report.findings}


class Exploding(RuleType):
    """Always fails: stands in for a buggy rule."""

    kind = "numeric.exploding"
    targets = frozenset({"quantity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        raise RuntimeError("boom")


def test_a_rule_that_raises_becomes_fc000_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = registry_module.rule_types()
    monkeypatch.setattr(registry_module, "rule_types", lambda: {**real, Exploding.kind: Exploding})
    write_rules(
        tmp_path,
        "rules:\n  - code: FC199\n    name: numeric.exploding\n    kind: numeric.exploding\n"
        "    severity: error\n    summary: s\n    why: w\n    example: e\n    use_instead: u\n",
    )
    load_registry.cache_clear()
    try:
        report = check([Document(id="d", text=SEED_LIKE)], CheckConfig(rule_paths=[str(tmp_path)]))
    finally:
        load_registry.cache_clear()
    internal = [f for f in report.findings if f.rule == "FC000"]
    assert len(internal) == 1 and "FC199" in internal[0].message and "boom" in internal[0].message
    assert any(f.rule == "FC101" for f in report.findings)


def test_rule_type_metadata_is_checked_at_import() -> None:
    with pytest.raises(TypeError, match="kind"):

        class Nameless(RuleType):
            """No kind."""

            targets = frozenset({"quantity"})


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (CheckConfig(), {"FC101"}),
        (CheckConfig(select=["FC2"]), set()),
        (CheckConfig(ignore=["numeric.conflict"]), set()),
        (CheckConfig(ignore=["numeric"]), set()),
        (CheckConfig(select=["FC101"]), {"FC101"}),
        (CheckConfig(min_severity="error", severity={"FC101": "warning"}), set()),
    ],
)
def test_select_ignore_and_severity(config: CheckConfig, expected: set[str]) -> None:
    report = check([Document(id="d", text=SEED_LIKE)], config)
    assert {f.rule for f in report.at_least("warning")} == expected


def test_severity_override_applies() -> None:
    report = check([Document(id="d", text=SEED_LIKE)], CheckConfig(severity={"FC101": "warning"}))
    assert [f.severity for f in report.findings if f.rule == "FC101"] == ["warning"]


def test_duplicate_document_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="share the id"):
        check([Document(id="d", text="a"), Document(id="d", text="b")])


def test_graph_links_the_conflict_and_exports() -> None:
    from factcheck.pipeline import analyse

    analysis = analyse([Document(id="d", text=SEED_LIKE)])
    g = analysis.graph.g
    conflicts = [e for e in g.edges(data=True) if e[2].get("type") == "conflicts"]
    assert len(conflicts) == 1 and conflicts[0][2]["rule"] == "FC101"
    assert '"edges"' in analysis.graph.to_json()
    assert "<graphml" in analysis.graph.to_graphml()


def write_lexicon(folder: Path, name: str, body: str) -> None:
    (folder / "lexicons").mkdir(parents=True, exist_ok=True)
    (folder / "lexicons" / f"{name}.yml").write_text(body, encoding="utf-8")


REGATTA = (
    "The regatta on the Kell estuary was held on Saturday, June 6, 2026, in light winds. "
    "Crews from nine clubs raced in the regatta on June 13, 2026."
)


@pytest.mark.parametrize(
    ("lexicon", "body", "text", "rule", "before", "after"),
    [
        # A regatta happens on one day: two dates for it conflict.
        ("dates", "events:\n  regatta: [regatta]\nonce: [regatta]\n", REGATTA, "FC202",
         False, True),
        # A local office: "Harbourmaster Ewan Pell" and "Mayor Ewan Pell" hold two offices.
        ("titles", "offices:\n  harbourmaster: [Harbourmaster]\n",
         "Harbourmaster Ewan Pell said the quay would stay shut. Mayor Ewan Pell later said "
         "the quay would reopen on Friday.", "FC302", False, True),
        # One pledge in two mouths is FC401's; a house may count its harbourmaster as an office
        # speaking, like "the president", not as a second named person.
        ("names", "unnamed_speakers: [harbourmaster]\n",
         '"We will rebuild the harbour wall before the winter storms come," said Ewan Pell on '
         'Monday. On Tuesday, "we will rebuild the harbour wall before the winter storms '
         'come," said the Harbourmaster.', "FC401", True, False),
        # Two figures of one article are compared when a name ties them; a paper's masthead,
        # in every story it prints, ties nothing once the house lists it.
        ("names", "not_anchors: [Courier]\n",
         "Twelve workers died at the depot, the Courier has learned. Nineteen workers died at "
         "the depot, a Courier reporter was told.", "FC101", True, False),
    ],
)  # fmt: skip
def test_a_rule_folder_extends_a_bundled_lexicon(
    tmp_path: Path, lexicon: str, body: str, text: str, rule: str, before: bool, after: bool
) -> None:
    write_lexicon(tmp_path, lexicon, body)
    config = CheckConfig(min_severity="info")
    bundled = check([Document(id="d", text=text)], config)
    extended = check(
        [Document(id="d", text=text)], config.model_copy(update={"rule_paths": [str(tmp_path)]})
    )
    assert (rule in {f.rule for f in bundled.findings}) is before
    assert (rule in {f.rule for f in extended.findings}) is after


def test_an_unknown_lexicon_in_a_rule_folder_is_a_config_error(tmp_path: Path) -> None:
    write_lexicon(tmp_path, "colours", "red: [scarlet]\n")
    with pytest.raises(ConfigError) as info:
        check([Document(id="d", text=REGATTA)], CheckConfig(rule_paths=[str(tmp_path)]))
    assert any("unknown lexicon 'colours'" in p for p in info.value.problems)


def test_a_configured_severity_caps_what_a_rule_reports() -> None:
    # FC203 reports an age a year out as a warning; configured down to info, it stays info.
    text = "Ada Kell (born Oct. 3, 1961) founded the club. Kell, 63, still coaches it."
    doc = Document(id="d", text=text, published_at="2026-06-10")
    default = check([doc])
    lowered = check([doc], CheckConfig(severity={"FC203": "info"}))
    assert [f.severity for f in default.findings if f.rule == "FC203"] == ["warning"]
    assert [f.severity for f in lowered.findings if f.rule == "FC203"] == ["info"]
