"""Demo data for 双随机 draws: the two directories and a plan whose tasks can be drawn.

``demo-editor`` creates the plan and its two tasks and submits the plan; ``demo-reviewer``
approves and publishes it through the publication workflow (four eyes), which publishes the
draft tasks with it. Task 1 is then committed and drawn at seeding time (anyone can verify it
at once); task 2 is left for ``demo-editor`` to commit and draw from the back office. The
directories and the draw go through the domain services as the system actor, so the audit log
shows everything like any other change. Without the demo staff nothing is seeded here.
"""

from __future__ import annotations

import datetime as dt
import random

from portal.core import clock
from portal.core.actors import SYSTEM
from portal.core.policies import PolicyActor, staff_actor
from portal.enterprises.models import Enterprise, EnterpriseStatus
from portal.identity.models import StaffAccount
from portal.identity.services import assignments_of
from portal.publishing import services as publishing
from portal.reference.models import Department
from portal.sampling import directory_services, drawing, planning
from portal.sampling.directory import CheckRecord, CheckTrigger, Inspector, RiskGrade, TargetProfile

DEPARTMENT = "义乌市市场监督管理局"
GRADES = [RiskGrade.A] * 30 + [RiskGrade.B] * 45 + [RiskGrade.C] * 20 + [RiskGrade.D] * 5
TARGETS = 240
INSPECTORS = 10


async def _demo_staff(username: str) -> tuple[StaffAccount, PolicyActor] | None:
    account = await StaffAccount.get_or_none(username=username, is_demo=True)
    if account is None:
        return None
    return account, staff_actor(f"staff:{account.id}", account.display_name,
                                await assignments_of(account.id))


async def seed_demo_draws() -> dict[str, int]:
    editor, reviewer = await _demo_staff("demo-editor"), await _demo_staff("demo-reviewer")
    departments = sorted(editor[1].department_ids) if editor else []
    if editor is None or reviewer is None or not departments or await TargetProfile.exists():
        return {}
    # the department demo-editor and demo-reviewer work in (义乌 when the dataset has it)
    dept = await Department.get_or_none(name=DEPARTMENT, id__in=departments) or await Department.get(
        id=departments[0])
    rnd = random.Random(8)
    ents = await Enterprise.filter(status=EnterpriseStatus.ACTIVE).order_by("id").limit(TARGETS)
    profiles = [TargetProfile(enterprise_id=e.id, department_id=dept.id,
                              scope_tags="food,general" if n % 3 else "general",
                              risk_grade=rnd.choice(GRADES)) for n, e in enumerate(ents)]
    await TargetProfile.bulk_create(profiles)
    today = clock.today()
    history = [CheckRecord(enterprise_id=e.id, department_id=dept.id,
                           checked_on=today - dt.timedelta(days=rnd.randint(20, 300)),
                           trigger=CheckTrigger.CASE if n % 2 else CheckTrigger.RANDOM,
                           problem_found=bool(n % 3), note="演示：历史检查")
               for n, e in enumerate(rnd.sample(ents, min(30, len(ents))))]
    await CheckRecord.bulk_create(history)
    for n in range(INSPECTORS):
        await directory_services.upsert_inspector(
            SYSTEM, certificate_no=f"ZJ33078200{n:02d}", name=f"演示检查员{n + 1}",
            department_id=dept.id, qualifications="food,general" if n % 4 else "general",
            staff_id=editor[0].id if n == 1 else None)
    first = await Inspector.get(certificate_no="ZJ3307820001")
    await directory_services.declare_conflict(SYSTEM, inspector_id=first.id, uscc=ents[1].uscc,
                                              reason="演示：近亲属在该企业任职")
    author, checker = editor[1], reviewer[1]
    plan = await planning.create_plan(author, planning.PlanInput(
        year=today.year, name=f"{dept.name}{today.year}年度食品经营者“双随机”抽查计划（可验证抽取）",
        lead_department_id=dept.id, scope="辖区内食品经营者；按内部风险等级分层抽取。",
        scope_tags="food", ratios={RiskGrade.A: "3", RiskGrade.B: "5", RiskGrade.C: "10",
                                   RiskGrade.D: "20"},
        window_start=dt.date(today.year, 3, 1), window_end=dt.date(today.year, 12, 31),
        required_qualifications="food"))
    drawn = await planning.create_task(author, plan.id, name="第一批食品经营者抽查（已抽取）",
                                       department_id=dept.id)
    await planning.create_task(author, plan.id, name="第二批食品经营者抽查（待抽取）",
                               department_id=dept.id)
    await publishing.transition(author, "sampling_plan", plan.id, "submit")
    for action in ("approve", "publish"):  # the tasks are published with the plan
        await publishing.transition(checker, "sampling_plan", plan.id, action)
    await drawing.commit_draw(SYSTEM, drawn.id)
    record = await drawing.run_draw(SYSTEM, drawn.id)
    return {"检查对象名录": len(profiles), "检查人员名录": INSPECTORS,
            "可验证抽取": sum(len(v) for v in (record.selected or {}).values())}
