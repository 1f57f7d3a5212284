from __future__ import annotations

import strawberry

from portal.channels import queries as channels
from schema.channels.types import ChannelKindEnum, ComplaintChannelType
from schema.errors import domain_errors, parse_id
from schema.pagination import Connection, paginate


@strawberry.input(description="投诉举报渠道筛选条件")
class ComplaintChannelFilter:
    kind: ChannelKindEnum | None = None  # type: ignore[valid-type]
    region: str | None = None
    department_id: strawberry.ID | None = None


@strawberry.type
class ChannelQuery:
    @strawberry.field(description="投诉举报渠道（12345、12315、网站、信件、现场）。")
    @domain_errors
    async def complaint_channels(
        self, filter: ComplaintChannelFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[ComplaintChannelType]:
        f = filter or ComplaintChannelFilter()
        qs = channels.public_channels(
            kind=f.kind, region=f.region,
            department_id=parse_id(f.department_id, "departmentId") if f.department_id else None,
        )
        return await paginate(qs, channels.ORDER, first, after, ComplaintChannelType.of)
