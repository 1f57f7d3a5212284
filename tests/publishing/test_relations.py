"""Many-to-many fields (a plan's participants and items) in drafts, publication and corrections."""

from __future__ import annotations

import httpx
import pytest

from portal.core.errors import InvalidInput
from portal.publishing import fields, queries, services
from portal.publishing.kinds import ADAPTERS
from portal.publishing.models import Revision, Version
from portal.sampling.models import SamplingPlan
from portal.sampling.queries import participants_for_plans, public_items_for_plans
from tests import factories as f

pytestmark = pytest.mark.anyio
PARTICIPANTS = ADAPTERS["sampling_plan"].field("participants")


def test_refs_are_sorted_deduplicated_ids() -> None:
    specs = (PARTICIPANTS,)
    assert fields.clean(specs, {"participants": " 12, 3，3 7 "}) == {"participants": "3,7,12"}
    assert fields.clean(specs, {"participants": ""}) == {"participants": ""}
    for bad in ("3,x", "0", "1234567890", "-2", "²", "٣"):  # digits to str.isdigit only
        with pytest.raises(InvalidInput, match="逗号分隔的编号") as caught:
            fields.clean(specs, {"participants": bad})
        assert caught.value.field == "participants"


def test_number_fields_refuse_digits_that_are_not_ascii() -> None:
    year, plan = ADAPTERS["sampling_plan"].field("year"), ADAPTERS["sampling_task"].field("plan")
    for spec in (year, plan):
        with pytest.raises(InvalidInput) as caught:
            fields.clean((spec,), {spec.name: "²"})
        assert caught.value.field == spec.name


async def _plan_values(**extra: str) -> dict[str, str]:
    return {"year": "2026", "name": "2026年度联合抽查计划", "progress": "planned", **extra}


async def test_a_draft_sets_the_rows_relations_and_names_missing_ids(db_clean: None) -> None:
    lead = await f.department()
    health = await f.department("义乌市卫生健康局")
    items = [await f.item(), await f.item()]
    editor = f.staff_as("editor", lead, 1)
    with pytest.raises(InvalidInput, match="编号 998、999 不存在") as caught:
        await services.save_draft(editor, "sampling_plan", await _plan_values(participants="999,998"),
                                  department_id=lead.id)
    assert caught.value.field == "participants" and not await SamplingPlan.exists()
    with pytest.raises(InvalidInput, match="牵头部门不能同时列入"):
        await services.save_draft(editor, "sampling_plan", await _plan_values(participants=str(lead.id)),
                                  department_id=lead.id)
    rev = await services.save_draft(editor, "sampling_plan", await _plan_values(
        participants=str(health.id), items=f"{items[1].id},{items[0].id}"), department_id=lead.id)
    plan = await SamplingPlan.get(id=rev.object_id)
    assert rev.data["items"] == f"{items[0].id},{items[1].id}"
    assert await participants_for_plans([plan.id]) == [[health.id]]
    assert set(await plan.items.all().values_list("id", flat=True)) == {i.id for i in items}
    # an unpublished row follows its draft at once; a field left out keeps its value
    await services.save_draft(editor, "sampling_plan", {"items": str(items[0].id)}, object_id=plan.id)
    assert await plan.items.all().values_list("id", flat=True) == [items[0].id]
    assert await participants_for_plans([plan.id]) == [[health.id]]


async def test_a_departure_with_tasks_in_the_plan_is_refused(db_clean: None) -> None:
    lead = await f.department()
    health = await f.department("义乌市卫生健康局")
    editor = f.staff_as("editor", lead, 1)
    rev = await services.save_draft(editor, "sampling_plan", await _plan_values(participants=str(health.id)),
                                    department_id=lead.id)
    plan = await SamplingPlan.get(id=rev.object_id)
    await f.task(plan, state=f.DRAFT)  # the factory's task is in the lead department
    task = await f.task(plan, state=f.DRAFT)
    task.department_id = health.id  # type: ignore[attr-defined]
    await task.save()
    with pytest.raises(InvalidInput, match="义乌市卫生健康局在本计划下已有抽查任务"):
        await services.save_draft(editor, "sampling_plan", {"participants": ""}, object_id=plan.id)
    assert await participants_for_plans([plan.id]) == [[health.id]]


