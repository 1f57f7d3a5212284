from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Annotated, ParamSpec, TypeVar

import strawberry

from portal.core.errors import DomainError
from portal.core.policies import Assignment, Role
from portal.identity import clients, services
from schema.errors import parse_id
from schema.identity.context import StaffInfo
from schema.identity.types import (
    MutationErrorType,
    OAuthClientType,
    RoleAssignmentInput,
    StaffAccountType,
)

P = ParamSpec("P")
R = TypeVar("R")


def expected_errors(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R | MutationErrorType]]:
    """Expected failures (invalid input, forbidden, not found) are answers, not errors."""

    @wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | MutationErrorType:
        try:
            return await fn(*args, **kwargs)
        except DomainError as error:
            return MutationErrorType.of(error)

    return wrapper


@strawberry.type(name="StaffAccountPayload")
class StaffAccountPayload:
    account: StaffAccountType


@strawberry.type(name="StaffSecretsPayload", description="仅显示一次的初始密码与动态口令密钥")
class StaffSecretsPayload:
    account: StaffAccountType
    password: str | None
    totp_secret: str | None
    totp_uri: str | None

    @classmethod
    def of(cls, issued: services.IssuedSecrets) -> StaffSecretsPayload:
        return cls(account=StaffAccountType.of(issued.account), password=issued.password,
                   totp_secret=issued.totp_secret, totp_uri=issued.totp_uri)


@strawberry.type(name="OAuthClientPayload")
class OAuthClientPayload:
    client: OAuthClientType
    client_secret: str | None = strawberry.field(description="仅在登记或轮换时显示一次")


StaffAccountResult = Annotated[StaffAccountPayload | MutationErrorType,
                               strawberry.union("StaffAccountResult")]
StaffSecretsResult = Annotated[StaffSecretsPayload | MutationErrorType,
                               strawberry.union("StaffSecretsResult")]
OAuthClientResult = Annotated[OAuthClientPayload | MutationErrorType,
                              strawberry.union("OAuthClientResult")]


@strawberry.input(description="新建工作人员账号")
class CreateStaffInput:
    username: str
    display_name: str
    roles: list[RoleAssignmentInput]
    email: str = ""
    totp: bool | None = strawberry.field(default=None, description="缺省：按角色要求")
    reason: str = ""


@strawberry.input(description="登记 OAuth 客户端")
class CreateOAuthClientInput:
    name: str
    scopes: list[str]
    department_id: strawberry.ID | None = None
    grant_types: list[str] = strawberry.field(default_factory=lambda: ["client_credentials"])
    redirect_uris: list[str] = strawberry.field(default_factory=list)
    client_id: str | None = None
    reason: str = ""


def _assignments(roles: list[RoleAssignmentInput]) -> list[Assignment]:
    return [Assignment(Role(r.role), parse_id(r.department_id, "departmentId") if r.department_id else None)
            for r in roles]


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="新建工作人员账号；初始密码和动态口令密钥只返回这一次。")
    @expected_errors
    async def create_staff(self, info: StaffInfo, input: CreateStaffInput) -> StaffSecretsResult:
        issued = await services.create_staff(
            info.context.actor, username=input.username, display_name=input.display_name,
            assignments=_assignments(input.roles), email=input.email, totp=input.totp,
            reason=input.reason,
        )
        return StaffSecretsPayload.of(issued)

    @strawberry.mutation(description="替换账号的全部角色。")
    @expected_errors
    async def set_staff_roles(self, info: StaffInfo, id: strawberry.ID,
                              roles: list[RoleAssignmentInput], reason: str) -> StaffSecretsResult:
        issued = await services.set_roles(info.context.actor, parse_id(id), _assignments(roles),
                                          reason=reason)
        return StaffSecretsPayload.of(issued)

    @strawberry.mutation(description="停用账号。")
    @expected_errors
    async def disable_staff(self, info: StaffInfo, id: strawberry.ID, reason: str) -> StaffAccountResult:
        row = await services.disable_staff(info.context.actor, parse_id(id), reason=reason)
        return StaffAccountPayload(account=StaffAccountType.of(row))

    @strawberry.mutation(description="重新启用账号。")
    @expected_errors
    async def enable_staff(self, info: StaffInfo, id: strawberry.ID, reason: str) -> StaffAccountResult:
        row = await services.enable_staff(info.context.actor, parse_id(id), reason=reason)
        return StaffAccountPayload(account=StaffAccountType.of(row))

    @strawberry.mutation(description="解除登录失败造成的锁定。")
    @expected_errors
    async def unlock_staff(self, info: StaffInfo, id: strawberry.ID, reason: str) -> StaffAccountResult:
        row = await services.unlock_staff(info.context.actor, parse_id(id), reason=reason)
        return StaffAccountPayload(account=StaffAccountType.of(row))

    @strawberry.mutation(description="重置动态口令；新密钥只返回这一次。")
    @expected_errors
    async def reset_staff_totp(self, info: StaffInfo, id: strawberry.ID, reason: str) -> StaffSecretsResult:
        return StaffSecretsPayload.of(
            await services.reset_totp(info.context.actor, parse_id(id), reason=reason))

    @strawberry.mutation(description="重置密码；新密码只返回这一次。")
    @expected_errors
    async def reset_staff_password(self, info: StaffInfo, id: strawberry.ID, reason: str) -> StaffSecretsResult:
        return StaffSecretsPayload.of(
            await services.reset_password(info.context.actor, parse_id(id), reason=reason))

    @strawberry.mutation(description="登记 OAuth 客户端；密钥只返回这一次。")
    @expected_errors
    async def create_oauth_client(self, info: StaffInfo, input: CreateOAuthClientInput) -> OAuthClientResult:
        issued = await clients.create_client(
            info.context.actor, name=input.name, scopes=input.scopes,
            department_id=parse_id(input.department_id, "departmentId") if input.department_id else None,
            grant_types=input.grant_types, redirect_uris=input.redirect_uris,
            client_id=input.client_id, reason=input.reason,
        )
        return OAuthClientPayload(client=OAuthClientType.of(issued.client), client_secret=issued.secret)

    @strawberry.mutation(description="停用或重新启用 OAuth 客户端。")
    @expected_errors
    async def set_oauth_client_active(self, info: StaffInfo, id: strawberry.ID, active: bool,
                                      reason: str) -> OAuthClientResult:
        row = await clients.set_client_active(info.context.actor, parse_id(id), active, reason=reason)
        return OAuthClientPayload(client=OAuthClientType.of(row), client_secret=None)

    @strawberry.mutation(description="轮换 OAuth 客户端密钥；新密钥只返回这一次。")
    @expected_errors
    async def rotate_oauth_client_secret(self, info: StaffInfo, id: strawberry.ID,
                                         reason: str) -> OAuthClientResult:
        issued = await clients.rotate_secret(info.context.actor, parse_id(id), reason=reason)
        return OAuthClientPayload(client=OAuthClientType.of(issued.client), client_secret=issued.secret)
