"""Every CI output format, for the seed article and for a draft checked against a source.

The reports are built by hand (the shape the engine produces: spans located, fingerprinted) so
these tests pin the formats, not the rules; one test at the end renders the real engine's
report on the seed article.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factcheck.engine.registry import RuleSpec
from factcheck.engine.runner import fingerprint
from factcheck.model import Document, DocumentInfo, Finding, Report, Severity, Span
from factcheck.report import github, html, line, markdown, rdjsonl, sarif

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
SEED = ROOT.parent / "shared" / "seed" / "article.txt"

FORMATS = {
    "sarif": sarif.render,
    "github": github.render,
    "rdjsonl": rdjsonl.render,
    "line": line.render,
    "markdown": markdown.render,
    "html": html.render,
}

SPEC = RuleSpec(
    code="FC101",
    name="numeric.conflict",
    kind="numeric.interval-conflict",
    severity="error",
    summary="Two figures for the same count whose ranges cannot overlap.",
    why="A reader cannot tell which figure is right; one of them is wrong.",
    example="The storm killed at least 32 people. The storm killed nearly 30 people.",
    use_instead="The storm killed at least 32 people. The storm killed 32 people.",
)


def span(doc: Document, needle: str, occurrence: int = 0) -> Span:
    """The span of ``needle`` in ``doc``, located as the engine locates spans."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(needle, start + 1)
    end = start + len(needle)
    (line_no, col), (end_line, end_col) = doc.locate(start), doc.locate(end)
    return Span(
        document_id=doc.id,
        start=start,
        end=end,
        text=needle,
        line=line_no,
        column=col,
        end_line=end_line,
        end_column=end_col,
    )


def finding(rule: str, name: str, severity: Severity, message: str, spans: list[Span]) -> Finding:
    f = Finding(rule=rule, name=name, severity=severity, message=message, spans=spans)
    return f.model_copy(update={"fingerprint": fingerprint(f)})


def report_of(docs: list[Document], findings: list[Finding]) -> Report:
    infos = [DocumentInfo(id=d.id, path=d.path, role=d.role) for d in docs]
    return Report(version="0.1.0", documents=infos, findings=findings)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def seed_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Report, list[Document]]:
    """The seed article: "at least 32" and "nearly 30" killed, in one document."""
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "article.txt")
    text = (tmp_path / "article.txt").read_text(encoding="utf-8")
    doc = Document(id="article.txt", path="article.txt", text=text)
    conflict = finding(
        "FC101",
        "numeric.conflict",
        "error",
        "The deaths are given as at least 32 and as nearly 30 (fewer than 30).",
        [span(doc, "at least 32 people"), span(doc, "nearly 30 people")],
    )
    return report_of([doc], [conflict]), [doc]


@pytest.fixture
def multi_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Report, list[Document]]:
    """A Markdown draft with non-ASCII text before its figures, checked against a wire copy;
    one cross-document error, a warning, a note and a rule that crashed (no span)."""
    monkeypatch.chdir(tmp_path)
    draft_text = (
        "# Storm update\n\n"
        "In São Tomé, officials said the storm has killed at least 32 people since Monday.\n\n"
        "Rescuers said about 200 homes were damaged.\n"
    )
    wire_text = "Wire: the storm has killed nearly 30 people so far, police said.\n"
    write(tmp_path / "stories" / "storm.md", draft_text)
    write(tmp_path / "wires" / "storm.txt", wire_text)
    draft = Document(id="stories/storm.md", path="stories/storm.md", text=draft_text)
    wire = Document(id="wires/storm.txt", path="wires/storm.txt", text=wire_text, role="source")
    findings = [
        finding(
            "FC101",
            "numeric.conflict",
            "error",
            "The draft says at least 32 died; the source says nearly 30.",
            [span(draft, "at least 32 people"), span(wire, "nearly 30 people")],
        ),
        finding(
            "FC102",
            "numeric.tension",
            "warning",
            'Homes damaged: "about 200" may not match 100%, check: the figures, sources.',
            [span(draft, "about 200 homes")],
        ),
        finding(
            "FC301",
            "names.title",
            "info",
            "One person, two titles.",
            [span(draft, "officials"), span(draft, "Rescuers")],
        ),
        Finding(
            rule="FC000",
            name="internal.rule-error",
            severity="error",
            message="rule FC205 (dates.weekday) failed: KeyError: 'x'",
            spans=[],
            fingerprint="0123456789abcdef",
        ),
    ]
    return report_of([draft, wire], findings), [draft, wire]


CASES = ["seed_case", "multi_case"]


