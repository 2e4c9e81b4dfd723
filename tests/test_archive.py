"""``factcheck archive check``: the same findings as ``ledger conflicts``, on either engine."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy", reason="the archive check reads with the ledger's code")

from factcheck.archive import blocking
from factcheck.archive.local import LocalExecutor
from factcheck.archive.sources import Batch, folder_parts
from factcheck.archive.stages import Result, find_conflicts
from factcheck.ledger.articles import files_of
from factcheck.ledger.store import StoredArticle
from factcheck.progress import Progress
from tests.conftest import repo_script

HAS_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(
    not HAS_DASK, reason="Dask is not installed: pip install 'factcheck[archive]'"
)

Cli = Callable[..., Any]

MONDAY = """---
published_at: 2025-10-20
---

# Storm Maren kills dozens on the northern coast

Storm Maren has killed at least 32 people along the northern coast since Sunday, the civil
protection agency said. A ferry capsized off Vessa on Monday, killing 12 passengers.
"""

TUESDAY = """---
published_at: 2025-10-21
---

# Storm Maren toll

Storm Maren has killed nearly 30 people along the northern coast since Sunday, officials said.
The ferry that capsized off Vessa on Monday killed 9 passengers.
"""


def _generated(n: int) -> Iterator[tuple[str, str]]:
    """``n`` articles of the ledger benchmark's generator, as (name, file text)."""
    for name, text, published, _ in repo_script("benchmarks/ledger.py").articles(n, seed=7):
        yield name, f"---\npublished_at: {published.isoformat()}\n---\n\n{text}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small archive: one story told twice with clashing figures, and generated stories
    (followed over several days, their qualifiers varying) that clash among themselves."""
    root = tmp_path_factory.mktemp("archive")
    folder = root / "a"
    folder.mkdir()
    (folder / "maren-1.md").write_text(MONDAY, encoding="utf-8")
    (folder / "maren-2.md").write_text(TUESDAY, encoding="utf-8")
    for name, text in _generated(12):
        (folder / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def here(archive: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(archive)
    monkeypatch.delenv("FACTCHECK_LEDGER", raising=False)
    return archive


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def key(finding: dict[str, Any]) -> tuple[Any, ...]:
    """What must agree between two runs: rule, severity, wording and both passages."""
    where = tuple((p["path"], p["line"], p["column"], p["text"]) for p in finding["passages"])
    return finding["rule"], finding["severity"], finding["reason"], finding["fingerprint"], where


@pytest.fixture(scope="module")
def local_findings(archive: Path) -> list[dict[str, Any]]:
    """The local engine's JSON Lines for the archive, computed once."""
    from factcheck.cli import main

    out = archive / "local.jsonl"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(archive)
        assert main(["archive", "check", "a", "--output", str(out), "--fail-on", "info"]) == 1
    return lines(out.read_text(encoding="utf-8"))


def test_local_engine_equals_ledger_conflicts(
    cli: Cli, here: Path, local_findings: list[dict[str, Any]]
):
    ledger = here / "ledger.db"
    ledger.unlink(missing_ok=True)
    assert cli("ledger", "add", "a", "--ledger", ledger).code == 0
    run = cli("ledger", "conflicts", "--ledger", ledger, "--format", "json")
    conflicts = json.loads(run.out)["findings"]
    assert len(conflicts) > 10, "the archive should hold clashes to compare"
    assert {f["rule"] for f in conflicts} >= {"FC101", "FC104"}
    # The same findings, in the same order, with the same words and fingerprints.
    assert [f["fingerprint"] for f in local_findings] == [f["fingerprint"] for f in conflicts]
    assert [f["reason"] for f in local_findings] == [f["message"] for f in conflicts]
    positions = [
        [(s["document_id"], s["line"], s["column"]) for s in f["spans"]] for f in conflicts
    ]
    mine = [[(p["path"], p["line"], p["column"]) for p in f["passages"]] for f in local_findings]
    assert mine == positions
    # Read from the ledger instead of the folder: the same again.
    from_ledger = cli("archive", "check", "--ledger", ledger)
    assert from_ledger.code == 1
    assert [key(f) for f in lines(from_ledger.out)] == [key(f) for f in local_findings]


