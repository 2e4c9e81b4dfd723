"""The alignment decision: which figures meet, how a pair is scored, what a finding says
about it, and what a broken model file does."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import Document, check
from factcheck.cli import main
from factcheck.compare.features import FEATURES
from factcheck.compare.pairs import MOST_PARTNERS
from factcheck.compare.score import ModelError, Trees, load_trees, walker_source
from factcheck.compare.when import story_week
from factcheck.errors import FactcheckError
from factcheck.model import CheckConfig
from factcheck.paths import data_dir
from factcheck.pipeline import analyse
from factcheck.report import sarif
from factcheck.timeline import WEEKDAYS

MODEL = data_dir() / "models" / "alignment.json"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"
TOLL = "Storm Maren has killed at least 18 people on the coast, the civil protection agency said."
LOWER = "The storm has killed 15 people on the coast so far, the agency said."


def pairs_of(*documents: Document) -> list[set[str]]:
    figures = analyse(list(documents)).graph.figures()
    return [{c.a.claim.span.text, c.b.claim.span.text} for c in figures.candidates()]


def test_a_draft_meets_its_source_but_two_drafts_and_two_sources_never_meet() -> None:
    draft, other = Document(id="d1", text=TOLL), Document(id="d2", text=LOWER)
    assert pairs_of(draft, other) == []
    source, second = (
        Document(id="s1", text=LOWER, role="source"),
        Document(id="s2", text=TOLL, role="source"),
    )
    assert pairs_of(source, second) == []
    assert pairs_of(draft, source) == [{"at least 18", "15"}]


def test_figures_of_one_sentence_are_never_a_pair() -> None:
    text = "Storm Maren has killed at least 18 people, and the agency says 15 people have died."
    assert pairs_of(Document(id="d", text=text)) == []


def test_pairs_stay_linear_in_a_document_that_repeats_one_figure_many_times() -> None:
    sentences = [
        f"The storm has killed {n} people on the coast, officials said." for n in range(1, 201)
    ]
    figures = analyse([Document(id="d", text=" ".join(sentences))]).graph.figures()
    assert len(figures.frames) == 200
    assert len(figures.candidates()) <= MOST_PARTNERS * len(figures.frames)


def _clash_features(draft: str, source: str) -> dict[str, float]:
    documents = [
        Document(id="draft", text=draft),
        Document(id="source", text=source, role="source"),
    ]
    (candidate,) = analyse(documents).graph.figures().candidates()
    return dict(zip(FEATURES, candidate.x, strict=True))


@pytest.mark.parametrize(
    ("draft", "source", "bound_both", "round_at_edge"),
    [
        # A round figure against a bound at its own value: a headline may round "more than".
        ("The factory employs 2,000 people.", "The factory employs more than 2,000 people.", 0, 1),
        ("The storm killed at least 30 people.", "The storm killed nearly 30 people.", 1, 0),
        ("The storm killed 30 people.", "The storm killed more than 40 people.", 0, 0),
    ],
)  # fmt: skip
def test_the_model_sees_bounds_on_both_sides_and_a_round_figure_at_a_bound(
    draft: str, source: str, bound_both: int, round_at_edge: int
) -> None:
    x = _clash_features(draft, source)
    assert (x["bound_both"], x["round_at_edge"]) == (bound_both, round_at_edge)


@pytest.mark.parametrize(
    ("draft", "differs"),
    [
        # A gap between two figures is no count of the thing: "three votes short" of 60.
        ("The motion fell three votes short of the 60 it needed.", 1),
        ("The motion won by a margin of three votes.", 1),
        ("The motion ended three votes behind the rival motion.", 1),
        ("The motion won three votes in the chamber.", 0),
        ("The motion won three votes in the chamber ahead of the summit.", 0),
    ],
)  # fmt: skip
def test_a_gap_between_figures_is_read_as_a_difference(draft: str, differs: int) -> None:
    x = _clash_features(draft, "The motion won 60 votes in the chamber.")
    assert x["aggregation_differs"] == differs


@pytest.mark.parametrize(
    ("draft", "source", "time_shared", "time_conflict"),
    [
        # A day keeps its year: the same day of another year is another time.
        ("As of April 9, 2020, the state had 29 cases.", "As of 9 April 2020, it had 31 cases.",
         1, 0),
        ("As of April 9, the state had 29 cases.", "As of 9 April 2020, it had 31 cases.", 1, 0),
        ("As of April 9, the state had 29 cases.", "As of April 10, it had 25 cases.", 0, 1),
    ],
)  # fmt: skip
def test_a_day_given_once_with_its_year_and_once_without_is_one_time(
    draft: str, source: str, time_shared: int, time_conflict: int
) -> None:
    x = _clash_features(draft, source)
    assert (x["time_shared"], x["time_conflict"]) == (time_shared, time_conflict)


def test_two_unnamed_ages_are_never_one_persons_age() -> None:
    # Both ages stand at the same offset of their documents, which once made them one anchor.
    x = _clash_features("A 54-year-old woman was treated.", "A 60-year-old man was treated.")
    assert (x["same_anchor"], x["scope_comparable"]) == (0, 0)


@pytest.mark.parametrize(
    ("draft", "one_person"),
    [
        # Given names that differ: a daughter and her father, in a draft and its source.
        ("Ana Voss, 34, opened the bakery on Mill Street.", 0),
        # A title is no given name: "Mr Voss" may be the Karl Voss of the source.
        ("Mr Voss, 34, opened the bakery on Mill Street.", 1),
        # but a woman's title is not Mr Voss's
        ("Mrs Voss, 34, opened the bakery on Mill Street.", 0),
    ],
)
def test_a_surname_after_two_given_names_is_two_peoples(draft: str, one_person: int) -> None:
    source = "Mr Karl Voss, 62, said the bakery on Mill Street opened in May."
    x = _clash_features(draft, source)
    assert x["scope_comparable"] == one_person


def test_an_age_of_an_earlier_time_is_not_the_age_now() -> None:
    text = "Ada Kell, 64, runs the Tarnby shop. In her first race, Kell, 19, won the county title."
    assert [f.rule for f in check([Document(id="d", text=text)]).findings] == []


def test_one_total_on_the_same_day_of_two_years_may_grow() -> None:
    draft = Document(id="draft", text="As of 9 April 2020, the state had confirmed 29 cases.")
    source = Document(
        id="source", text="As of 9 April 2021, the state had confirmed 4,100 cases.", role="source"
    )
    assert pairs_of(draft, source) == []


def test_a_finding_says_why_in_json_text_and_sarif(capsys: pytest.CaptureFixture[str]) -> None:
    docs = [Document(id="draft", text=f"{TOLL} Crews searched the dunes. {LOWER}")]
    report = check(docs)
    finding = next(f for f in report.findings if f.rule == "FC101")
    alignment = finding.explanation["alignment"]
    assert 0.0 <= alignment["score"] <= 1.0
    assert "both count people" in alignment["reasons"]
    result = json.loads(sarif.render(report, docs))["runs"][0]["results"][0]
    assert result["properties"]["alignmentScore"] == alignment["score"]
    assert result["properties"]["alignmentReasons"] == alignment["reasons"]


def test_the_seed_error_carries_its_score_and_reasons() -> None:
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    report = check([Document(id="seed", text=SEED.read_text(encoding="utf-8"))])
    (finding,) = report.at_least("warning")
    alignment = finding.explanation["alignment"]
    assert alignment["score"] >= 0.9 and alignment["stratum"] == "one-document/lexicon-agrees"
    assert any("kill" in reason for reason in alignment["reasons"])


def test_unsure_pairs_are_reported_as_info_only_when_asked() -> None:
    pair = [
        Document(id="d", text="The Halden report lists 300 projects."),
        Document(id="s", text="Officials approved 250 projects last year.", role="source"),
    ]
    quiet = check(pair)
    loud = check(pair, CheckConfig(unsure=True))
    assert quiet.findings == []
    assert [(f.rule, f.severity) for f in loud.findings] == [("FC101", "info")]


def test_the_cli_flag_turns_unsure_pairs_on_and_off_over_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text("The Halden report lists 300 projects.\n", "utf-8")
    (tmp_path / "source.txt").write_text("Officials approved 250 projects last year.\n", "utf-8")
    (tmp_path / "factcheck.toml").write_text("unsure = true\n", "utf-8")
    argv = ["check", "draft.txt", "--source", "source.txt", "--format", "json"]
    for extra, expected in (([], 1), (["--no-unsure"], 0)):
        main([*argv, *extra])
        findings = json.loads(capsys.readouterr().out)["findings"]
        assert len(findings) == expected, extra


def test_a_number_too_large_for_a_float_is_no_rule_failure() -> None:
    huge = "9" * 400
    for qualifier in ("", "up to "):
        text = (
            f"The fund holds {qualifier}{huge} dollars, the bank said. "
            "The fund holds 12 dollars, it said."
        )
        report = check([Document(id="d", text=text)], CheckConfig(unsure=True))
        assert not [f for f in report.findings if f.rule == "FC000"], qualifier


def _array_walk(trees: Trees, x: list[float]) -> float:
    """The plain reading of the node arrays, against which the generated function is held."""
    raw = trees.init
    for feature, threshold, left, right, value in trees.trees:
        node = 0
        while left[node] != -1:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        raw += trees.rate * value[node]
    return 1.0 / (1.0 + math.exp(-raw))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(-10, 1e6, allow_nan=False), min_size=len(FEATURES), max_size=len(FEATURES))
)
def test_the_generated_walker_sums_the_same_leaves_as_the_arrays(x: list[float]) -> None:
    trees = load_trees(MODEL)
    assert trees.probability(x) == pytest.approx(_array_walk(trees, x), abs=1e-12)


def test_the_generated_walker_is_the_shipped_model() -> None:
    """``_walk.py`` is used only while its digest is the model file's; it must be current."""
    from factcheck.compare import _walk

    trees = load_trees(MODEL)
    assert trees.digest == _walk.DIGEST, "regenerate: python scripts/train_alignment.py"
    assert walker_source(trees) in Path(_walk.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        ("{", "cannot read the alignment model"),
        ("[1, 2]", "trained on other features"),
        ('{"features": []}', "trained on other features"),
        ("cycle", "does not follow it"),
        ("unknown feature", "which does not exist"),
        ("no bands", "not an alignment model"),
    ],
)
def test_a_broken_model_file_is_one_clear_error(tmp_path: Path, broken: str, says: str) -> None:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    if broken == "cycle":
        data["trees"][0]["left"][0] = 0
    elif broken == "unknown feature":
        data["trees"][0]["feature"][0] = len(FEATURES) + 5
    elif broken == "no bands":
        del data["bands"]
    path = tmp_path / "alignment.json"
    path.write_text(broken if broken.startswith(("{", "[")) else json.dumps(data), "utf-8")
    with pytest.raises(ModelError, match=says) as caught:
        load_trees(path)
    assert isinstance(caught.value, FactcheckError)
    assert "\n" not in str(caught.value)


