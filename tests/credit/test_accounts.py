"""Enterprise accounts: registration, binding by staff or one-time code, users, login."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.core.actors import Actor, ActorKind
from portal.core.errors import DomainError, InvalidInput
from portal.core.models import AuditEntry
from portal.core.policies import Forbidden, Role
from portal.enterprise_accounts import services as accounts
from portal.enterprise_accounts.models import BindingCode
from portal.enterprise_accounts.principals import actor_for
from portal.identity import secrets
from tests import factories as f

pytestmark = pytest.mark.anyio
PW = "enterprise-pass-1"


def officer(dept_id: int) -> Actor:
    return Actor(id="staff:7", kind=ActorKind.STAFF, roles=frozenset({Role.CREDIT_OFFICER.value}),
                 department_ids=frozenset({dept_id}))


async def test_staff_of_the_registering_department_verifies_first_user_becomes_admin(
    credit_db: None
) -> None:
    dept = await f.department()
    other = await f.department("金华市市场监督管理局", "330700")
    ent = await f.enterprise(registering_department=dept)
    with pytest.raises(InvalidInput, match="18位"):
        await accounts.register(username="li.ming", password=PW, display_name="李明", uscc="123")
    first = await accounts.register(username="li.ming", password=PW, display_name="李明",
                                    uscc=ent.uscc.lower())
    second = await accounts.register(username="wang.fang", password=PW, display_name="王芳",
                                     uscc=ent.uscc)
    assert not first.verified
    with pytest.raises(Forbidden):
        await accounts.verify_binding(officer(other.id), first.id)
    first = await accounts.verify_binding(officer(dept.id), first.id, reason="核对营业执照")
    second = await accounts.verify_binding(officer(dept.id), second.id)
    assert first.is_admin and not second.is_admin
    with pytest.raises(InvalidInput, match="已核验"):
        await accounts.verify_binding(officer(dept.id), first.id)
    assert await AuditEntry.filter(action="enterprise_account.verify").count() == 2
    assert [a.username for a in await accounts.pending_bindings(officer(dept.id))] == []


async def test_binding_code_is_hashed_single_use_expiring_and_for_one_enterprise(
    credit_db: None
) -> None:
    dept = await f.department()
    ent = await f.enterprise(registering_department=dept)
    stranger = await f.enterprise(registering_department=dept)
    row, code = await accounts.issue_binding_code(officer(dept.id), ent.uscc)
    assert row.code_hash == secrets.digest(code) and code not in row.code_hash
    wrong_firm = await f.enterprise_account(stranger, verified=False)
    with pytest.raises(InvalidInput, match="绑定码无效"):
        await accounts.redeem_binding_code(actor_for(wrong_firm), code)
    user = await f.enterprise_account(ent, verified=False, admin=False)
    bound = await accounts.redeem_binding_code(actor_for(user), code)
    assert bound.verified and bound.is_admin and bound.verified_by == f"code:{row.id}"
    again = await f.enterprise_account(ent, verified=False, admin=False)
    with pytest.raises(InvalidInput, match="绑定码无效"):
        await accounts.redeem_binding_code(actor_for(again), code)
    _, late = await accounts.issue_binding_code(officer(dept.id), ent.uscc)
    with clock.frozen(clock.now() + dt.timedelta(days=31)), pytest.raises(InvalidInput):
        await accounts.redeem_binding_code(actor_for(again), late)
    assert await BindingCode.filter(used_at__isnull=True).count() == 1


async def test_administrator_manages_users_of_its_own_enterprise_only(credit_db: None) -> None:
    ent = await f.enterprise()
    admin = actor_for(await f.enterprise_account(ent))
    plain = actor_for(await f.enterprise_account(ent, admin=False))
    foreign = await f.enterprise_account(await f.enterprise())
    added = await accounts.add_user(admin, username="zhao.lei", password=PW, display_name="赵雷")
    assert added.verified and added.enterprise_id == ent.id  # type: ignore[attr-defined]
    with pytest.raises(DomainError, match="管理员"):
        await accounts.add_user(plain, username="x.y.z", password=PW, display_name="某")
    with pytest.raises(DomainError, match="未找到"):
        await accounts.set_user_active(admin, foreign.id, False)
    with pytest.raises(InvalidInput):
        await accounts.set_user_active(admin, admin.account_id, False)
    await accounts.set_user_active(admin, added.id, False)
    with pytest.raises(accounts.LoginFailed, match="停用"):
        await accounts.authenticate("zhao.lei", PW)
    assert {u.username for u in await accounts.users_of(admin)} >= {"zhao.lei"}


async def test_login_same_message_for_unknown_and_wrong_and_locks_after_failures(
    credit_db: None
) -> None:
    ent = await f.enterprise()
    await f.enterprise_account(ent, "qian.li", password=PW)
    messages = set()
    for name, pw in (("nobody", PW), ("qian.li", "wrong-password")):
        with pytest.raises(accounts.LoginFailed) as failed:
            await accounts.authenticate(name, pw)
        messages.add(failed.value.message)
    assert messages == {accounts.GENERIC_LOGIN_FAILURE}
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed):
            await accounts.authenticate("qian.li", "wrong-password")
    with pytest.raises(accounts.LoginFailed, match="锁定"):
        await accounts.authenticate("qian.li", PW)
