"""信用监管: penalties and the two lists (经营异常名录, 严重违法失信名单), inside their windows."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from public_site import labels
from public_site.filters import Field
from public_site.pages import detail_page, list_page

PENALTY_FIELDS = [
    Field("region", "region", "region"),
    Field("industry", "industry", "industry"),
    Field("department", "departmentId", "department"),
    Field("severity", "severity", "choice", choices=labels.SEVERITY_SHOWN),
    Field("from", "dateFrom", "date", label="decided_from"),
    Field("to", "dateTo", "date", label="decided_to"),
]
LIST_FIELDS = [
    Field("region", "region", "region"),
    Field("department", "departmentId", "department"),
    Field("active", "active", "yesno"),
    Field("from", "dateFrom", "date", label="listed_from"),
    Field("to", "dateTo", "date", label="listed_to"),
]


async def penalties(request: Request) -> Response:
    return await list_page(request, "credit/penalties.html", "PenaltyList", PENALTY_FIELDS)


async def penalty(request: Request) -> Response:
    return await detail_page(
        request, "credit/penalty.html", "PenaltyPage",
        {"id": str(request.path_params["id"])}, "penalty",
    )


async def list_index(request: Request) -> Response:
    slug = request.path_params["kind"]
    kind = labels.LIST_KIND_SLUG.get(slug)
    if kind is None:
        raise HTTPException(404, labels.NOT_FOUND["list"])
    return await list_page(
        request, "credit/list.html", "ListEntryList", LIST_FIELDS,
        variables={"kind": kind}, context={"kind": kind, "slug": slug},
    )


async def list_entry(request: Request) -> Response:
    return await detail_page(
        request, "credit/entry.html", "ListEntryPage",
        {"id": str(request.path_params["id"])}, "listEntry",
    )
