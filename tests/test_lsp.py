"""``factcheck lsp`` driven by a real LSP client (pytest-lsp), the server a subprocess on stdio.

Each test gets a fresh project folder: a ``factcheck.toml`` that pairs ``stories/*.md`` with
``wires/{stem}.txt``, a draft that says "at least 18" and a wire that says 12.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any, Union

import pytest

pytest.importorskip("pytest_lsp", reason="needs the dev extra (pytest-lsp)")

import pytest_lsp
from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from factcheck.cli import main
from factcheck.suppress import load_baseline

SERVER = [sys.executable, "-m", "factcheck.cli", "lsp"]
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
REGISTERED: list[lsp.Registration] = []  # what the server asked the client to watch
PUBLISHED: list[lsp.PublishDiagnosticsParams] = []  # every publish, in the order received
WAIT = 15.0  # seconds; a check takes milliseconds, the first one loads the rules and model

CONFIG = """\
unsure = true

[[sources]]
drafts = "stories/*.md"
sources = ["wires/{stem}.txt"]
"""
DRAFT = """\
# Storm toll rises

Since Sunday, Storm Maren has killed at least 18 people along the northern coast, the civil
protection agency said on Wednesday. Rescue teams are still searching flooded villages.
"""
WIRE = (
    "Storm Maren has killed 12 people along the northern coast since Sunday, the civil "
    "protection agency said on Wednesday.\n"
)
# Filler for a long draft: the fixture articles' paragraphs.
FIXTURE_PARAGRAPHS = [
    p.strip()
    for path in sorted(FIXTURES.glob("*.txt"))
    for p in path.read_text(encoding="utf-8").split("\n\n")
    if p.strip()
]
INSIDE = (
    "The storm has killed at least 32 people since Monday.\n\n"
    "Officials met on Tuesday to plan the clean-up.\n\n"
    "The storm has killed nearly 30 people so far.\n"
)


def _client() -> LanguageClient:
    """pytest-lsp's client, keeping every publish as well as the latest per URI, and reading
    code actions as editors do. lsprotocol (2025.0.0) takes any item with a ``command`` key
    for a Command, so a CodeAction that runs a command (our "add to baseline") came back as a
    Command; editors tell them apart by the key's type."""
    client = LanguageClient(converter_factory=default_converter)
    keep_latest = DEFAULT_CLIENT_FEATURES[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(ls: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        PUBLISHED.append(params)
        keep_latest(ls, params)

    register_lsp_features(
        client, {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish}
    )
    converter = client.protocol._converter

    def action_or_command(obj: Any, _: type) -> lsp.Command | lsp.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, lsp.Command)
        return converter.structure(obj, lsp.CodeAction)

    converter.register_structure_hook(Union[lsp.Command, lsp.CodeAction], action_or_command)  # noqa: UP007

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        REGISTERED.extend(params.registrations)

    return client


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "factcheck.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "stories").mkdir()
    (tmp_path / "wires").mkdir()
    (tmp_path / "stories" / "storm.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "wires" / "storm.txt").write_text(WIRE, encoding="utf-8")
    return tmp_path


# One server for the module: starting one costs seconds (imports, the first check's model
# load); every test works in a project folder of its own, so their URIs never meet.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=_client), scope="module"
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    params = lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        initialization_options={"debounce": 100},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


# -- helpers ------------------------------------------------------------------------------------


async def published(client: LanguageClient, uri: str) -> Sequence[lsp.Diagnostic]:
    """The next diagnostics published for ``uri`` (each is read once: taken from the
    client's store, so the following call waits for a newer one)."""
    async with asyncio.timeout(WAIT):
        while uri not in client.diagnostics:
            await asyncio.sleep(0.01)
    return list(client.diagnostics.pop(uri))


async def published_for(client: LanguageClient, uri: str, version: int) -> list[lsp.Diagnostic]:
    """The diagnostics published for ``version`` of ``uri``, once they come."""
    async with asyncio.timeout(WAIT):
        while True:
            for p in PUBLISHED:
                if p.uri == uri and p.version == version:
                    return list(p.diagnostics)
            await asyncio.sleep(0.01)


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "markdown") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def utf16_offset(text: str, position: lsp.Position) -> int:
    """The codepoint offset of an LSP (UTF-16) position."""
    lines = text.split("\n")
    line = lines[position.line]
    units = 0
    column = 0
    while units < position.character:
        units += 2 if ord(line[column]) > 0xFFFF else 1
        column += 1
    return sum(len(x) + 1 for x in lines[: position.line]) + column


def apply(text: str, edit: lsp.TextEdit) -> str:
    start = utf16_offset(text, edit.range.start)
    end = utf16_offset(text, edit.range.end)
    return text[:start] + edit.new_text + text[end:]


def one_edit(action: lsp.CodeAction, uri: str) -> lsp.TextEdit:
    assert action.edit is not None and action.edit.changes is not None
    [edit] = action.edit.changes[uri]
    return edit


def rng(line: int, start: int, end: int) -> lsp.Range:
    return lsp.Range(
        start=lsp.Position(line=line, character=start), end=lsp.Position(line=line, character=end)
    )


# -- diagnostics --------------------------------------------------------------------------------


async def test_a_draft_against_its_configured_source(client: LanguageClient, project: Path) -> None:
    draft = project / "stories" / "storm.md"
    uri = open_doc(client, draft, DRAFT)
    [diagnostic] = await published(client, uri)

    assert diagnostic.code == "FC101"
    assert diagnostic.source == "factcheck"
    assert diagnostic.severity in (lsp.DiagnosticSeverity.Error, lsp.DiagnosticSeverity.Warning)
    assert diagnostic.range == rng(2, 37, 48)  # 'at least 18' on the draft's third line
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href.endswith("docs/rules.md#fc101")
    assert "'at least 18' and '12'" in diagnostic.message
    [related] = diagnostic.related_information or []
    assert related.location.uri == (project / "wires" / "storm.txt").as_uri()
    assert related.location.range == rng(0, 23, 25)  # '12' in the wire
    assert "12" in related.message


async def test_a_change_is_checked_once_typing_pauses(
    client: LanguageClient, project: Path
) -> None:
    uri = open_doc(client, project / "stories" / "storm.md", DRAFT)
    assert len(await published(client, uri)) == 1

    # Two changes in quick succession: what is left shown is the latest text's. (The first is
    # checked at once after a pause and may be shown until the second's check ends.)
    change(client, uri, 2, DRAFT.replace("at least 18", "at least 15"))
    change(client, uri, 3, DRAFT.replace("at least 18", "12"))
    assert await published_for(client, uri, 3) == []

    inside = project / "stories" / "inside.md"  # no wire for this one: the draft alone
    other = open_doc(client, inside, "The storm has killed 3 people.\n")
    assert await published(client, other) == []
    change(client, other, 2, INSIDE)
    [diagnostic] = await published(client, other)
    assert diagnostic.code == "FC101"
    assert diagnostic.range == rng(0, 21, 32)  # 'at least 32'
    [related] = diagnostic.related_information or []
    assert related.location.uri == other
    assert related.location.range == rng(4, 21, 30)  # 'nearly 30'


async def test_a_burst_of_changes_shows_the_final_text(
    client: LanguageClient, project: Path
) -> None:
    # A draft long enough that its check takes a while, so that the keystrokes after the
    # first land while that check runs. What is asserted holds whatever the timing.
    draft = DRAFT + "\n".join(FIXTURE_PARAGRAPHS[:40]) + "\n"
    uri = open_doc(client, project / "stories" / "storm.md", draft)
    await published(client, uri)
    await asyncio.sleep(0.2)  # a pause longer than the debounce: the next change starts a check
    start = len(PUBLISHED)
    figures = {version: 17 + version for version in range(2, 8)}  # at least 19, 20, ..., 24
    for version, figure in figures.items():
        change(client, uri, version, draft.replace("at least 18", f"at least {figure}"))
        await asyncio.sleep(0.01)

    # A hover waits for the check of the buffer as it is now, and reads the last figure.
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=2, character=46),
        )
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert hover.contents.value.startswith("at least 24:")

    # Each publish (the last one came before the hover's answer) is of the version it
    # names, versions only go up, and the last is the final text's.
    mine = [p for p in PUBLISHED[start:] if p.uri == uri]
    versions = [p.version for p in mine]
    assert versions == sorted(set(versions))
    assert versions[-1] == 7
    for p in mine:
        assert p.version is not None
        at_figure = [d.message for d in p.diagnostics if d.range == rng(2, 37, 48)]
        shown = {f for f in figures.values() for m in at_figure if f"at least {f}" in m}
        assert shown == {figures[p.version]}


