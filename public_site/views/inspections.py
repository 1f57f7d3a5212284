"""抽查检查结果: the published results, filterable."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from public_site import labels
from public_site.filters import Field
from public_site.pages import list_page

FIELDS = [
    Field("region", "region", "region"),
    Field("industry", "industry", "industry"),
    Field("department", "departmentId", "department"),
    Field("result", "resultCode", "choice", choices=labels.RESULT_CODE),
    Field("year", "year", "year"),
    Field("from", "dateFrom", "date", label="inspected_from"),
    Field("to", "dateTo", "date", label="inspected_to"),
]


async def index(request: Request) -> Response:
    return await list_page(request, "inspections/index.html", "InspectionResultList", FIELDS)
