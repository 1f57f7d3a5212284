"""Search projections of inspection items (随机抽查事项) and annual sampling plans.

Pure functions from rows to plain dicts. The indexer reads items through
:func:`portal.sampling.queries.public_items` and plans through
:func:`portal.sampling.queries.public_plans`; a plan's items come from the batch selector
:func:`portal.sampling.queries.public_items_for_plans`, so unpublished items never leak in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from portal.reference.models import Department
from portal.sampling.models import InspectionItem, ItemCategory, Progress, SamplingPlan

ITEM_KIND = "inspection_item"
PLAN_KIND = "sampling_plan"

CATEGORY_LABELS = {ItemCategory.KEY: "重点检查事项", ItemCategory.GENERAL: "一般检查事项"}
PROGRESS_LABELS = {Progress.PLANNED: "未开始", Progress.IN_PROGRESS: "实施中",
                   Progress.COMPLETED: "已完成"}


def _join(parts: Sequence[str], sep: str = "；") -> str:
    return sep.join(p for p in parts if p)


def item_document(row: InspectionItem) -> dict[str, Any]:
    """``row`` comes with ``department`` loaded (select_related)."""
    department = row.department
    body = _join([
        CATEGORY_LABELS.get(row.category, ""),
        f"检查对象：{row.target_type}" if row.target_type else "",
        f"检查方式：{row.method}" if row.method else "",
        f"抽查比例：{row.ratio}" if row.ratio else "",
        f"抽查频次：{row.frequency}" if row.frequency else "",
        f"检查依据：{row.legal_basis}" if row.legal_basis else "",
        department.name,
    ])
    return {
        "kind": ITEM_KIND,
        "id": row.id,
        "title": f"{row.name}（{row.code}）",
        "body": body,
        "codes": [row.code],
        "date": None,
        "year": None,
        "region": department.region_id,  # type: ignore[attr-defined]
        "department": department.id,
        "department_name": department.name,
        "item_name": row.name,
    }


def plan_document(
    row: SamplingPlan, items: Sequence[InspectionItem], participants: Sequence[Department]
) -> dict[str, Any]:
    """``row`` comes with ``lead_department`` loaded; ``items`` are its public items."""
    lead = row.lead_department
    body = _join([
        f"{row.year}年度",
        f"牵头部门：{lead.name}",
        "参与部门：" + "、".join(d.name for d in participants) if participants else "",
        f"抽查范围：{row.scope}" if row.scope else "",
        f"抽查比例：{row.ratio_percent}%" if row.ratio_percent is not None else "",
        PROGRESS_LABELS.get(row.progress, ""),
        "抽查事项：" + "、".join(i.name for i in items) if items else "",
    ])
    return {
        "kind": PLAN_KIND,
        "id": row.id,
        "title": row.name,
        "body": body,
        "codes": [],
        "date": row.window_start,
        "year": row.year,
        "region": lead.region_id,  # type: ignore[attr-defined]
        "department": lead.id,
        "department_name": lead.name,
    }
