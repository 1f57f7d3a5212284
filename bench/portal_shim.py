"""Fallback entry point: the real portal app, with Tortoise visible from request tasks.

Used only when `portal serve` answers DB-backed requests with "No TortoiseContext is currently
active": Tortoise 1.x keeps its state in a context variable, the lifespan runs in its own task,
and ``portal.core.db.connect`` calls ``Tortoise.init`` without ``_enable_global_fallback=True``,
so request tasks see no connection (the case at commit 609f49f; fixed in db9d14c). This module
builds the same app (``portal.app.create_app(manage_db=False)``) and wraps its lifespan with an
init that sets the global fallback; routes, middleware, schema and uvicorn settings are
unchanged. The benchmark prints a warning whenever it has to use this.

It also applies what-if experiments named in ``BENCH_EXPERIMENTS`` (comma-separated), so a
recommendation can be measured before anyone changes the app. They are benchmark patches, not
proposed code: docs/benchmarks.md says what the real change would be.

- ``gql-cache``: strawberry's ``ParserCache`` and ``ValidationCache`` on the public schema,
  with the depth/alias limiters' rule classes made stable (strawberry issue #4635);
- ``ref-cache``: departments, regions and industries served from a per-process dict loaded
  once, instead of one SQL query per request each (reference data changes rarely);
- ``gc-freeze``: ``gc.freeze()`` after start-up, so full collections skip the ~10^5 long-lived
  schema/template objects (tail latency).
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from tortoise import Tortoise

from portal.app import create_app
from portal.config import get_settings, tortoise_config


def gql_cache() -> None:
    from strawberry.extensions import ParserCache, ValidationCache, max_aliases, query_depth_limiter

    from schema.public import public_schema

    for module in (query_depth_limiter, max_aliases):
        module.create_validator = functools.cache(module.create_validator)  # type: ignore[attr-defined]
    schema = public_schema()
    schema.extensions = [*schema.extensions, lambda: ParserCache(maxsize=256),
                         lambda: ValidationCache(maxsize=256)]


def ref_cache() -> None:
    from portal.reference import queries
    from portal.reference.models import Department, Industry, Region

    def cached(model: Any, key: str) -> Callable[[Sequence[Any]], Any]:
        table: dict[Any, Any] = {}

        async def by_keys(keys: Sequence[Any]) -> list[Any]:
            if not table:
                table.update({getattr(row, key): row for row in await model.all()})
            return [table.get(k) for k in keys]

        return by_keys

    queries.departments_by_ids = cached(Department, "id")  # type: ignore[assignment]
    queries.regions_by_codes = cached(Region, "code")  # type: ignore[assignment]
    queries.industries_by_codes = cached(Industry, "code")  # type: ignore[assignment]


EXPERIMENTS: dict[str, Callable[[], None]] = {"gql-cache": gql_cache, "ref-cache": ref_cache,
                                              "gc-freeze": lambda: None}


def make_app() -> Starlette:
    settings = get_settings()
    wanted = [e for e in os.environ.get("BENCH_EXPERIMENTS", "").split(",") if e]
    for name in wanted:
        EXPERIMENTS[name]()
    app = create_app(settings, manage_db=False)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: Starlette) -> AsyncIterator[Any]:
        await Tortoise.init(config=tortoise_config(settings.db_url), _enable_global_fallback=True)
        try:
            async with inner(a) as state:
                if "gc-freeze" in wanted:
                    gc.collect()
                    gc.freeze()
                yield state
        finally:
            await Tortoise.close_connections()

    app.router.lifespan_context = lifespan
    return app


def __getattr__(name: str) -> Starlette:  # `bench.portal_shim:app`, built in each worker
    if name == "app":
        return make_app()
    raise AttributeError(name)


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    uvicorn.run(  # the same settings as portal.cli.serve
        "bench.portal_shim:app", host="127.0.0.1", port=args.port, workers=args.workers,
        log_level="info", access_log=False, proxy_headers=True,
    )


if __name__ == "__main__":
    main()
