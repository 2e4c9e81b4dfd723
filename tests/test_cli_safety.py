"""Nothing the user has is lost, and nothing goes wrong without one line that says so:
outputs that would replace inputs, safe writes, the size limit, the catch-all for bugs, and
options given after the file names."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import factcheck.ingest
import factcheck.pipeline
import factcheck.report
from factcheck.fileio import DEFAULT_MAX_BYTES, format_size, parse_size
from factcheck.model import Report

Run = Any  # tests/conftest.py's Run: .code, .out, .err
Cli = Callable[..., Run]

CLEAN = "The council met on Tuesday and approved the budget.\n"
STORM = (
    "The storm has killed at least 32 people since Monday, officials said.\n\n"
    "The storm has killed nearly 30 people so far.\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(run: Run, *words: str) -> str:
    """The run failed with exit 2 and one ``factcheck: error:`` line holding ``words``."""
    assert run.code == 2, run.err
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("factcheck: error: ")
    assert "Traceback" not in run.err
    for word in words:
        assert word in lines[0]
    return lines[0]


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# -- an output that is an input is refused -----------------------------------------------------


def test_check_refuses_to_write_its_report_over_the_draft(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "draft.md", STORM)
    run = cli("check", draft, "--output", draft)
    one_line_error(run, "--output", "draft.md", "input")
    assert draft.read_text(encoding="utf-8") == STORM
    assert files_in(tmp_path) == {"draft.md"}


def test_check_refuses_a_source_a_symlink_and_a_relative_spelling(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = write(tmp_path, "draft.md", STORM)
    wire = write(tmp_path, "wire.txt", CLEAN)
    one_line_error(cli("check", draft, "--source", wire, "--output", wire), "wire.txt")
    monkeypatch.chdir(tmp_path)
    one_line_error(cli("check", "./draft.md", "--output", str(draft)), "draft.md")
    link = tmp_path / "link.md"
    try:
        link.symlink_to(draft)
    except OSError:
        pytest.skip("no symlinks here")
    one_line_error(cli("check", draft, "--output", link), "link.md")
    assert draft.read_text(encoding="utf-8") == STORM
    assert wire.read_text(encoding="utf-8") == CLEAN


def test_check_refuses_a_source_folder_file_the_baseline_and_the_config_it_reads(
    cli: Cli, tmp_path: Path
) -> None:
    draft = write(tmp_path, "draft.md", STORM)
    wires = tmp_path / "wires"
    wires.mkdir()
    wire = write(wires, "wire.txt", CLEAN)
    one_line_error(cli("check", draft, "--sources", wires, "--output", wire), "wire.txt")
    baseline = tmp_path / "baseline.json"
    assert cli("baseline", draft, "--output", baseline).code == 0
    before = baseline.read_text(encoding="utf-8")
    run = cli("check", draft, "--baseline", baseline, "--output", baseline)
    one_line_error(run, "baseline.json")
    assert baseline.read_text(encoding="utf-8") == before
    config = write(tmp_path, "house.toml", 'fail-on = "error"\n')
    one_line_error(cli("check", draft, "--config", config, "--output", config), "house.toml")
    assert config.read_text(encoding="utf-8") == 'fail-on = "error"\n'


def test_baseline_and_graph_refuse_an_input_as_output(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "draft.md", STORM)
    one_line_error(cli("baseline", draft, "--output", draft, "--force"), "draft.md")
    one_line_error(cli("graph", draft, "--output", draft), "draft.md")
    assert draft.read_text(encoding="utf-8") == STORM


def test_an_output_beside_the_inputs_is_written(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "draft.md", CLEAN)
    report = tmp_path / "draft.md.json"
    assert cli("check", draft, "--output", report, "--format", "json").code == 0
    Report.model_validate_json(report.read_text(encoding="utf-8"))


# -- a baseline is replaced only with --force ----------------------------------------------------


def test_an_existing_baseline_is_kept_without_force(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "draft.md", STORM)
    baseline = write(tmp_path, "baseline.json", "the team's reviewed baseline\n")
    run = cli("baseline", draft, "--output", baseline)
    one_line_error(run, "baseline.json", "--force")
    assert baseline.read_text(encoding="utf-8") == "the team's reviewed baseline\n"

    run = cli("baseline", draft, "--output", baseline, "--force")
    assert run.code == 0, run.err
    assert '"FC101"' in baseline.read_text(encoding="utf-8")
    assert files_in(tmp_path) == {"draft.md", "baseline.json"}


def test_init_never_replaces_a_config(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "factcheck.toml", 'fail-on = "error"\n')
    one_line_error(cli("init"), "factcheck.toml", "already exists")
    assert (tmp_path / "factcheck.toml").read_text(encoding="utf-8") == 'fail-on = "error"\n'


# -- writes happen all at once or not at all ------------------------------------------------------


def test_a_renderer_that_fails_leaves_the_old_report_and_no_temporary_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = factcheck.report.RENDERERS["json"]

    def half_then_crash(report: Report, documents: Any) -> str:
        real(report, documents)
        raise RuntimeError("renderer broke half-way")

    monkeypatch.setitem(factcheck.report.RENDERERS, "json", half_then_crash)
    draft = write(tmp_path, "draft.md", STORM)
    report = write(tmp_path, "report.json", "yesterday's report\n")
    run = cli("check", draft, "--format", "json", "--output", report)
    one_line_error(run, "internal error", "RuntimeError")
    assert report.read_text(encoding="utf-8") == "yesterday's report\n"
    assert files_in(tmp_path) == {"draft.md", "report.json"}


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    written: list[int] = []

    def fsync(fd: int) -> None:  # the text is in the temporary file, not yet renamed
        written.append(os.fstat(fd).st_size)
        raise failure

    monkeypatch.setattr(os, "fsync", fsync)
    draft = write(tmp_path, "draft.md", STORM)
    report = write(tmp_path, "report.txt", "yesterday's report\n")
    run = cli("check", draft, "--output", report)
    assert written and written[0] > 0
    if isinstance(failure, KeyboardInterrupt):
        assert run.code == 130
    else:
        one_line_error(run, "report.txt", "No space left on device")
    assert report.read_text(encoding="utf-8") == "yesterday's report\n"
    assert files_in(tmp_path) == {"draft.md", "report.txt"}


def test_reports_are_replaced_as_a_set_or_not_at_all(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI keeps a SARIF and a JUnit file from one run: a disk that fills up while the second
    is written must not leave the first new beside the second old."""
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        if len(synced) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    draft = write(tmp_path, "draft.md", STORM)
    sarif = write(tmp_path, "out.sarif", "old sarif\n")
    junit = write(tmp_path, "out.xml", "old junit\n")
    run = cli("check", draft, "--format", f"sarif:{sarif}", "--format", f"junit:{junit}")
    one_line_error(run, "out.xml", "No space left on device")
    assert sarif.read_text(encoding="utf-8") == "old sarif\n"
    assert junit.read_text(encoding="utf-8") == "old junit\n"
    assert files_in(tmp_path) == {"draft.md", "out.sarif", "out.xml"}
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert cli("check", draft, "--format", f"sarif:{sarif}", "--format", f"junit:{junit}").code == 1
    assert sarif.read_text(encoding="utf-8").startswith("{")
    assert junit.read_text(encoding="utf-8").startswith("<?xml")