async def test_save_checks_again(client: LanguageClient, project: Path) -> None:
    draft = project / "stories" / "storm.md"
    uri = open_doc(client, draft, DRAFT)
    assert len(await published(client, uri)) == 1
    # The wire is corrected on disk; saving the draft checks it against the new wire.
    (project / "wires" / "storm.txt").write_text(WIRE.replace("12", "18"), encoding="utf-8")
    client.text_document_did_save(
        lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    assert await published(client, uri) == []


async def test_an_open_source_buffer_counts_and_rechecks_its_drafts(
    client: LanguageClient, project: Path
) -> None:
    uri = open_doc(client, project / "stories" / "storm.md", DRAFT)
    assert len(await published(client, uri)) == 1
    wire = open_doc(client, project / "wires" / "storm.txt", WIRE, "plaintext")
    assert await published(client, wire) == []  # the wire alone has no conflict
    # The wire is corrected in the editor, not on disk: the draft is checked against that.
    change(client, wire, 2, WIRE.replace("12", "18"))
    assert await published(client, uri) == []


async def test_html_and_plain_text_drafts(client: LanguageClient, project: Path) -> None:
    page = "<html><body><article>\n" + "".join(
        f"  <p>{para}</p>\n" for para in INSIDE.split("\n\n")
    )
    page = page.replace("\n</p>", "</p>") + "</article></body></html>\n"
    uri = open_doc(client, project / "page.html", page, "html")
    [diagnostic] = await published(client, uri)
    assert diagnostic.code == "FC101"
    assert diagnostic.range == rng(1, 26, 37)  # after '  <p>' on the second line
    [related] = diagnostic.related_information or []
    assert related.location.range == rng(3, 26, 35)

    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=lsp.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    ignore = next(a for a in actions or [] if isinstance(a, lsp.CodeAction) and "Ignore" in a.title)
    edit = one_edit(ignore, uri)
    assert edit.new_text == "  <!-- factcheck: ignore FC101 -->\n"  # indented like the line
    change(client, uri, 2, apply(page, edit))
    assert await published(client, uri) == []

    text_uri = open_doc(client, project / "notes.txt", INSIDE, "plaintext")
    [diagnostic] = await published(client, text_uri)
    assert diagnostic.range == rng(0, 21, 32)


# -- code actions -------------------------------------------------------------------------------


async def actions_for(
    client: LanguageClient, uri: str, diagnostic: lsp.Diagnostic
) -> dict[str, lsp.CodeAction]:
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=lsp.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    actions = [a for a in found or [] if isinstance(a, lsp.CodeAction)]
    return {a.title.split(" ")[0]: a for a in actions}


async def test_use_the_sources_figure(client: LanguageClient, project: Path) -> None:
    uri = open_doc(client, project / "stories" / "storm.md", DRAFT)
    [diagnostic] = await published(client, uri)
    actions = await actions_for(client, uri, diagnostic)
    assert set(actions) == {"Use", "Ignore", "Add"}
    use = actions["Use"]
    assert use.kind == lsp.CodeActionKind.QuickFix
    assert "'12'" in use.title
    edit = one_edit(use, uri)
    assert edit.range == diagnostic.range
    assert edit.new_text == "12"
    fixed = apply(DRAFT, edit)
    assert "has killed 12 people" in fixed
    change(client, uri, 2, fixed)
    assert await published(client, uri) == []


async def test_ignore_this_finding_here(client: LanguageClient, project: Path) -> None:
    uri = open_doc(client, project / "stories" / "storm.md", DRAFT)
    [diagnostic] = await published(client, uri)
    edit = one_edit((await actions_for(client, uri, diagnostic))["Ignore"], uri)
    # On its own line above the paragraph (the heading's blank line ends the search).
    assert edit.range == rng(2, 0, 0)
    assert edit.new_text == "<!-- factcheck: ignore FC101 -->\n"
    change(client, uri, 2, apply(DRAFT, edit))
    assert await published(client, uri) == []


async def test_add_to_baseline(
    client: LanguageClient, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = open_doc(client, project / "stories" / "storm.md", DRAFT)
    [diagnostic] = await published(client, uri)
    command = (await actions_for(client, uri, diagnostic))["Add"].command
    assert command is not None and command.command == "factcheck.addToBaseline"

    done = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )
    assert done is True
    assert await published(client, uri) == []  # acknowledged: no longer shown

    baseline = project / "factcheck-baseline.json"
    entry = json.loads(baseline.read_text(encoding="utf-8"))["findings"][0]
    assert entry["rule"] == "FC101"
    assert entry["where"] == "stories/storm.md:3:38"
    assert entry["fingerprint"] == (diagnostic.data or {})["fingerprint"]
    # The file the CLI reads: the same fingerprint hides the same finding there.
    assert len(load_baseline(baseline)) == 1
    monkeypatch.chdir(project)
    assert main(["check", "stories/storm.md", "--baseline", str(baseline)]) == 0
    assert main(["check", "stories/storm.md"]) == 1


# -- hover --------------------------------------------------------------------------------------


async def test_hover_reads_a_figure(client: LanguageClient, project: Path) -> None:
    uri = open_doc(client, project / "stories" / "storm.md", DRAFT)
    await published(client, uri)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=2, character=46),  # on the 18 of 'at least 18'
        )
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    first = hover.contents.value.splitlines()[0]
    assert first == "at least 18: 18 or more people, deaths, since Sunday"
    assert hover.range == rng(2, 37, 48)

    nothing = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=2, character=3),  # 'Since'
        )
    )
    assert nothing is None


