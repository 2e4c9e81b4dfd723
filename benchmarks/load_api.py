"""Load benchmark of the HTTP API: the seed article posted to /v1/check, many times.

Starts ``factcheck serve`` (through ``factcheck.api.serve``) with 2 worker processes on a free
127.0.0.1 port, waits for /healthz, then sends a bounded number of requests over keep-alive
connections from this process and prints requests per second and latency percentiles. It
stops the server itself. Only loopback traffic.

    .venv/bin/python benchmarks/load_api.py [--requests 3000] [--concurrency 8] [--max-seconds 30]

Two more modes (issue 13):

    .venv/bin/python benchmarks/load_api.py --storm   # 50 clients for 60 s on the storm example
    .venv/bin/python benchmarks/load_api.py --probe   # /healthz while hostile requests run

``--storm`` posts ``examples/storm-draft.md`` as Markdown from 50 connections for 60 s
(``--concurrency`` and ``--max-seconds`` change that) and counts every answer that is not a
200 by status: the target is 0 of them and p99 at most 500 ms on 2 cores. ``--probe`` sends
hostile requests one at a time (60 KB of Markdown that was quadratic to read, and
``"1 " * 20000`` as plain text, which took ~38 s to check), polls /healthz every 20 ms on
another connection while each runs, and prints the hostile request's status and time and
the health check's latency: the target is at most 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STORM = REPO / "examples" / "storm-draft.md"
# name -> (text, format): inputs that stalled the server before issue 13.
HOSTILE = {
    "markdown-60k": ("[a" * 30_000, "markdown"),
    "numbers-40k": ("1 " * 20_000, "text"),
}
SEED_PATHS = (
    Path("/work/shared/seed/article.txt"),
    REPO.parent / "shared" / "seed" / "article.txt",
)
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    code = f"from factcheck.api import serve; serve(host={HOST!r}, port={port}, workers={workers})"
    env = {**os.environ, "FACTCHECK_ACCESS_LOG": "0"}
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so stopping it stops its workers
    )


def wait_healthy(port: int, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            err = server.stderr.read().decode() if server.stderr else ""
            raise SystemExit(f"the server exited early:\n{err}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer /healthz within {timeout:.0f} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def server_cpu_seconds(session: int) -> float | None:
    """CPU time (user + system) used so far by every process of the server's session, from
    /proc; None where there is no /proc. Unlike wall time it does not depend on what else the
    machine is running, so it tells what a request costs."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # the session id (stat's 6th field)
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


