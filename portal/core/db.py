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


async def close() -> None:
    await Tortoise.close_connections()
