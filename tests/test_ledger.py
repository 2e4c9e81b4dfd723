"""The claims ledger: adding articles, checking drafts against them, time, corrections and
errors, each on SQLite and on a real PostgreSQL (tests/conftest_ledger.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factcheck.model import CheckConfig

# The fixtures: ledger_url (each backend), postgres_server.
pytest_plugins = ["tests.conftest_ledger"]

pytest.importorskip("sqlalchemy")
pytest.importorskip("alembic")

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

RISING = """---
published_at: 2025-10-21
---

# Storm Maren toll climbs

Storm Maren has killed at least 40 people along the northern coast since Sunday, officials
said. The ferry that capsized off Vessa on Monday killed 12 passengers.
"""

UNRELATED = """---
published_at: 2025-10-19
---

# Council approves harbour budget

The council of Lindqvist approved a budget of $4 million for the harbour on Friday, the mayor
said. Twelve members voted for it.
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTCHECK_LEDGER", raising=False)
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(run: Any) -> str:
    assert run.code == 2, (run.out, run.err)
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: error: "), run.err
    return str(lines[0])


def test_add_is_idempotent_and_a_new_version_replaces(cli: Cli, here: Path, ledger_url: str):
    path = write(here, "monday.md", MONDAY)
    first = cli("ledger", "add", path.name, "--ledger", ledger_url)
    assert first.code == 0 and first.out.startswith("added 1 v1"), first.err
    again = cli("ledger", "add", path.name, "--ledger", ledger_url)
    assert again.out.startswith("unchanged 1 v1")
    before = json.loads(cli("ledger", "stats", "--format", "json", "--ledger", ledger_url).out)
    path.write_text(MONDAY.replace("killing 12 passengers", "killing 12 passengers and two crew"))
    changed = cli("ledger", "add", path.name, "--ledger", ledger_url)
    assert changed.out.startswith("updated 1 v2")
    after = json.loads(cli("ledger", "stats", "--format", "json", "--ledger", ledger_url).out)
    assert after["articles"] == before["articles"] == 1
    assert after["claims"] > before["claims"]  # replaced, not appended: one more figure
    listed = json.loads(cli("ledger", "list", "--format", "json", "--ledger", ledger_url).out)
    assert [(a["id"], a["version"], a["path"]) for a in listed] == [(1, 2, "monday.md")]
    assert listed[0]["headline"] == "Storm Maren kills dozens on the northern coast"
    assert listed[0]["published_at"] == "2025-10-20"


def test_a_draft_is_checked_against_what_was_published(cli: Cli, here: Path, ledger_url: str):
    write(here, "archive/monday.md", MONDAY)
    write(here, "archive/budget.md", UNRELATED)
    cli("ledger", "add", "archive", "--ledger", ledger_url)
    cli(
        "ledger", "add", "archive/monday.md", "--url", "https://news.example/maren",
        "--ledger", ledger_url,
    )  # fmt: skip
    draft = write(here, "tuesday.md", TUESDAY)
    run = cli("check", draft.name, "--ledger", ledger_url, "--fail-on", "info")
    assert run.code == 1, run.err
    assert "FC104" in run.out and "FC101" in run.out
    assert "“Storm Maren kills dozens on the northern coast”" in run.out
    assert "published 2025-10-20" in run.out and "dated 2025-10-21" in run.out
    assert "https://news.example/maren:" in run.out or "archive/monday.md:" in run.out
    report = json.loads(cli("check", draft.name, "--ledger", ledger_url, "--format", "json").out)
    ledgered = [f for f in report["findings"] if "ledger" in f["explanation"]]
    assert {f["rule"] for f in ledgered} == {"FC101", "FC104"}
    assert all(
        e["headline"].startswith("Storm Maren")
        for f in ledgered
        for e in f["explanation"]["ledger"]
    )
    assert all("Council" not in f["message"] for f in report["findings"])
    for fmt in ("sarif", "github", "rdjsonl", "line", "markdown", "html"):
        out = cli("check", draft.name, "--ledger", ledger_url, "--format", fmt).out
        assert "Storm Maren kills dozens" in out, fmt
    # Without the ledger the draft alone is consistent.
    assert "FC10" not in cli("check", draft.name).out


