"""Demo content for publication review (`portal seed --demo` only).

After the demo staff exist, demo-editor drafts work in their department through the real
services, so the demo shows the workflow with real revisions, masks and audit entries:

- results of completed tasks left unpublished (overdue, due soon) for the deadline view;
- one result submitted for review, for demo-reviewer to approve and publish (demo-editor
  cannot: four eyes);
- one penalty with a phone number and a name in its text, in review, showing the masks.
"""

from __future__ import annotations

import datetime as dt

from portal.core import clock
from portal.core.policies import PolicyActor, staff_actor
from portal.enterprises.models import Enterprise
from portal.identity.models import StaffAccount
from portal.identity.services import assignments_of
from portal.publishing import services
from portal.publishing.calendar import calendar
from portal.publishing.models import Revision
from portal.sampling.models import SamplingPlan, SamplingTask

DEMO_EDITOR = "demo-editor"


async def _editor() -> tuple[PolicyActor, int] | None:
    account = await StaffAccount.get_or_none(username=DEMO_EDITOR, is_demo=True)
    if account is None:
        return None
    held = await assignments_of(account.id)
    departments = [a.department_id for a in held if a.department_id is not None]
    if not departments:
        return None
    return staff_actor(f"staff:{account.id}", account.display_name, held), departments[0]


async def _tasks(newest: dt.date, oldest: dt.date, count: int) -> list[SamplingTask]:
    return list(await SamplingTask.filter(completed_on__lte=newest, completed_on__gte=oldest)
                .order_by("-completed_on", "id").limit(count))


async def _workdays_ago(today: dt.date, count: int) -> dt.date:
    cal = await calendar()
    day = today
    while count:
        day -= dt.timedelta(days=1)
        count -= int(cal.is_workday(day)[0])
    return day


async def _demo_task(editor: PolicyActor, department: int, plan: SamplingPlan, name: str,
                     completed_on: dt.date) -> SamplingTask:
    drafted = await services.save_draft(editor, "sampling_task", {
        "plan": str(plan.id), "name": name, "progress": "completed",
        "completed_on": completed_on.isoformat(), "target_count": "2",
    }, department_id=department)
    return await SamplingTask.get(id=drafted.object_id)


async def seed_demo_publication() -> dict[str, int]:
    found = await _editor()
    # seeded already? (a penalty draft is always seeded; the draws demo, seeded just before
    # this, leaves revisions of its plan and tasks)
    if found is None or await Revision.exists(kind="penalty"):
        return {}
    editor, department = found
    today = clock.today()
    overdue = await _tasks(today - dt.timedelta(days=40), today - dt.timedelta(days=150), 3)
    enterprises = await Enterprise.all().order_by("id").limit(8)
    plan = await SamplingPlan.all().order_by("-year", "id").first()
    if not enterprises or plan is None:
        return {}
    # the editor enters a task completed 17 working days ago: its results are due in 3
    soon = [await _demo_task(editor, department, plan, "演示：近期完成的抽查任务", await _workdays_ago(today, 17))]
    if not overdue:  # whatever today is, something is overdue
        overdue = [await _demo_task(editor, department, plan, "演示：早已完成的抽查任务",
                                    await _workdays_ago(today, 35))]
    drafted = 0
    for index, task in enumerate(overdue + soon):
        ent = enterprises[index % len(enterprises)]
        assert task.completed_on is not None
        await services.save_draft(editor, "inspection_result", {
            "enterprise": ent.uscc, "task": str(task.id),
            "inspected_on": (task.completed_on - dt.timedelta(days=3)).isoformat(),
            "result_code": "corrected" if index % 2 else "no_problem",
            "details": "现场检查发现问题已当场责令改正，经营者负责人陈建国签字确认。" if index % 2 else "",
        }, department_id=department)
        drafted += 1
    ent = enterprises[-1]
    review = await services.save_draft(editor, "inspection_result", {
        "enterprise": ent.uscc, "task": str(soon[0].id), "inspected_on": today.isoformat(),
        "result_code": "no_problem", "details": "演示：请由 demo-reviewer 审核通过并发布。",
    }, department_id=department)
    await services.transition(editor, "inspection_result", review.object_id, "submit")
    penalty = await services.save_draft(editor, "penalty", {
        "decision_number": f"演示市监处罚〔{today.year}〕1号", "enterprise": ent.uscc,
        "decided_on": (today - dt.timedelta(days=7)).isoformat(), "severity": "general",
        "violation": "当事人张伟在经营场所销售过期食品，联系电话13912345678。",
        "basis": "《中华人民共和国食品安全法》第一百二十四条", "content": "没收违法所得，罚款人民币五千元",
        "fine_amount": "5000",
    }, department_id=department)
    await services.transition(editor, "penalty", penalty.object_id, "submit")
    return {"演示待公示检查结果": drafted, "演示待审核信息": 2}
