"""Demo staff for `portal seed --demo`: usable logins, idempotent, departments by name."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.core.policies import Role
from portal.identity import demo, secrets
from portal.identity.authentication import LoginPolicy, authenticate
from portal.identity.models import OAuthClient, StaffAccount, StaffRole
from tests import factories

pytestmark = pytest.mark.anyio
POLICY = LoginPolicy(max_failures=5, lockout=dt.timedelta(minutes=15), totp_required=("administrator",))


async def test_demo_staff_can_log_in_with_the_documented_secrets(db_clean: None,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    yiwu = await factories.department("义乌市市场监督管理局")
    other = await factories.department("东阳市市场监督管理局")
    counts = await demo.add_demo_staff({"企业": 3})
    assert counts == {"企业": 3, "演示工作人员账号": len(demo.ACCOUNTS), "演示部门系统客户端": 1}
    assert demo.DEMO_TOTP_SECRET in capsys.readouterr().out
    code = secrets.totp_code(demo.DEMO_TOTP_SECRET, secrets.totp_step(clock.now()))
    login = await authenticate(demo.DEMO_ADMIN, demo.DEMO_PASSWORD, code, POLICY)
    assert login.assignments[0].role == Role.ADMINISTRATOR and login.assignments[0].department_id is None
    editor = await StaffAccount.get(username="demo-editor")
    assert await StaffRole.filter(staff_id=editor.id, department_id=yiwu.id).exists()
    second = await StaffAccount.get(username="demo-editor-2")
    assert await StaffRole.filter(staff_id=second.id, department_id=other.id).exists()
    client = await OAuthClient.get(client_id=demo.DEMO_CLIENT_ID)
    assert client.secret_hash == secrets.digest(demo.DEMO_CLIENT_SECRET)
    assert await demo.seed_demo_staff() == {"演示工作人员账号": 0, "演示部门系统客户端": 0}
    hint = await demo.demo_login_hint("http://127.0.0.1:8000")
    assert hint and "demo-admin" in hint and "portal staff totp-code" in hint


async def test_without_departments_demo_roles_cover_every_department(db_clean: None) -> None:
    await demo.seed_demo_staff()
    editor = await StaffAccount.get(username="demo-editor")
    assert await StaffRole.filter(staff_id=editor.id, department_id=None).exists()
    assert await demo.demo_login_hint("x") is not None


async def test_no_hint_without_demo_data(db_clean: None) -> None:
    assert await demo.demo_login_hint("http://127.0.0.1:8000") is None
