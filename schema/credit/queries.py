from __future__ import annotations

import datetime as dt

import strawberry

from portal.core.errors import NotFound
from portal.credit import queries as credit
from schema.credit.types import ListEntryType, ListKindEnum, PenaltyType, SeverityEnum
from schema.errors import domain_errors, parse_id
from schema.pagination import Connection, paginate


@strawberry.input(description="行政处罚筛选条件")
class PenaltyFilter:
    region: str | None = None
    industry: str | None = None
    department_id: strawberry.ID | None = None
    enterprise_id: strawberry.ID | None = None
    severity: SeverityEnum | None = None  # type: ignore[valid-type]
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@strawberry.input(description="名录筛选条件")
class ListEntryFilter:
    region: str | None = None
    industry: str | None = None
    department_id: strawberry.ID | None = None
    enterprise_id: strawberry.ID | None = None
    active: bool | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _opt_id(value: strawberry.ID | None, name: str) -> int | None:
    return parse_id(value, name) if value else None


@strawberry.type
class CreditQuery:
    @strawberry.field(description="公示期内的行政处罚。")
    @domain_errors
    async def penalties(
        self, filter: PenaltyFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[PenaltyType]:
        f = filter or PenaltyFilter()
        qs = credit.public_penalties(
            region=f.region, industry=f.industry, severity=f.severity,
            department_id=_opt_id(f.department_id, "departmentId"),
            enterprise_id=_opt_id(f.enterprise_id, "enterpriseId"),
            date_from=f.date_from, date_to=f.date_to,
        )
        return await paginate(qs, credit.PENALTY_ORDER, first, after, PenaltyType.of)

    @strawberry.field(description="一条行政处罚。")
    @domain_errors
    async def penalty(self, id: strawberry.ID) -> PenaltyType | None:
        try:
            return PenaltyType.of(await credit.public_penalty(parse_id(id)))
        except NotFound:
            return None

    @strawberry.field(description="经营异常名录 / 严重违法失信名单（公示期内）。")
    @domain_errors
    async def list_entries(
        self, kind: ListKindEnum | None = None,  # type: ignore[valid-type]
        filter: ListEntryFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[ListEntryType]:
        f = filter or ListEntryFilter()
        qs = credit.public_list_entries(
            kind=kind, region=f.region, industry=f.industry, active=f.active,
            department_id=_opt_id(f.department_id, "departmentId"),
            enterprise_id=_opt_id(f.enterprise_id, "enterpriseId"),
            date_from=f.date_from, date_to=f.date_to,
        )
        return await paginate(qs, credit.LIST_ORDER, first, after, ListEntryType.of)

    @strawberry.field(description="一条名录记录。")
    @domain_errors
    async def list_entry(self, id: strawberry.ID) -> ListEntryType | None:
        try:
            return ListEntryType.of(await credit.public_list_entry(parse_id(id)))
        except NotFound:
            return None
