"""Client-credentials tokens for department systems, and every way a token is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from tortoise.transactions import in_transaction

from backoffice.config import IdentityConfig
from portal.config import Settings
from portal.core import audit
from portal.core.actors import SYSTEM
from portal.core.policies import Assignment, Role, staff_actor
from portal.identity import clients
from tests import factories

pytestmark = pytest.mark.anyio
AUDIT = "query { auditEntries { nodes { seq action actorDepartmentId } } }"
STAFF = "query { staffAccounts { nodes { username } } }"
CREATE = """mutation { createStaff(input: {username: "zhang.san", displayName: "张三", roles: []}) {
  __typename ... on MutationError { code message } } }"""


async def _client(scopes: list[str], department_id: int | None) -> tuple[str, str]:
    issued = await clients.create_client(SYSTEM, name="执法办案系统", department_id=department_id,
                                         scopes=scopes, client_id="case-system")
    return issued.client.client_id, issued.secret


async def _token(browser: httpx.AsyncClient, client_id: str, secret: str, scope: str = "") -> httpx.Response:
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    return await browser.post("/oidc/token", data=data, auth=(client_id, secret))


async def _gql(browser: httpx.AsyncClient, token: str, query: str) -> httpx.Response:
    return await browser.post("/backoffice/graphql", json={"query": query},
                              headers={"Authorization": f"Bearer {token}"})


async def _audited_in(department_id: int) -> None:
    async with in_transaction() as conn:
        await audit.record(conn, staff_actor("staff:1", "某人", [Assignment(Role.EDITOR, department_id)]),
                           "penalty.submit", "penalty", 1)


async def test_a_department_system_calls_the_api_within_its_scopes_only(browser: httpx.AsyncClient) -> None:
    own = await factories.department("义乌市市场监督管理局")
    other = await factories.department("东阳市市场监督管理局")
    await _audited_in(own.id)
    await _audited_in(other.id)
    client_id, secret = await _client(["audit:read"], own.id)
    token = await _token(browser, client_id, secret)
    assert token.status_code == 200, token.text
    body = token.json()
    assert body["scope"] == "audit:read" and body["token_type"] == "Bearer"
    entries = (await _gql(browser, body["access_token"], AUDIT)).json()["data"]["auditEntries"]["nodes"]
    assert {e["actorDepartmentId"] for e in entries} == {own.id}, "only its own department"
    refused = (await _gql(browser, body["access_token"], STAFF)).json()
    assert refused["errors"][0]["extensions"]["code"] == "forbidden"
    created = (await _gql(browser, body["access_token"], CREATE)).json()["data"]["createStaff"]
    assert created == {"__typename": "MutationError", "code": "forbidden", "message": created["message"]}


async def test_a_client_gets_only_scopes_it_is_registered_for(browser: httpx.AsyncClient) -> None:
    client_id, secret = await _client(["audit:read"], None)
    response = await _token(browser, client_id, secret, scope="audit:read staff:write")
    assert response.status_code == 400 and response.json()["error"] == "invalid_scope"
    assert (await _token(browser, client_id, "wrong-secret")).status_code == 401
    code_flow = await browser.post("/oidc/token", data={"grant_type": "authorization_code", "code": "x"},
                                   auth=(client_id, secret))
    assert code_flow.json()["error"] == "unauthorized_client"


async def test_disabling_a_client_stops_its_tokens_at_once(browser: httpx.AsyncClient) -> None:
    client_id, secret = await _client(["audit:read"], None)
    token = (await _token(browser, client_id, secret)).json()["access_token"]
    assert (await _gql(browser, token, AUDIT)).status_code == 200
    from portal.identity.models import OAuthClient

    await clients.set_client_active(SYSTEM, (await OAuthClient.get(client_id=client_id)).id, False,
                                    reason="下线")
    refused = await _gql(browser, token, AUDIT)
    assert refused.status_code == 401 and 'error="invalid_token"' in refused.headers["www-authenticate"]
    assert (await _token(browser, client_id, secret)).status_code == 401


def _claims(config: IdentityConfig, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {"iss": config.issuer, "aud": config.audience, "sub": "case-system",
              "client_id": "case-system", "iat": now, "exp": now + 300, "jti": "j1",
              "scope": "audit:read"}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _sign(claims: dict[str, Any], keys: KeySet | RSAKey, header: dict[str, str] | None = None) -> str:
    return jwt.encode(header or {"alg": "RS256", "typ": "at+jwt"}, claims, keys)


def _hs256_with_public_key(config: IdentityConfig) -> str:
    """The classic key-confusion forgery: HMAC keyed with the published RSA public key."""
    public = RSAKey.import_key(config.signing_keys().public_jwks()["keys"][0]).as_pem(private=False)

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    signing_input = part({"alg": "HS256", "typ": "at+jwt", "kid": config.signing_keys().kid}) + "." + part(
        _claims(config))
    mac = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(mac).decode().rstrip("=")


def _config(settings: Settings) -> IdentityConfig:
    return IdentityConfig.from_settings(settings)


async def test_a_hand_made_valid_token_is_accepted(browser: httpx.AsyncClient, settings: Settings) -> None:
    await _client(["audit:read"], None)
    config = _config(settings)
    token = _sign(_claims(config), config.signing_keys().private)
    assert (await _gql(browser, token, AUDIT)).status_code == 200


@pytest.mark.parametrize("case", ["expired", "wrong audience", "wrong issuer", "wrong signature",
                                  "not an access token", "no expiry", "alg none", "hs256 with the public key",
                                  "garbage"])
async def test_tokens_are_refused(browser: httpx.AsyncClient, settings: Settings, case: str) -> None:
    await _client(["audit:read"], None)
    config = _config(settings)
    keys = config.signing_keys().private
    now = int(time.time())
    token = {
        "expired": lambda: _sign(_claims(config, iat=now - 900, exp=now - 60), keys),
        "wrong audience": lambda: _sign(_claims(config, aud="https://other.example/api"), keys),
        "wrong issuer": lambda: _sign(_claims(config, iss="https://evil.example"), keys),
        "wrong signature": lambda: _sign(_claims(config), RSAKey.generate_key(2048)),
        "not an access token": lambda: _sign(_claims(config), keys, {"alg": "RS256"}),
        "no expiry": lambda: _sign(_claims(config, exp=None), keys),
        "alg none": lambda: ".".join(_sign(_claims(config), keys).split(".")[:2]) + ".",
        "hs256 with the public key": lambda: _hs256_with_public_key(config),
        "garbage": lambda: "not-a-jwt",
    }[case]()
    response = await _gql(browser, token, AUDIT)
    assert response.status_code == 401, response.text
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert "data" not in response.json()


async def test_a_token_without_an_api_scope_is_refused(browser: httpx.AsyncClient, settings: Settings) -> None:
    config = _config(settings)
    token = _sign(_claims(config, scope="openid profile"), config.signing_keys().private)
    response = await _gql(browser, token, AUDIT)
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


async def test_no_credentials_means_401(browser: httpx.AsyncClient) -> None:
    response = await browser.post("/backoffice/graphql", json={"query": AUDIT})
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")
    basic = await browser.post("/backoffice/graphql", json={"query": AUDIT},
                               headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401


async def test_a_staff_token_keeps_only_its_scopes(browser: httpx.AsyncClient, settings: Settings) -> None:
    from tests.identity.helpers import staff

    admin = await staff("admin", (Role.ADMINISTRATOR, None))
    config = _config(settings)
    token = _sign(_claims(config, sub=f"staff:{admin.id}", client_id="portal-backoffice",
                          scope="openid audit:read"), config.signing_keys().private)
    assert "errors" not in (await _gql(browser, token, AUDIT)).json()
    refused = (await _gql(browser, token, STAFF)).json()
    assert refused["errors"][0]["extensions"]["code"] == "forbidden"
    me = (await _gql(browser, token, "{ me { id scopes permissions } }")).json()["data"]["me"]
    assert me == {"id": f"staff:{admin.id}", "scopes": ["audit:read"], "permissions": ["audit.view@*"]}
