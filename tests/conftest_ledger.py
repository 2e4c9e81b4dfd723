"""Fixtures for the ledger tests: every test runs on SQLite and on a real PostgreSQL.

PostgreSQL is a throwaway cluster in a temporary folder, started once per session with the
server's own ``initdb`` and ``pg_ctl`` on a free port (``scripts/setup-postgres.sh`` installs
Debian's server when it is missing). The server refuses to run as root, so as root the
cluster belongs to the ``postgres`` user (or ``nobody``). Each test gets a schema of its
own. Without a server the PostgreSQL half skips, saying why.

Loaded by the ledger test modules (``pytest_plugins = ["tests.conftest_ledger"]``), not by
tests/conftest.py, so the rest of the suite never starts a server.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgresql")
_counter = itertools.count(1)


def _server_bin() -> Path | None:
    """The newest installed server's bin folder (Debian keeps it off PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_user() -> tuple[list[str], str | None]:
    """The command prefix that runs the server as someone other than root."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            runuser = shutil.which("runuser")
            if runuser:
                return [runuser, "-u", name, "--"], name
    return [], None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running throwaway cluster; yields its base URL (trust auth, user postgres)."""
    bindir = _server_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server not installed: run scripts/setup-postgres.sh")
    prefix, user = _as_user()
    if os.geteuid() == 0 and user is None:
        pytest.skip("running as root without runuser or a non-root user for PostgreSQL")
    base = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, *args], capture_output=True, text=True, cwd=base, timeout=120
        )

    done = run(
        str(bindir / "initdb"),
        "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
    )  # fmt: skip
    if done.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {(done.stderr or done.stdout).strip()[-300:]}")
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    options += " -c synchronous_commit=off -c full_page_writes=off"
    done = run(
        str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start"
    )
    if done.returncode != 0:
        detail = log.read_text(errors="replace")[-300:] if log.exists() else done.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {detail.strip()}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def new_database(server: str) -> str:
    """A fresh, empty ledger location on the test server: a schema of its own in one shared
    database (creating a schema takes milliseconds, a database most of a second)."""
    import psycopg

    name = f"ledger_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    return f"{server}/postgres?options=-csearch_path%3D{name}"


@pytest.fixture(params=BACKENDS)
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty ledger location on each backend: a file path, or a new database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    server: str = request.getfixturevalue("postgres_server")
    return new_database(server)
