"""Nothing lost: a ``ledger add`` killed with SIGKILL leaves every article whole or absent and
a rerun completes it; two writers at once lose nothing. On SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import repo_script

# The fixtures: ledger_url (each backend), postgres_server.
pytest_plugins = ["tests.conftest_ledger"]

pytest.importorskip("sqlalchemy")

FACTCHECK = [sys.executable, "-m", "factcheck.cli"]


def write_batch(folder: Path, n: int, seed: int) -> dict[str, int]:
    """``n`` generated articles in ``folder``; each file's number of claims."""
    from factcheck.extract.lexicon import load_lexicon
    from factcheck.ledger.articles import read_article

    folder.mkdir(parents=True, exist_ok=True)
    lexicon = load_lexicon()
    expected = {}
    for name, text, published, _ in repo_script("benchmarks/ledger.py").articles(n, seed):
        path = folder / name
        path.write_text(f"---\npublished_at: {published.isoformat()}\n---\n\n{text}")
        rel = os.path.relpath(path)
        expected[rel] = len(read_article(rel, lexicon).claims)
    return expected


def add(url: str, *paths: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*FACTCHECK, "ledger", "add", *paths, "--ledger", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def audit(url: str) -> dict[str, int]:
    """Every article's claim count, after checking the ledger is consistent: each article
    has its keys, and each key counts exactly the articles that hold it."""
    import sqlalchemy as sa

    from factcheck.ledger.schema import article_keys, articles, claims, keys
    from factcheck.ledger.store import Ledger

    with Ledger.open(url) as ledger, ledger.engine.connect() as conn:
        found = {
            r.path: r.n
            for r in conn.execute(
                sa.select(articles.c.path, sa.func.count(claims.c.id).label("n"))
                .select_from(articles.outerjoin(claims, claims.c.article_id == articles.c.id))
                .group_by(articles.c.path)
            )
        }
        linked = dict(
            conn.execute(
                sa.select(article_keys.c.article_id, sa.func.count()).group_by(
                    article_keys.c.article_id
                )
            ).all()
        )
        ids = conn.execute(sa.select(articles.c.id)).scalars().all()
        assert all(linked.get(i, 0) > 0 for i in ids), "an article without its keys"
        wrong = conn.execute(
            sa.select(keys.c.key)
            .select_from(keys.outerjoin(article_keys, article_keys.c.key_id == keys.c.id))
            .group_by(keys.c.id, keys.c.key, keys.c.articles)
            .having(sa.func.count(article_keys.c.article_id) != keys.c.articles)
        ).all()
        assert not wrong, f"key counts out of step: {wrong[:3]}"
    return found


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_killed_add_leaves_whole_articles_and_a_rerun_completes(here: Path, ledger_url: str):
    expected = write_batch(here / "batch", 30, seed=3)
    proc = add(ledger_url, "batch")
    assert proc.stdout is not None
    first = proc.stdout.readline()  # one article in: the batch is under way
    time.sleep(random.uniform(0.0, 0.15))  # then anywhere inside the next articles
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert first, proc.stderr.read() if proc.stderr else ""
    found = audit(ledger_url)
    assert 0 < len(found) < len(expected), "the kill should land inside the batch"
    for path, n in found.items():  # each article whole: all its claims, its keys counted
        assert n == expected[path], f"{path}: {n} of {expected[path]} claims"
    rerun = add(ledger_url, "batch")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert audit(ledger_url) == expected
    assert "unchanged" in out and "added" in out  # what the killed runs added stays as it was


def test_two_writers_at_once_lose_nothing(here: Path, ledger_url: str):
    from factcheck.ledger.store import Ledger

    first = write_batch(here / "one", 8, seed=11)
    second = write_batch(here / "two", 8, seed=12)
    shared = write_batch(here / "shared", 3, seed=13)
    Ledger.open(ledger_url, create=True).close()  # the race is for articles, not the schema
    writers = [add(ledger_url, "one", "shared"), add(ledger_url, "shared", "two")]
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    assert audit(ledger_url) == {**first, **second, **shared}
