"""OAuth client pages (administrators): list, register, disable/enable, rotate the secret."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backoffice.config import BACKOFFICE
from backoffice.views.common import department_names, department_options, form_of, page, staff_page
from portal.core.errors import InvalidInput
from portal.core.paging import fetch_page
from portal.core.pk import parse_pk
from portal.core.policies import API_SCOPES, Permission, PolicyActor, require_any
from portal.identity import clients, queries


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    try:
        result = await fetch_page(queries.oauth_clients(actor), queries.CLIENT_ORDER, 50,
                                  request.query_params.get("after"))
    except InvalidInput as error:
        return page(request, actor, "errors/error.html", {"status": 400, "message": error.message}, 400)
    names = await department_names({c.department_id for c in result.items})  # type: ignore[attr-defined]
    return page(request, actor, "clients/index.html", {
        "rows": result.items, "names": names, "message": request.query_params.get("done"),
        "next": result.cursors[-1] if result.has_next else None,
    })


@staff_page
async def new(request: Request, actor: PolicyActor) -> Response:
    scope = require_any(actor, Permission.CLIENT_MANAGE)
    context = {"departments": await department_options(scope.everywhere, scope.department_ids),
               "scopes": sorted(API_SCOPES)}
    if request.method == "GET":
        return page(request, actor, "clients/new.html", context)
    form = await form_of(request)
    department = str(form.get("department", "*"))
    try:
        if department != "*" and parse_pk(department) is None:
            raise InvalidInput("部门选择无效。", field="department")
        issued = await clients.create_client(
            actor, name=str(form.get("name", "")),
            department_id=None if department == "*" else parse_pk(department),
            scopes=[str(s) for s in form.getlist("scopes")], reason=str(form.get("reason", "")),
        )
    except InvalidInput as error:
        return page(request, actor, "clients/new.html", {**context, "error": error.message, "form": form},
                    status_code=400)
    return page(request, actor, "clients/secret.html", {"issued": issued})


@staff_page
async def act(request: Request, actor: PolicyActor) -> Response:
    """POST /clients/{id}/{action}: disable, enable or rotate-secret."""
    client_pk, action = int(request.path_params["id"]), request.path_params["action"]
    form = await form_of(request)
    reason = str(form.get("reason", ""))
    try:
        if action in ("disable", "enable"):
            await clients.set_client_active(actor, client_pk, action == "enable", reason=reason)
        elif action == "rotate-secret":
            issued = await clients.rotate_secret(actor, client_pk, reason=reason)
            return page(request, actor, "clients/secret.html", {"issued": issued})
        else:
            return page(request, actor, "errors/error.html", {"status": 404, "message": None}, 404)
    except InvalidInput as error:
        return page(request, actor, "errors/error.html", {"status": 400, "message": error.message,
                                                          "back": f"{BACKOFFICE}/clients"}, 400)
    return RedirectResponse(f"{BACKOFFICE}/clients?done={action}", status_code=303)
