from __future__ import annotations

import datetime as dt

import strawberry

from portal.core.errors import NotFound
from portal.regulations import queries as regulations
from schema.errors import domain_errors, parse_id
from schema.pagination import Connection, paginate
from schema.regulations.types import RegulationType, ValidityEnum


@strawberry.input(description="规章筛选条件")
class RegulationFilter:
    region: str | None = None
    department_id: strawberry.ID | None = None
    validity: ValidityEnum | None = None  # type: ignore[valid-type]
    title: str | None = None
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None


@strawberry.type
class RegulationQuery:
    @strawberry.field(description="已公开的规章与规范性文件。")
    @domain_errors
    async def regulations(
        self, filter: RegulationFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[RegulationType]:
        f = filter or RegulationFilter()
        qs = regulations.public_regulations(
            region=f.region, validity=f.validity, title=f.title,
            department_id=parse_id(f.department_id, "departmentId") if f.department_id else None,
            issued_from=f.issued_from, issued_to=f.issued_to,
        )
        return await paginate(qs, regulations.ORDER, first, after, RegulationType.of)

    @strawberry.field(description="一件规章或规范性文件。")
    @domain_errors
    async def regulation(self, id: strawberry.ID) -> RegulationType | None:
        try:
            return RegulationType.of(await regulations.public_regulation(parse_id(id)))
        except NotFound:
            return None
