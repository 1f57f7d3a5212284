"""Enterprise accounts: registration, binding to a credit code, users, login.

Binding rules (issue 7, docs/credit-repair.md):

- anyone may *register* an account for a credit code; it stays unverified and sees nothing
  about the enterprise until its binding is verified;
- a credit officer (``credit.handle``) of the enterprise's registering department verifies it
  (:func:`verify_binding`, audit ``enterprise_account.verify``), or the user redeems a one-time
  code that department issued (:func:`issue_binding_code` → :func:`redeem_binding_code`:
  hashed, expiring, single use; audit ``enterprise_account.code_issue`` /
  ``enterprise_account.code_redeem``);
- the first verified account of an enterprise becomes its administrator; the administrator adds
  and disables the enterprise's other users (:func:`add_user`, :func:`set_user_active`),
  who are verified at once because the administrator vouches for them.

No outbox events: nothing here is public.
"""

from __future__ import annotations

import datetime as dt
import re

import anyio
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from portal.core import audit, clock
from portal.core.actors import SYSTEM, Actor
from portal.core.errors import DomainError, InvalidInput, NotFound
from portal.core.ids import check_uscc
from portal.core.policies import Permission, require
from portal.enterprise_accounts.models import BindingCode, EnterpriseAccount
from portal.enterprise_accounts.principals import EnterpriseActor, actor_for, require_admin
from portal.enterprises.models import Enterprise
from portal.identity import secrets

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$")
MIN_PASSWORD = 10
CODE_TTL = dt.timedelta(days=30)
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
GENERIC_LOGIN_FAILURE = "登录名或密码不正确。"


class LoginFailed(DomainError):
    code = "login_failed"


def _view(account: EnterpriseAccount) -> dict[str, object]:
    return {"username": account.username, "enterprise": account.enterprise_id,  # type: ignore[attr-defined]
            "admin": account.is_admin, "active": account.is_active,
            "verified": account.verified_at is not None}


async def _enterprise_by_code(uscc: str) -> Enterprise:
    code = check_uscc(uscc).code
    found = await Enterprise.get_or_none(uscc=code)
    if found is None:
        raise NotFound(f"未找到统一社会信用代码为 {code} 的市场主体。")
    return found


def _check_new(username: str, password: str, display_name: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise InvalidInput("登录名须为 3–64 位小写字母、数字或 . _ -，且以字母或数字开头结尾。", field="username")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD} 个字符。", field="password")
    if password.lower() == name:
        raise InvalidInput("密码不能与登录名相同。", field="password")
    if not display_name.strip():
        raise InvalidInput("请填写联系人姓名。", field="displayName")
    return name


async def _create(actor: Actor, action: str, *, username: str, password: str, display_name: str,
                  enterprise: Enterprise, verified_by: str = "", is_admin: bool = False,
                  is_demo: bool = False) -> EnterpriseAccount:
    name = _check_new(username, password, display_name)
    if await EnterpriseAccount.exists(username=name):
        raise InvalidInput(f"登录名“{name}”已被使用。", field="username")
    password_hash = await anyio.to_thread.run_sync(secrets.hash_password, password)
    async with in_transaction() as conn:
        account = await EnterpriseAccount.create(
            username=name, display_name=display_name.strip()[:100], password_hash=password_hash,
            enterprise=enterprise, is_admin=is_admin, is_demo=is_demo,
            verified_at=clock.now() if verified_by else None, verified_by=verified_by,
            using_db=conn,
        )
        await audit.record(conn, actor, action, "enterprise_account", account.id,
                           after=_view(account))
    return account


async def register(*, username: str, password: str, display_name: str, uscc: str) -> EnterpriseAccount:
    """Anyone: an unverified account for one credit code (audit ``enterprise_account.register``)."""
    enterprise = await _enterprise_by_code(uscc)
    return await _create(SYSTEM, "enterprise_account.register", username=username,
                         password=password, display_name=display_name, enterprise=enterprise)


