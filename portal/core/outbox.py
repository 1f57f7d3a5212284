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


async def change_marks() -> tuple[int, str]:
    """(newest event id, when an event was last processed): both move whenever public content
    changes and when the search index has caught up with it (used to expire cached public
    answers). The processing time, not the newest processed id, because a scheduled go-live's
    event is processed after newer ones."""
    newest = await OutboxEvent.all().order_by("-id").first().values_list("id", flat=True)
    done = await (OutboxEvent.filter(processed_at__not_isnull=True).order_by("-processed_at")
                  .first().values_list("processed_at", flat=True))
    return int(newest or 0), str(done or "")  # type: ignore[call-overload]