# -- what goes wrong ----------------------------------------------------------------------------


async def test_a_broken_config_is_shown_not_fatal(client: LanguageClient, project: Path) -> None:
    (project / "factcheck.toml").write_text("min-severty = 'info'\n" + CONFIG, encoding="utf-8")
    uri = open_doc(client, project / "stories" / "storm.md", DRAFT)
    assert await published(client, uri) == []
    [message] = [m for m in client.messages if str(project) in m.message]
    assert message.type == lsp.MessageType.Error
    assert "factcheck.toml:1: unknown key 'min-severty'" in message.message
    assert "did you mean 'min-severity'?" in message.message

    # Fixed on disk: the client reports the file (the server asked it to watch config
    # files), the draft is checked again, and the server is still there.
    [watching] = [r for r in REGISTERED if r.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert isinstance(watching.register_options, dict)
    patterns = [w["globPattern"] for w in watching.register_options["watchers"]]
    assert "**/factcheck.toml" in patterns
    (project / "factcheck.toml").write_text(CONFIG, encoding="utf-8")
    config = (project / "factcheck.toml").as_uri()
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=config, type=lsp.FileChangeType.Changed)]
        )
    )
    assert len(await published(client, uri)) == 1


async def test_columns_count_utf16_units(client: LanguageClient, project: Path) -> None:
    # Each 🌀 is one codepoint but two UTF-16 units (outside the Basic Multilingual Plane).
    draft = DRAFT.replace("Since Sunday,", "🌀🌀 Since Sunday,")
    (project / "wires" / "storm.txt").write_text("𝐒 " + WIRE, encoding="utf-8")
    uri = open_doc(client, project / "stories" / "storm.md", draft)
    [diagnostic] = await published(client, uri)
    assert diagnostic.range == rng(2, 37 + 5, 48 + 5)  # two emoji (4 units) and a space
    assert apply(draft, lsp.TextEdit(range=diagnostic.range, new_text="")) == draft.replace(
        "at least 18", ""
    )
    [related] = diagnostic.related_information or []
    assert related.location.range == rng(0, 23 + 3, 25 + 3)  # 𝐒 (2 units) and a space

    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=2, character=37 + 5),
        )
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert hover.contents.value.startswith("at least 18:")
