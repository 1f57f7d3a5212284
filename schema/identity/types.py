from __future__ import annotations

import datetime as dt

import strawberry

from portal.core.actors import Actor
from portal.core.errors import DomainError
from portal.core.policies import ROLE_LABELS, Assignment, PolicyActor, Role, grants_of
from portal.identity.models import OAuthClient, StaffAccount
from schema.identity.context import StaffInfo
from schema.reference.types import DepartmentType, load_department

RoleEnum = strawberry.enum(Role, name="Role", description="工作人员角色")


@strawberry.type(name="RoleAssignment", description="在某一部门（或全部门）担任的角色")
class RoleAssignmentType:
    role: RoleEnum  # type: ignore[valid-type]
    label: str
    all_departments: bool = strawberry.field(description="是否适用于全部门")
    _department_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, a: Assignment) -> RoleAssignmentType:
        return cls(role=a.role, label=ROLE_LABELS[a.role], all_departments=a.department_id is None,
                   _department_id=a.department_id)

    @strawberry.field
    async def department(self, info: StaffInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)  # type: ignore[arg-type]


@strawberry.input(name="RoleAssignmentInput", description="角色及其部门（departmentId 为空表示全部门）")
class RoleAssignmentInput:
    role: RoleEnum  # type: ignore[valid-type]
    department_id: strawberry.ID | None = None


@strawberry.type(name="StaffAccount", description="工作人员账号")
class StaffAccountType:
    id: strawberry.ID
    username: str
    display_name: str
    email: str
    is_active: bool
    is_demo: bool
    has_totp: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    created_at: dt.datetime

    @classmethod
    def of(cls, row: StaffAccount) -> StaffAccountType:
        return cls(id=strawberry.ID(str(row.id)), username=row.username,
                   display_name=row.display_name, email=row.email, is_active=row.is_active,
                   is_demo=row.is_demo, has_totp=bool(row.totp_secret),
                   locked_until=row.locked_until, last_login_at=row.last_login_at,
                   created_at=row.created_at)

    @strawberry.field(description="角色（按部门）")
    async def roles(self, info: StaffInfo) -> list[RoleAssignmentType]:
        held = await info.context.staff_roles.load(int(self.id))
        return [RoleAssignmentType.of(a) for a in held]


@strawberry.type(name="OAuthClient", description="OAuth 客户端（部门系统或依赖方）")
class OAuthClientType:
    id: strawberry.ID
    client_id: str
    name: str
    scopes: list[str]
    grant_types: list[str]
    redirect_uris: list[str]
    is_active: bool
    created_at: dt.datetime
    _department_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, row: OAuthClient) -> OAuthClientType:
        return cls(id=strawberry.ID(str(row.id)), client_id=row.client_id, name=row.name,
                   scopes=row.scopes, grant_types=list(row.grant_types),
                   redirect_uris=list(row.redirect_uris), is_active=row.is_active,
                   created_at=row.created_at,
                   _department_id=row.department_id)  # type: ignore[attr-defined]

    @strawberry.field
    async def department(self, info: StaffInfo) -> DepartmentType | None:
        return await load_department(info, self._department_id)  # type: ignore[arg-type]


@strawberry.type(name="Viewer", description="当前登录的工作人员或部门系统")
class ViewerType:
    id: str
    kind: str
    display_name: str
    roles: list[RoleAssignmentType]
    permissions: list[str] = strawberry.field(description="持有的权限（部门编号，* 为全部门）")
    scopes: list[str] | None = strawberry.field(description="令牌的授权范围；会话登录时为空")

    @classmethod
    def of(cls, actor: Actor) -> ViewerType:
        if not isinstance(actor, PolicyActor):
            actor = PolicyActor(id=actor.id, kind=actor.kind, display_name=actor.display_name,
                                roles=actor.roles, department_ids=actor.department_ids,
                                grants=grants_of(actor))
        perms = sorted(f"{g.permission.value}@{g.department_id if g.department_id is not None else '*'}"
                       for g in grants_of(actor))
        return cls(id=actor.id, kind=actor.kind.value, display_name=actor.display_name,
                   roles=[RoleAssignmentType.of(a) for a in sorted(
                       actor.assignments, key=lambda a: (a.role.value, a.department_id or 0))],
                   permissions=perms,
                   scopes=sorted(actor.scopes) if actor.scopes is not None else None)


@strawberry.type(name="MutationError", description="操作未执行：原因与出错的字段")
class MutationErrorType:
    code: str
    message: str
    field: str | None = None

    @classmethod
    def of(cls, error: DomainError) -> MutationErrorType:
        return cls(code=error.code, message=error.message, field=error.field)
