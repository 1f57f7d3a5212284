from __future__ import annotations

import datetime as dt

import strawberry

from portal.inspections import queries as inspections
from schema.errors import domain_errors, parse_id
from schema.inspections.types import InspectionResultType, ResultCodeEnum
from schema.pagination import Connection, paginate


@strawberry.input(description="抽查结果筛选条件")
class InspectionResultFilter:
    region: str | None = None
    industry: str | None = None
    department_id: strawberry.ID | None = None
    enterprise_id: strawberry.ID | None = None
    task_id: strawberry.ID | None = None
    result_code: ResultCodeEnum | None = None  # type: ignore[valid-type]
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@strawberry.type
class InspectionQuery:
    @strawberry.field(description="已公示的抽查检查结果。")
    @domain_errors
    async def inspection_results(
        self, filter: InspectionResultFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[InspectionResultType]:
        f = filter or InspectionResultFilter()
        qs = inspections.public_results(
            region=f.region, industry=f.industry,
            department_id=parse_id(f.department_id, "departmentId") if f.department_id else None,
            enterprise_id=parse_id(f.enterprise_id, "enterpriseId") if f.enterprise_id else None,
            task_id=parse_id(f.task_id, "taskId") if f.task_id else None,
            result_code=f.result_code, year=f.year, date_from=f.date_from, date_to=f.date_to,
        )
        return await paginate(qs, inspections.ORDER, first, after, InspectionResultType.of)
