"""`python -m bench.search [--scale 0.1] [--rounds 10] [--skip-build]`

1. the dataset: bench's own generator (`python -m bench generate`), into bench/data/search/;
2. the index: built in a separate process (its peak memory is the indexer's, workers included);
3. latency: the fixed query mix against the backend alone, then through HTTP + GraphQL.
Prints a table against the targets and writes the figures to bench/data/search/results-*.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.search.latency import PROJECT, Server, backend_times, http_times, summary

DATA = PROJECT / "bench" / "data" / "search"
TARGETS = {"documents_per_s": 5000, "p50_ms": 20, "p99_ms": 80, "overhead": 0.30,
           "indexer_mb": 1024}


def _dataset(scale: float) -> Path:
    name = "portal_s" + f"{scale:g}".replace(".", "_")
    path = DATA / f"{name}.sqlite3"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "bench", "generate", "--db", "sqlite", "--scale",
                        str(scale), "--data-dir", str(DATA)], cwd=PROJECT, check=True)
    return path


def _build(db_url: str, var_dir: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.search.build", "--db", db_url, "--out",
                          str(var_dir / "search")], cwd=PROJECT, check=True, text=True,
                         capture_output=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


async def _latency(db_url: str, var_dir: Path, rounds: int) -> dict[str, Any]:
    from bench.search.mix import build_mix
    from portal.core import db
    from search.embedded import EmbeddedBackend

    await db.connect(db_url)
    try:
        mix = await build_mix()
    finally:
        await db.close()
    backend = EmbeddedBackend(var_dir / "search")
    reference = await backend_times(backend, mix, rounds)
    await backend.close()
    server = Server(db_url, var_dir)
    try:
        full = http_times(server, mix, rounds)
        server_mb = server.peak_rss_mb()
    finally:
        server.stop()
    groups = {g: {"backend": summary(reference[g]), "http": summary(full[g])} for g in reference}
    everything = {"backend": summary([t for v in reference.values() for t in v]),
                  "http": summary([t for v in full.values() for t in v])}
    return {"queries": len(mix), "rounds": rounds, "groups": groups, "all": everything,
            "server_peak_rss_mb": round(server_mb)}


def _report(build: dict[str, Any] | None, latency: dict[str, Any]) -> list[str]:
    lines = []
    if build:
        ok = build["documents_per_s"] >= TARGETS["documents_per_s"]
        lines += [
            f"index build: {build['documents']:,} documents in {build['seconds']} s = "
            f"{build['documents_per_s']:,}/s (target ≥ 5,000) {'PASS' if ok else 'MISS'}",
            f"index size: {build['index_bytes'] / 1e6:.0f} MB "
            f"({build['index_bytes'] / max(1, build['documents']):.0f} bytes/document)",
            f"indexer memory (peak PSS of parent + {build['workers']} workers, sampled together): "
            f"{build['tree_peak_pss_mb']} MB (target ≤ 1 GB) "
            f"{'PASS' if build['tree_peak_pss_mb'] <= TARGETS['indexer_mb'] else 'MISS'}",
            f"   for comparison, each process's own peak RSS summed (shared pages counted in "
            f"every process): {build['total_peak_rss_mb']} MB",
        ]
    lines.append(f"{'group':<12} {'backend p50/p99 ms':>20} {'HTTP+GraphQL p50/p99 ms':>24}")
    rows = {**latency["groups"], "ALL": latency["all"]}
    for group, figures in rows.items():
        b, h = figures["backend"], figures["http"]
        lines.append(f"{group:<12} {b['p50_ms']:>9} / {b['p99_ms']:<8} {h['p50_ms']:>11} / "
                     f"{h['p99_ms']:<8}")
    b, h = latency["all"]["backend"], latency["all"]["http"]
    overhead = (h["p50_ms"] - b["p50_ms"]) / b["p50_ms"]
    lines += [
        f"p50 {h['p50_ms']} ms (target ≤ 20) {'PASS' if h['p50_ms'] <= 20 else 'MISS'}; "
        f"p99 {h['p99_ms']} ms (target ≤ 80) {'PASS' if h['p99_ms'] <= 80 else 'MISS'}",
        f"HTTP+GraphQL overhead at p50: {h['p50_ms'] - b['p50_ms']:.2f} ms = {overhead:.0%} of "
        f"the backend time (target ≤ 30%) {'PASS' if overhead <= 0.30 else 'MISS'}",
        f"server peak RSS: {latency['server_peak_rss_mb']} MB",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search")
    parser.add_argument("--scale", type=float, default=0.1, help="1.0 = province scale")
    parser.add_argument("--rounds", type=int, default=10, help="passes over the query mix")
    parser.add_argument("--skip-build", action="store_true", help="reuse the existing index")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    path = _dataset(args.scale)
    db_url = f"sqlite://{path}"
    var_dir = DATA / path.stem
    build = None if args.skip_build else _build(db_url, var_dir)
    latency = asyncio.run(_latency(db_url, var_dir, args.rounds))
    lines = _report(build, latency)
    print("\n".join(lines))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = DATA / f"results-{path.stem}-{stamp}.json"
    out.write_text(json.dumps({"scale": args.scale, "build": build, "latency": latency,
                               "report": lines}, ensure_ascii=False, indent=2), "utf-8")
    print(f"figures: {out}")


if __name__ == "__main__":
    main()
