"""Roles, permissions and department scope: the one place that decides who may do what.

Every domain service calls :func:`require` (or :func:`scope_of` for lists) with the acting
:class:`~portal.core.actors.Actor`; channels never decide permissions, so a page, the staff
GraphQL API and a department system's token all get the same answer.

The model (issue 4):

- A staff member holds *role assignments*, each scoped to one department or to all departments
  (``department_id`` ``None``, "全部门"). A role grants a fixed set of permissions
  (:data:`ROLE_PERMISSIONS`); a grant applies only inside the assignment's department.
- An OAuth access token carries *scopes*. A token acting for a staff member keeps only the
  permissions its scopes allow (:data:`API_SCOPES`); a department system's client-credentials
  token gets the permissions of its scopes inside its registered department.
- :data:`~portal.core.actors.SYSTEM`-kind actors (the CLI, jobs, seeding) are trusted: no channel
  ever builds one from a request.
- A plain :class:`Actor` (no explicit grants) holds each of its roles in each of its
  ``department_ids``: convenient for tests and jobs, and never more than it lists.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from portal.core.actors import Actor, ActorKind
from portal.core.errors import DomainError, InvalidInput


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"  # 系统管理员：账号、客户端、审计
    EDITOR = "editor"  # 录入
    REVIEWER = "reviewer"  # 审核
    LEGAL_REVIEWER = "legal_reviewer"  # 法制审核
    CREDIT_OFFICER = "credit_officer"  # 信用修复
    TIP_HANDLER = "tip_handler"  # 投诉举报办理
    IDENTITY_CUSTODIAN = "identity_custodian"  # 举报人身份保管
    TIP_SUPERVISOR = "tip_supervisor"  # 投诉举报督办：办理 + 重新办理（重开）


# The message catalogue for role names (shown in pages, CLI and the API).
ROLE_LABELS: dict[Role, str] = {
    Role.ADMINISTRATOR: "系统管理员",
    Role.EDITOR: "录入人员",
    Role.REVIEWER: "审核人员",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.CREDIT_OFFICER: "信用修复专员",
    Role.TIP_HANDLER: "投诉举报办理人员",
    Role.IDENTITY_CUSTODIAN: "举报人身份保管人",
    Role.TIP_SUPERVISOR: "投诉举报督办人员",
}


class Permission(enum.StrEnum):
    STAFF_VIEW = "staff.view"
    STAFF_MANAGE = "staff.manage"  # create, roles, disable/enable, unlock, reset TOTP/password
    CLIENT_MANAGE = "client.manage"  # view, register and disable OAuth clients
    AUDIT_VIEW = "audit.view"
    PUBLICATION_EDIT = "publication.edit"
    PUBLICATION_REVIEW = "publication.review"
    LEGAL_REVIEW = "publication.legal_review"
    CREDIT_HANDLE = "credit.handle"
    TIP_HANDLE = "tip.handle"
    TIP_IDENTITY_GRANT = "tip.identity_grant"
    SAMPLING_DRAW = "sampling.draw"  # fix a task's frame, commit and run its random draw
    TIP_REOPEN = "tip.reopen"  # reopen a closed or refused tip track (with a reason)


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Administrators manage people and systems, not content (separation of duties).
    Role.ADMINISTRATOR: frozenset({P.STAFF_VIEW, P.STAFF_MANAGE, P.CLIENT_MANAGE, P.AUDIT_VIEW}),
    Role.EDITOR: frozenset({P.PUBLICATION_EDIT, P.SAMPLING_DRAW}),
    Role.REVIEWER: frozenset({P.PUBLICATION_REVIEW, P.AUDIT_VIEW}),
    Role.LEGAL_REVIEWER: frozenset({P.LEGAL_REVIEW, P.AUDIT_VIEW}),
    Role.CREDIT_OFFICER: frozenset({P.CREDIT_HANDLE}),
    Role.TIP_HANDLER: frozenset({P.TIP_HANDLE}),
    Role.IDENTITY_CUSTODIAN: frozenset({P.TIP_IDENTITY_GRANT}),
    Role.TIP_SUPERVISOR: frozenset({P.TIP_HANDLE, P.TIP_REOPEN}),
}

# Scopes of the staff API. OpenID scopes (openid, profile, email, portal) grant no permission.
API_SCOPES: dict[str, frozenset[Permission]] = {
    "staff:read": frozenset({P.STAFF_VIEW}),
    "staff:write": frozenset({P.STAFF_VIEW, P.STAFF_MANAGE}),
    "clients:write": frozenset({P.CLIENT_MANAGE}),
    "audit:read": frozenset({P.AUDIT_VIEW}),
    "publications:write": frozenset({P.PUBLICATION_EDIT}),
    "publications:review": frozenset({P.PUBLICATION_REVIEW, P.LEGAL_REVIEW}),
    "credit:write": frozenset({P.CREDIT_HANDLE}),
    "tips:write": frozenset({P.TIP_HANDLE, P.TIP_REOPEN}),
    "sampling:draw": frozenset({P.SAMPLING_DRAW}),
}
_ROLE_VALUES = frozenset(r.value for r in Role)
OPENID_SCOPES = ("openid", "profile", "email", "portal")


class Forbidden(DomainError):
    code = "forbidden"


@dataclass(frozen=True)
class Grant:
    permission: Permission
    department_id: int | None  # None: every department


@dataclass(frozen=True)
class Assignment:
    role: Role
    department_id: int | None  # None: every department


@dataclass(frozen=True)
class PolicyActor(Actor):
    """An actor with explicit, department-scoped grants (staff sessions, tokens)."""

    grants: frozenset[Grant] = field(default_factory=frozenset)
    assignments: frozenset[Assignment] = field(default_factory=frozenset)
    scopes: frozenset[str] | None = None  # None: a session, not limited by token scopes


@dataclass(frozen=True)
class Scope:
    """Where an actor holds one permission: everywhere, or in these departments."""

    everywhere: bool
    department_ids: frozenset[int]

    @property
    def empty(self) -> bool:
        return not self.everywhere and not self.department_ids

    def covers(self, department_id: int | None) -> bool:
        return self.everywhere or (department_id is not None and department_id in self.department_ids)


def permissions_of_scopes(scopes: Iterable[str]) -> frozenset[Permission]:
    out: set[Permission] = set()
    for scope in scopes:
        out |= API_SCOPES.get(scope, frozenset())
    return frozenset(out)


def staff_actor(
    actor_id: str, display_name: str, assignments: Iterable[Assignment],
    *, scopes: Iterable[str] | None = None,
) -> PolicyActor:
    """A staff member acting through a session (``scopes`` None) or a token (its scopes)."""
    held = frozenset(assignments)
    allowed = None if scopes is None else permissions_of_scopes(scopes)
    grants = frozenset(
        Grant(permission, a.department_id)
        for a in held for permission in ROLE_PERMISSIONS[a.role]
        if allowed is None or permission in allowed
    )
    return PolicyActor(
        id=actor_id, kind=ActorKind.STAFF, display_name=display_name,
        roles=frozenset(a.role.value for a in held),
        department_ids=frozenset(a.department_id for a in held if a.department_id is not None),
        grants=grants, assignments=held,
        scopes=None if scopes is None else frozenset(scopes),
    )


def client_actor(
    actor_id: str, display_name: str, department_id: int | None, scopes: Iterable[str]
) -> PolicyActor:
    """A department system (client credentials): its scopes, inside its department only."""
    granted = frozenset(scopes)
    departments = frozenset({department_id}) if department_id is not None else frozenset()
    return PolicyActor(
        id=actor_id, kind=ActorKind.CLIENT, display_name=display_name,
        roles=frozenset(s for s in granted if s in API_SCOPES), department_ids=departments,
        grants=frozenset(Grant(p, department_id) for p in permissions_of_scopes(granted)),
        scopes=granted,
    )


def grants_of(actor: Actor) -> frozenset[Grant]:
    if isinstance(actor, PolicyActor):
        return actor.grants
    out: set[Grant] = set()
    for name in actor.roles:
        if name in _ROLE_VALUES:
            for permission in ROLE_PERMISSIONS[Role(name)]:
                out.update(Grant(permission, d) for d in actor.department_ids)
    return frozenset(out)


def scope_of(actor: Actor, permission: Permission) -> Scope:
    if actor.kind == ActorKind.SYSTEM:
        return Scope(True, frozenset())
    held = [g.department_id for g in grants_of(actor) if g.permission == permission]
    return Scope(None in held, frozenset(d for d in held if d is not None))


def allows(actor: Actor, permission: Permission, department_id: int | None) -> bool:
    """May ``actor`` use ``permission`` on something owned by ``department_id``?

    ``department_id`` None (an object of no department, or "every department") needs a grant
    for every department.
    """
    return scope_of(actor, permission).covers(department_id)


def allows_all(actor: Actor, permission: Permission, departments: Iterable[int | None]) -> bool:
    scope = scope_of(actor, permission)
    return all(scope.covers(d) for d in departments)


def require(
    actor: Actor, permission: Permission, departments: Iterable[int | None] | int | None = None
) -> None:
    """Raise :class:`Forbidden` unless ``actor`` holds ``permission`` for every department."""
    wanted = [departments] if departments is None or isinstance(departments, int) else list(departments)
    if not allows_all(actor, permission, wanted or [None]):
        raise Forbidden("您没有执行此操作的权限（需要相应部门的角色授权）。")


def require_any(actor: Actor, permission: Permission) -> Scope:
    """For lists: the actor's scope for ``permission``; :class:`Forbidden` if it is empty."""
    scope = scope_of(actor, permission)
    if scope.empty:
        raise Forbidden("您没有查看此内容的权限。")
    return scope


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip())
    except ValueError:
        known = "、".join(r.value for r in Role)
        raise InvalidInput(f"未知角色“{value}”，可选：{known}。", field="role") from None


def requires_totp(roles: Iterable[Role | str], required: Iterable[str]) -> bool:
    wanted = set(required)
    return any(str(r) in wanted for r in roles)
