"""The generic publication service: drafts, four eyes, legal review, publish, withdraw, correct."""

from __future__ import annotations

import datetime as dt

import pytest
from tortoise.transactions import in_transaction

from portal.core import clock
from portal.core.errors import InvalidInput
from portal.core.models import AuditEntry, NoticeAction, OutboxEvent, PublicNotice
from portal.core.policies import Forbidden
from portal.core.publication import PublicationState as S
from portal.core.redaction import MARKER
from portal.credit.models import Penalty
from portal.credit.queries import public_penalties
from portal.publishing import services
from portal.publishing.models import Revision, Version
from portal.publishing.workflow import Refused
from tests import factories as f

pytestmark = pytest.mark.anyio
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=clock.CST)


async def _staff() -> tuple[object, object, object, object]:
    dept = await f.department()
    return dept, f.staff_as("editor", dept, 1), f.staff_as("reviewer", dept, 2), f.staff_as("legal_reviewer", dept, 3)


async def test_draft_review_publish_and_the_public_never_sees_the_phone(db_clean: None) -> None:
    dept, editor, reviewer, _ = await _staff()
    ent = await f.enterprise()
    with clock.frozen(NOW):
        rev = await services.save_draft(editor, "penalty", f.penalty_values(ent), department_id=dept.id)
        row = await Penalty.get(id=rev.object_id)
        assert row.publication_state == S.DRAFT and "13912345678" not in row.violation
        assert "13912345678" in rev.data["violation"]  # the staff original
        assert await public_penalties().count() == 0
        await services.transition(editor, "penalty", row.id, "submit")
        await services.transition(reviewer, "penalty", row.id, "approve")
        await services.transition(reviewer, "penalty", row.id, "publish")
        public = await public_penalties().get(id=row.id)
    assert MARKER in public.violation and "13912345678" not in public.violation
    assert "张某" in public.violation and "张三丰" not in public.violation
    assert public.displayed_until is not None
    actions = await AuditEntry.filter(subject_kind="penalty").values_list("action", flat=True)
    assert actions == ["publication.save", "publication.submit", "publication.approve", "publication.publish"]
    assert not any("13912345678" in str(e.after) for e in await AuditEntry.all())
    assert await OutboxEvent.filter(kind="penalty", object_id=str(row.id)).count() == 1
    assert await Version.filter(kind="penalty", object_id=row.id).count() == 1


async def test_the_author_cannot_approve_their_own_draft(db_clean: None) -> None:
    dept = await f.department()
    both = f.staff_as("editor", dept, 9, "reviewer")
    rev = await services.save_draft(both, "penalty", f.penalty_values(await f.enterprise()),
                                    department_id=dept.id)
    await services.transition(both, "penalty", rev.object_id, "submit")
    with pytest.raises(Refused, match="双人复核"):
        await services.transition(both, "penalty", rev.object_id, "approve")
    assert (await Revision.get(id=rev.id)).state == S.IN_REVIEW


async def test_serious_penalty_needs_legal_review_by_someone_else(db_clean: None) -> None:
    dept, editor, reviewer, legal = await _staff()
    values = f.penalty_values(await f.enterprise(), severity="serious")
    rev = await services.save_draft(editor, "penalty", values, department_id=dept.id)
    await services.transition(editor, "penalty", rev.object_id, "submit")
    assert (await services.transition(reviewer, "penalty", rev.object_id, "approve")).state == S.LEGAL_REVIEW
    with pytest.raises(Refused):
        await services.transition(reviewer, "penalty", rev.object_id, "publish")
    assert (await services.transition(legal, "penalty", rev.object_id, "legal_approve")).state == S.APPROVED


async def test_licence_revocation_is_a_major_decision(db_clean: None) -> None:
    dept, editor, reviewer, legal = await _staff()
    values = f.penalty_values(await f.enterprise(), revokes_licence="on")
    rev = await services.save_draft(editor, "penalty", values, department_id=dept.id)
    await services.transition(editor, "penalty", rev.object_id, "submit")
    assert (await services.transition(reviewer, "penalty", rev.object_id, "approve")).state == S.LEGAL_REVIEW
    await services.transition(legal, "penalty", rev.object_id, "legal_send_back", reason="依据不充分")
    assert (await Revision.get(id=rev.id)).comments == "依据不充分"


