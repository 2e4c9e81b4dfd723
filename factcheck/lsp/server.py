"""``factcheck lsp``: the language server, over stdio.

Each open Markdown, plain-text or HTML buffer is checked on open and save, and on change as
``schedule.Scheduler`` decides: the first change after a quiet spell at once, changes that
follow it within ``DEBOUNCE`` once typing pauses, and changes made while the buffer's check
runs right after it. Checks run one at a time on a worker thread so that hover and code
actions stay answered meanwhile; each reads the open buffers when it starts, and its result
is published only when the buffer is still at the version it read; one that the buffer
changes under stops at its next checkpoint (``factcheck.cancel``) rather than run to the end.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from factcheck.cancel import Cancelled, cancellable
from factcheck.errors import ConfigError, FactcheckError
from factcheck.lsp.actions import ADD_TO_BASELINE, code_actions
from factcheck.lsp.analysis import Checked, check_buffer, position
from factcheck.lsp.baseline import add_to_baseline
from factcheck.lsp.diagnostics import primary_span, span_range, to_diagnostics
from factcheck.lsp.documents import format_for
from factcheck.lsp.hover import hover_markdown
from factcheck.lsp.positions import Encoding, Lines, Point, encoding_of
from factcheck.lsp.project import load_project
from factcheck.lsp.schedule import Scheduler
from factcheck.version import VERSION

DEBOUNCE = 0.15  # seconds of quiet after a change before the buffer is checked, when idle
# Files whose change on disk changes findings: the config, the baseline and the sources.
WATCHED = ("**/factcheck.toml", "**/pyproject.toml", "**/*.{json,txt,md,markdown,html,htm,docx}")
PROJECT_FILES = ("factcheck.toml", "pyproject.toml")

log = logging.getLogger(__name__)


class FactcheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "factcheck", VERSION, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental
        )
        self.debounce = DEBOUNCE
        self.baseline: str | None = None  # initializationOptions.baseline
        self.results: dict[str, Checked] = {}  # each buffer's latest check
        self.scheduler = Scheduler(self._check_and_publish)
        self._shown: dict[str, str] = {}  # the error last shown for a buffer, not to repeat
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factcheck-check")
        # Held from a check's snapshot to its end, so that a check queued behind another
        # buffer's reads its buffer when it starts, not while it waits.
        self._worker_free = asyncio.Lock()

    @property
    def encoding(self) -> Encoding:
        return encoding_of(self.workspace.position_encoding)

    # -- checking ---------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds of quiet, or sooner (see schedule.py)."""
        self.scheduler.request(uri, delay)

    async def _check_and_publish(self, uri: str, reading: Callable[[], None]) -> None:
        version, checked = await self.check(uri, reading)
        try:
            self.publish(uri, version, checked)
        except Exception as exc:  # as in check(): report it, keep serving
            log.exception("publishing %s failed", uri)
            self.tell(uri, f"internal error ({type(exc).__name__}: {exc}); please report it")

    async def check(
        self, uri: str, reading: Callable[[], None] = lambda: None
    ) -> tuple[int | None, Checked | None]:
        """Check the buffer as it is when the worker is free (``reading`` is called then);
        the version read and the result, None when it is not a buffer the server checks or
        cannot be checked (the user has been told why)."""
        async with self._worker_free:
            reading()
            return await self._check_now(uri)

    async def _check_now(self, uri: str) -> tuple[int | None, Checked | None]:
        document = self.workspace.text_documents.get(uri)
        path_text = to_fs_path(uri)
        if document is None or path_text is None:
            return None, None
        path = Path(path_text)
        fmt = format_for(str(path), document.language_id)
        if fmt is None:
            return document.version, None
        # A snapshot of the open buffers, taken here on the event loop's thread.
        buffers: dict[Path, str] = {}
        for other in list(self.workspace.text_documents.values()):
            other_path = to_fs_path(other.uri)
            if other_path is not None:
                buffers[Path(other_path).resolve()] = other.source
        folders = [
            Path(p) for f in self.workspace.folders.values() if (p := to_fs_path(f.uri)) is not None
        ]
        if self.workspace.root_path:  # clients that name a root but no workspace folders
            folders.append(Path(self.workspace.root_path))
        text, version = document.source, document.version

        def run() -> Checked:
            project = load_project(path, folders, self.baseline)
            # A change that comes while the check runs makes its result stale: it stops at
            # its next checkpoint, and the check of the new text starts at once.
            with cancellable(lambda: self.scheduler.wanted(uri)):
                return check_buffer(
                    path,
                    text,
                    fmt,
                    project,
                    open_text=lambda p: buffers.get(p),
                    version=version,
                    uri=uri,
                )

        loop = asyncio.get_running_loop()
        try:
            checked = await loop.run_in_executor(self._worker, run)
        except Cancelled:
            return version, None  # stale: never published, and the next check is due
        except ConfigError as exc:
            self.tell(uri, "\n".join(exc.problems))
            return version, None
        except FactcheckError as exc:  # an input the loaders refuse: nothing to show
            note = lsp.LogMessageParams(type=lsp.MessageType.Info, message=str(exc))
            self.window_log_message(note)
            return version, None
        except Exception as exc:  # a bug must not take the editor's server down
            log.exception("checking %s failed", uri)
            self.tell(uri, f"internal error ({type(exc).__name__}: {exc}); please report it")
            return version, None
        self._shown.pop(uri, None)  # it reads again: a later break is news
        if uri in self.workspace.text_documents:  # not closed meanwhile
            self.results[uri] = checked
        return version, checked

    async def current(self, uri: str) -> Checked | None:
        """The result for the buffer as it is now: after the checks it waits for, when it
        has changed; None when there is none (the check failed, or it is not checked)."""
        await self.scheduler.settled(uri)
        document = self.workspace.text_documents.get(uri)
        known = self.results.get(uri)
        if document is not None and known is not None and known.version == document.version:
            return known
        return None

    def dependents(self, uri: str) -> list[str]:
        """The open drafts last checked against the file of ``uri`` as one of their sources."""
        path = to_fs_path(uri)
        if path is None:
            return []
        target = Path(path).resolve()
        return [
            draft
            for draft, checked in self.results.items()
            if draft != uri
            and any(
                d.role == "source" and d.path and Path(d.path).resolve() == target
                for d in checked.documents.values()
            )
        ]

    def files_changed(self, uris: list[str]) -> None:
        """Files changed on disk: a config or baseline file checks every open buffer again,
        a source the drafts checked against it."""
        names = {Path(to_fs_path(u) or u).name for u in uris}
        baselines = {c.project.baseline.name for c in self.results.values()}
        if names & {*PROJECT_FILES, *baselines}:
            again = set(self.workspace.text_documents)
        else:
            again = {draft for uri in uris for draft in self.dependents(uri)}
        for uri in sorted(again):
            self.schedule(uri, 0)

    async def watch_files(self) -> None:
        """Ask the client to report changes to the files in WATCHED, when it can."""
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if not (watched and watched.dynamic_registration):
            return
        options = lsp.DidChangeWatchedFilesRegistrationOptions(
            watchers=[lsp.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        )
        registration = lsp.Registration(
            id="factcheck-watched-files",
            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        try:
            await self.client_register_capability_async(
                lsp.RegistrationParams(registrations=[registration])
            )
        except Exception as exc:  # the client said no: checks still run on open/change/save
            log.info("no file watching: %s", exc)

    def publish(self, uri: str, version: int | None, checked: Checked | None) -> None:
        """Publish the result of a check of ``version`` of the buffer, unless it is stale: the
        buffer has changed since (or a source, or the config: another check is due), and
        a check that follows will publish. Versions published therefore only go up."""
        document = self.workspace.text_documents.get(uri)
        if document is None or version is None:
            return  # closed meanwhile
        if version != document.version or self.scheduler.wanted(uri):
            return
        diagnostics = to_diagnostics(checked, self.encoding) if checked else []
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
        )

    def tell(self, uri: str, message: str) -> None:
        """Show an error about a buffer once, until it goes away, not on every keystroke."""
        if self._shown.get(uri) == message:
            return
        self._shown[uri] = message
        self.window_show_message(
            lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"factcheck: {message}")
        )

    # -- requests ---------------------------------------------------------------------------

    async def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        checked = await self.current(uri)
        if checked is None:
            return None
        lines = Lines(checked.texts[checked.draft.id])
        at = lines.from_lsp(Point(params.position.line, params.position.character), self.encoding)
        for claim in checked.quantities():
            start, end = position(claim.span, checked.documents)
            if start <= at < end:
                return lsp.Hover(
                    contents=lsp.MarkupContent(
                        kind=lsp.MarkupKind.Markdown, value=hover_markdown(claim)
                    ),
                    range=span_range(checked, claim.span, self.encoding),
                )
        return None

    async def code_action(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        checked = await self.current(uri)
        if checked is None:
            return None
        actions: list[lsp.CodeAction] = []
        for diagnostic in self._diagnostics_for(checked, params):
            data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
            finding = checked.finding(str(data.get("fingerprint", "")))
            if finding is not None:
                actions.extend(code_actions(checked, uri, finding, diagnostic, self.encoding))
        return actions

    def _diagnostics_for(
        self, checked: Checked, params: lsp.CodeActionParams
    ) -> list[lsp.Diagnostic]:
        """The client's diagnostics that are ours; ours in the range when it sent none."""
        given = [d for d in params.context.diagnostics if d.source == "factcheck" and d.data]
        if given:
            return given
        wanted = params.range
        found = []
        for diagnostic in to_diagnostics(checked, self.encoding):
            r = diagnostic.range
            if _before(r.end, wanted.start) or _before(wanted.end, r.start):
                continue
            found.append(diagnostic)
        return found

    async def acknowledge(self, uri: str, fingerprint: str) -> bool:
        """The "add to baseline" command: write the finding into the baseline, check again."""
        checked = await self.current(uri)
        finding = checked.finding(fingerprint) if checked else None
        if checked is None or finding is None:
            return False
        span = primary_span(checked, finding)
        (line, column), _ = position(span, checked.documents) if span else ((1, 1), (1, 1))
        try:
            added = add_to_baseline(
                checked.project.baseline, finding, f"{checked.draft.id}:{line}:{column}"
            )
        except ConfigError as exc:
            self.tell(uri, "\n".join(exc.problems))
            return False
        self.schedule(uri, 0)
        await self.scheduler.settled(uri)  # answered once the finding is gone from the editor
        return added


def _before(a: lsp.Position, b: lsp.Position) -> bool:
    return (a.line, a.character) < (b.line, b.character)


def build_server() -> FactcheckServer:
    server = FactcheckServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(params: lsp.InitializeParams) -> None:
        options: Any = params.initialization_options
        if isinstance(options, dict):
            if isinstance(options.get("baseline"), str):
                server.baseline = options["baseline"]
            if isinstance(options.get("debounce"), int | float):
                server.debounce = max(float(options["debounce"]), 0.0) / 1000

    @server.feature(lsp.INITIALIZED)
    async def initialized(params: lsp.InitializedParams) -> None:
        await server.watch_files()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(params: lsp.DidChangeWatchedFilesParams) -> None:
        server.files_changed([change.uri for change in params.changes])

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        for changed in (uri, *server.dependents(uri)):  # an open source changes its drafts
            server.schedule(changed, server.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        for saved in (uri, *server.dependents(uri)):
            server.schedule(saved, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.scheduler.forget(uri)
        server.results.pop(uri, None)
        server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        return await server.hover(params)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    async def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        return await server.code_action(params)

    @server.command(ADD_TO_BASELINE)
    async def add_baseline(uri: str, fingerprint: str) -> bool:
        return await server.acknowledge(uri, fingerprint)

    return server


# How long the check thread may hold the GIL while the event loop waits for it (Python's
# default is 5 ms). pygls reads each message in a few steps on a reader thread, each needing
# the GIL back, so at 5 ms a keystroke reached the server 30-40 ms late while a check ran,
# and was often missed by the check that followed. A check costs no more at 1 ms.
SWITCH_INTERVAL = 0.001


def serve() -> None:
    """Run the server on stdin and stdout until the client says exit."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    build_server().start_io()
