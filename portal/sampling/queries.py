"""Public selectors for inspection items, sampling plans and tasks."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from portal.core.errors import InvalidInput, NotFound
from portal.core.grouping import group_by
from portal.core.publication import public_q
from portal.sampling.models import InspectionItem, ItemCategory, SamplingPlan, SamplingTask

ITEM_ORDER = ["code", "id"]
PLAN_ORDER = ["-year", "id"]


def public_items(
    *, department_id: int | None = None, category: ItemCategory | None = None,
    name: str | None = None,
) -> QuerySet[InspectionItem]:
    q = public_q()
    if department_id is not None:
        q &= Q(department_id=department_id)
    if category is not None:
        q &= Q(category=category)
    if name:
        if len(name) > 100:
            raise InvalidInput("事项名称关键词过长（最多100字）。", field="name")
        q &= Q(name__contains=name.strip())
    return InspectionItem.filter(q)


def public_plans(
    *, year: int | None = None, department_id: int | None = None
) -> QuerySet[SamplingPlan]:
    q = public_q()
    if year is not None:
        if not 1990 <= year <= 2100:
            raise InvalidInput("年度应为四位年份。", field="year")
        q &= Q(year=year)
    if department_id is not None:
        q &= Q(lead_department_id=department_id) | Q(participants__id=department_id)
    return SamplingPlan.filter(q).distinct()


async def public_plan(plan_id: int) -> SamplingPlan:
    found = await SamplingPlan.filter(public_q(), id=plan_id).first()
    if found is None:
        raise NotFound("未找到该抽查计划，或尚未公开。")
    return found


async def public_items_by_ids(ids: Sequence[int]) -> list[InspectionItem | None]:
    rows = {i.id: i for i in await InspectionItem.filter(public_q(), id__in=list(set(ids)))}
    return [rows.get(i) for i in ids]


async def public_tasks_by_ids(ids: Sequence[int]) -> list[SamplingTask | None]:
    rows = {t.id: t for t in await SamplingTask.filter(public_q(), id__in=list(set(ids)))}
    return [rows.get(i) for i in ids]


async def public_tasks_for_plans(plan_ids: Sequence[int]) -> list[list[SamplingTask]]:
    rows = await SamplingTask.filter(public_q(), plan_id__in=list(set(plan_ids))).order_by("id")
    return group_by(rows, lambda t: t.plan_id, plan_ids)


async def public_items_for_plans(plan_ids: Sequence[int]) -> list[list[InspectionItem]]:
    rows = await InspectionItem.filter(public_q(), plans__id__in=list(set(plan_ids))).values(
        "id", "plans__id"
    )
    item_ids = sorted({r["id"] for r in rows})
    items = {i.id: i for i in await InspectionItem.filter(id__in=item_ids)}
    pairs = [(r["plans__id"], items[r["id"]]) for r in rows if r["id"] in items]
    pairs.sort(key=lambda p: p[1].code)
    return [[item for pid, item in pairs if pid == plan_id] for plan_id in plan_ids]


async def participants_for_plans(plan_ids: Sequence[int]) -> list[list[int]]:
    rows = await SamplingPlan.filter(id__in=list(set(plan_ids))).values("id", "participants__id")
    return [
        sorted(r["participants__id"] for r in rows if r["id"] == pid and r["participants__id"])
        for pid in plan_ids
    ]
