"""The transactional outbox: changes that affect public content, for the search indexer.

Call :func:`emit` inside the changing transaction with its connection. The indexer (search/)
drains unprocessed events; because it re-reads rows through the public selectors, emitting an
"upsert" for a row that just stopped being public correctly removes it from the index.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from portal.core.models import OutboxAction, OutboxEvent


async def emit(
    conn: BaseDBAsyncClient, kind: str, object_id: str | int,
    action: OutboxAction = OutboxAction.UPSERT,
) -> OutboxEvent:
    return await OutboxEvent.create(
        kind=kind, object_id=str(object_id), action=action, using_db=conn
    )
