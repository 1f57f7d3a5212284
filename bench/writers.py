"""Bulk writers: SQLite through executemany in large transactions, PostgreSQL through COPY.

Both write into tables created by the real migrations; they never create or alter a table.
Secondary indexes (those the migrations create with CREATE INDEX, not keys or UNIQUE
constraints) are dropped before a table is loaded and recreated, with their exact definitions,
right after it: one sorted build per index instead of millions of random B-tree inserts — the
usual bulk-load practice (PostgreSQL manual, "Populating a Database"). The rebuild time is
counted in the table's load time.
SQLite load PRAGMAs (no journal, no fsync, 1 GB page cache, exclusive lock) only affect the
loading connection; the file is switched back to WAL, the mode Tortoise opens it in.
"""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

BATCH = 20_000


def batches(rows: Iterable[tuple[Any, ...]], size: int = BATCH) -> Iterator[list[tuple[Any, ...]]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


Chunks = Iterable[list[tuple[Any, ...]]]


class Writer(Protocol):
    def write(self, table: str, columns: tuple[str, ...], chunks: Chunks) -> int: ...
    def finish(self, *, analyze: bool) -> None: ...
    def close(self) -> None: ...


class SqliteWriter:
    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1048576",
                       "temp_store=MEMORY", "locking_mode=EXCLUSIVE", "foreign_keys=OFF"):
            self.conn.execute(f"PRAGMA {pragma}")

    def write(self, table: str, columns: tuple[str, ...], chunks: Chunks) -> int:
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
        count = 0
        # sql IS NULL: the automatic indexes of PRIMARY KEY/UNIQUE, which stay
        indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL", (table,)).fetchall()
        self.conn.execute("BEGIN")
        for name, _ in indexes:
            self.conn.execute(f'DROP INDEX "{name}"')
        for chunk in chunks:
            self.conn.executemany(sql, chunk)
            count += len(chunk)
        for _, definition in indexes:
            self.conn.execute(definition)
        self.conn.execute("COMMIT")
        return count

    def finish(self, *, analyze: bool) -> None:
        problems = self.conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:
            raise RuntimeError(f"foreign key violations after load: {problems}")
        if analyze:
            self.conn.execute("ANALYZE")
        self.conn.execute("PRAGMA locking_mode=NORMAL")
        self.conn.execute("PRAGMA journal_mode=WAL")

    def close(self) -> None:
        self.conn.close()


FK_SQL = """
SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname
FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1::text[])
"""


class PostgresWriter:
    """COPY (binary, asyncpg ``copy_records_to_table``).

    Row-by-row foreign-key triggers would cost one lookup per reference per row (≈4 per
    inspection result), so the session runs with ``session_replication_role = replica`` while
    copying and :meth:`finish` then checks every foreign key of the loaded tables with one
    anti-join each: the same guarantee, set-based.
    """

    def __init__(self, dsn: str) -> None:
        import asyncpg

        self.loop = asyncio.new_event_loop()
        self.conn = self.loop.run_until_complete(asyncpg.connect(dsn))
        self.loop.run_until_complete(self.conn.execute("SET session_replication_role = replica"))
        self.tables: list[str] = []

    def write(self, table: str, columns: tuple[str, ...], chunks: Chunks) -> int:
        async def copy() -> int:
            count = 0
            async with self.conn.transaction():
                # plain indexes only: those backing a constraint (keys, UNIQUE) stay
                indexes = await self.conn.fetch(
                    "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) "
                    "AS definition FROM pg_index i WHERE i.indrelid = $1::regclass AND NOT "
                    "EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                    table)
                for index in indexes:
                    await self.conn.execute(f"DROP INDEX {index['name']}")
                for chunk in chunks:
                    await self.conn.copy_records_to_table(table, records=chunk, columns=columns)
                    count += len(chunk)
                for index in indexes:
                    await self.conn.execute(index["definition"])
            return count

        self.tables.append(table)
        return self.loop.run_until_complete(copy())

    def finish(self, *, analyze: bool) -> None:
        async def run() -> None:
            await self.conn.execute("SET session_replication_role = origin")
            for child, col, parent, pcol in await self.conn.fetch(FK_SQL, self.tables):
                missing = await self.conn.fetchval(
                    f'SELECT count(*) FROM "{child}" c LEFT JOIN "{parent}" p '
                    f'ON p."{pcol}" = c."{col}" WHERE c."{col}" IS NOT NULL AND p."{pcol}" IS NULL')
                if missing:
                    raise RuntimeError(f"{missing} rows of {child}.{col} miss their {parent}")
            serial = await self.conn.fetch(
                "SELECT table_name, pg_get_serial_sequence(quote_ident(table_name), column_name) "
                "FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_name = 'id' AND table_name = ANY($1::text[])", self.tables)
            for table, seq in serial:  # COPY with explicit ids does not advance the sequences
                if seq:
                    await self.conn.execute(
                        f"SELECT setval('{seq}', COALESCE((SELECT max(id) FROM \"{table}\"), 1))"
                    )
            if analyze:
                await self.conn.execute("ANALYZE")

        self.loop.run_until_complete(run())

    def close(self) -> None:
        self.loop.run_until_complete(self.conn.close())
        self.loop.close()


async def create_pg_database(admin_dsn: str, name: str) -> None:
    """Drop and create a bench database (only ever one named ``portal_bench_*``)."""
    import asyncpg

    assert name.startswith("portal_bench_"), name
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
