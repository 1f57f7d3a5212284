"""Public tip mutations, the enterprise's public complaint fields, and the staff tip API."""

from __future__ import annotations

import base64
import time
from typing import Any

import httpx
from joserfc import jwt

from backoffice.config import IdentityConfig
from portal.config import Settings
from portal.core.policies import Role
from portal.identity.models import StaffAccount
from portal.tips import abuse
from portal.tips.models import Tip, TipTrack
from tests import factories
from tests.identity.helpers import staff
from tests.querycount import count_queries

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SUBMIT = """mutation($input: SubmitTipInput!) { submitTip(input: $input) { receipt receiptDisplay } }"""
FOLLOW = """mutation($r: String!) { followUpTip(receipt: $r) { category
  tracks { kind state stateLabel acceptDue handlingDue } messages { author body } attachments { name mediaType } } }"""


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None,
              path: str = "/graphql", token: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(path, json={"query": query, "variables": variables or {}},
                                 headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def token_for(settings: Settings, account: StaffAccount, scope: str = "tips:write") -> str:
    config = IdentityConfig.from_settings(settings)
    now = int(time.time())
    claims = {"iss": config.issuer, "aud": [config.audience, config.issuer],
              "sub": f"staff:{account.id}", "client_id": "portal-backoffice", "iat": now,
              "exp": now + 300, "jti": f"t{now}", "scope": scope}
    return jwt.encode({"alg": "RS256", "typ": "at+jwt"}, claims, config.signing_keys().private)


def tip_input(**extra: Any) -> dict[str, Any]:
    return {"kinds": ["REPORT", "COMPLAINT"], "enterprise": "义乌市甲超市有限公司", "category": "food",
            "place": "稠城街道", "occurred": "2025年6月", "description": "出售过期牛奶",
            "attachments": [{"name": "a.png", "contentBase64": base64.b64encode(PNG).decode()}],
            **extra}


async def test_submit_and_follow_up_through_the_public_api(site: httpx.AsyncClient) -> None:
    await factories.department()
    await factories.enterprise("义乌市甲超市有限公司")
    body = await gql(site, SUBMIT, {"input": tip_input(consentPublication=True)})
    receipt = body["data"]["submitTip"]["receipt"]
    assert len(receipt) == 16
    status = (await gql(site, FOLLOW, {"r": receipt}))["data"]["followUpTip"]
    assert [t["kind"] for t in status["tracks"]] == ["COMPLAINT", "REPORT"]
    assert status["attachments"] == [{"name": "a.png", "mediaType": "image/png"}]
    added = await gql(site, """mutation($r: String!) { addTipMessage(receipt: $r, body: "补充说明") {
        messages { author body } } }""", {"r": receipt})
    assert added["data"]["addTipMessage"]["messages"] == [{"author": "submitter", "body": "补充说明"}]


async def test_public_api_errors_are_clear_and_codes_are_indistinguishable(site: httpx.AsyncClient) -> None:
    bad = await gql(site, SUBMIT, {"input": tip_input(category="nope")})
    assert bad["errors"][0]["extensions"]["code"] == "invalid_input" and "类别" in bad["errors"][0]["message"]
    bad_file = await gql(site, SUBMIT, {"input": tip_input(attachments=[{"name": "x", "contentBase64": "!!"}])})
    assert bad_file["errors"][0]["extensions"]["code"] == "invalid_input"
    answers = set()
    for code in ("1234567812345678", "x"):
        error = (await gql(site, FOLLOW, {"r": code}))["errors"][0]
        answers.add((error["message"], error["extensions"]["code"]))
    assert answers == {("回执码不正确，或该事项不存在。", "not_found")}
    assert await Tip.all().count() == 0


async def test_receipt_guessing_through_the_api_is_limited(site: httpx.AsyncClient) -> None:
    abuse.use_limiter(abuse.TipLimiter("2/minute", "100/minute", "memory://"))
    for _ in range(2):
        await gql(site, FOLLOW, {"r": "1234567812345678"})
    error = (await gql(site, FOLLOW, {"r": "1234567812345678"}))["errors"][0]
    assert error["extensions"]["code"] == "rate_limited"


async def test_mutations_are_not_accepted_over_get(site: httpx.AsyncClient) -> None:
    response = await site.get("/graphql", params={"query": 'mutation { followUpTip(receipt: "1") { category } }'})
    assert response.status_code in (400, 405)


async def test_enterprise_shows_only_published_complaints(site: httpx.AsyncClient, settings: Settings) -> None:
    from portal.core.policies import Assignment, staff_actor
    from portal.tips import services

    dept = await factories.department()
    firm = await factories.enterprise("义乌市甲超市有限公司")
    receipt = await factories.tip(firm.uscc, "complaint", consent_publication=True,
                                  identity="赵六", description="秘密内容甲乙丙")
    await factories.tip(firm.uscc, "complaint", consent_publication=True)  # not closed: not shown
    track = await TipTrack.get(tip_id=receipt.tip_id)
    handler = staff_actor("staff:1", "办理人", [Assignment(Role.TIP_HANDLER, dept.id)])
    for step in ("accept", "assign", "start", "handle", "feedback", "close"):
        args = {"assign": (dept.id,), "handle": ("mediation_failed",), "feedback": ("已终止调解",)}
        await getattr(services, step)(handler, track.id, *args.get(step, ()))
    query = """query($u: String!) { enterprise(uscc: $u) { complaintCount complaints { category outcome } } }"""
    got = await gql(site, query, {"u": firm.uscc})
    assert "errors" not in got, got
    before = got["data"]["enterprise"]
    assert before == {"complaintCount": 0, "complaints": []}
    reviewer = staff_actor("staff:2", "审核人", [Assignment(Role.REVIEWER, dept.id)])
    await services.publish_complaint(reviewer, track.id)
    after = (await gql(site, query, {"u": firm.uscc}))["data"]["enterprise"]
    assert after == {"complaintCount": 1,
                     "complaints": [{"category": "食品安全", "outcome": "调解不成，终止调解"}]}
    page = await site.get(f"/enterprises/{firm.uscc}")
    assert "调解不成，终止调解" in page.text and "投诉" in page.text
    assert "赵六" not in page.text and "秘密内容甲乙丙" not in page.text


async def test_enterprise_list_complaint_fields_in_constant_queries(site: httpx.AsyncClient) -> None:
    for i in range(3):
        firm = await factories.enterprise(f"企业{i}")
        await factories.tip(firm.uscc, "complaint")
    query = "{ enterprises(first: 20) { nodes { complaintCount complaints { outcome } } } }"
    with count_queries() as few:
        await gql(site, query)
    for i in range(3, 9):
        await factories.enterprise(f"企业{i}")
    with count_queries() as many:
        await gql(site, query)
    assert len(few) == len(many)


async def test_staff_api_inbox_and_workflow(site: httpx.AsyncClient, settings: Settings) -> None:
    dept = await factories.department()
    firm = await factories.enterprise("义乌市甲超市有限公司")
    receipt = await factories.tip(firm.uscc, "report", description="库房里有假冒商品")
    handler = await staff("tips", (Role.TIP_HANDLER, dept.id))
    token = token_for(settings, handler)
    path = "/backoffice/graphql"
    inbox = await gql(site, "{ tipTracks { id tipId kind state currentDue actions } }", path=path, token=token)
    [row] = inbox["data"]["tipTracks"]
    assert row["state"] == "REGISTERED" and row["actions"] == ["accept", "refuse"]
    tip = await gql(site, "query($id: ID!) { tip(id: $id) { description anonymous } }",
                    {"id": row["tipId"]}, path=path, token=token)
    assert tip["data"]["tip"] == {"description": "库房里有假冒商品", "anonymous": True}
    wrong = await gql(site, """mutation($t: ID!) { closeTip(trackId: $t) {
        ... on MutationError { code message } } }""", {"t": row["id"]}, path=path, token=token)
    assert wrong["data"]["closeTip"]["code"] == "invalid_input"
    ok = await gql(site, """mutation($t: ID!) { acceptTip(trackId: $t) {
        ... on TipTrackPayload { track { state } } } }""", {"t": row["id"]}, path=path, token=token)
    assert ok["data"]["acceptTip"]["track"]["state"] == "ACCEPTED"
    grounds = await gql(site, "{ tipRefusalGrounds(kind: REPORT) { code } }", path=path, token=token)
    assert "no_clue" in [g["code"] for g in grounds["data"]["tipRefusalGrounds"]]
    reward = await gql(site, '{ tipReward(grade: 1, fines: "200000") { amount explanation } }',
                       path=path, token=token)
    assert reward["data"]["tipReward"]["amount"] == "10000.00"
    other = await staff("editor", (Role.EDITOR, dept.id))
    refused = await gql(site, "{ tipTracks { id } }", path=path, token=token_for(settings, other))
    assert refused["errors"][0]["extensions"]["code"] == "forbidden"
    assert receipt.tip_id
