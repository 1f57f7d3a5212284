"""Public selectors for inspection items, sampling plans and tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from portal.core.errors import InvalidInput, NotFound
from portal.core.grouping import group_by
from portal.core.publication import public_q
from portal.sampling.models import InspectionItem, ItemCategory, SamplingPlan, SamplingTask
from portal.sampling.records import TaskDraw

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


# --- Draws (issue 8): the public view of a task's draw ---------------------------------------

@dataclass(frozen=True)
class PublicDraw:
    """What the public may see of a draw. Never: the labelled frame (it would reveal risk
    grades), conflict declarations, nor the seed before the draw."""

    task_id: int
    algorithm: str
    seed_commitment: str
    frame_digest: str
    codes_digest: str
    frame_codes: list[str]
    strata: list[dict[str, Any]]
    exclusions: list[dict[str, Any]]
    inspector_frame: list[tuple[str, frozenset[str]]]
    inspector_frame_digest: str
    required_qualifications: frozenset[str]
    inspectors_per_target: int
    per_inspector_limit: int | None
    committed_at: dt.datetime
    seed: str | None = None
    drawn_at: dt.datetime | None = None
    selected: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    cutoffs: dict[str, str | None] = field(default_factory=dict)
    assignments: dict[str, list[str]] = field(default_factory=dict)
    recusal_counts: dict[str, int] = field(default_factory=dict)


def _public_draw(row: TaskDraw) -> PublicDraw:
    drawn = row.drawn_at is not None
    people = []
    for line in row.inspector_frame.splitlines():
        cert, quals = line.split("\t")
        people.append((cert, frozenset(q for q in quals.split(",") if q)))
    return PublicDraw(
        task_id=row.task_id, algorithm=row.algorithm,  # type: ignore[attr-defined]
        seed_commitment=row.seed_commitment, frame_digest=row.frame_digest,
        codes_digest=row.codes_digest, frame_codes=row.frame_codes.splitlines(),
        strata=list(row.strata), exclusions=list(row.exclusions), inspector_frame=people,
        inspector_frame_digest=row.inspector_frame_digest,
        required_qualifications=frozenset(q for q in row.required_qualifications.split(",") if q),
        inspectors_per_target=row.inspectors_per_target,
        per_inspector_limit=row.per_inspector_limit, committed_at=row.committed_at,
        seed=row.seed_hex if drawn else None, drawn_at=row.drawn_at,
        selected={k: [(u, key) for u, key in v] for k, v in (row.selected or {}).items()}
        if drawn else {},
        cutoffs=dict(row.cutoffs or {}) if drawn else {},
        assignments=dict(row.assignments or {}) if drawn else {},
        recusal_counts=dict(row.recusal_counts or {}) if drawn else {},
    )


async def public_draw(task_id: int) -> PublicDraw | None:
    """The draw of a public task (None: no such public task, or nothing committed yet)."""
    row = await TaskDraw.filter(task_id=task_id, task__id__in=Subquery(
        SamplingTask.filter(public_q()).values("id"))).first()
    return None if row is None else _public_draw(row)


async def public_draw_task_ids() -> list[int]:
    """Every public task that has a draw (for `portal draw verify --all`)."""
    ids = await TaskDraw.filter(task__id__in=Subquery(
        SamplingTask.filter(public_q()).values("id"))).order_by("task_id").values_list(
        "task_id", flat=True)
    return [int(str(i)) for i in ids]
