"""The staff GraphQL API: me, staff and client management, audit browsing, constant query counts."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from joserfc import jwt

from backoffice.config import IdentityConfig
from portal.config import Settings
from portal.core.policies import Role
from portal.identity.models import StaffAccount
from portal.reference.cache import invalidate
from tests import factories
from tests.identity.helpers import staff
from tests.querycount import count_queries

pytestmark = pytest.mark.anyio

STAFF_LIST = """query($first: Int) { staffAccounts(first: $first) { totalCount
  nodes { username isActive hasTotp roles { role label allDepartments department { name } } } } }"""


def _token(settings: Settings, account: StaffAccount, scope: str) -> str:
    config = IdentityConfig.from_settings(settings)
    now = int(time.time())
    claims = {"iss": config.issuer, "aud": [config.audience, config.issuer],
              "sub": f"staff:{account.id}", "client_id": "portal-backoffice", "iat": now,
              "exp": now + 300, "jti": f"t{now}", "scope": scope}
    return jwt.encode({"alg": "RS256", "typ": "at+jwt"}, claims, config.signing_keys().private)


async def _gql(browser: httpx.AsyncClient, token: str, query: str,
               variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = await browser.post("/backoffice/graphql", json={"query": query, "variables": variables or {}},
                                  headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def admin_token(browser: httpx.AsyncClient, settings: Settings) -> str:
    admin = await staff("admin", (Role.ADMINISTRATOR, None))
    return _token(settings, admin, "staff:write clients:write audit:read")


async def test_me_describes_roles_and_permissions(browser: httpx.AsyncClient, settings: Settings) -> None:
    dept = await factories.department()
    reviewer = await staff("reviewer", (Role.REVIEWER, dept.id))
    body = await _gql(browser, _token(settings, reviewer, "audit:read"),
                      "{ me { id kind displayName roles { role department { name } } permissions } }")
    assert body["data"]["me"] == {
        "id": f"staff:{reviewer.id}", "kind": "staff", "displayName": "reviewer（测试）",
        "roles": [{"role": "REVIEWER", "department": {"name": dept.name}}],
        "permissions": [f"audit.view@{dept.id}"],
    }


async def test_administrators_manage_staff_through_the_api(browser: httpx.AsyncClient, admin_token: str) -> None:
    dept = await factories.department()
    created = await _gql(browser, admin_token, """mutation($dept: ID) {
      createStaff(input: {username: "zhao.liu", displayName: "赵六", roles: [{role: EDITOR, departmentId: $dept}],
                          reason: "新入职"}) {
        __typename ... on StaffSecretsPayload { account { id username } password totpSecret } } }""",
                         {"dept": str(dept.id)})
    payload = created["data"]["createStaff"]
    assert payload["__typename"] == "StaffSecretsPayload" and payload["password"]
    assert payload["totpSecret"] is None
    staff_id = payload["account"]["id"]
    disabled = await _gql(browser, admin_token, """mutation($id: ID!) { disableStaff(id: $id, reason: "离职") {
        ... on StaffAccountPayload { account { isActive } } } }""", {"id": staff_id})
    assert disabled["data"]["disableStaff"] == {"account": {"isActive": False}}
    invalid = await _gql(browser, admin_token, """mutation { createStaff(input: {username: "x", displayName: "某",
        roles: []}) { ... on MutationError { code field message } } }""")
    assert invalid["data"]["createStaff"]["code"] == "invalid_input"
    assert invalid["data"]["createStaff"]["field"] == "username"


async def test_clients_are_registered_through_the_api(browser: httpx.AsyncClient, admin_token: str) -> None:
    body = await _gql(browser, admin_token, """mutation { createOauthClient(input: {name: "执法办案系统",
        scopes: ["audit:read"], clientId: "case-system"}) {
        ... on OAuthClientPayload { client { clientId scopes isActive } clientSecret } } }""")
    payload = body["data"]["createOauthClient"]
    assert payload["client"] == {"clientId": "case-system", "scopes": ["audit:read"], "isActive": True}
    assert len(payload["clientSecret"]) >= 40
    listed = await _gql(browser, admin_token, "{ oauthClients { nodes { clientId } } }")
    assert listed["data"]["oauthClients"]["nodes"] == [{"clientId": "case-system"}]


async def test_audit_entries_filter_by_action_and_subject(browser: httpx.AsyncClient, admin_token: str) -> None:
    target = await staff("target", (Role.EDITOR, None))
    from portal.core.actors import SYSTEM
    from portal.identity import services

    await services.disable_staff(SYSTEM, target.id, reason="离职")
    body = await _gql(browser, admin_token, """query($id: String) { auditEntries(filter: {action: "staff.",
        subjectKind: "staff", subjectId: $id}) { totalCount nodes { action reason actor } } }""",
                      {"id": str(target.id)})
    entries = body["data"]["auditEntries"]
    assert [e["action"] for e in entries["nodes"]] == ["staff.disable", "staff.create"]
    assert entries["nodes"][0]["reason"] == "离职" and entries["totalCount"] == 2
    bad = await _gql(browser, admin_token, """{ auditEntries(filter: {dateFrom: "2025-02-01",
        dateTo: "2025-01-01"}) { totalCount } }""")
    assert bad["errors"][0]["extensions"]["code"] == "invalid_input"


async def test_the_staff_list_runs_a_constant_number_of_queries(
    browser: httpx.AsyncClient, admin_token: str
) -> None:
    dept = await factories.department()
    for i in range(3):
        await staff(f"small-{i}", (Role.EDITOR, dept.id), (Role.REVIEWER, None))
    invalidate()
    with count_queries() as few:
        small = await _gql(browser, admin_token, STAFF_LIST, {"first": 50})
    for i in range(12):
        await staff(f"large-{i}", (Role.EDITOR, dept.id), (Role.REVIEWER, None))
    invalidate()  # both measured cold: departments are cached per process after the first
    with count_queries() as many:
        large = await _gql(browser, admin_token, STAFF_LIST, {"first": 50})
    assert small["data"]["staffAccounts"]["totalCount"] == 4
    assert large["data"]["staffAccounts"]["totalCount"] == 16
    assert len(many) == len(few), many


async def test_a_content_length_that_is_no_number_is_not_a_crash(
    browser: httpx.AsyncClient, admin_token: str
) -> None:
    """'²' is a digit to str.isdigit but not to int(); headers arrive as latin-1 text."""
    response = await browser.post(
        "/backoffice/graphql", content=b'{"query": "{ me { id } }"}',
        headers={"Authorization": f"Bearer {admin_token}", "content-type": "application/json",
                 "content-length": b"\xb2"})
    assert response.status_code < 500
