"""The full login flow through the built-in provider, in-process, as a no-JS browser does it."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from authlib.oidc.discovery import OpenIDProviderMetadata

from portal.core.models import AuditEntry
from portal.core.policies import Role
from portal.identity.models import StaffAccount
from tests import factories
from tests.backoffice.browser import BASE, follow, forms, login, submit
from tests.identity.helpers import PASSWORD, current_code, staff

pytestmark = pytest.mark.anyio


async def test_administrator_logs_in_with_password_and_totp(browser: httpx.AsyncClient) -> None:
    dept = await factories.department()
    admin = await staff("admin", (Role.ADMINISTRATOR, dept.id))
    first = await browser.get("/backoffice/audit?actor=system")
    assert first.status_code == 303
    assert first.headers["location"] == "/backoffice/login?next=/backoffice/audit%3Factor%3Dsystem"
    authorize = await browser.get(first.headers["location"])
    query = parse_qs(urlsplit(authorize.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    page = await follow(browser, authorize)
    done = await follow(browser, await submit(browser, page, {
        "username": "admin", "password": PASSWORD, "totp": current_code(admin)}))
    assert done.status_code == 200 and str(done.url).endswith("/backoffice/audit?actor=system")
    assert "审计日志" in done.text and "admin（测试）" in done.text
    actions = [e.action for e in await AuditEntry.all().order_by("seq")]
    assert actions[-2:] == ["staff.login", "session.login"]
    assert (await StaffAccount.get(id=admin.id)).last_login_at is not None


async def test_the_session_cookie_is_httponly_samesite_and_path_scoped(browser: httpx.AsyncClient) -> None:
    await staff("editor", (Role.EDITOR, None))
    response = await browser.get("/backoffice/login")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("portal_backoffice=") and "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower() and "path=/backoffice" in cookie


async def test_a_wrong_password_shows_the_form_again(browser: httpx.AsyncClient) -> None:
    await staff("editor", (Role.EDITOR, None))
    page = await follow(browser, await browser.get("/backoffice/"))
    again = await submit(browser, page, {"username": "editor", "password": "wrong-password"})
    assert again.status_code == 401 and "登录名、密码或动态口令不正确" in again.text
    assert forms(again.text, str(again.url))[0].fields["username"] == "editor"


async def test_roles_reach_the_dashboard_and_logout_ends_the_session(browser: httpx.AsyncClient) -> None:
    dept = await factories.department()
    await staff("reviewer", (Role.REVIEWER, dept.id))
    home = await login(browser, "reviewer")
    assert "审核人员" in home.text and "待审核的公示信息" in home.text
    assert "投诉举报" not in home.text.split("待办事项")[1]  # not a tip handler
    logout = await submit(browser, home, {})  # the header's logout form
    assert logout.status_code == 303
    assert logout.headers["location"].startswith(f"{BASE}/oidc/logout?")
    landed = await follow(browser, logout)
    assert landed.status_code == 200 and "您已退出" in landed.text
    assert (await browser.get("/backoffice/")).status_code == 303


async def test_disabling_an_account_ends_its_session(browser: httpx.AsyncClient) -> None:
    account = await staff("editor", (Role.EDITOR, None))
    assert (await login(browser, "editor")).status_code == 200
    await StaffAccount.filter(id=account.id).update(is_active=False)
    assert (await browser.get("/backoffice/")).status_code == 303


async def test_next_never_leaves_the_back_office(browser: httpx.AsyncClient) -> None:
    await staff("editor", (Role.EDITOR, None))
    done = await login(browser, "editor", start="/backoffice/login?next=//evil.example/x")
    assert str(done.url) == f"{BASE}/backoffice/"


async def test_discovery_is_valid_openid_provider_metadata(browser: httpx.AsyncClient) -> None:
    metadata = (await browser.get("/oidc/.well-known/openid-configuration")).json()
    OpenIDProviderMetadata(metadata).validate()
    assert metadata["issuer"] == f"{BASE}/oidc"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    keys = (await browser.get("/oidc/jwks")).json()["keys"]
    assert keys and all("d" not in k and "p" not in k for k in keys), "no private parts published"


def _pkce() -> tuple[str, str]:
    verifier = base64.urlsafe_b64encode(b"v" * 48).decode().rstrip("=")
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def _authorize_url(**overrides: str) -> str:
    _, challenge = _pkce()
    params = {"response_type": "code", "client_id": "portal-backoffice",
              "redirect_uri": f"{BASE}/backoffice/auth/callback", "scope": "openid profile",
              "state": "s1", "nonce": "n1", "code_challenge": challenge,
              "code_challenge_method": "S256", **overrides}
    return "/oidc/authorize?" + urlencode({k: v for k, v in params.items() if v})


@pytest.mark.parametrize("overrides,error", [
    ({"code_challenge": ""}, "invalid_request"),
    ({"code_challenge_method": "plain"}, "invalid_request"),
    ({"code_challenge_method": ""}, "invalid_request"),
    ({"nonce": ""}, "invalid_request"),
    ({"scope": "openid staff:write"}, "invalid_scope"),
])
async def test_the_provider_demands_pkce_s256_nonce_and_registered_scopes(
    browser: httpx.AsyncClient, overrides: dict[str, str], error: str
) -> None:
    response = await browser.get(_authorize_url(**overrides))
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert location.path == "/backoffice/auth/callback"
    assert parse_qs(location.query)["error"] == [error]


@pytest.mark.parametrize("overrides", [
    {"redirect_uri": "https://evil.example/cb"}, {"client_id": "unknown"},
])
async def test_an_unverified_redirect_target_gets_an_error_page_not_a_redirect(
    browser: httpx.AsyncClient, overrides: dict[str, str]
) -> None:
    response = await browser.get(_authorize_url(**overrides))
    assert response.status_code == 400 and "无法处理此登录请求" in response.text


_nonces = itertools.count()


async def _code(browser: httpx.AsyncClient, username: str) -> str:
    page = await browser.get(_authorize_url(nonce=f"nonce-{next(_nonces)}"))
    done = await submit(browser, page, {"username": username, "password": PASSWORD})
    assert done.status_code == 302, done.text
    return parse_qs(urlsplit(done.headers["location"]).query)["code"][0]


async def test_codes_need_the_verifier_and_work_once(browser: httpx.AsyncClient, settings: object) -> None:
    from backoffice.config import IdentityConfig

    config = IdentityConfig.from_settings(settings)  # type: ignore[arg-type]
    await staff("editor", (Role.EDITOR, None))
    auth = (config.client_id, config.client_secret)
    verifier, _ = _pkce()
    form = {"grant_type": "authorization_code", "redirect_uri": f"{BASE}/backoffice/auth/callback"}
    missing = await browser.post("/oidc/token", data={**form, "code": await _code(browser, "editor")}, auth=auth)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    code = await _code(browser, "editor")
    wrong = await browser.post("/oidc/token", data={**form, "code": code, "code_verifier": "x" * 43}, auth=auth)
    assert wrong.json()["error"] == "invalid_grant"
    code = await _code(browser, "editor")
    token = await browser.post("/oidc/token", data={**form, "code": code, "code_verifier": verifier}, auth=auth)
    assert token.status_code == 200, token.text
    body = token.json()
    header = json.loads(base64.urlsafe_b64decode(body["access_token"].split(".")[0] + "=="))
    assert header["typ"] == "at+jwt" and "id_token" in body and "refresh_token" not in body
    again = await browser.post("/oidc/token", data={**form, "code": code, "code_verifier": verifier}, auth=auth)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    info = await browser.get("/oidc/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert info.status_code == 200 and info.json()["preferred_username"] == "editor"
    bad_secret = await browser.post("/oidc/token", data={**form, "code": code, "code_verifier": verifier},
                                    auth=(config.client_id, "wrong"))
    assert bad_secret.status_code == 401


async def test_a_nonce_is_accepted_once(browser: httpx.AsyncClient) -> None:
    await staff("editor", (Role.EDITOR, None))
    page = await browser.get(_authorize_url(nonce="only-once"))
    assert (await submit(browser, page, {"username": "editor", "password": PASSWORD})).status_code == 302
    replay = await browser.get(_authorize_url(nonce="only-once"))
    assert parse_qs(urlsplit(replay.headers["location"]).query)["error"] == ["invalid_request"]
