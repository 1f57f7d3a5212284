"""GraphQL: the `search` query."""

from __future__ import annotations

import strawberry

from schema.errors import domain_errors
from schema.search.types import SearchFilter, SearchKind, SearchResultsType, SearchSort
from search import service
from search.query import Filters


def _filters(f: SearchFilter | None) -> Filters:
    if f is None:
        return Filters()
    return Filters(
        region=(f.region or "").strip() or None,
        department=str(f.department).strip() if f.department else None,
        year=f.year,
        result_code=f.result_code.value if f.result_code else None,
        list_kind=f.list_kind.value if f.list_kind else None,
    )


@strawberry.type
class SearchQuery:
    @strawberry.field(description=(
        "全站搜索：企业名称（含拼音、拼音首字母）、统一社会信用代码或注册号、规章与各类公示信息中的"
        "字词；繁简体、全角半角、大小写均可。空白、过长或只有标点的搜索词会得到提示，而不是错误。"
    ))
    @domain_errors
    async def search(
        self,
        query: str,
        kinds: list[SearchKind] | None = None,
        filters: SearchFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        sort: SearchSort = SearchSort.RELEVANCE,
    ) -> SearchResultsType:
        outcome = await service.search(
            query, kinds=[k.value for k in kinds or []], filters=_filters(filters), first=first,
            after=after, newest_first=sort is SearchSort.NEWEST,
        )
        return SearchResultsType.of(outcome)