def test_a_rising_total_is_an_update(cli: Cli, here: Path, ledger_url: str):
    write(here, "monday.md", MONDAY)
    cli("ledger", "add", "monday.md", "--ledger", ledger_url)
    draft = write(here, "wednesday.md", RISING)
    report = json.loads(cli("check", draft.name, "--ledger", ledger_url, "--format", "json").out)
    assert report["findings"] == []
    # A total that falls between the two dates is a finding naming both.
    fell = RISING.replace("2025-10-21", "2025-10-22").replace("at least 40", "25")
    later = write(here, "thursday.md", fell)
    report = json.loads(cli("check", later.name, "--ledger", ledger_url, "--format", "json").out)
    falls = [f for f in report["findings"] if f["rule"] == "FC104"]
    assert len(falls) == 1, report["findings"]
    assert "published 2025-10-20" in falls[0]["message"]
    assert "dated 2025-10-22" in falls[0]["message"]


def test_a_correction_supersedes_the_figure_it_corrects(cli: Cli, here: Path, ledger_url: str):
    write(here, "monday.md", MONDAY)
    cli("ledger", "add", "monday.md", "--ledger", ledger_url)
    fix = MONDAY.replace("killing 12 passengers", "killing 9 passengers").replace(
        "# Storm", "# Correction: Storm"
    )
    write(here, "monday-corrected.md", fix)
    run = cli("ledger", "add", "monday-corrected.md", "--corrects", "1", "--ledger", ledger_url)
    assert run.code == 0 and "supersedes 1 claim(s)" in run.out, run.out + run.err
    stats = json.loads(cli("ledger", "stats", "--format", "json", "--ledger", ledger_url).out)
    assert stats["corrections"] == 1 and stats["superseded_claims"] == 1
    # The archive no longer contradicts itself over the ferry: that was the correction.
    conflicts = cli("ledger", "conflicts", "--format", "json", "--ledger", ledger_url)
    assert json.loads(conflicts.out)["findings"] == [], conflicts.out
    draft = write(here, "tuesday.md", TUESDAY)
    report = json.loads(cli("check", draft.name, "--ledger", ledger_url, "--format", "json").out)
    ferry = [f for f in report["findings"] if "passengers" in f["message"]]
    assert ferry == []  # 9 agrees with the correction; the old 12 raises nothing
    wrong = cli("ledger", "add", "tuesday.md", "--corrects", "99", "--ledger", ledger_url)
    assert "no such article" in one_line_error(wrong)
    huge = cli("ledger", "add", "tuesday.md", "--corrects", str(2**63), "--ledger", ledger_url)
    assert "no article has the id" in one_line_error(huge)


def test_conflicts_inside_the_archive_and_remove(cli: Cli, here: Path, ledger_url: str):
    write(here, "a/monday.md", MONDAY)
    write(here, "a/tuesday.md", TUESDAY)
    assert cli("ledger", "add", "a", "--ledger", ledger_url).code == 0
    run = cli("ledger", "conflicts", "--ledger", ledger_url, "--fail-on", "info")
    assert run.code == 1 and "FC104" in run.out and "FC101" in run.out, run.out
    assert "published 2025-10-20" in run.out and "published 2025-10-21" in run.out
    sarif = json.loads(cli("ledger", "conflicts", "--ledger", ledger_url, "--format", "sarif").out)
    assert sarif["runs"][0]["results"]
    assert cli("ledger", "remove", "2", "--ledger", ledger_url).out == "removed 2\n"
    run = cli("ledger", "conflicts", "--ledger", ledger_url, "--format", "json")
    assert run.code == 0 and json.loads(run.out)["findings"] == []
    stats = json.loads(cli("ledger", "stats", "--format", "json", "--ledger", ledger_url).out)
    assert stats["articles"] == 1
    assert "no article 2" in one_line_error(cli("ledger", "remove", "2", "--ledger", ledger_url))


def test_conflicts_since_a_day_read_only_the_articles_published_since(
    cli: Cli, here: Path, ledger_url: str
):
    """A newsroom's nightly run: what this week's articles contradict in the archive,
    without reading the whole archive again."""
    write(here, "a/monday.md", MONDAY)
    write(here, "a/tuesday.md", TUESDAY)
    assert cli("ledger", "add", "a", "--ledger", ledger_url).code == 0
    every = json.loads(cli("ledger", "conflicts", "--ledger", ledger_url, "--format", "json").out)
    assert every["findings"]
    args = ("ledger", "conflicts", "--ledger", ledger_url, "--format", "json", "--since")
    tuesday = json.loads(cli(*args, "2025-10-21").out)  # Tuesday's story is read: the same
    assert tuesday["findings"] == every["findings"]
    later = cli(*args, "2025-10-22")
    assert later.code == 0 and json.loads(later.out)["findings"] == []
    assert "--since: 'last week' is not a date" in one_line_error(cli(*args, "last week"))


