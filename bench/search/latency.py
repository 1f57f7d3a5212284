"""Query latency: the backend alone (the reference) and the full HTTP + GraphQL stack.

The reference calls the backend exactly as the search service does (same parsed request, facets
included). The full stack is a uvicorn server with the portal app, asked the page's own
``Search`` operation over keep-alive HTTP, one request at a time.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.search.mix import Query
from search.backend import SearchBackend
from search.query import Filters, SearchRequest, parse_query

PROJECT = Path(__file__).resolve().parents[2]
OPERATION = (PROJECT / "public_site" / "operations" / "Search.graphql").read_text("utf-8")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(values, 50), 2), "p99_ms": round(percentile(values, 99), 2),
            "mean_ms": round(statistics.fmean(values), 2), "n": len(values)}


def request_for(query: Query) -> SearchRequest:
    parsed = parse_query(query.text, 100)
    return SearchRequest(tuple(parsed.segments), tuple(parsed.words), query.kinds,
                         Filters(**query.filters), 0, 20)


async def backend_times(backend: SearchBackend, mix: list[Query], rounds: int
                        ) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for query in mix:  # warm-up: caches and the searcher
        await backend.search(request_for(query))
    for _ in range(rounds):
        for query in mix:
            request = request_for(query)
            started = time.perf_counter()
            await backend.search(request)
            out.setdefault(query.group, []).append((time.perf_counter() - started) * 1000)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``uvicorn portal.asgi:app`` on the benchmark database and index, stopped by its pid."""

    def __init__(self, db_url: str, var_dir: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "PORTAL_DATABASE_URL": db_url, "PORTAL_VAR_DIR": str(var_dir),
               "PORTAL_SEARCH_BACKEND": "embedded", "PORTAL_SEARCH_INDEXER": "external",
               # the mix repeats each query every round: measure the work, not the answer cache
               "PORTAL_RESPONSE_CACHE_SECONDS": "0"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "portal.asgi:app", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--no-access-log"],
            env=env, cwd=PROJECT, start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/graphql?query=%7B__typename%7D").status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the portal server did not start")

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def variables(query: Query) -> dict[str, Any]:
    filters = {k: v for k, v in query.filters.items()}
    return {"query": query.text, "kinds": [k.upper() for k in query.kinds] or None,
            "filters": filters or None, "first": 20}


def http_times(server: Server, mix: list[Query], rounds: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    with httpx.Client(base_url=server.base, timeout=30) as client:
        def ask(query: Query) -> None:
            body = {"query": OPERATION, "operationName": "Search", "variables": variables(query)}
            response = client.post("/graphql", json=body)
            data = response.json()
            if response.status_code != 200 or data.get("errors"):
                raise RuntimeError(f"{query}: {response.status_code} {data.get('errors')}")

        for query in mix:
            ask(query)
        for _ in range(rounds):
            for query in mix:
                started = time.perf_counter()
                ask(query)
                out.setdefault(query.group, []).append((time.perf_counter() - started) * 1000)
    return out
