"""Reading and projecting rows in worker processes, for full rebuilds.

Turning rows into index records is Python work (folding, jieba, pinyin) that one process can do
at ~5,000 documents/s at best; the index writer itself runs in tantivy's own threads. For a full
rebuild, worker processes read id ranges through the public selector and build the records;
the parent only hands them to the backend. Each worker has its own database connection.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.util
from collections import deque
from collections.abc import AsyncIterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tortoise import context as tortoise_context

from portal.core import db
from search import specs
from search.records import IndexRecord, make_record

_loop: asyncio.AbstractEventLoop | None = None


def peak_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _start_worker(db_url: str) -> None:
    global _loop
    # The fork copied the parent's Tortoise state, whose connections belong to the parent:
    # forget it (never close it) and open this process's own.
    tortoise_context._global_context = None
    tortoise_context._current_context.set(None)  # a context the forking task had entered (tests)
    _loop = asyncio.new_event_loop()
    _loop.run_until_complete(db.connect(db_url))
    # Close the connection when the pool stops this worker: its thread would keep it alive.
    multiprocessing.util.Finalize(None, _stop_worker, exitpriority=10)


def _stop_worker() -> None:
    if _loop is not None:
        _loop.run_until_complete(db.close())
        _loop.close()


async def _records(kind: str, first: int, last: int) -> list[IndexRecord]:
    spec = specs.SPECS[kind]
    rows = await spec.fetch(spec.selector().filter(id__gte=first, id__lte=last).order_by("id"))
    return [make_record(d) for d in await spec.documents(rows)]


def _build(kind: str, first: int, last: int) -> tuple[list[IndexRecord], int, int]:
    assert _loop is not None, "worker not started"
    records = _loop.run_until_complete(_records(kind, first, last))
    return records, multiprocessing.current_process().pid or 0, peak_rss_kb()


async def _id_ranges(kind: str, chunk: int) -> AsyncIterator[tuple[int, int]]:
    """(first, last) id of each run of ``chunk`` public rows, read a page at a time.

    Never the whole id list at once: for the 2.8 M results of a province that list, as Tortoise
    rows, was a few hundred MB of the rebuild's peak memory.
    """
    last = 0
    while True:
        found: list[Any] = await (specs.SPECS[kind].selector().filter(id__gt=last).order_by("id")
                                  .limit(chunk).values_list("id", flat=True))
        if not found:
            return
        yield int(found[0]), int(found[-1])
        last = int(found[-1])


class Pool:
    """A process pool for one rebuild; ``peaks`` holds each worker's peak memory (kB)."""

    def __init__(self, db_url: str, workers: int) -> None:
        # fork, not spawn: spawn re-imports ``__main__``, which for ``python -m portal`` would
        # run the CLI again. The workers are forked at once, here, before the index writer's
        # threads exist; each opens its own database connection.
        context = multiprocessing.get_context("fork")
        self.workers = workers
        self.executor = ProcessPoolExecutor(workers, mp_context=context,
                                            initializer=_start_worker, initargs=(db_url,))
        self.executor.submit(peak_rss_kb).result()  # launches every worker process now
        self.peaks: dict[int, int] = {}

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    async def batches(self, kind: str, chunk: int) -> AsyncIterator[list[IndexRecord]]:
        """The kind's public rows as records, ``chunk`` ids per worker task, in order."""
        pending: deque[Future[tuple[list[IndexRecord], int, int]]] = deque()
        async for first, last in _id_ranges(kind, chunk):
            pending.append(self.executor.submit(_build, kind, first, last))
            if len(pending) > self.workers:
                yield await self._take(pending)
        while pending:
            yield await self._take(pending)

    async def _take(self, pending: deque[Future[tuple[list[IndexRecord], int, int]]]
                    ) -> list[IndexRecord]:
        records, pid, peak = await asyncio.wrap_future(pending.popleft())
        self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
        return records
