from __future__ import annotations

import strawberry

from portal.channels.models import ChannelKind, ComplaintChannel
from schema.context import PublicInfo
from schema.reference.types import DepartmentType, RegionType, load_department, load_region

ChannelKindEnum = strawberry.enum(ChannelKind, name="ChannelKind")


@strawberry.type(name="ComplaintChannel", description="投诉举报渠道")
class ComplaintChannelType:
    id: strawberry.ID
    name: str
    kind: ChannelKindEnum  # type: ignore[valid-type]
    contact: str
    hours: str
    scope: str
    _department_id: strawberry.Private[int | None]
    _region_code: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: ComplaintChannel) -> ComplaintChannelType:
        return cls(
            id=strawberry.ID(str(row.id)), name=row.name, kind=row.kind, contact=row.contact,
            hours=row.hours, scope=row.scope,
            _department_id=row.department_id,  # type: ignore[attr-defined]
            _region_code=row.region_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def department(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)

    @strawberry.field
    async def region(self, info: PublicInfo) -> RegionType | None:
        return await load_region(info, self._region_code)