async def test_editors_work_only_in_their_own_department(db_clean: None) -> None:
    dept, editor, _, _ = await _staff()
    other = await f.department("金华市市场监督管理局", "330700")
    with pytest.raises(Forbidden):
        await services.save_draft(editor, "penalty", f.penalty_values(await f.enterprise()),
                                  department_id=other.id)
    outsider = f.staff_as("reviewer", other, 5)
    rev = await services.save_draft(editor, "penalty", f.penalty_values(await f.enterprise()),
                                    department_id=dept.id)
    await services.transition(editor, "penalty", rev.object_id, "submit")
    with pytest.raises(Refused):
        await services.transition(outsider, "penalty", rev.object_id, "approve")


@pytest.mark.parametrize(("values", "field"), [
    ({"enterprise": "91330782MA2ABCDE1"}, "enterprise"),
    ({"decided_on": "2026-02-30"}, "decided_on"),
    ({"severity": "huge"}, "severity"),
    ({"fine_amount": "五千"}, "fine_amount"),
    ({"violation": ""}, "violation"),
    ({"decision_number": "号" * 101}, "decision_number"),
])
async def test_bad_input_is_a_clear_message_and_changes_nothing(
        db_clean: None, values: dict[str, str], field: str) -> None:
    dept, editor, _, _ = await _staff()
    with pytest.raises(InvalidInput) as error:
        await services.save_draft(editor, "penalty", f.penalty_values(await f.enterprise(), **values),
                                  department_id=dept.id)
    assert error.value.field == field and error.value.message
    assert await Penalty.all().count() == 0 and await Revision.all().count() == 0


async def test_unknown_enterprise_is_refused(db_clean: None) -> None:
    dept, editor, _, _ = await _staff()
    ent = await f.enterprise()
    other_code = ent.uscc
    await ent.delete()
    with pytest.raises(InvalidInput, match="未找到"):
        await services.save_draft(editor, "penalty", f.penalty_values(ent, enterprise=other_code),
                                  department_id=dept.id)


async def _published(editor: object, reviewer: object, dept_id: int) -> int:
    rev = await services.save_draft(editor, "penalty", f.penalty_values(await f.enterprise()),
                                    department_id=dept_id)
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "penalty", rev.object_id, action)
    return rev.object_id


async def test_withdrawal_leaves_a_redacted_notice(db_clean: None) -> None:
    dept, editor, reviewer, _ = await _staff()
    pid = await _published(editor, reviewer, dept.id)
    with pytest.raises(Refused):
        await services.transition(reviewer, "penalty", pid, "withdraw", reason=" ")
    await services.transition(reviewer, "penalty", pid, "withdraw", reason="录入错误，联系人13800001111")
    assert await public_penalties().filter(id=pid).count() == 0
    notice = await PublicNotice.get(kind="penalty", object_id=pid)
    assert notice.action == NoticeAction.WITHDRAWN and notice.title.startswith("行政处罚决定书")
    assert "13800001111" not in notice.reason and MARKER in notice.reason
    assert "13912345678" not in notice.title + notice.summary + notice.reason


async def test_correction_keeps_the_record_public_until_the_new_version_is_published(db_clean: None) -> None:
    dept, editor, reviewer, _ = await _staff()
    pid = await _published(editor, reviewer, dept.id)
    rev = await services.transition(editor, "penalty", pid, "correct", reason="罚款金额有误")
    assert rev.state == S.DRAFT and rev.number == 2
    await services.save_draft(editor, "penalty", {"content": "罚款人民币三千元", "fine_amount": "3000"},
                              object_id=pid)
    assert (await public_penalties().get(id=pid)).content == "罚款人民币五千元"
    await services.transition(editor, "penalty", pid, "submit")
    await services.transition(reviewer, "penalty", pid, "approve")
    await services.transition(reviewer, "penalty", pid, "publish")
    row = await public_penalties().get(id=pid)
    assert row.content == "罚款人民币三千元"
    assert await Version.filter(kind="penalty", object_id=pid).count() == 2
    notice = await PublicNotice.get(kind="penalty", object_id=pid)
    assert notice.action == NoticeAction.CORRECTED and notice.reason == "罚款金额有误"


