"""The enterprise area through its channels: isolation (API and pages), statements, objections,
statistics, CSRF and constant query counts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from portal.config import Settings
from portal.core import clock
from portal.core.actors import Actor, ActorKind
from portal.core.policies import Role
from portal.credit import mine, objections, repairs, statements
from portal.credit.attachments import Upload
from portal.enterprise_accounts.principals import actor_for
from tests import factories as f
from tests.backoffice.browser import BASE, login, make_client
from tests.querycount import count_queries

pytestmark = pytest.mark.anyio
TODAY = dt.date(2025, 6, 16)
PW = "enterprise-pass-1"
MY = """{ myEnterprise { uscc records { recordKind recordId publicationState public
          repairableFrom regime eligibility { eligible reasons { code message } }
          statements { text state } objections { state decisionReason } } } }"""


def officer(dept_id: int) -> Actor:
    return Actor(id="staff:7", kind=ActorKind.STAFF, roles=frozenset({Role.CREDIT_OFFICER.value}),
                 department_ids=frozenset({dept_id}))


async def _login(web: httpx.AsyncClient, username: str) -> str:
    """Log in through the built-in provider; returns the fresh session's CSRF token."""
    home = await login(web, username, start="/my/", password=PW)
    assert home.status_code == 200 and str(home.url).endswith("/my/"), home.text
    token: str = re.findall(r'name="csrf_token" value="([^"]+)"', home.text)[0]
    return token


