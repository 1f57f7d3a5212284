"""A per-process read-through cache for reference rows (regions, industries, departments).

They number a few thousand, change a few times a year, and were loaded on every request: one
SQL statement per kind per request, ~0.3–0.5 ms of CPU each (docs/benchmarks.md §4). A key
not in the cache is read from the database at once, so a new row is never missing; the whole
cache is dropped after ``reference_cache_seconds``, so a rename reaches every worker in time.
Rows are shared between requests: resolvers only read them.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

from tortoise.models import Model

from portal.config import get_settings

K = TypeVar("K", bound=Hashable)
M = TypeVar("M", bound=Model)
_caches: list[ReadThrough[object, Model]] = []  # type: ignore[type-arg]


class ReadThrough(Generic[K, M]):
    def __init__(self, model: type[M], key: str) -> None:
        self.model, self.key = model, key
        self.rows: dict[K, M] = {}
        self.loaded_at = time.monotonic()
        _caches.append(self)  # type: ignore[arg-type]

    async def get_many(self, keys: Sequence[K]) -> list[M | None]:
        now = time.monotonic()
        if now - self.loaded_at > get_settings().reference_cache_seconds:
            self.rows, self.loaded_at = {}, now
        missing = [k for k in set(keys) if k not in self.rows]
        if missing:
            found = await self.model.filter(**{f"{self.key}__in": missing})
            self.rows.update({getattr(row, self.key): row for row in found})
        return [self.rows.get(k) for k in keys]

    def clear(self) -> None:
        self.rows = {}


def invalidate() -> None:
    """Forget every cached row (after a change to reference data, and between tests)."""
    for cache in _caches:
        cache.clear()