def checked(parts: list[Any], executor: Any, fmt: str = "jsonl") -> tuple[Result, list[Any]]:
    """``find_conflicts``'s summary and every item the client received, in order."""
    items: list[Any] = []
    result = find_conflicts(parts, (), fmt, executor, Progress(io.StringIO()), items.extend)
    return result, items


def test_partitions_do_not_change_the_findings(here: Path, local_findings: list[dict[str, Any]]):
    """Cut into several partitions, the shuffle moves keys and articles between them."""
    paths = list(files_of(["a"]))
    one, one_lines = checked(folder_parts(paths, 1), LocalExecutor())
    five, five_lines = checked(folder_parts(paths, 5), LocalExecutor())
    assert [json.loads(x) for x in one_lines] == local_findings
    assert five_lines == one_lines
    assert one == five and one.findings == len(local_findings)
    assert one.claims > 0 and one.article_count == len(paths) == 14
    counts = {s: sum(f["severity"] == s for f in local_findings) for s in one.severities}
    assert one.severities == counts


@needs_dask
def test_dask_on_a_tcp_scheduler_equals_local(
    cli: Cli, here: Path, local_findings: list[dict[str, Any]]
):
    from distributed import LocalCluster

    from factcheck.archive.on_dask import dask_executor

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        run = cli("archive", "check", "a", "--engine", "dask", "--scheduler", address)
        assert run.code == 1, run.err
        assert [key(f) for f in lines(run.out)] == [key(f) for f in local_findings]
        # Several partitions across the two workers: picks and weights cross between them.
        paths = list(files_of(["a"]))
        with dask_executor(address, 2) as executor:
            result, items = checked(folder_parts(paths, 4), executor)
    # What came back to the client is text: no findings, no documents.
    assert all(type(x) is str for x in items) and result.findings == len(items)
    assert [json.loads(x) for x in items] == local_findings


@needs_dask
def test_dask_local_cluster_of_two_processes_equals_local(
    cli: Cli, here: Path, local_findings: list[dict[str, Any]]
):
    out = here / "dask.sarif"
    run = cli(
        "archive",
        "check",
        "a",
        "--engine",
        "dask",
        "--workers",
        "2",
        "--format",
        "sarif",
        "--output",
        out,
        "--fail-on",
        "info",
    )
    assert run.code == 1 and run.out == "", run.err
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    fingerprints = [r["partialFingerprints"]["factcheck/v1"] for r in results]
    assert fingerprints == [f["fingerprint"] for f in local_findings]


