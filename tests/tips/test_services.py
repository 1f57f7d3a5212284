"""Staff workflow: every transition and clock, separate tracks, permissions and reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.core import clock
from portal.core.errors import InvalidInput
from portal.core.models import AuditEntry
from portal.core.policies import Assignment, Forbidden, Role, staff_actor
from portal.tips import queries, services
from portal.tips.models import TipKind, TipRule, TipTrack, TrackState
from tests import factories

MONDAY = dt.date(2025, 6, 16)


def handler(dept_id: int, role: Role = Role.TIP_HANDLER) -> object:
    return staff_actor(f"staff:{role.value}-{dept_id}", "办理人", [Assignment(role, dept_id)])


async def _setup(*kinds: str, **extra: object) -> tuple[int, dict[TipKind, TipTrack], object]:
    dept = await factories.department()
    firm = await factories.enterprise("义乌市甲超市有限公司")
    with clock.frozen(MONDAY):
        receipt = await factories.tip(firm.uscc, *kinds, **extra)
    tracks = {t.kind: t for t in await TipTrack.filter(tip_id=receipt.tip_id)}
    return dept.id, tracks, handler(dept.id)


async def test_a_report_from_registration_to_closing_with_its_clocks(db_clean: None) -> None:
    dept, tracks, actor = await _setup("report")
    track = tracks[TipKind.REPORT]
    assert track.current_due == dt.date(2025, 6, 25)  # acceptance, 7 working days
    with clock.frozen(dt.date(2025, 6, 18)):
        track = await services.accept(actor, track.id)
        assert track.state == TrackState.ACCEPTED and track.accepted_on == dt.date(2025, 6, 18)
        assert track.current_due == dt.date(2025, 7, 7)  # verification: 15 from receipt
        track = await services.assign(actor, track.id, dept)
        track = await services.start(actor, track.id)
        assert track.state == TrackState.INVESTIGATING
        with pytest.raises(InvalidInput, match="理由"):
            await services.extend(actor, track.id, "")
        track = await services.extend(actor, track.id, "需调取监控录像")
        assert track.current_due == dt.date(2025, 7, 28) and track.extended  # +15 working days
        with pytest.raises(InvalidInput, match="只能延长一次"):
            await services.extend(actor, track.id, "再延一次")
        with pytest.raises(InvalidInput, match="处理结果"):
            await services.handle(actor, track.id, "mediated")  # a complaint outcome
        track = await services.handle(actor, track.id, "case_opened", "已立案")
        assert track.state == TrackState.HANDLED and track.current_due is None
        track = await services.feedback(actor, track.id, "已立案调查，感谢您的举报。")
        track = await services.close(actor, track.id)
    assert track.state == TrackState.CLOSED and track.closed_on == dt.date(2025, 6, 18)
    actions = [e.action for e in await AuditEntry.all().order_by("seq")]
    assert actions == ["tip.submit", "tip.accept", "tip.assign", "tip.start", "tip.extend",
                       "tip.handle", "tip.feedback", "tip.message", "tip.close"]
    view = await queries.submitter_view(track.tip_id)  # type: ignore[attr-defined]
    assert [m.body for m in view.messages] == ["已立案调查，感谢您的举报。"]
    assert view.tracks[0].outcome == "立案调查"


async def test_complaint_mediation_clock_and_extension_is_for_reports_only(db_clean: None) -> None:
    dept, tracks, actor = await _setup("complaint")
    track = tracks[TipKind.COMPLAINT]
    with clock.frozen(dt.date(2025, 6, 20)):
        track = await services.accept(actor, track.id)
        assert track.current_due is None  # nothing runs until mediation starts
        track = await services.assign(actor, track.id, dept)
        track = await services.start(actor, track.id)
    assert track.state == TrackState.MEDIATING
    assert track.handling_due == dt.date(2025, 8, 22)  # 45 working days
    with pytest.raises(InvalidInput, match="只有举报"):
        await services.extend(actor, track.id, "复杂")


async def test_the_mediation_limit_is_rule_data(db_clean: None) -> None:
    dept, tracks, actor = await _setup("complaint")
    await TipRule.create(key="mediation", effective_from=dt.date(2025, 6, 1), working_days=5,
                         regime="测试规则", note="")
    track = tracks[TipKind.COMPLAINT]
    with clock.frozen(MONDAY):
        await services.accept(actor, track.id)
        await services.assign(actor, track.id, dept)
        track = await services.start(actor, track.id)
    assert track.handling_due == dt.date(2025, 6, 23)


async def test_two_tracks_of_one_submission_are_independent(db_clean: None) -> None:
    dept, tracks, actor = await _setup("report", "complaint")
    other = await factories.department("东阳市市场监督管理局", "330783")
    report, complaint = tracks[TipKind.REPORT], tracks[TipKind.COMPLAINT]
    await services.refuse(actor, complaint.id, "not_consumer", "非生活消费")
    await services.accept(actor, report.id)
    await services.assign(actor, report.id, dept)
    await services.transfer(actor, report.id, other.id, "属东阳市局管辖")
    report, complaint = await TipTrack.get(id=report.id), await TipTrack.get(id=complaint.id)
    assert (report.state, report.department_id) == (TrackState.ASSIGNED, other.id)
    assert (complaint.state, complaint.department_id) == (TrackState.REFUSED, dept)
    assert complaint.refusal_ground == "not_consumer" and report.refusal_ground is None
    with pytest.raises(Forbidden):  # the report left this department
        await services.start(actor, report.id)
    await services.start(handler(other.id), report.id)


async def test_refusal_grounds_come_from_the_list_for_the_kind(db_clean: None) -> None:
    _, tracks, actor = await _setup("complaint")
    track = tracks[TipKind.COMPLAINT]
    for ground in ("", "made_up", "no_clue"):  # no_clue is a report ground
        with pytest.raises(InvalidInput, match="不予受理情形"):
            await services.refuse(actor, track.id, ground)
    assert (await TipTrack.get(id=track.id)).state == TrackState.REGISTERED


async def test_transfer_needs_a_reason_and_another_department(db_clean: None) -> None:
    dept, tracks, actor = await _setup("report")
    other = await factories.department("东阳市市场监督管理局", "330783")
    track = tracks[TipKind.REPORT]
    await services.accept(actor, track.id)
    await services.assign(actor, track.id, dept)
    with pytest.raises(InvalidInput, match="转办须填写理由"):
        await services.transfer(actor, track.id, other.id, " ")
    with pytest.raises(InvalidInput, match="相同"):
        await services.transfer(actor, track.id, dept, "重复")
    with pytest.raises(InvalidInput, match="部门不存在"):
        await services.transfer(actor, track.id, 99999, "理由")
    entry_count = await AuditEntry.filter(action="tip.transfer").count()
    await services.transfer(actor, track.id, other.id, "属东阳市局管辖")
    entry = await AuditEntry.get(action="tip.transfer")
    assert entry_count == 0 and entry.reason == "属东阳市局管辖"
    assert entry.before and entry.before["department_id"] == dept


async def test_reopening_needs_the_permission_and_a_reason(db_clean: None) -> None:
    dept, tracks, actor = await _setup("report")
    track = tracks[TipKind.REPORT]
    await services.refuse(actor, track.id, "no_clue")
    with pytest.raises(Forbidden):
        await services.reopen(actor, track.id, "举报人补充了线索")
    lead = handler(dept, Role.TIP_SUPERVISOR)
    with pytest.raises(InvalidInput, match="理由"):
        await services.reopen(lead, track.id, "")
    with clock.frozen(dt.date(2025, 7, 1)):
        track = await services.reopen(lead, track.id, "举报人补充了线索")
    assert track.state == TrackState.REGISTERED and track.refusal_ground is None
    assert track.accept_due == dt.date(2025, 7, 10)  # a new acceptance clock
    entry = await AuditEntry.get(action="tip.reopen")
    assert entry.reason == "举报人补充了线索"


async def test_a_closed_track_reopens_to_assigned(db_clean: None) -> None:
    dept, tracks, actor = await _setup("report")
    track = tracks[TipKind.REPORT]
    for step in (services.accept,):
        await step(actor, track.id)
    await services.assign(actor, track.id, dept)
    await services.start(actor, track.id)
    await services.handle(actor, track.id, "no_violation")
    await services.feedback(actor, track.id, "经核查未发现违法行为。")
    await services.close(actor, track.id)
    track = await services.reopen(handler(dept, Role.TIP_SUPERVISOR), track.id, "复查")
    assert track.state == TrackState.ASSIGNED and track.closed_on is None


async def test_other_departments_and_roles_cannot_act(db_clean: None) -> None:
    _, tracks, _actor = await _setup("report")
    other = await factories.department("东阳市市场监督管理局", "330783")
    track = tracks[TipKind.REPORT]
    for outsider in (handler(other.id), handler(track.department_id or 0, Role.EDITOR),
                     handler(track.department_id or 0, Role.IDENTITY_CUSTODIAN)):
        with pytest.raises(Forbidden):
            await services.accept(outsider, track.id)
        with pytest.raises(Forbidden):
            await queries.staff_tip(outsider, track.tip_id)  # type: ignore[attr-defined]
    assert await AuditEntry.filter(action="tip.accept").count() == 0


async def test_due_soon_and_overdue_views_per_department(db_clean: None) -> None:
    dept, tracks, actor = await _setup("report")
    other = await factories.department("东阳市市场监督管理局", "330783")
    late_firm = await factories.enterprise("东阳市乙公司", region_code="330783")
    with clock.frozen(dt.date(2025, 6, 10)):  # acceptance due 06-19
        await factories.tip(late_firm.uscc, "complaint")  # routed to the other department
    with clock.frozen(dt.date(2025, 6, 23)):  # report's acceptance due 06-25: due soon
        soon = await queries.staff_tracks(actor, due="soon")
        assert [r.track.id for r in soon] == [tracks[TipKind.REPORT].id]
        assert soon[0].track.due.due_soon and soon[0].enterprise_name == "义乌市甲超市有限公司"
        assert await queries.staff_tracks(actor, due="overdue") == []
    with clock.frozen(dt.date(2025, 6, 26)):
        overdue = await queries.staff_tracks(actor, due="overdue")
        assert [r.track.id for r in overdue] == [tracks[TipKind.REPORT].id]
        assert overdue[0].track.due.overdue
        theirs = await queries.staff_tracks(handler(other.id), due="overdue")
        assert [r.track.kind for r in theirs] == [TipKind.COMPLAINT]
    with pytest.raises(InvalidInput):
        await queries.staff_tracks(actor, due="tomorrow")
    assert dept != other.id