async def _has_admin(enterprise_id: int, conn: object | None = None) -> bool:
    return await EnterpriseAccount.exists(enterprise_id=enterprise_id, is_admin=True,
                                          is_active=True, verified_at__isnull=False)


async def verify_binding(actor: Actor, account_id: int, *, reason: str = "") -> EnterpriseAccount:
    """Staff with ``credit.handle`` in the enterprise's registering department (anywhere, if it
    has none recorded). Audit ``enterprise_account.verify``."""
    account = await EnterpriseAccount.get_or_none(id=account_id).select_related("enterprise")
    if account is None:
        raise NotFound("未找到该企业用户。")
    require(actor, Permission.CREDIT_HANDLE,
            account.enterprise.registering_department_id)  # type: ignore[attr-defined]
    if account.verified_at is not None:
        raise InvalidInput("该账号的企业绑定已核验。")
    async with in_transaction() as conn:
        before = _view(account)
        account.verified_at, account.verified_by = clock.now(), actor.id
        account.is_admin = not await _has_admin(account.enterprise_id)  # type: ignore[attr-defined]
        await account.save(using_db=conn, update_fields=["verified_at", "verified_by", "is_admin"])
        await audit.record(conn, actor, "enterprise_account.verify", "enterprise_account",
                           account.id, before=before, after=_view(account), reason=reason.strip())
    return account


async def issue_binding_code(actor: Actor, uscc: str) -> tuple[BindingCode, str]:
    """Staff with ``credit.handle`` in the registering department: a one-time code, returned
    once in clear (stored as a digest, valid :data:`CODE_TTL`). Audit
    ``enterprise_account.code_issue``."""
    enterprise = await _enterprise_by_code(uscc)
    department = enterprise.registering_department_id  # type: ignore[attr-defined]
    require(actor, Permission.CREDIT_HANDLE, department)
    department = department if department is not None else actor.primary_department
    if department is None:
        raise InvalidInput("该市场主体未登记登记机关，且您没有所属部门，无法发放绑定码。")
    code = secrets.new_token(9)
    now = clock.now()
    async with in_transaction() as conn:
        row = await BindingCode.create(
            code_hash=secrets.digest(code), enterprise=enterprise, department_id=department,
            issued_by=actor.id, issued_at=now, expires_at=now + CODE_TTL, using_db=conn,
        )
        await audit.record(conn, actor, "enterprise_account.code_issue", "enterprise", enterprise.id,
                           after={"code_id": row.id, "expires_at": row.expires_at.isoformat()})
    return row, code


async def redeem_binding_code(actor: EnterpriseActor, code: str) -> EnterpriseAccount:
    """The logged-in (unverified) user: bind with a department's code. Audit
    ``enterprise_account.code_redeem``. Wrong, expired and used codes get one message."""
    account = await EnterpriseAccount.get(id=actor.account_id)
    if account.verified_at is not None:
        raise InvalidInput("您的账号已完成企业绑定。")
    row = await BindingCode.get_or_none(code_hash=secrets.digest(code.strip()))
    now = clock.now()
    if (row is None or row.used_at is not None or row.expires_at <= now
            or row.enterprise_id != account.enterprise_id):  # type: ignore[attr-defined]
        raise InvalidInput("绑定码无效、已使用或已过期，请向登记机关重新申领。", field="code")
    async with in_transaction() as conn:
        claimed = await BindingCode.filter(id=row.id, used_at__isnull=True).using_db(conn).update(
            used_at=now, used_by_id=account.id)
        if not claimed:
            raise InvalidInput("绑定码无效、已使用或已过期，请向登记机关重新申领。", field="code")
        before = _view(account)
        account.verified_at, account.verified_by = now, f"code:{row.id}"
        account.is_admin = not await _has_admin(account.enterprise_id)  # type: ignore[attr-defined]
        await account.save(using_db=conn, update_fields=["verified_at", "verified_by", "is_admin"])
        await audit.record(conn, actor_for(account), "enterprise_account.code_redeem",
                           "enterprise_account", account.id, before=before, after=_view(account))
    return account