def test_jsonl_and_sarif_shapes(cli: Cli, here: Path, local_findings: list[dict[str, Any]]):
    maren = [f for f in local_findings if f["passages"][0]["path"] == "a/maren-2.md"]
    assert {f["rule"] for f in maren} == {"FC101", "FC104"}
    fall = next(f for f in maren if f["rule"] == "FC104")
    # A running toll that falls between two articles of one newsroom is likely or surely wrong
    # copy: the model's band says which.
    assert fall["severity"] in ("warning", "error") and "falls from 'at least 32'" in fall["reason"]
    assert fall["why"].startswith("taken as one thing")
    draft, earlier = fall["passages"]
    # Articles are numbered in file-name order, as ``ledger add a`` numbers them: the twelve
    # generated ones (a0000000.md, …) come first.
    assert draft == {
        "article": 14,
        "path": "a/maren-2.md",
        "url": None,
        "headline": "Storm Maren toll",
        "published_at": "2025-10-21",
        "line": 7,
        "column": 24,
        "text": "nearly 30",
    }
    assert (earlier["article"], earlier["line"], earlier["text"]) == (13, 7, "at least 32")

    run = cli("archive", "check", "a", "--format", "sarif", "--fail-on", "info")
    assert run.code == 1
    log = json.loads(run.out)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert len(results) == len(local_findings)
    first = results[0]
    assert first["ruleId"] == local_findings[0]["rule"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == local_findings[0]["passages"][0]["path"]
    assert location["region"]["startLine"] == local_findings[0]["passages"][0]["line"]
    assert first["relatedLocations"]


def one_line_error(run: Any) -> str:
    assert run.code == 2, (run.out, run.err)
    lines_ = run.err.splitlines()
    assert len(lines_) == 1 and lines_[0].startswith("factcheck: error: "), run.err
    return str(lines_[0])


def test_bad_input_is_one_line_and_writes_nothing(
    cli: Cli, here: Path, monkeypatch: pytest.MonkeyPatch
):
    out = here / "out.jsonl"
    (here / "empty").mkdir(exist_ok=True)
    assert "nowhere: no such folder" in one_line_error(
        cli("archive", "check", "nowhere", "--output", out)
    )
    assert "no article files" in one_line_error(cli("archive", "check", "empty", "--output", out))
    (here / "bad").mkdir(exist_ok=True)
    (here / "bad" / "story.md").write_text(MONDAY, encoding="utf-8")
    (here / "bad" / "broken.docx").write_text("not a zip", encoding="utf-8")
    assert "bad/broken.docx: not a readable .docx" in one_line_error(
        cli("archive", "check", "bad", "--output", out)
    )
    assert "name the archive" in one_line_error(cli("archive", "check"))
    assert "not both" in one_line_error(cli("archive", "check", "a", "--ledger", "x.db"))
    assert "needs --engine dask" in one_line_error(
        cli("archive", "check", "a", "--scheduler", "tcp://127.0.0.1:9")
    )
    assert "no ledger there" in one_line_error(cli("archive", "check", "--ledger", "none.db"))
    assert "does not exist" in one_line_error(
        cli("archive", "check", "a", "--output", here / "no" / "out.jsonl")
    )
    if HAS_DASK:
        from factcheck.archive import on_dask

        monkeypatch.setattr(on_dask, "CONNECT_TIMEOUT", "0.5s")
        error = one_line_error(
            cli(
                "archive",
                "check",
                "a",
                "--engine",
                "dask",
                "--scheduler",
                "tcp://127.0.0.1:9",
                "--output",
                out,
            )
        )
        assert "--scheduler tcp://127.0.0.1:9: cannot connect" in error
    assert not out.exists()
    assert not list(here.glob(".out.jsonl.*"))  # no temporary file left behind either


def test_the_local_engine_and_check_load_no_dask(here: Path):
    code = (
        "import sys; from factcheck.cli import main; main(sys.argv[1:]); "
        "print(sorted(m for m in ('dask', 'distributed', 'factcheck.archive.stages') "
        "if m in sys.modules))"
    )

    def loaded(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            cwd=here,
        )
        return done.stdout.strip().splitlines()[-1]

    assert loaded("archive", "check", "a", "--output", "x.jsonl") == "['factcheck.archive.stages']"
    assert loaded("check", "a/maren-1.md") == "[]"


def test_candidates_are_ranked_as_the_ledger_ranks_them():
    """Rarer shared keys weigh more; a tie goes to the later article; a key held by more
    than COMMON_KEY articles is no key; only earlier articles are candidates."""

    def article(i: int) -> StoredArticle:
        return StoredArticle(
            i, f"{i}", None, None, "", None, 1, "text", "", None, None, [], frozenset()
        )

    common = {f"w{i}" for i in range(blocking.COMMON_KEY + 1)}
    keys = {
        1: {"rare", "pair"},
        2: {"pair"},
        3: {"pair"},
        4: {"rare", "pair"},
        5: {"pair"},
    }
    ids = sorted(keys)
    batch = Batch([article(i) for i in ids], [frozenset(keys[i] | common) for i in ids])
    # The common key: every article holds each "w" key, and so do many more elsewhere.
    crowd = {k: list(range(100, 100 + blocking.COMMON_KEY + 1)) for k in common}
    parts = blocking.postings(batch, 1)
    parts[0] = {k: v + crowd.get(k, []) for k, v in parts[0].items()}
    weights = blocking.weigh(parts, [1])
    ranked = blocking.rank(weights)
    assert 1 not in ranked  # nothing earlier
    assert ranked[2] == [1]
    assert ranked[4] == [1, 3, 2]  # 1 shares the rare key; 3 and 2 tie, the later first
    assert ranked[5][:4] == [4, 3, 2, 1]
    assert all(e < later for later, earlier in ranked.items() for e in earlier)


def test_progress_bar_only_on_a_terminal():
    quiet = io.StringIO()
    bar = Progress(quiet)  # a StringIO is no terminal
    bar.stage("reading", 4)
    bar.advance(4)
    bar.close()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    bar = Progress(shown, enabled=True, width=10)
    bar.stage("reading", 4)
    bar.advance(2)
    bar.advance(2)
    bar.stage("comparing", 2)
    bar.close()
    text = shown.getvalue()
    assert "\rreading    [#####-----]  50% 2/4" in text
    assert "[##########] 100% 4/4" in text and text.endswith("\n")
    assert text.count("\n") == 2  # each stage keeps its line


# -- rendered on the workers: the same bytes as the findings rendered on the client --------


def _models(folder: str) -> list[tuple[list[Any], list[Any]]]:
    """Every article's findings and documents, as Finding models, in one partition (no
    rendering): what the client used to receive."""
    from factcheck.archive.compare import conflicts
    from factcheck.archive.sources import read_part

    [part] = folder_parts(list(files_of([folder])), 1)
    batch = read_part(part, ())
    ranked = blocking.rank(blocking.weigh(blocking.postings(batch, 1), [1]))
    return list(conflicts(batch, ranked, [], ()))


def _rendered_on_the_client(models: list[tuple[list[Any], list[Any]]], fmt: str) -> str:
    """The findings rendered as ``archive check`` rendered them before rendering moved to the
    workers: one report over every finding and the documents they touch (the first of each
    id), rendered once."""
    from factcheck.model import DocumentInfo, Report
    from factcheck.report import sarif
    from factcheck.report.common import Locator
    from factcheck.report.why import alignment_words, group_words
    from factcheck.version import VERSION

    findings: list[Any] = []
    documents: dict[str, Any] = {}
    articles: dict[str, Any] = {}
    for found, docs in models:
        findings.extend(found)
        touched = {s.document_id for f in found for s in f.spans}
        for d in docs:
            if d.document.id in touched and d.document.id not in documents:
                documents[d.document.id] = d.document
                articles[d.document.id] = d.article
    report = Report(
        version=VERSION,
        documents=[
            DocumentInfo(id=d.id, role="source", words=len(d.text.split()))
            for d in documents.values()
        ],
        findings=findings,
    )
    if fmt == "sarif":
        return sarif.render(report, list(documents.values()), run_id="test")
    locator = Locator(report, list(documents.values()))
    out = []
    for f in findings:
        passages = []
        for span in f.spans:
            where = locator.locate(span)
            a = articles[span.document_id]
            passages.append(
                {
                    "article": a.id,
                    "path": a.path,
                    "url": a.url,
                    "headline": a.headline,
                    "published_at": a.published_at.isoformat() if a.published_at else None,
                    "line": where.line,
                    "column": where.column,
                    "text": span.text,
                }
            )
        line = {
            "rule": f.rule,
            "name": f.name,
            "severity": f.severity,
            "reason": f.message,
            "why": alignment_words(f) or group_words(f) or None,
            "passages": passages,
            "fingerprint": f.fingerprint,
        }
        out.append(json.dumps(line, ensure_ascii=False) + "\n")
    return "".join(out)


def _written(fmt: str, chunks: list[list[Any]]) -> str:
    from factcheck.archive.output import writing

    out = io.StringIO()
    with writing(fmt, out, run_id="test") as take:
        for chunk in chunks:
            take(chunk)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "sarif"])
