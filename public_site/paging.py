"""Pagination arguments from the URL (?after=…), shared by list pages."""

from __future__ import annotations

from starlette.requests import Request

PAGE_SIZE = 20


def page_args(request: Request, size: int = PAGE_SIZE) -> dict[str, object]:
    after = request.query_params.get("after") or None
    if after is not None and len(after) > 200:
        after = "invalid"
    return {"first": size, "after": after}
