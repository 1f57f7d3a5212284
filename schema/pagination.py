"""Relay-style connections over keyset pages (see portal.core.paging)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from portal.config import get_settings
from portal.core.paging import clamp, fetch_page

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _count_qs: strawberry.Private[Any]

    @strawberry.field(description="匹配的总条数（仅在请求时计算）。")
    async def total_count(self) -> int:
        return int(await self._count_qs.count())

    @strawberry.field(description="本页的节点（edges 的简写）。")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


async def paginate(
    qs: QuerySet[Any],
    order: list[str],
    first: int | None,
    after: str | None,
    shape: Callable[[Any], T],
) -> Connection[T]:
    settings = get_settings()
    size = clamp(first, settings.page_size_default, settings.page_size_max)
    page = await fetch_page(qs, order, size, after)
    edges = [Edge(cursor=c, node=shape(row)) for row, c in zip(page.items, page.cursors, strict=True)]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=page.cursors[0] if page.cursors else None,
        end_cursor=page.cursors[-1] if page.cursors else None,
    )
    return Connection(edges=edges, page_info=info, _count_qs=qs)