def test_rendered_on_the_workers_is_byte_for_byte_what_the_client_rendered(here: Path, fmt: str):
    models = _models("a")
    assert sum(len(found) for found, _ in models) > 10  # findings to compare
    expected = _rendered_on_the_client(models, fmt)
    paths = list(files_of(["a"]))
    # One partition and four (articles picked across them), in this process and on Dask.
    executors: list[Any] = [LocalExecutor()]
    for parts in (1, 4):
        for executor in executors:
            result, items = checked(folder_parts(paths, parts), executor, fmt)
            assert _written(fmt, [items]) == expected, (parts, executor)
            assert result.findings == len(items)
    if HAS_DASK:
        from factcheck.archive.on_dask import dask_executor

        with dask_executor(None, 2, processes=False) as dask:
            _, items = checked(folder_parts(paths, 4), dask, fmt)
        assert _written(fmt, [items]) == expected
    if fmt == "jsonl":  # the command writes the same, to a file or to standard output
        run = cli_main("archive", "check", "a", "--output", here / "w.jsonl")
        assert (here / "w.jsonl").read_text(encoding="utf-8") == expected and run == 1


def cli_main(*args: str | Path) -> int:
    from factcheck.cli import main

    return main([str(a) for a in args])


def test_sarif_numbers_ad_hoc_rules_in_order_of_their_first_result(here: Path):
    """A result of a rule the bundled registry does not list (a --rules rule) is numbered
    on the client, after the bundled rules, in the order of its first result, as the report
    renderer numbers it; whichever partition it comes from."""
    from factcheck.archive.output import AdHoc, Renderer

    models = _models("a")
    renamed = []
    for n, (found, docs) in enumerate(models):
        # Two made-up rules, first met in the second article with findings, and the first.
        code = {0: "ZZ002", 1: "ZZ001"}.get(n % 3)
        found = [f.model_copy(update={"rule": code}) if code else f for f in found]
        renamed.append((found, docs))
    expected = _rendered_on_the_client(renamed, "sarif")
    renderer = Renderer("sarif")
    chunks = [list(renderer.render(found, docs)) for found, docs in renamed]
    assert any(isinstance(x, AdHoc) for c in chunks for x in c)
    assert _written("sarif", chunks) == expected
    rules = json.loads(expected)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules[-2:]] == ["ZZ002", "ZZ001"]


