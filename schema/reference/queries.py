from __future__ import annotations

import strawberry

from portal.reference import queries as reference
from schema.reference.types import DepartmentType, RegionType


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="全部监管部门（数量有限，不分页）。")
    async def departments(self) -> list[DepartmentType]:
        return [DepartmentType.of(d) for d in await reference.all_departments()]

    @strawberry.field(description="本门户涉及的行政区划。")
    async def regions(self) -> list[RegionType]:
        return [RegionType.of(r) for r in await reference.all_regions()]
