"""Enterprise users log in through the built-in OpenID provider, apart from staff."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from portal.config import Settings
from portal.core.models import AuditEntry
from portal.core.policies import Role
from portal.enterprise_accounts import oidc
from public_site.my_app import secret_key
from tests import factories as f
from tests.backoffice.browser import BASE, forms, login, make_client, submit
from tests.identity.helpers import PASSWORD, staff

pytestmark = pytest.mark.anyio
PW = "enterprise-pass-1"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(base_url=BASE, var_dir=tmp_path, login_rate_limit="1000/minute")


@pytest.fixture
async def web(credit_db: None, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    from portal.app import create_app

    async with make_client(create_app(settings, manage_db=False)) as client:
        yield client


async def _code_flow(web: httpx.AsyncClient, settings: Settings, username: str, password: str
                     ) -> httpx.Response:
    verifier = "v" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    params = {"response_type": "code", "client_id": oidc.CLIENT_ID, "scope": oidc.SCOPE,
              "redirect_uri": BASE + oidc.CALLBACK_PATH, "state": "s1", "nonce": "n1",
              "code_challenge": challenge.decode(), "code_challenge_method": "S256"}
    page = await web.get("/oidc/authorize?" + urlencode(params))
    assert page.status_code == 200 and "企业用户登录" in page.text and "动态口令" not in page.text
    done = await submit(web, page, {"username": username, "password": password})
    if done.status_code != 302:
        return done
    code = parse_qs(urlsplit(done.headers["location"]).query)["code"][0]
    return await web.post("/oidc/token", data={
        "grant_type": "authorization_code", "code": code, "code_verifier": verifier,
        "redirect_uri": BASE + oidc.CALLBACK_PATH},
        auth=(oidc.CLIENT_ID, oidc.client_secret(secret_key(settings))))


async def test_enterprise_tokens_name_the_account_and_are_refused_by_the_staff_api(
    web: httpx.AsyncClient, settings: Settings
) -> None:
    account = await f.enterprise_account(await f.enterprise(), "li.ming", password=PW)
    token = await _code_flow(web, settings, "li.ming", PW)
    assert token.status_code == 200, token.text
    access = token.json()["access_token"]
    info = await web.get("/oidc/userinfo", headers={"Authorization": f"Bearer {access}"})
    assert info.json()["sub"] == f"enterprise-account:{account.id}"
    assert "portal_roles" not in info.json()
    staff_api = await web.post("/backoffice/graphql", json={"query": "{ me { id } }"},
                               headers={"Authorization": f"Bearer {access}"})
    assert staff_api.status_code == 401
    assert await AuditEntry.exists(action="enterprise_account.login", subject_id=str(account.id))


async def test_staff_cannot_use_the_enterprise_login_and_enterprises_not_the_back_office(
    web: httpx.AsyncClient, settings: Settings
) -> None:
    dept = await f.department()
    await staff("wang.credit", (Role.CREDIT_OFFICER, dept.id))
    await f.enterprise_account(await f.enterprise(), "li.ming", password=PW)
    refused = await _code_flow(web, settings, "wang.credit", PASSWORD)
    assert refused.status_code == 401 and "登录名或密码不正确" in refused.text
    backoffice = await login(web, "li.ming", password=PW)
    assert backoffice.status_code == 401 and "/oidc/authorize" in str(backoffice.url)


async def test_the_area_logs_in_through_the_provider_and_a_forged_callback_fails(
    web: httpx.AsyncClient
) -> None:
    await f.enterprise_account(await f.enterprise(), "li.ming", password=PW)
    first = await web.get("/my/login")
    assert first.status_code == 302 and "/oidc/authorize" in first.headers["location"]
    assert "client_id=portal-enterprise" in first.headers["location"]
    forged = await web.get("/my/auth/callback?code=abc&state=xyz")
    assert forged.status_code == 400 and "重新登录" in forged.text
    home = await login(web, "li.ming", start="/my/", password=PW)
    assert str(home.url) == f"{BASE}/my/" and "退出登录" in home.text
    token = re.findall(r'name="csrf_token" value="([^"]+)"', home.text)[0]
    out = await web.post("/my/logout", data={"csrf_token": token})
    assert out.status_code == 303
    assert (await web.get("/my/")).headers["location"] == "/my/login"


async def test_with_an_external_issuer_the_area_uses_its_own_password_form(
    credit_db: None, tmp_path: Path
) -> None:
    from portal.app import create_app

    settings = Settings(base_url=BASE, var_dir=tmp_path, oidc_issuer="https://idp.example.gov.cn")
    await f.enterprise_account(await f.enterprise(), "li.ming", password=PW)
    async with make_client(create_app(settings, manage_db=False)) as web:
        page = await web.get("/my/login")
        assert page.status_code == 200
        at = [x.action for x in forms(page.text, str(page.url))].index(f"{BASE}/my/login")
        wrong = await submit(web, page, {"username": "li.ming", "password": "nope-nope-nope"}, at)
        assert wrong.status_code == 401
        page = await web.get("/my/login")
        done = await submit(web, page, {"username": "li.ming", "password": PW}, at)
        assert done.status_code == 303 and done.headers["location"] == "/my/"
