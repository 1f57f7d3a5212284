"""Every publishable kind goes through the same workflow; list removal leaves a delisting notice."""

from __future__ import annotations

from typing import Any

import pytest

from portal.core.models import AuditEntry, NoticeAction, OutboxEvent, PublicNotice
from portal.core.publication import PublicationState as S
from portal.core.redaction import MARKER
from portal.publishing import services
from portal.publishing.kinds import ADAPTERS
from portal.publishing.workflow import Refused
from tests import factories as f

pytestmark = pytest.mark.anyio


async def _values(kind: str) -> dict[str, str]:
    ent = await f.enterprise()
    plan = await f.plan()
    return {
        "regulation": {"title": "关于规范市场监管行为的通知", "issuer": "义乌市市场监督管理局",
                       "validity": "valid", "issued_on": "2026-01-05",
                       "body": "联系人王小明，电话0579-85551234。"},
        "inspection_item": {"code": "YW-2026-01", "name": "食品经营许可检查", "category": "key",
                            "legal_basis": "《食品安全法》"},
        "sampling_plan": {"year": "2026", "name": "2026年度双随机抽查计划", "progress": "planned",
                          "ratio_percent": "5", "window_start": "2026-03-01", "window_end": "2026-11-30"},
        "sampling_task": {"plan": str(plan.id), "name": "食品经营者检查任务", "progress": "completed",
                          "completed_on": "2026-02-27", "target_count": "30"},
        "inspection_result": {"enterprise": ent.uscc, "inspected_on": "2026-02-20",
                              "result_code": "corrected", "details": "店主李大伟，身份证号11010519491231002X。"},
        "penalty": f.penalty_values(ent),
        "list_entry": {"kind": "abnormal", "enterprise": ent.uscc, "listed_on": "2026-01-10",
                       "reason": "通过登记的住所无法联系，经营者手机13700001111"},
        "complaint_channel": {"name": "义乌市12315热线", "kind": "hotline", "contact": "0579-12315",
                              "hours": "工作日 8:30-17:00"},
    }[kind]


@pytest.mark.parametrize("kind", sorted(ADAPTERS))
async def test_each_kind_drafts_reviews_and_publishes(db_clean: None, kind: str) -> None:
    dept = await f.department()
    editor, reviewer = f.staff_as("editor", dept, 1), f.staff_as("reviewer", dept, 2)
    rev = await services.save_draft(editor, kind, await _values(kind), department_id=dept.id)
    ad = ADAPTERS[kind]
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, kind, rev.object_id, action)
    row: Any = await ad.model.get(id=rev.object_id)
    assert row.publication_state == S.PUBLISHED and row.published_at is not None
    assert getattr(row, ad.department_attr) == dept.id
    for spec in ad.redacted:  # every redacted field holds only public text
        text = getattr(row, spec.attribute)
        for value in ("13700001111", "0579-85551234", "11010519491231002X", "13912345678"):
            assert value not in text
    if any(rev.masks.get(s.name) for s in ad.redacted):
        assert any(MARKER in getattr(row, s.attribute) or "某" in getattr(row, s.attribute) for s in ad.redacted)
    assert await OutboxEvent.all().count() >= 1
    assert await AuditEntry.filter(action="publication.publish").count() == 1


async def test_list_removal_goes_through_review_and_leaves_a_delisting_notice(db_clean: None) -> None:
    dept = await f.department()
    editor, reviewer = f.staff_as("editor", dept, 1), f.staff_as("reviewer", dept, 2)
    rev = await services.save_draft(editor, "list_entry", await _values("list_entry"), department_id=dept.id)
    oid = rev.object_id
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "list_entry", oid, action)
    await services.transition(editor, "list_entry", oid, "correct", reason="已补报年度报告，申请移出")
    with pytest.raises(Exception, match="移出事由"):
        await services.save_draft(editor, "list_entry", {"removed_on": "2026-03-01"}, object_id=oid)
    with pytest.raises(Exception, match="不能早于"):
        await services.save_draft(editor, "list_entry", {"removed_on": "2025-03-01", "removal_reason": "x"},
                                  object_id=oid)
    await services.save_draft(editor, "list_entry", {"removed_on": "2026-03-01", "removal_reason": "已补报"},
                              object_id=oid)
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "list_entry", oid, action)
    notice = await PublicNotice.get(kind="list_entry", object_id=oid)
    assert notice.action == NoticeAction.DELISTED and "13700001111" not in notice.title


async def test_serious_dishonesty_listing_needs_legal_review(db_clean: None) -> None:
    dept = await f.department()
    editor, reviewer = f.staff_as("editor", dept, 1), f.staff_as("reviewer", dept, 2)
    values = {**await _values("list_entry"), "kind": "serious_dishonesty"}
    rev = await services.save_draft(editor, "list_entry", values, department_id=dept.id)
    await services.transition(editor, "list_entry", rev.object_id, "submit")
    assert (await services.transition(reviewer, "list_entry", rev.object_id, "approve")).state == S.LEGAL_REVIEW
    with pytest.raises(Refused):
        await services.transition(reviewer, "list_entry", rev.object_id, "legal_approve")


async def test_inspection_item_codes_are_unique(db_clean: None) -> None:
    dept = await f.department()
    editor = f.staff_as("editor", dept, 1)
    await services.save_draft(editor, "inspection_item", await _values("inspection_item"), department_id=dept.id)
    with pytest.raises(Exception, match="已被使用"):
        await services.save_draft(editor, "inspection_item", await _values("inspection_item"),
                                  department_id=dept.id)
