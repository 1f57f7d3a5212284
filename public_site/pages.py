"""The shared page pattern: run an operation, turn user errors into a 400, never a 500.

``fetch`` is the one place that catches :class:`OperationError`; ``list_page`` and
``detail_page`` build the two kinds of page on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from public_site import labels
from public_site.filters import Field, bind
from public_site.operations import OperationError, run
from public_site.paging import page_args
from public_site.rendering import render


class BadRequest(HTTPException):
    """Input the API refused, with messages safe to show (rendered by the 400 page)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(400, "；".join(messages))
        self.messages = messages


async def fetch(name: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run a named operation; user-facing errors become :class:`BadRequest`, others propagate."""
    try:
        return await run(name, variables)
    except OperationError as error:
        if not error.user_facing:
            raise
        raise BadRequest(error.messages) from None


async def list_page(
    request: Request, template: str, operation: str, fields: Sequence[Field], *,
    variables: dict[str, Any] | None = None, options: bool = True,
    context: dict[str, Any] | None = None,
) -> Response:
    """A filterable, paginated list. Bad filters re-show the form with messages and a 400."""
    form = bind(request.query_params, fields)
    ctx: dict[str, Any] = {"form": form, "data": None, "messages": form.problems,
                           **(context or {})}
    if options:
        ctx["options"] = await fetch("FilterOptions")
    if form.errors:
        return render(request, template, ctx, 400)
    try:
        ctx["data"] = await fetch(
            operation, {"filter": form.variables, **page_args(request), **(variables or {})}
        )
    except BadRequest as bad:
        ctx["messages"] = [(message, None) for message in bad.messages]
        return render(request, template, ctx, 400)
    return render(request, template, ctx, shareable=True)


# Detail pages whose records can be withdrawn or corrected: field -> notice kind.
NOTICE_KINDS = {"penalty": "penalty", "listEntry": "list_entry", "regulation": "regulation",
                "samplingPlan": "sampling_plan"}


async def detail_page(
    request: Request, template: str, operation: str, variables: dict[str, Any], field: str, *,
    extra: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Response:
    """One record, under its field name in the context; 404 when it is not public."""
    data = await fetch(operation, variables)
    record = data.get(field)
    kind = NOTICE_KINDS.get(field)
    notices: list[dict[str, Any]] = []
    if kind is not None and str(variables.get("id", "")).isdigit():
        notices = (await fetch("RecordNotices", {"kind": kind, "id": variables["id"]}))["recordNotices"]
    if record is None:
        if any(n["action"] == "withdrawn" for n in notices):  # the notice instead of a bare 404
            return render(request, "notices/withdrawn.html", {"notices": notices}, 410)
        raise HTTPException(404, labels.NOT_FOUND[field])
    context = {field: record, "notices": notices, **(extra(record) if extra else {})}
    return render(request, template, context, shareable=True)
