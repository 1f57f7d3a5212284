"""Public notices of withdrawals, corrections, repairs and delistings (DESIGN §3).

:func:`record` is called by a domain service inside the transaction that changes the record;
:func:`for_record` and :func:`recent` are the public selectors (notices are public once
written: they only ever say that something stopped being shown, and why, in redacted words).
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from portal.core import clock
from portal.core.models import NoticeAction, PublicNotice


async def record(
    conn: BaseDBAsyncClient, *, kind: str, object_id: int, action: NoticeAction, title: str,
    summary: str = "", reason: str = "", department_id: int | None = None,
    enterprise_id: int | None = None,
) -> PublicNotice:
    return await PublicNotice.create(
        kind=kind, object_id=object_id, action=action, title=title[:300], summary=summary,
        reason=reason, department_id=department_id, enterprise_id=enterprise_id,
        created_at=clock.now(), using_db=conn,
    )


async def for_record(kind: str, object_id: int) -> list[PublicNotice]:
    """Every notice about one record, newest first."""
    return await PublicNotice.filter(kind=kind, object_id=object_id).order_by("-created_at", "-id")


async def recent(
    *, kind: str | None = None, department_id: int | None = None,
    enterprise_id: int | None = None, limit: int = 50,
) -> list[PublicNotice]:
    """The newest notices, optionally for one kind, department or enterprise."""
    query = PublicNotice.all()
    if kind is not None:
        query = query.filter(kind=kind)
    if department_id is not None:
        query = query.filter(department_id=department_id)
    if enterprise_id is not None:
        query = query.filter(enterprise_id=enterprise_id)
    return await query.order_by("-created_at", "-id").limit(limit)


async def recent_about(kind: str, object_ids: object, *, limit: int = 50) -> list[PublicNotice]:
    """The newest notices about the ``kind`` rows in ``object_ids`` (a list or a Subquery)."""
    return await PublicNotice.filter(kind=kind, object_id__in=object_ids).order_by(
        "-created_at", "-id"
    ).limit(limit)
