"""The one lifespan: open the database for the whole process, close it at the end.

Mounted sub-apps get no lifespan events, so everything is set up here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

from starlette.applications import Starlette

from portal.config import Settings
from portal.core import db


class State(TypedDict):
    settings: Settings


def make_lifespan(settings: Settings, *, manage_db: bool = True):  # type: ignore[no-untyped-def]
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        if manage_db:
            await db.connect(settings.db_url)
        try:
            yield {"settings": settings}
        finally:
            if manage_db:
                await db.close()

    return lifespan
