"""The transactional outbox: changes that affect public content, for the search indexer.

Call :func:`emit` inside the changing transaction with its connection. The indexer (search/)
drains unprocessed events; because it re-reads rows through the public selectors, emitting an
"upsert" for a row that just stopped being public correctly removes it from the index.
"""

from __future__ import annotations

import datetime as dt

from tortoise.backends.base.client import BaseDBAsyncClient

from portal.core.models import OutboxAction, OutboxEvent


async def emit(
    conn: BaseDBAsyncClient, kind: str, object_id: str | int,
    action: OutboxAction = OutboxAction.UPSERT, *, available_at: dt.datetime | None = None,
) -> OutboxEvent:
    """``available_at``: not before this moment (e.g. a scheduled go-live)."""
    extra = {"available_at": available_at} if available_at is not None else {}
    return await OutboxEvent.create(
        kind=kind, object_id=str(object_id), action=action, using_db=conn, **extra
    )