def test_a_missing_model_stops_the_cli_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(data_dir(), rules)
    (rules / "models" / "alignment.json").unlink()
    monkeypatch.setattr("factcheck.compare.score.data_dir", lambda: rules)
    from factcheck.compare.score import bundled_trees

    bundled_trees.cache_clear()
    draft = tmp_path / "draft.txt"
    draft.write_text(f"{TOLL} Crews searched the dunes. {LOWER}\n", encoding="utf-8")
    try:
        code = main(["check", str(draft)])
    finally:
        bundled_trees.cache_clear()
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot read the alignment model" in err and err.count("\n") == 1


def test_the_api_answers_a_missing_model_with_a_server_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("fastapi", reason="the api extra serves the HTTP API")
    from factcheck.api import Settings, create_app
    from factcheck.compare.score import bundled_trees
    from tests.test_api import Api

    rules = tmp_path / "rules"
    shutil.copytree(data_dir(), rules)
    (rules / "models" / "alignment.json").unlink()
    monkeypatch.setattr("factcheck.compare.score.data_dir", lambda: rules)
    bundled_trees.cache_clear()
    api = Api(create_app(Settings()))
    try:
        text = f"{TOLL} Crews searched the dunes. {LOWER}"
        answer = api.post("/v1/check", json={"documents": [{"text": text}]})
    finally:
        api.close()
        bundled_trees.cache_clear()
    assert answer.status_code == 500
    body = answer.json()
    assert "alignment model" in json.dumps(body) and str(rules) not in json.dumps(body)


