"""信用修复: how repair works, and applications and outcomes per department."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from public_site.pages import BadRequest, fetch
from public_site.rendering import render


async def index(request: Request) -> Response:
    raw = request.query_params.get("year", "").strip()
    if raw and not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
        raise BadRequest(["年份应为2000至2100之间的四位数字。"])
    year = int(raw) if raw else None
    data = await fetch("CreditRepairStatistics", {"year": year})
    return render(request, "credit/repair.html", {"data": data, "year": year})
