"""One client cannot stall the server (issue 13): slow checks are stopped at their budget,
overload is refused with 503 and Retry-After, slow or oversized headers and bodies are cut
off, and failures answer with the documented JSON error shape, never the exception text.

The first tests drive a real ``factcheck serve`` in a subprocess, with small limits so that
each limit is reached in a second or two; the rest run the app in process (check processes
are forked, so a stand-in analyser defined here runs in them too).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from factcheck.api import Settings, create_app
from factcheck.model import CheckConfig, Document
from factcheck.pipeline import Analysis
from tests.test_api import Api, FakeAnalyser, assert_error, one_doc

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SLOW_TEXT = "1 " * 20_000  # about 38 s to check before issue 13: far past any budget here
BUDGET_MS = 1_500
CLASH = (
    "Strikes have killed at least 32 people since early September.\n"
    "The airstrikes have killed nearly 30 people so far."
)
BAD_FRONT_MATTER = "---\ntitle: Storm\npublished_at: 2025-13-45\n---\n\nTwo people died.\n"

# -- a real server ------------------------------------------------------------------------------


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def request(
        self, path: str, body: dict[str, Any] | None = None, timeout: float = 30
    ) -> tuple[int, Message, dict[str, Any]]:
        """Status, headers (any case) and JSON of one request on a new connection."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url(path), data=data, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.status, answer.headers, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, error.headers, json.loads(error.read())

    def check_processes(self) -> set[int]:
        """The pids of the server's children: its check processes (one worker, no
        supervisor, so the server process is the uvicorn worker itself)."""
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(stat[1]) == self.process.pid and stat[0] != "Z":
                    found.add(int(entry.name))
        return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if not Path("/proc").is_dir() or not hasattr(os, "fork"):
        pytest.skip("needs Linux: /proc and fork()")
    port = free_port()
    env = {
        **os.environ,
        "FACTCHECK_ACCESS_LOG": "0",
        "FACTCHECK_TIME_BUDGET_MS": str(BUDGET_MS),
        "FACTCHECK_CHECK_PROCESSES": "1",
        "FACTCHECK_MAX_QUEUE": "0",  # a second check while one runs is refused at once
        "FACTCHECK_MAX_CONNECTIONS": "12",
        "FACTCHECK_HEADER_TIMEOUT_MS": "700",
        "FACTCHECK_BODY_TIMEOUT_MS": "700",
        "FACTCHECK_MAX_HEADER_BYTES": "4096",
    }
    code = f"from factcheck.api import serve; serve(host={HOST!r}, port={port}, workers=1)"
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    running = Server(process, port)
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"the server exited early:\n{err}")
        try:
            if running.request("/healthz", timeout=1)[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("the server did not answer /healthz")
        time.sleep(0.05)
    yield running
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stderr:
        process.stderr.close()
    assert not running.check_processes(), "check processes outlived the server"


def test_a_slow_check_is_stopped_and_stalls_no_one(server: Server) -> None:
    before = server.check_processes()
    assert len(before) == 1
    hostile: list[tuple[int, dict[str, Any], float]] = []

    def send() -> None:
        began = time.monotonic()
        status, _, body = server.request("/v1/check", one_doc(SLOW_TEXT))
        hostile.append((status, body, time.monotonic() - began))

    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(0.3)  # the hostile check is running now
    health = []
    for _ in range(10):
        began = time.monotonic()
        assert server.request("/healthz")[0] == 200
        health.append(time.monotonic() - began)
        time.sleep(0.03)
    # The one check process is busy and no queue is allowed: refused at once, not stalled.
    status, headers, body = server.request("/v1/check", one_doc("Two people died."))
    assert status == 503 and body["error"]["code"] == "overloaded"
    assert int(headers["Retry-After"]) >= 1
    thread.join(timeout=30)

    # Before issue 13 /healthz waited for the check (seconds); the benchmark holds the
    # 50 ms target, this only a margin that a busy test machine keeps.
    assert sorted(health)[len(health) // 2] < 0.1 and max(health) < 0.5, health
    ((status, body, seconds),) = hostile
    assert status == 503 and body["error"]["code"] == "check_timeout", body
    assert BUDGET_MS / 1000 <= seconds < BUDGET_MS / 1000 + 2
    # The overrunning process was killed and replaced; the next check is served.
    time.sleep(0.2)
    after = server.check_processes()
    assert len(after) == 1 and not after & before
    status, _, body = server.request("/v1/check", one_doc(CLASH))
    assert status == 200 and [f["rule"] for f in body["findings"]] == ["FC101"]


def test_markdown_is_read_inside_the_check_process(server: Server) -> None:
    status, _, body = server.request(
        "/v1/check", {"documents": [{"text": BAD_FRONT_MATTER, "format": "markdown"}]}
    )
    assert status == 422, body
    assert body["error"]["code"] == "invalid_input"
    assert body["error"]["fields"][0]["field"] == "documents.0.text"


def raw_exchange(server: Server, *chunks: bytes, pause: float = 0.0) -> tuple[bytes, float]:
    """Send ``chunks`` (pausing between them), then read until the server closes."""
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        began = time.monotonic()
        for chunk in chunks:
            sock.sendall(chunk)
            time.sleep(pause)
        answer = b""
        while data := sock.recv(65536):
            answer += data
        return answer, time.monotonic() - began


def test_headers_that_trickle_in_are_cut_off(server: Server) -> None:
    answer, seconds = raw_exchange(server, b"GET /healthz HTTP/1.1\r\n", b"Host: x\r\n", pause=0.3)
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert b'"request_timeout"' in answer and seconds < 3


def test_a_body_that_trickles_in_is_cut_off(server: Server) -> None:
    head = (
        b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n"
    )
    answer, seconds = raw_exchange(server, head, b'{"documents": ', pause=0.1)
    assert b" 408 " in answer.split(b"\r\n")[0], answer
    assert b'"request_timeout"' in answer and seconds < 3


def test_oversized_headers_get_431(server: Server) -> None:
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 8000 + b"\r\n\r\n"
    answer, _ = raw_exchange(server, head)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:100]


def test_connections_over_the_limit_get_503_with_retry_after(server: Server) -> None:
    idle = [socket.create_connection((HOST, server.port)) for _ in range(12)]
    try:
        time.sleep(0.1)
        answer, _ = raw_exchange(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    finally:
        for sock in idle:
            sock.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503 ") and b"retry-after: 1" in head.lower()
    assert json.loads(body)["error"]["code"] == "overloaded"
    time.sleep(0.1)
    assert server.request("/healthz")[0] == 200  # below the limit again


# -- in process -------------------------------------------------------------------------------


@pytest.fixture
def make_api() -> Iterator[Callable[..., Api]]:
    made: list[Api] = []

    def make(analyser: Any = None, **settings: Any) -> Api:
        api = Api(create_app(Settings(**settings), analyser))
        made.append(api)
        return api

    yield make
    for api in made:
        api.close()


def boom(documents: Sequence[Document], config: CheckConfig) -> Analysis:
    raise RuntimeError("secret detail from /srv/factcheck/internal.py")


@pytest.mark.parametrize("processes", [1, 0])
def test_a_bug_gets_500_with_an_error_id_and_no_details(
    make_api: Callable[..., Api], caplog: pytest.LogCaptureFixture, processes: int
) -> None:
    api = make_api(boom, check_processes=processes)
    with caplog.at_level(logging.ERROR, logger="factcheck.api"):
        response = api.post("/v1/check", json=one_doc("Two people died."))
    error = assert_error(response, 500)
    assert error["code"] == "internal_error" and len(error["id"]) == 12
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert error["id"] in error["message"]
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert error["id"] in logged and "secret detail" in logged


def test_a_bug_outside_the_check_keeps_the_json_shape(
    make_api: Callable[..., Api], caplog: pytest.LogCaptureFixture
) -> None:
    api = make_api(FakeAnalyser(), check_processes=0)

    def broken(options: Any) -> CheckConfig:
        raise KeyError("secret")

    api.app.state.service.config = broken
    with caplog.at_level(logging.ERROR, logger="factcheck.api"):
        response = api.post("/v1/check", json=one_doc("Two people died."))
    error = assert_error(response, 500)
    assert "secret" not in response.text and error["id"] in caplog.text


def dies_on_request(documents: Sequence[Document], config: CheckConfig) -> Analysis:
    if "CRASH-NOW" in documents[0].text:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    if "SLEEP-NOW" in documents[0].text:
        time.sleep(60)
    return FakeAnalyser()(documents, config)


def test_a_check_process_that_dies_or_overruns_is_replaced(make_api: Callable[..., Api]) -> None:
    api = make_api(dies_on_request, check_processes=1, time_budget_ms=400)
    error = assert_error(api.post("/v1/check", json=one_doc("CRASH-NOW")), 500)
    assert error["id"]
    assert api.post("/v1/check", json=one_doc("Two people died.")).status_code == 200
    began = time.monotonic()
    error = assert_error(api.post("/v1/check", json=one_doc("SLEEP-NOW")), 503)
    assert error["code"] == "check_timeout" and time.monotonic() - began < 2
    assert api.post("/v1/check", json=one_doc("Two people died.")).status_code == 200
    lt = api.post("/v2/check", data={"text": "SLEEP-NOW", "language": "en"})
    assert assert_error(lt, 503)["code"] == "check_timeout"


@pytest.mark.parametrize("processes", [1, 0])
def test_bad_front_matter_gets_a_json_422(make_api: Callable[..., Api], processes: int) -> None:
    api = make_api(check_processes=processes)
    body = {"documents": [{"text": BAD_FRONT_MATTER, "format": "markdown"}]}
    error = assert_error(api.post("/v1/check", json=body), 422, "documents.0.text")
    assert error["code"] == "invalid_input"


def test_serving_beyond_this_machine_without_a_token_warns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    from factcheck.api import serve

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    for host, token, warned in [
        ("0.0.0.0", None, True),
        ("192.0.2.7", None, True),
        ("0.0.0.0", "s3cret", False),
        ("127.0.0.1", None, False),
        ("::1", None, False),
        ("localhost", None, False),
    ]:
        if token:
            monkeypatch.setenv("FACTCHECK_TOKEN", token)
        else:
            monkeypatch.delenv("FACTCHECK_TOKEN", raising=False)
        serve(host=host, port=8099)
        err = capsys.readouterr().err
        assert ("warning" in err and "FACTCHECK_TOKEN" in err) is warned, (host, err)


def test_a_slow_check_holds_back_no_one(make_api: Callable[..., Api]) -> None:
    # Two check processes: checks run one at a time, but one that has run for slow_check_ms
    # stops counting, and the next check starts beside it on the spare process.
    api = make_api(dies_on_request, check_processes=2, slow_check_ms=100, time_budget_ms=1_000)

    async def both() -> tuple[int, int, float]:
        slow = asyncio.ensure_future(api.client.post("/v1/check", json=one_doc("SLEEP-NOW")))
        await asyncio.sleep(0.3)
        began = time.monotonic()
        fast = await api.client.post("/v1/check", json=one_doc("Two people died."))
        took = time.monotonic() - began
        return (await slow).status_code, fast.status_code, took

    slow_status, fast_status, took = api.loop.run_until_complete(both())
    assert (slow_status, fast_status) == (503, 200) and took < 0.5
