"""The production backend: Meilisearch through its async client (``MEILI_URL``, ``MEILI_KEY``).

Every write waits for its task, so an outbox event is marked done only once Meilisearch has
applied it. Connection failures, timeouts and failed tasks are :class:`BackendUnavailable`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import MeilisearchApiError, MeilisearchError
from meilisearch_python_sdk.index import AsyncIndex
from meilisearch_python_sdk.models.task import TaskInfo

from search import meili_requests as req
from search.backend import FACETS, BackendUnavailable, RawHit, RawResults
from search.query import SearchRequest
from search.records import IndexRecord

TASK_TIMEOUT_MS = 60_000
FAILURES = (MeilisearchError, OSError, TimeoutError)
T = TypeVar("T")


class MeiliBackend:
    name = "meilisearch"

    def __init__(self, url: str, api_key: str | None, index_uid: str = "portal",
                 *, timeout: int = 5) -> None:
        self.url = url
        self.index_uid = index_uid
        self.client = AsyncClient(url, api_key or None, timeout=timeout)
        self._ready = False

    @property
    def index(self) -> AsyncIndex:
        return self.client.index(self.index_uid)

    async def _wait(self, task: TaskInfo) -> None:
        result = await self.client.wait_for_task(task.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
        if result.status != "succeeded":
            raise BackendUnavailable(f"Meilisearch 任务 {task.task_uid} 失败：{result.error}")

    async def _ensure(self) -> None:
        if self._ready:
            return
        try:
            try:
                index = await self.client.get_index(self.index_uid)
            except MeilisearchApiError as error:
                if error.status_code != 404:
                    raise
                index = await self.client.create_index(self.index_uid, req.PRIMARY_KEY)
            if req.settings_differ(await index.get_settings()):
                await self._wait(await index.update_settings(req.index_settings()))
        except FAILURES as error:
            raise BackendUnavailable(f"无法连接 Meilisearch（{self.url}）：{error}") from error
        self._ready = True

    async def ensure_ready(self) -> None:
        await self._ensure()

    async def writable(self) -> bool:
        return True

    async def _call(self, action: str, work: Callable[[], Awaitable[T]]) -> T:
        await self._ensure()
        try:
            return await work()
        except FAILURES as error:
            raise BackendUnavailable(f"Meilisearch {action}失败：{error}") from error

    async def upsert(self, records: Sequence[IndexRecord]) -> None:
        if records:
            stamp = time.time_ns() // 1_000_000
            docs = [req.to_document(r, stamp) for r in records]

            async def run() -> None:
                await self._wait(await self.index.add_documents(docs, req.PRIMARY_KEY))

            await self._call("写入", run)

    async def delete(self, uids: Sequence[str]) -> None:
        if uids:
            async def run() -> None:
                await self._wait(await self.index.delete_documents(list(uids)))

            await self._call("删除", run)

    async def rebuild(self, kind: str, batches: AsyncIterator[list[IndexRecord]]) -> None:
        """Replace documents by uid (each stamped when written), then delete the kind's
        documents stamped before the rebuild began (rows no longer public): no gap, no
        duplicates, and what a concurrent indexer writes meanwhile is kept."""
        started = time.time_ns() // 1_000_000 + 1  # older documents < started ≤ new ones
        await asyncio.sleep(0.002)
        async for batch in batches:
            await self.upsert(batch)

        async def drop_stale() -> None:
            flt = req.stale_filter(kind, started)
            await self._wait(await self.index.delete_documents_by_filter(flt))

        await self._call("清理", drop_stale)

    async def search(self, request: SearchRequest) -> RawResults:
        params = req.search_params(request)
        result = await self._call("搜索", lambda: self.index.search(**params))
        hits = [
            RawHit(uid=h["uid"], kind=h["kind"], id=str(h["id"]), title=h.get("title", ""),
                   body=h.get("body", ""), link=h.get("link", "/"), date=h.get("date"))
            for h in result.hits
        ]
        distribution: dict[str, Any] = result.facet_distribution or {}
        facets = {
            name: {str(k): int(v) for k, v in (distribution.get(name) or {}).items()}
            for name in FACETS
        }
        total = result.estimated_total_hits if result.total_hits is None else result.total_hits
        return RawResults(total=int(total or 0), hits=hits, facets=facets)

    async def count(self) -> int:
        stats = await self._call("统计", self.index.get_stats)
        return int(stats.number_of_documents)

    async def close(self) -> None:
        await self.client.aclose()
