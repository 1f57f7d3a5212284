"""Rebuild the index from the database, kind by kind, through the public selectors.

Used by ``portal reindex [--kind]``, by the worker when it finds an empty index, and by the
benchmark. Events already in the outbox stay there and are applied afterwards (idempotent).
With ``workers`` > 1 (and the database URL), rows are read and projected in worker processes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

from search import specs
from search.backend import SearchBackend
from search.parallel import Pool
from search.records import IndexRecord, make_record

CHUNK = 2000

Progress = Callable[[str, int], None]  # (kind, documents just done)


@dataclass
class KindTotal:
    kind: str
    documents: int


async def _in_process(kind: str, chunk: int) -> AsyncIterator[list[IndexRecord]]:
    async for docs in specs.iterate_documents(kind, chunk):
        yield [make_record(d) for d in docs]


async def _counted(batches: AsyncIterator[list[IndexRecord]], kind: str,
                   progress: Progress | None, counter: list[int]
                   ) -> AsyncIterator[list[IndexRecord]]:
    async for batch in batches:
        counter[0] += len(batch)
        if progress:
            progress(kind, len(batch))
        yield batch


async def reindex(
    backend: SearchBackend,
    kinds: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
    chunk: int = CHUNK,
    workers: int = 1,
    db_url: str | None = None,
    pool_peaks: dict[int, int] | None = None,
) -> list[KindTotal]:
    """Replace the documents of ``kinds`` (all kinds by default) with fresh ones."""
    # Fork the workers before the backend starts threads of its own (tantivy's).
    pool = Pool(db_url, workers) if workers > 1 and db_url else None
    totals = []
    try:
        await backend.ensure_ready()
        for kind in kinds or specs.KINDS:
            counter = [0]
            source = pool.batches(kind, chunk) if pool else _in_process(kind, chunk)
            await backend.rebuild(kind, _counted(source, kind, progress, counter))
            totals.append(KindTotal(kind, counter[0]))
    finally:
        if pool:
            pool.close()
            if pool_peaks is not None:
                pool_peaks.update(pool.peaks)
    return totals
