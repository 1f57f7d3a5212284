from __future__ import annotations

import strawberry

from portal.core.policies import ROLE_LABELS, ROLE_PERMISSIONS, Role
from portal.identity import queries as identity
from schema.errors import domain_errors, parse_id
from schema.identity.context import StaffInfo
from schema.identity.types import OAuthClientType, RoleEnum, StaffAccountType, ViewerType
from schema.pagination import Connection, paginate


@strawberry.input(description="工作人员筛选条件")
class StaffAccountFilter:
    search: str | None = strawberry.field(default=None, description="登录名或姓名包含")
    active: bool | None = None


@strawberry.type(name="RoleInfo", description="角色说明")
class RoleInfoType:
    role: RoleEnum  # type: ignore[valid-type]
    label: str
    permissions: list[str]


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="当前登录的工作人员或部门系统。")
    def me(self, info: StaffInfo) -> ViewerType:
        return ViewerType.of(info.context.actor)

    @strawberry.field(description="全部角色及其权限。")
    def roles(self) -> list[RoleInfoType]:
        return [RoleInfoType(role=r, label=ROLE_LABELS[r],
                             permissions=sorted(p.value for p in ROLE_PERMISSIONS[r])) for r in Role]

    @strawberry.field(description="工作人员账号（限本人有权管理的部门）。")
    @domain_errors
    async def staff_accounts(
        self, info: StaffInfo, filter: StaffAccountFilter | None = None,
        first: int | None = None, after: str | None = None,
    ) -> Connection[StaffAccountType]:
        f = filter or StaffAccountFilter()
        qs = identity.staff_accounts(info.context.actor, search=f.search, active=f.active)
        return await paginate(qs, identity.STAFF_ORDER, first, after, StaffAccountType.of)

    @strawberry.field(description="一个工作人员账号。")
    @domain_errors
    async def staff_account(self, info: StaffInfo, id: strawberry.ID) -> StaffAccountType:
        row = await identity.staff_account(info.context.actor, parse_id(id))
        return StaffAccountType.of(row)

    @strawberry.field(description="OAuth 客户端（限本人有权管理的部门）。")
    @domain_errors
    async def oauth_clients(
        self, info: StaffInfo, first: int | None = None, after: str | None = None,
    ) -> Connection[OAuthClientType]:
        qs = identity.oauth_clients(info.context.actor)
        return await paginate(qs, identity.CLIENT_ORDER, first, after, OAuthClientType.of)
