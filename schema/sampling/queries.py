from __future__ import annotations

import strawberry

from portal.core.errors import NotFound
from portal.sampling import queries as sampling
from schema.errors import domain_errors, parse_id
from schema.pagination import Connection, paginate
from schema.sampling.types import InspectionItemType, ItemCategoryEnum, SamplingPlanType


@strawberry.input(description="抽查事项筛选条件")
class InspectionItemFilter:
    department_id: strawberry.ID | None = None
    category: ItemCategoryEnum | None = None  # type: ignore[valid-type]
    name: str | None = None


@strawberry.input(description="抽查计划筛选条件")
class SamplingPlanFilter:
    year: int | None = None
    department_id: strawberry.ID | None = None


@strawberry.type
class SamplingQuery:
    @strawberry.field(description="随机抽查事项清单。")
    @domain_errors
    async def inspection_items(
        self, filter: InspectionItemFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[InspectionItemType]:
        f = filter or InspectionItemFilter()
        qs = sampling.public_items(
            department_id=parse_id(f.department_id, "departmentId") if f.department_id else None,
            category=f.category, name=f.name,
        )
        return await paginate(qs, sampling.ITEM_ORDER, first, after, InspectionItemType.of)

    @strawberry.field(description="年度抽查计划。")
    @domain_errors
    async def sampling_plans(
        self, filter: SamplingPlanFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[SamplingPlanType]:
        f = filter or SamplingPlanFilter()
        qs = sampling.public_plans(
            year=f.year,
            department_id=parse_id(f.department_id, "departmentId") if f.department_id else None,
        )
        return await paginate(qs, sampling.PLAN_ORDER, first, after, SamplingPlanType.of)

    @strawberry.field(description="一个抽查计划。")
    @domain_errors
    async def sampling_plan(self, id: strawberry.ID) -> SamplingPlanType | None:
        try:
            return SamplingPlanType.of(await sampling.public_plan(parse_id(id)))
        except NotFound:
            return None
