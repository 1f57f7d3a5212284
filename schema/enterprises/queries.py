from __future__ import annotations

import strawberry

from portal.core.errors import NotFound
from portal.enterprises import queries as enterprises
from schema.enterprises.types import EnterpriseType
from schema.errors import domain_errors
from schema.pagination import Connection, paginate


@strawberry.input(description="市场主体筛选条件")
class EnterpriseFilter:
    region: str | None = None
    industry: str | None = None
    name: str | None = None


@strawberry.type
class EnterpriseQuery:
    @strawberry.field(description="按统一社会信用代码（或原15位注册号）查询一家市场主体。")
    @domain_errors
    async def enterprise(self, uscc: str) -> EnterpriseType | None:
        try:
            return EnterpriseType.of(await enterprises.enterprise_by_code(uscc))
        except NotFound:
            return None

    @strawberry.field(description="市场主体列表。")
    @domain_errors
    async def enterprises(
        self, filter: EnterpriseFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[EnterpriseType]:
        f = filter or EnterpriseFilter()
        qs = enterprises.public_enterprises(
            region=f.region or None, industry=f.industry or None, name=f.name or None
        )
        return await paginate(qs, enterprises.ORDER, first, after, EnterpriseType.of)
