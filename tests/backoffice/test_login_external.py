"""The same login flow against a real, independent OpenID provider: npm ``oidc-provider``.

The provider (tests/oidc_provider/provider.mjs, panva/oidc-provider, OpenID Certified) runs as a
Node process on a free local port; the portal runs in-process with PORTAL_OIDC_ISSUER pointing at
it. ``npm ci`` runs first if its node_modules is missing. The tests skip only if node or npm is
not installed.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from portal.config import Settings
from portal.core.models import AuditEntry
from tests import factories
from tests.backoffice.browser import BASE, follow, forms, make_client, submit

pytestmark = pytest.mark.anyio

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"
SECRET = "external-provider-test-secret-0123456789"
DEPARTMENT = "义乌市市场监督管理局"
ACCOUNTS = {
    "alice": {"name": "艾丽斯", "email": "alice@example.gov.cn", "portal_roles": ["administrator@*"]},
    "bob": {"name": "鲍勃", "portal_roles": ["editor", "reviewer"], "portal_departments": [DEPARTMENT]},
    "eve": {"name": "伊芙", "portal_roles": ["superuser@*"]},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node/npm not installed: cannot start the third-party OpenID provider")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True,
                       capture_output=True, timeout=600)
    port = _free_port()
    client = {"client_id": "portal-backoffice", "client_secret": SECRET,
              "redirect_uris": [f"{BASE}/backoffice/auth/callback"],
              "post_logout_redirect_uris": [f"{BASE}/backoffice/logged-out"]}
    env = {"PATH": str(Path(node).parent), "PORT": str(port), "CLIENT_JSON": json.dumps(client),
           "ACCOUNTS_JSON": json.dumps(ACCOUNTS, ensure_ascii=False), "NODE_ENV": "test",
           "SYSTEM_JSON": json.dumps({"client_id": "case-system", "client_secret": SECRET}),
           "API_AUDIENCE": f"{BASE}/backoffice/graphql"}
    with tempfile.TemporaryFile("w+") as errors, subprocess.Popen(
        [node, "provider.mjs"], cwd=PROVIDER_DIR, env=env, stdout=subprocess.DEVNULL,
        stderr=errors, text=True,
    ) as process:
        try:
            deadline = time.monotonic() + 30
            while not _listening(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    errors.seek(0)
                    pytest.fail(f"oidc-provider did not start: {errors.read()}")
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
async def browser(db_clean: None, keys_dir: Path, issuer: str) -> AsyncIterator[httpx.AsyncClient]:
    from portal.app import create_app

    settings = Settings(base_url=BASE, var_dir=keys_dir, oidc_issuer=issuer,
                        oidc_client_secret=SECRET)
    async with make_client(create_app(settings, manage_db=False)) as client:
        yield client


async def _login(browser: httpx.AsyncClient, issuer: str, login: str) -> httpx.Response:
    start = await browser.get("/backoffice/login")
    authorize = urlsplit(start.headers["location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == issuer
    query = parse_qs(authorize.query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    page = await follow(browser, start)
    assert "/interaction/" in str(page.url), page.text
    page = await follow(browser, await submit(browser, page, {"login": login, "password": "any"}))
    if "/interaction/" in str(page.url):  # the consent prompt
        page = await follow(browser, await submit(browser, page, {}))
    return page


async def test_an_external_administrator_logs_in_and_out(browser: httpx.AsyncClient, issuer: str) -> None:
    home = await _login(browser, issuer, "alice")
    assert str(home.url) == f"{BASE}/backoffice/" and home.status_code == 200, home.text
    assert "艾丽斯" in home.text, "the name comes from userinfo (not in the ID token)"
    assert "系统管理员（全部门）" in home.text
    entry = await AuditEntry.filter(action="session.login").get()
    assert entry.actor == "oidc:alice" and entry.after and entry.after["issuer"] == issuer
    assert (await browser.get("/backoffice/staff")).status_code == 200
    logout = await submit(browser, home, {})
    assert logout.headers["location"].startswith(f"{issuer}/session/end")
    confirm = await follow(browser, logout)
    done = await follow(browser, await submit(browser, confirm, {"logout": "yes"}))
    assert str(done.url).startswith(f"{BASE}/backoffice/logged-out") and "您已退出" in done.text
    assert (await browser.get("/backoffice/")).status_code == 303


async def test_department_roles_are_mapped_from_the_claims(browser: httpx.AsyncClient, issuer: str) -> None:
    dept = await factories.department(DEPARTMENT)
    home = await _login(browser, issuer, "bob")
    assert "录入人员" in home.text and "审核人员" in home.text and f"审核人员（{DEPARTMENT}）" in home.text
    assert (await browser.get("/backoffice/staff")).status_code == 403
    page = await browser.get("/backoffice/")
    token = forms(page.text, str(page.url))[0].fields["csrf_token"]
    me = await browser.post("/backoffice/graphql", json={"query": "{ me { id permissions } }"},
                            headers={"X-CSRF-Token": token})
    assert me.json()["data"]["me"]["id"] == "oidc:bob"
    assert f"publication.review@{dept.id}" in me.json()["data"]["me"]["permissions"]


async def test_unknown_roles_grant_nothing(browser: httpx.AsyncClient, issuer: str) -> None:
    home = await _login(browser, issuer, "eve")
    assert home.status_code == 200 and "您还没有任何角色" in home.text
    assert (await browser.get("/backoffice/audit")).status_code == 403


async def test_a_callback_with_a_forged_state_is_refused(browser: httpx.AsyncClient, issuer: str) -> None:
    await browser.get("/backoffice/login")
    forged = await browser.get(f"/backoffice/auth/callback?code=abc&state=forged&iss={issuer}")
    assert forged.status_code == 400 and "登录未完成" in forged.text
    mixed_up = await browser.get("/backoffice/auth/callback?code=abc&state=x&iss=https://evil.example")
    assert mixed_up.status_code == 400
    assert (await browser.get("/backoffice/")).status_code == 303


async def test_a_department_systems_jwt_from_the_external_provider_is_verified(
    browser: httpx.AsyncClient, issuer: str
) -> None:
    """RFC 9068 tokens signed by the provider's own keys (JWKS fetched from its discovery)."""
    from portal.core.actors import SYSTEM
    from portal.identity import clients

    dept = await factories.department(DEPARTMENT)
    await clients.create_client(SYSTEM, name="执法办案系统", department_id=dept.id,
                                scopes=["audit:read"], client_id="case-system")
    async with httpx.AsyncClient() as http:
        token = (await http.post(f"{issuer}/token", data={"grant_type": "client_credentials",
                                 "scope": "audit:read"}, auth=("case-system", SECRET))).json()
    assert token["token_type"].lower() == "bearer" and token["access_token"].count(".") == 2, token
    query = {"query": "{ me { id permissions } auditEntries { totalCount } }"}
    ok = await browser.post("/backoffice/graphql", json=query,
                            headers={"Authorization": f"Bearer {token['access_token']}"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["data"]["me"] == {"id": "client:case-system", "permissions": [f"audit.view@{dept.id}"]}
    tampered = token["access_token"][:-4] + ("AAAA" if not token["access_token"].endswith("AAAA") else "BBBB")
    refused = await browser.post("/backoffice/graphql", json=query,
                                 headers={"Authorization": f"Bearer {tampered}"})
    assert refused.status_code == 401
