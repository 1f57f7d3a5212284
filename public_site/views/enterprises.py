from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from public_site.operations import OperationError, run
from public_site.paging import page_args
from public_site.rendering import render


async def index(request: Request) -> Response:
    q = request.query_params
    filters = {k: q[k].strip() for k in ("name", "region", "industry") if q.get(k, "").strip()}
    try:
        data = await run("EnterpriseList", {"filter": filters, **page_args(request)})
    except OperationError as error:
        if not error.user_facing:
            raise
        return render(request, "enterprises/index.html",
                      {"data": None, "errors": error.messages, "filters": filters}, 400)
    return render(request, "enterprises/index.html", {"data": data, "filters": filters})


async def detail(request: Request) -> Response:
    code = request.path_params["code"]
    try:
        data = await run("EnterprisePage", {"uscc": code})
    except OperationError as error:
        if not error.user_facing:
            raise
        return render(request, "errors/error.html",
                      {"status": 400, "message": "；".join(error.messages)}, 400)
    if data["enterprise"] is None:
        raise HTTPException(404, "未找到该市场主体。")
    return render(request, "enterprises/detail.html", {"e": data["enterprise"],
                                                       "timeline": timeline(data["enterprise"])})


def timeline(e: dict) -> list[dict]:  # type: ignore[type-arg]
    """All published records of one enterprise, newest first (一企一档)."""
    items = []
    for r in e["inspectionResults"]:
        items.append({"date": r["inspectedOn"], "kind": "result", "row": r})
    for p in e["penalties"]:
        items.append({"date": p["decidedOn"], "kind": "penalty", "row": p})
    for entry in e["listEntries"]:
        items.append({"date": entry["listedOn"], "kind": "list", "row": entry})
    return sorted(items, key=lambda i: i["date"], reverse=True)