WEDNESDAY = """---
published_at: 2025-10-22
---

# Storm Maren: the toll

Storm Maren has killed 27 people along the northern coast since Sunday, the agency said.
The ferry that capsized off Vessa on Monday killed 11 passengers.
"""


def _conflicts(
    ledger_url: str, *, reread: bool = False, config: CheckConfig | None = None
) -> tuple[int, list[Any]]:
    """How many articles a ``ledger conflicts`` call read, and what it found."""
    import io

    from factcheck.ledger.check import archive_conflicts
    from factcheck.ledger.store import Ledger
    from factcheck.progress import Progress

    bar = Progress(io.StringIO(), enabled=False)
    with Ledger.open(ledger_url) as ledger:
        report, _ = archive_conflicts(ledger, config or CheckConfig(), reread=reread, progress=bar)
    return bar.total, [
        (f.rule, f.message, [s.document_id for s in f.spans]) for f in report.findings
    ]


def test_conflicts_are_kept_until_a_write_could_change_them(cli: Cli, here: Path, ledger_url: str):
    """A second call reads nothing; a write reads again what it can reach, and what is kept
    is always what reading everything again finds."""
    for name, text in [("a/1.md", MONDAY), ("a/2.md", UNRELATED), ("a/3.md", TUESDAY)]:
        write(here, name, text)
    assert cli("ledger", "add", "a", "--ledger", ledger_url).code == 0

    def same_as_rereading(expect_read: int) -> list[Any]:
        read, found = _conflicts(ledger_url)
        assert read == expect_read
        assert found == _conflicts(ledger_url, reread=True)[1]
        return found

    first = same_as_rereading(3)
    assert any(rule == "FC104" for rule, _, _ in first)
    assert _conflicts(ledger_url)[0] == 0  # nothing changed: a query
    # A new article is read alone; the earlier ones are never read against it.
    write(here, "a/4.md", WEDNESDAY)
    assert cli("ledger", "add", "a/4.md", "--ledger", ledger_url).code == 0
    same_as_rereading(1)
    # A new version of Monday's story: it and the later stories sharing its keys are read
    # again (the council story shares none).
    write(here, "a/1.md", MONDAY.replace("at least 32", "at least 26"))
    assert cli("ledger", "add", "a/1.md", "--ledger", ledger_url).code == 0
    same_as_rereading(3)
    # A correction of Tuesday's ferry figure: what read Tuesday's figures is read again.
    fix = TUESDAY.replace("killed 9 passengers", "killed 12 passengers").replace(
        "# Storm", "# Correction: Storm"
    )
    write(here, "fix.md", fix)
    assert cli("ledger", "add", "fix.md", "--corrects", "3", "--ledger", ledger_url).code == 0
    same_as_rereading(3)  # the correction, and Tuesday's later readers: the correction, 4
    # Removing an article forgets what read against it.
    assert cli("ledger", "remove", "3", "--ledger", ledger_url).code == 0
    found = same_as_rereading(2)
    assert not any(any("3.md" in d for d in docs) for _, _, docs in found)
    # Other settings may find other things: read again, and kept under those settings.
    only_falls = CheckConfig(select=["FC104"])
    read, falls = _conflicts(ledger_url, config=only_falls)
    assert read == 4 and {rule for rule, _, _ in falls} <= {"FC104"}  # the four left
    assert _conflicts(ledger_url, config=only_falls)[0] == 0
    assert _conflicts(ledger_url) == (4, found)


