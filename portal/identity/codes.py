"""Authorization codes of the built-in provider: issue, look up, consume exactly once.

Codes are stored as SHA-256 digests, live ``CODE_TTL`` and are consumed by a conditional
UPDATE, so two token requests racing with the same code cannot both succeed. They are protocol
state, not business state: no audit entry (the login itself is audited).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.core import clock
from portal.core.policies import Assignment
from portal.identity.models import AuthorizationCode, OAuthClient, StaffAccount, StaffRole
from portal.identity.secrets import digest

CODE_TTL = dt.timedelta(minutes=2)


def _utc_now() -> dt.datetime:
    """UTC for database comparisons (SQLite compares stored UTC text)."""
    return clock.now().astimezone(dt.UTC)


@dataclass(frozen=True)
class CodeGrant:
    """Everything the token endpoint needs about a code, loaded before it runs."""

    row: AuthorizationCode
    account: StaffAccount
    assignments: list[Assignment]


async def save_code(
    code: str, *, client_id: str, account_id: int, redirect_uri: str, scope: str,
    nonce: str | None, code_challenge: str, code_challenge_method: str,
    auth_time: dt.datetime, amr: tuple[str, ...],
) -> None:
    now = _utc_now()
    await AuthorizationCode.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
    await AuthorizationCode.create(
        code_hash=digest(code), client_id=client_id, staff_id=account_id,
        redirect_uri=redirect_uri, scope=scope, nonce=nonce, code_challenge=code_challenge,
        code_challenge_method=code_challenge_method, auth_time=auth_time, amr=" ".join(amr),
        expires_at=now + CODE_TTL,
    )


async def find_code(code: str, client_id: str) -> CodeGrant | None:
    """A live, unused code issued to ``client_id`` for an active account, or None."""
    row = await AuthorizationCode.get_or_none(
        code_hash=digest(code), client_id=client_id, used_at=None, expires_at__gt=_utc_now()
    )
    if row is None:
        return None
    account = await StaffAccount.get_or_none(id=row.staff_id, is_active=True)  # type: ignore[attr-defined]
    if account is None:
        return None
    roles = await StaffRole.filter(staff_id=account.id)
    return CodeGrant(row, account, [Assignment(r.role, r.department_id) for r in roles])  # type: ignore[attr-defined]


async def consume_code(row: AuthorizationCode) -> bool:
    """Mark the code used; False if another request used it first."""
    updated = await AuthorizationCode.filter(id=row.id, used_at=None).update(used_at=_utc_now())
    return updated == 1


async def nonce_seen(client_id: str, nonce: str) -> bool:
    return await AuthorizationCode.exists(client_id=client_id, nonce=nonce)


async def active_client(client_id: str) -> OAuthClient | None:
    return await OAuthClient.get_or_none(client_id=client_id, is_active=True)


async def active_account(account_id: int) -> StaffAccount | None:
    return await StaffAccount.get_or_none(id=account_id, is_active=True)
