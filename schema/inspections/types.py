from __future__ import annotations

import datetime as dt

import strawberry

from portal.inspections.models import RESULT_LABELS, InspectionResult, ResultCode
from schema.context import PublicInfo
from schema.enterprises.types import EnterpriseType, load_enterprise
from schema.reference.types import DepartmentType, load_department
from schema.sampling.types import InspectionItemType, SamplingTaskType

ResultCodeEnum = strawberry.enum(ResultCode, name="ResultCode")


@strawberry.type(name="InspectionResult", description="抽查检查结果")
class InspectionResultType:
    id: strawberry.ID
    inspected_on: dt.date
    result_code: ResultCodeEnum  # type: ignore[valid-type]
    result_label: str = strawberry.field(description="检查结果（标准表述）")
    details: str
    published_at: dt.datetime | None
    _enterprise_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]
    _task_id: strawberry.Private[int | None]
    _item_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, row: InspectionResult) -> InspectionResultType:
        return cls(
            id=strawberry.ID(str(row.id)), inspected_on=row.inspected_on,
            result_code=row.result_code, result_label=RESULT_LABELS[row.result_code],
            details=row.details, published_at=row.published_at,
            _enterprise_id=row.enterprise_id,  # type: ignore[attr-defined]
            _department_id=row.department_id,  # type: ignore[attr-defined]
            _task_id=row.task_id,  # type: ignore[attr-defined]
            _item_id=row.item_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def enterprise(self, info: PublicInfo) -> EnterpriseType:
        return await load_enterprise(info, self._enterprise_id)

    @strawberry.field
    async def department(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)

    @strawberry.field(description="所属抽查任务（如已公开）")
    async def task(self, info: PublicInfo) -> SamplingTaskType | None:
        if self._task_id is None:
            return None
        row = await info.context.loaders.task.load(self._task_id)
        return SamplingTaskType.of(row) if row else None

    @strawberry.field(description="检查事项（如已公开）")
    async def item(self, info: PublicInfo) -> InspectionItemType | None:
        if self._item_id is None:
            return None
        row = await info.context.loaders.item.load(self._item_id)
        return InspectionItemType.of(row) if row else None