@pytest.mark.parametrize(
    ("folded", "shown"),
    [("saturday's", "Saturday's"), ("o'brien", "O'Brien"), ("new york", "New York")],
)
def test_a_reason_writes_a_name_as_the_text_would(folded: str, shown: str) -> None:
    from factcheck.compare.score import _display_name

    assert _display_name(folded) == shown


_NAMED = "Nadia Ferrant, 52, was named chief executive of Holm Shipping on Monday. {later}"


@pytest.mark.parametrize(
    ("later", "flagged"),
    [
        # Monday and Jan. 1 of undated copy are less than a year apart: five years cannot pass.
        ("The 47-year-old Ferrant will take over on Jan. 1.", True),
        # One year can: a birthday may fall between the two days.
        ("The 51-year-old Ferrant will take over on Jan. 1.", False),
        # Ages of other years are other ages.
        ("In 2009 the 42-year-old Ferrant sold her first company.", False),
        ("Last year the 47-year-old Ferrant ran a rival carrier.", False),
    ],
)
def test_two_ages_of_one_person_within_a_year_cannot_be_years_apart(
    later: str, flagged: bool
) -> None:
    report = check([Document(id="d", text=_NAMED.format(later=later))])
    found = [f.rule for f in report.findings if f.severity in ("error", "warning")]
    assert found == (["FC101"] if flagged else [])


