"""The repair workflow, its working-day clocks, isolation and stopping display."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from portal.core import clock
from portal.core.actors import Actor, ActorKind
from portal.core.errors import DomainError, InvalidInput, NotFound
from portal.core.models import AuditEntry, NoticeAction, OutboxEvent, PublicNotice
from portal.core.policies import Forbidden, Role
from portal.credit import repairs
from portal.credit.attachments import MAX_BYTES, MAX_FILES, Upload
from portal.credit.queries import public_penalties
from portal.credit.repair_models import RepairState, RepairStep
from portal.enterprise_accounts.principals import actor_for
from tests import factories as f

pytestmark = pytest.mark.anyio
PDF = b"%PDF-1.4 receipt"
COMMIT = repairs.COMMITMENT_TEMPLATE


def officer(dept_id: int) -> Actor:
    return Actor(id="staff:9", kind=ActorKind.STAFF, roles=frozenset({Role.CREDIT_OFFICER.value}),
                 department_ids=frozenset({dept_id}))


async def setup() -> tuple[Any, Any, Actor]:
    with clock.frozen(dt.date(2025, 3, 2)):  # published the day after the decision
        ent = await f.enterprise()
        pen = await f.penalty(ent, decided_on=dt.date(2025, 3, 1), fine_amount=Decimal("3000"))
        return ent, pen, actor_for(await f.enterprise_account(ent))


async def test_refused_before_date_then_full_workflow_with_clocks(credit_db: None) -> None:
    _, pen, me = await setup()
    with clock.frozen(dt.date(2025, 5, 20)), pytest.raises(InvalidInput) as early:
        await repairs.apply(me, "penalty", pen.id, commitment=COMMIT, uploads=[Upload("a.pdf", PDF)])
    assert "可申请修复日期为2025年6月1日" in early.value.message
    with clock.frozen(dt.date(2025, 6, 3)):
        with pytest.raises(InvalidInput, match="缴纳凭证"):  # fine not on record: proof needed
            await repairs.apply(me, "penalty", pen.id, commitment=COMMIT)
        app = await repairs.apply(me, "penalty", pen.id, commitment=COMMIT,
                                  uploads=[Upload("收据.pdf", PDF)])
        assert app.next_due == dt.date(2025, 6, 3)  # the queue orders waiting work by its day
        with pytest.raises(InvalidInput, match="正在办理"):
            await repairs.apply(me, "penalty", pen.id, commitment=COMMIT,
                                uploads=[Upload("收据.pdf", PDF)])
    staff = officer(pen.department_id)
    with clock.frozen(dt.date(2025, 6, 5)):  # Thursday; 6-2 was the Dragon Boat holiday
        app = await repairs.handle(staff, app.id, "return", reason="缴款凭证不清晰")
        assert app.state == RepairState.RETURNED
        app = await repairs.resubmit(me, app.id, uploads=[Upload("清晰.png", b"\x89PNG\r\n\x1a\nxx")])
        app = await repairs.handle(staff, app.id, "accept")
    assert app.accepted_on == dt.date(2025, 6, 5)
    assert app.review_due == app.next_due == dt.date(2025, 6, 19)  # 10 working days, rule table
    with clock.frozen(dt.date(2025, 6, 10)):
        app = await repairs.handle(staff, app.id, "review", reason="材料齐全，履行完毕")
        assert await public_penalties().filter(id=pen.id).exists()
    assert app.decision_due == app.next_due == dt.date(2025, 6, 13)  # 3 working days
    with clock.frozen(dt.date(2025, 6, 11)):
        app = await repairs.handle(staff, app.id, "approve", reason="符合信用修复条件")
        assert not await public_penalties().filter(id=pen.id).exists()
    assert app.state == RepairState.APPROVED
    steps = [s.to_state for s in await RepairStep.filter(application_id=app.id)]
    assert steps == ["submitted", "returned", "submitted", "accepted", "reviewed", "approved"]
    notice = await PublicNotice.get(kind="penalty", object_id=pen.id)
    assert notice.action == NoticeAction.REPAIRED and notice.reason == "符合信用修复条件"
    assert await OutboxEvent.exists(kind="penalty", object_id=str(pen.id))
    actions = await AuditEntry.filter(subject_kind="credit_repair").values_list("action", flat=True)
    assert actions == ["credit_repair.submit", "credit_repair.return", "credit_repair.resubmit",
                       "credit_repair.accept", "credit_repair.review", "credit_repair.approve"]


async def test_guards_reasons_and_permissions(credit_db: None) -> None:
    _, pen, me = await setup()
    with clock.frozen(dt.date(2025, 6, 3)):
        app = await repairs.apply(me, "penalty", pen.id, commitment=COMMIT,
                                  uploads=[Upload("a.pdf", PDF)])
        staff = officer(pen.department_id)
        with pytest.raises(InvalidInput):  # cannot approve before review
            await repairs.handle(staff, app.id, "approve", reason="x")
        with pytest.raises(InvalidInput, match="理由"):
            await repairs.handle(staff, app.id, "return")
        other_dept = await f.department("金华市市场监督管理局", "330700")
        with pytest.raises(Forbidden):
            await repairs.handle(officer(other_dept.id), app.id, "accept")
        with pytest.raises(InvalidInput):  # enterprise step is not a staff action
            await repairs.handle(staff, app.id, "resubmit")
        await repairs.handle(staff, app.id, "accept")
        refused = await repairs.handle(staff, app.id, "refuse", reason="整改未到位")
        assert await public_penalties().filter(id=pen.id).exists()
    assert refused.state == RepairState.REFUSED and refused.reason == "整改未到位"
    assert not await PublicNotice.exists()


async def test_isolation_between_enterprises(credit_db: None) -> None:
    _, pen, me = await setup()
    _, other_pen, other = await setup()
    with clock.frozen(dt.date(2025, 6, 3)):
        app = await repairs.apply(me, "penalty", pen.id, commitment=COMMIT,
                                  uploads=[Upload("a.pdf", PDF)])
        with pytest.raises(NotFound):
            await repairs.apply(other, "penalty", pen.id, commitment=COMMIT,
                                uploads=[Upload("a.pdf", PDF)])
        with pytest.raises(NotFound):
            await repairs.check_eligibility(other, "penalty", pen.id)
        with pytest.raises(NotFound):
            await repairs.application_of(other, app.id)
        assert await repairs.applications_of(other) == []
        with pytest.raises(Forbidden):
            repairs.queue(me)
    unverified = actor_for(await f.enterprise_account(await pen.enterprise, verified=False))
    with pytest.raises(DomainError, match="核验"):
        await repairs.applications_of(unverified)
    assert other_pen.id != pen.id


async def test_attachment_limits(credit_db: None) -> None:
    _, pen, me = await setup()
    cases = [
        ([Upload("fake.pdf", b"MZ\x90\x00 not a pdf")], "不是 PDF"),
        ([Upload("big.pdf", b"%PDF-" + b"0" * MAX_BYTES)], "过大"),
        ([Upload(f"{i}.pdf", PDF) for i in range(MAX_FILES + 1)], "过多"),
        ([Upload("empty.pdf", b"")], "空文件"),
    ]
    with clock.frozen(dt.date(2025, 6, 3)):
        for uploads, message in cases:
            with pytest.raises(InvalidInput, match=message):
                await repairs.apply(me, "penalty", pen.id, commitment=COMMIT, uploads=uploads)
        with pytest.raises(InvalidInput, match="信用承诺书"):
            await repairs.apply(me, "penalty", pen.id, commitment="同意",
                                uploads=[Upload("a.pdf", PDF)])
    assert await repairs.applications_of(me) == []
