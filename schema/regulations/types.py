from __future__ import annotations

import datetime as dt

import strawberry

from portal.regulations.models import Regulation, Validity
from schema.context import PublicInfo
from schema.reference.types import DepartmentType, RegionType, load_department, load_region

ValidityEnum = strawberry.enum(Validity, name="Validity")


@strawberry.type(name="Regulation", description="规章 / 规范性文件")
class RegulationType:
    id: strawberry.ID
    title: str
    doc_number: str = strawberry.field(description="文号")
    issuer: str
    issued_on: dt.date | None
    effective_on: dt.date | None
    validity: ValidityEnum  # type: ignore[valid-type]
    body: str
    published_at: dt.datetime | None
    _department_id: strawberry.Private[int | None]
    _region_code: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: Regulation) -> RegulationType:
        return cls(
            id=strawberry.ID(str(row.id)), title=row.title, doc_number=row.doc_number,
            issuer=row.issuer, issued_on=row.issued_on, effective_on=row.effective_on,
            validity=row.validity, body=row.body, published_at=row.published_at,
            _department_id=row.department_id,  # type: ignore[attr-defined]
            _region_code=row.region_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def department(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)

    @strawberry.field
    async def region(self, info: PublicInfo) -> RegionType | None:
        return await load_region(info, self._region_code)
