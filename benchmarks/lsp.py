"""How fast ``factcheck lsp`` shows diagnostics after a change (issue 14).

The target: diagnostics for the seed article appear within 300 ms of a change on a 5,000-word
draft. Run with the project's virtualenv (any directory works)::

    .venv/bin/python benchmarks/lsp.py            # 30 edits per kind, about 90 s
    .venv/bin/python benchmarks/lsp.py --quick    # 5 edits per kind (smoke test)
    .venv/bin/python benchmarks/lsp.py --json     # the results as JSON on stdout
    .venv/bin/python benchmarks/lsp.py --keystrokes 4   # typing bursts of 4 keystrokes, not 6

The server runs as a subprocess on stdio, driven by pygls' ``LanguageClient``, in a temporary
workspace folder. The draft is Markdown: the seed article (``../shared/seed/article.txt``), then
paragraphs of ``fixtures/documents/*.txt`` until it has about 5,000 words. Each server session
measures, from the moment the notification is sent to the ``publishDiagnostics`` whose
``version`` is the buffer's:

* open: ``didOpen`` on a fresh server (cold: the first check loads the rules and the model);
* edit: one incremental ``didChange`` after a quiet spell (a letter near the end of the
  draft; every fifth edit a digit of a figure there instead). The server checks the first
  change after a pause at once, so this is the check time plus the round trip;
* typing: a burst of keystrokes 60 ms apart (6 unless ``--keystrokes``), timed from the
  last one. The first keystroke is checked at once; the ones typed while that check runs are
  checked when it ends, so this includes the rest of a check of stale text. Where the last
  keystroke falls in a check depends on the burst's length, which ``--keystrokes`` varies;
* save: ``didSave`` of an unchanged buffer (checked at once, as the first change is).

Two sessions run: the default ``debounce`` (150 ms) and ``initializationOptions.debounce = 0``.
It measures and prints, never asserts; every wait is bounded by a time limit, and a reply that
does not come in time is counted as "timed out".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import Overrun, deadline

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
FIXTURES = ROOT / "fixtures" / "documents"
SERVER = [sys.executable, "-m", "factcheck.cli", "lsp"]
TARGET_MS = 300.0
CONFIG = "# factcheck benchmark workspace: the default settings\n"
WORDS = 5_000
KEYSTROKE_S = 0.060  # between keystrokes in a typing burst: brisk typing, under the debounce
TYPED = " quickly"  # what a burst types (its first ``keystrokes`` characters), then deletes
COLD_LIMIT_S = 60.0  # the first check: imports, rules, model
WAIT_LIMIT_S = 10.0  # any later publish


@dataclass(frozen=True)
class Plan:
    edits: int
    bursts: int
    saves: int
    keystrokes: int
    budget_s: float  # per session; the loops stop early past it


FULL = Plan(edits=30, bursts=30, saves=10, keystrokes=6, budget_s=240.0)
QUICK = Plan(edits=5, bursts=5, saves=3, keystrokes=6, budget_s=60.0)


# -- the draft ----------------------------------------------------------------------------------


def count_words(text: str) -> int:
    return len(text.split())


def build_draft(words: int = WORDS) -> str:
    """The seed article, then fixture paragraphs in file order (again from the first when they
    run out) until the draft has at least ``words`` words."""
    if not SEED.is_file():
        raise SystemExit(f"lsp.py: error: seed article not found: {SEED}")
    seed = SEED.read_text(encoding="utf-8").strip()
    paragraphs = [
        p.strip()
        for path in sorted(FIXTURES.glob("*.txt"))
        for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
        if p.strip()
    ]
    if not paragraphs:
        raise SystemExit(f"lsp.py: error: no fixture documents in {FIXTURES}")
    out = [seed]
    total = count_words(seed)
    i = 0
    while total < words:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        total += count_words(p)
        i += 1
    return "\n\n".join(out) + "\n"


def utf16_column(line: str, index: int) -> int:
    return len(line[:index].encode("utf-16-le")) // 2


@dataclass
class Buffer:
    """The client's copy of the draft, edited in place as the server is told."""

    text: str
    version: int = 1

    def position(self, offset: int) -> lsp.Position:
        before = self.text[:offset]
        line = before.count("\n")
        start = before.rfind("\n") + 1
        return lsp.Position(line=line, character=utf16_column(self.text[start:], offset - start))

    def edit(self, start: int, end: int, new: str) -> lsp.TextDocumentContentChangePartial:
        change = lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=self.position(start), end=self.position(end)), text=new
        )
        self.text = self.text[:start] + new + self.text[end:]
        self.version += 1
        return change


