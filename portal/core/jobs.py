"""Watermarks of periodic jobs: how far a job has got, kept in the database.

A job that processes rows in a stable order ``(day, id)`` stores the last row it finished in
the same transaction as the work, so each row is processed exactly once and a job that was
down for a while catches up from where it stopped (see portal.credit.expiry).
"""

from __future__ import annotations

import datetime as dt

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from portal.core import clock


class JobWatermark(Model):
    """Everything ordered at or before ``(cursor_day, cursor_id)`` is done for job ``name``."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=60, unique=True)
    cursor_day = fields.DateField()
    cursor_id = fields.BigIntField(default=0)
    processed = fields.BigIntField(default=0)  # rows processed over the job's lifetime
    ran_at = fields.DatetimeField(null=True)  # last run that finished

    class Meta:
        table = "job_watermark"


async def watermark(name: str, *, start_day: dt.date) -> JobWatermark:
    """The job's watermark, created at ``(start_day, 0)`` on its first run."""
    found, _ = await JobWatermark.get_or_create(
        name=name, defaults={"cursor_day": start_day, "cursor_id": 0}
    )
    return found


async def locked(conn: BaseDBAsyncClient, name: str) -> JobWatermark:
    """Re-read the watermark inside a transaction, locking it on PostgreSQL.

    Two runners of the same job (an app worker and a cron job) then take turns instead of
    processing the same rows twice; on SQLite writers are serialised by the database.
    """
    query = JobWatermark.filter(name=name).using_db(conn)
    if conn.capabilities.dialect == "postgres":
        query = query.select_for_update()
    return await query.get()


async def advance(
    conn: BaseDBAsyncClient, mark: JobWatermark, day: dt.date, row_id: int, count: int
) -> None:
    mark.cursor_day, mark.cursor_id = day, row_id
    mark.processed += count
    mark.ran_at = clock.now()
    await mark.save(using_db=conn, update_fields=["cursor_day", "cursor_id", "processed", "ran_at"])