def test_a_figure_is_not_said_to_count_the_time_it_is_given_at() -> None:
    report = check(
        [
            Document(id="d", text="Unemployment in Velm rose to 2 percent in March."),
            Document(
                id="s", text="Unemployment in Velm stood at 7 percent in March.", role="source"
            ),
        ],
        # A change against a level: scored 0.835 since stop 40's retraining, under the warning
        # band, so it is asked for at any band; what is tested is the wording of its reasons.
        CheckConfig(unsure=True),
    )
    (finding,) = [f for f in report.findings if f.rule == "FC101"]
    reasons = finding.explanation["alignment"]["reasons"]
    assert "both count march" not in reasons
    assert any("unemployment" in reason for reason in reasons)


def test_an_age_is_said_to_be_the_persons_age_not_to_count_the_next_word() -> None:
    text = _NAMED.format(later="Ferrant, 47, of Kell Street, will take over on Jan. 1.")
    (finding,) = [f for f in check([Document(id="d", text=text)]).findings if f.rule == "FC101"]
    reasons = finding.explanation["alignment"]["reasons"]
    assert "both give Ferrant's age" in reasons
    assert not any(r.startswith("both count") for r in reasons)


_ROCKSLIDE = (
    "A rockslide buried part of the mountain road above Kessan on Saturday. By Sunday evening, "
    "the provincial governor said, {sunday} people had been confirmed dead. On Monday the civil "
    "defence agency put the number of dead at {monday}."
)


def _falls(text: str) -> list[tuple[str, str]]:
    figures = analyse([Document(id="d", text=text)]).graph.figures()
    return [
        (c.clash.second.span.text, c.clash.first.span.text)  # (earlier, later)
        for c in figures.candidates()
        if c.clash.kind == "fall"
    ]


def test_a_toll_that_grows_from_sunday_to_monday_is_no_fall() -> None:
    assert _falls(_ROCKSLIDE.format(sunday=19, monday=26)) == []


def test_a_toll_that_shrinks_from_sunday_to_monday_falls() -> None:
    text = _ROCKSLIDE.format(sunday=26, monday=19)
    assert _falls(text) == [("26", "19")]
    assert [f.rule for f in check([Document(id="d", text=text)]).findings] == ["FC104"]


@pytest.mark.parametrize(
    "text",
    [
        "The death toll from the floods rose to 30 on Monday. On Wednesday, the health ministry "
        "said 45 people had died, and that 20 bodies had been recovered from the river.",
        "Yesterday, the toll stood at 40. Today, officials said 52 people had died, after 12 "
        "bodies were recovered overnight.",
    ],
)
def test_a_part_beside_the_grown_total_in_its_sentence_is_no_fall(text: str) -> None:
    assert [f.rule for f in check([Document(id="d", text=text)]).findings] == []


@pytest.mark.parametrize(
    "later",
    [
        "In Harwick alone, rescuers have recovered 120 bodies since the river burst its banks.",
        "In Dunmore, rescuers have recovered 90 bodies since the river burst its banks.",
    ],
)
def test_a_part_in_one_of_the_listed_places_is_no_fall_of_the_total(later: str) -> None:
    text = (
        "The death toll from the floods rose to 340 on Thursday, with 120 dead in Harwick, 90 in "
        "Dunmore and 75 in Velm. " + later
    )
    report = check([Document(id="d", text=text)])
    assert [f.rule for f in report.findings if f.severity in ("error", "warning")] == []


