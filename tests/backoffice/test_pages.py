"""The back office shell: staff and client management for administrators, the audit browser."""

from __future__ import annotations

import re

import httpx
import pytest

from portal.core.models import AuditEntry
from portal.core.policies import Role
from portal.identity.models import OAuthClient, StaffAccount, StaffRole
from tests import factories
from tests.backoffice.browser import forms, login, submit
from tests.identity.helpers import current_code, staff

pytestmark = pytest.mark.anyio


async def _as_admin(browser: httpx.AsyncClient, department: int | None = None) -> StaffAccount:
    admin = await staff("admin", (Role.ADMINISTRATOR, department))
    assert (await login(browser, "admin", totp=current_code(admin))).status_code == 200
    return admin


def _form(page: httpx.Response, action_part: str) -> int:
    found = [i for i, f in enumerate(forms(page.text, str(page.url))) if action_part in f.action]
    assert found, f"no form posting to {action_part}"
    return found[0]


async def test_an_administrator_creates_an_account_and_sees_its_secrets_once(
    browser: httpx.AsyncClient,
) -> None:
    dept = await factories.department()
    await _as_admin(browser)
    page = await browser.get("/backoffice/staff/new")
    assert page.status_code == 200 and "新建工作人员账号" in page.text
    shown = await submit(browser, page, {"username": "li.si", "display_name": "李四",
                                         "role_0": "editor", "dept_0": str(dept.id), "reason": "新入职"},
                         index=_form(page, "/staff/new"))
    assert shown.status_code == 200 and "只显示这一次" in shown.text
    assert re.search(r"初始密码</dt><dd><code>\S{12,}</code>", shown.text)
    account = await StaffAccount.get(username="li.si")
    assert [(r.role, r.department_id) for r in await StaffRole.filter(staff_id=account.id)] == [  # type: ignore[attr-defined]
        (Role.EDITOR, dept.id)]
    listing = await browser.get("/backoffice/staff?q=li")
    assert "li.si" in listing.text and "录入人员" in listing.text
    assert "初始密码" not in (await browser.get(f"/backoffice/staff/{account.id}")).text


async def test_bad_input_is_explained_on_the_form(browser: httpx.AsyncClient) -> None:
    await _as_admin(browser)
    page = await browser.get("/backoffice/staff/new")
    again = await submit(browser, page, {"username": "X", "display_name": "某人"},
                         index=_form(page, "/staff/new"))
    assert again.status_code == 400 and "登录名须为" in again.text


async def test_account_actions_from_the_detail_page(browser: httpx.AsyncClient) -> None:
    dept = await factories.department()
    await _as_admin(browser)
    target = await staff("wang.wu", (Role.EDITOR, dept.id))
    page = await browser.get(f"/backoffice/staff/{target.id}")
    done = await submit(browser, page, {"reason": "离职"}, index=_form(page, "/disable"))
    assert done.status_code == 303 and done.headers["location"].endswith("?done=disable")
    assert not (await StaffAccount.get(id=target.id)).is_active
    page = await browser.get(f"/backoffice/staff/{target.id}")
    roles = await submit(browser, page, {"role_1": "reviewer", "dept_1": str(dept.id), "reason": "兼任审核"},
                         index=_form(page, "/roles"))
    assert roles.status_code == 303
    held = {(r.role, r.department_id) for r in await StaffRole.filter(staff_id=target.id)}  # type: ignore[attr-defined]
    assert held == {(Role.EDITOR, dept.id), (Role.REVIEWER, dept.id)}
    page = await browser.get(f"/backoffice/staff/{target.id}")
    secret = await submit(browser, page, {"reason": "更换手机"}, index=_form(page, "/reset-totp"))
    assert "动态口令密钥" in secret.text and "otpauth://totp/" in secret.text


async def test_clients_are_registered_and_disabled_from_pages(browser: httpx.AsyncClient) -> None:
    dept = await factories.department()
    await _as_admin(browser)
    page = await browser.get("/backoffice/clients/new")
    shown = await browser.post("/backoffice/clients/new", data={
        **forms(page.text, str(page.url))[1].fields, "name": "执法办案系统",
        "department": str(dept.id), "scopes": ["audit:read", "staff:read"], "reason": "接入"})
    assert shown.status_code == 200 and "client_secret" in shown.text
    client = await OAuthClient.get(name="执法办案系统")
    assert client.scopes == ["audit:read", "staff:read"] and client.department_id == dept.id  # type: ignore[attr-defined]
    listing = await browser.get("/backoffice/clients")
    done = await submit(browser, listing, {"reason": "下线"}, index=_form(listing, f"/clients/{client.id}/disable"))
    assert done.status_code == 303 and not (await OAuthClient.get(id=client.id)).is_active


async def test_the_audit_browser_filters(browser: httpx.AsyncClient) -> None:
    admin = await _as_admin(browser)
    await staff("someone", (Role.EDITOR, None))
    everything = await browser.get("/backoffice/audit")
    assert "staff.create" in everything.text and "session.login" in everything.text
    mine = await browser.get(f"/backoffice/audit?actor=staff:{admin.id}")
    assert "session.login" in mine.text and "staff.create" not in mine.text
    prefix = await browser.get("/backoffice/audit?action=staff.")
    assert "staff.create" in prefix.text and "session.login" not in prefix.text
    assert "没有符合条件" in (await browser.get("/backoffice/audit?date_to=2000-01-01")).text
    bad = await browser.get("/backoffice/audit?date_from=yesterday")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    swapped = await browser.get("/backoffice/audit?date_from=2025-02-01&date_to=2025-01-01")
    assert swapped.status_code == 400 and "起始日期" in swapped.text
    assert (await browser.get("/backoffice/audit?after=%%%")).status_code == 400


async def test_the_audit_browser_pages_through_long_logs(browser: httpx.AsyncClient) -> None:
    await _as_admin(browser)
    for i in range(55):
        await staff(f"person-{i:02d}", (Role.EDITOR, None))
    first = await browser.get("/backoffice/audit?action=staff.create")
    link = re.search(r'href="(\?[^"]*after=[^"]+)"', first.text)
    assert link, "a next-page link"
    second = await browser.get("/backoffice/audit" + link.group(1).replace("&amp;", "&"))
    assert second.status_code == 200 and second.text.count("<code>staff.create</code>") == 56 - 50


async def test_other_roles_are_refused_the_admin_pages(browser: httpx.AsyncClient) -> None:
    dept = await factories.department()
    await staff("editor", (Role.EDITOR, dept.id))
    await login(browser, "editor")
    for path in ("/backoffice/staff", "/backoffice/clients", "/backoffice/audit", "/backoffice/clients/new"):
        response = await browser.get(path)
        assert response.status_code == 403 and "没有权限" in response.text, path
    assert (await browser.get("/backoffice/")).status_code == 200


async def test_a_department_administrator_sees_only_their_department(browser: httpx.AsyncClient) -> None:
    mine = await factories.department("义乌市市场监督管理局")
    theirs = await factories.department("东阳市市场监督管理局")
    await _as_admin(browser, mine.id)
    await staff("colleague", (Role.EDITOR, mine.id))
    stranger = await staff("stranger", (Role.EDITOR, theirs.id))
    listing = await browser.get("/backoffice/staff")
    assert "colleague" in listing.text and "stranger" not in listing.text
    assert (await browser.get(f"/backoffice/staff/{stranger.id}")).status_code == 404
    assert await AuditEntry.filter(action="staff.disable").count() == 0
