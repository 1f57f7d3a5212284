from __future__ import annotations

import datetime as dt

import strawberry

from portal.credit.models import ListEntry, ListKind, Penalty, Severity
from portal.credit.queries import is_active
from schema.context import PublicInfo
from schema.credit.selfservice_types import PublicStatementType
from schema.enterprises.types import EnterpriseType, load_enterprise
from schema.reference.types import DepartmentType, load_department

SeverityEnum = strawberry.enum(Severity, name="Severity")
ListKindEnum = strawberry.enum(ListKind, name="ListKind")


@strawberry.type(name="Penalty", description="行政处罚（公示期内）")
class PenaltyType:
    id: strawberry.ID
    decision_number: str
    decided_on: dt.date
    severity: SeverityEnum  # type: ignore[valid-type]
    violation: str
    basis: str
    content: str
    fine_amount: float | None
    displayed_until: dt.date | None = strawberry.field(description="公示截止日期（含）")
    repairable_from: dt.date | None = strawberry.field(description="可申请信用修复的日期")
    _enterprise_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]

    @classmethod
    def of(cls, row: Penalty) -> PenaltyType:
        return cls(
            id=strawberry.ID(str(row.id)), decision_number=row.decision_number,
            decided_on=row.decided_on, severity=row.severity, violation=row.violation,
            basis=row.basis, content=row.content,
            fine_amount=None if row.fine_amount is None else float(row.fine_amount),
            displayed_until=row.displayed_until, repairable_from=row.repairable_from,
            _enterprise_id=row.enterprise_id,  # type: ignore[attr-defined]
            _department_id=row.department_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def enterprise(self, info: PublicInfo) -> EnterpriseType:
        return await load_enterprise(info, self._enterprise_id)

    @strawberry.field(description="作出处罚决定的机关")
    async def department(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)

    @strawberry.field(description="企业情况说明（经审核后公开显示）")
    async def statement(self, info: PublicInfo) -> PublicStatementType | None:
        row = await info.context.loaders.penalty_statement.load(int(self.id))
        return None if row is None else PublicStatementType.of(row)


@strawberry.type(name="ListEntry", description="经营异常名录 / 严重违法失信名单记录")
class ListEntryType:
    id: strawberry.ID
    kind: ListKindEnum  # type: ignore[valid-type]
    reason: str
    basis: str
    decision_number: str
    listed_on: dt.date
    removed_on: dt.date | None
    removal_reason: str | None
    active: bool = strawberry.field(description="今日是否仍在名录中（由列入、移出日期推算）")
    displayed_until: dt.date | None = strawberry.field(description="公示截止日期（含）")
    repairable_from: dt.date | None = strawberry.field(description="可申请信用修复的日期")
    _enterprise_id: strawberry.Private[int]
    _department_id: strawberry.Private[int]

    @classmethod
    def of(cls, row: ListEntry) -> ListEntryType:
        return cls(
            id=strawberry.ID(str(row.id)), kind=row.kind, reason=row.reason, basis=row.basis,
            decision_number=row.decision_number, listed_on=row.listed_on,
            removed_on=row.removed_on, removal_reason=row.removal_reason,
            active=is_active(row), displayed_until=row.displayed_until,
            repairable_from=row.repairable_from,
            _enterprise_id=row.enterprise_id,  # type: ignore[attr-defined]
            _department_id=row.department_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def enterprise(self, info: PublicInfo) -> EnterpriseType:
        return await load_enterprise(info, self._enterprise_id)

    @strawberry.field(description="作出列入决定的机关")
    async def department(self, info: PublicInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)

    @strawberry.field(description="企业情况说明（经审核后公开显示）")
    async def statement(self, info: PublicInfo) -> PublicStatementType | None:
        row = await info.context.loaders.list_entry_statement.load(int(self.id))
        return None if row is None else PublicStatementType.of(row)