class Connection:
    """A minimal HTTP/1.1 keep-alive client: enough for one POST after another."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        return cls(reader, writer)

    async def get(self, path: str, port: int) -> tuple[int, bytes]:
        return await self.post(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())

    async def post(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        body = await self.reader.readexactly(length)
        return status, body

    def close(self) -> None:
        self.writer.close()


def build_request(port: int, body: bytes) -> bytes:
    head = (
        f"POST /v1/check HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def load(port: int, body: bytes, total: int, concurrency: int, max_seconds: float) -> dict:
    request = build_request(port, body)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    sent = 0
    stop_at = time.perf_counter() + max_seconds

    async def worker() -> None:
        nonlocal sent
        conn = await Connection.open(port)
        try:
            while sent < total and time.perf_counter() < stop_at:
                sent += 1
                began = time.perf_counter()
                try:
                    status, _ = await conn.post(request)
                except (OSError, asyncio.IncompleteReadError):
                    status = 0  # the connection broke: counted, and a new one opened
                    conn.close()
                    conn = await Connection.open(port)
                latencies.append(time.perf_counter() - began)
                if status != 200:
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
                    conn.close()  # an error answer may close the connection: start afresh
                    conn = await Connection.open(port)
        finally:
            conn.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    return {
        "requests": len(latencies),
        "failures": sum(statuses.values()),
        "failed_statuses": statuses,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(50), 2),
        "p90_ms": round(pct(90), 2),
        "p99_ms": round(pct(99), 2),
        "max_ms": round(1000 * latencies[-1], 2),
        "mean_ms": round(1000 * statistics.fmean(latencies), 2),
    }


async def first_answer(port: int, body: bytes) -> dict:
    conn = await Connection.open(port)
    try:
        status, answer = await conn.post(build_request(port, body))
    finally:
        conn.close()
    if status != 200:
        raise SystemExit(f"/v1/check answered {status}: {answer[:300]!r}")
    result: dict = json.loads(answer)
    return result


async def probe(port: int, text: str, fmt: str, interval: float = 0.02) -> dict:
    """One hostile request, and /healthz every ``interval`` seconds while it runs."""
    body = json.dumps({"documents": [{"id": "hostile", "text": text, "format": fmt}]}).encode()
    hostile = await Connection.open(port)
    health = await Connection.open(port)
    health_ms: list[float] = []
    unhealthy = 0
    try:
        began = time.perf_counter()
        task = asyncio.ensure_future(hostile.post(build_request(port, body)))
        while not task.done():
            t = time.perf_counter()
            status, _ = await health.get("/healthz", port)
            health_ms.append(1000 * (time.perf_counter() - t))
            unhealthy += status != 200
            await asyncio.sleep(interval)
        status, answer = await task
        seconds = time.perf_counter() - began
    finally:
        hostile.close()
        health.close()
    health_ms.sort()
    code = json.loads(answer).get("error", {}).get("code") if status != 200 else None

    def pct(p: float) -> float | None:
        n = len(health_ms)
        return round(health_ms[min(n - 1, int(p / 100 * n))], 2) if n else None

    return {
        "status": status,
        "code": code,
        "seconds": round(seconds, 2),
        "healthz": {
            "checks": len(health_ms),
            "failed": unhealthy,
            "p50_ms": pct(50),
            "p99_ms": pct(99),
            "max_ms": pct(100),
        },
    }


def run_probes(port: int, as_json: bool) -> int:
    results = {name: asyncio.run(probe(port, text, fmt)) for name, (text, fmt) in HOSTILE.items()}
    if as_json:
        print(json.dumps({"probe": results}))
    for name, r in results.items():
        if not as_json:
            h = r["healthz"]
            print(
                f"{name}: {r['status']} {r['code'] or ''} in {r['seconds']} s; /healthz "
                f"{h['checks']} checks ({h['failed']} failed), p50 {h['p50_ms']} ms, "
                f"p99 {h['p99_ms']} ms, max {h['max_ms']} ms"
            )
    worst = max((r["healthz"]["max_ms"] or 0) for r in results.values())
    return 0 if worst <= 50 and all(not r["healthz"]["failed"] for r in results.values()) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests to send (3000)")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections (8)")
    parser.add_argument("--max-seconds", type=float, default=30, help="stop sending after (30)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (2)")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests first (200)")
    parser.add_argument("--article", type=Path, help="the text to post (the seed article)")
    parser.add_argument("--format", choices=("text", "markdown", "html"), default=None)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--storm", action="store_true", help="50 clients, 60 s, the storm example")
    mode.add_argument("--probe", action="store_true", help="/healthz while hostile requests run")
    args = parser.parse_args(argv)
    if args.storm:
        explicit = set(argv if argv is not None else sys.argv[1:])
        if "--concurrency" not in explicit:
            args.concurrency = 50
        if "--max-seconds" not in explicit:
            args.max_seconds = 60
        if "--requests" not in explicit:
            args.requests = 10**9  # bounded by time only
        args.article = args.article or STORM
        args.format = args.format or "markdown"

    article = args.article or next((p for p in SEED_PATHS if p.is_file()), None)
    if article is None or not article.is_file():
        parser.error("the seed article is not here; name a text with --article")
    text = article.read_text(encoding="utf-8")
    document = {"id": "draft", "text": text}
    if args.format:
        document["format"] = args.format
    body = json.dumps({"documents": [document]}).encode()

    port = free_port()
    server = start_server(port, args.workers)
    try:
        wait_healthy(port, server)
        if args.probe:
            asyncio.run(load(port, body, args.warmup, args.concurrency, args.max_seconds))
            return run_probes(port, args.json)
        answer = asyncio.run(first_answer(port, body))
        rules = sorted({f["rule"] for f in answer["findings"]})
        asyncio.run(load(port, body, args.warmup, args.concurrency, args.max_seconds))
        cpu_before, client_before = server_cpu_seconds(server.pid), time.process_time()
        result = asyncio.run(load(port, body, args.requests, args.concurrency, args.max_seconds))
        cpu_after, client_after = server_cpu_seconds(server.pid), time.process_time()
    finally:
        stop_server(server)
    if cpu_before is not None and cpu_after is not None:
        server_ms = 1000 * (cpu_after - cpu_before) / result["requests"]
        result["server_cpu_ms_per_request"] = round(server_ms, 2)
    client_ms = 1000 * (client_after - client_before) / result["requests"]
    result["client_cpu_ms_per_request"] = round(client_ms, 2)
    result.update(workers=args.workers, article=article.name, findings=rules, cpus=os.cpu_count())
    if args.json:
        print(json.dumps(result))
    else:
        failed = ", ".join(f"{n}× {code}" for code, n in result["failed_statuses"].items())
        print(
            f"{result['requests']} requests ({result['failures']} failed{': ' if failed else ''}"
            f"{failed}) in {result['seconds']} s "
            f"over {args.concurrency} connections, {args.workers} workers, "
            f"{result['cpus']} CPUs\n"
            f"  {result['requests_per_second']} requests/s\n"
            f"  latency p50 {result['p50_ms']} ms, p90 {result['p90_ms']} ms, "
            f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms\n"
            f"  CPU per request: server {result.get('server_cpu_ms_per_request', '?')} ms, "
            f"load client {result['client_cpu_ms_per_request']} ms\n"
            f"  findings in each answer: {', '.join(rules) or 'none'}"
        )
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
