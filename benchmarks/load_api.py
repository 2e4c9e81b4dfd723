"""Load benchmark of the HTTP API: the seed article posted to /v1/check, many times.

Starts ``factcheck serve`` (through ``factcheck.api.serve``) with 2 worker processes on a free
127.0.0.1 port, waits for /healthz, then sends a bounded number of requests over keep-alive
connections from this process and prints requests per second and latency percentiles. It
stops the server itself. Only loopback traffic.

    .venv/bin/python benchmarks/load_api.py [--requests 3000] [--concurrency 8] [--max-seconds 30]
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
    failures = 0
    sent = 0
    stop_at = time.perf_counter() + max_seconds

    async def worker() -> None:
        nonlocal sent, failures
        conn = await Connection.open(port)
        try:
            while sent < total and time.perf_counter() < stop_at:
                sent += 1
                began = time.perf_counter()
                status, _ = await conn.post(request)
                latencies.append(time.perf_counter() - began)
                failures += status != 200
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
        "failures": failures,
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests to send (3000)")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections (8)")
    parser.add_argument("--max-seconds", type=float, default=30, help="stop sending after (30)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (2)")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests first (200)")
    parser.add_argument("--article", type=Path, help="the text to post (the seed article)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    article = args.article or next((p for p in SEED_PATHS if p.is_file()), None)
    if article is None or not article.is_file():
        parser.error("the seed article is not here; name a text with --article")
    text = article.read_text(encoding="utf-8")
    body = json.dumps({"documents": [{"id": "draft", "text": text}]}).encode()

    port = free_port()
    server = start_server(port, args.workers)
    try:
        wait_healthy(port, server)
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
        print(
            f"{result['requests']} requests ({result['failures']} failed) in {result['seconds']} s "
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
