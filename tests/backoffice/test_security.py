"""The back office refuses anyone not logged in, every form needs its CSRF token, headers are strict."""

from __future__ import annotations

import httpx
import pytest
from starlette.routing import Mount, Route

from portal.config import Settings
from portal.core.policies import Role
from tests import factories
from tests.backoffice.browser import BASE, forms, login, make_client
from tests.identity.helpers import current_code, staff

pytestmark = pytest.mark.anyio

PAGES = ["/backoffice/", "/backoffice/staff", "/backoffice/staff/new", "/backoffice/staff/1",
         "/backoffice/clients", "/backoffice/clients/new", "/backoffice/audit"]


def _backoffice_routes(settings: Settings) -> list[Route]:
    from portal.app import create_app

    app = create_app(settings, manage_db=False)
    mount = next(r for r in app.routes if isinstance(r, Mount) and r.path == "/backoffice")
    return [r for r in mount.routes if isinstance(r, Route)]


@pytest.mark.parametrize("path", PAGES)
async def test_pages_redirect_anonymous_visitors_to_login(browser: httpx.AsyncClient, path: str) -> None:
    response = await browser.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/backoffice/login?next=")


async def test_the_api_answers_anonymous_callers_401(browser: httpx.AsyncClient) -> None:
    response = await browser.post("/backoffice/graphql", json={"query": "{ me { id } }"})
    assert response.status_code == 401 and response.json()["errors"][0]["extensions"]["code"]
    assert (await browser.get("/backoffice/graphql?query={me{id}}")).status_code == 401


def test_every_post_route_is_listed_here(settings: Settings) -> None:
    posts = {r.path for r in _backoffice_routes(settings) if r.methods and "POST" in r.methods}
    assert posts == {"/logout", "/graphql", "/staff/new", "/staff/{id:pk}/{action}",
                     "/clients/new", "/clients/{id:pk}/{action}",
                     # credit repair: CSRF-tested in tests/credit/test_backoffice_credit.py
                     "/credit/repairs/{id:pk}/{action}", "/credit/statements/{id:pk}/{action}",
                     "/credit/objections/{id:pk}/{action}", "/credit/accounts/{id:pk}/verify",
                     "/credit/codes",
                     # publication review (CSRF tested in tests/publishing/test_pages.py)
                     "/publishing/{kind}/new", "/publishing/{kind}/{id:pk}/edit",
                     "/publishing/{kind}/{id:pk}/masks", "/publishing/{kind}/{id:pk}/{action}",
                     "/workdays",
                     "/tips/identity", "/tips/{id:pk}/messages",
                     "/tips/tracks/{id:pk}/{action}"} | SAMPLING_POSTS


SAMPLING_POSTS = {"/sampling/plans", "/sampling/plans/{id:pk}/{action}",
                  "/sampling/tasks/{id:pk}/{action}", "/sampling/targets",
                  "/sampling/targets/{id:pk}/result", "/sampling/inspectors"}


async def _admin_session(browser: httpx.AsyncClient) -> tuple[int, int]:
    dept = await factories.department()
    admin = await staff("admin", (Role.ADMINISTRATOR, None))
    target = await staff("target", (Role.EDITOR, dept.id))
    await login(browser, "admin", totp=current_code(admin))
    return dept.id, target.id


@pytest.mark.parametrize("path", ["/backoffice/logout", "/backoffice/staff/new",
                                  "/backoffice/staff/{t}/disable", "/backoffice/staff/{t}/roles",
                                  "/backoffice/staff/{t}/reset-totp", "/backoffice/clients/new",
                                  "/backoffice/clients/1/disable", "/backoffice/tips/identity",
                                  "/backoffice/tips/1/messages", "/backoffice/tips/tracks/1/accept"])
