"""The permission matrix: every staff operation × every role × own/other department.

An operation is allowed exactly when the role grants its permission and the target belongs to
the actor's own department. Refusal is :class:`Forbidden` (or, for lists and lookups, the
target simply not being visible). Everyone-department administrators and the system are
checked separately.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from portal.core import audit
from portal.core.actors import SYSTEM
from portal.core.errors import NotFound
from portal.core.policies import (
    ROLE_PERMISSIONS,
    Assignment,
    Forbidden,
    Permission,
    PolicyActor,
    Role,
    staff_actor,
)
from portal.identity import clients, queries, services
from portal.identity.models import OAuthClient, StaffAccount
from portal.reference.models import Department
from tests import factories
from tests.identity.helpers import staff

pytestmark = pytest.mark.anyio

Operation = Callable[[PolicyActor, Department], Awaitable[bool]]


async def _target(dept: Department) -> StaffAccount:
    return await staff(f"target-{dept.id}", (Role.EDITOR, dept.id))


async def _client(dept: Department) -> OAuthClient:
    return (await clients.create_client(SYSTEM, name="部门系统", department_id=dept.id,
                                        scopes=["audit:read"])).client


async def list_staff(actor: PolicyActor, dept: Department) -> bool:
    target = await _target(dept)
    return target.id in [a.id for a in await queries.staff_accounts(actor)]


async def view_staff(actor: PolicyActor, dept: Department) -> bool:
    target = await _target(dept)
    return (await queries.staff_account(actor, target.id)).id == target.id


async def create_staff(actor: PolicyActor, dept: Department) -> bool:
    await services.create_staff(actor, username="new-person", display_name="新人",
                                assignments=[Assignment(Role.EDITOR, dept.id)], password="long-enough-pw")
    return True


async def set_roles(actor: PolicyActor, dept: Department) -> bool:
    target = await _target(dept)
    await services.set_roles(actor, target.id, [Assignment(Role.REVIEWER, dept.id)], reason="调岗")
    return True


async def disable(actor: PolicyActor, dept: Department) -> bool:
    await services.disable_staff(actor, (await _target(dept)).id, reason="离职")
    return True


async def enable(actor: PolicyActor, dept: Department) -> bool:
    await services.enable_staff(actor, (await _target(dept)).id, reason="复职")
    return True


async def unlock(actor: PolicyActor, dept: Department) -> bool:
    await services.unlock_staff(actor, (await _target(dept)).id, reason="本人申请")
    return True


async def reset_totp(actor: PolicyActor, dept: Department) -> bool:
    await services.reset_totp(actor, (await _target(dept)).id, reason="更换手机")
    return True


async def reset_password(actor: PolicyActor, dept: Department) -> bool:
    await services.reset_password(actor, (await _target(dept)).id, reason="忘记密码")
    return True


async def list_clients(actor: PolicyActor, dept: Department) -> bool:
    client = await _client(dept)
    return client.id in [c.id for c in await queries.oauth_clients(actor)]


async def create_client(actor: PolicyActor, dept: Department) -> bool:
    await clients.create_client(actor, name="新系统", department_id=dept.id, scopes=["audit:read"])
    return True


async def disable_client(actor: PolicyActor, dept: Department) -> bool:
    await clients.set_client_active(actor, (await _client(dept)).id, False, reason="下线")
    return True


async def rotate_client_secret(actor: PolicyActor, dept: Department) -> bool:
    await clients.rotate_secret(actor, (await _client(dept)).id, reason="定期轮换")
    return True


async def browse_audit(actor: PolicyActor, dept: Department) -> bool:
    someone = staff_actor("staff:999", "某人", [Assignment(Role.EDITOR, dept.id)])
    from tortoise.transactions import in_transaction

    async with in_transaction() as conn:
        entry = await audit.record(conn, someone, "test.touch", "thing", 1)
    return entry.seq in [e.seq for e in await queries.audit_entries(actor)]


OPERATIONS: dict[str, tuple[Operation, Permission]] = {
    "list_staff": (list_staff, Permission.STAFF_VIEW),
    "view_staff": (view_staff, Permission.STAFF_VIEW),
    "create_staff": (create_staff, Permission.STAFF_MANAGE),
    "set_roles": (set_roles, Permission.STAFF_MANAGE),
    "disable_staff": (disable, Permission.STAFF_MANAGE),
    "enable_staff": (enable, Permission.STAFF_MANAGE),
    "unlock_staff": (unlock, Permission.STAFF_MANAGE),
    "reset_totp": (reset_totp, Permission.STAFF_MANAGE),
    "reset_password": (reset_password, Permission.STAFF_MANAGE),
    "list_clients": (list_clients, Permission.CLIENT_MANAGE),
    "create_client": (create_client, Permission.CLIENT_MANAGE),
    "disable_client": (disable_client, Permission.CLIENT_MANAGE),
    "rotate_client_secret": (rotate_client_secret, Permission.CLIENT_MANAGE),
    "browse_audit": (browse_audit, Permission.AUDIT_VIEW),
}


async def _outcome(operation: Operation, actor: PolicyActor, dept: Department) -> bool:
    try:
        return await operation(actor, dept)
    except (Forbidden, NotFound):
        return False


@pytest.mark.parametrize("where", ["own", "other"])
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(OPERATIONS))
async def test_matrix(db_clean: None, name: str, role: Role, where: str) -> None:
    own = await factories.department("义乌市市场监督管理局")
    other = await factories.department("东阳市市场监督管理局")
    operation, permission = OPERATIONS[name]
    actor = staff_actor("staff:9000", "操作者", [Assignment(role, own.id)])
    expected = permission in ROLE_PERMISSIONS[role] and where == "own"
    assert await _outcome(operation, actor, own if where == "own" else other) is expected


@pytest.mark.parametrize("name", list(OPERATIONS))
async def test_an_every_department_administrator_may_do_everything(db_clean: None, name: str) -> None:
    dept = await factories.department()
    actor = staff_actor("staff:9000", "总管理员", [Assignment(Role.ADMINISTRATOR, None)])
    assert await _outcome(OPERATIONS[name][0], actor, dept) is True


@pytest.mark.parametrize("name", list(OPERATIONS))
async def test_a_token_without_the_scope_may_not(db_clean: None, name: str) -> None:
    dept = await factories.department()
    actor = staff_actor("staff:9000", "总管理员", [Assignment(Role.ADMINISTRATOR, None)],
                        scopes=["openid", "profile"])
    assert await _outcome(OPERATIONS[name][0], actor, dept) is False


async def test_a_department_administrator_cannot_grant_every_department(db_clean: None) -> None:
    dept = await factories.department()
    admin = staff_actor("staff:9000", "部门管理员", [Assignment(Role.ADMINISTRATOR, dept.id)])
    target = await _target(dept)
    with pytest.raises(Forbidden):
        await services.set_roles(admin, target.id, [Assignment(Role.ADMINISTRATOR, None)], reason="提权")


async def test_nobody_changes_their_own_roles_or_disables_themselves(db_clean: None) -> None:
    dept = await factories.department()
    me = await staff("self-admin", (Role.ADMINISTRATOR, dept.id), totp=True)
    actor = staff_actor(f"staff:{me.id}", "我", [Assignment(Role.ADMINISTRATOR, dept.id)])
    with pytest.raises(Forbidden):
        await services.set_roles(actor, me.id, [Assignment(Role.ADMINISTRATOR, None)], reason="x")
    with pytest.raises(Forbidden):
        await services.disable_staff(actor, me.id, reason="x")


async def test_an_account_in_two_departments_needs_both(db_clean: None) -> None:
    a = await factories.department("甲局")
    b = await factories.department("乙局")
    target = await staff("two-hats", (Role.EDITOR, a.id), (Role.EDITOR, b.id))
    admin_a = staff_actor("staff:9000", "甲局管理员", [Assignment(Role.ADMINISTRATOR, a.id)])
    with pytest.raises(Forbidden):
        await services.disable_staff(admin_a, target.id, reason="离职")
