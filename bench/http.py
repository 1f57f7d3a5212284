"""`python -m bench http`: the real server, through the full HTTP stack, beside a bare reference.

1. Start `portal serve --workers W` against the generated database (settings from the
   environment: ``PORTAL_DATABASE_URL``, ``PORTAL_VAR_DIR``), and check a sample of every
   scenario's answers (HTTP 200, no GraphQL errors, the enterprise found).
2. Keep the median-size answer of each scenario and serve it from the bare reference
   (``bench.reference_app``: Starlette + the same uvicorn settings, no middleware, no DB).
3. Per scenario and server: warm up, then a latency run (1 connection, back-to-back requests)
   and a throughput run (``--connections`` keep-alive connections), closed loop; with
   ``--repeat N`` each run is repeated and the best kept (noise on a shared machine only ever
   slows a run down). Server CPU per request is recorded too: it is the figure least disturbed
   by other processes.
4. Sample the portal's process-tree RSS during all its runs.

With 1 worker on this 2-core machine the server is pinned to CPU 0 and wrk to CPU 1, so the
load generator does not steal the server's core (``--no-pin`` to disable).
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench import loadgen
from bench.generate import PROJECT, Target, load_manifest, portal_cmd
from bench.inputs import SCENARIOS, check_response, sample
from bench.loadgen import Req
from bench.servers import MemoryWatch, Server, cpu_seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _verify(base: str, scenario: str, reqs: list[Req], count: int) -> dict[str, Any]:
    bodies: list[bytes] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for r in reqs[:count]:
            resp = client.request(r.method, r.path, content=r.body.encode() or None,
                                  headers={"content-type": r.content_type} if r.body else {})
            problem = check_response(scenario, resp.status_code, resp.content)
            if problem:
                raise RuntimeError(f"{scenario} {r.method} {r.path} {r.body[:200]}: {problem}")
            bodies.append(resp.content)
            content_type = resp.headers["content-type"]
    bodies.sort(key=len)
    return {"body": bodies[len(bodies) // 2].decode(), "content_type": content_type,
            "mean_bytes": round(statistics.mean(len(b) for b in bodies))}


def _measured(drive: Any, server: Server, reqs: list[Req], connections: int, secs: float,
              cpus: set[int] | None) -> dict[str, float]:
    """One throughput run plus the server's CPU: share of a core, and ms per request."""
    cpu0, wall0 = cpu_seconds(server.pids()), time.monotonic()
    result: dict[str, float] = drive(server.base, reqs, connections, secs, cpus)
    used = cpu_seconds(server.pids()) - cpu0
    result["server_cpu"] = used / (time.monotonic() - wall0)
    result["cpu_ms_per_req"] = used * 1000 / max(1, result["requests"])
    return result


def _start_portal(t: Target, workers: int, cpus: set[int] | None, log_dir: Path,
                  requests: dict[str, list[Req]], experiments: list[str],
                  ) -> tuple[Server, dict[str, Any], str]:
    """`portal serve`; if it cannot reach the database from requests, the documented shim.

    What-if ``experiments`` always go through the shim (bench/portal_shim.py).
    """
    shim = [sys.executable, "-m", "bench.portal_shim", "--workers", str(workers), "--port"]
    entries = [("portal serve", portal_cmd("serve", "--workers", str(workers), "--port")),
               ("bench.portal_shim", shim)]
    if experiments:
        entries = [(f"bench.portal_shim [{','.join(experiments)}]", shim)]
    env = {**t.env(), "BENCH_EXPERIMENTS": ",".join(experiments)}
    for entry, cmd in entries:
        port = _free_port()
        server = Server("portal", [*cmd, str(port)], env, port, "/static/site.css",
                        log_dir / f"{entry.split()[0]}.log", cpus)
        server.start()
        try:
            return server, {s: _verify(server.base, s, requests[s], 40) for s in SCENARIOS}, entry
        except RuntimeError as error:
            server.stop()
            log = server.log.read_text(errors="replace")
            if entry != "portal serve" or "No TortoiseContext is currently active" not in log:
                raise
            print(f"   WARNING: `portal serve` fails every database query ({error}): "
                  "\"No TortoiseContext is currently active\" — Tortoise.init() in the lifespan "
                  "task is invisible to request tasks. Measuring the same app through "
                  "bench/portal_shim.py (global Tortoise context) instead; see docs/benchmarks.md.")
    raise AssertionError("unreachable")