async def test_a_seeded_plans_first_revision_carries_its_relations(db_clean: None) -> None:
    lead = await f.department()
    health = await f.department("义乌市卫生健康局")
    item = await f.item()
    plan = await f.plan()  # published, from before revisions existed
    await plan.participants.add(health)
    await plan.items.add(item)
    editor = f.staff_as("editor", lead, 1)
    rev = await services.transition(editor, "sampling_plan", plan.id, "correct", reason="补充检查事项")
    assert rev is not None
    assert rev.data["participants"] == str(health.id) and rev.data["items"] == str(item.id)


async def test_a_correction_changes_public_relations_only_when_published(
        db_clean: None, client: httpx.AsyncClient) -> None:
    lead = await f.department()
    health = await f.department("义乌市卫生健康局")
    tax = await f.department("国家税务总局义乌市税务局")
    first, second = await f.item("YW-FOOD-01"), await f.item("YW-DRUG-02")
    editor, reviewer = f.staff_as("editor", lead, 1), f.staff_as("reviewer", lead, 2)
    rev = await services.save_draft(editor, "sampling_plan", await _plan_values(
        participants=str(health.id), items=str(first.id)), department_id=lead.id)
    plan_id = rev.object_id
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "sampling_plan", plan_id, action)

    await services.transition(editor, "sampling_plan", plan_id, "correct", reason="税务部门加入联合抽查")
    await services.save_draft(editor, "sampling_plan", {"participants": f"{health.id},{tax.id}",
                                                        "items": str(second.id)}, object_id=plan_id)
    await services.transition(editor, "sampling_plan", plan_id, "submit")
    await services.transition(reviewer, "sampling_plan", plan_id, "approve")
    # drafted, submitted, approved: the public still sees the published relations
    assert await participants_for_plans([plan_id]) == [[health.id]]
    assert [[i.id for i in group] for group in await public_items_for_plans([plan_id])] == [[first.id]]
    page = await client.get(f"/sampling-plans/{plan_id}")
    assert page.status_code == 200 and "义乌市卫生健康局" in page.text
    assert "税务局" not in page.text and "YW-FOOD-01" in page.text and "YW-DRUG-02" not in page.text

    await services.transition(reviewer, "sampling_plan", plan_id, "publish")
    assert await participants_for_plans([plan_id]) == [sorted([health.id, tax.id])]
    assert [[i.id for i in group] for group in await public_items_for_plans([plan_id])] == [[second.id]]
    page = await client.get(f"/sampling-plans/{plan_id}")
    assert "国家税务总局义乌市税务局" in page.text and "YW-DRUG-02" in page.text
    assert "YW-FOOD-01" not in page.text

    versions = await Version.filter(kind="sampling_plan", object_id=plan_id).order_by("number")
    assert [v.data["participants"] for v in versions] == [str(health.id), f"{health.id},{tax.id}"]
    changes = {c.name: c for c in await queries.version_diff(reviewer, "sampling_plan", plan_id, 1, 2)}
    assert set(changes) == {"participants", "items"}
    assert changes["participants"].diff == [f"+ 国家税务总局义乌市税务局（编号 {tax.id}）"]
    assert changes["items"].diff[0].startswith("- ") and "YW-FOOD-01" in changes["items"].diff[0]
    assert changes["items"].after == f"{second.code} {second.name}（编号 {second.id}）"


async def test_a_revision_begun_before_the_fields_existed_leaves_relations_alone(db_clean: None) -> None:
    lead = await f.department()
    health = await f.department("义乌市卫生健康局")
    plan = await f.plan(state=f.DRAFT)
    await plan.participants.add(health)
    editor, reviewer = f.staff_as("editor", lead, 1), f.staff_as("reviewer", lead, 2)
    rev = await services.save_draft(editor, "sampling_plan", {"name": "改名"}, object_id=plan.id)
    # a draft saved before this change had no "participants" key: strip it to act one out
    old = {k: v for k, v in rev.data.items() if k not in ("participants", "items")}
    await Revision.filter(id=rev.id).update(data=old)
    await services.save_draft(editor, "sampling_plan", {"name": "再改名"}, object_id=plan.id)
    assert await participants_for_plans([plan.id]) == [[health.id]]
    await Revision.filter(id=rev.id).update(data={**old, "name": "再改名"})
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        await services.transition(who, "sampling_plan", plan.id, action)
    assert await participants_for_plans([plan.id]) == [[health.id]]
    assert (await SamplingPlan.get(id=plan.id)).name == "再改名"
