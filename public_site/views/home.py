"""首页: the latest regulations, results and penalties."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from public_site.pages import fetch
from public_site.rendering import render


async def index(request: Request) -> Response:
    return render(request, "home.html", {"data": await fetch("HomePage")}, shareable=True)
