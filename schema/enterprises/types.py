from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from portal.enterprises.models import Enterprise, EnterpriseStatus
from schema.context import PublicInfo
from schema.reference.types import IndustryType, RegionType, load_industry, load_region

if TYPE_CHECKING:
    from schema.credit.types import ListEntryType, PenaltyType
    from schema.inspections.types import InspectionResultType
    from schema.tips.types import PublicComplaintType

EnterpriseStatusEnum = strawberry.enum(EnterpriseStatus, name="EnterpriseStatus")


@strawberry.type(name="Enterprise", description="市场主体（一企一档）")
class EnterpriseType:
    id: strawberry.ID
    uscc: str = strawberry.field(description="统一社会信用代码")
    uscc_warning: str | None = strawberry.field(
        description="代码未通过校验时的提示（早期试点赋码）"
    )
    registration_number: str | None = strawberry.field(description="原15位工商注册号")
    name: str
    entity_type: str
    address: str
    business_scope: str
    established_on: dt.date | None
    status: EnterpriseStatusEnum  # type: ignore[valid-type]
    _region_code: strawberry.Private[str | None]
    _industry_code: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: Enterprise) -> EnterpriseType:
        return cls(
            id=strawberry.ID(str(row.id)), uscc=row.uscc,
            uscc_warning="该代码未通过校验位检查，系早期试点赋码。" if row.uscc_is_pilot else None,
            registration_number=row.reg_no, name=row.name, entity_type=row.entity_type,
            address=row.address, business_scope=row.business_scope,
            established_on=row.established_on, status=row.status,
            _region_code=row.region_id,  # type: ignore[attr-defined]
            _industry_code=row.industry_id,  # type: ignore[attr-defined]
        )

    @strawberry.field
    async def region(self, info: PublicInfo) -> RegionType | None:
        return await load_region(info, self._region_code)

    @strawberry.field
    async def industry(self, info: PublicInfo) -> IndustryType | None:
        return await load_industry(info, self._industry_code)

    @strawberry.field(description="已公示的抽查检查结果（最近200条）")
    async def inspection_results(
        self, info: PublicInfo
    ) -> list[Annotated[InspectionResultType, strawberry.lazy("schema.inspections.types")]]:
        from schema.inspections.types import InspectionResultType

        rows = await info.context.loaders.enterprise_results.load(int(self.id))
        return [InspectionResultType.of(r) for r in rows]

    @strawberry.field(description="公示期内的行政处罚")
    async def penalties(
        self, info: PublicInfo
    ) -> list[Annotated[PenaltyType, strawberry.lazy("schema.credit.types")]]:
        from schema.credit.types import PenaltyType

        rows = await info.context.loaders.enterprise_penalties.load(int(self.id))
        return [PenaltyType.of(r) for r in rows]

    @strawberry.field(description="公示期内的经营异常名录、严重违法失信名单记录")
    async def list_entries(
        self, info: PublicInfo
    ) -> list[Annotated[ListEntryType, strawberry.lazy("schema.credit.types")]]:
        from schema.credit.types import ListEntryType

        rows = await info.context.loaders.enterprise_list_entries.load(int(self.id))
        return [ListEntryType.of(r) for r in rows]

    @strawberry.field(description="经投诉人同意并审核公开的投诉（仅类别与处理结果，不含投诉人信息）")
    async def complaints(
        self, info: PublicInfo
    ) -> list[Annotated[PublicComplaintType, strawberry.lazy("schema.tips.types")]]:
        from schema.tips.types import PublicComplaintType

        rows = await info.context.loaders.enterprise_complaints.load(int(self.id))
        return [PublicComplaintType.of(r) for r in rows]

    @strawberry.field(description="已公开的投诉件数")
    async def complaint_count(self, info: PublicInfo) -> int:
        count: int = await info.context.loaders.enterprise_complaint_count.load(int(self.id))
        return count


async def load_enterprise(info: PublicInfo, enterprise_id: int) -> EnterpriseType:
    row = await info.context.loaders.enterprise.load(enterprise_id)
    return EnterpriseType.of(row)
