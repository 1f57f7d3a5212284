"""企业查询 and 一企一档: the enterprise list, and one enterprise's published record."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from public_site.filters import Field
from public_site.pages import detail_page, list_page

FIELDS = [
    Field("name", "name"),
    Field("region", "region", "region"),
    Field("industry", "industry", "industry"),
]

# What looks like a credit code (18) or an old registration number (15) opens that record.
CODE = re.compile(r"[0-9A-Z]{18}|[0-9]{15}", re.ASCII)


async def index(request: Request) -> Response:
    typed = request.query_params.get("name", "").strip().replace(" ", "").upper()
    if CODE.fullmatch(typed):
        return RedirectResponse(f"/enterprises/{typed}", status_code=303)
    return await list_page(request, "enterprises/index.html", "EnterpriseList", FIELDS)


async def detail(request: Request) -> Response:
    return await detail_page(
        request, "enterprises/detail.html", "EnterprisePage",
        {"uscc": request.path_params["code"]}, "enterprise",
        extra=lambda e: {"timeline": timeline(e)},
    )


def timeline(e: dict[str, Any]) -> list[dict[str, Any]]:
    """All published records of one enterprise, newest first (一企一档)."""
    items = []
    for r in e["inspectionResults"]:
        items.append({"date": r["inspectedOn"], "kind": "result", "row": r})
    for p in e["penalties"]:
        items.append({"date": p["decidedOn"], "kind": "penalty", "row": p})
    for entry in e["listEntries"]:
        items.append({"date": entry["listedOn"], "kind": "list", "row": entry})
    return sorted(items, key=lambda i: i["date"], reverse=True)
