"""Back-office selectors for sampling: plans and tasks of any state, the two directories.

Scoped to the departments where the viewer holds ``publication.edit`` (risk grades and
conflicts are for staff only). Lists are bounded and run a fixed number of statements.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q

from portal.core.actors import Actor
from portal.core.errors import NotFound
from portal.core.policies import Permission, allows, require, require_any
from portal.sampling.directory import CheckRecord, Inspector, InspectorConflict, TargetProfile
from portal.sampling.models import SamplingPlan, SamplingTask
from portal.sampling.records import PlanSetting, TaskDraw

LIMIT = 200


def _dept_q(actor: Actor, field: str) -> Q:
    scope = require_any(actor, Permission.PUBLICATION_EDIT)
    if scope.everywhere:
        return Q()
    return Q(**{f"{field}__in": sorted(scope.department_ids)})  # type: ignore[arg-type]


async def plans(actor: Actor) -> list[SamplingPlan]:
    """Plans led by, or joined by, the viewer's departments (newest year first)."""
    scope = require_any(actor, Permission.PUBLICATION_EDIT)
    qs = SamplingPlan.all()
    if not scope.everywhere:
        ids = sorted(scope.department_ids)
        qs = SamplingPlan.filter(Q(lead_department_id__in=ids) | Q(participants__id__in=ids))
    return await qs.distinct().order_by("-year", "-id").limit(LIMIT)


@dataclass(frozen=True)
class PlanView:
    plan: SamplingPlan
    setting: PlanSetting | None
    tasks: list[SamplingTask]
    drawn: set[int]  # task ids with a draw record
    participant_ids: list[int]


async def plan(actor: Actor, plan_id: int) -> PlanView:
    found = await SamplingPlan.get_or_none(id=plan_id)
    if found is None:
        raise NotFound("找不到该抽查计划。")
    participants = list(await found.participants.all().values_list("id", flat=True))
    depts = [found.lead_department_id, *participants]  # type: ignore[attr-defined]
    scope = require_any(actor, Permission.PUBLICATION_EDIT)
    if not scope.everywhere and not scope.department_ids & set(depts):
        require(actor, Permission.PUBLICATION_EDIT, found.lead_department_id)  # type: ignore[attr-defined]
    tasks = await SamplingTask.filter(plan_id=plan_id).order_by("id")
    drawn = set(await TaskDraw.filter(task_id__in=[t.id for t in tasks]).values_list(
        "task_id", flat=True))
    setting = await PlanSetting.get_or_none(plan_id=plan_id)
    return PlanView(found, setting, tasks, {int(str(i)) for i in drawn},
                    [int(str(i)) for i in participants])


async def task_draw(actor: Actor, task_id: int) -> tuple[SamplingTask, TaskDraw | None]:
    task = await SamplingTask.get_or_none(id=task_id)
    if task is None:
        raise NotFound("找不到该抽查任务。")
    department = task.department_id  # type: ignore[attr-defined]
    if not allows(actor, Permission.SAMPLING_DRAW, department):
        require(actor, Permission.PUBLICATION_EDIT, department)
    return task, await TaskDraw.get_or_none(task_id=task_id)


async def targets(actor: Actor, search: str = "") -> list[TargetProfile]:
    """The target directory (with internal risk grades: staff only)."""
    q = _dept_q(actor, "department_id")
    if search.strip():
        text = search.strip()[:50]
        q &= Q(enterprise__name__contains=text) | Q(enterprise__uscc__startswith=text.upper())
    return await TargetProfile.filter(q).prefetch_related("enterprise").order_by("id").limit(LIMIT)


async def history(enterprise_ids: list[int]) -> dict[int, list[CheckRecord]]:
    out: dict[int, list[CheckRecord]] = {i: [] for i in enterprise_ids}
    for r in await CheckRecord.filter(enterprise_id__in=enterprise_ids).order_by("-checked_on"):
        out[r.enterprise_id].append(r)  # type: ignore[attr-defined]
    return out


async def inspectors(actor: Actor) -> list[tuple[Inspector, int]]:
    """Inspectors with their number of declared conflicts."""
    rows = await Inspector.filter(_dept_q(actor, "department_id")).order_by(
        "certificate_no").limit(LIMIT)
    counts: dict[int, int] = {}
    for iid in await InspectorConflict.filter(
            inspector_id__in=[r.id for r in rows]).values_list("inspector_id", flat=True):
        counts[int(iid)] = counts.get(int(iid), 0) + 1  # type: ignore[call-overload]
    return [(r, counts.get(r.id, 0)) for r in rows]
