"""Back-office tip pages: inbox and due views, workflow forms, custodian and reward pages."""

from __future__ import annotations

import datetime as dt

import httpx

from portal.core import clock
from portal.core.models import AuditEntry
from portal.core.policies import Assignment, Role, staff_actor
from portal.tips import queries
from portal.tips.models import IdentityAccess, TipTrack, TrackState
from tests import factories
from tests.backoffice.browser import follow, forms, login
from tests.identity.helpers import staff
from tests.querycount import count_queries


def form_for(page: httpx.Response, action: str) -> dict[str, str]:
    [form] = [f for f in forms(page.text, str(page.url)) if f.action.endswith(action)]
    return form.fields


async def test_inbox_due_views_and_workflow_forms(site: httpx.AsyncClient) -> None:
    dept = await factories.department()
    other = await factories.department("东阳市市场监督管理局", "330783")
    firm = await factories.enterprise("义乌市甲超市有限公司")
    with clock.frozen(dt.date(2025, 6, 2)):
        receipt = await factories.tip(firm.uscc, "report")
    await staff("handler", (Role.TIP_HANDLER, dept.id))
    await login(site, "handler")
    inbox = await site.get("/backoffice/tips")
    assert "义乌市甲超市有限公司" in inbox.text and "举报" in inbox.text
    overdue = await site.get("/backoffice/tips?due=overdue")
    assert "已逾期" in overdue.text  # accept due 2025-06-11, long past
    assert "没有符合条件的事项" in (await site.get("/backoffice/tips?due=soon")).text
    assert (await site.get("/backoffice/tips?due=later")).status_code == 400
    detail = await site.get(f"/backoffice/tips/{receipt.tip_id}")
    track = await TipTrack.get(tip_id=receipt.tip_id)
    accept = form_for(detail, f"/tracks/{track.id}/accept")
    detail = await follow(site, await site.post(f"/backoffice/tips/tracks/{track.id}/accept", data=accept))
    assert "操作已完成" in detail.text
    assign = form_for(detail, f"/tracks/{track.id}/assign")
    detail = await follow(site, await site.post(f"/backoffice/tips/tracks/{track.id}/assign",
                                                data={**assign, "department": str(dept.id)}))
    transfer = form_for(detail, f"/tracks/{track.id}/transfer")
    no_reason = await site.post(f"/backoffice/tips/tracks/{track.id}/transfer",
                                data={**transfer, "department": str(other.id), "reason": ""})
    assert no_reason.status_code == 400 and "转办须填写理由" in no_reason.text
    no_csrf = await site.post(f"/backoffice/tips/tracks/{track.id}/transfer",
                              data={"department": str(other.id), "reason": "管辖"})
    assert no_csrf.status_code == 403
    moved = await site.post(f"/backoffice/tips/tracks/{track.id}/transfer",
                            data={**transfer, "department": str(other.id), "reason": "属东阳市局管辖"})
    assert moved.status_code == 303
    assert (await TipTrack.get(id=track.id)).department_id == other.id
    gone = await site.get(f"/backoffice/tips/{receipt.tip_id}")  # no longer ours
    assert gone.status_code == 403
    message = await site.post(f"/backoffice/tips/{receipt.tip_id}/messages",
                              data={**transfer, "body": "请补充照片"})
    assert message.status_code == 403


async def test_only_handlers_open_the_inbox(site: httpx.AsyncClient) -> None:
    dept = await factories.department()
    await staff("editor", (Role.EDITOR, dept.id))
    await login(site, "editor")
    assert (await site.get("/backoffice/tips")).status_code == 403


