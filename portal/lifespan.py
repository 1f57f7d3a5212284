"""The one lifespan: open the database for the whole process, close it at the end.

Mounted sub-apps get no lifespan events, so everything is set up here.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import TypedDict

from starlette.applications import Starlette

from portal.config import Settings
from portal.core import clock, db, outbox
from portal.credit.expiry import run_periodically as run_expiry
from portal.response_cache import AnswerCache
from schema.public import public_schema
from schema.staff import staff_schema
from search.backend import SearchBackend
from search.runtime import install, make_backend, uninstall
from search.worker import Worker

logger = logging.getLogger(__name__)


class State(TypedDict):
    settings: Settings
    search: SearchBackend


def _settle_long_lived_objects() -> None:
    """Build the schemas now and move everything alive at start-up out of the collector's way.

    ~10^5 objects (schema types, templates) live as long as the process; every full collection
    walked them, which made the p99 four times the p50 (docs/benchmarks.md §5).
    """
    public_schema()
    staff_schema()
    gc.collect()
    gc.freeze()


async def _follow_public_changes(cache: AnswerCache, every: float = 1.0) -> None:
    """Keep the answer cache's epoch current: outbox marks and today's date (windows end at
    midnight). A failed read drops the epoch, which turns the cache off until the next success."""
    while True:
        try:
            cache.set_epoch((*await outbox.change_marks(), clock.today()))
        except Exception:  # noqa: BLE001 - a database hiccup must not stop the poller
            logger.warning("response cache: cannot read the outbox; cache disabled meanwhile")
            cache.set_epoch(None)
        await asyncio.sleep(every)


def make_lifespan(  # type: ignore[no-untyped-def]
    settings: Settings, *, manage_db: bool = True, answers: AnswerCache | None = None,
):
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        if manage_db:
            await db.connect(settings.db_url)
        search = make_backend(settings)
        install(search)
        # The in-process indexer (embedded default) needs the database this lifespan manages.
        indexer = (asyncio.create_task(Worker(search).run())
                   if settings.indexer_in_process and manage_db else None)
        # The display-window expiry job, mirroring the indexer (cron runs `portal expire` else).
        expiry = (asyncio.create_task(run_expiry(settings.expiry_interval))
                  if settings.expiry_in_process and manage_db else None)
        follower = (asyncio.create_task(_follow_public_changes(answers))
                    if answers is not None and manage_db else None)
        if manage_db:
            _settle_long_lived_objects()
        try:
            yield {"settings": settings, "search": search}
        finally:
            for task in (indexer, expiry, follower):
                if task is not None:
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task
            uninstall(search)
            await search.close()
            if manage_db:
                await db.optimize()
                await db.close()

    return lifespan
