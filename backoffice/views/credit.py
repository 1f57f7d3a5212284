"""信用修复 (credit officers): repair applications, statements, objections, account bindings."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backoffice.config import BACKOFFICE
from backoffice.views.common import department_options, form_of, page, staff_page
from portal.config import get_settings
from portal.core import clock
from portal.core.errors import InvalidInput
from portal.core.paging import Page, fetch_page
from portal.core.policies import Permission, PolicyActor, scope_of
from portal.credit import objections, queues, records, repairs, statements, workflow
from portal.credit.eligibility import STATE_LABELS
from portal.enterprise_accounts import services as accounts

HOME = f"{BACKOFFICE}/credit"


def _refused(request: Request, actor: PolicyActor, error: InvalidInput, back: str) -> Response:
    return page(request, actor, "errors/error.html",
                {"status": 400, "message": error.message, "back": back}, 400)


QUEUES = {"repairs": repairs.queue, "statements": statements.statement_queue,
          "objections": objections.objection_queue}
FILTERS = ("state", "department", "kind", "due")


async def _page_and_total(listing: queues.Listing[Any], after: str | None = None
                          ) -> tuple[Page[Any], int]:
    """One page of a queue and its total: two statements whatever the page size."""
    found = await fetch_page(listing.qs, listing.order, get_settings().page_size_default, after)
    return found, await listing.qs.count()


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    """The first page of each open queue; the queue pages filter and page further."""
    shown = {name: await _page_and_total(make(actor)) for name, make in QUEUES.items()}
    return page(request, actor, "credit/index.html", {
        "queues": shown, "bindings": await accounts.pending_bindings(actor),
        "labels": workflow.ACTION_LABELS, "states": STATE_LABELS, "today": clock.today(),
        "clocked": workflow.CLOCKED_STATES, "done": request.query_params.get("done"),
    })


@staff_page
async def queue(request: Request, actor: PolicyActor) -> Response:
    """GET /credit/queues/{name}: one queue, filtered, a keyset page at a time."""
    name = request.path_params["name"]
    if name not in QUEUES:
        return page(request, actor, "errors/error.html", {"status": 404, "message": None}, 404)
    params = request.query_params
    values = {k: params.get(k, "").strip()[:20] for k in FILTERS}
    scope = scope_of(actor, Permission.CREDIT_HANDLE)
    context: dict[str, Any] = {
        "name": name, "values": values, "states": STATE_LABELS, "today": clock.today(),
        "clocked": workflow.CLOCKED_STATES,
        "departments": [o for o in await department_options(scope.everywhere, scope.department_ids)
                        if o[0] != "*"],
    }
    try:
        listing = QUEUES[name](actor, queues.parse_filter(values))
        found, total = await _page_and_total(listing, params.get("after"))
    except InvalidInput as error:
        return page(request, actor, "credit/queue.html",
                    {**context, "rows": [], "total": 0, "error": error.message}, 400)
    next_url = None
    if found.has_next:
        next_url = "?" + urlencode({**{k: v for k, v in values.items() if v},
                                    "after": found.cursors[-1]})
    return page(request, actor, "credit/queue.html",
                {**context, "rows": found.items, "total": total, "next_url": next_url})


@staff_page
async def repair(request: Request, actor: PolicyActor) -> Response:
    app = await repairs.application_of(actor, int(request.path_params["id"]))
    record = await records.load(app.record_kind, app.record_id)
    return page(request, actor, "credit/repair.html", {
        "app": app, "record": record, "enterprise": await app.enterprise,
        "steps": await app.steps.all(), "files": await app.attachments.all(),
        "actions": [(a, workflow.ACTION_LABELS[a]) for a in workflow.allowed_actions(app.state, "staff")],
        "states": STATE_LABELS,
    })


@staff_page
async def attachment(request: Request, actor: PolicyActor) -> Response:
    """A proof file, as a download with its sniffed type (never rendered inline)."""
    row = await repairs.attachment_of(actor, int(request.path_params["id"]),
                                      int(request.path_params["file"]))
    disposition = f"attachment; filename*=UTF-8''{quote(row.filename)}"
    return Response(bytes(row.data), media_type=row.content_type, headers={
        "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"})


@staff_page
async def repair_action(request: Request, actor: PolicyActor) -> Response:
    app_id, action = int(request.path_params["id"]), request.path_params["action"]
    form = await form_of(request)
    try:
        await repairs.handle(actor, app_id, action, reason=str(form.get("reason", "")))
    except InvalidInput as error:
        return _refused(request, actor, error, f"{HOME}/repairs/{app_id}")
    return RedirectResponse(f"{HOME}/repairs/{app_id}", status_code=303)


@staff_page
async def statement_action(request: Request, actor: PolicyActor) -> Response:
    form = await form_of(request)
    try:
        await statements.moderate_statement(actor, int(request.path_params["id"]),
                                            request.path_params["action"] == "approve",
                                            str(form.get("reason", "")))
    except InvalidInput as error:
        return _refused(request, actor, error, HOME)
    return RedirectResponse(f"{HOME}?done=statement", status_code=303)


@staff_page
async def objection_action(request: Request, actor: PolicyActor) -> Response:
    form = await form_of(request)
    try:
        await objections.decide_objection(actor, int(request.path_params["id"]),
                                          request.path_params["action"] == "uphold",
                                          str(form.get("reason", "")), str(form.get("correction", "")))
    except InvalidInput as error:
        return _refused(request, actor, error, HOME)
    return RedirectResponse(f"{HOME}?done=objection", status_code=303)


@staff_page
async def verify_account(request: Request, actor: PolicyActor) -> Response:
    form = await form_of(request)
    try:
        await accounts.verify_binding(actor, int(request.path_params["id"]),
                                      reason=str(form.get("reason", "")))
    except InvalidInput as error:
        return _refused(request, actor, error, HOME)
    return RedirectResponse(f"{HOME}?done=binding", status_code=303)


@staff_page
async def issue_code(request: Request, actor: PolicyActor) -> Response:
    form = await form_of(request)
    try:
        row, code = await accounts.issue_binding_code(actor, str(form.get("uscc", "")))
    except InvalidInput as error:
        return _refused(request, actor, error, HOME)
    return page(request, actor, "credit/code.html", {"row": row, "code": code})