def run(t: Target, *, workers: int, connections: int, warmup: float, latency_secs: float,
        load_secs: float, pin: bool, use_wrk: bool | None = None,
        experiments: list[str] | None = None, repeat: int = 1,
        scenarios: tuple[str, ...] = SCENARIOS) -> dict[str, Any]:
    manifest = load_manifest(t)
    if manifest is None:
        raise SystemExit(f"no dataset at {t.path or t.url}: run `python -m bench generate` first")
    use_wrk = loadgen.have_wrk() if use_wrk is None else use_wrk
    drive = loadgen.run_wrk if use_wrk else loadgen.run_python
    pin = pin and workers == 1 and (os.cpu_count() or 1) >= 2 and use_wrk
    server_cpus, client_cpus = ({0}, {1}) if pin else (None, None)
    anchor_year = int(str(manifest["anchor"])[:4])
    requests = sample(t, int(manifest["seed"]), anchor_year)  # type: ignore[arg-type]
    tool = "wrk (1 thread)" if use_wrk else "python asyncio client (bench/loadgen.py)"
    print(f"== http {t.db} {t.name}: workers={workers} connections={connections} "
          f"warmup={warmup:g}s latency={latency_secs:g}s throughput={load_secs:g}s "
          f"client={tool} pinning={'server→cpu0, client→cpu1' if pin else 'none'}")

    busy = os.getloadavg()[0]
    if busy > 0.5:
        print(f"   WARNING: load average {busy:.2f} before the run: other processes compete for "
              "the CPUs; compare 'CPU ms/req' (least sensitive to that) or use --repeat")
    log_dir = Path(tempfile.mkdtemp(prefix="bench-http-"))
    out: dict[str, Any] = {"db": t.db, "dataset": t.name, "workers": workers,
                           "connections": connections, "client": tool, "pinned": pin,
                           "repeat": repeat, "loadavg_before": os.getloadavg(),
                           "database": t.url, "experiments": experiments or [],
                           "manifest": manifest, "scenarios": {}}
    portal: Server | None = None
    reference: Server | None = None
    try:
        portal, bodies, out["entry"] = _start_portal(t, workers, server_cpus, log_dir, requests,
                                                     experiments or [])
        print(f"   portal entry point: {out['entry']}; database: {t.url}")
        bodies_file = log_dir / "bodies.json"
        bodies_file.write_text(json.dumps(bodies, ensure_ascii=False), encoding="utf-8")
        ref_port = _free_port()
        reference = Server(
            "reference", [sys.executable, "-m", "bench.reference_app", "--port", str(ref_port),
                          "--workers", str(workers)],
            {**os.environ, "BENCH_REF_BODIES": str(bodies_file), "PYTHONPATH": str(PROJECT)},
            ref_port, "/health", log_dir / "reference.log", server_cpus)
        reference.start()
        watch = MemoryWatch(portal)
        watch.start()
        for scenario in scenarios:
            reqs = requests[scenario]
            ref_reqs = [Req(r.method, f"/ref/{scenario}{r.path if r.method == 'GET' else ''}",
                            r.body, r.content_type) for r in reqs]
            row: dict[str, Any] = {"mean_bytes": bodies[scenario]["mean_bytes"]}
            for name, server, rs in (("portal", portal, reqs), ("reference", reference, ref_reqs)):
                drive(server.base, rs, connections, warmup, client_cpus)
                lat = min((drive(server.base, rs, 1, latency_secs, client_cpus)
                           for _ in range(repeat)), key=lambda r: r["p50_ms"])
                thr = max((_measured(drive, server, rs, connections, load_secs, client_cpus)
                           for _ in range(repeat)), key=lambda r: r["rps"])
                row[name] = {"latency": lat, "throughput": thr}
                print(f"   {scenario:<10} {name:<9} c=1 p50 {lat['p50_ms']:7.2f} ms "
                      f"p99 {lat['p99_ms']:7.2f} ms | c={connections} {thr['rps']:8.1f} req/s "
                      f"p50 {thr['p50_ms']:7.2f} ms p99 {thr['p99_ms']:7.2f} ms "
                      f"cpu {thr['server_cpu']:4.0%} {thr['cpu_ms_per_req']:.2f} ms/req "
                      f"errors {lat['errors'] + thr['errors']:.0f}")
            out["scenarios"][scenario] = row
        out["memory"] = watch.finish()
        out["loadavg_after"] = os.getloadavg()
    finally:
        for server in (reference, portal):
            if server:
                server.stop()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = t.data_dir / f"results-{t.name}-{t.db}-w{workers}-{stamp}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    out["results_file"] = str(path)
    return out