async def test_scheduled_go_live(db_clean: None) -> None:
    dept, editor, reviewer, _ = await _staff()
    with clock.frozen(NOW):
        rev = await services.save_draft(editor, "penalty", f.penalty_values(await f.enterprise()),
                                        department_id=dept.id)
        await services.transition(editor, "penalty", rev.object_id, "submit")
        await services.transition(reviewer, "penalty", rev.object_id, "approve")
        with pytest.raises(InvalidInput):
            await services.transition(reviewer, "penalty", rev.object_id, "publish",
                                      go_live_at=NOW - dt.timedelta(days=1))
        await services.transition(reviewer, "penalty", rev.object_id, "publish",
                                  go_live_at=NOW + dt.timedelta(days=2))
        assert await public_penalties().count() == 0
    event = await OutboxEvent.get(kind="penalty")
    assert event.available_at >= NOW + dt.timedelta(days=2) - dt.timedelta(seconds=1)
    with clock.frozen(NOW + dt.timedelta(days=2, hours=1)):
        assert await public_penalties().count() == 1


async def test_editor_adjusts_masks(db_clean: None) -> None:
    from portal.core.redaction import Mask, PrivacyKind

    dept, editor, _, _ = await _staff()
    rev = await services.save_draft(editor, "penalty", f.penalty_values(await f.enterprise()),
                                    department_id=dept.id)
    text = rev.data["violation"]
    start = text.index("13912345678")
    keep_phone_only = {"violation": [Mask(start, start + 11, PrivacyKind.MOBILE, MARKER)]}
    await services.set_masks(editor, "penalty", rev.object_id, keep_phone_only)
    row = await Penalty.get(id=rev.object_id)
    assert "张三丰" in row.violation and "13912345678" not in row.violation
    with pytest.raises(InvalidInput, match="超出"):
        await services.set_masks(editor, "penalty", rev.object_id,
                                 {"violation": [Mask(0, 999, PrivacyKind.MOBILE, MARKER)]})


async def test_rows_that_predate_revisions_can_be_reviewed(db_clean: None) -> None:
    dept, _, reviewer, _ = await _staff()
    row = await f.penalty(await f.enterprise(), state=S.IN_REVIEW, dept=dept,
                          decided_on=clock.today() - dt.timedelta(days=10))
    rev = await services.transition(reviewer, "penalty", row.id, "approve")
    assert rev is not None and rev.author == services.IMPORTED and rev.state == S.APPROVED
    await services.transition(reviewer, "penalty", row.id, "publish")
    assert await public_penalties().filter(id=row.id).count() == 1


async def test_a_row_entered_elsewhere_keeps_its_author_for_the_four_eyes_rule(db_clean: None) -> None:
    """E.g. a result entered after a draw: the audit log names who created the draft row."""
    from tortoise.transactions import in_transaction

    from portal.core import audit

    dept = await f.department()
    both = f.staff_as("editor", dept, 4, "reviewer")
    row = await f.result(await f.enterprise(), state=S.DRAFT, dept=dept, details="负责人王建国在场")
    async with in_transaction() as conn:
        await audit.record(conn, both, "sampling.result_enter", "inspection_result", row.id)
    await services.transition(both, "inspection_result", row.id, "submit")
    with pytest.raises(Refused, match="双人复核"):
        await services.transition(both, "inspection_result", row.id, "approve")
    other = f.staff_as("reviewer", dept, 5)
    await services.transition(other, "inspection_result", row.id, "approve")
    await services.transition(other, "inspection_result", row.id, "publish")
    from portal.inspections.models import InspectionResult
    assert "王建国" not in (await InspectionResult.get(id=row.id)).details


async def test_a_draft_saved_in_the_callers_transaction_rolls_back_with_it(db_clean: None) -> None:
    dept, editor, _, _ = await _staff()
    values = f.penalty_values(await f.enterprise())
    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            rev = await services.save_draft(editor, "penalty", values, department_id=dept.id, conn=conn)
            assert await Penalty.filter(id=rev.object_id).using_db(conn).exists()
            raise RuntimeError("the caller's own change failed")
    assert not await Penalty.exists() and not await Revision.exists()
    assert not await AuditEntry.filter(action="publication.save").exists()
