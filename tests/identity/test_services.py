"""Staff and client commands: validation, audit entries (without secrets), effects."""

from __future__ import annotations

import json

import pytest

from portal.core import audit
from portal.core.actors import SYSTEM
from portal.core.errors import InvalidInput
from portal.core.models import AuditEntry
from portal.core.policies import Assignment, Role
from portal.identity import clients, secrets, services
from portal.identity.models import OAuthClient, StaffAccount, StaffRole
from portal.identity.principals import load_client_actor, load_staff_actor
from tests import factories
from tests.identity.helpers import staff

pytestmark = pytest.mark.anyio


async def test_create_staff_generates_secrets_once_and_logs_none(db_clean: None) -> None:
    dept = await factories.department()
    issued = await services.create_staff(
        SYSTEM, username="Wang.Wei", display_name="王伟",
        assignments=[Assignment(Role.ADMINISTRATOR, dept.id), Assignment(Role.ADMINISTRATOR, dept.id)],
    )
    assert issued.account.username == "wang.wei"
    assert issued.password and issued.totp_secret and issued.totp_uri
    assert issued.totp_uri.startswith("otpauth://totp/")
    stored = await StaffAccount.get(id=issued.account.id)
    assert stored.password_hash.startswith("$argon2id$")
    assert secrets.verify_password(issued.password, stored.password_hash)[0]
    assert await StaffRole.filter(staff_id=stored.id).count() == 1  # duplicates collapse
    entry = await AuditEntry.get(action="staff.create")
    text = json.dumps([entry.before, entry.after], ensure_ascii=False)
    assert issued.password not in text and issued.totp_secret not in text
    assert entry.after and entry.after["roles"] == [f"administrator@{dept.id}"]
    assert await audit.verify() == []


@pytest.mark.parametrize("username,password,message", [
    ("a", "long-enough-pw", "登录名"),
    ("ok-name", "short", "至少"),
    ("same-as-password", "same-as-password", "不能与登录名相同"),
])
async def test_create_staff_explains_bad_input(db_clean: None, username: str, password: str,
                                               message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        await services.create_staff(SYSTEM, username=username, display_name="某人",
                                    assignments=[], password=password)
    assert await StaffAccount.all().count() == 0


async def test_usernames_are_unique_and_departments_must_exist(db_clean: None) -> None:
    await staff("taken", (Role.EDITOR, None))
    with pytest.raises(InvalidInput, match="已被使用"):
        await staff("taken", (Role.EDITOR, None))
    with pytest.raises(InvalidInput, match="部门不存在"):
        await staff("nowhere", (Role.EDITOR, 424242))


async def test_administrators_cannot_opt_out_of_totp(db_clean: None) -> None:
    with pytest.raises(InvalidInput, match="动态口令"):
        await staff("admin", (Role.ADMINISTRATOR, None), totp=False)


async def test_set_roles_replaces_roles_and_records_before_and_after(db_clean: None) -> None:
    dept = await factories.department()
    account = await staff("person", (Role.EDITOR, dept.id))
    issued = await services.set_roles(SYSTEM, account.id, [Assignment(Role.ADMINISTRATOR, dept.id)],
                                      reason="任命")
    assert issued.totp_secret, "becoming an administrator sets up TOTP"
    entry = await AuditEntry.get(action="staff.roles")
    assert entry.before and entry.before["roles"] == [f"editor@{dept.id}"]
    assert entry.after and entry.after["roles"] == [f"administrator@{dept.id}"]
    assert entry.reason == "任命"


async def test_commands_that_take_a_reason_require_one(db_clean: None) -> None:
    account = await staff("person", (Role.EDITOR, None))
    with pytest.raises(InvalidInput, match="理由"):
        await services.disable_staff(SYSTEM, account.id, reason="  ")


async def test_disabling_ends_the_actor_and_reset_totp_replaces_the_secret(db_clean: None) -> None:
    account = await staff("admin", (Role.ADMINISTRATOR, None))
    assert await load_staff_actor(account.id) is not None
    old = account.totp_secret
    issued = await services.reset_totp(SYSTEM, account.id, reason="更换手机")
    assert issued.totp_secret and issued.totp_secret != old
    await services.disable_staff(SYSTEM, account.id, reason="离职")
    assert await load_staff_actor(account.id) is None
    await services.enable_staff(SYSTEM, account.id, reason="返岗")
    assert await load_staff_actor(account.id) is not None


async def test_reset_password_and_unlock(db_clean: None) -> None:
    account = await staff("person", (Role.EDITOR, None))
    await StaffAccount.filter(id=account.id).update(failed_logins=4)
    issued = await services.reset_password(SYSTEM, account.id, reason="忘记密码")
    stored = await StaffAccount.get(id=account.id)
    assert issued.password and secrets.verify_password(issued.password, stored.password_hash)[0]
    assert stored.failed_logins == 0
    await services.unlock_staff(SYSTEM, account.id, reason="本人申请")
    assert [e.action for e in await AuditEntry.all()][-2:] == ["staff.password_reset", "staff.unlock"]


async def test_clients_store_a_digest_and_only_their_scopes(db_clean: None) -> None:
    dept = await factories.department()
    issued = await clients.create_client(SYSTEM, name="执法办案系统", department_id=dept.id,
                                         scopes=["audit:read"], client_id="case-system")
    stored = await OAuthClient.get(client_id="case-system")
    assert stored.secret_hash == secrets.digest(issued.secret) != issued.secret
    actor = await load_client_actor("case-system", ["audit:read", "staff:write"])
    assert actor is not None and actor.roles == frozenset({"audit:read"})
    await clients.set_client_active(SYSTEM, stored.id, False, reason="下线")
    assert await load_client_actor("case-system", ["audit:read"]) is None


@pytest.mark.parametrize("kwargs,message", [
    ({"scopes": ["everything"]}, "授权范围"),
    ({"scopes": []}, "授权范围"),
    ({"scopes": ["openid"], "grant_types": ["password"]}, "授权方式"),
    ({"scopes": ["openid"], "grant_types": ["authorization_code"]}, "回调地址"),
    ({"scopes": ["openid"], "grant_types": ["authorization_code"],
      "redirect_uris": ["javascript:alert(1)"]}, "回调地址"),
    ({"scopes": ["audit:read"], "client_id": "Bad Id"}, "客户端编号"),
])
async def test_client_registration_explains_bad_input(db_clean: None, kwargs: dict[str, object],
                                                      message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        await clients.create_client(SYSTEM, name="系统", department_id=None, **kwargs)  # type: ignore[arg-type]
