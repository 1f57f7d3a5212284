"""Enterprise users on the built-in OpenID provider: the enterprise area's client, its codes.

The enterprise area (/my) is a pre-registered client of the built-in provider, like the back
office: client id :data:`CLIENT_ID`, secret derived from the portal's secret key, scopes
``openid profile``. Enterprise logins get subjects ``enterprise-account:<id>``, codes of their
own table (never a staff code) and access tokens whose only audience is the issuer (userinfo):
they are useless at the staff API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from portal.core import clock
from portal.core.pk import parse_pk
from portal.enterprise_accounts.models import EnterpriseAccount, EnterpriseAuthorizationCode
from portal.identity.secrets import digest

CLIENT_ID = "portal-enterprise"
CLIENT_NAME = "阳光监管门户企业服务"
SCOPE = "openid profile"
CALLBACK_PATH = "/my/auth/callback"
LOGGED_OUT_PATH = "/my/login"
SUBJECT_PREFIX = "enterprise-account:"
CODE_TTL = dt.timedelta(minutes=2)


def client_secret(secret_key: str) -> str:
    return hmac.new(secret_key.encode(), b"oidc-enterprise-client-secret",
                    hashlib.sha256).hexdigest()


def account_id_of(subject: str) -> int | None:
    rest = subject.removeprefix(SUBJECT_PREFIX)
    return parse_pk(rest) if subject.startswith(SUBJECT_PREFIX) else None


def _utc_now() -> dt.datetime:
    return clock.now().astimezone(dt.UTC)


@dataclass(frozen=True)
class EnterpriseCodeGrant:
    row: EnterpriseAuthorizationCode
    account: EnterpriseAccount


async def save_code(code: str, *, client_id: str, account_id: int, redirect_uri: str, scope: str,
                    nonce: str | None, code_challenge: str, code_challenge_method: str,
                    auth_time: dt.datetime, amr: tuple[str, ...]) -> None:
    now = _utc_now()
    await EnterpriseAuthorizationCode.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
    await EnterpriseAuthorizationCode.create(
        code_hash=digest(code), client_id=client_id, account_id=account_id,
        redirect_uri=redirect_uri, scope=scope, nonce=nonce, code_challenge=code_challenge,
        code_challenge_method=code_challenge_method, auth_time=auth_time, amr=" ".join(amr),
        expires_at=now + CODE_TTL)


async def find_code(code: str, client_id: str) -> EnterpriseCodeGrant | None:
    row = await EnterpriseAuthorizationCode.get_or_none(
        code_hash=digest(code), client_id=client_id, used_at=None, expires_at__gt=_utc_now())
    if row is None:
        return None
    account = await EnterpriseAccount.get_or_none(id=row.account_id, is_active=True)  # type: ignore[attr-defined]
    return None if account is None else EnterpriseCodeGrant(row, account)


async def consume_code(row: EnterpriseAuthorizationCode) -> bool:
    updated = await EnterpriseAuthorizationCode.filter(id=row.id, used_at=None).update(
        used_at=_utc_now())
    return updated == 1


async def nonce_seen(client_id: str, nonce: str) -> bool:
    return await EnterpriseAuthorizationCode.exists(client_id=client_id, nonce=nonce)


async def active_account(account_id: int) -> EnterpriseAccount | None:
    return await EnterpriseAccount.get_or_none(id=account_id, is_active=True)
