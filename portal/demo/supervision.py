"""Inspection items, sampling plans with their tasks, and the inspection results of the demo.

Three plan years (two past, the current one). Past tasks are completed; this year's tasks are
completed, in progress or planned according to today's date, and only drawn targets whose
inspection date has come have a result. Results are published some days after the task
completes (20 working days at most), so recent ones are still in review, as in real life.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from portal.core.publication import PublicationState
from portal.demo.catalogue import MARKET_ITEMS, PARTNER_ITEMS, RESULT_DETAILS, ItemTemplate, matches
from portal.demo.common import Ctx, Ent, at, rng
from portal.enterprises.models import EnterpriseStatus
from portal.inspections.models import InspectionResult, ResultCode
from portal.reference.models import Department
from portal.sampling.models import InspectionItem, Progress, SamplingPlan, SamplingTask

CODES = [c for c in ResultCode if c is not ResultCode.CLOSED]
CODE_WEIGHTS = [66, 10, 4, 5, 1.5, 7, 1, 5.5]  # in ResultCode order, without CLOSED
JOINT = {  # lead 市场监管局 → partner departments of its joint plan
    "金华市市场监督管理局": ("金华市商务局", "金华市应急管理局", "金华市卫生健康委员会"),
    "鄂州市市场监督管理局": ("鄂州市应急管理局",),
    "德惠市市场监督管理局": ("德惠市应急管理局",),
}


@dataclass(frozen=True)
class Item:
    id: int
    department: int
    template: ItemTemplate
    published: bool


async def build_items(ctx: Ctx) -> list[Item]:
    rnd = rng("items")
    rows: list[InspectionItem] = []
    owners: list[tuple[int, ItemTemplate]] = []
    for name, dept_id in ctx.departments.items():
        region = ctx.dept_region.get(dept_id)
        for template in _templates(ctx, name, region) if region else ():
            state = PublicationState.PUBLISHED
            if rnd.random() < 0.04 or template.key == "12" and rnd.random() < 0.3:
                state = PublicationState.DRAFT if rnd.random() < 0.5 else PublicationState.IN_REVIEW
            prefix, suffix = ("SCJG", template.key) if template.key.isdigit() else (template.key, "01")
            rows.append(InspectionItem(
                code=f"{prefix}-{region}-{suffix}", name=template.name, category=template.category,
                target_type=template.target_type, legal_basis=template.basis, method=template.method,
                ratio=template.ratio, frequency=template.frequency, department_id=dept_id,
                publication_state=state, published_at=at(ctx.days_ago(rnd.randint(400, 1500)), rnd)
                if state is PublicationState.PUBLISHED else None,
            ))
            owners.append((dept_id, template))
    await InspectionItem.bulk_create(rows, batch_size=500)
    ids = dict(await InspectionItem.all().values_list("code", "id"))
    ctx.counts["检查事项"] = len(rows)
    return [Item(ids[row.code], dept, tpl, row.publication_state is PublicationState.PUBLISHED)
            for row, (dept, tpl) in zip(rows, owners, strict=True)]


def _templates(ctx: Ctx, name: str, region: str) -> list[ItemTemplate]:
    """A county bureau lists every item with targets in its area; upper levels a few."""
    if not name.endswith("市场监督管理局"):
        return [t for suffix, ts in PARTNER_ITEMS.items() if name.endswith(suffix) for t in ts]
    found = [t for t in MARKET_ITEMS if _candidates(ctx, region, t)]
    if region.endswith("0000"):
        return [t for t in found if t.key in ("06", "07", "13")]
    if region.endswith("00"):
        return [t for t in found if t.key in ("01", "06", "07", "08", "13")]
    return found


def _candidates(ctx: Ctx, region: str, template: ItemTemplate) -> list[Ent]:
    """Enterprises in the area of ``region`` that the item applies to (in id order)."""
    key = (region, template.targets)
    if key not in ctx.frames:
        prefix = region[:2] if region.endswith("0000") else region[:4] if region.endswith("00") else region
        ctx.frames[key] = [e for e in ctx.enterprises
                           if e.region.startswith(prefix) and matches(e.industry, template.targets)]
    return ctx.frames[key]


@dataclass(frozen=True)
class Task:
    row: SamplingTask
    item: Item
    region: str  # the lead department's area: where targets are drawn


async def build_plans(ctx: Ctx, items: list[Item]) -> list[Task]:
    rnd = rng("plans")
    by_dept: dict[int, list[Item]] = {}
    for item in items:
        if item.published:
            by_dept.setdefault(item.department, []).append(item)
    item_rows = {row.id: row for row in await InspectionItem.all()}
    dept_rows = {row.id: row for row in await Department.all()}
    names = {dept_id: name for name, dept_id in ctx.departments.items()}
    tasks: list[Task] = []
    plans = 0
    for year in (ctx.today.year - 2, ctx.today.year - 1, ctx.today.year):
        for name, dept_id in ctx.departments.items():
            if not name.endswith("市场监督管理局") or dept_id not in by_dept:
                continue
            partners = [ctx.departments[p] for p in JOINT.get(name, ())]
            for joint in ((False, True) if partners else (False,)):
                own = rnd.sample(by_dept[dept_id], min(len(by_dept[dept_id]), rnd.randint(4, 6)))
                chosen = own[:2] + [i for p in partners for i in by_dept.get(p, [])] if joint else own
                title = (f"{name.removesuffix('市场监督管理局')}{year}年度市场监管领域部门联合“双随机、一公开”抽查计划"
                         if joint else f"{name}{year}年度“双随机、一公开”抽查工作计划")
                review = year == ctx.today.year and (name.startswith("磐安") or rnd.random() < 0.08)
                plan = await _plan(ctx, rnd, year, title, dept_id, chosen, review)
                await plan.items.add(*[item_rows[i.id] for i in chosen])
                if joint:
                    await plan.participants.add(*[dept_rows[p] for p in partners])
                region = ctx.dept_region[dept_id]
                tasks += [Task(row, item, region) for row, item in _tasks(ctx, rnd, plan, chosen, names, region)]
                plans += 1
    await SamplingTask.bulk_create([t.row for t in tasks], batch_size=500)
    ids = {(name, plan): id_ for name, plan, id_ in
           await SamplingTask.all().values_list("name", "plan_id", "id")}
    for task in tasks:
        task.row.id = ids[(task.row.name, task.row.plan_id)]  # type: ignore[attr-defined]
    ctx.counts["抽查计划"] = plans
    ctx.counts["抽查任务"] = len(tasks)
    return tasks


async def _plan(ctx: Ctx, rnd: random.Random, year: int, title: str, dept_id: int,
                items: list[Item], review: bool) -> SamplingPlan:
    start, end = dt.date(year, 3, 1), dt.date(year, 11, 30)
    progress = (Progress.COMPLETED if end < ctx.today
                else Progress.IN_PROGRESS if start <= ctx.today and not review else Progress.PLANNED)
    state = PublicationState.IN_REVIEW if review else PublicationState.PUBLISHED
    return await SamplingPlan.create(
        year=year, name=title, lead_department_id=dept_id,
        ratio_percent=min(Decimal(i.template.percent) for i in items),
        scope="本辖区登记注册的各类市场主体；重点检查事项按风险等级确定抽查比例和频次，"
              "同一年度对同一市场主体的随机抽查原则上不超过2次。",
        window_start=start, window_end=end, progress=progress, publication_state=state,
        published_at=None if review else at(dt.date(year, 2, rnd.randint(10, 27)), rnd),
    )


def _tasks(ctx: Ctx, rnd: random.Random, plan: SamplingPlan, items: list[Item],
           names: dict[int, str], region: str) -> list[tuple[SamplingTask, Item]]:
    out = []
    published = plan.publication_state is PublicationState.PUBLISHED
    area = names[ctx.market_dept_for(region)].removesuffix("市场监督管理局") + "辖区"
    for index, item in enumerate(items):
        start = dt.date(plan.year, 3, 1) + dt.timedelta(days=45 * (index % 5) + rnd.randint(0, 20))
        end = min(start + dt.timedelta(days=rnd.randint(50, 90)), dt.date(plan.year, 11, 30))
        completed = end - dt.timedelta(days=rnd.randint(0, 12)) if end < ctx.today and published else None
        progress = (Progress.COMPLETED if completed else
                    Progress.IN_PROGRESS if start <= ctx.today and published else Progress.PLANNED)
        dept_name = names[item.department]
        ratio = Decimal(item.template.percent)
        frame = len(_candidates(ctx, region, item.template))
        out.append((SamplingTask(
            plan_id=plan.id, name=f"{plan.year}年度{dept_name}{item.template.name.removesuffix('抽查')}抽查任务",
            department_id=item.department, scope=f"{item.template.target_type}（{area}）",
            ratio_percent=ratio, target_count=math.ceil(frame * ratio / 100),
            window_start=start, window_end=end, progress=progress, completed_on=completed,
            publication_state=plan.publication_state, published_at=plan.published_at,
        ), item))
    return out


async def build_results(ctx: Ctx, tasks: list[Task]) -> list[InspectionResult]:
    rnd = rng("results")
    yearly: Counter[tuple[int, int]] = Counter()  # random checks per enterprise and year
    rows: list[InspectionResult] = []
    for task in tasks:
        row = task.row
        if row.progress is Progress.PLANNED or row.window_start is None or row.window_end is None:
            continue
        year = row.window_start.year
        frame = [e for e in _candidates(ctx, task.region, task.item.template)
                 if e.established_on < row.window_start and yearly[(e.id, year)] < 2]
        last = row.completed_on or ctx.today
        span = max((row.window_end - row.window_start).days, 1)
        for ent in rnd.sample(frame, min(row.target_count, len(frame))):
            inspected = row.window_start + dt.timedelta(days=rnd.randint(0, span))
            if inspected > last:
                continue  # not visited yet
            yearly[(ent.id, year)] += 1
            code = (ResultCode.CLOSED if ent.status is not EnterpriseStatus.ACTIVE
                    else rnd.choices(CODES, CODE_WEIGHTS)[0])
            # Published after the task completes; results of running tasks are still in review.
            done = row.completed_on or ctx.today + dt.timedelta(days=30)
            rows.append(InspectionResult(
                enterprise_id=ent.id, region_code=ent.region, department_id=task.item.department,
                task_id=row.id,
                item_id=task.item.id, inspected_on=inspected, result_code=code,
                details=rnd.choice(RESULT_DETAILS[code.value]),
                **ctx.publication(rnd, max(done, inspected), lag=(2, 26), unpublished=0.02),
            ))
    _every_code_once(rows)
    await InspectionResult.bulk_create(rows, batch_size=1000)
    ctx.counts["检查结果"] = len(rows)
    return rows


def _every_code_once(rows: list[InspectionResult]) -> None:
    """However the draw went today, each standard result code appears in published results."""
    published = [r for r in rows if r.publication_state is PublicationState.PUBLISHED]
    present = {r.result_code for r in published}
    spare = iter(r for r in published if r.result_code is ResultCode.NO_PROBLEM)
    for code in CODES:
        if code not in present:
            row = next(spare, None)
            if row is not None:
                row.result_code, row.details = code, RESULT_DETAILS[code.value][0]
