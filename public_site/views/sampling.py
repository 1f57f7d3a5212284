"""双随机抽查: the inspection item list, annual plans and one plan with its tasks."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from public_site import labels
from public_site.filters import Field
from public_site.pages import detail_page, list_page

ITEM_FIELDS = [
    Field("department", "departmentId", "department"),
    Field("category", "category", "choice", choices=labels.ITEM_CATEGORY),
    Field("name", "name", label="item"),
]
PLAN_FIELDS = [
    Field("year", "year", "year"),
    Field("department", "departmentId", "department"),
]


async def items(request: Request) -> Response:
    return await list_page(request, "sampling/items.html", "InspectionItemList", ITEM_FIELDS)


async def plans(request: Request) -> Response:
    return await list_page(request, "sampling/plans.html", "SamplingPlanList", PLAN_FIELDS)


async def plan(request: Request) -> Response:
    return await detail_page(
        request, "sampling/plan.html", "SamplingPlanPage",
        {"id": str(request.path_params["id"])}, "samplingPlan",
    )


async def draw(request: Request) -> Response:
    """核验抽取: the task's published draw, recomputed from public data by the API."""
    return await detail_page(
        request, "sampling/draw.html", "SamplingDrawPage",
        {"taskId": str(request.path_params["id"])}, "samplingDraw",
    )
