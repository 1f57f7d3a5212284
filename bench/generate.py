"""`python -m bench generate`: a fresh database, the real migrations, then the dataset.

Steps: delete/recreate the target; ``portal migrate`` (subprocess, the real CLI); seed the rule
table through :func:`portal.core.rules.seed_default_rules` (Tortoise) and read the rule rows
back; bulk-load the reference tables and the big tables — rows generated in a forked child
process and written by this one, so generation and writing overlap on the two cores; print
rows/s per table (wall time, generation included); write a manifest next to the data so
`bench http` knows what it is measuring.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path
from queue import Empty
from typing import Any

from bench.codec import Codec
from bench.dataset import COLUMNS, Generator, counts
from bench.reference import build as build_reference
from bench.writers import PostgresWriter, SqliteWriter, Writer, batches, create_pg_database

HERE = Path(__file__).parent
DATA_DIR = HERE / "data"
PROJECT = HERE.parent
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
LOAD_TARGET = 20_000  # rows/s
FORK = mp.get_context("fork")  # the child inherits the generator state; nothing is pickled but rows


@dataclass
class Target:
    db: str  # "sqlite" | "postgres"
    scale: float
    name: str
    url: str
    path: Path | None
    data_dir: Path = DATA_DIR

    @property
    def manifest(self) -> Path:
        return self.data_dir / f"{self.name}.{self.db}.json"

    def env(self) -> dict[str, str]:
        """Settings for `portal ...` subprocesses; PYTHONPATH pins them to this source tree."""
        path = os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))
        # The search indexer runs as its own process in production; in the server under test it
        # would first index the 4.2 M rows (the HTTP benchmark measures requests, not indexing).
        return {"PORTAL_SEARCH_INDEXER": "external", **os.environ,
                "PORTAL_DATABASE_URL": self.url, "PORTAL_VAR_DIR": str(self.data_dir),
                "PYTHONPATH": path}


def target(db: str, scale: float, data_dir: Path = DATA_DIR) -> Target:
    name = "portal_s" + f"{scale:g}".replace(".", "_")
    if db == "sqlite":
        path = data_dir / f"{name}.sqlite3"
        return Target(db, scale, name, f"sqlite://{path}", path, data_dir)
    base = PG_ADMIN.rsplit("/", 1)[0]
    return Target(db, scale, name, f"{base}/portal_bench_{name[7:]}", None, data_dir)


def portal_cmd(*args: str) -> list[str]:
    """The installed `portal` console script (fallback: the same Typer app via -c)."""
    script = Path(sys.executable).with_name("portal")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from portal.cli import app; app()", *args]


def load_manifest(t: Target) -> dict[str, object] | None:
    if not t.manifest.exists():
        return None
    return json.loads(t.manifest.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def migrations_list() -> list[str]:
    return sorted(p.stem for p in (PROJECT / "migrations").glob("0*.py"))


async def _seed_rules(url: str) -> list:  # type: ignore[type-arg]
    from portal.core import db
    from portal.core.models import DisplayRule
    from portal.core.rules import seed_default_rules

    await db.connect(url)
    try:
        await seed_default_rules()
        return list(await DisplayRule.all())
    finally:
        await db.close()


def _produce(gen: Generator, queue: mp.Queue[list[tuple[Any, ...]] | None]) -> None:
    """Child process: generate the big tables in order, a ``None`` after each table."""
    for _, rows in gen.tables():
        for chunk in batches(rows):
            queue.put(chunk)
        queue.put(None)


def _chunks(queue: mp.Queue[list[tuple[Any, ...]] | None],
            producer: BaseProcess) -> Iterator[list[tuple[Any, ...]]]:
    while True:
        try:
            chunk = queue.get(timeout=5)
        except Empty:
            if not producer.is_alive():
                raise RuntimeError("the generator process died; see its traceback above") from None
            continue
        if chunk is None:
            return
        yield chunk


def _recreate(t: Target) -> None:
    t.data_dir.mkdir(parents=True, exist_ok=True)
    if t.path is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{t.path}{suffix}").unlink(missing_ok=True)
    else:
        asyncio.run(create_pg_database(PG_ADMIN, t.url.rsplit("/", 1)[1]))


def generate(db: str, scale: float, seed: int, anchor: dt.date, *, analyze: bool,
             quiet: bool = False, data_dir: Path = DATA_DIR) -> dict[str, object]:
    t = target(db, scale, data_dir)
    say = (lambda *_: None) if quiet else print
    say(f"== generate {db} scale={scale:g} seed={seed} anchor={anchor} → {t.path or t.url}")
    say(f"   rows: {counts(scale)}")
    _recreate(t)
    started = time.perf_counter()
    subprocess.run(portal_cmd("migrate"), env=t.env(), check=True, cwd=PROJECT,
                   stdout=subprocess.DEVNULL)
    rules = asyncio.run(_seed_rules(t.url))
    migrated = time.perf_counter() - started
    say(f"   portal migrate + rule table: {migrated:.1f} s")

    codec = Codec(sqlite=db == "sqlite")
    load_start = time.perf_counter()
    ref = build_reference(anchor, codec, seed)
    gen = Generator(ref, rules, codec, scale, seed)
    queue: mp.Queue[list[tuple[Any, ...]] | None] = FORK.Queue(maxsize=4)
    producer = FORK.Process(target=_produce, args=(gen, queue), daemon=True)
    producer.start()  # before the writer connects: the child shares no connection
    writer: Writer = SqliteWriter(t.path) if t.path else PostgresWriter(t.url)
    tables: dict[str, dict[str, float]] = {}
    try:
        jobs = [(name, cols, [rows]) for name, cols, rows in ref.tables]
        jobs += [(name, COLUMNS[name], _chunks(queue, producer)) for name in gen.names]
        for name, cols, chunks in jobs:
            t0 = time.perf_counter()
            n = writer.write(name, cols, chunks)
            secs = time.perf_counter() - t0
            tables[name] = {"rows": n, "seconds": round(secs, 3), "rows_per_s": round(n / secs)}
            say(f"   {name:<20} {n:>10,} rows {secs:8.1f} s {n / secs:>10,.0f} rows/s")
        t0 = time.perf_counter()
        # PostgreSQL's autovacuum would ANALYZE the fresh tables at some moment during the
        # benchmark; do it now so plans are stable. SQLite never analyzes by itself.
        writer.finish(analyze=analyze or db == "postgres")
        finish = time.perf_counter() - t0
    finally:
        writer.close()
        producer.join(timeout=5)
    load_secs = time.perf_counter() - load_start
    rows = sum(int(v["rows"]) for v in tables.values())
    rate = rows / load_secs
    verdict = "PASS" if rate >= LOAD_TARGET else "FAIL"
    say(f"   finish (FK check or sequences{', ANALYZE' if analyze or db == 'postgres' else ''}): "
        f"{finish:.1f} s")
    say(f"   TOTAL {rows:,} rows in {load_secs:.1f} s = {rate:,.0f} rows/s "
        f"(target ≥ {LOAD_TARGET:,}) {verdict}")
    manifest = {
        "target": {k: str(v) for k, v in asdict(t).items()}, "seed": seed,
        "anchor": anchor.isoformat(), "analyze": analyze, "migrations": migrations_list(),
        "created": dt.datetime.now().isoformat(timespec="seconds"), "tables": tables,
        "rows": rows, "load_seconds": round(load_secs, 2), "rows_per_s": round(rate),
        "migrate_seconds": round(migrated, 2), "finish_seconds": round(finish, 2),
        "size_bytes": t.path.stat().st_size if t.path else None,
    }
    t.manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest
