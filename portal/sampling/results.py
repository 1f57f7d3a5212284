"""After the draw: inspector assignments, result entry per drawn target, task completion.

Who may call: ``publication.edit`` in the task's department. Audit actions
``sampling.result_enter`` (creates an :class:`InspectionResult` *draft* through the publication
service's ``save_draft`` — audit ``publication.save``, a revision authored by the inspector,
masks proposed for ``details`` — in the same transaction as the target link and the check
record: department = the task's department, linked to the task; publication and its
20-working-day clock belong to the publication workflow) and ``sampling.task_complete``
(records ``completed_on``, the date the clock starts from). Drafts are not public: no outbox
event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from portal.core import audit, clock
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import Permission, require
from portal.inspections.models import InspectionResult, ResultCode
from portal.publishing import services as publishing
from portal.sampling.directory import CheckRecord, Inspector
from portal.sampling.models import InspectionItem, Progress, SamplingTask
from portal.sampling.records import DrawAssignment, DrawnTarget


@dataclass(frozen=True)
class TargetRow:
    target: DrawnTarget
    uscc: str
    name: str
    inspectors: list[str]  # "name（certificate）"
    result_code: str | None


async def drawn_targets(actor: Actor, task_id: int) -> tuple[SamplingTask, list[TargetRow]]:
    """A task's drawn targets with their inspectors and results (staff with edit rights, or
    an inspector assigned in the task)."""
    task = await SamplingTask.get_or_none(id=task_id)
    if task is None:
        raise NotFound("找不到该抽查任务。")
    targets = await DrawnTarget.filter(task_id=task_id).prefetch_related("enterprise", "result")
    links = await DrawAssignment.filter(target__task_id=task_id).prefetch_related("inspector")
    mine = any(a.inspector.staff_id is not None and actor.id == f"staff:{a.inspector.staff_id}"  # type: ignore[attr-defined]
               for a in links)
    if not mine:
        require(actor, Permission.PUBLICATION_EDIT, task.department_id)  # type: ignore[attr-defined]
    by_target: dict[int, list[str]] = {}
    for a in links:
        by_target.setdefault(a.target_id, []).append(  # type: ignore[attr-defined]
            f"{a.inspector.name}（{a.inspector.certificate_no}）")
    rows = [TargetRow(t, t.enterprise.uscc, t.enterprise.name, by_target.get(t.id, []),
                      t.result.result_code if t.result else None) for t in targets]
    return task, rows


async def my_assignments(actor: Actor) -> list[tuple[SamplingTask, DrawnTarget]]:
    """The drawn targets the acting staff member inspects (through their inspector entry)."""
    if not actor.id.startswith("staff:"):
        return []
    staff_id = int(actor.id.removeprefix("staff:"))
    ids = await Inspector.filter(staff_id=staff_id).values_list("id", flat=True)
    links = await DrawAssignment.filter(inspector_id__in=list(ids)).prefetch_related(
        "target__task", "target__enterprise")
    return [(a.target.task, a.target) for a in links]


async def enter_result(actor: Actor, target_id: int, *, result_code: str,
                       inspected_on: dt.date, details: str = "") -> InspectionResult:
    """Create the inspection result of one drawn target as a draft (once per target)."""
    target = await DrawnTarget.get_or_none(id=target_id).prefetch_related("task", "enterprise")
    if target is None:
        raise NotFound("找不到该抽中对象。")
    task, uscc = target.task, target.enterprise.uscc
    require(actor, Permission.PUBLICATION_EDIT, task.department_id)  # type: ignore[attr-defined]
    try:
        code = ResultCode(result_code)
    except ValueError:
        raise InvalidInput("请选择标准的检查结果。", field="resultCode") from None
    if inspected_on > clock.today():
        raise InvalidInput("检查日期不能晚于今天。", field="inspectedOn")
    item = await InspectionItem.filter(plans__id=task.plan_id).order_by("code").first()  # type: ignore[attr-defined]
    async with in_transaction() as conn:
        target = await DrawnTarget.filter(id=target_id).using_db(conn).select_for_update().get()
        if target.result_id is not None:  # type: ignore[attr-defined]
            raise InvalidInput("该对象的检查结果已录入；如需更正，请走更正流程。")
        revision = await publishing.save_draft(actor, "inspection_result", {
            "enterprise": uscc, "task": str(task.id), "item": str(item.id) if item else "",
            "inspected_on": inspected_on.isoformat(), "result_code": code.value, "details": details,
        }, department_id=task.department_id, conn=conn)  # type: ignore[attr-defined]
        await DrawnTarget.filter(id=target.id).using_db(conn).update(result_id=revision.object_id)
        await CheckRecord.filter(task_id=task.id, enterprise_id=target.enterprise_id).using_db(  # type: ignore[attr-defined]
            conn).update(checked_on=inspected_on, problem_found=code != ResultCode.NO_PROBLEM)
        await audit.record(conn, actor, "sampling.result_enter", "inspection_result", revision.object_id,
                           after={"task": task.id, "enterprise": target.enterprise_id,  # type: ignore[attr-defined]
                                  "code": code.value, "on": inspected_on.isoformat()})
        return await InspectionResult.get(id=revision.object_id, using_db=conn)


async def complete_task(actor: Actor, task_id: int, completed_on: dt.date) -> SamplingTask:
    """Mark a drawn task completed on ``completed_on`` (every target needs its result)."""
    task = await SamplingTask.get_or_none(id=task_id)
    if task is None:
        raise NotFound("找不到该抽查任务。")
    require(actor, Permission.PUBLICATION_EDIT, task.department_id)  # type: ignore[attr-defined]
    if completed_on > clock.today():
        raise InvalidInput("完成日期不能晚于今天。", field="completedOn")
    targets = await DrawnTarget.filter(task_id=task_id).count()
    if not targets or await DrawnTarget.filter(task_id=task_id, result_id=None).exists():
        raise InvalidInput("任务尚未抽取，或仍有抽中对象未录入检查结果。")
    async with in_transaction() as conn:
        task.progress, task.completed_on = Progress.COMPLETED, completed_on
        await task.save(using_db=conn, update_fields=["progress", "completed_on"])
        await audit.record(conn, actor, "sampling.task_complete", "sampling_task", task.id,
                           after={"completed_on": completed_on.isoformat()})
    return task