async def test_custodian_page_needs_a_reason_and_records_the_access(site: httpx.AsyncClient) -> None:
    dept = await factories.department()
    firm = await factories.enterprise()
    receipt = await factories.tip(firm.uscc, identity="钱七", contact="13700001111")
    await staff("keeper", (Role.IDENTITY_CUSTODIAN, dept.id))
    await login(site, "keeper")
    page = await site.get(f"/backoffice/tips/identity?tip={receipt.tip_id}")
    fields = form_for(page, "/backoffice/tips/identity")
    assert fields["tip"] == str(receipt.tip_id)
    refused = await site.post("/backoffice/tips/identity", data={**fields, "reason": ""})
    assert refused.status_code == 400 and "13700001111" not in refused.text
    shown = await site.post("/backoffice/tips/identity", data={**fields, "reason": "奖励发放核实身份"})
    assert shown.status_code == 200 and "钱七" in shown.text and "13700001111" in shown.text
    assert await IdentityAccess.filter(tip_id=receipt.tip_id).count() == 1
    assert await AuditEntry.filter(action="tip.identity_open").count() == 1
    assert (await site.get(f"/backoffice/tips/{receipt.tip_id}")).status_code == 403  # not a handler


async def test_reward_calculator_page(site: httpx.AsyncClient) -> None:
    dept = await factories.department()
    await staff("handler", (Role.TIP_HANDLER, dept.id))
    await login(site, "handler")
    page = await site.get("/backoffice/tips/reward?grade=3&fines=50000&confiscations=0")
    assert "<strong>1000 元</strong>" in page.text and "低于下限" in page.text
    capped = await site.get("/backoffice/tips/reward?grade=1&fines=30000000")
    assert "<strong>1000000 元</strong>" in capped.text and "超过上限" in capped.text
    bad = await site.get("/backoffice/tips/reward?grade=1&fines=abc")
    assert bad.status_code == 400 and "金额应为数字" in bad.text


async def test_the_inbox_runs_a_constant_number_of_queries(db_clean: None) -> None:
    dept = await factories.department()
    actor = staff_actor("staff:1", "办理人", [Assignment(Role.TIP_HANDLER, dept.id)])

    async def make(n: int) -> None:
        for i in range(n):
            firm = await factories.enterprise(f"企业{i}-{n}")
            await factories.tip(firm.uscc, "report", "complaint")

    await make(2)
    with count_queries() as few:
        rows = await queries.staff_tracks(actor)
    assert len(rows) == 4
    await make(8)
    with count_queries() as many:
        rows = await queries.staff_tracks(actor)
    assert len(rows) == 20 and len(few) == len(many)
    assert all(r.track.state == TrackState.REGISTERED for r in rows)


async def test_a_reviewer_publishes_and_a_supervisor_reopens_from_the_pages(site: httpx.AsyncClient) -> None:
    from portal.tips import services

    dept = await factories.department()
    firm = await factories.enterprise("义乌市戊商行")
    receipt = await factories.tip(firm.uscc, "complaint", consent_publication=True)
    track = await TipTrack.get(tip_id=receipt.tip_id)
    handler = staff_actor("staff:1", "办理人", [Assignment(Role.TIP_HANDLER, dept.id)])
    await services.accept(handler, track.id)
    await services.assign(handler, track.id, dept.id)
    await services.start(handler, track.id)
    await services.handle(handler, track.id, "mediated")
    await services.feedback(handler, track.id, "已调解")
    await services.close(handler, track.id)
    await staff("both", (Role.TIP_SUPERVISOR, dept.id), (Role.REVIEWER, dept.id))
    await login(site, "both")
    detail = await site.get(f"/backoffice/tips/{receipt.tip_id}")
    assert "审核通过并公开" in detail.text and "重新办理" in detail.text
    publish = form_for(detail, f"/tracks/{track.id}/publish")
    detail = await follow(site, await site.post(f"/backoffice/tips/tracks/{track.id}/publish", data=publish))
    assert "已公开（企业、类别、结果）" in detail.text
    assert "调解成功" in (await site.get(f"/enterprises/{firm.uscc}")).text
    reopen = form_for(detail, f"/tracks/{track.id}/reopen")
    refused = await site.post(f"/backoffice/tips/tracks/{track.id}/reopen", data={**reopen, "reason": ""})
    assert refused.status_code == 400
    moved = await site.post(f"/backoffice/tips/tracks/{track.id}/reopen",
                            data={**reopen, "reason": "投诉人反映调解协议未履行"})
    assert moved.status_code == 303
    assert (await TipTrack.get(id=track.id)).state == TrackState.ASSIGNED
    assert "暂无公开的投诉" in (await site.get(f"/enterprises/{firm.uscc}")).text
