"""GraphQL types for site search."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from schema.credit.types import ListKindEnum
from schema.inspections.types import ResultCodeEnum
from schema.pagination import PageInfo
from search.facets import FacetValue
from search.service import Hit, Outcome


@strawberry.enum(name="SearchKind", description="可搜索的公开信息类别")
class SearchKind(enum.Enum):
    ENTERPRISE = "enterprise"
    REGULATION = "regulation"
    INSPECTION_ITEM = "inspection_item"
    SAMPLING_PLAN = "sampling_plan"
    INSPECTION_RESULT = "inspection_result"
    PENALTY = "penalty"
    LIST_ENTRY = "list_entry"
    COMPLAINT_CHANNEL = "complaint_channel"


@strawberry.enum(name="SearchSort")
class SearchSort(enum.Enum):
    RELEVANCE = "relevance"
    NEWEST = "newest"


@strawberry.input(description="搜索筛选条件（均可选，组合为“且”）")
class SearchFilter:
    region: str | None = strawberry.field(
        default=None, description="行政区划代码；省、市代码包含其下辖地区")
    department: strawberry.ID | None = strawberry.field(default=None, description="部门编号")
    year: int | None = strawberry.field(default=None, description="年度（记录日期所在年份）")
    result_code: ResultCodeEnum | None = None  # type: ignore[valid-type]
    list_kind: ListKindEnum | None = None  # type: ignore[valid-type]


@strawberry.type(name="SearchHit", description="一条搜索结果")
class SearchHitType:
    kind: SearchKind
    id: strawberry.ID
    title: str = strawberry.field(description="标题（纯文本）")
    title_html: str = strawberry.field(description="标题，已转义的 HTML，匹配处以 <mark> 标出")
    snippet: str = strawberry.field(description="摘要（纯文本）")
    snippet_html: str = strawberry.field(description="摘要，已转义的 HTML，匹配处以 <mark> 标出")
    link: str = strawberry.field(description="公开页面的站内地址")
    date: dt.date | None = strawberry.field(description="记录日期（成立、发布、检查、处罚或列入日期）")
    cursor: str

    @classmethod
    def of(cls, hit: Hit) -> SearchHitType:
        return cls(kind=SearchKind(hit.kind), id=strawberry.ID(hit.id), title=hit.title,
                   title_html=hit.title_html, snippet=hit.snippet, snippet_html=hit.snippet_html,
                   link=hit.link, date=hit.date, cursor=hit.cursor)


@strawberry.type(name="FacetCount")
class FacetCountType:
    value: str = strawberry.field(description="可作为筛选条件传回的值")
    label: str
    count: int


ENUM_FACETS = ("kind", "result_code", "list_kind")


def _facet(name: str, values: list[FacetValue] | None) -> list[FacetCountType]:
    upper = name in ENUM_FACETS
    return [FacetCountType(value=v.value.upper() if upper else v.value, label=v.label,
                           count=v.count) for v in values or []]


@strawberry.type(name="SearchFacets", description="按类别、地区、部门、年度、检查结果、名录类型的计数")
class SearchFacetsType:
    kind: list[FacetCountType]
    region: list[FacetCountType]
    department: list[FacetCountType]
    year: list[FacetCountType]
    result_code: list[FacetCountType]
    list_kind: list[FacetCountType]


@strawberry.type(name="SearchResults")
class SearchResultsType:
    query: str = strawberry.field(description="实际用于搜索的文字（已去除控制字符、截断过长部分）")
    total: int = strawberry.field(description="匹配总数")
    hits: list[SearchHitType]
    facets: SearchFacetsType
    page_info: PageInfo
    notices: list[str] = strawberry.field(description="关于搜索词的提示（为空、过长、代码无效等）")
    exact_match: SearchHitType | None = strawberry.field(
        description="搜索词是统一社会信用代码或注册号时，直达的市场主体")

    @classmethod
    def of(cls, outcome: Outcome) -> SearchResultsType:
        hits = [SearchHitType.of(h) for h in outcome.hits]
        f = outcome.facets
        return cls(
            query=outcome.query, total=outcome.total, hits=hits,
            facets=SearchFacetsType(**{name: _facet(name, f.get(name)) for name in (
                "kind", "region", "department", "year", "result_code", "list_kind")}),
            page_info=PageInfo(
                has_next_page=outcome.has_next, has_previous_page=outcome.offset > 0,
                start_cursor=hits[0].cursor if hits else None, end_cursor=outcome.end_cursor,
            ),
            notices=outcome.notices,
            exact_match=SearchHitType.of(outcome.exact) if outcome.exact else None,
        )
