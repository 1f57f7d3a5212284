from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from public_site.operations import run
from public_site.rendering import render


async def index(request: Request) -> Response:
    data = await run("HomePage")
    return render(request, "home.html", {"data": data})
