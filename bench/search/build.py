"""Build the embedded index from a benchmark database, in its own process (for its memory).

`python -m bench.search.build --db sqlite:///path.sqlite3 --out DIR` prints one JSON line:
documents, seconds, documents/s, index size in bytes and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path

from portal.core import db
from search.embedded import EmbeddedBackend
from search.reindex import reindex


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class MemorySampler(threading.Thread):
    """Peak anonymous (heap) and file-backed resident memory, sampled every 50 ms.

    VmHWM counts the index files tantivy maps while merging (page cache, reclaimable); RssAnon
    is the memory the indexer really holds. Workers report their own peaks.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_anon_kb = 0
        self.peak_file_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        ticks = 0
        while not self.stopped.wait(0.05):
            status = dict(
                line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
            )
            self.peak_anon_kb = max(self.peak_anon_kb, int(status["RssAnon"].split()[0]))
            self.peak_file_kb = max(self.peak_file_kb, int(status["RssFile"].split()[0]))
            ticks += 1
            if ticks % 4 == 0:  # every 200 ms: smaps_rollup costs more than status
                self.peak_tree_pss_kb = max(self.peak_tree_pss_kb, tree_pss_kb())

    peak_tree_pss_kb = 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def tree_pss_kb() -> int:
    """The indexer's memory right now: the proportional set size (PSS) of this process and its
    workers, summed. Unlike a sum of each process's RSS, a page the forked workers still share
    with the parent (imports, dictionaries) is counted once, split between them."""
    total = 0
    for pid in [os.getpid(), *_children(os.getpid())]:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass  # a worker that just ended
    return total


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


async def build(db_url: str, out: Path, workers: int) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    await db.connect(db_url)
    backend = EmbeddedBackend(out)
    sampler = MemorySampler()
    sampler.start()
    try:
        started = time.perf_counter()
        peaks: dict[int, int] = {}
        totals = await reindex(backend, chunk=5000, workers=workers, db_url=db_url,
                               pool_peaks=peaks)
        await backend.close()  # waits for merges: the index is complete on disk
        seconds = time.perf_counter() - started
    finally:
        sampler.stopped.set()
        await db.close()
    documents = sum(t.documents for t in totals)
    return {
        "documents": documents, "seconds": round(seconds, 1),
        "documents_per_s": round(documents / seconds), "index_bytes": directory_bytes(out),
        "peak_rss_mb": round(peak_rss_mb()), "workers": workers,
        "worker_peak_rss_mb": round(sum(peaks.values()) / 1024),
        "total_peak_rss_mb": round(peak_rss_mb() + sum(peaks.values()) / 1024),
        "parent_peak_anon_mb": round(sampler.peak_anon_kb / 1024),
        "parent_peak_file_mb": round(sampler.peak_file_kb / 1024),
        "total_peak_anon_mb": round((sampler.peak_anon_kb + sum(peaks.values())) / 1024),
        "tree_peak_pss_mb": round(sampler.peak_tree_pss_kb / 1024),
        **{f"kind_{t.kind}": t.documents for t in totals},
    }


def main() -> None:
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 <pid>`: stacks
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(build(args.db, args.out, args.workers))))


if __name__ == "__main__":
    main()
