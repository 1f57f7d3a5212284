"""The demo enterprise user, for `portal seed --demo` only (docs/credit-repair.md).

``demo-enterprise`` (password :data:`portal.identity.demo.DEMO_PASSWORD`) is the verified
administrator of a demo enterprise registered with the demo credit officer's department. It has
two published general penalties: one whose repair date has passed (fine paid, so it can apply
at once) and one whose repair date is still ahead (the eligibility check refuses it, saying when).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from portal.core import clock
from portal.core.ids import make_uscc
from portal.core.models import RuleSubject
from portal.core.publication import PublicationState
from portal.core.rules import compute_window
from portal.credit.clocks import seed_default_limits
from portal.credit.models import Penalty, Severity
from portal.enterprise_accounts.models import EnterpriseAccount
from portal.enterprises.models import Enterprise
from portal.identity import secrets
from portal.identity.demo import DEMO_PASSWORD, PREFERRED_DEPARTMENTS
from portal.reference.models import Department, Region

DEMO_ENTERPRISE_USER = "demo-enterprise"
DEMO_USCC = make_uscc("9", "1", "330782", "MA8DE901")
DEMO_NAME = "义乌市阳光示范商贸有限公司（演示）"


async def _penalty(ent: Enterprise, dept: Department, number: str, decided: dt.date,
                   paid: dt.date | None, violation: str) -> None:
    window = await compute_window(RuleSubject.PENALTY, Severity.GENERAL.value, decided)
    await Penalty.create(
        enterprise=ent, department=dept, decision_number=number, decided_on=decided,
        severity=Severity.GENERAL, violation=violation, basis="《中华人民共和国产品质量法》第四十九条",
        content="警告，罚款人民币伍仟元", fine_amount=Decimal("5000"), fine_paid_on=paid,
        displayed_until=window.displayed_until, repairable_from=window.repairable_from,
        display_rule_id=window.rule_id, publication_state=PublicationState.PUBLISHED,
        published_at=clock.now() - dt.timedelta(days=1),
    )


async def seed_demo_enterprise() -> dict[str, int]:
    """Create the demo enterprise, its two penalties and its user if missing."""
    await seed_default_limits()
    if await EnterpriseAccount.exists(username=DEMO_ENTERPRISE_USER):
        return {"演示企业用户": 0}
    dept = (await Department.filter(name__in=list(PREFERRED_DEPARTMENTS)).order_by("id").first()
            or await Department.all().order_by("id").first())
    if dept is None:
        return {"演示企业用户": 0}
    ent = await Enterprise.get_or_none(uscc=DEMO_USCC)
    if ent is None:
        ent = await Enterprise.create(
            uscc=DEMO_USCC, name=DEMO_NAME, address="浙江省义乌市稠城街道示范路1号",
            established_on=dt.date(2016, 5, 1), region=await Region.get_or_none(code="330782"),
            registering_department=dept)
    today = clock.today()
    past = today - relativedelta(months=4)
    future = today - relativedelta(months=1)
    await _penalty(ent, dept, f"义市监处罚〔{past.year}〕演示01号", past, past + dt.timedelta(days=10),
                   "销售标签不符合规定的商品")
    await _penalty(ent, dept, f"义市监处罚〔{future.year}〕演示02号", future, None,
                   "未按规定明码标价")
    await EnterpriseAccount.create(
        username=DEMO_ENTERPRISE_USER, display_name="演示企业管理员",
        password_hash=secrets.hash_password(DEMO_PASSWORD), enterprise=ent, is_admin=True,
        is_demo=True, verified_at=clock.now(), verified_by="demo")
    print(f"企业服务登录：/my/  演示企业用户 {DEMO_ENTERPRISE_USER}  密码 {DEMO_PASSWORD}")
    return {"演示企业用户": 1}