async def add_user(actor: Actor, *, username: str, password: str, display_name: str
                   ) -> EnterpriseAccount:
    """The enterprise's administrator: another verified user of the same enterprise.
    Audit ``enterprise_account.add``."""
    admin = require_admin(actor)
    enterprise = await Enterprise.get(id=admin.enterprise_id)
    return await _create(admin, "enterprise_account.add", username=username, password=password,
                         display_name=display_name, enterprise=enterprise, verified_by=admin.id)


async def set_user_active(actor: Actor, account_id: int, active: bool) -> EnterpriseAccount:
    """The administrator: disable or re-enable one of the enterprise's other users.
    Audit ``enterprise_account.disable`` / ``enterprise_account.enable``."""
    admin = require_admin(actor)
    account = await EnterpriseAccount.get_or_none(id=account_id, enterprise_id=admin.enterprise_id)
    if account is None:
        raise NotFound("未找到该企业用户。")
    if account.id == admin.account_id:
        raise InvalidInput("不能停用自己的账号。")
    async with in_transaction() as conn:
        before = _view(account)
        account.is_active = active
        await account.save(using_db=conn, update_fields=["is_active"])
        await audit.record(conn, admin, f"enterprise_account.{'enable' if active else 'disable'}",
                           "enterprise_account", account.id, before=before, after=_view(account))
    return account


async def users_of(actor: Actor) -> list[EnterpriseAccount]:
    """The administrator: every user of the enterprise."""
    admin = require_admin(actor)
    return await EnterpriseAccount.filter(enterprise_id=admin.enterprise_id).order_by("username")


async def pending_bindings(actor: Actor) -> list[EnterpriseAccount]:
    """Staff with ``credit.handle``: unverified accounts of enterprises they may verify."""
    from portal.core.policies import require_any

    scope = require_any(actor, Permission.CREDIT_HANDLE)
    query = EnterpriseAccount.filter(verified_at__isnull=True, is_active=True)
    if not scope.everywhere:
        query = query.filter(enterprise__registering_department_id__in=list(scope.department_ids))
    return await query.select_related("enterprise").order_by("created_at")


async def authenticate(username: str, password: str) -> EnterpriseAccount:
    """Password login with lockout (:data:`MAX_FAILURES` → :data:`LOCKOUT`); unknown names and
    wrong passwords get the same message. Audit ``enterprise_account.login``."""
    now = clock.now().astimezone(dt.UTC)
    account = await EnterpriseAccount.get_or_none(username=username.strip().lower())
    if account is None:
        await anyio.to_thread.run_sync(secrets.burn_time, password)
        raise LoginFailed(GENERIC_LOGIN_FAILURE)
    if account.locked_until and account.locked_until > now:
        raise LoginFailed("失败次数过多，账号已暂时锁定，请稍后再试。")
    ok, rehashed = await anyio.to_thread.run_sync(secrets.verify_password, password,
                                                  account.password_hash)
    if not ok:
        await EnterpriseAccount.filter(id=account.id).update(failed_logins=F("failed_logins") + 1)
        await account.refresh_from_db(fields=["failed_logins"])
        if account.failed_logins >= MAX_FAILURES:
            await EnterpriseAccount.filter(id=account.id).update(failed_logins=0,
                                                                 locked_until=now + LOCKOUT)
        raise LoginFailed(GENERIC_LOGIN_FAILURE)
    if not account.is_active:
        raise LoginFailed("该账号已停用，请联系本企业的管理员。")
    async with in_transaction() as conn:
        account.failed_logins, account.locked_until, account.last_login_at = 0, None, now
        fields_ = ["failed_logins", "locked_until", "last_login_at"]
        if rehashed:
            account.password_hash = rehashed
            fields_.append("password_hash")
        await account.save(using_db=conn, update_fields=fields_)
        await audit.record(conn, actor_for(account), "enterprise_account.login",
                           "enterprise_account", account.id)
    return account
