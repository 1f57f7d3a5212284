"""The indexer loop: in-process on the embedded default, ``portal indexer`` in production.

Besides draining the outbox it handles what changes with time alone, which no transaction
announces: a scheduled record going live, and a penalty or list entry whose display window
ends. Every ``sweep_every`` seconds it enqueues outbox events for rows whose go-live moment or
window end fell since the last sweep (the first sweep looks back a week). On start, an empty
index over a non-empty database is built from scratch, so a fresh demo install is searchable.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from portal.core import clock
from portal.core.models import OutboxEvent
from search import specs
from search.backend import BackendUnavailable, SearchBackend
from search.indexer import BATCH, drain
from search.reindex import reindex

log = logging.getLogger("portal.search")

FIRST_SWEEP_LOOKBACK = dt.timedelta(days=7)


async def sweep(since: dt.datetime, until: dt.datetime) -> int:
    """Enqueue rows that went live, or left their display window, in ``(since, until]``."""
    events: list[OutboxEvent] = []
    for kind, spec in specs.SPECS.items():
        model = spec.selector().model
        fields = model._meta.fields_map
        ids: set[int] = set()
        if "published_at" in fields:
            ids.update(await model.filter(
                published_at__gt=since, published_at__lte=until
            ).values_list("id", flat=True))
        if "displayed_until" in fields:
            ids.update(await model.filter(
                displayed_until__gte=since.astimezone(clock.CST).date(),
                displayed_until__lt=until.astimezone(clock.CST).date(),
            ).values_list("id", flat=True))
        events.extend(OutboxEvent(kind=kind, object_id=str(i)) for i in sorted(ids))
    if events:
        await OutboxEvent.bulk_create(events, batch_size=1000)
    return len(events)


async def index_is_empty_but_data_exists(backend: SearchBackend) -> bool:
    if await backend.count() > 0:
        return False
    for kind in specs.KINDS:
        if await specs.SPECS[kind].selector().exists():
            return True
    return False


class Worker:
    def __init__(self, backend: SearchBackend, *, poll: float = 1.0, sweep_every: float = 600.0,
                 batch: int = BATCH, retry_start: float = 15.0) -> None:
        self.backend = backend
        self.poll = poll
        self.retry_start = retry_start
        self.sweep_every = sweep_every
        self.batch = batch
        self.swept_until: dt.datetime | None = None
        self.ready = False

    async def start_up(self) -> None:
        await self.backend.ensure_ready()
        if not await self.backend.writable():
            raise BackendUnavailable("另一个进程正在写入搜索索引，本进程不运行索引任务。")
        if await index_is_empty_but_data_exists(self.backend):
            log.info("search index is empty: building it from the database")
            started = clock.now()
            await reindex(self.backend)
            self.swept_until = started
        self.ready = True

    async def step(self) -> int:
        """One round: start-up work if pending, a sweep when due, then drain the outbox."""
        if not self.ready:
            await self.start_up()
        now = clock.now()
        if self.swept_until is None or (now - self.swept_until).total_seconds() >= self.sweep_every:
            await sweep(self.swept_until or now - FIRST_SWEEP_LOOKBACK, now)
            self.swept_until = now
        report = await drain(self.backend, self.batch)
        if report.failed:
            log.warning("search indexer: %s events postponed: %s", report.failed, report.error)
        return report.events

    async def run(self) -> None:
        while True:
            try:
                await self.step()
            except BackendUnavailable as error:
                log.warning("search backend unavailable: %s", error)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("search indexer round failed")
            await asyncio.sleep(self.poll if self.ready else self.retry_start)
