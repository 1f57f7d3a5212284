"""Logging in to the built-in provider: password, TOTP, lockout.

:func:`authenticate` is the only way to turn credentials into an account. Guarantees:

- unknown names, wrong passwords and wrong codes give the same :class:`LoginFailed` message and
  take about as long (a dummy Argon2 check runs for unknown names);
- ``max_failures`` consecutive failures lock the account for ``lockout``; while locked, not
  even the right password gets in (audit ``staff.lock``, actor system);
- a TOTP code is accepted once: its 30-second step must be later than the last accepted step,
  enforced by a conditional UPDATE so two simultaneous logins cannot both use it;
- accounts holding a role in ``totp_required`` cannot log in without TOTP.

A successful login writes ``staff.login`` (actor: the account itself).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import anyio
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from portal.core import audit, clock
from portal.core.actors import SYSTEM
from portal.core.errors import DomainError
from portal.core.policies import Assignment, requires_totp
from portal.identity import secrets
from portal.identity.models import StaffAccount
from portal.identity.principals import actor_for_account
from portal.identity.services import assignments_of


class LoginFailed(DomainError):
    code = "login_failed"


class AccountLocked(LoginFailed):
    code = "account_locked"


GENERIC = "登录名、密码或动态口令不正确。"


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int
    lockout: dt.timedelta
    totp_required: tuple[str, ...]


@dataclass(frozen=True)
class Authenticated:
    account: StaffAccount
    assignments: list[Assignment]
    amr: tuple[str, ...]  # authentication methods: ("pwd",) or ("pwd", "otp", "mfa")
    at: dt.datetime


async def authenticate(username: str, password: str, totp_code: str, policy: LoginPolicy
                       ) -> Authenticated:
    now = clock.now().astimezone(dt.UTC)
    account = await StaffAccount.get_or_none(username=username.strip().lower())
    if account is None:
        await anyio.to_thread.run_sync(secrets.burn_time, password)
        raise LoginFailed(GENERIC)
    if account.locked_until and account.locked_until > now:
        raise AccountLocked("失败次数过多，账号已暂时锁定，请稍后再试或联系管理员解锁。")
    ok, rehashed = await anyio.to_thread.run_sync(
        secrets.verify_password, password, account.password_hash
    )
    if not ok:
        await _failed(account, policy, now)
        raise LoginFailed(GENERIC)
    held = await assignments_of(account.id)
    if not account.is_active:
        raise LoginFailed("该账号已停用，请联系管理员。")
    amr: tuple[str, ...] = ("pwd",)
    if account.totp_secret:
        step = secrets.matching_step(account.totp_secret, totp_code, now)
        if step is None or not await _claim_step(account.id, step):
            await _failed(account, policy, now)
            raise LoginFailed(GENERIC)
        amr = ("pwd", "otp", "mfa")
    elif requires_totp((a.role for a in held), policy.totp_required):
        raise LoginFailed("该账号必须使用动态口令登录，但尚未设置，请联系管理员重置动态口令。")
    async with in_transaction() as conn:
        account.failed_logins, account.locked_until, account.last_login_at = 0, None, now
        changed = ["failed_logins", "locked_until", "last_login_at"]
        if rehashed:
            account.password_hash = rehashed
            changed.append("password_hash")
        await account.save(using_db=conn, update_fields=changed)
        await audit.record(conn, actor_for_account(account, held), "staff.login", "staff",
                           account.id, after={"amr": list(amr)})
    return Authenticated(account, held, amr, now)


async def _claim_step(account_id: int, step: int) -> bool:
    """Accept ``step`` only if it is later than the last accepted one (atomically)."""
    updated = await StaffAccount.filter(
        Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step), id=account_id
    ).update(totp_last_step=step)
    return updated == 1


async def _failed(account: StaffAccount, policy: LoginPolicy, now: dt.datetime) -> None:
    await StaffAccount.filter(id=account.id).update(failed_logins=F("failed_logins") + 1)
    await account.refresh_from_db(fields=["failed_logins"])
    if account.failed_logins < policy.max_failures:
        return
    until = now + policy.lockout
    async with in_transaction() as conn:
        locked = await StaffAccount.filter(id=account.id, failed_logins__gte=policy.max_failures
                                           ).using_db(conn).update(failed_logins=0, locked_until=until)
        if locked:
            await audit.record(conn, SYSTEM, "staff.lock", "staff", account.id,
                               after={"locked_until": until.isoformat()},
                               reason=f"连续 {policy.max_failures} 次登录失败")