def word_spot(text: str) -> int:
    """The offset just after a plain word in the draft's last paragraph, far from the seed."""
    last = text.rstrip().rfind("\n\n") + 2
    match = re.search(r"\b[A-Za-z]{5,}\b", text[last:])
    if match is None:
        raise SystemExit("lsp.py: error: no word to edit in the draft's last paragraph")
    return last + match.end()


def figure_spot(text: str) -> int:
    """The offset of a digit in the last fixture paragraph that has one."""
    for match in reversed(list(re.finditer(r"\d", text))):
        return match.start()
    raise SystemExit("lsp.py: error: no figure to edit in the draft")


# -- the client ---------------------------------------------------------------------------------


@dataclass
class Published:
    at: float
    version: int | None
    codes: list[str]
    seed_fc101: bool


def seed_finding(diagnostics: Sequence[lsp.Diagnostic]) -> bool:
    return any(
        d.code == "FC101" and "at least 32" in d.message and "nearly 30" in d.message
        for d in diagnostics
    )


class Client:
    def __init__(self) -> None:
        self.lc = LanguageClient("factcheck-benchmark", "1")
        self.received: list[Published] = []
        self.event = asyncio.Event()

        @self.lc.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            self.received.append(
                Published(
                    time.perf_counter(),
                    params.version,
                    [str(d.code) for d in params.diagnostics],
                    seed_finding(params.diagnostics),
                )
            )
            self.event.set()

        @self.lc.feature(lsp.WINDOW_SHOW_MESSAGE)
        def message(params: lsp.ShowMessageParams) -> None:
            print(f"lsp.py: server says: {params.message}", file=sys.stderr)

    async def wait_for(self, after: int, version: int | None, limit: float) -> Published | None:
        """The first publish after the ``after``-th received whose version is ``version``
        (any version when None); None when none came within ``limit`` seconds."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(limit):
                while True:
                    for p in self.received[after:]:
                        if version is None or p.version == version:
                            return p
                    self.event.clear()
                    await self.event.wait()
        return None


@dataclass
class Series:
    """Latencies (ms) of one kind of event, whether the seed's FC101 was shown each time."""

    ms: list[float] = field(default_factory=list)
    fc101: list[bool] = field(default_factory=list)
    timed_out: int = 0
    skipped_versions: int = 0  # typing: versions published before the last keystroke's

    def add(self, sent: float, got: Published | None) -> None:
        if got is None:
            self.timed_out += 1
            return
        self.ms.append((got.at - sent) * 1000)
        self.fc101.append(got.seed_fc101)

    def summary(self) -> dict[str, Any]:
        ms = sorted(self.ms)
        p90 = ms[min(len(ms) - 1, max(0, round(0.9 * len(ms)) - 1))] if ms else None
        return {
            "n": len(ms),
            "median_ms": statistics.median(ms) if ms else None,
            "p90_ms": p90,
            "max_ms": ms[-1] if ms else None,
            "timed_out": self.timed_out,
            "seed_fc101": f"{sum(self.fc101)}/{len(self.fc101)}",
            "intermediate_publishes": self.skipped_versions,
        }


async def session(draft: str, debounce_ms: float | None, plan: Plan) -> dict[str, Any]:
    """One server: open, isolated edits, typing bursts, saves."""
    client = Client()
    work = Path(tempfile.mkdtemp(prefix="factcheck-lsp-bench-"))
    (work / "factcheck.toml").write_text(CONFIG, encoding="utf-8")
    path = work / "draft.md"
    path.write_text(draft, encoding="utf-8")
    uri = path.as_uri()
    results: dict[str, Any] = {"debounce_ms": debounce_ms if debounce_ms is not None else 150}
    await client.lc.start_io(*SERVER, cwd=str(ROOT))
    try:
        options = {"debounce": debounce_ms} if debounce_ms is not None else None
        async with asyncio.timeout(COLD_LIMIT_S):
            init = await client.lc.initialize_async(
                lsp.InitializeParams(
                    capabilities=lsp.ClientCapabilities(
                        text_document=lsp.TextDocumentClientCapabilities(
                            publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(
                                version_support=True
                            )
                        )
                    ),
                    root_uri=work.as_uri(),
                    workspace_folders=[lsp.WorkspaceFolder(uri=work.as_uri(), name="bench")],
                    initialization_options=options,
                )
            )
        client.lc.initialized(lsp.InitializedParams())
        sync = init.capabilities.text_document_sync
        kind = sync.change if isinstance(sync, lsp.TextDocumentSyncOptions) else sync
        results["sync"] = kind.name if isinstance(kind, lsp.TextDocumentSyncKind) else str(kind)
        await _measure(client, uri, draft, debounce_ms, plan, results)
    finally:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(WAIT_LIMIT_S):
                await client.lc.shutdown_async(None)
            client.lc.exit(None)
        with contextlib.suppress(Exception):
            async with asyncio.timeout(WAIT_LIMIT_S):
                await client.lc.stop()
        server = client.lc._server
        if server is not None and server.returncode is None:
            server.kill()
        for f in (path, work / "factcheck.toml"):
            f.unlink(missing_ok=True)
        work.rmdir()
    return results


