"""Identity custodian access and complaint publication (the one public path of tip data)."""

from __future__ import annotations

import pytest

from portal.core.errors import InvalidInput
from portal.core.models import AuditEntry, OutboxEvent
from portal.core.policies import Assignment, Forbidden, Role, staff_actor
from portal.tips import custodian, queries, services
from portal.tips.models import IdentityAccess, TipKind, TipTrack
from tests import factories


def actor(role: Role, dept_id: int) -> object:
    return staff_actor(f"staff:{role.value}", "某人", [Assignment(role, dept_id)])


async def test_only_a_custodian_with_a_reason_sees_the_identity(db_clean: None) -> None:
    dept = await factories.department()
    firm = await factories.enterprise()
    receipt = await factories.tip(firm.uscc, identity="张三 330782199001011234",
                                  contact="13812345678")
    for role in (Role.TIP_HANDLER, Role.TIP_SUPERVISOR, Role.ADMINISTRATOR, Role.REVIEWER):
        with pytest.raises(Forbidden):
            await custodian.open_identity(actor(role, dept.id), receipt.tip_id, "核实举报人身份需要")
    keeper = actor(Role.IDENTITY_CUSTODIAN, dept.id)
    with pytest.raises(InvalidInput, match="理由"):
        await custodian.open_identity(keeper, receipt.tip_id, "看看")
    assert await IdentityAccess.all().count() == 0
    opened = await custodian.open_identity(keeper, receipt.tip_id, "奖励发放需核实举报人身份")
    assert (opened.identity, opened.contact) == ("张三 330782199001011234", "13812345678")
    entry = await AuditEntry.get(action="tip.identity_open")
    assert entry.reason == "奖励发放需核实举报人身份" and entry.actor == "staff:identity_custodian"
    assert "13812345678" not in str(entry.after) + str(entry.before) + entry.reason
    assert [a.custodian for a in await custodian.accesses(keeper, receipt.tip_id)] == [
        "staff:identity_custodian"]
    other = await factories.department("东阳市市场监督管理局", "330783")
    with pytest.raises(Forbidden):  # a custodian of another department
        await custodian.open_identity(actor(Role.IDENTITY_CUSTODIAN, other.id), receipt.tip_id,
                                      "奖励发放需核实举报人身份")


async def test_handlers_see_content_but_not_identity(db_clean: None) -> None:
    dept = await factories.department()
    firm = await factories.enterprise()
    receipt = await factories.tip(firm.uscc, identity="张三", contact="13812345678",
                                  description="超市出售过期牛奶")
    view = await queries.staff_tip(actor(Role.TIP_HANDLER, dept.id), receipt.tip_id)
    assert view.description == "超市出售过期牛奶" and not view.anonymous
    assert "13812345678" not in repr(view) and "张三" not in repr(view)


async def _closed_complaint(consent: bool) -> tuple[int, TipTrack, int]:
    dept = await factories.department()
    firm = await factories.enterprise("义乌市丙商行")
    receipt = await factories.tip(firm.uscc, "complaint", "report", consent_publication=consent,
                                  identity="李四")
    track = await TipTrack.get(tip_id=receipt.tip_id, kind=TipKind.COMPLAINT)
    handler = actor(Role.TIP_HANDLER, dept.id)
    await services.accept(handler, track.id)
    await services.assign(handler, track.id, dept.id)
    await services.start(handler, track.id)
    await services.handle(handler, track.id, "mediated")
    await services.feedback(handler, track.id, "双方已达成调解协议。")
    await services.close(handler, track.id)
    return dept.id, await TipTrack.get(id=track.id), firm.id


async def test_a_consented_closed_complaint_is_published_after_review(db_clean: None) -> None:
    dept, track, firm_id = await _closed_complaint(consent=True)
    assert await queries.public_complaints([firm_id]) == [[]]
    with pytest.raises(Forbidden):  # a tip handler does not review publication
        await services.publish_complaint(actor(Role.TIP_HANDLER, dept), track.id)
    await services.publish_complaint(actor(Role.REVIEWER, dept), track.id)
    [[shown]] = await queries.public_complaints([firm_id])
    assert (shown.enterprise_id, shown.category, shown.outcome) == (firm_id, "食品安全", "调解成功")
    assert await queries.public_complaint_counts([firm_id, 999]) == [1, 0]
    # the enterprise's public page changed: one event for the enterprise, none naming the tip
    events = await OutboxEvent.all().values_list("kind", "object_id")
    assert events == [("enterprise", str(firm_id))]
    with pytest.raises(InvalidInput, match="已公示"):
        await services.publish_complaint(actor(Role.REVIEWER, dept), track.id)
    # the report track of the same submission never becomes public
    report = await TipTrack.get(tip_id=track.tip_id, kind=TipKind.REPORT)  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput, match="同意公开的投诉"):
        await services.publish_complaint(actor(Role.REVIEWER, dept), report.id)


async def test_without_consent_or_before_closing_nothing_is_published(db_clean: None) -> None:
    dept, track, firm_id = await _closed_complaint(consent=False)
    with pytest.raises(InvalidInput, match="同意公开"):
        await services.publish_complaint(actor(Role.REVIEWER, dept), track.id)
    firm = await factories.enterprise("义乌市丁商行")
    receipt = await factories.tip(firm.uscc, "complaint", consent_publication=True)
    open_track = await TipTrack.get(tip_id=receipt.tip_id)
    with pytest.raises(InvalidInput, match="已办结"):
        await services.publish_complaint(actor(Role.REVIEWER, dept), open_track.id)
    assert await queries.public_complaint_counts([firm_id, firm.id]) == [0, 0]


async def test_reopening_a_published_complaint_takes_it_down(db_clean: None) -> None:
    dept, track, firm_id = await _closed_complaint(consent=True)
    await services.publish_complaint(actor(Role.REVIEWER, dept), track.id)
    await services.reopen(actor(Role.TIP_SUPERVISOR, dept), track.id, "投诉人反映调解协议未履行")
    assert await queries.public_complaint_counts([firm_id]) == [0]
