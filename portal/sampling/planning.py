"""Annual plans and their tasks: created as drafts by staff; published through the workflow.

Who may call: ``publication.edit`` in the plan's lead department (for a task: the task's
department). Each row is created through the publication service's ``save_draft`` in the same
transaction as its draw settings, so its draft has a revision authored by its creator from
the start (audit ``publication.save``) besides ``sampling.plan_create`` /
``sampling.task_create``. Drafts are not public, so no outbox event is emitted here.

Everything after creation is the generic publication workflow (kinds ``sampling_plan`` and
``sampling_task``): editing the draft (participants and items included), submit, review by
someone other than the author, publish, correct, withdraw. The plan's first publication also
publishes the lead department's draft tasks (portal.publishing.kinds ``Companions``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tortoise.transactions import in_transaction

from portal.core import audit, clock
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import Permission, require
from portal.core.publication import PublicationState
from portal.publishing import services as publishing
from portal.sampling.directory import RiskGrade
from portal.sampling.models import Progress, SamplingPlan, SamplingTask
from portal.sampling.records import PlanSetting
from portal.sampling.tags import parse_tags

PUBLISH_BY = (3, 31)  # plans are published by 31 March of their year


@dataclass(frozen=True)
class PlanInput:
    year: int
    name: str
    lead_department_id: int
    participant_ids: Sequence[int] = ()
    item_ids: Sequence[int] = ()
    scope: str = ""
    scope_tags: str = ""
    ratios: dict[RiskGrade, str] | None = None  # percent per grade, e.g. {"A": "3"}
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    required_qualifications: str = ""
    inspectors_per_target: int = 2
    yearly_cap: int = 2
    exclude_higher_level: bool = True
    recent_clean_days: int = 365


def percent(value: str | Decimal, field: str = "ratio") -> Decimal:
    try:
        number = Decimal(str(value).strip().rstrip("%") or "x")
    except InvalidOperation:
        raise InvalidInput("抽查比例应为 0 到 100 之间的数字（百分比）。", field=field) from None
    if not Decimal(0) <= number <= Decimal(100) or number != number.quantize(Decimal("0.01")):
        raise InvalidInput("抽查比例应为 0 到 100 之间、最多两位小数的百分比。", field=field)
    return number.quantize(Decimal("0.01"))


def _window(start: dt.date | None, end: dt.date | None, year: int | None = None) -> None:
    if start and end and end < start:
        raise InvalidInput("实施期限的结束日期早于开始日期。", field="windowEnd")
    if year and start and start.year != year:
        raise InvalidInput("实施期限应在计划年度内。", field="windowStart")


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


async def create_plan(actor: Actor, data: PlanInput) -> SamplingPlan:
    """Create an annual plan (single or joint) as a draft, with its draw settings."""
    require(actor, Permission.PUBLICATION_EDIT, data.lead_department_id)
    if not 2000 <= data.year <= 2100:
        raise InvalidInput("年度应为四位年份。", field="year")
    if not data.name.strip():
        raise InvalidInput("请填写计划名称。", field="name")
    if not 2 <= data.inspectors_per_target <= 10:
        raise InvalidInput("每户检查人员应为 2 到 10 名。", field="inspectorsPerTarget")
    if not 1 <= data.yearly_cap <= 12 or not 0 <= data.recent_clean_days <= 1095:
        raise InvalidInput("年度抽查上限应为 1–12 次，近期检查排除期应为 0–1095 天。")
    _window(data.window_start, data.window_end, data.year)
    ratios = {g: percent((data.ratios or {}).get(g, DEFAULT_RATIOS[g]), f"ratio{g}")
              for g in RiskGrade}
    participants = sorted(set(data.participant_ids) - {data.lead_department_id})
    async with in_transaction() as conn:
        revision = await publishing.save_draft(actor, "sampling_plan", {
            "year": str(data.year), "name": data.name, "scope": data.scope,
            "ratio_percent": str(min(ratios.values())), "window_start": _day(data.window_start),
            "window_end": _day(data.window_end), "progress": Progress.PLANNED.value,
            "participants": ",".join(map(str, participants)),
            "items": ",".join(map(str, data.item_ids)),
        }, department_id=data.lead_department_id, conn=conn)
        plan = await SamplingPlan.get(id=revision.object_id, using_db=conn)
        setting = await PlanSetting.create(
            plan=plan, scope_tags=",".join(sorted(parse_tags(data.scope_tags))),
            ratio_a=ratios[RiskGrade.A], ratio_b=ratios[RiskGrade.B], ratio_c=ratios[RiskGrade.C],
            ratio_d=ratios[RiskGrade.D],
            required_qualifications=",".join(sorted(parse_tags(data.required_qualifications))),
            inspectors_per_target=data.inspectors_per_target, yearly_cap=data.yearly_cap,
            exclude_higher_level=data.exclude_higher_level,
            recent_clean_days=data.recent_clean_days, using_db=conn,
        )
        await audit.record(conn, actor, "sampling.plan_create", "sampling_plan", plan.id, after={
            "year": plan.year, "name": plan.name, "lead": data.lead_department_id,
            "participants": participants, "items": sorted(set(data.item_ids)),
            "scope_tags": setting.scope_tags, "ratios": {g.value: str(r) for g, r in ratios.items()},
        })
    return plan


DEFAULT_RATIOS = {RiskGrade.A: "3", RiskGrade.B: "5", RiskGrade.C: "10", RiskGrade.D: "20"}


async def create_task(
    actor: Actor, plan_id: int, *, name: str, department_id: int,
    window_start: dt.date | None = None, window_end: dt.date | None = None,
) -> SamplingTask:
    """Create a draft task in a plan; its department must be the lead or a participant."""
    plan = await SamplingPlan.get_or_none(id=plan_id)
    if plan is None:
        raise NotFound("找不到该抽查计划。")
    require(actor, Permission.PUBLICATION_EDIT, department_id)
    members = {plan.lead_department_id, *await plan.participants.all().values_list("id", flat=True)}  # type: ignore[attr-defined]
    if department_id not in members:
        raise InvalidInput("任务的实施部门应为计划的牵头部门或参与部门。", field="departmentId")
    if not name.strip():
        raise InvalidInput("请填写任务名称。", field="name")
    _window(window_start, window_end)
    async with in_transaction() as conn:
        revision = await publishing.save_draft(actor, "sampling_task", {
            "plan": str(plan.id), "name": name, "scope": plan.scope,
            "ratio_percent": str(plan.ratio_percent or ""), "progress": Progress.PLANNED.value,
            "window_start": _day(window_start or plan.window_start),
            "window_end": _day(window_end or plan.window_end),
        }, department_id=department_id, conn=conn)
        task = await SamplingTask.get(id=revision.object_id, using_db=conn)
        await audit.record(conn, actor, "sampling.task_create", "sampling_task", task.id,
                           after={"plan": plan.id, "name": task.name, "department": department_id})
    return task


def publication_warning(plan: SamplingPlan, today: dt.date | None = None) -> str | None:
    """The "by 31 March" rule: a warning when the plan's year's 31 March passed unpublished."""
    if plan.publication_state == PublicationState.PUBLISHED:
        return None
    deadline = dt.date(plan.year, *PUBLISH_BY)
    if (today or clock.today()) > deadline:
        return f"该计划应于 {deadline:%Y年%m月%d日} 前公开，目前仍未公开。"
    return None
