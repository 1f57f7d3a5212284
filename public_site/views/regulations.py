"""规章制度: list with filters, and one document with its full text."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from public_site import labels
from public_site.filters import Field
from public_site.pages import detail_page, list_page

FIELDS = [
    Field("title", "title"),
    Field("region", "region", "region"),
    Field("validity", "validity", "choice", choices=labels.VALIDITY),
    Field("from", "issuedFrom", "date", label="issued_from"),
    Field("to", "issuedTo", "date", label="issued_to"),
]


async def index(request: Request) -> Response:
    return await list_page(request, "regulations/index.html", "RegulationList", FIELDS)


async def detail(request: Request) -> Response:
    return await detail_page(
        request, "regulations/detail.html", "RegulationPage",
        {"id": str(request.path_params["id"])}, "regulation",
    )
