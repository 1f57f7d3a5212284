"""The summary table and the targets (issue "The public portal", item 6), PASS/FAIL each.

The throughput target is judged on measured req/s (portal ÷ reference, same connections); the
table also shows the CPU-normalised ratio (reference CPU ms per request ÷ portal's), which is
what the req/s ratio converges to when both servers get a whole core — useful on a busy machine.
"""

from __future__ import annotations

from typing import Any

TARGETS = {
    "enterprise_p50_ms": 10.0,  # POST /graphql enterprise(uscc:) with nested lists, p50
    "results_p50_ms": 25.0,  # filtered inspectionResults page, p50
    "throughput_ratio": 0.40,  # portal req/s ÷ bare reference req/s, each scenario
    "memory_mb": 400.0,  # server process tree, peak RSS under load
    "load_rows_per_s": 20_000,  # dataset load
}
LABELS = {
    "page": "GET /enterprises/{uscc} (HTML)",
    "enterprise": "POST /graphql enterprise(uscc:)",
    "results": "POST /graphql inspectionResults(region,code,year)",
    "floor": "POST /graphql { __typename } (floor, no target)",
}


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def summarise(out: dict[str, Any]) -> list[str]:
    """Markdown lines: the figures table, then one line per target."""
    c = out["connections"]
    lines = [
        f"| scenario | server | p50 c=1 (ms) | p99 c=1 (ms) | req/s c=1 | p50 c={c} (ms) "
        f"| p99 c={c} (ms) | req/s c={c} | server CPU c={c} | CPU ms/req | portal ÷ ref req/s "
        "| ref ÷ portal CPU ms/req | body (bytes) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    checks: list[tuple[str, str, bool]] = []
    for scenario, row in out["scenarios"].items():
        if "portal" not in row:
            continue
        ratio = row["portal"]["throughput"]["rps"] / row["reference"]["throughput"]["rps"]
        cpu_ratio = (row["reference"]["throughput"]["cpu_ms_per_req"]
                     / row["portal"]["throughput"]["cpu_ms_per_req"])
        for name in ("portal", "reference"):
            lat, thr = row[name]["latency"], row[name]["throughput"]
            shown = f"{ratio:.1%} | {cpu_ratio:.1%}" if name == "portal" else " | "
            lines.append(
                f"| {LABELS[scenario]} | {name} | {lat['p50_ms']:.2f} | {lat['p99_ms']:.2f} "
                f"| {lat['rps']:.0f} | {thr['p50_ms']:.2f} | {thr['p99_ms']:.2f} "
                f"| {thr['rps']:.0f} | {thr['server_cpu']:.0%} | {thr['cpu_ms_per_req']:.2f} "
                f"| {shown} | {row['mean_bytes']} |"
            )
        if scenario != "floor":
            checks.append((f"{scenario}: throughput ≥ 40% of the bare reference",
                           f"{ratio:.1%}", ratio >= TARGETS["throughput_ratio"]))
    for position, (scenario, label, key) in enumerate((
        ("enterprise", "enterprise query p50 ≤ 10 ms", "enterprise_p50_ms"),
        ("results", "filtered results page p50 ≤ 25 ms", "results_p50_ms"),
    )):
        if scenario in out["scenarios"]:
            p50 = out["scenarios"][scenario]["portal"]["latency"]["p50_ms"]
            checks.insert(position, (label, f"{p50:.2f} ms", p50 <= TARGETS[key]))
    mem = out["memory"]
    checks.append(("server memory ≤ 400 MB (peak RSS, process tree)",
                   f"{mem['peak_rss_mb']:.0f} MB ({mem['processes']} process(es); VmHWM sum "
                   f"{mem['hwm_mb']:.0f} MB; anonymous {mem.get('peak_anon_mb', 0):.0f} MB)",
                   max(mem["peak_rss_mb"], mem["hwm_mb"]) <= TARGETS["memory_mb"]))
    rate = out["manifest"]["rows_per_s"]
    checks.append(("dataset load ≥ 20,000 rows/s", f"{rate:,} rows/s "
                   f"({out['manifest']['rows']:,} rows, {out['manifest']['load_seconds']} s)",
                   rate >= TARGETS["load_rows_per_s"]))
    lines += ["", "| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {_verdict(ok)} |" for name, value, ok in checks]
    return lines
