"""Database lifecycle: connect, migrate (built-in Tortoise migrations), close."""

from __future__ import annotations

import datetime as dt
import sqlite3

import tortoise.backends.sqlite.executor  # noqa: F401 - registers its adapters; ours replaces one
from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from portal.config import tortoise_config


def _sqlite_datetime(value: dt.datetime) -> str:
    return (value.astimezone(dt.UTC) if value.tzinfo else value).isoformat(" ")


# SQLite has no datetime type: Tortoise hands aware datetimes to sqlite3, which stores them as
# ISO text with whatever offset they carry, and SQLite compares that text as text. A go-live
# written in CST ("…10:00+08:00") then compared with a UTC "now" ("…03:00+00:00") sorted wrongly
# and a scheduled record stayed hidden (or showed up to 8 h early the other way round). Every
# aware datetime bound on any SQLite connection is therefore written in UTC, so text order is
# time order. PostgreSQL (timestamptz) is not affected. Registered after Tortoise's own
# (``val.isoformat(" ")``, imported above), which it replaces.
sqlite3.register_adapter(dt.datetime, _sqlite_datetime)


async def connect(db_url: str, *, create_db: bool = False) -> None:
    # The global fallback makes the connections opened in the lifespan visible to request
    # handlers, which uvicorn runs in other contexts than the one that opened them.
    await Tortoise.init(
        config=tortoise_config(db_url), _create_db=create_db, _enable_global_fallback=True
    )


async def migrate(db_url: str) -> None:
    """Apply every pending migration (one linear history in ``migrations/``)."""
    await tortoise_migrate(config=tortoise_config(db_url))


async def analyze() -> None:
    """Refresh the query planner's statistics (after migrations and bulk loads).

    SQLite never gathers statistics by itself, and without them it picked an index that walks
    every published penalty to find one enterprise's (34 ms instead of 0.01 ms,
    docs/benchmarks.md §1). ``analysis_limit`` keeps it to a sample: seconds at province scale.
    PostgreSQL's autovacuum would get there too, at an unpredictable moment.
    """
    conn = Tortoise.get_connection("default")
    if conn.capabilities.dialect == "sqlite":
        await conn.execute_script("PRAGMA analysis_limit=1000; ANALYZE;")
    else:
        await conn.execute_script("ANALYZE")


async def optimize() -> None:
    """On SQLite, the recommended ``PRAGMA optimize`` before a long-lived connection closes."""
    conn = Tortoise.get_connection("default")
    if conn.capabilities.dialect == "sqlite":
        await conn.execute_script("PRAGMA optimize;")


async def close() -> None:
    await Tortoise.close_connections()
