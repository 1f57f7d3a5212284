"""OAuth client registry: department systems (client credentials) and relying parties.

Permission: ``client.manage`` in the client's department (a client of no department needs it
everywhere). A client's secret is generated here, returned once and stored as a SHA-256 digest.
A client only ever gets tokens for scopes it is registered with, and acts only inside its
department (portal.core.policies.client_actor).

Audit actions: ``client.create``, ``client.disable``, ``client.enable``, ``client.secret_rotate``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from tortoise.transactions import in_transaction

from portal.core import audit
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import API_SCOPES, OPENID_SCOPES, Permission, require
from portal.identity import secrets
from portal.identity.models import OAuthClient
from portal.reference.models import Department

CLIENT_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
GRANT_TYPES = ("authorization_code", "client_credentials")


@dataclass(frozen=True)
class IssuedClient:
    client: OAuthClient
    secret: str  # shown once


def _view(client: OAuthClient) -> dict[str, object]:
    return {
        "client_id": client.client_id, "name": client.name, "scope": client.scope,
        "grant_types": client.grant_types, "redirect_uris": client.redirect_uris,
        "department_id": client.department_id, "is_active": client.is_active,  # type: ignore[attr-defined]
    }


def _check_uris(uris: Sequence[str], field: str) -> list[str]:
    out = []
    for uri in (u.strip() for u in uris if u.strip()):
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment:
            raise InvalidInput(f"回调地址须为不含 # 片段的 http(s) 绝对地址：{uri}", field=field)
        out.append(uri)
    return out


async def create_client(
    actor: Actor, *, name: str, department_id: int | None, scopes: Sequence[str],
    grant_types: Sequence[str] = ("client_credentials",), redirect_uris: Sequence[str] = (),
    post_logout_redirect_uris: Sequence[str] = (), client_id: str | None = None, reason: str = "",
) -> IssuedClient:
    require(actor, Permission.CLIENT_MANAGE, department_id)
    if not name.strip():
        raise InvalidInput("请填写客户端名称。", field="name")
    client_id = (client_id or f"dept-{secrets.new_token(6).lower()}").strip()
    if not CLIENT_ID.match(client_id) or ":" in client_id:
        raise InvalidInput("客户端编号须为 3–64 位小写字母、数字或 . _ -。", field="clientId")
    known = set(API_SCOPES) | set(OPENID_SCOPES)
    unknown = sorted(set(scopes) - known)
    if unknown or not scopes:
        raise InvalidInput(f"未知或缺少授权范围：{'、'.join(unknown) or '（空）'}；可选：{' '.join(sorted(known))}。",
                           field="scopes")
    if not grant_types or set(grant_types) - set(GRANT_TYPES):
        raise InvalidInput(f"授权方式只能是：{'、'.join(GRANT_TYPES)}。", field="grantTypes")
    redirects = _check_uris(redirect_uris, "redirectUris")
    if "authorization_code" in grant_types and not redirects:
        raise InvalidInput("授权码方式至少需要一个回调地址。", field="redirectUris")
    if department_id is not None and not await Department.exists(id=department_id):
        raise InvalidInput("部门不存在。", field="departmentId")
    if await OAuthClient.exists(client_id=client_id):
        raise InvalidInput(f"客户端编号“{client_id}”已存在。", field="clientId")
    secret = secrets.new_token()
    async with in_transaction() as conn:
        client = await OAuthClient.create(
            client_id=client_id, name=name.strip(), secret_hash=secrets.digest(secret),
            scope=" ".join(sorted(set(scopes))), grant_types=sorted(set(grant_types)),
            redirect_uris=redirects,
            post_logout_redirect_uris=_check_uris(post_logout_redirect_uris, "postLogoutRedirectUris"),
            department_id=department_id, using_db=conn,
        )
        await audit.record(conn, actor, "client.create", "oauth_client", client.client_id,
                           after=_view(client), reason=reason.strip())
    return IssuedClient(client, secret)


async def _target(actor: Actor, client_pk: int) -> OAuthClient:
    client = await OAuthClient.get_or_none(id=client_pk)
    if client is None:
        raise NotFound("找不到该客户端。")
    require(actor, Permission.CLIENT_MANAGE, client.department_id)  # type: ignore[attr-defined]
    return client


async def set_client_active(actor: Actor, client_pk: int, active: bool, *, reason: str) -> OAuthClient:
    """Disable (or re-enable) a client: its tokens stop working at the next request."""
    client = await _target(actor, client_pk)
    if not reason.strip():
        raise InvalidInput("请填写操作理由（将记入审计日志）。", field="reason")
    async with in_transaction() as conn:
        before = _view(client)
        client.is_active = active
        await client.save(using_db=conn, update_fields=["is_active"])
        await audit.record(conn, actor, "client.enable" if active else "client.disable",
                           "oauth_client", client.client_id, before=before, after=_view(client),
                           reason=reason.strip()[:500])
    return client


async def rotate_secret(actor: Actor, client_pk: int, *, reason: str) -> IssuedClient:
    client = await _target(actor, client_pk)
    if not reason.strip():
        raise InvalidInput("请填写操作理由（将记入审计日志）。", field="reason")
    secret = secrets.new_token()
    async with in_transaction() as conn:
        client.secret_hash = secrets.digest(secret)
        await client.save(using_db=conn, update_fields=["secret_hash"])
        await audit.record(conn, actor, "client.secret_rotate", "oauth_client", client.client_id,
                           reason=reason.strip()[:500])
    return IssuedClient(client, secret)
