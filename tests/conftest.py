"""Test database: migrated once per run (proving the migrations), emptied after each test.

SQLite by default; set PORTAL_TEST_DATABASE_URL to run the same suite on PostgreSQL
(.ci/run does, in a separate process: Tortoise caches SQL per dialect).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise

from portal.core import db

TEST_DB_URL = os.environ.get("PORTAL_TEST_DATABASE_URL", "")
_tmp = tempfile.mkdtemp(prefix="portal-tests-")
DB_URL = TEST_DB_URL or f"sqlite://{Path(_tmp) / 'test.sqlite3'}"
IS_POSTGRES = DB_URL.startswith(("postgres", "asyncpg"))

os.environ.setdefault("PORTAL_VAR_DIR", _tmp)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
async def database(anyio_backend: str) -> AsyncIterator[str]:
    await db.migrate(DB_URL)
    await db.close()
    await db.connect(DB_URL)
    yield DB_URL
    await db.close()


async def _empty_all_tables() -> None:
    from portal.reference.cache import invalidate

    invalidate()  # ids restart with the tables: cached rows would be other rows
    conn = Tortoise.get_connection("default")
    tables = sorted(
        {m._meta.db_table for m in Tortoise.apps.get_models_iterable()}  # type: ignore[union-attr]
        | {
            f.through
            for m in Tortoise.apps.get_models_iterable()  # type: ignore[union-attr]
            for f in m._meta.fields_map.values()
            if getattr(f, "through", None)
        }
    )
    if IS_POSTGRES:
        # DELETE, not TRUNCATE: TRUNCATE of ~50 tables costs ~300 ms (it replaces every table's
        # files), twice per test; DELETE of the few rows a test leaves costs ~25 ms. Foreign-key
        # triggers are off meanwhile (the CI user is a superuser), so the order does not matter;
        # sequences restart as TRUNCATE … RESTART IDENTITY did.
        sequences = await conn.execute_query_dict(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
        await conn.execute_script(
            "SET session_replication_role = replica;"
            + "".join(f'DELETE FROM "{t}";' for t in tables)
            + "SET session_replication_role = origin;"
            + "".join(f'ALTER SEQUENCE "{s["sequencename"]}" RESTART;' for s in sequences))
    else:
        script = "PRAGMA foreign_keys=OFF;" + "".join(f'DELETE FROM "{t}";' for t in tables)
        script += "DELETE FROM sqlite_sequence; PRAGMA foreign_keys=ON;"
        await conn.execute_script(script)


@pytest.fixture
async def db_clean(database: str) -> AsyncIterator[None]:
    """A connected, empty database with the default rule table loaded."""
    from portal.core.rules import seed_default_rules

    await _empty_all_tables()
    await seed_default_rules()
    yield
    await _empty_all_tables()


@pytest.fixture
async def client(db_clean: None) -> AsyncIterator[httpx.AsyncClient]:
    from portal.app import create_app

    app = create_app(manage_db=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def frozen_today() -> Iterator[None]:
    """Pin 'today' to 2025-06-16 (a Monday) for tests that depend on windows."""
    import datetime as dt

    from portal.core import clock

    with clock.frozen(dt.date(2025, 6, 16)):
        yield