async def _my(web: httpx.AsyncClient, token: str | None, query: str,
              variables: dict[str, Any] | None = None) -> dict[str, Any]:
    headers = {"X-CSRF-Token": token} if token else {}
    response = await web.post("/my/graphql", json={"query": query, "variables": variables or {}},
                              headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def world(credit_db: None, tmp_path: Path) -> Any:
    with clock.frozen(dt.date(2025, 3, 2)):
        a, b = await f.enterprise("甲公司"), await f.enterprise("乙公司")
        a_pub = await f.penalty(a, decided_on=dt.date(2025, 3, 1))
        a_draft = await f.penalty(a, f.DRAFT, decided_on=dt.date(2025, 3, 1))
        b_pub = await f.penalty(b, decided_on=dt.date(2025, 3, 1))
        await f.enterprise_account(a, "a.user", password=PW)
        b_user = await f.enterprise_account(b, "b.user", password=PW)
    with clock.frozen(TODAY):
        b_app = await repairs.apply(actor_for(b_user), "penalty", b_pub.id,
                                    commitment=repairs.COMMITMENT_TEMPLATE,
                                    uploads=[Upload("x.pdf", b"%PDF-1")])
        settings = Settings(base_url=BASE, var_dir=tmp_path)
        from portal.app import create_app

        async with make_client(create_app(settings, manage_db=False)) as web:
            yield {"web": web, "a_pub": a_pub, "a_draft": a_draft, "b_pub": b_pub,
                   "b_app": b_app, "a": a}


async def test_an_enterprise_sees_its_own_records_including_unpublished_and_nothing_else(
    world: Any
) -> None:
    web = world["web"]
    token = await _login(web, "a.user")
    body = await _my(web, token, MY)
    assert "errors" not in body, body
    records = body["data"]["myEnterprise"]["records"]
    assert {r["recordId"] for r in records} == {str(world["a_pub"].id), str(world["a_draft"].id)}
    draft = next(r for r in records if r["recordId"] == str(world["a_draft"].id))
    assert draft["publicationState"] == "draft" and draft["public"] is False
    assert "国家发展改革委令第58号" in draft["regime"]
    other = await _my(web, token, """query($id: ID!) { repairEligibility(recordKind: "penalty",
                                    recordId: $id) { eligible } }""", {"id": str(world["b_pub"].id)})
    assert other["errors"][0]["extensions"]["code"] == "not_found"
    app = await _my(web, token, "query($id: ID!) { myRepairApplication(id: $id) { state } }",
                    {"id": str(world["b_app"].id)})
    assert app["errors"][0]["extensions"]["code"] == "not_found"
    filed = await _my(web, token, """mutation($id: ID!) { submitStatement(recordKind: "penalty",
        recordId: $id, text: "冒名说明") { __typename ... on MutationError { code } } }""",
                      {"id": str(world["b_pub"].id)})
    assert filed["data"]["submitStatement"] == {"__typename": "MutationError", "code": "not_found"}
    # pages: another enterprise's record and application do not exist for it
    assert (await web.get(f"/my/records/penalty/{world['b_pub'].id}")).status_code == 404
    page = await web.get(f"/my/repairs/{world['b_app'].id}")
    assert page.status_code == 404 and "乙公司" not in page.text
    mine_page = await web.get("/my/")
    assert world["a_draft"].decision_number in mine_page.text
    assert world["b_pub"].decision_number not in mine_page.text


async def test_anonymous_and_cross_site_calls_get_no_enterprise_data(world: Any) -> None:
    web = world["web"]
    anonymous = await web.post("/graphql", json={"query": MY})
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "forbidden"
    await _login(web, "a.user")
    no_token = await _my(web, None, MY)
    assert no_token["errors"][0]["message"] == "请先以企业用户身份登录。"
    assert (await web.post("/my/records/penalty/1/statement", data={"text": "x"})).status_code == 403
    assert (await web.get("/my/")).status_code == 200
    await web.post("/my/logout", data={})  # no token: refused, still logged in
    assert (await web.get("/my/")).status_code == 200


async def test_statement_is_public_only_after_moderation(world: Any) -> None:
    web, pen = world["web"], world["a_pub"]
    token = await _login(web, "a.user")
    filed = await _my(web, token, """mutation($id: ID!) { submitStatement(recordKind: "penalty",
        recordId: $id, text: "罚款已于3月缴清，问题商品已全部下架。") {
        ... on StatementPayload { statement { id state } } } }""", {"id": str(pen.id)})
    statement_id = int(filed["data"]["submitStatement"]["statement"]["id"])
    public = """query($id: ID!) { penalty(id: $id) { statement { text } } }"""
    before = await web.post("/graphql", json={"query": public, "variables": {"id": str(pen.id)}})
    assert before.json()["data"]["penalty"]["statement"] is None
    with pytest.raises(Exception, match="理由"):
        await statements.moderate_statement(officer(pen.department_id), statement_id, False)
    await statements.moderate_statement(officer(pen.department_id), statement_id, True)
    after = await web.post("/graphql", json={"query": public, "variables": {"id": str(pen.id)}})
    assert after.json()["data"]["penalty"]["statement"]["text"].startswith("罚款已于3月缴清")
    page = await web.get(f"/penalties/{pen.id}")
    assert "企业情况说明" in page.text and "问题商品已全部下架" in page.text
    assert "可申请修复日期" in page.text and "自2025年6月1日起" in page.text


async def test_objection_is_decided_with_reasons_and_shown_to_the_enterprise(world: Any) -> None:
    web, pen = world["web"], world["a_pub"]
    token = await _login(web, "a.user")
    bad = await web.post(f"/my/records/penalty/{pen.id}/objection",
                         data={"csrf_token": token, "ground": "colour", "text": "x"})
    assert bad.status_code == 400 and "异议类型" in bad.text
    ok = await web.post(f"/my/records/penalty/{pen.id}/objection",
                        data={"csrf_token": token, "ground": "period", "text": "公示期限计算有误"})
    assert ok.status_code == 303
    row = (await objections.objection_queue(officer(pen.department_id)).qs)[0]
    with pytest.raises(Exception, match="更正"):
        await objections.decide_objection(officer(pen.department_id), row.id, True, "成立")
    await objections.decide_objection(officer(pen.department_id), row.id, False,
                                      "公示期限按作出决定时有效的规则计算，无误")
    body = await _my(web, token, MY)
    record = next(r for r in body["data"]["myEnterprise"]["records"]
                  if r["recordId"] == str(pen.id))
    assert record["objections"] == [{"state": "rejected",
                                     "decisionReason": "公示期限按作出决定时有效的规则计算，无误"}]


async def test_repair_statistics_per_department(world: Any) -> None:
    web = world["web"]
    body = (await web.post("/graphql", json={"query": """{ creditRepairStatistics {
        departmentName applications approved refused pending } }"""})).json()
    assert body["data"]["creditRepairStatistics"] == [{
        "departmentName": "义乌市市场监督管理局", "applications": 1, "approved": 0, "refused": 0,
        "pending": 1}]
    assert (await web.get("/credit-repair?year=abc")).status_code == 400
    page = await web.get("/credit-repair?year=2025")
    assert page.status_code == 200 and "义乌市市场监督管理局" in page.text


async def test_my_records_run_a_constant_number_of_queries(credit_db: None) -> None:
    counts = []
    for n in (1, 8):
        ent = await f.enterprise()
        me = actor_for(await f.enterprise_account(ent))
        for _ in range(n):
            await f.penalty(ent)
            await f.list_entry(ent)
        with clock.frozen(TODAY), count_queries() as statements_run:
            overview = await mine.overview(me)
        assert len(overview.records) == 2 * n
        counts.append(len(statements_run))
    assert counts[0] == counts[1]
