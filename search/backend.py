"""The one interface both search backends implement (embedded tantivy, Meilisearch)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from search.query import SearchRequest
from search.records import IndexRecord

FACETS = ("kind", "region", "department", "year", "result_code", "list_kind")
FACET_SIZE = 20


class BackendUnavailable(Exception):
    """The backend cannot be reached or written right now; the caller retries later."""


@dataclass(frozen=True)
class RawHit:
    uid: str
    kind: str
    id: str
    title: str
    body: str
    link: str
    date: str | None


@dataclass
class RawResults:
    total: int
    hits: list[RawHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class SearchBackend(Protocol):
    name: str

    async def ensure_ready(self) -> None:
        """Create the index and apply its settings (idempotent)."""

    async def writable(self) -> bool:
        """Whether this process may write (the embedded index admits one writer process)."""

    async def upsert(self, records: Sequence[IndexRecord]) -> None:
        """Add or replace documents by uid; durable when this returns."""

    async def delete(self, uids: Sequence[str]) -> None:
        """Remove documents by uid; unknown uids are ignored."""

    async def rebuild(self, kind: str, batches: AsyncIterator[list[IndexRecord]]) -> None:
        """Replace every document of ``kind`` with the streamed ones (used by reindex)."""

    async def search(self, request: SearchRequest) -> RawResults: ...

    async def count(self) -> int: ...

    async def close(self) -> None: ...