# -- SARIF --------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_sarif_is_valid_against_the_2_1_0_schema(case: str, request: pytest.FixtureRequest):
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    report, docs = request.getfixturevalue(case)
    log = json.loads(sarif.render(report, docs, specs={"FC101": SPEC}))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_locates_both_sides_of_a_cross_document_conflict(multi_case):
    report, docs = multi_case
    run = json.loads(sarif.render(report, docs, specs={"FC101": SPEC}))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    result = run["results"][0]
    assert (result["ruleId"], result["level"]) == ("FC101", "error")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "FC101"
    assert result["partialFingerprints"] == {"factcheck/v1": report.findings[0].fingerprint}

    where = result["locations"][0]["physicalLocation"]
    assert where["artifactLocation"] == {"uri": "stories/storm.md", "uriBaseId": "%SRCROOT%"}
    region = where["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 50)
    assert region["endColumn"] - region["startColumn"] == len("at least 32 people")
    text = docs[0].text
    assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == (
        "at least 32 people"
    )
    assert region["snippet"]["text"] == "at least 32 people"

    [other] = result["relatedLocations"]
    assert other["physicalLocation"]["artifactLocation"]["uri"] == "wires/storm.txt"
    assert other["physicalLocation"]["region"]["startLine"] == 1
    assert "nearly 30 people" in other["message"]["text"]
    assert f"]({other['id']})" in result["message"]["text"]  # an embedded link to it


def test_sarif_levels_rules_and_a_finding_without_a_span(multi_case):
    report, docs = multi_case
    run = json.loads(sarif.render(report, docs, specs={"FC101": SPEC}))["runs"][0]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note", "error"]
    rules = run["tool"]["driver"]["rules"]
    fc101 = rules[0]
    assert fc101["shortDescription"]["text"] == SPEC.summary
    assert fc101["fullDescription"]["text"] == SPEC.why
    assert "### Use instead" in fc101["help"]["markdown"]
    assert SPEC.use_instead in fc101["help"]["text"]
    assert fc101["defaultConfiguration"]["level"] == "error"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    crashed = run["results"][3]
    assert crashed["ruleId"] == "FC000" and "locations" not in crashed
    # Brackets in a message are literal text, not SARIF embedded links.
    assert "\\[" not in run["results"][1]["message"]["text"]


def test_sarif_escapes_brackets_in_messages(seed_case):
    report, docs = seed_case
    report.findings[0] = report.findings[0].model_copy(update={"message": "Intervals [32, ∞)."})
    text = json.loads(sarif.render(report, docs, specs={}))["runs"][0]["results"][0]["message"]
    assert text["text"].startswith("Intervals \\[32, ∞).")


# -- GitHub workflow commands ------------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<cmd>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_github(output: str) -> list[tuple[str, dict[str, str], str]]:
    commands = []
    for raw in output.splitlines():
        match = _COMMAND.match(raw)
        assert match, f"not a workflow command: {raw!r}"
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        commands.append(
            (match["cmd"], {k: _unescape(v) for k, v in props.items()}, _unescape(match["msg"]))
        )
    return commands


@pytest.mark.parametrize("case", CASES)
def test_github_commands_parse_back_to_the_findings(case: str, request: pytest.FixtureRequest):
    report, docs = request.getfixturevalue(case)
    commands = parse_github(github.render(report, docs))
    assert len(commands) == len(report.findings)
    for (cmd, props, message), f in zip(commands, report.findings, strict=True):
        assert cmd == {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
        assert props["title"] == f"{f.rule} {f.name}"
        assert message.splitlines()[0] == f.message
        if f.spans:
            first = f.spans[0]
            assert props["file"] == docs[0].path
            assert int(props["line"]) == first.line
            assert int(props["col"]) == first.column
            assert int(props["endColumn"]) == first.column + len(first.text) - 1
        else:
            assert "file" not in props


def test_github_message_escaping_round_trips(multi_case):
    report, docs = multi_case
    message = parse_github(github.render(report, docs))[1][2]
    assert message == report.findings[1].message  # "%", ":" and "," survive the trip
    conflict = parse_github(github.render(report, docs))[0][2]
    assert conflict.splitlines()[1] == "Other passage (wires/storm.txt:1:28): nearly 30 people"


def test_github_escapes_property_delimiters():
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert github.escape_data("50%, a:b\r\n") == "50%25, a:b%0D%0A"


# -- reviewdog rdjsonl --------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_rdjsonl_lines_have_reviewdogs_required_fields(case: str, request: pytest.FixtureRequest):
    report, docs = request.getfixturevalue(case)
    lines = rdjsonl.render(report, docs).splitlines()
    assert len(lines) == len(report.findings)
    for raw, f in zip(lines, report.findings, strict=True):
        diagnostic = json.loads(raw)
        assert diagnostic["message"] == f.message
        assert diagnostic["severity"] == f.severity.upper()
        assert diagnostic["code"]["value"] == f.rule
        assert diagnostic["source"]["name"] == "factcheck"
        if f.spans:
            start = diagnostic["location"]["range"]["start"]
            assert diagnostic["location"]["path"] and start["line"] == f.spans[0].line
            assert len(diagnostic.get("related_locations", [])) == len(f.spans) - 1


def test_rdjsonl_counts_columns_in_utf8_bytes(multi_case):
    report, docs = multi_case
    diagnostic = json.loads(rdjsonl.render(report, docs).splitlines()[0])
    line_text = docs[0].text.splitlines()[2]
    byte_start = len(line_text[: line_text.index("at least")].encode("utf-8")) + 1
    assert diagnostic["location"]["range"]["start"] == {"line": 3, "column": byte_start}
    assert diagnostic["location"]["range"]["end"]["column"] == byte_start + len(
        "at least 32 people"
    )
    # "São Tomé" has two 2-byte letters before the figure: bytes and codepoints differ by 2.
    assert byte_start == report.findings[0].spans[0].column + 2
    [related] = diagnostic["related_locations"]
    assert related["location"]["path"] == "wires/storm.txt"


# -- line -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_line_format_is_path_line_col_rule_message(case: str, request: pytest.FixtureRequest):
    report, docs = request.getfixturevalue(case)
    for raw, f in zip(line.render(report, docs).splitlines(), report.findings, strict=True):
        path, line_no, col, rule, message = raw.split(":", 4)
        assert (rule, message) == (f.rule, f.message)
        assert path == docs[0].path
        if f.spans:
            assert (int(line_no), int(col)) == (f.spans[0].line, f.spans[0].column)


# -- Markdown -----------------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    """Split a table row on pipes that are not backslash-escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]


@pytest.mark.parametrize("case", CASES)
def test_markdown_summary_counts_tabulates_and_quotes(case: str, request: pytest.FixtureRequest):
    report, docs = request.getfixturevalue(case)
    out = markdown.render(report, docs)
    errors = sum(f.severity == "error" for f in report.findings)
    assert out.startswith(f"## factcheck: {errors} error")
    rows = [r for r in out.splitlines() if r.startswith("| ") and not r.startswith("| #")]
    assert len(rows) == len(report.findings)
    assert all(len(_cells(r)) == 5 for r in rows)
    assert "**at least 32 people**" in out and "**nearly 30 people**" in out
    quotes = [r for r in out.splitlines() if r.startswith("> ")]
    assert len(quotes) == sum(len(f.spans) for f in report.findings)


def test_markdown_escapes_passages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    text = "- [link](http://x) <b>*bold*</b> | @editor said 30 died & more.\n"
    doc = Document(id="d.md", path="d.md", text=text)
    write(tmp_path / "d.md", text)
    f = finding("FC101", "numeric.conflict", "error", "A | B <i>", [span(doc, "30 died")])
    out = markdown.render(report_of([doc], [f]), [doc])
    quote = next(r for r in out.splitlines() if r.startswith("> "))
    assert quote == (
        r"> \- \[link\](http\://x) \<b\>\*bold\*\</b\> \| \@editor said **30 died** \& more."
    )
    assert "<i>" not in out and r"A \| B \<i\>" in out
    assert markdown.escape("1. Not a list") == r"1\. Not a list"


# -- HTML ---------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.data: list[str] = []
        self.marked: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        self._in_mark = tag == "mark"

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        self.data.append(data)
        if self._in_mark:
            self.marked.append(data)


def parse_html(out: str) -> _Collector:
    parser = _Collector()
    parser.feed(out)
    parser.close()
    return parser


@pytest.mark.parametrize("case", CASES)
def test_html_shows_each_conflict_as_highlighted_passages(case: str, request):
    report, docs = request.getfixturevalue(case)
    page = parse_html(html.render(report, docs))
    assert page.tags.count("article") == len(report.findings)
    assert page.tags.count("figure") == sum(len(f.spans) for f in report.findings)
    assert "at least 32 people" in page.marked and "nearly 30 people" in page.marked
    assert "script" not in page.tags and "link" not in page.tags  # standalone, no scripts
    assert "style" in page.tags


def test_html_escapes_every_piece_of_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    hostile = "<script>alert('x')</script> Tom & Jerry said 30 <b>died</b> & \"more\"."
    doc = Document(id="<img src=x onerror=y>.txt", text=hostile)
    f = finding(
        "FC101", "numeric.<s>", "error", "Bad <script>x</script> & worse", [span(doc, "30 <b>")]
    )
    f = f.model_copy(update={"explanation": {"<k>": "<v>", "claims": ["<a>", "&b"]}})
    out = html.render(report_of([doc], [f]), [doc])
    page = parse_html(out)
    assert set(page.tags) <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "ul", "li",
        "small", "main", "article", "h2", "span", "code", "div", "figure", "figcaption",
        "blockquote", "mark", "details", "summary", "dl", "dt", "dd", "footer",
        "nav", "ol", "a", "section", "h3",
    }  # fmt: skip
    assert not [a for a in page.attrs if a.startswith("on")]
    text = "".join(page.data)
    assert "<script>alert('x')</script>" in text and "Tom & Jerry" in text
    assert page.marked == ["30 <b>"]
    assert "Bad <script>x</script> & worse" in text
    assert "<img src=x onerror=y>.txt" in text
    assert "<script>" not in out and " & " not in out


# -- the real engine ----------------------------------------------------------------------


def _engine_case(name: str, tmp_path: Path) -> list[Document]:
    from factcheck.ingest import load_document

    if name == "seed":
        if not SEED.is_file():
            pytest.skip(f"seed article not found at {SEED}")
        shutil.copy(SEED, tmp_path / "article.txt")
        return [load_document("article.txt")]
    write(tmp_path / "stories" / "storm.md", "# Storm\n\nIn São Tomé, the storm has killed "
          "at least 32 people since Monday, officials said.\n")  # fmt: skip
    write(tmp_path / "wires" / "storm.txt", "The storm has killed nearly 30 people so far.\n")
    return [
        load_document("stories/storm.md"),
        load_document("wires/storm.txt", role="source"),
    ]


@pytest.mark.parametrize("name", ["seed", "draft-and-source"])
def test_every_format_renders_the_engines_own_report(name: str, tmp_path, monkeypatch):
    from factcheck import check

    monkeypatch.chdir(tmp_path)
    docs = _engine_case(name, tmp_path)
    report = check(docs)
    passages = [sorted(s.text for s in f.spans) for f in report.findings]
    assert ["at least 32", "nearly 30"] in passages
    paths = {d.path for d in docs}

    if SARIF_SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(schema).validate(json.loads(sarif.render(report, docs)))
    run = json.loads(sarif.render(report, docs))["runs"][0]
    assert {r["ruleId"] for r in run["results"]} <= {
        r["id"] for r in run["tool"]["driver"]["rules"]
    }

    commands = parse_github(github.render(report, docs))
    assert [props["file"] for _, props, _ in commands] == [
        docs_path(f, docs) for f in report.findings
    ]
    for raw in rdjsonl.render(report, docs).splitlines():
        diagnostic = json.loads(raw)
        assert diagnostic["location"]["path"] in paths
        assert {r["location"]["path"] for r in diagnostic["related_locations"]} <= paths
    assert len(line.render(report, docs).splitlines()) == len(report.findings)
    assert "**at least 32**" in markdown.render(report, docs)
    page = parse_html(html.render(report, docs))
    assert {"at least 32", "nearly 30"} <= set(page.marked)


def docs_path(finding: Finding, docs: list[Document]) -> str | None:
    return next(d.path for d in docs if d.id == finding.spans[0].document_id)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_cli_writes_every_format_to_a_file(fmt: str, cli, tmp_path, monkeypatch):
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "article.txt")
    run = cli("check", "article.txt", "--format", fmt, "--output", f"report.{fmt}")
    assert run.code == 1, run.err  # the seed's contradiction fails the check
    assert run.out == ""
    written = (tmp_path / f"report.{fmt}").read_text(encoding="utf-8")
    assert "at least 32" in written


def test_sarif_keeps_an_article_address_as_its_uri(multi_case):
    # A ledger article is known by its URL: the link must stay clickable, not become a
    # percent-escaped path under the working directory.
    report, docs = multi_case
    url = "https://news.example/2026/12/storm-toll"
    docs = [d.model_copy(update={"path": url}) if d.role == "source" else d for d in docs]
    run = json.loads(sarif.render(report, docs, specs={"FC101": SPEC}))["runs"][0]
    uris = [
        loc["physicalLocation"]["artifactLocation"]
        for result in run["results"]
        for loc in [*result.get("locations", []), *result.get("relatedLocations", [])]
    ]
    assert {"uri": url} in uris
    assert all(u.get("uriBaseId") == "%SRCROOT%" for u in uris if u != {"uri": url})
