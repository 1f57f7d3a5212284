from __future__ import annotations

import datetime as dt
import decimal

import strawberry

from portal.sampling.models import (
    InspectionItem,
    ItemCategory,
    Progress,
    SamplingPlan,
    SamplingTask,
)
from schema.context import PublicInfo
from schema.reference.types import DepartmentType, load_department

ItemCategoryEnum = strawberry.enum(ItemCategory, name="ItemCategory")
ProgressEnum = strawberry.enum(Progress, name="Progress")


def _percent(value: decimal.Decimal | None) -> float | None:
    return None if value is None else float(value)


@strawberry.type(name="InspectionItem", description="随机抽查事项")
class InspectionItemType:
    id: strawberry.ID
    code: str
    name: str
    category: ItemCategoryEnum  # type: ignore[valid-type]
    target_type: str
    legal_basis: str
    method: str
    ratio: str
    frequency: str
    _department_id: strawberry.Private[int]

    @classmethod
    def of(cls, row: InspectionItem) -> InspectionItemType:
        return cls(
            id=strawberry.ID(str(row.id)), code=row.code, name=row.name, category=row.category,
            target_type=row.target_type, legal_basis=row.legal_basis, method=row.method,
            ratio=row.ratio, frequency=row.frequency,
            _department_id=row.department_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def department(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)


@strawberry.type(name="SamplingTask", description="抽查任务")
class SamplingTaskType:
    id: strawberry.ID
    name: str
    scope: str
    ratio_percent: float | None
    target_count: int
    window_start: dt.date | None
    window_end: dt.date | None
    progress: ProgressEnum  # type: ignore[valid-type]
    completed_on: dt.date | None
    _plan_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]

    @classmethod
    def of(cls, row: SamplingTask) -> SamplingTaskType:
        return cls(
            id=strawberry.ID(str(row.id)), name=row.name, scope=row.scope,
            ratio_percent=_percent(row.ratio_percent), target_count=row.target_count,
            window_start=row.window_start, window_end=row.window_end, progress=row.progress,
            completed_on=row.completed_on,
            _plan_id=row.plan_id,  # type: ignore[attr-defined]
            _department_id=row.department_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def department(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)

    @strawberry.field(description="所属计划编号")
    def plan_id(self) -> strawberry.ID:
        return strawberry.ID(str(self._plan_id))


@strawberry.type(name="SamplingPlan", description="年度抽查计划")
class SamplingPlanType:
    id: strawberry.ID
    year: int
    name: str
    scope: str
    ratio_percent: float | None
    window_start: dt.date | None
    window_end: dt.date | None
    progress: ProgressEnum  # type: ignore[valid-type]
    published_at: dt.datetime | None
    _lead_id: strawberry.Private[int]

    @classmethod
    def of(cls, row: SamplingPlan) -> SamplingPlanType:
        return cls(
            id=strawberry.ID(str(row.id)), year=row.year, name=row.name, scope=row.scope,
            ratio_percent=_percent(row.ratio_percent), window_start=row.window_start,
            window_end=row.window_end, progress=row.progress, published_at=row.published_at,
            _lead_id=row.lead_department_id,  # type: ignore[attr-defined]
        )

    @strawberry.field(description="牵头部门")
    async def lead_department(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._lead_id)

    @strawberry.field(description="参与部门（联合抽查）")
    async def participating_departments(self, info: PublicInfo) -> list[DepartmentType]:
        ids = await info.context.loaders.plan_participants.load(int(self.id))
        rows = await info.context.loaders.department.load_many(ids)
        return [DepartmentType.of(d) for d in rows if d is not None]

    @strawberry.field(description="抽查事项（已公开的）")
    async def items(self, info: PublicInfo) -> list[InspectionItemType]:
        rows = await info.context.loaders.plan_items.load(int(self.id))
        return [InspectionItemType.of(r) for r in rows]

    @strawberry.field(description="计划下的抽查任务（已公开的）")
    async def tasks(self, info: PublicInfo) -> list[SamplingTaskType]:
        rows = await info.context.loaders.plan_tasks.load(int(self.id))
        return [SamplingTaskType.of(r) for r in rows]