@pytest.mark.parametrize("token", ["missing", "wrong"])
async def test_forms_without_the_sessions_csrf_token_are_refused(
    browser: httpx.AsyncClient, path: str, token: str
) -> None:
    _, target = await _admin_session(browser)
    data = {"reason": "x", "username": "someone", "display_name": "某人", "name": "系统",
            "scopes": "audit:read", **({"csrf_token": "forged"} if token == "wrong" else {})}
    response = await browser.post(path.format(t=target), data=data)
    assert response.status_code == 403 and "CSRF" in response.text
    still = await browser.get(f"/backoffice/staff/{target}")
    assert "停用账号" in still.text, "nothing changed"


async def test_a_foreign_origin_is_refused_even_with_the_token(browser: httpx.AsyncClient) -> None:
    _, target = await _admin_session(browser)
    page = await browser.get(f"/backoffice/staff/{target}")
    token = forms(page.text, str(page.url))[1].fields["csrf_token"]
    response = await browser.post(f"/backoffice/staff/{target}/disable",
                                  data={"csrf_token": token, "reason": "x"},
                                  headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


async def test_cookie_sessions_need_the_csrf_header_for_the_api(browser: httpx.AsyncClient) -> None:
    await _admin_session(browser)
    page = await browser.get("/backoffice/")
    token = forms(page.text, str(page.url))[0].fields["csrf_token"]
    query = {"query": "{ me { id displayName } }"}
    assert (await browser.post("/backoffice/graphql", json=query)).status_code == 403
    ok = await browser.post("/backoffice/graphql", json=query, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200 and ok.json()["data"]["me"]["displayName"] == "admin（测试）"


async def test_login_form_is_csrf_protected(browser: httpx.AsyncClient) -> None:
    await staff("editor", (Role.EDITOR, None))
    page = (await browser.get("/backoffice/login"))
    login_page = await browser.get(page.headers["location"])
    fields = forms(login_page.text, str(login_page.url))[0].fields
    fields.update(username="editor", password="correct-horse-battery", csrf_token="forged")
    assert (await browser.post("/oidc/authorize", data=fields)).status_code == 403


@pytest.mark.parametrize("path", ["/backoffice/login", "/backoffice/logged-out", "/oidc/jwks"])
async def test_security_headers(browser: httpx.AsyncClient, path: str) -> None:
    response = await browser.get(path)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


async def test_pages_have_no_inline_scripts_or_styles(browser: httpx.AsyncClient) -> None:
    await _admin_session(browser)
    for path in PAGES[:3] + ["/backoffice/audit", "/backoffice/clients/new"]:
        html = (await browser.get(path)).text
        assert "<script" not in html and "style=" not in html and "<style" not in html, path
        assert 'lang="zh-CN"' in html


async def test_https_gets_hsts_and_secure_cookies(db_clean: None, keys_dir: object) -> None:
    from portal.app import create_app

    secure = Settings(base_url="https://portal.example.gov.cn", var_dir=keys_dir)  # type: ignore[arg-type]
    app = create_app(secure, manage_db=False)
    async with make_client(app, "https://portal.example.gov.cn") as client:
        response = await client.get("/backoffice/login")
    assert response.headers["strict-transport-security"].startswith("max-age=")
    assert "secure" in response.headers["set-cookie"].lower()
    assert BASE not in response.headers["location"]


async def test_an_unreachable_provider_gives_a_clear_page_not_a_crash(db_clean: None, keys_dir: object) -> None:
    from portal.app import create_app

    down = Settings(base_url=BASE, var_dir=keys_dir, oidc_issuer="http://127.0.0.1:9",  # type: ignore[arg-type]
                    oidc_client_secret="x" * 32)
    async with make_client(create_app(down, manage_db=False)) as client:
        response = await client.get("/backoffice/login")
        assert response.status_code == 502 and "暂时无法连接" in response.text
        assert (await client.get("/oidc/jwks")).status_code == 404, "no built-in provider then"
        token = await client.post("/backoffice/graphql", json={"query": "{ me { id } }"},
                                  headers={"Authorization": "Bearer a.b.c"})
        assert token.status_code == 503
