"""Database lifecycle: connect, migrate (built-in Tortoise migrations), close."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from portal.config import tortoise_config


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
