"""The fuzz harness (fuzz/) stays runnable: every target passes on its own seeds, the seeds are
still read by their reader, the properties do catch a broken result, and, with atheris
installed, a short real fuzz run goes through fuzz/run.py end to end."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.ingest import loader_for
from factcheck.ingest.base import Extracted
from fuzz import targets
from fuzz.targets import LABEL, TARGETS, Broken

ROOT = Path(__file__).resolve().parent.parent
READERS = [name for name in TARGETS if name != "check"]


@pytest.mark.parametrize("name", list(TARGETS))
def test_each_target_passes_on_its_seeds(name: str) -> None:
    if name == "docx":
        pytest.importorskip("docx", reason="the .docx reader needs python-docx")
    target = TARGETS[name]
    seeds = target.seeds()
    assert 2 <= len(seeds) <= 10, f"fuzz/corpus/{name} should hold a handful of seeds"
    run = target.build()
    for seed in seeds:
        run(seed)


@pytest.mark.parametrize("name", READERS)
def test_seeds_are_read_not_refused(name: str) -> None:
    # A seed its reader refuses only teaches the fuzzer the error path.
    if name == "docx":
        pytest.importorskip("docx", reason="the .docx reader needs python-docx")
    for seed in TARGETS[name].seeds():
        assert loader_for(name)(seed, LABEL).text.strip()


def test_a_text_that_does_not_map_back_is_caught() -> None:
    shifted = Extracted(text="12 people", source_map=[(0, 1, 2)])
    with pytest.raises(Broken, match="holds"):
        targets._maps_back(shifted, ["12 people"], references=False)
    off_the_file = Extracted(text="12", source_map=[(0, 3, 1)])
    with pytest.raises(Broken, match="off the file"):
        targets._maps_back(off_the_file, ["12"], references=False)


def test_an_error_on_two_lines_or_not_naming_the_file_is_caught() -> None:
    with pytest.raises(Broken, match="one line"):
        targets._refused("text", b"", InputError(f"{LABEL}: two\nlines"))
    with pytest.raises(Broken, match="name the file"):
        targets._refused("text", b"", InputError("no name"))


def test_an_error_hiding_a_bug_is_reported_to_the_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bytes, BaseException]] = []
    monkeypatch.setattr(targets, "masked_hook", lambda *args: seen.append(args))
    bug = IndexError("list index out of range")
    err = InputError(f"{LABEL}: cannot read it (IndexError)")
    err.__cause__ = bug
    targets._refused("html", b"<p>", err)
    targets._refused("html", b"", InputError(f"{LABEL}: is empty"))
    assert seen == [("html", b"<p>", bug)]


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (pip install 'factcheck[fuzz]')",
)
def test_a_short_fuzz_run_goes_through(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "fuzz/run.py", "text", "-runs=300", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.fullmatch(
        r"text: 300 inputs, 0 crashes, 0 masked, \d+ s, \d+ exec/s, max_len 4096, seed \d+\n",
        run.stdout,
    )
    assert not list((tmp_path / "crashes").glob("text-*"))
