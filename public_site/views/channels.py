"""投诉举报渠道: hotlines, web, mail and in-person channels, grouped by kind."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from public_site.filters import Field
from public_site.pages import list_page

FIELDS = [Field("region", "region", "region")]
PAGE_SIZE = 100  # few channels per region: one page, grouped by kind in the template


async def index(request: Request) -> Response:
    return await list_page(
        request, "channels/index.html", "ChannelList", FIELDS, variables={"first": PAGE_SIZE}
    )
