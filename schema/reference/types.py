from __future__ import annotations

import strawberry

from portal.reference.models import Department, DepartmentLevel, Industry, Region
from schema.context import PublicInfo

DepartmentLevelEnum = strawberry.enum(DepartmentLevel, name="DepartmentLevel")


@strawberry.type(name="Region", description="行政区划（GB/T 2260）")
class RegionType:
    code: str
    name: str
    level: str

    @classmethod
    def of(cls, row: Region) -> RegionType:
        return cls(code=row.code, name=row.name, level=row.level)


@strawberry.type(name="Industry", description="国民经济行业分类（GB/T 4754）")
class IndustryType:
    code: str
    name: str

    @classmethod
    def of(cls, row: Industry) -> IndustryType:
        return cls(code=row.code, name=row.name)


@strawberry.type(name="Department", description="监管部门")
class DepartmentType:
    id: strawberry.ID
    name: str
    level: DepartmentLevelEnum  # type: ignore[valid-type]
    _parent_id: strawberry.Private[int | None]
    _region_code: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: Department) -> DepartmentType:
        return cls(
            id=strawberry.ID(str(row.id)), name=row.name, level=row.level,
            _parent_id=row.parent_id, _region_code=row.region_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def parent(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._parent_id)

    @strawberry.field
    async def region(self, info: PublicInfo) -> RegionType | None:
        return await load_region(info, self._region_code)


async def load_department(info: PublicInfo, dept_id: int | None) -> DepartmentType | None:
    if dept_id is None:
        return None
    row = await info.context.loaders.department.load(dept_id)
    return DepartmentType.of(row) if row else None


async def load_region(info: PublicInfo, code: str | None) -> RegionType | None:
    if code is None:
        return None
    row = await info.context.loaders.region.load(code)
    return RegionType.of(row) if row else None


async def load_industry(info: PublicInfo, code: str | None) -> IndustryType | None:
    if code is None:
        return None
    row = await info.context.loaders.industry.load(code)
    return IndustryType.of(row) if row else None
