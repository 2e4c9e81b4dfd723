"""A check runs with fewer collector passes and leaves the host program's settings alone."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from factcheck import Document, check
from factcheck.collector import CHECK_THRESHOLD, OLDER_THRESHOLD, fewer_collections


@pytest.fixture
def host_threshold() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*saved)


def test_a_check_leaves_the_threshold_as_it_found_it(host_threshold: tuple[int, int, int]):
    check([Document(id="d", text="The storm killed 12 people. The storm killed 15 people.")])
    assert gc.get_threshold() == host_threshold


def test_the_threshold_is_raised_only_inside(host_threshold: tuple[int, int, int]):
    with fewer_collections():
        assert gc.get_threshold() == (CHECK_THRESHOLD, OLDER_THRESHOLD, OLDER_THRESHOLD)
        with fewer_collections():  # a check inside a check (a rule calling check())
            assert gc.get_threshold()[0] == CHECK_THRESHOLD
        assert gc.get_threshold()[0] == CHECK_THRESHOLD
    assert gc.get_threshold() == host_threshold


def test_collection_switched_off_by_the_host_stays_off(host_threshold: tuple[int, int, int]):
    gc.set_threshold(0)
    with fewer_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0


def test_concurrent_checks_restore_the_threshold_when_the_last_ends(
    host_threshold: tuple[int, int, int],
):
    inside = threading.Barrier(3)
    leave = threading.Event()

    def run() -> None:
        with fewer_collections():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    assert gc.get_threshold()[0] == CHECK_THRESHOLD
    leave.set()
    for t in threads:
        t.join()
    assert gc.get_threshold() == host_threshold


def test_an_error_inside_still_restores(host_threshold: tuple[int, int, int]):
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a rule broke")
    assert gc.get_threshold() == host_threshold


def test_a_check_leaves_nothing_for_the_cycle_collector() -> None:
    """What a check built is freed by reference counting when the caller drops the report:
    a server that checks all day never pays for a collector pass over old checks' claims."""
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"
    text = seed.read_text(encoding="utf-8") if seed.is_file() else None
    story = "Storm Maren has killed at least 32 people. The storm killed nearly 30 people."
    documents = [Document(id="draft", text=text or story), Document(id="s", text=story)]
    documents[1] = documents[1].model_copy(update={"role": "source"})
    check(documents)  # warm-up: lexicons, the model and caches load once and stay
    gc.collect()
    gc.disable()
    try:
        report = check(documents)
        assert report.findings  # the rules ran and compared figures
        del report
        assert gc.collect() == 0
    finally:
        gc.enable()
