"""Load generators: wrk (preferred; Debian package `wrk`) or a small asyncio client (fallback).

Both are closed-loop: ``connections`` keep-alive connections, each sending its next request as
soon as the previous answer is read, for ``duration`` seconds; requests cycle through a fixed,
pre-shuffled list. They return requests, req/s, p50/p99/mean latency and error counts. wrk is
one C thread; the asyncio client is one Python process and saturates near ~5–8k req/s, so with
it the bare reference is client-bound (the figures say so).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Req:
    method: str
    path: str
    body: str = ""
    content_type: str = "application/json"


LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,' ..
    '"max_us":%d,"errors":%d,"status_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def _lua(requests: list[Req]) -> str:
    lines = ["local raw = {"]
    for r in requests:
        for text in (r.path, r.body):
            assert "]==]" not in text
        lines.append(f'  {{"{r.method}", [==[{r.path}]==], [==[{r.body}]==], "{r.content_type}"}},')
    lines.append("}")
    lines.append("""
local reqs, i = {}, 0
init = function(args)
  for k, r in ipairs(raw) do
    local headers = {}
    if r[3] ~= "" then headers["Content-Type"] = r[4] end
    reqs[k] = wrk.format(r[1], r[2], headers, r[3] ~= "" and r[3] or nil)
  end
end
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
""")
    return "\n".join(lines) + LUA_DONE


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(base: str, requests: list[Req], connections: int, duration: float,
            cpus: set[int] | None = None) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(_lua(requests))
        script = handle.name
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "30s",
           "-s", script, base]
    if cpus:
        cmd = ["taskset", "-c", ",".join(map(str, sorted(cpus))), *cmd]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True)
    finally:
        Path(script).unlink(missing_ok=True)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCHJSON ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-500:]} {done.stderr[-500:]}")
    raw = json.loads(line.split(" ", 1)[1])
    secs = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"], "rps": raw["requests"] / secs, "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000, "mean_ms": raw["mean_us"] / 1000,
        "max_ms": raw["max_us"] / 1000, "errors": raw["errors"] + raw["status_errors"],
    }


async def _py_load(base: str, requests: list[Req], connections: int,
                   duration: float) -> dict[str, float]:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    wire = []
    for r in requests:
        body = r.body.encode()
        head = f"{r.method} {r.path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        if body:
            head += f"Content-Type: {r.content_type}\r\nContent-Length: {len(body)}\r\n"
        wire.append(head.encode() + b"\r\n" + body)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration

    async def worker(offset: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        i = offset
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.write(wire[i % len(wire)])
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            errors += status.split(b" ")[1][:1] not in (b"2", b"3")
            i += connections
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(connections)))
    secs = time.perf_counter() - started
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n, "rps": n / secs, "p50_ms": latencies[n // 2] * 1000,
        "p99_ms": latencies[min(n - 1, int(n * 0.99))] * 1000,
        "mean_ms": sum(latencies) / n * 1000, "max_ms": latencies[-1] * 1000, "errors": errors,
    }


def run_python(base: str, requests: list[Req], connections: int, duration: float,
               cpus: set[int] | None = None) -> dict[str, float]:
    return asyncio.run(_py_load(base, requests, connections, duration))
