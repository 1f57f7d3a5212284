"""Back-office credit pages: CSRF on every form, permission by department, the queue."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from portal.config import Settings
from portal.core import clock
from portal.core.policies import Role
from portal.credit import repairs, statements
from portal.credit.attachments import Upload
from portal.credit.repair_models import RepairApplication, RepairState
from portal.enterprise_accounts.models import EnterpriseAccount
from portal.enterprise_accounts.principals import actor_for
from tests import factories as f
from tests.backoffice.browser import BASE, forms, login, make_client
from tests.identity.helpers import PASSWORD, staff

pytestmark = pytest.mark.anyio


@pytest.fixture
async def world(credit_db: None, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    with clock.frozen(dt.date(2025, 3, 2)):
        dept = await f.department()
        ent = await f.enterprise(registering_department=dept)
        pen = await f.penalty(ent, decided_on=dt.date(2025, 3, 1))
        me = actor_for(await f.enterprise_account(ent))
        pending = await f.enterprise_account(ent, "new.user", verified=False, admin=False)
    with clock.frozen(dt.date(2025, 6, 16)):
        app = await repairs.apply(me, "penalty", pen.id, commitment=repairs.COMMITMENT_TEMPLATE,
                                  uploads=[Upload("a.pdf", b"%PDF-1")])
        st = await statements.submit_statement(me, "penalty", pen.id, "已整改")
        await staff("credit.a", (Role.CREDIT_OFFICER, dept.id))
        other = await f.department("金华市市场监督管理局", "330700")
        await staff("credit.b", (Role.CREDIT_OFFICER, other.id))
        settings = Settings(base_url=BASE, var_dir=tmp_path, login_rate_limit="1000/minute")
        from portal.app import create_app

        async with make_client(create_app(settings, manage_db=False)) as web:
            yield {"web": web, "app": app, "statement": st, "pending": pending, "ent": ent}


@pytest.mark.parametrize("path", ["/backoffice/credit/repairs/{a}/accept",
                                  "/backoffice/credit/statements/{s}/approve",
                                  "/backoffice/credit/objections/1/reject",
                                  "/backoffice/credit/accounts/{p}/verify",
                                  "/backoffice/credit/codes"])
async def test_every_credit_form_needs_the_sessions_csrf_token(world: dict[str, Any], path: str
                                                               ) -> None:
    web = world["web"]
    await login(web, "credit.a", password=PASSWORD)
    target = path.format(a=world["app"].id, s=world["statement"].id, p=world["pending"].id)
    response = await web.post(target, data={"reason": "x", "csrf_token": "forged",
                                            "uscc": world["ent"].uscc})
    assert response.status_code == 403 and "CSRF" in response.text
    assert (await RepairApplication.get(id=world["app"].id)).state == RepairState.SUBMITTED


async def test_officer_of_another_department_is_refused_and_sees_an_empty_queue(
    world: dict[str, Any]
) -> None:
    web = world["web"]
    await login(web, "credit.b", password=PASSWORD)
    queue = await web.get("/backoffice/credit")
    assert queue.status_code == 200 and world["ent"].name not in queue.text
    assert (await web.get(f"/backoffice/credit/repairs/{world['app'].id}")).status_code == 403
    file_id = (await world["app"].attachments.all())[0].id
    refused = await web.get(f"/backoffice/credit/repairs/{world['app'].id}/files/{file_id}")
    assert refused.status_code == 403 and b"%PDF" not in refused.content


async def test_officer_accepts_verifies_and_issues_a_code_through_the_pages(
    world: dict[str, Any]
) -> None:
    web = world["web"]
    await login(web, "credit.a", password=PASSWORD)
    queue = await web.get("/backoffice/credit")
    assert world["ent"].name in queue.text and "已整改" in queue.text and "new.user" in queue.text
    page = await web.get(f"/backoffice/credit/repairs/{world['app'].id}")
    accept = next(x for x in forms(page.text, str(page.url)) if x.action.endswith("/accept"))
    assert (await web.post(accept.action, data=accept.fields)).status_code == 303
    assert (await RepairApplication.get(id=world["app"].id)).review_due == dt.date(2025, 6, 30)
    verify = next(x for x in forms(queue.text, str(queue.url)) if x.action.endswith("/verify"))
    assert (await web.post(verify.action, data=verify.fields | {"reason": "核对执照"})).status_code == 303
    assert (await EnterpriseAccount.get(id=world["pending"].id)).verified
    link = re.findall(r'href="(/backoffice/credit/repairs/\d+/files/\d+)"', page.text)[0]
    download = await web.get(link)
    assert download.content == b"%PDF-1" and download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment")
    issue = next(x for x in forms(queue.text, str(queue.url)) if x.action.endswith("/codes"))
    shown = await web.post(issue.action, data=issue.fields | {"uscc": world["ent"].uscc})
    assert shown.status_code == 200 and "只显示这一次" in shown.text
