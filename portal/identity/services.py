"""Staff account commands: permission check, change and audit entry in one transaction.

Who may call what (see portal.core.policies):

- every command needs ``staff.manage`` for *every* department the target account holds a role
  in (an account with a role in all departments, or with no role, needs it everywhere), and
  for every department of the roles it hands out: an administrator cannot reach past their
  departments, nor grant more than they could manage;
- nobody changes their own roles or disables themselves (ask another administrator).

Audit actions: ``staff.create``, ``staff.roles``, ``staff.disable``, ``staff.enable``,
``staff.totp_reset``, ``staff.password_reset``, ``staff.unlock``. Secrets never enter the log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import anyio
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from portal.config import get_settings
from portal.core import audit
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import Assignment, Forbidden, Permission, require, requires_totp
from portal.identity import secrets
from portal.identity.models import StaffAccount, StaffRole
from portal.reference.models import Department

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class IssuedSecrets:
    """Shown once to whoever ran the command; never stored in clear."""

    account: StaffAccount
    password: str | None = None
    totp_secret: str | None = None

    @property
    def totp_uri(self) -> str | None:
        return secrets.totp_uri(self.totp_secret, self.account.username) if self.totp_secret else None


def _audit_view(account: StaffAccount, assignments: Iterable[Assignment] = ()) -> dict[str, object]:
    return {
        "username": account.username, "display_name": account.display_name,
        "is_active": account.is_active, "totp": bool(account.totp_secret),
        "roles": sorted(f"{a.role.value}@{a.department_id or '*'}" for a in assignments),
    }


async def assignments_of(account_id: int, conn: BaseDBAsyncClient | None = None) -> list[Assignment]:
    rows = await StaffRole.filter(staff_id=account_id).using_db(conn).order_by("role", "department_id")
    return [Assignment(r.role, r.department_id) for r in rows]  # type: ignore[attr-defined]


def _departments(assignments: Sequence[Assignment]) -> list[int | None]:
    return [a.department_id for a in assignments] or [None]


async def _check_departments_exist(assignments: Sequence[Assignment]) -> None:
    wanted = {a.department_id for a in assignments if a.department_id is not None}
    found = set(await Department.filter(id__in=list(wanted)).values_list("id", flat=True))
    missing = sorted(wanted - found)
    if missing:
        raise InvalidInput(f"部门不存在：{', '.join(map(str, missing))}。", field="departmentId")


async def _load_target(actor: Actor, staff_id: int) -> tuple[StaffAccount, list[Assignment]]:
    account = await StaffAccount.get_or_none(id=staff_id)
    if account is None:
        raise NotFound("找不到该工作人员账号。")
    held = await assignments_of(account.id)
    require(actor, Permission.STAFF_MANAGE, _departments(held))
    return account, held


def _not_self(actor: Actor, account: StaffAccount, what: str) -> None:
    if actor.id == f"staff:{account.id}":
        raise Forbidden(f"不能{what}自己的账号，请由其他管理员操作。")


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput("请填写操作理由（将记入审计日志）。", field="reason")
    return text[:500]


def _check_password(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD} 个字符。", field="password")
    if password.lower() == username.lower():
        raise InvalidInput("密码不能与登录名相同。", field="password")


async def create_staff(
    actor: Actor, *, username: str, display_name: str, assignments: Sequence[Assignment],
    email: str = "", password: str | None = None, totp: bool | None = None,
    is_demo: bool = False, reason: str = "",
) -> IssuedSecrets:
    """Create an account. Without ``password`` one is generated; TOTP is set up when asked
    or when a role requires it (settings ``totp_required_roles``). Returns the secrets once."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise InvalidInput("登录名须为 3–64 位小写字母、数字或 . _ -，且以字母或数字开头结尾。", field="username")
    if not display_name.strip():
        raise InvalidInput("请填写姓名。", field="displayName")
    require(actor, Permission.STAFF_MANAGE, _departments(assignments))
    await _check_departments_exist(assignments)
    generated = password is None
    password = password or secrets.new_password()
    _check_password(password, username)
    if await StaffAccount.exists(username=username):
        raise InvalidInput(f"登录名“{username}”已被使用。", field="username")
    wants_totp = totp if totp is not None else requires_totp(
        (a.role for a in assignments), get_settings().totp_required_roles
    )
    if not wants_totp and requires_totp((a.role for a in assignments), get_settings().totp_required_roles):
        raise InvalidInput("该角色必须启用动态口令（TOTP）。", field="totp")
    totp_secret = secrets.new_totp_secret() if wants_totp else None
    password_hash = await anyio.to_thread.run_sync(secrets.hash_password, password)
    unique = sorted(set(assignments), key=lambda a: (a.role.value, a.department_id or 0))
    async with in_transaction() as conn:
        account = await StaffAccount.create(
            username=username, display_name=display_name.strip(), email=email.strip(),
            password_hash=password_hash, totp_secret=totp_secret, is_demo=is_demo, using_db=conn,
        )
        for a in unique:
            await StaffRole.create(staff=account, role=a.role, department_id=a.department_id, using_db=conn)
        await audit.record(conn, actor, "staff.create", "staff", account.id,
                           after=_audit_view(account, unique), reason=reason.strip())
    return IssuedSecrets(account, password if generated else None, totp_secret)