_MUMPS = (
    "Health officials have confirmed 610 cases of mumps, with 350 in Oxley County and 260 in Tarn "
    "County. Oxley County's {later} cases include 40 students at the university."
)


@pytest.mark.parametrize(("later", "flagged"), [("350", []), ("390", [["350", "390"]])])
def test_a_listed_place_named_again_before_its_figure_holds_that_figure(
    later: str, flagged: list[list[str]]
) -> None:
    # "Oxley County's 390 cases": Oxley County's figure, not the total's nor Tarn County's.
    report = check([Document(id="d", text=_MUMPS.format(later=later))])
    found = [
        sorted(span.text for span in f.spans)
        for f in report.findings
        if f.severity in ("error", "warning")
    ]
    assert found == flagged


@pytest.mark.parametrize(
    "text",
    [
        # The town the police speak from is not the place of the national toll.
        "Police in Paris said the national toll had risen to 340, with 120 in Lyon and 90 in "
        "Nice. In Paris, 45 people died.",
        # An earlier value between the total and its list.
        "Cases rose to 430 on Friday from 310 a week earlier, with 120 in Sofia and 90 in Varna. "
        "In Sofia alone, doctors have confirmed 120 cases since the outbreak began.",
    ],
)
def test_a_figure_for_one_place_beside_a_total_broken_down_by_place_is_no_clash(
    text: str,
) -> None:
    report = check([Document(id="d", text=text)])
    assert [f.rule for f in report.findings if f.severity in ("error", "warning")] == []


def test_a_total_restated_lower_beside_its_breakdown_is_flagged_on_the_totals_only() -> None:
    text = (
        "The death toll from the floods rose to 340 on Thursday, with 120 dead in Harwick, 90 in "
        "Dunmore and 75 in Velm. The floods have killed 310 people, officials said."
    )
    found = [
        (f.rule, sorted(span.text for span in f.spans))
        for f in check([Document(id="d", text=text)]).findings
        if f.severity in ("error", "warning")
    ]
    # Not "'90' and '310' cannot both be true": Dunmore's figure is no reading of the total.
    assert found == [("FC104", ["310", "340"])]


@pytest.mark.parametrize(
    "later",
    [
        # A larger figure after the lower one is no total it is a part of: another place,
        "On Wednesday, officials said 20 people had died in Varna, while 45 had died in Ruse.",
        # a part of the lower figure itself, a forecast, another year.
        "On Wednesday, officials said 20 people had died, including at least 5 children.",
        "On Wednesday, officials said 20 people had died, and warned the toll could reach 50.",
        "On Wednesday, officials said 20 people had died, far fewer than the 85 killed in 2018.",
    ],
)
def test_a_toll_that_falls_still_falls_beside_other_figures(later: str) -> None:
    text = "The death toll from the floods rose to 30 on Monday. " + later
    assert "FC104" in [f.rule for f in check([Document(id="d", text=text)]).findings]


@given(st.integers(0, 6), st.sets(st.integers(0, 2), min_size=1))
def test_days_within_three_of_each_other_keep_their_order_across_a_weekend(
    first: int, offsets: set[int]
) -> None:
    # "Saturday … Sunday … Monday" happened in that order, whatever day the story starts on.
    days = [WEEKDAYS[(first + k) % 7] for k in sorted(offsets | {0})]
    week = story_week(reversed(days))
    assert sorted(days, key=week.index) == days


@pytest.mark.parametrize("days", [("monday", "friday"), ("thursday", "monday"), ("sunday",), ()])
def test_days_spread_wider_are_read_monday_first(days: tuple[str, ...]) -> None:
    assert story_week(days) == WEEKDAYS


def test_a_population_the_extractor_reads_is_a_population_in_the_frame() -> None:
    """ "a city of 1.5 million people" has no population word near the figure; it is the
    city's population all the same, as "the city's 900,000 residents" is."""
    text = (
        "Kessing, a port city of 1.5 million people, has no mains water. Engineers are "
        "trucking water to the city's 900,000 residents."
    )
    figures = analyse([Document(id="d", text=text)]).graph.figures()
    aggregations = {f.claim.span.text: f.aggregation for f in figures.frames.values()}
    assert "population" in aggregations["1.5 million"]
    assert "population" in aggregations["900,000"]
