"""The one lifespan: open the database for the whole process, close it at the end.

Mounted sub-apps get no lifespan events, so everything is set up here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import TypedDict

from starlette.applications import Starlette

from portal.config import Settings
from portal.core import db
from portal.credit.expiry import run_periodically as run_expiry
from search.backend import SearchBackend
from search.runtime import install, make_backend, uninstall
from search.worker import Worker


class State(TypedDict):
    settings: Settings
    search: SearchBackend


def make_lifespan(settings: Settings, *, manage_db: bool = True):  # type: ignore[no-untyped-def]
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
        try:
            yield {"settings": settings, "search": search}
        finally:
            for task in (indexer, expiry):
                if task is not None:
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task
            uninstall(search)
            await search.close()
            if manage_db:
                await db.close()

    return lifespan