async def set_roles(
    actor: Actor, staff_id: int, assignments: Sequence[Assignment], *, reason: str
) -> IssuedSecrets:
    """Replace an account's roles. A role that requires TOTP sets it up if missing."""
    account, held = await _load_target(actor, staff_id)
    _not_self(actor, account, "修改")
    require(actor, Permission.STAFF_MANAGE, _departments(assignments))
    await _check_departments_exist(assignments)
    reason = _reason(reason)
    unique = sorted(set(assignments), key=lambda a: (a.role.value, a.department_id or 0))
    new_secret = None
    if not account.totp_secret and requires_totp((a.role for a in unique), get_settings().totp_required_roles):
        new_secret = secrets.new_totp_secret()
    async with in_transaction() as conn:
        before = _audit_view(account, held)
        await StaffRole.filter(staff_id=account.id).using_db(conn).delete()
        for a in unique:
            await StaffRole.create(staff=account, role=a.role, department_id=a.department_id, using_db=conn)
        if new_secret:
            account.totp_secret, account.totp_last_step = new_secret, None
            await account.save(using_db=conn, update_fields=["totp_secret", "totp_last_step"])
        await audit.record(conn, actor, "staff.roles", "staff", account.id, before=before,
                           after=_audit_view(account, unique), reason=reason)
    return IssuedSecrets(account, None, new_secret)


async def _set_active(actor: Actor, staff_id: int, active: bool, reason: str) -> StaffAccount:
    account, held = await _load_target(actor, staff_id)
    _not_self(actor, account, "停用" if not active else "启用")
    reason = _reason(reason)
    async with in_transaction() as conn:
        before = _audit_view(account, held)
        account.is_active = active
        await account.save(using_db=conn, update_fields=["is_active"])
        await audit.record(conn, actor, "staff.enable" if active else "staff.disable", "staff",
                           account.id, before=before, after=_audit_view(account, held), reason=reason)
    return account


async def disable_staff(actor: Actor, staff_id: int, *, reason: str) -> StaffAccount:
    """Disable an account: it can no longer log in, and its sessions and tokens stop working."""
    return await _set_active(actor, staff_id, False, reason)


async def enable_staff(actor: Actor, staff_id: int, *, reason: str) -> StaffAccount:
    return await _set_active(actor, staff_id, True, reason)


async def reset_totp(actor: Actor, staff_id: int, *, reason: str) -> IssuedSecrets:
    """Give an account a new TOTP secret (lost phone); the old one stops working at once."""
    account, _ = await _load_target(actor, staff_id)
    reason = _reason(reason)
    secret = secrets.new_totp_secret()
    async with in_transaction() as conn:
        account.totp_secret, account.totp_last_step = secret, None
        await account.save(using_db=conn, update_fields=["totp_secret", "totp_last_step"])
        await audit.record(conn, actor, "staff.totp_reset", "staff", account.id,
                           after={"totp": True}, reason=reason)
    return IssuedSecrets(account, None, secret)


async def reset_password(actor: Actor, staff_id: int, *, reason: str) -> IssuedSecrets:
    """Replace the password with a generated one (shown once) and lift any lockout."""
    account, _ = await _load_target(actor, staff_id)
    _not_self(actor, account, "重置")
    reason = _reason(reason)
    password = secrets.new_password()
    password_hash = await anyio.to_thread.run_sync(secrets.hash_password, password)
    async with in_transaction() as conn:
        account.password_hash, account.failed_logins, account.locked_until = password_hash, 0, None
        await account.save(using_db=conn, update_fields=["password_hash", "failed_logins", "locked_until"])
        await audit.record(conn, actor, "staff.password_reset", "staff", account.id, reason=reason)
    return IssuedSecrets(account, password, None)


async def unlock_staff(actor: Actor, staff_id: int, *, reason: str) -> StaffAccount:
    """Lift a lockout caused by failed logins before it expires."""
    account, _ = await _load_target(actor, staff_id)
    reason = _reason(reason)
    async with in_transaction() as conn:
        before = {"failed_logins": account.failed_logins, "locked_until": account.locked_until}
        account.failed_logins, account.locked_until = 0, None
        await account.save(using_db=conn, update_fields=["failed_logins", "locked_until"])
        await audit.record(conn, actor, "staff.unlock", "staff", account.id, before=before,
                           after={"failed_logins": 0, "locked_until": None}, reason=reason)
    return account