def test_no_findings_write_nothing_or_an_empty_log(here: Path):
    (here / "alone").mkdir(exist_ok=True)
    (here / "alone" / "story.md").write_text(MONDAY, encoding="utf-8")
    assert _models("alone") == []
    out = here / "alone.sarif"
    assert cli_main("archive", "check", "alone", "--format", "sarif", "--output", out) == 0
    log = out.read_text(encoding="utf-8")
    run = json.loads(log)["runs"][0]
    assert run["results"] == [] and '"results": []' in log
    pinned = json.loads(log)
    pinned["runs"][0]["automationDetails"]["id"] = "factcheck/check/test"
    assert json.dumps(pinned, ensure_ascii=False, indent=2) + "\n" == _written("sarif", [])
    assert _written("sarif", []) == _rendered_on_the_client([], "sarif")
    assert cli_main("archive", "check", "alone", "--output", here / "alone.jsonl") == 0
    assert (here / "alone.jsonl").read_text(encoding="utf-8") == ""


def test_fail_on_reads_the_counts_by_severity(cli: Cli, here: Path):
    (here / "maren").mkdir(exist_ok=True)
    (here / "maren" / "1.md").write_text(MONDAY, encoding="utf-8")
    (here / "maren" / "2.md").write_text(TUESDAY, encoding="utf-8")
    run = cli("archive", "check", "maren", "--fail-on", "info")
    found = {f["severity"] for f in lines(run.out)}
    # Both running tolls fall overnight; the model's bands say how surely. The exit code at each
    # threshold follows the severities found.
    assert run.code == 1 and found
    serious = bool(found & {"warning", "error"})
    assert cli("archive", "check", "maren").code == int(serious)  # --fail-on warning
    assert cli("archive", "check", "maren", "--fail-on", "error").code == int("error" in found)
    assert cli("archive", "check", "a", "--fail-on", "error").code == 1


def test_an_error_while_writing_keeps_the_old_file(here: Path):
    from factcheck.archive.output import opened

    out = here / "kept.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), opened(str(out)) as stream:
        stream.write("half of the new\n")
        raise RuntimeError("a worker was lost")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert not list(here.glob(".kept.jsonl.*"))
    with opened(str(out)) as stream:
        stream.write("new\n")
    assert out.read_text(encoding="utf-8") == "new\n"


def test_a_task_leaves_the_collector_as_it_found_it():
    import gc

    from factcheck.heap import settled

    with pytest.raises(RuntimeError), settled():
        assert gc.get_freeze_count() > 0  # what was alive is left out of collection
        raise RuntimeError("a task failed")
    assert gc.get_freeze_count() == 0  # and put back, also after a failure
