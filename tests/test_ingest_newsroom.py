"""Newsroom formats (NITF, NewsML-G2, reStructuredText, AsciiDoc): the same story gives the
same findings as its Markdown version, each pointing at the figure in its own file; markup
yields no claims; hostile XML is refused in one line or read safely, and quickly."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import check
from factcheck.errors import InputError
from factcheck.ingest import (
    ARTICLE_SUFFIXES,
    FORMAT_NAMES,
    INPUT_FORMATS,
    asciidoc,
    load_document,
    newsml,
    nitf,
    rst,
)
from factcheck.ingest.base import decode_text
from factcheck.model import Document
from tests.conftest import Run, growth

NEWSROOM = Path(__file__).resolve().parent.parent / "fixtures" / "newsroom"
NEW_FORMATS = {"storm.nitf": "nitf", "storm.newsml": "newsml", "storm.rst": "rst",
               "storm.adoc": "asciidoc"}  # fmt: skip
PUBLISHED = datetime(2025, 10, 22, 9, 0, tzinfo=UTC)
HEADLINE = "Storm toll rises on the northern coast"
# Figures that stand only in code, comments, editors' notes, tables, titles of the XHTML head,
# link targets, slugs or an alternative rendition: none may reach the text.
HIDDEN = ("77", "88", "66", "55", "99", "44", "12", "STORM-COAST", "Example Wire", "desk")

Cli = Callable[..., Run]


def _lines(path: Path) -> list[str]:
    return decode_text(path.read_bytes(), str(path)).split("\n")


def _findings(path: Path) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    doc = load_document(str(path))
    report = check([doc])
    return [
        (f.rule, f.severity, [(s.text, *doc.locate(s.start)) for s in f.spans])
        for f in report.findings
    ]


@pytest.fixture(scope="module")
def markdown_findings() -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    return _findings(NEWSROOM / "storm.md")


# -- the same story in five formats -------------------------------------------------------------


@pytest.mark.parametrize("name", list(NEW_FORMATS))
def test_same_findings_as_markdown_at_the_figure_in_its_own_file(
    name: str, markdown_findings: list[tuple[str, str, list[tuple[str, int, int]]]]
) -> None:
    path = NEWSROOM / name
    found = _findings(path)
    assert [(rule, severity) for rule, severity, _ in found] == [
        (rule, severity) for rule, severity, _ in markdown_findings
    ]
    assert found and found[0][0] == "FC101"
    lines = _lines(path)
    for _, _, spans in found:
        for text, line, column in spans:
            assert lines[line - 1][column - 1 :].startswith(text), (name, text, line, column)


@pytest.mark.parametrize("name", list(NEW_FORMATS))
def test_headline_byline_dateline_and_date_are_read(name: str) -> None:
    doc = load_document(str(NEWSROOM / name))
    assert doc.format == NEW_FORMATS[name]
    assert doc.text.strip().split("\n")[0].strip() == HEADLINE
    assert "By Ana Lopes" in doc.text
    assert "PORT ELLEN, Oct. 22" in doc.text
    # NewsML-G2: this version's time wins over the first version's (21 October).
    assert doc.published_at == PUBLISHED


@pytest.mark.parametrize("name", [*NEW_FORMATS, "storm.md"])
def test_code_comments_and_tables_yield_no_claims(name: str) -> None:
    doc = load_document(str(NEWSROOM / name))
    for hidden in HIDDEN:
        assert hidden not in doc.text, (name, hidden)
    assert "at least 32" in doc.text and "nearly 30" in doc.text


def test_new_extensions_are_searched_in_source_folders(cli: Cli, tmp_path: Path) -> None:
    assert {".nitf", ".newsml", ".xml", ".rst", ".adoc", ".asciidoc"} <= set(ARTICLE_SUFFIXES)
    wires = tmp_path / "wires"
    wires.mkdir()
    (wires / "wire.nitf").write_bytes((NEWSROOM / "storm.nitf").read_bytes())
    draft = tmp_path / "draft.txt"
    draft.write_text("The storm has killed at least 32 people.\n", encoding="utf-8")
    run = cli("check", draft, "--sources", wires, "--format", "json", "--unsure")
    assert run.code in (0, 1) and "wire.nitf" in run.out


def test_formats_can_be_named_whatever_the_extension(tmp_path: Path) -> None:
    assert all(name in FORMAT_NAMES for name in INPUT_FORMATS)
    for name, fmt in NEW_FORMATS.items():
        path = _write(tmp_path, name + ".dat", (NEWSROOM / name).read_bytes())
        named = "xml" if fmt in ("nitf", "newsml") else fmt
        doc = load_document(str(path), input_format=named)
        assert doc.format == fmt and "nearly 30 people" in doc.text


RST_WORDS = [
    ("See :ref:`the 3 reports <r>` and :code:`n = 4`.", "See the 3 reports and ."),
    ("A `link 5 <https://x.test/6>`__ and word_ and [1]_ too.", "A link 5 and word and too."),
    ("Killed in\n2025. Then\n\n1. First item\n2. Second", "Killed in 2025. Then First item Second"),
]
ASCIIDOC_WORDS = [
    ('He said "`we lost 30 people`" and `x = 5`.', 'He said " we lost 30 people " and .'),
    (
        "See <<t,the 3 tables>>, <<u>> and mailto:a@b.test[the desk].",
        "See the 3 tables , and the desk .",
    ),
    ("Killed in\n2025. Then\n\n. First item\n. Second", "Killed in 2025. Then First item Second"),
]


@pytest.mark.parametrize(
    ("load", "source", "words"),
    [(rst.to_prose, *case) for case in RST_WORDS]
    + [(asciidoc.to_prose, *case) for case in ASCIIDOC_WORDS],
)
def test_visible_words_stay_and_markup_goes(
    load: Callable[[str], tuple[str, object]], source: str, words: str
) -> None:
    text = load(source)[0]
    assert len(text) == len(source)
    assert text.split() == words.split()


# -- XML specifics ------------------------------------------------------------------------------

NITF = """<?xml version="1.0"?>
<nitf><head><docdata>{dates}</docdata></head>
<body><body.head><hedline><hl1>Floods &amp; fires</hl1></hedline></body.head>
<body.content><p>Nicol&#225;s said 12&#160;people died.</p></body.content></body></nitf>
"""


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def test_nitf_release_time_wins_and_compact_dates_are_read(tmp_path: Path) -> None:
    both = '<date.issue norm="20251021T2300-0500"/><date.release norm="20251022T061500Z"/>'
    doc = load_document(str(_write(tmp_path, "a.nitf", NITF.format(dates=both))))
    assert doc.published_at == datetime(2025, 10, 22, 6, 15, tzinfo=UTC)
    issue = '<date.issue norm="20251021"/>'
    doc = load_document(str(_write(tmp_path, "b.nitf", NITF.format(dates=issue))))
    assert doc.published_at is not None and doc.published_at.isoformat() == "2025-10-21"


def test_xml_references_are_decoded_and_anchored_at_their_ampersand(tmp_path: Path) -> None:
    source = NITF.format(dates="")
    doc = load_document(str(_write(tmp_path, "a.nitf", source)))
    assert doc.text == "Floods & fires\n\nNicolás said 12 people died."
    lines = source.split("\n")
    for phrase, expected in (("& fires", "&amp;"), ("said 12", "said 12"), ("people", "people")):
        line, column = doc.locate(doc.text.index(phrase))
        assert lines[line - 1][column - 1 :].startswith(expected), phrase


def test_declared_latin1_and_entities_of_an_unread_dtd(tmp_path: Path) -> None:
    source = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE nitf SYSTEM "nitf-3-2.dtd">\n'
        "<nitf><body><body.content><p>Caf\xe9 owners &mdash; 40 of them &bogus; agree.</p>"
        "</body.content></body></nitf>\n"
    )
    doc = load_document(str(_write(tmp_path, "old.xml", source.encode("latin-1"))))
    assert doc.format == "nitf"
    assert doc.text == "Café owners — 40 of them agree."
    assert doc.locate(doc.text.index("40")) == (3, source.split("\n")[2].index("40") + 1)


NEWSML = """<?xml version="1.0"?>
<{root} xmlns="http://iptc.org/std/nar/2006-10-01/">{inner}</{root}>
"""
ITEM = """<newsItem><itemMeta>{meta}</itemMeta><contentMeta><headline>Dam holds</headline>
</contentMeta><contentSet>{content}</contentSet></newsItem>"""


def _newsml(meta: str = "", content: str = "", root: str = "newsItem", items: int = 1) -> str:
    item = ITEM.format(meta=meta, content=content)
    if root == "newsItem":
        inner = item[len("<newsItem>") : -len("</newsItem>")]
    else:
        inner = "<itemSet>" + item * items + "</itemSet>"
    return NEWSML.format(root=root, inner=inner)


def test_newsml_embargo_then_version_then_first_creation(tmp_path: Path) -> None:
    first = "<firstCreated>2025-10-20T08:00:00Z</firstCreated>"
    version = "<versionCreated>2025-10-21T08:00:00Z</versionCreated>"
    embargo = "<embargoed>2025-10-22T08:00:00Z</embargoed>"
    body = "<inlineData>Water rose 3 metres.</inlineData>"
    for meta, day in ((first, 20), (version + first, 21), (version + first + embargo, 22)):
        path = _write(tmp_path, f"{day}.newsml", _newsml(meta, body))
        published = load_document(str(path)).published_at
        assert published == datetime(2025, 10, day, 8, tzinfo=UTC)


def test_newsml_reads_one_rendition_and_a_message_of_one_item(tmp_path: Path) -> None:
    two = '<inlineData>Water rose 3 metres.</inlineData><inlineXML><p xmlns="x">4 m</p></inlineXML>'
    doc = load_document(str(_write(tmp_path, "a.xml", _newsml(content=two))))
    assert (doc.format, doc.text) == ("newsml", "Dam holds\n\nWater rose 3 metres.")
    message = _newsml(content=two, root="newsMessage")
    assert load_document(str(_write(tmp_path, "m.xml", message))).text.endswith("3 metres.")
    many = _write(tmp_path, "many.newsml", _newsml(content=two, root="newsMessage", items=2))
    with pytest.raises(InputError, match="more than one <newsItem>"):
        load_document(str(many))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("rss.xml", "<rss><channel/></rss>", "root element <rss> is neither NITF"),
        ("item.xml", "<newsItem><x/></newsItem>", "root element <newsItem> is neither"),
        ("wrong.nitf", _newsml(content="<inlineData>x</inlineData>"), "not <nitf>"),
        ("broken.nitf", "<nitf>\n<body>\n<p>12 dead</body></nitf>", "mismatched tag (line 3,"),
        ("empty.xml", "<?xml version='1.0'?>\n", "no element found (line 2"),
        ("nothing.nitf", "<nitf><head/></nitf>", "no story text"),
        ("ebcdic.xml", "<?xml version='1.0' encoding='EBCDIC'?><nitf/>", "save it as UTF-8"),
    ],
)
def test_wrong_or_broken_xml_is_one_line_naming_the_file(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(InputError) as err:
        load_document(str(path))
    message = str(err.value)
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message


# -- hostile XML --------------------------------------------------------------------------------

SECRET = "TOP-SECRET-4711"
BODY = "<body><body.content><p>The storm killed 12 people. {ref}</p></body.content></body>"


def _laughs() -> str:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    return f"<!DOCTYPE nitf [{entities}]><nitf>{BODY.format(ref='&l9;')}</nitf>"


def _hostile(tmp_path: Path) -> dict[str, tuple[str, str | None]]:
    """name → (file content, expected error; None when it must be read safely)."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    evil_dtd = tmp_path / "evil.dtd"
    evil_dtd.write_text(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    blowup = "x" * 50_000
    return {
        "billion laughs": (_laughs(), "declares its own DTD entities"),
        "quadratic blowup": (
            f'<!DOCTYPE nitf [<!ENTITY a "{blowup}">]><nitf>'
            + BODY.format(ref="&a;" * 50_000)
            + "</nitf>",
            "declares its own DTD entities",
        ),
        "external entity": (
            f'<!DOCTYPE nitf [<!ENTITY leak SYSTEM "{secret.as_uri()}">]><nitf>'
            + BODY.format(ref="&leak;")
            + "</nitf>",
            "declares its own DTD entities",
        ),
        "parameter entity": (
            f'<!DOCTYPE nitf [<!ENTITY % p SYSTEM "{evil_dtd.as_uri()}"> %p;]><nitf>'
            + BODY.format(ref="&leak;")
            + "</nitf>",
            "declares its own DTD entities",
        ),
        "external DTD": (
            f'<!DOCTYPE nitf SYSTEM "{evil_dtd.as_uri()}"><nitf>'
            + BODY.format(ref="&leak;")
            + "</nitf>",
            None,
        ),
        "network DTD": (
            '<!DOCTYPE nitf SYSTEM "http://192.0.2.1/nitf.dtd"><nitf>'
            + BODY.format(ref="")
            + "</nitf>",
            None,
        ),
        "deep nesting": ("<nitf>" + "<a>" * 200_000 + "</a>" * 200_000 + "</nitf>", "nested"),
        "huge attribute": (
            f'<nitf><head id="{"x" * 5_000_000}"/>{BODY.format(ref="")}</nitf>',
            None,
        ),
        "unclosed": (
            "<nitf><body><body.content><p>" + "12 people, " * 20_000,
            "not well-formed XML: no element found",
        ),
    }


@pytest.mark.parametrize(
    "name",
    ["billion laughs", "quadratic blowup", "external entity", "parameter entity",
     "external DTD", "network DTD", "deep nesting", "huge attribute", "unclosed"],
)  # fmt: skip
def test_hostile_xml_is_refused_in_one_line_or_read_safely(
    tmp_path: Path, cli: Cli, name: str
) -> None:
    content, expected = _hostile(tmp_path)[name]
    path = _write(tmp_path, "hostile.xml", content)
    start = time.perf_counter()
    try:
        doc = load_document(str(path))
    except InputError as err:
        message = str(err)
        assert expected is not None and expected in message, message
        assert message.startswith(f"{path}: ") and "\n" not in message
    else:
        assert expected is None, f"read, though it should say {expected!r}"
        assert SECRET not in doc.text and "killed 12 people" in doc.text
    assert time.perf_counter() - start < 2.0
    run = cli("check", path)
    assert SECRET not in run.out + run.err and "Traceback" not in run.out + run.err
    assert run.code in (0, 1) if expected is None else (run.code == 2 and run.err.count("\n") == 1)


# -- linear time --------------------------------------------------------------------------------

MAX_DOUBLING = 3.0  # time(2n) / time(n): linear is 2, quadratic 4


def _quietly(reader: Callable[[bytes, str], object]) -> Callable[[str], object]:
    def read(text: str) -> object:
        try:
            return reader(text.encode("utf-8"), "bomb")
        except InputError:
            return None

    return read


BOMBS: dict[str, tuple[Callable[[bytes, str], object], Callable[[int], str], int]] = {
    "rst literal markers": (rst.load, lambda n: "::\n" * (n // 3), 30_000),
    "rst indented literal markers": (rst.load, lambda n: "a::\n\n  " * (n // 7), 30_000),
    "rst unclosed inline literals": (rst.load, lambda n: "``a " * (n // 4), 30_000),
    "rst unclosed roles": (rst.load, lambda n: ":ref:`a <b " * (n // 11), 30_000),
    "rst comment openers": (rst.load, lambda n: ".. " * (n // 3), 30_000),
    "rst grid table without end": (rst.load, lambda n: "+--+\n" + "| a\n" * (n // 4), 30_000),
    "rst simple table without end": (rst.load, lambda n: "== ==\n" + "a b\n" * (n // 4), 30_000),
    "rst substitutions": (rst.load, lambda n: "|a " * (n // 3), 30_000),
    "rst emphasis": (rst.load, lambda n: "*a " * (n // 3), 30_000),
    "adoc unclosed listing": (asciidoc.load, lambda n: "----\n" + "a\n" * (n // 2), 30_000),
    "adoc delimiters": (asciidoc.load, lambda n: "====\n" * (n // 5), 30_000),
    "adoc unclosed table": (asciidoc.load, lambda n: "|===\n" + "| a\n" * (n // 4), 30_000),
    "adoc macros without ]": (asciidoc.load, lambda n: "link:a[" * (n // 7), 30_000),
    "adoc urls without ]": (asciidoc.load, lambda n: "https://a[" * (n // 10), 30_000),
    "adoc cross references": (asciidoc.load, lambda n: "<<a,b " * (n // 6), 30_000),
    "adoc monospace": (asciidoc.load, lambda n: "`a " * (n // 3), 30_000),
    "adoc comment lines": (asciidoc.load, lambda n: "// a\n" * (n // 5), 30_000),
    "nitf references": (
        nitf.load,
        lambda n: (
            "<nitf><body><body.content><p>" + "&amp;" * (n // 5) + "</p></body.content>"
            "</body></nitf>"
        ),
        30_000,
    ),
    "newsml paragraphs": (
        newsml.load,
        lambda n: _newsml(content="<inlineXML>" + "<p>a b</p>\n" * (n // 11) + "</inlineXML>"),
        30_000,
    ),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_readers_are_linear(name: str) -> None:
    reader, make, n = BOMBS[name]
    assert growth(_quietly(reader), make(n), make(2 * n), MAX_DOUBLING) <= MAX_DOUBLING


# -- properties: every character of the text is the file's --------------------------------------

LIGHT_MARKUP = st.sampled_from(
    ["::", "\n", " ", "  ", "`", "``", "*", "**", "_", "|", ":ref:", "<", ">", "..", ".. ",
     "=====", "-----", "+--+", "[", "]", "link:", "https://x", "<<", ">>", ",", "//", "////",
     "----", "|===", "[source]", "= ", "== ", "NOTE: ", "&amp;", "&#233;", "{a}", "#", "a",
     "12", "é", "\t", ":date: 2025-01-02", "\r\n", "1. ", "- "]
)  # fmt: skip


def _light_text() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(LIGHT_MARKUP, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_light_text(), st.sampled_from([rst.load, asciidoc.load]))
def test_rst_and_asciidoc_keep_every_character_in_place(
    source: str, load: Callable[[bytes, str], object]
) -> None:
    try:
        extracted = load(source.encode(), "p")
    except InputError as err:
        assert "\n" not in str(err)
        return
    original = decode_text(source.encode(), "p")
    text = extracted.text  # type: ignore[attr-defined]
    assert len(text) == len(original)
    for offset, char in enumerate(text):
        if not char.isspace():
            # Blanked markup is a space; a decoded reference stands at its '&'.
            assert original[offset] == char or original[offset] == "&", (offset, char)
        elif char == "\n":
            assert original[offset] == "\n"


XML_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="<>&\r\ufffe\uffff"
    ),
    max_size=12,
)
XML_PIECES = st.one_of(
    XML_TEXT,
    st.sampled_from(["&amp;", "&lt;", "&#233;", "&#x1F600;", "&#160;", "\n", "  ", "\t",
                     "<em>a</em>", "<br/>", "<![CDATA[x <y> & 12]]>", "<!-- 99 -->",
                     "<person>Ana</person>", "</p>\n<p>"]),
)  # fmt: skip


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(XML_PIECES, min_size=1, max_size=30).map("".join), st.booleans())
def test_xml_text_maps_back_to_the_characters_of_the_file(body: str, is_nitf: bool) -> None:
    if is_nitf:
        source = f"<nitf>\n<body><body.content><p>{body}</p></body.content></body></nitf>"
        load = nitf.load
    else:
        source = _newsml(content=f"<inlineXML><p>{body}</p></inlineXML>")
        load = newsml.load
    try:
        extracted = load(source.encode(), "p.xml")
    except InputError as err:
        assert is_nitf and "no story text" in str(err)  # a body of blanks and comments
        return
    lines = source.split("\n")
    doc = Document(id="p.xml", text=extracted.text, source_map=extracted.source_map)
    for offset, char in enumerate(doc.text):
        if char.isspace():
            continue
        line, column = doc.locate(offset)
        found = lines[line - 1][column - 1]
        assert found == char or found == "&", (offset, char, line, column)