async def _measure(
    client: Client,
    uri: str,
    draft: str,
    debounce_ms: float | None,
    plan: Plan,
    results: dict[str, Any],
) -> None:
    lc = client.lc
    buf = Buffer(draft)
    quiet = (debounce_ms if debounce_ms is not None else 150) / 1000 + 0.1
    started = time.perf_counter()

    def over_budget() -> bool:
        return time.perf_counter() - started > plan.budget_s

    # 1. open, cold
    opened = Series()
    mark = len(client.received)
    sent = time.perf_counter()
    lc.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri=uri, language_id="markdown", version=buf.version, text=buf.text
            )
        )
    )
    first = await client.wait_for(mark, buf.version, COLD_LIMIT_S)
    opened.add(sent, first)
    results["open"] = opened.summary()
    if first is not None:
        results["findings"] = len(first.codes)

    def send(change: lsp.TextDocumentContentChangePartial) -> float:
        lc.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=buf.version),
                content_changes=[change],
            )
        )
        return time.perf_counter()

    # 2. isolated edits: a letter in and out after a word; every fifth edit a figure's digit
    edits = Series()
    word = word_spot(buf.text)
    digit = figure_spot(buf.text)
    original = buf.text[digit]
    inserted = False
    for i in range(plan.edits):
        if over_budget():
            break
        await asyncio.sleep(quiet)
        mark = len(client.received)
        if i % 5 == 4:
            new = original if buf.text[digit] != original else ("8" if original == "7" else "7")
            sent = send(buf.edit(digit, digit + 1, new))
        elif not inserted:
            sent = send(buf.edit(word, word, "s"))
            inserted = True
        else:
            sent = send(buf.edit(word, word + 1, ""))
            inserted = False
        edits.add(sent, await client.wait_for(mark, buf.version, WAIT_LIMIT_S))
    results["edit"] = edits.summary()

    # 3. typing bursts: type a word letter by letter, then delete it letter by letter
    typing = Series()
    typed = TYPED[: plan.keystrokes]
    word = word_spot(buf.text)
    for i in range(plan.bursts):
        if over_budget():
            break
        await asyncio.sleep(quiet)
        mark = len(client.received)
        first_version = buf.version + 1
        for k in range(len(typed)):
            if k:
                await asyncio.sleep(KEYSTROKE_S)
            if i % 2 == 0:
                sent = send(buf.edit(word + k, word + k, typed[k]))
            else:
                end = word + len(typed) - k
                sent = send(buf.edit(end - 1, end, ""))
        got = await client.wait_for(mark, buf.version, WAIT_LIMIT_S)
        typing.add(sent, got)
        typing.skipped_versions += sum(
            1
            for p in client.received[mark:]
            if p.version is not None and first_version <= p.version < buf.version
        )
    results["typing"] = typing.summary()

    # 4. saves of the unchanged buffer
    saves = Series()
    for _ in range(plan.saves):
        if over_budget():
            break
        await asyncio.sleep(quiet)
        mark = len(client.received)
        sent = time.perf_counter()
        lc.text_document_did_save(
            lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        saves.add(sent, await client.wait_for(mark, buf.version, WAIT_LIMIT_S))
    results["save"] = saves.summary()
    results["seconds"] = round(time.perf_counter() - started, 1)


# -- the check alone, in this process ---------------------------------------------------------


def in_process(draft: str, runs: int) -> dict[str, Any]:
    """What the server's worker thread does per check (load the project, check the buffer),
    timed here without LSP, JSON or the event loop: the floor under the latencies above."""
    from factcheck.lsp.analysis import check_buffer
    from factcheck.lsp.project import load_project

    project_ms, check_ms = Series(), Series()
    with tempfile.TemporaryDirectory(prefix="factcheck-lsp-bench-") as tmp:
        work = Path(tmp)
        (work / "factcheck.toml").write_text(CONFIG, encoding="utf-8")
        path = work / "draft.md"
        path.write_text(draft, encoding="utf-8")
        for i in range(runs + 1):  # the first is a warm-up, not counted
            try:
                with deadline(WAIT_LIMIT_S):
                    t0 = time.perf_counter()
                    project = load_project(path, [work])
                    t1 = time.perf_counter()
                    checked = check_buffer(
                        path, draft, "markdown", project, open_text=lambda p: None
                    )
                    t2 = time.perf_counter()
            except Overrun:
                check_ms.timed_out += 1
                break
            if i:
                project_ms.ms.append((t1 - t0) * 1000)
                check_ms.ms.append((t2 - t1) * 1000)
                check_ms.fc101.append(
                    any(
                        f.rule == "FC101"
                        and "at least 32" in f.message
                        and "nearly 30" in f.message
                        for f in checked.findings
                    )
                )
    return {"load_project": project_ms.summary(), "check_buffer": check_ms.summary()}


# -- output -------------------------------------------------------------------------------------


def load_average() -> list[float] | None:
    with contextlib.suppress(OSError, AttributeError):
        return [round(x, 2) for x in os.getloadavg()]
    return None


def fmt_ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def print_table(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(f"factcheck lsp latency  {m['date']}  {m['cores']} cores  python {m['python']}")
    print(f"load average at start {m['load_average_start']}, at end {m['load_average_end']}")
    print(f"draft: {report['draft_words']} words of Markdown (seed + fixtures)")
    gap = KEYSTROKE_S * 1000
    print(f"typing: bursts of {report['keystrokes']} keystrokes {gap:.0f} ms apart\n")
    header = ("debounce", "event", "n", "median", "p90", "max", "timeout", "seed FC101", "stale")
    print("{:>8}  {:<8} {:>3} {:>7} {:>7} {:>7} {:>7}  {:<10} {}".format(*header))
    for s in report["sessions"]:
        for kind in ("open", "edit", "typing", "save"):
            r = s.get(kind)
            if r is None:
                continue
            print(
                "{:>6}ms  {:<8} {:>3} {:>7} {:>7} {:>7} {:>7}  {:<10} {}".format(
                    fmt_ms(s["debounce_ms"]),
                    kind,
                    r["n"],
                    fmt_ms(r["median_ms"]),
                    fmt_ms(r["p90_ms"]),
                    fmt_ms(r["max_ms"]),
                    r["timed_out"],
                    r["seed_fc101"],
                    r["intermediate_publishes"],
                )
            )
        print(f"          sync {s.get('sync')}, findings on open {s.get('findings')}")
    for name, r in report["in_process"].items():
        print(
            "{:>8}  {:<14} {:>3} runs: median {} ms, p90 {}, max {}".format(
                "alone",
                name,
                r["n"],
                fmt_ms(r["median_ms"]),
                fmt_ms(r["p90_ms"]),
                fmt_ms(r["max_ms"]),
            )
        )
    print(
        "\ntimes in ms, from sending the notification to the publishDiagnostics of its version;"
        "\n'stale': publishes of a typing burst's earlier versions; 'alone': the worker's"
        "\ncalls timed in this process, without LSP"
    )
    for line in report["verdict"]:
        print(line)


def verdict(sessions: Sequence[dict[str, Any]]) -> list[str]:
    lines = []
    for s in sessions:
        for kind in ("edit", "typing"):
            r = s.get(kind, {})
            p90 = r.get("p90_ms")
            met = p90 is not None and p90 <= TARGET_MS and not r.get("timed_out")
            lines.append(
                f"≤ {TARGET_MS:.0f} ms (p90, {kind}, debounce {fmt_ms(s['debounce_ms'])} ms): "
                + ("met" if met else "not met")
            )
    return lines


async def run(plan: Plan) -> dict[str, Any]:
    draft = build_draft()
    machine = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_start": load_average(),
    }
    sessions = [await session(draft, None, plan), await session(draft, 0, plan)]
    alone = in_process(draft, plan.edits)
    machine["load_average_end"] = load_average()
    return {
        "in_process": alone,
        "machine": machine,
        "draft_words": count_words(draft),
        "keystrokes": plan.keystrokes,
        "sessions": sessions,
        "verdict": verdict(sessions),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 edits per kind (smoke test)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--edits", type=int, help="edits and typing bursts per session")
    parser.add_argument(
        "--keystrokes",
        type=int,
        choices=range(2, len(TYPED) + 1),
        metavar=f"2..{len(TYPED)}",
        help="keystrokes per typing burst (default 6)",
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.edits:
        plan = Plan(args.edits, args.edits, plan.saves, plan.keystrokes, plan.budget_s)
    if args.keystrokes:
        plan = Plan(plan.edits, plan.bursts, plan.saves, args.keystrokes, plan.budget_s)
    report = asyncio.run(run(plan))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