def test_a_reading_that_raced_a_write_is_not_kept(cli: Cli, here: Path, ledger_url: str):
    from factcheck.ledger.store import Ledger

    write(here, "a/1.md", MONDAY)
    write(here, "a/2.md", TUESDAY)
    assert cli("ledger", "add", "a", "--ledger", ledger_url).code == 0
    with Ledger.open(ledger_url) as ledger:
        before = ledger.writes()
        assert before == 2
        ledger.remove(1)  # a write between the reading and its keeping
        assert ledger.keep({2: ["{}"]}, "settings", before) is False
        assert ledger.kept([2], "settings") == {}
        assert ledger.keep({2: []}, "settings", ledger.writes()) is True
        assert ledger.kept([2], "settings") == {2: []}
        assert ledger.kept([2], "other settings") == {}


def test_the_environment_names_the_ledger(cli: Cli, here: Path, monkeypatch: pytest.MonkeyPatch):
    ledger = str(here / "env.db")
    write(here, "monday.md", MONDAY)
    write(here, "tuesday.md", TUESDAY)
    assert "name the ledger" in one_line_error(cli("ledger", "list"))
    monkeypatch.setenv("FACTCHECK_LEDGER", ledger)
    assert cli("ledger", "add", "monday.md").code == 0
    assert "FC104" in cli("check", "tuesday.md").out


# -- errors: one line, exit 2 ---------------------------------------------------------------------


def test_unusable_ledgers_are_one_line_errors(cli: Cli, here: Path):
    write(here, "monday.md", MONDAY)
    garbage = here / "garbage.db"
    garbage.write_bytes(b"\x00\x01 this is no database" * 100)
    assert "not a SQLite database" in one_line_error(cli("ledger", "list", "--ledger", garbage))
    assert "not a SQLite database" in one_line_error(cli("check", "monday.md", "--ledger", garbage))
    import sqlite3

    foreign = here / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    assert "not a factcheck ledger" in one_line_error(cli("ledger", "list", "--ledger", foreign))
    assert "not a factcheck ledger" in one_line_error(
        cli("ledger", "add", "monday.md", "--ledger", foreign)
    )
    missing = here / "nowhere.db"
    assert "no ledger there" in one_line_error(cli("ledger", "stats", "--ledger", missing))
    assert not missing.exists()
    assert "unsupported scheme" in one_line_error(
        cli("ledger", "list", "--ledger", "mysql://u@h/db")
    )
    unreachable = cli("ledger", "list", "--ledger", "postgresql://nobody@127.0.0.1:1/none")
    assert "cannot connect" in one_line_error(unreachable)


def test_schema_versions(cli: Cli, here: Path, ledger_url: str):
    import sqlalchemy as sa

    from factcheck.ledger import migrate, schema
    from factcheck.ledger.store import Ledger

    assert migrate.head() == schema.HEAD
    write(here, "monday.md", MONDAY)
    cli("ledger", "add", "monday.md", "--ledger", ledger_url)
    with Ledger.open(ledger_url) as ledger, ledger.engine.begin() as conn:
        # Every column the code uses exists in the migrated database.
        inspector = sa.inspect(conn)
        for table in schema.metadata.sorted_tables:
            found = {c["name"] for c in inspector.get_columns(table.name)}
            assert found == {c.name for c in table.columns}, table.name
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    assert "newer than this factcheck" in one_line_error(
        cli("ledger", "list", "--ledger", ledger_url)
    )
    with _raw(ledger_url) as conn:  # back to the first schema, as an old install left it
        conn.execute(sa.text(f"UPDATE alembic_version SET version_num = '{schema.HEAD}'"))
        migrate.downgrade(conn, "0001")
    old = cli("ledger", "list", "--ledger", ledger_url)
    assert "is older" in one_line_error(old) and "factcheck ledger upgrade" in old.err
    up = cli("ledger", "upgrade", "--ledger", ledger_url)
    assert up.code == 0 and f"schema {schema.HEAD}" in up.out, up.err
    assert cli("ledger", "list", "--ledger", ledger_url).code == 0


def _raw(url: str) -> Any:
    """A connection to the ledger's database without the ledger's checks."""
    import contextlib

    import sqlalchemy as sa

    from factcheck.ledger.url import parse

    @contextlib.contextmanager
    def connect() -> Any:
        engine = sa.create_engine(parse(url).url)
        try:
            with engine.begin() as conn:
                yield conn
        finally:
            engine.dispose()

    return connect()


def test_check_without_a_ledger_does_not_load_the_database_stack(here: Path):
    write(here, "monday.md", MONDAY)
    code = (
        "import sys; from factcheck.cli import main; main(['check', 'monday.md']); "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=here)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