def test_the_text_is_fsynced_before_the_rename(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    report = tmp_path / "report.txt"
    assert cli("check", write(tmp_path, "draft.md", CLEAN), "--output", report).code == 0
    assert calls[:2] == ["fsync", "replace"]
    assert report.read_text(encoding="utf-8").strip()


# -- a bug is one line and exit 2, never a traceback or "1 = findings" -----------------------


def _crash(*_args: Any, **_kwargs: Any) -> Any:
    raise ValueError("bad state\nsecond line")


def test_a_bug_is_one_line_and_exit_2(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    monkeypatch.setattr(factcheck.pipeline, "check", _crash)
    run = cli("check", write(tmp_path, "draft.md", CLEAN))
    line = one_line_error(run, "internal error (ValueError: bad state second line)")
    assert "please report it" in line and "FACTCHECK_DEBUG=1" in line


def test_factcheck_debug_shows_the_traceback(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_DEBUG", "1")
    monkeypatch.setattr(factcheck.pipeline, "check", _crash)
    run = cli("check", write(tmp_path, "draft.md", CLEAN))
    assert run.code == 2
    assert "Traceback" in run.err and "_crash" in run.err
    assert run.err.splitlines()[-1].startswith("factcheck: error: internal error (ValueError")


def test_a_bug_in_a_reader_is_exit_2_too(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # baseline writes to the working directory by default
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    monkeypatch.setattr(factcheck.ingest, "load_document", _crash)
    draft = write(tmp_path, "draft.md", CLEAN)
    for command in ("check", "claims", "graph", "baseline"):
        one_line_error(cli(command, draft), "internal error")


# -- options after the file names ---------------------------------------------------------------


def test_check_takes_options_between_and_after_the_drafts(cli: Cli, tmp_path: Path) -> None:
    a = write(tmp_path, "a.md", CLEAN)
    b = write(tmp_path, "b.md", CLEAN)
    wire = write(tmp_path, "w.txt", CLEAN)
    run = cli("check", a, "--source", wire, b, "--format", "json")
    assert run.code == 0, run.err
    documents = Report.model_validate_json(run.out).documents
    assert [(d.path, d.role) for d in documents] == [
        (str(a), "draft"),
        (str(b), "draft"),
        (str(wire), "source"),
    ]


def test_every_command_takes_options_after_its_files(cli: Cli, tmp_path: Path) -> None:
    a = write(tmp_path, "a.md", STORM)
    b = write(tmp_path, "b.md", CLEAN)
    wire = write(tmp_path, "w.txt", CLEAN)
    baseline = tmp_path / "base.json"
    assert cli("baseline", a, "--output", baseline, b).code == 0
    assert baseline.exists()
    run = cli("graph", a, "--source", wire, b, "--format", "graphml")
    assert run.code == 0 and run.out.startswith("<?xml")
    assert cli("claims", a, "--format", "json").out.lstrip().startswith("[")
    assert cli("rules", "FC101", "--format", "json").code == 0
    one_line_error(cli("check", a, "--frobnicate", b), "unrecognized arguments: --frobnicate")


# -- the size limit ---------------------------------------------------------------------------


def test_the_size_syntax() -> None:
    assert parse_size("20M") == parse_size("20MiB") == 20 * 1024 * 1024 == DEFAULT_MAX_BYTES
    assert parse_size("500k") == 512_000 and parse_size("123") == 123 and parse_size(0) == 0
    for bad in ("20 megabytes", "-1", "1.5M", ""):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert format_size(DEFAULT_MAX_BYTES) == "20 MiB" and format_size(900) == "900 bytes"


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_reading(*_args: Any) -> bytes:
        raise AssertionError("read a file over the limit")

    monkeypatch.setattr(factcheck.ingest, "read_bytes", no_reading)
    draft = write(tmp_path, "draft.md", "x" * 2999 + "\n")
    line = one_line_error(cli("check", draft, "--max-bytes", "1K"), "draft.md", "--max-bytes")
    assert "2.9 KiB (3000 bytes)" in line and "1 KiB limit" in line
    one_line_error(
        cli("check", write(tmp_path, "d.md", CLEAN), "--source", draft, "--max-bytes", "1K")
    )
    one_line_error(cli("claims", draft, "--max-bytes", "1K"), "draft.md")
    one_line_error(cli("graph", draft, "--max-bytes", "1K"), "draft.md")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_pipe_given_as_a_file_is_read_only_up_to_the_limit(cli: Cli, tmp_path: Path) -> None:
    """A FIFO (or ``<(cmd)``) has no size to check beforehand: it is cut off at the limit."""
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    written: list[int] = []

    def writer() -> None:  # more than the limit; it stops when the reader has gone
        try:
            with fifo.open("wb") as out:
                for _ in range(64):
                    written.append(out.write(b"word " * 560))
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    line = one_line_error(cli("check", fifo, "--max-bytes", "4K"), "draft.txt", "4 KiB limit")
    assert "--max-bytes" in line
    thread.join(timeout=10)
    assert not thread.is_alive() and sum(written) < 64 * 2800  # the rest was never taken


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_named_pipe_is_read_once(tmp_path: Path) -> None:
    """Reports read a draft's file again (for its ``factcheck:`` comments); a pipe cannot
    be: that second read waited for a writer that had gone, and the check never ended."""
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    text = b"The storm killed 12 people on Monday. The storm killed 15 people on Monday.\n"
    thread = threading.Thread(target=fifo.write_bytes, args=(text,), daemon=True)
    thread.start()
    run = "import sys; from factcheck.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", run, "check", str(fifo), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert [f["rule"] for f in json.loads(done.stdout)["findings"]] == ["FC101"]


def test_the_default_limit_is_20_mib(cli: Cli, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as out:  # sparse: no 20 MiB written to the disk
        out.truncate(DEFAULT_MAX_BYTES + 1)
    one_line_error(cli("check", big), "big.txt", "20 MiB limit")


def test_a_file_at_the_limit_is_read_and_0_means_no_limit(cli: Cli, tmp_path: Path) -> None:
    draft = write(tmp_path, "draft.md", CLEAN)
    size = str(draft.stat().st_size)
    assert cli("check", draft, "--max-bytes", size).code == 0
    assert cli("check", draft, "--max-bytes", "0").code == 0


def test_the_config_sets_the_limit_and_the_option_wins(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "factcheck.toml", 'max-bytes = "10"\n')
    draft = write(tmp_path, "draft.md", CLEAN)
    one_line_error(cli("check", draft), "10 bytes limit")
    assert cli("check", draft, "--max-bytes", "1M").code == 0
    write(tmp_path, "factcheck.toml", 'max-bytes = "lots"\n')
    one_line_error(cli("check", draft), "factcheck.toml:1", "max-bytes")


class _EndlessStdin:
    """A pipe that never ends, counting what was taken from it."""

    def __init__(self) -> None:
        self.taken = 0
        self.buffer = self

    def isatty(self) -> bool:
        return False

    def read(self, size: int = -1) -> bytes:
        assert size >= 0, "read an endless stream to its end"
        self.taken += size
        return b"a" * size


def test_stdin_is_read_up_to_the_limit_only(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    endless = _EndlessStdin()
    monkeypatch.setattr(sys, "stdin", endless)
    one_line_error(cli("check", "-", "--max-bytes", "1K"), "stdin", "1 KiB limit")
    assert endless.taken == 1025
    assert sys.stdin is endless


def test_stdin_under_the_limit_is_checked(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORM.encode())))
    run = cli("check", "-", "--max-bytes", "1K", "--format", "line")
    assert run.code == 1 and run.out.startswith("stdin:")
